"""SHACL fixtures: valid/ conforms, each invalid/ file fails on the shape its name gives.

Invalid fixtures are named ``<ShapeLocalName>--<case>.ttl``; warning fixtures the
same, for the advisory shapes, and must still conform.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SH, Graph, URIRef

from kg.validate import format_text, shapes_graph, validate

FIXTURES = Path(__file__).parent / "fixtures"
SHAPES_NS = "https://w3id.org/yrd-kg/shapes#"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
WARNING = sorted((FIXTURES / "warning").glob("*.ttl"))


def _check(path: Path):
    return validate(Graph().parse(path, format="turtle"))


def _shape(path: Path) -> str:
    return SHAPES_NS + path.stem.split("--")[0]


def test_fixture_lists_are_not_empty():
    assert len(VALID) >= 5
    assert len(INVALID) >= 15
    assert len(WARNING) >= 5


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path):
    report = _check(path)
    assert report.conforms, format_text(report)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_on_its_shape(path):
    report = _check(path)
    assert not report.conforms
    # sh:sourceShape, with blank property shapes named by their node shape: of the SHACL shapes, only
    # the targeted one fails (the check queries of queries/*-violation.rq may report the same fault)
    shacl = {s for s in report.shapes() if s.startswith(SHAPES_NS)}
    assert shacl == {_shape(path)}, format_text(report)


@pytest.mark.parametrize("path", WARNING, ids=lambda p: p.stem)
def test_warning_fixture_warns_on_its_shape_and_conforms(path):
    report = _check(path)
    assert report.conforms, format_text(report)
    assert _shape(path) in report.shapes("Warning") | report.shapes("Info"), format_text(report)


def _node_shapes(*files: str) -> set[str]:
    g = Graph()
    for f in files:
        g.parse(Path(__file__).parents[1] / "ontology" / "shapes" / f)
    return {str(s) for s in set(g.subjects(SH.targetClass, None)) | set(g.subjects(SH.targetSubjectsOf, None))
            if isinstance(s, URIRef)}


def test_every_shape_has_an_invalid_fixture():
    covered = {_shape(p) for p in INVALID}
    # LabelsShape reports through its three named property shapes
    label_shapes = {SHAPES_NS + n for n in ("PrefLabelZhShape", "PrefLabelEnShape", "PrefLabelLanguageShape")}
    expected = (_node_shapes("core.ttl", "provenance.ttl") | label_shapes)
    assert expected, "no shapes found"
    assert expected <= covered, sorted(expected - covered)


def test_every_advisory_shape_has_a_warning_fixture():
    expected = _node_shapes("advisory.ttl")
    assert len(expected) >= 5
    assert expected <= {_shape(p) for p in WARNING}, sorted(expected - {_shape(p) for p in WARNING})


def test_every_shape_speaks():
    """Each node shape has a sh:name and each constraint a sh:message (STYLE: shapes that speak)."""
    g = shapes_graph()
    nodes = {s for s in g.subjects(SH.targetClass, None)} | set(g.subjects(SH.targetSubjectsOf, None))
    assert len(nodes) >= 20
    for s in nodes:
        assert g.value(s, SH.name), s
        for c in list(g.objects(s, SH.property)) + list(g.objects(s, SH.sparql)):
            assert g.value(c, SH.message), (s, c)


def test_text_report_names_shape_and_label():
    report = _check(FIXTURES / "invalid" / "InnovationConsortiumShape--two-leads.ttl")
    text = format_text(report)
    assert "Innovation consortium (yrds:InnovationConsortiumShape)" in text
    assert "联合体 / Consortium [id:consortium/c]" in text
    assert "exactly one lead organisation" in text
