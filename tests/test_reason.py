"""kg.reason: the inferences the ontology promises appear, and only inferences are added."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, Literal
from rdflib.namespace import DCTERMS

from kg.cli import main
from kg.ontology import ID, ORG, PROV, SCHEMA, YRD
from kg.reason import KINDS, METHODS, reason

WENZHOU, ZHEJIANG, REGION = ID["div/330300"], ID["div/330000"], ID["region/yrd"]
CONSORTIUM = ID["consortium/ultra-clean-stainless-steel"]

# (what it shows, triple) that each reasoner must infer from the curated graph
EXPECTED = [
    ("inverse of yrd:locatedIn", (REGION, YRD.contains, ZHEJIANG)),
    ("inverse of yrd:ledBy", (ID["org/jiuli"], YRD.leads, CONSORTIUM)),
    ("transitive yrd:locatedIn: a city lies in the region", (WENZHOU, YRD.locatedIn, REGION)),
    ("transitive yrd:contains", (REGION, YRD.contains, WENZHOU)),
    ("subclass typing: a consortium is an org:Organization", (CONSORTIUM, RDF.type, ORG.Organization)),
    ("subclass typing through several levels", (CONSORTIUM, RDF.type, YRD.Cooperation)),
    ("subclass typing: a city is a schema:Place", (WENZHOU, RDF.type, SCHEMA.Place)),
    ("superproperty of yrd:locatedIn", (WENZHOU, SCHEMA.containedInPlace, REGION)),
    ("superproperty of yrd:code", (ZHEJIANG, DCTERMS.identifier, None)),
    ("superproperty of yrd:evidence", (CONSORTIUM, PROV.wasDerivedFrom, None)),
    ("domain/range typing: who leads is an org:Organization (the range of yrd:ledBy)",
     (ID["org/jiuli"], RDF.type, ORG.Organization)),
]


@pytest.fixture(scope="module")
def inferences(graph):
    return {m: reason(graph, m) for m in METHODS}


@pytest.fixture(params=METHODS)
def inference(request, inferences):
    return inferences[request.param]


def test_expected_cases_cover_every_kind_of_inference(inferences):
    """Each kind the rules reasoner counts fires on the curated graph and has a case here."""
    kinds = {kind for what, _ in EXPECTED for kind in KINDS if what.startswith(kind)}
    assert kinds == set(KINDS)
    assert {kind for kind, n in inferences["rules"].counts.items() if n} == set(KINDS)


@pytest.mark.parametrize("what, triple", EXPECTED, ids=[w for w, _ in EXPECTED])
def test_reasoner_infers(inference, graph, what, triple):
    assert triple not in graph or None in triple, f"{what}: already asserted, so it tests nothing"
    assert (triple in inference.inferred), what


def test_inferred_triples_are_new(inference, graph):
    assert inference.total > 0
    assert not any(t in graph for t in inference.inferred)
    assert sum(inference.counts.values()) == inference.total


def test_reasoning_leaves_the_graph_alone(graph):
    before = len(graph)
    result = reason(graph, "rules")
    assert len(graph) == before
    merged = result.merged(graph)
    assert len(merged) == before + result.total


def test_rules_are_a_subset_of_the_owl_rl_closure(inferences):
    rules, full = inferences["rules"], inferences["owlrl"]
    assert set(rules.inferred) <= set(full.inferred)
    assert set(rules.counts) == {"subclass typing", "domain/range typing", "superproperty", "inverse",
                                 "transitive"}


def test_owlrl_result_holds_no_tautologies_or_literal_subjects(inferences):
    result = inferences["owlrl"]
    assert not any(isinstance(s, Literal) for s, _, _ in result.inferred)
    assert not any(s == o for s, _, o in result.inferred.triples((None, OWL.sameAs, None)))


def test_unknown_method_is_refused(graph):
    with pytest.raises(ValueError, match="rules, owlrl"):
        reason(graph, "hermit")


def test_build_reason_writes_the_reasoned_graph_beside_the_validated_one(tmp_path):
    assert main(["build", "--out", str(tmp_path), "--reason"]) == 0
    plain, reasoned = Graph(), Graph()
    plain.parse(tmp_path / "yrd.ttl")
    reasoned.parse(tmp_path / "yrd-reasoned.ttl")
    assert (WENZHOU, YRD.locatedIn, REGION) in reasoned
    assert (WENZHOU, YRD.locatedIn, REGION) not in plain
    assert set(plain) < set(reasoned)
