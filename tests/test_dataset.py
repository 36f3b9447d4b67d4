"""kg.dataset: the VoID and DCAT description every built graph carries, with counts that match."""

from __future__ import annotations

from rdflib import DCAT, DCTERMS, OWL, RDF, SKOS, VOID, Graph

from kg.dataset import (
    DATASET,
    RELEASE_FORMATS,
    describe,
    distribution_url,
    entities,
    is_description,
    with_description,
    without_description,
)
from kg.export import DATASET_GRAPH, by_source, serialize
from kg.ontology import ID, YRD


def test_the_built_graph_carries_its_description(graph):
    assert (DATASET, RDF.type, DCAT.Dataset) in graph and (DATASET, RDF.type, VOID.Dataset) in graph
    assert graph.value(DATASET, OWL.versionInfo) is not None
    assert str(graph.value(DATASET, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert {lit.language for lit in graph.objects(DATASET, DCTERMS.title)} == {"zh", "en"}
    assert graph.value(DATASET, DCTERMS.publisher) is not None
    assert graph.value(DATASET, VOID.sparqlEndpoint) is not None


def test_counts_match_the_graph(graph):
    """void:triples counts the whole graph, description included; entities are labelled id: nodes."""
    assert int(graph.value(DATASET, VOID.triples)) == len(graph)
    data = without_description(graph)
    labelled = {s for s in data.subjects(SKOS.prefLabel) if str(s).startswith(str(ID))}
    assert int(graph.value(DATASET, VOID.entities)) == len(labelled) == len(entities(data)) > 100
    cities = {s for s in data.subjects(RDF.type, YRD.City)}
    part = next(p for p in graph.objects(DATASET, VOID.classPartition)
                if graph.value(p, VOID["class"]) == YRD.City)
    assert int(graph.value(part, VOID.entities)) == len(cities) == 41


def test_sources_distributions_and_examples(graph):
    sources = set(graph.subjects(RDF.type, YRD.Source))
    assert set(graph.objects(DATASET, DCTERMS.source)) == sources and len(sources) >= 4
    downloads = {graph.value(d, DCAT.downloadURL) for d in graph.objects(DATASET, DCAT.distribution)}
    assert downloads == {distribution_url(f) for f in RELEASE_FORMATS}
    examples = set(graph.objects(DATASET, VOID.exampleResource))
    assert len(examples) >= 5 and all((e, SKOS.prefLabel, None) in graph for e in examples)
    assert (next(iter(examples)), RDF.type, None) in graph


def test_description_is_stable_and_replaceable(graph):
    again = describe(graph)
    assert set(again) == {t for t in graph if is_description(t[0])}
    g = Graph()
    for t in graph:
        g.add(t)
    with_description(g, "9.9.9", "http://example.org/sparql")
    assert str(g.value(DATASET, OWL.versionInfo)) == "9.9.9"
    assert str(g.value(DATASET, VOID.sparqlEndpoint)) == "http://example.org/sparql"
    assert len(g) == len(graph) and int(g.value(DATASET, VOID.triples)) == len(g)


def test_every_export_holds_the_description(graph):
    for fmt in ("turtle", "nt", "jsonld", "nq", "trig"):
        assert b"https://w3id.org/yrd-kg/dataset" in serialize(graph, fmt), fmt
    ds = by_source(graph)
    assert (DATASET, RDF.type, DCAT.Dataset) in ds.graph(DATASET_GRAPH)
