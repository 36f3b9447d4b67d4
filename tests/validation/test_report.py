"""kg.validation.report: one list of findings, in reading order, behind every report format."""

from __future__ import annotations

import json

from rdflib import RDF, SH, SKOS, BNode, Graph, Literal

from kg.catalogue import find
from kg.ontology import ID, QUERIES, SHAPES, YRD
from kg.validation.report import (
    FORMATS,
    Report,
    check_finding,
    format_json,
    format_text,
    results_graph,
    shape_finding,
)


def _shapes() -> tuple[Graph, BNode]:
    shapes = Graph()
    prop = BNode()
    shapes.add((SHAPES.OrgShape, RDF.type, SH.NodeShape))
    shapes.add((SHAPES.OrgShape, SH.name, Literal("Organisation")))
    shapes.add((SHAPES.OrgShape, SH.property, prop))
    return shapes, prop


def _findings() -> list:
    shapes, prop = _shapes()
    data = Graph()
    org = ID["org/a"]
    data.add((org, SKOS.prefLabel, Literal("甲", lang="zh")))
    warn = shape_finding(shapes, data, prop, SH.Warning, org, YRD.basedIn, None, "where is it?",
                         SH.MinCountConstraintComponent)
    viol = shape_finding(shapes, data, prop, SH.Violation, org, YRD.code, Literal("x"), None,
                         SH.PatternConstraintComponent)
    check = check_finding(data, find("lead-without-lead-role-violation"), org, None, None)
    return [warn, viol, check]


def test_a_blank_property_shape_is_named_by_its_node_shape():
    warn, viol, _ = _findings()
    assert (warn.shape, warn.shape_name, warn.path) == (str(SHAPES.OrgShape), "Organisation", "yrd:basedIn")
    assert warn.focus == "id:org/a" and warn.focus_label == "甲 / (no English label) [id:org/a]"
    assert viol.message == "(no message)" and viol.value == "x"


def test_a_check_row_is_a_violation_named_after_its_query():
    check = _findings()[2]
    q = find("lead-without-lead-role-violation")
    assert (check.severity, check.shape, check.shape_name) == ("Violation", str(QUERIES[q.name]), q.title_en)
    assert check.message == q.question and check.component == SH.SPARQLConstraintComponent


def test_findings_are_in_reading_order_and_decide_conformance():
    report = Report.of(_findings())
    assert [f.severity for f in report.findings] == ["Violation", "Violation", "Warning"]
    assert not report.conforms and report.count("Violation") == 2
    assert report.summary() == "The graph does NOT conform: 2 violations, 1 warning, 0 infos."
    assert Report.of([f for f in _findings() if f.severity == "Warning"]).conforms


def test_every_format_says_the_same_of_the_same_findings():
    report = Report.of(_findings())
    assert set(FORMATS) == {"text", "json", "turtle"}
    body = json.loads(format_json(report))
    assert body["conforms"] is False and len(body["results"]) == 3
    text = format_text(report)
    assert text.startswith(report.summary()) and "(queries/lead-without-lead-role-violation)" in text
    g = results_graph(report)
    top = next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(top, SH.conforms).toPython() is False
    assert len(list(g.objects(top, SH.result))) == 3
    assert {str(s) for s in g.objects(None, SH.sourceShape)} == {f["shape"] for f in body["results"]}
