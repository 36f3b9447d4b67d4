"""kg.synthetic: graphs of a chosen size, for the scale tests and benchmarks."""

from __future__ import annotations

import pytest
from rdflib import SKOS

from kg.network import organisation_network
from kg.render.views import view_graph
from kg.synthetic import synthetic_graph


@pytest.mark.parametrize("n", [300, 1000])
def test_full_view_has_the_asked_number_of_entities(n):
    view = view_graph(synthetic_graph(n, with_ontology=True))
    assert view.graph.number_of_nodes() == n
    assert view.graph.number_of_edges() > n


def test_same_seed_same_graph_and_every_label_says_synthetic():
    a, b = synthetic_graph(200, with_ontology=False), synthetic_graph(200, with_ontology=False)
    assert set(a) == set(b) and len(a) > 1000
    assert set(a) != set(synthetic_graph(200, seed=2, with_ontology=False))
    labels = [str(o) for o in a.objects(None, SKOS.prefLabel)]
    assert labels and all("合成" in s or "Synthetic" in s for s in labels)


def test_projections_work_on_it():
    net = organisation_network(synthetic_graph(300))
    assert net.number_of_nodes() > 100 and net.number_of_edges() > 100
