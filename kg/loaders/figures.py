"""Quantitative figures: a project's targets and the counts a source reports."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, SKOS

from kg.errors import DataError
from kg.loaders import values
from kg.loaders.yamlfile import nested_items
from kg.ontology import YRD

FIELDS = {"value", "unit", "comparator", "measures", "year", "quote", "note", "inferred"}
# A target may also name the area it is set for (a place id).
TARGET_FIELDS = FIELDS | {"appliesTo"}
REQUIRED = ("value", "unit", "comparator", "measures", "quote")


def emit_targets(rec, items, ctx) -> None:
    """Write the targets a programme (a cooperation project or a plan) sets."""
    setter = ctx.onto.domain(YRD.hasTarget)
    if not ctx.onto.is_a(rec.types, setter):
        raise DataError(f"'{rec.id}' is not a {ctx.onto.local(setter)} (a project or a plan), so it "
                        "cannot set targets", rec.file, rec.line("targets"), "targets")
    for node, _ in _figures(rec, items, ctx, "targets", YRD.Target, TARGET_FIELDS):
        ctx.graph.add((node, YRD.targetOf, rec.iri))
        ctx.graph.add((rec.iri, YRD.hasTarget, node))


def emit_statistics(rec, items, ctx) -> None:
    """Write the figures a source reports about the record's entity."""
    for node, _ in _figures(rec, items, ctx, "statistics", YRD.Statistic):
        ctx.graph.add((node, YRD.about, rec.iri))


def _figures(rec, items, ctx, field, cls, fields=FIELDS):
    g, onto = ctx.graph, ctx.onto
    units, comparators = onto.individuals(YRD.Unit), onto.individuals(YRD.Comparator)
    for iline, item in nested_items(rec, items, field, fields, REQUIRED, "figures"):
        value = values.read(values.decimal, item, "value", rec, field)
        unit = units.get(item["unit"]) if isinstance(item["unit"], str) else None
        if unit is None:
            raise DataError(f"unknown unit {item['unit']!r}; units are {', '.join(sorted(units))}",
                            rec.file, item.line_of("unit"), f"{field}.unit")
        comp = comparators.get(item["comparator"]) if isinstance(item["comparator"], str) else None
        if comp is None:
            raise DataError(f"unknown comparator {item['comparator']!r}; comparators are "
                            f"{', '.join(sorted(comparators))}", rec.file, item.line_of("comparator"),
                            f"{field}.comparator")
        measures = item["measures"]
        if not isinstance(measures, dict) or set(measures) != {"zh", "en"}:
            raise DataError("expected what is counted in Chinese and English: {zh: ..., en: ...}",
                            rec.file, item.line_of("measures"), f"{field}.measures")
        lits = ctx.lang_map(measures, rec.file, item.line_of("measures"), f"{field}.measures")
        evidence = ctx.quotes(item["quote"], rec.source, rec.file, item.line_of("quote"), f"{field}.quote")
        # the node's name hashes the value as first written ("70000", not "70000.0"): keep ids stable
        node = ctx.mint(field[:-1], rec.file, iline, rec.id, measures["zh"], Decimal(str(item["value"])),
                        field=field)
        g.add((node, RDF.type, cls))
        g.add((node, YRD.value, value))
        g.add((node, YRD.unit, unit))
        g.add((node, YRD.comparator, comp))
        for lit in lits:
            g.add((node, YRD.measures, lit))
        if "year" in item:
            g.add((node, YRD.year, values.read(values.year, item, "year", rec, field)))
        if "note" in item:
            for lit in ctx.lang_map(item["note"], rec.file, item.line_of("note"), f"{field}.note"):
                g.add((node, SKOS.editorialNote, lit))
        for q in evidence:
            g.add((node, YRD.evidence, q))
        area = None
        if "appliesTo" in item:  # a target's area: the fact's object for the grounding check
            area = ctx.resolve(item["appliesTo"], rec.file, item.line_of("appliesTo"), f"{field}.appliesTo",
                               expect=onto.range(YRD.appliesTo))
            g.add((node, YRD.appliesTo, area))
        inferred = ctx.mark_inferred(node, item, rec.file, f"{field}.inferred")
        ctx.fact(node, rec.iri, area, evidence, inferred, rec.file, item.line_of("quote"), f"{field}.quote")
        yield node, item

