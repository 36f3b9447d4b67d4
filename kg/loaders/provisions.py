"""Provisions: what an agreement, plan, document, project or platform commits to or is assigned."""

from __future__ import annotations

from rdflib import RDF, SKOS

from kg.loaders.yamlfile import nested_items
from kg.ontology import YRD

FIELDS = {"label", "quote", "note", "inferred"}


def emit(rec, items, ctx) -> None:
    """Write one yrd:Provision node per item, linked from ``rec`` by yrd:hasProvision.

    ``provisions: [{label: {zh: ..., en: ...}, quote: ..., note: ..., inferred: ...}]``; the
    labels sum the provision up, the quote (or list of quotes) shows it.
    """
    g = ctx.graph
    for iline, item in nested_items(rec, items, "provisions", FIELDS, ("label", "quote"), "provisions"):
        label = item["label"]
        evidence = ctx.quotes(item["quote"], rec.source, rec.file, item.line_of("quote"),
                              "provisions.quote")
        node = ctx.mint("provision", rec.file, iline, rec.id,
                        label.get("zh") if isinstance(label, dict) else label, field="provisions")
        g.add((node, RDF.type, YRD.Provision))
        ctx.add_labels(node, item, "label", rec.file, field="provisions.label")
        g.add((rec.iri, YRD.hasProvision, node))
        for q in evidence:
            g.add((node, YRD.evidence, q))
        if "note" in item:
            for lit in ctx.lang_map(item["note"], rec.file, item.line_of("note"), "provisions.note"):
                g.add((node, SKOS.editorialNote, lit))
        inferred = ctx.mark_inferred(node, item, rec.file, "provisions.inferred")
        ctx.fact(node, rec.iri, None, evidence, inferred, rec.file, item.line_of("quote"),
                 "provisions.quote")
