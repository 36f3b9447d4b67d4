"""Build the curated graph once per test session."""

from __future__ import annotations

import pytest

from kg.build import build_graph
from kg.store import from_graph
from kg.validation.shacl import validate


@pytest.fixture(scope="session")
def graph():
    return build_graph()


@pytest.fixture(scope="session")
def report(graph):
    return validate(graph, with_ontology=False)


@pytest.fixture(scope="session")
def oxigraph(graph):
    """The curated graph in an in-memory Oxigraph store (a kg.store.BigGraph), once per session."""
    return from_graph(graph)
