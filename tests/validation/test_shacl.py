"""SHACL fixtures: valid/ conforms, each invalid/ file fails on the shape its name gives.

Invalid fixtures are named ``<ShapeLocalName>--<case>.ttl``; warning fixtures the
same, for the advisory shapes, and must still conform.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SH, Graph, URIRef

from kg.validation.report import format_text
from kg.validation.shacl import validate
from kg.validation.shapes import shapes_graph

FIXTURES = Path(__file__).parents[1] / "fixtures"
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
        g.parse(Path(__file__).parents[2] / "ontology" / "shapes" / f)
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


# -- any input, either engine: datasets, empty inputs, one report in every format ------------
ENGINES = ("pyshacl", "oxigraph")


@pytest.fixture(scope="module")
def small(synth_path) -> Graph:
    """A graph like the curated one in a third of its triples (kg.synth): pyshacl takes a fraction
    of the time, and what these tests compare (inputs, engines, formats) does not need more."""
    return Graph().parse(synth_path, format="nt")


def _broken(graph) -> Graph:
    """``graph`` with a second lead for its first consortium: two violations of the consortium shape."""
    from rdflib import RDF

    from kg.ontology import ORG, YRD

    g = Graph()
    for t in graph:
        g.add(t)
    c = sorted(g.subjects(RDF.type, YRD.InnovationConsortium))[0]
    other = next(o for o in sorted(set(g.subjects(YRD.basedIn, None))) if o != g.value(c, YRD.ledBy))
    g.add((c, YRD.ledBy, other))
    g.add((c, ORG.hasMember, other))
    return g


def _with_undeclared_term(graph) -> Graph:
    """``graph`` with a fact in a misspelt term of our namespace: the undeclared-term check finds it."""
    from kg.ontology import YRD

    g = Graph()
    for t in graph:
        g.add(t)
    s, o = sorted(graph.subjects(YRD.basedIn, None))[:2]
    g.add((s, URIRef(str(YRD.ledBy).replace("ledBy", "ledby")), o))
    return g


@pytest.fixture(scope="module")
def broken_files(small, tmp_path_factory) -> Path:
    """The broken graph as N-Triples, and as datasets that spread it over named graphs."""
    from kg.export import by_source, serialize

    folder = tmp_path_factory.mktemp("broken")
    g = _broken(small)
    for fmt, suffix in (("nt", ".nt"), ("nq", ".nq"), ("trig", ".trig")):
        (folder / f"graph{suffix}").write_bytes(serialize(g, fmt))
    (folder / "graph.jsonld").write_text(by_source(g).serialize(format="json-ld"), encoding="utf-8")
    return folder


def _json_report(capsys, *argv) -> tuple[int, dict]:
    import json

    from kg.cli import main

    code = main(["validate", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def expected_reports(broken_files) -> dict:
    """What each engine reports on the N-Triples file: the reference for the datasets."""
    from kg.cli import main

    out = {}
    for engine in ENGINES:
        import contextlib
        import io
        import json

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(["validate", "--engine", engine, "--format", "json",
                         str(broken_files / "graph.nt")]) == 1
        out[engine] = json.loads(buf.getvalue())
    return out


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("suffix", [".nq", ".trig", ".jsonld"])
def test_a_dataset_is_validated_as_the_union_of_its_graphs(broken_files, expected_reports, capsys,
                                                           engine, suffix):
    """An .nq export once loaded 0 triples into the default graph and 'conformed'."""
    from rdflib import Dataset

    path = broken_files / f"graph{suffix}"
    ds = Dataset()
    ds.parse(path, format={"nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[suffix[1:]])
    assert len(list(ds.graphs())) > 3  # the file really holds named graphs
    code, report = _json_report(capsys, "--engine", engine, str(path))
    expected = expected_reports[engine]
    assert code == 1 and report["counts"]["violation"] == 2
    assert report == expected


@pytest.fixture(scope="module")
def empty_files(tmp_path_factory) -> dict[str, Path]:
    from kg.export import serialize
    from kg.ontology import ontology_graph

    folder = tmp_path_factory.mktemp("empty")
    files = {"zero-bytes": folder / "empty.ttl", "only-ontology": folder / "ontology.ttl",
             "only-ontology-as-dataset": folder / "ontology.nq"}
    files["zero-bytes"].write_bytes(b"")
    files["only-ontology"].write_bytes(serialize(ontology_graph(), "turtle"))
    files["only-ontology-as-dataset"].write_bytes(serialize(ontology_graph(), "nq"))
    return files


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", ["zero-bytes", "only-ontology", "only-ontology-as-dataset"])
def test_a_file_with_no_data_is_reported_not_conforming(empty_files, capsys, engine, case):
    from kg.cli import main

    path = empty_files[case]
    assert main(["validate", "--engine", engine, str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"error: {path}: nothing to validate: no triples beside the ontology's own")
    assert "Traceback" not in err


def test_the_library_refuses_to_validate_nothing():
    from kg.errors import InputError
    from kg.ontology import ontology_graph
    from kg.store import load_store
    from kg.validation.oxigraph import validate_store

    with pytest.raises(InputError, match="nothing to validate"):
        validate(Graph())
    with pytest.raises(InputError, match="nothing to validate"):
        validate(ontology_graph(), with_ontology=False)
    with pytest.raises(InputError, match="nothing to validate"):
        validate_store(load_store([]))


def _turtle_results(ttl: str) -> tuple[bool, list]:
    from collections import Counter

    from rdflib import RDF

    g = Graph().parse(data=ttl, format="turtle")
    (top,) = g.subjects(RDF.type, SH.ValidationReport)
    results = Counter((str(g.value(r, SH.resultSeverity)), str(g.value(r, SH.sourceShape)),
                       str(g.value(r, SH.focusNode)), str(g.value(r, SH.resultMessage)))
                      for r in g.objects(top, SH.result))
    return g.value(top, SH.conforms).toPython(), results


@pytest.mark.parametrize("engine", ENGINES)
def test_the_turtle_report_says_what_the_text_and_json_say(small, tmp_path, capsys, engine):
    """A check-query violation once gave `sh:conforms true` in Turtle, 'does NOT conform' in text."""
    from kg.cli import main
    from kg.export import serialize
    from kg.ontology import QUERIES

    g = _with_undeclared_term(_broken(small))
    path = tmp_path / "broken.nt"
    path.write_bytes(serialize(g, "nt"))
    code, report = _json_report(capsys, "--engine", engine, str(path))
    assert code == 1 and report["conforms"] is False
    assert main(["validate", "--engine", engine, "--format", "turtle", str(path)]) == 1
    conforms, results = _turtle_results(capsys.readouterr().out)
    assert conforms is False
    assert sum(results.values()) == len(report["results"])
    assert {shape for _, shape, _, _ in results} == {r["shape"] for r in report["results"]}
    assert str(QUERIES["undeclared-term-violation"]) in {shape for _, shape, _, _ in results}
    assert {(sev.rsplit("#", 1)[1], msg) for sev, _, _, msg in results} == \
        {(r["severity"], r["message"]) for r in report["results"]}


def test_both_engines_write_the_same_turtle_report(small, tmp_path, capsys):
    from kg.cli import main
    from kg.export import serialize

    path = tmp_path / "broken.nt"
    path.write_bytes(serialize(_broken(small), "nt"))
    reports = []
    for engine in ENGINES:
        assert main(["validate", "--engine", engine, "--format", "turtle", str(path)]) == 1
        reports.append(_turtle_results(capsys.readouterr().out))
    assert reports[0] == reports[1] and reports[0][0] is False


@pytest.mark.parametrize("engine", ENGINES)
def test_checks_false_runs_no_check_query(small, engine):
    """store.validate_store(checks=False) once ran the check queries all the same."""
    from kg.ontology import QUERIES
    from kg.store import from_graph
    from kg.validation.oxigraph import validate_store

    g = _with_undeclared_term(small)
    run = (lambda checks: validate(g, with_ontology=False, checks=checks)) if engine == "pyshacl" else \
        (lambda checks: validate_store(from_graph(g), checks=checks))
    with_checks = {f.shape for f in run(True).findings}
    without = {f.shape for f in run(False).findings}
    assert str(QUERIES["undeclared-term-violation"]) in with_checks
    assert not any(s.startswith(QUERIES) for s in without)
