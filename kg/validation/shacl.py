"""Validate an rdflib graph with pyshacl against ontology/shapes, plus the check queries."""

from __future__ import annotations

from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, Graph

from kg.errors import DataError
from kg.ontology import ontology_graph
from kg.paths import shapes_dir
from kg.validation.checks import check_queries
from kg.validation.report import Report, shape_finding
from kg.validation.shapes import require_data, shapes_graph


def validate(data: Graph, with_ontology: bool = True, checks: bool = True, source=None,
             shapes: Graph | None = None) -> Report:
    """Validate ``data`` (plus the ontology, which the shapes need for class hierarchy).

    With ``checks``, the catalogue's ``queries/*-violation.rq`` run too; each row
    they return is a Violation named after the query (see :mod:`kg.validation.checks`).
    A graph with nothing beside the ontology is an InputError naming ``source``.
    ``shapes`` defaults to ontology/shapes.
    """
    require_data(data, source)
    g = Graph()
    for t in data:
        g.add(t)
    if with_ontology:
        for t in ontology_graph():
            g.add(t)
    shapes = shapes if shapes is not None else shapes_graph()
    _, results, text = shacl_validate(g, shacl_graph=shapes, inference="none", advanced=True,
                                      allow_warnings=True, allow_infos=True)
    if not isinstance(results, Graph):
        raise DataError(f"the SHACL shapes could not be applied: {text or results}", shapes_dir())
    findings = [shape_finding(shapes, g, *(results.value(r, p) for p in (
        SH.sourceShape, SH.resultSeverity, SH.focusNode, SH.resultPath, SH.value, SH.resultMessage,
        SH.sourceConstraintComponent))) for r in results.subjects(RDF.type, SH.ValidationResult)]
    if checks:
        findings += check_queries(g)
    return Report.of(findings)
