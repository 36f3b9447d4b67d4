"""kg.render.layout: ForceAtlas2 positions, computed in Python, the same for the same graph."""

from __future__ import annotations

import itertools
import math

import networkx as nx

from kg.render.layout import disc, positions
from kg.render.views import view_graph


def test_every_node_gets_a_distinct_position(full):
    pos = full.positions
    assert set(pos) == set(full.graph.nodes) and len(pos) > 100
    assert len(set(pos.values())) == len(pos)   # no two nodes on one spot
    assert all(isinstance(c, float) and math.isfinite(c) for xy in pos.values() for c in xy)


def test_layout_is_deterministic(graph, facts, full):
    again = view_graph(graph, facts=facts)
    assert again.positions == full.positions
    shuffled = nx.MultiDiGraph()
    nodes = sorted(full.graph.nodes, reverse=True)        # the same graph, built in another order
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(reversed(list(full.graph.edges(data=True))))
    assert positions(shuffled) == full.positions


def test_related_nodes_lie_together():
    # two cliques joined by one edge: ForceAtlas2 keeps each clique together, apart from the other
    g = nx.union(*(nx.complete_graph([f"{c}{k}" for k in range(8)]) for c in "ab"))
    g.add_edge("a0", "b0")
    pos = positions(g)
    centre = {c: (sum(pos[n][0] for n in g if n[0] == c) / 8, sum(pos[n][1] for n in g if n[0] == c) / 8)
              for c in "ab"}
    for n in g:
        own, other = n[0], "b" if n[0] == "a" else "a"
        assert math.dist(pos[n], centre[own]) < math.dist(pos[n], centre[other]), n
    inside = [math.dist(pos[u], pos[v]) for u, v in g.edges() if u[0] == v[0]]
    across = [math.dist(pos[f"a{i}"], pos[f"b{j}"]) for i, j in itertools.product(range(8), range(8))]
    assert sum(inside) / len(inside) < sum(across) / len(across) / 1.5


def test_empty_and_single_graphs():
    assert positions(nx.Graph()) == {}
    assert positions(nx.path_graph(["only"])) == {"only": (0.0, 0.0)}


def test_disc_spreads_points_from_the_centre():
    pts = disc((10.0, -5.0), 50, step=20)
    assert pts[0] == (10.0, -5.0) and len(set(pts)) == 50
    radii = [math.dist(p, (10.0, -5.0)) for p in pts]
    assert radii == sorted(radii)                                  # most central first
    assert min(math.dist(p, q) for p, q in itertools.combinations(pts, 2)) > 8
