"""kg.validation.oxigraph: the shapes compiled to SPARQL in Oxigraph give what pyshacl gives, finding
for finding."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, XSD, Graph, Literal

from kg.ontology import ORG, YRD, ontology_graph
from kg.store import from_graph, load_store
from kg.validation.oxigraph import validate_store
from kg.validation.shacl import validate
from kg.validation.shapes import shapes_graph


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
    """The findings as people read them (the RDF terms behind them may differ between engines)."""
    return Counter(tuple(getattr(f, x.name) for x in fields(f) if x.compare) for f in report.findings)


def assert_same(g: Graph, big=None):
    slow = validate(g, with_ontology=False)
    fast = validate_store(big if big is not None else from_graph(g))
    assert findings(fast) == findings(slow)
    assert fast.summary() == slow.summary()
    return slow


def test_agrees_with_pyshacl_on_the_curated_graph(graph):
    report = assert_same(graph)
    assert report.findings  # the curated graph has warnings and notes to compare


def test_agrees_with_pyshacl_on_a_synthetic_graph_loaded_by_oxigraph(synth_path, synth_graph):
    big = load_store([synth_path], with_ontology=False)
    report = assert_same(synth_graph(), big)
    assert report.conforms


def test_agrees_with_pyshacl_on_a_broken_graph(synth_path, synth_graph):
    report = assert_same(break_it(synth_graph()))
    shapes = {f.shape.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in report.findings
              if f.severity == "Violation"}
    expected = {"QuoteShape", "DivisionShape", "PrefLabelLanguageShape", "PrefLabelZhShape",
                "PrefLabelEnShape", "CityShape", "MembershipShape", "InvolvementShape", "EventShape",
                "InnovationConsortiumShape", "AgreementShape", "BatchShape", "FactProvenanceShape",
                "RelationshipEvidenceShape", "OrganisationShape"}
    assert expected <= shapes, expected - shapes
    assert report.count("Warning") >= 2


def test_shapes_the_compiler_refuses_fall_back_to_pyshacl(synth_graph):
    graph = synth_graph()  # 41 cities, as in the curated graph, in a tenth of its triples
    shapes = Graph()
    for t in shapes_graph():
        shapes.add(t)
    shapes.parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix yrd: <https://w3id.org/yrd-kg/ontology#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass yrd:City ;
            sh:property [ sh:path yrd:locatedIn ; sh:hasValue yrd:Nowhere ; sh:message "m" ] .""",
                 format="turtle")
    fast = validate_store(from_graph(graph), shapes=shapes)
    assert fast.count("Violation") == 41  # every city, by pyshacl's sh:hasValue
    assert findings(fast) == findings(validate(graph, with_ontology=False, shapes=shapes))


def test_cli_validate_gives_the_same_report_with_either_engine(synth_path, tmp_path, capsys, synth_graph):
    from kg.cli import main

    broken = tmp_path / "broken.nt"
    break_it(synth_graph()).serialize(broken, format="nt", encoding="utf-8")
    reports = {}
    for engine in ("pyshacl", "oxigraph"):
        assert main(["validate", "--engine", engine, "--format", "json", str(broken)]) == 1
        reports[engine] = capsys.readouterr().out
    assert reports["oxigraph"] == reports["pyshacl"]
    assert '"violation": 0' not in reports["oxigraph"]


FIXTURES = sorted((Path(__file__).parents[1] / "fixtures").glob("[viw]*/*.ttl"))
# The compiled checks find ill-formed dates by a failed cast (kg.validation.compiler.CASTS), so every
# fixture is compared, this one too.
ILL_FORMED: set[str] = set()


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


def test_a_store_with_only_the_ontology_is_nothing_to_validate():
    from kg.errors import InputError

    with pytest.raises(InputError, match="nothing to validate"):
        validate_store(load_store([]), source="empty.nt")


def test_compiled_checks_are_kept_under_their_inputs_and_read_back(synth_path, tmp_path, monkeypatch):
    from kg.store import subclass_closure
    from kg.validation import oxigraph

    monkeypatch.setenv("YRDKG_CACHE", str(tmp_path))
    monkeypatch.setattr(oxigraph, "_COMPILED", {})
    big = load_store([synth_path], with_ontology=False)
    classes = subclass_closure(big)
    present = set(classes)  # every class of the hierarchy has instances
    fresh = oxigraph.compiled_checks(classes, present)
    kept = list((tmp_path / "compiled-shapes").glob("*.pickle"))
    assert len(kept) == 1
    oxigraph._COMPILED.clear()
    assert [c.query for c in oxigraph.compiled_checks(classes, present)] == [c.query for c in fresh]
    # Fewer classes with instances: fewer checks, kept apart; a shape without focus nodes finds nothing.
    fewer = oxigraph.compiled_checks(classes, {str(YRD.City)})
    assert len(fewer) < len(fresh)
    assert len(list((tmp_path / "compiled-shapes").glob("*.pickle"))) == 2
    kept[0].write_bytes(b"not a pickle")  # a cache that cannot be read is compiled again
    oxigraph._COMPILED.clear()
    assert [c.query for c in oxigraph.compiled_checks(classes, present)] == [c.query for c in fresh]
    # Only the newest few are kept.
    monkeypatch.setattr(oxigraph, "KEEP_COMPILED", 2)
    oxigraph.compiled_checks(classes, {str(YRD.Province)})
    assert len(list((tmp_path / "compiled-shapes").glob("*.pickle"))) == 2
