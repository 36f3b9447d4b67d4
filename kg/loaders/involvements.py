"""Involvements: who takes part in a cooperation, in which role, on what evidence."""

from __future__ import annotations

from rdflib import RDF, SKOS

from kg.errors import DataError
from kg.loaders.yamlfile import LDict, check_stray_text
from kg.ontology import FOAF, ORG, YRD

FIELDS = {"agent", "role", "quote", "note"}


def emit(rec, items, ctx) -> None:
    """Write one relationship node per involvement of the cooperation ``rec``."""
    onto, g = ctx.onto, ctx.graph
    line = rec.line("involvements")
    if not onto.is_a(rec.types, YRD.Cooperation):
        raise DataError(f"'{rec.id}' is not a Cooperation, so nothing can take part in it",
                        rec.file, line, "involvements")
    if not isinstance(items, list) or not items:
        raise DataError("expected a list of {agent, role, quote}", rec.file, line, "involvements")
    roles = onto.individuals(YRD.Role)
    collaboration = onto.is_a(rec.types, YRD.Collaboration)
    for i, item in enumerate(items):
        iline = items.line_of(i)
        if not isinstance(item, LDict):
            raise DataError("expected a mapping {agent, role, quote}", rec.file, iline, "involvements")
        check_stray_text(item, FIELDS, rec.file, "involvements")
        for key in item:
            if key not in FIELDS:
                raise DataError(f"unknown field; an involvement has {', '.join(sorted(FIELDS))}",
                                rec.file, item.line_of(key), f"involvements.{key}")
        for key in ("agent", "role", "quote"):
            if key not in item:
                raise DataError("missing required field", rec.file, iline, f"involvements.{key}")
        agent = ctx.resolve(item["agent"], rec.file, item.line_of("agent"), "involvements.agent",
                            expect=FOAF.Agent)
        role = roles.get(item["role"]) if isinstance(item["role"], str) else None
        if role is None:
            raise DataError(f"unknown role {item['role']!r}; roles are {', '.join(sorted(roles))}",
                            rec.file, item.line_of("role"), "involvements.role")
        evidence = ctx.quotes(item["quote"], rec.source, rec.file, item.line_of("quote"),
                              "involvements.quote")
        node = ctx.mint("involvement", rec.file, iline, rec.id, item["role"], item["agent"],
                        field="involvements")
        membership = collaboration and role in (YRD.LeadRole, YRD.MemberRole)
        g.add((node, RDF.type, YRD.Membership if membership else YRD.Involvement))
        g.add((node, YRD.agent, agent))
        g.add((node, YRD.cooperation, rec.iri))
        g.add((node, YRD.role, role))
        for q in evidence:
            g.add((node, YRD.evidence, q))
        if "note" in item:
            for lit in ctx.lang_map(item["note"], rec.file, item.line_of("note"), "involvements.note"):
                g.add((node, SKOS.editorialNote, lit))
        if membership:
            g.add((rec.iri, ORG.hasMember, agent))
            if role == YRD.LeadRole:
                g.add((rec.iri, YRD.ledBy, agent))
