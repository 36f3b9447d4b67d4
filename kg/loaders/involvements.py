"""Involvements: who takes part in a cooperation, in which role, on what evidence."""

from __future__ import annotations

from rdflib import RDF, SKOS

from kg.errors import DataError
from kg.loaders.yamlfile import nested_items
from kg.ontology import FOAF, ORG, YRD

FIELDS = {"agent", "role", "quote", "note", "inferred"}


def emit(rec, items, ctx) -> None:
    """Write one relationship node per involvement of the cooperation ``rec``."""
    onto, g = ctx.onto, ctx.graph
    line = rec.line("involvements")
    if not onto.is_a(rec.types, YRD.Cooperation):
        raise DataError(f"'{rec.id}' is not a Cooperation, so nothing can take part in it",
                        rec.file, line, "involvements")
    roles = onto.individuals(YRD.Role)
    collaboration = onto.is_a(rec.types, YRD.Collaboration)
    for iline, item in nested_items(rec, items, "involvements", FIELDS, ("agent", "role", "quote"),
                                    "involvements"):
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
        inferred = ctx.mark_inferred(node, item, rec.file, "involvements.inferred")
        ctx.fact(node, agent, rec.iri, evidence, inferred, rec.file, item.line_of("quote"),
                 "involvements.quote")
        if membership:
            g.add((rec.iri, ORG.hasMember, agent))
            if role == YRD.LeadRole:
                g.add((rec.iri, YRD.ledBy, agent))
