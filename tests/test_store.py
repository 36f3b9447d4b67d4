"""kg.store: Oxigraph underneath gives what rdflib + pyshacl give, finding for finding."""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, XSD, Graph, Literal
from rdflib.compare import isomorphic

from kg.errors import DataError
from kg.ontology import ID, ORG, YRD, ontology_graph
from kg.store import dump, from_graph, load_store, query, rdflib_graph, validate_store
from kg.synth import synthesise
from kg.validate import validate


@pytest.fixture(scope="module")
def synth_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "synth.nt"
    synthesise(3000, path, seed=11)
    return path


def parse(path) -> Graph:
    g = Graph()
    g.parse(path, format="nt")
    return g


def break_it(g: Graph) -> Graph:
    """Break a conforming graph in every way the shapes and check queries look for."""
    def nth(cls, i=0):
        return sorted(g.subjects(RDF.type, cls))[i]

    g.set((nth(YRD.Quote), YRD.offset, Literal("7", datatype=XSD.integer)))         # sh:datatype
    g.remove((nth(YRD.Quote, 1), YRD.text, None))                                     # sh:minCount
    g.add((nth(YRD.Quote, 2), YRD.text, Literal("", lang="zh")))                      # maxCount, minLength
    city = nth(YRD.City)
    g.set((city, YRD.code, Literal("012345")))                                        # sh:pattern
    g.add((city, SKOS.prefLabel, Literal("Stadt", lang="de")))                        # sh:languageIn
    g.add((nth(YRD.City, 1), SKOS.prefLabel, Literal("二", lang="zh")))               # qualifiedMaxCount
    g.remove((nth(YRD.City, 2), SKOS.prefLabel, None))                                # qualifiedMinCount
    g.remove((nth(YRD.City, 3), YRD.locatedIn, None))                                 # qualifiedMinCount
    g.set((nth(YRD.Membership), YRD.role, YRD.HostRole))                              # sh:in
    g.set((nth(YRD.Involvement), YRD.agent, nth(YRD.Quote, 5)))                       # sh:class
    event = sorted(set(g.subjects(YRD.startDate, None)))[0]
    g.add((event, YRD.endDate, Literal("1999-01-01", datatype=XSD.date)))             # lessThanOrEquals
    c = nth(YRD.InnovationConsortium)
    g.remove((c, ORG.hasMember, g.value(c, YRD.ledBy)))                               # SPARQL: lead
    a = nth(YRD.Agreement)
    g.remove((a, YRD.declaredPartyCount, None))
    for i in sorted(g.subjects(YRD.cooperation, a))[1:]:
        g.remove((i, None, None))                                                     # SPARQL: parties
    g.set((nth(YRD.FrameworkAgreement), YRD.declaredPartyCount,
           Literal(1, datatype=XSD.nonNegativeInteger)))                              # SPARQL: declared
    g.set((nth(YRD.Batch), YRD.declaredCount, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((nth(YRD.Enterprise), YRD.basedIn, nth(YRD.City, 6)))                       # fact without quote
    g.remove((nth(YRD.Target), YRD.evidence, None))                                   # evidence
    e = nth(YRD.Enterprise, 1)
    g.set((e, SKOS.prefLabel, Literal("同名", lang="en")))
    g.add((e, SKOS.prefLabel, Literal("同名", lang="zh")))                            # advisory warning
    g.remove((nth(YRD.PracticalProject), YRD.domain, None))                           # advisory warning
    return g


def findings(report) -> Counter:
    return Counter(astuple(f) for f in report.findings)


def assert_same(g: Graph, big=None):
    slow = validate(g, with_ontology=False)
    fast = validate_store(big if big is not None else from_graph(g))
    assert findings(fast) == findings(slow)
    assert fast.summary() == slow.summary()
    return slow


def test_agrees_with_pyshacl_on_the_curated_graph(graph):
    report = assert_same(graph)
    assert report.findings  # the curated graph has warnings and notes to compare


def test_agrees_with_pyshacl_on_a_synthetic_graph_loaded_by_oxigraph(synth_path):
    big = load_store([synth_path], with_ontology=False)
    report = assert_same(parse(synth_path), big)
    assert report.conforms


def test_agrees_with_pyshacl_on_a_broken_graph(synth_path):
    report = assert_same(break_it(parse(synth_path)))
    shapes = {f.shape.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in report.findings
              if f.severity == "Violation"}
    expected = {"QuoteShape", "DivisionShape", "PrefLabelLanguageShape", "PrefLabelZhShape",
                "PrefLabelEnShape", "CityShape", "MembershipShape", "InvolvementShape", "EventShape",
                "InnovationConsortiumShape", "AgreementShape", "BatchShape", "FactProvenanceShape",
                "RelationshipEvidenceShape", "OrganisationShape"}
    assert expected <= shapes, expected - shapes
    assert report.count("Warning") >= 2


def test_export_keeps_the_datatypes_oxigraph_would_drop(synth_path, tmp_path):
    big = load_store([synth_path], with_ontology=False)
    out = tmp_path / "out.ttl"
    dump(big, out)
    back = Graph()
    back.parse(out, format="turtle")
    assert isomorphic(back, parse(synth_path))
    counts = list(back.objects(None, YRD.declaredCount))
    assert counts and all(c.datatype == XSD.nonNegativeInteger for c in counts)


def test_query_binds_parameters_and_returns_rdflib_terms(synth_path):
    big = load_store([synth_path], with_ontology=False)
    rows = query(big, "SELECT ?city ?province WHERE { ?city yrd:locatedIn ?province }",
                 {"province": ID["div/320000"]})
    assert len(rows) == 13  # Jiangsu's 13 cities
    assert all(p == ID["div/320000"] and str(c).startswith(str(ID)) for c, p in rows)


def test_rdflib_view_runs_the_network_projection(synth_path):
    from kg.network import organisation_network

    big = load_store([synth_path], with_ontology=False)
    net_fast = organisation_network(rdflib_graph(big))
    net_slow = organisation_network(parse(synth_path))
    assert set(net_fast.nodes) == set(net_slow.nodes) and len(net_fast) > 0
    assert {frozenset(e) for e in net_fast.edges} == {frozenset(e) for e in net_slow.edges}


def test_load_errors_are_data_errors(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_store([bad])
    with pytest.raises(DataError):
        load_store([tmp_path / "missing.ttl"])
    with pytest.raises(DataError):
        load_store([tmp_path / "x.csv"])


def test_shapes_the_compiler_refuses_fall_back_to_pyshacl(graph, monkeypatch):
    import kg.validate

    shapes = Graph()
    for t in kg.validate.shapes_graph():
        shapes.add(t)
    shapes.parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix yrd: <https://w3id.org/yrd-kg/ontology#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass yrd:City ;
            sh:property [ sh:path yrd:locatedIn ; sh:hasValue yrd:Nowhere ; sh:message "m" ] .""",
                 format="turtle")
    monkeypatch.setattr(kg.validate, "shapes_graph", lambda: shapes)
    fast = validate_store(from_graph(graph))
    assert fast.count("Violation") == 41  # every city, by pyshacl's sh:hasValue
    assert findings(fast) == findings(validate(graph, with_ontology=False))


def test_cli_validate_gives_the_same_report_with_either_engine(synth_path, tmp_path, capsys):
    from kg.cli import main

    broken = tmp_path / "broken.nt"
    break_it(parse(synth_path)).serialize(broken, format="nt", encoding="utf-8")
    reports = {}
    for engine in ("pyshacl", "oxigraph"):
        assert main(["validate", "--engine", engine, "--format", "json", str(broken)]) == 1
        reports[engine] = capsys.readouterr().out
    assert reports["oxigraph"] == reports["pyshacl"]
    assert '"violation": 0' not in reports["oxigraph"]


FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("[viw]*/*.ttl"))
# By design the compiled checks read a literal's datatype, not its lexical form (kg.shacl_sparql).
ILL_FORMED = {"EventShape--malformed-date"}


def _comparable(report) -> Counter:
    """Findings without the focus nodes' labels: a fixture's blank nodes ([]) are named apart by
    each engine, and a statement with two objects (a fixture's fault) is described by either."""
    return Counter((f.severity, f.shape, f.path, f.value, f.message,
                    None if f.focus.startswith("_:") else f.focus) for f in report.findings)


def test_fixture_list_for_the_engines_is_not_empty():
    assert len(FIXTURES) >= 60


@pytest.mark.parametrize("path", [p for p in FIXTURES if p.stem not in ILL_FORMED],
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_agrees_with_pyshacl_on_every_shape_fixture(path):
    """Guards the shapes added for parts, provisions, inferences and arrangements: each compiles
    to SPARQL that finds what pyshacl finds, on every fixture."""
    g = Graph().parse(path, format="turtle")
    for t in ontology_graph():
        g.add(t)
    slow, fast = validate(g, with_ontology=False), validate_store(from_graph(g))
    assert _comparable(fast) == _comparable(slow)
