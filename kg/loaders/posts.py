"""Posts: which person holds which position at which organisation."""

from __future__ import annotations

from rdflib import RDF

from kg.errors import DataError
from kg.loaders import values
from kg.loaders.yamlfile import nested_items
from kg.ontology import ORG, YRD

FIELDS = {"in", "title", "year", "quote", "inferred"}


def emit(rec, items, ctx) -> None:
    """Write one yrd:Post node per post of the person ``rec``."""
    g = ctx.graph
    if not ctx.onto.is_a(rec.types, YRD.Person):
        raise DataError(f"'{rec.id}' is not a Person, so it holds no posts", rec.file,
                        rec.line("posts"), "posts")
    for iline, item in nested_items(rec, items, "posts", FIELDS, ("in", "title", "quote"), "posts"):
        org = ctx.resolve(item["in"], rec.file, item.line_of("in"), "posts.in", expect=ORG.Organization)
        evidence = ctx.quotes(item["quote"], rec.source, rec.file, item.line_of("quote"), "posts.quote")
        title = item["title"]
        node = ctx.mint("post", rec.file, iline, rec.id, item["in"],
                        title.get("zh") if isinstance(title, dict) else title, field="posts")
        g.add((node, RDF.type, YRD.Post))
        ctx.add_labels(node, item, "title", rec.file, field="posts.title")
        g.add((node, YRD.postHolder, rec.iri))
        g.add((node, YRD.postIn, org))
        if "year" in item:
            g.add((node, YRD.year, values.read(values.year, item, "year", rec, "posts")))
        for q in evidence:
            g.add((node, YRD.evidence, q))
        inferred = ctx.mark_inferred(node, item, rec.file, "posts.inferred")
        ctx.fact(node, rec.iri, org, evidence, inferred, rec.file, item.line_of("quote"), "posts.quote")
