"""Gather the curated graph's facts and draw its full view once per module."""

from __future__ import annotations

import pytest

from kg.render.facts import gather
from kg.render.views import view_graph


@pytest.fixture(scope="module")
def facts(graph):
    return gather(graph)


@pytest.fixture(scope="module")
def full(graph, facts):
    return view_graph(graph, "full", facts=facts)
