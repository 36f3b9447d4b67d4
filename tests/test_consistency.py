"""HermiT (through owlready2) finds the ontology with the data consistent, and the bad fixtures not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.reason import check_consistency

FIXTURES = Path(__file__).parent / "fixtures" / "reasoning"
INCONSISTENT = sorted(FIXTURES.glob("inconsistent-*.ttl"))

pytestmark = pytest.mark.slow


def test_java_is_installed():
    # No skip: without Java the reasoner tests would prove nothing (.ci/apt-packages.txt installs it).
    assert shutil.which("java"), "HermiT needs Java: apt-get install openjdk-17-jre-headless"


def _with(graph: Graph, fixture: Path) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    g.parse(fixture, format="turtle")
    return g


def test_fixture_cases_are_collected():
    assert len(INCONSISTENT) >= 2


def test_ontology_and_data_are_consistent(graph):
    assert check_consistency(graph).consistent


def test_disjointness_alone_is_consistent(graph):
    assert check_consistency(_with(graph, FIXTURES / "consistent-disjoint.ttl")).consistent


@pytest.mark.parametrize("fixture", INCONSISTENT, ids=[p.stem for p in INCONSISTENT])
def test_inconsistent_fixture_is_reported(graph, fixture):
    assert not check_consistency(_with(graph, fixture)).consistent
