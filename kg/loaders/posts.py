"""Posts: which person holds which position at which organisation."""

from __future__ import annotations

from rdflib import RDF

from kg.errors import DataError
from kg.loaders import values
from kg.loaders.yamlfile import LDict, check_stray_text
from kg.ontology import ORG, YRD

FIELDS = {"in", "title", "year", "quote"}


def emit(rec, items, ctx) -> None:
    """Write one yrd:Post node per post of the person ``rec``."""
    g = ctx.graph
    if not ctx.onto.is_a(rec.types, YRD.Person):
        raise DataError(f"'{rec.id}' is not a Person, so it holds no posts", rec.file,
                        rec.line("posts"), "posts")
    if not isinstance(items, list) or not items:
        raise DataError("expected a list of {in, title, quote}", rec.file, rec.line("posts"), "posts")
    for i, item in enumerate(items):
        iline = items.line_of(i)
        if not isinstance(item, LDict):
            raise DataError("expected a mapping {in, title, quote}", rec.file, iline, "posts")
        check_stray_text(item, FIELDS, rec.file, "posts")
        for key in item:
            if key not in FIELDS:
                raise DataError(f"unknown field; a post has {', '.join(sorted(FIELDS))}",
                                rec.file, item.line_of(key), f"posts.{key}")
        for key in ("in", "title", "quote"):
            if key not in item:
                raise DataError("missing required field", rec.file, iline, f"posts.{key}")
        org = ctx.resolve(item["in"], rec.file, item.line_of("in"), "posts.in", expect=ORG.Organization)
        evidence = ctx.quotes(item["quote"], rec.source, rec.file, item.line_of("quote"), "posts.quote")
        title = item["title"]
        node = ctx.mint("post", rec.file, iline, rec.id, item["in"],
                        title.get("zh") if isinstance(title, dict) else title, field="posts")
        g.add((node, RDF.type, YRD.Post))
        ctx.add_labels(node, item, "title", rec.file)
        g.add((node, YRD.postHolder, rec.iri))
        g.add((node, YRD.postIn, org))
        if "year" in item:
            g.add((node, YRD.year, values.read(values.year, item, "year", rec, "posts")))
        for q in evidence:
            g.add((node, YRD.evidence, q))
