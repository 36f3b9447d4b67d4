"""The curated graph builds and conforms to the shapes."""

from kg.ontology import ID, YRD


def test_curated_graph_conforms(report):
    assert report.conforms, [f.message for f in report.findings if f.severity == "Violation"]


def test_graph_holds_ontology_and_data(graph):
    assert (ID["consortium/ultra-clean-stainless-steel"], YRD.ledBy, ID["org/jiuli"]) in graph
