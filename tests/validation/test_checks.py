"""The check queries (queries/*-violation.rq) report into the one validation Report."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.ontology import ID, QUERIES, YRD
from kg.validation.checks import check_queries
from kg.validation.report import format_text

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def _copy(graph) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    return g


def test_curated_graph_passes_every_check(graph):
    assert check_queries(graph) == []


def test_curated_report_holds_no_check_findings(report):
    assert not [f for f in report.findings if f.shape.startswith(QUERIES)]


def _break(g: Graph, what: str) -> None:
    if what == "event-ends-before-start-violation":
        g.add((ID["event/6th-yrd-forum"], YRD.endDate, Literal("2024-06-01", datatype=XSD_DATE)))
    elif what == "undeclared-term-violation":
        g.add((ID["org/jiuli"], URIRef(str(YRD.ledBy).replace("ledBy", "ledby")), ID["org/sjtu"]))
    elif what == "lead-without-lead-role-violation":
        g.add((ID["consortium/lung-cancer-drugs"], YRD.ledBy, ID["org/sjtu"]))
    elif what == "fact-without-evidence-violation":
        inv = ID["involvement/unquoted"]
        g.add((inv, YRD.agent, ID["org/sjtu"]))
        g.add((inv, YRD.cooperation, ID["agreement/basic-research"]))
        g.add((inv, YRD.role, YRD.SignatoryRole))
    elif what == "named-parties-exceed-declared-violation":
        g.set((ID["agreement/ai-plus-scenarios"], YRD.declaredPartyCount, Literal(6)))
    elif what == "quote-without-source-violation":
        g.add((ID["quote/orphan"], YRD.text, Literal("无来源", lang="zh")))
        g.add((ID["org/sjtu"], YRD.evidence, ID["quote/orphan"]))


CHECKS = ["event-ends-before-start-violation", "undeclared-term-violation",
          "lead-without-lead-role-violation", "fact-without-evidence-violation",
          "named-parties-exceed-declared-violation",
          "quote-without-source-violation"]


def test_every_check_query_has_a_fault_case():
    """A new queries/*-violation.rq without a case in _break fails here."""
    from kg.catalogue import violation_queries

    assert set(CHECKS) == {q.name for q in violation_queries()}
    assert len(CHECKS) == len(set(CHECKS))


@pytest.mark.parametrize("check", CHECKS)
def test_each_check_catches_its_fault(graph, check):
    g = _copy(graph)
    _break(g, check)
    found = check_queries(g)
    assert {f.shape for f in found} == {str(QUERIES[check])}
    assert all(f.severity == "Violation" and f.message for f in found)


def test_findings_are_named_by_the_query_title(graph):
    g = _copy(graph)
    _break(g, "event-ends-before-start-violation")
    [f] = check_queries(g)
    assert f.shape_name == "Events that end before they start"
    assert f.focus == "id:event/6th-yrd-forum"
    assert "2024-06-01 is before the start date 2024-06-06" in f.message


def test_a_check_finding_makes_the_report_fail(graph):
    from kg.validation.report import Report

    g = _copy(graph)
    _break(g, "event-ends-before-start-violation")
    report = Report(findings=check_queries(g))
    assert not report.conforms
    assert "Violation: Events that end before they start (queries/event-ends-before-start-violation)" \
        in format_text(report)


@pytest.mark.slow
def test_build_fails_when_a_check_returns_rows(tmp_path, monkeypatch, capsys):
    """`yrdkg build` exits 1 and writes no graph when a *-violation.rq returns rows."""
    import shutil

    import kg.catalogue
    from kg.cli import main
    from kg.paths import queries_dir

    folder = tmp_path / "queries"
    shutil.copytree(queries_dir(), folder)
    (folder / "always-violation.rq").write_text(
        "# title@en: Always fails\n# question: A check that finds every consortium.\n"
        "PREFIX yrd: <https://w3id.org/yrd-kg/ontology#>\n"
        "SELECT ?focus WHERE { ?focus a yrd:InnovationConsortium }\n", encoding="utf-8")
    monkeypatch.setattr(kg.catalogue, "queries_dir", lambda: folder)
    # the patch changes the catalogue in this process only; a changed file changes kg.cache's key
    monkeypatch.setenv("YRDKG_CACHE", "off")
    out = tmp_path / "build"
    assert main(["build", "--out", str(out)]) == 1
    assert not (out / "yrd.ttl").exists()
    assert "Always fails" in (out / "validation-report.txt").read_text(encoding="utf-8")
