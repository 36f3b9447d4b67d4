"""Place a view's nodes in Python with ForceAtlas2, so the browser draws them at once.

The browser never simulates: the page receives every node's ``x`` and ``y`` and
opens with vis-network's physics off. The layout is graphology's ForceAtlas2 (the
layout of Gephi and Gephi Lite) as ported to Rust by ``crategraph-forceatlas2``,
run single-threaded from a seeded start on nodes and edges in sorted order, so the
same graph gives the same positions, byte for byte once rounded. networkx's own
``forceatlas2_layout`` computes all n² distances each iteration (76 s for 50
iterations at 5,000 nodes on a busy 2-core machine, against 11 s for 100 here).

>>> import networkx as nx
>>> pos = positions(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos) == ["a", "b", "c"] and pos == positions(nx.path_graph(["a", "b", "c"]))
True
"""

from __future__ import annotations

import math
from collections.abc import Callable

from kg.lazy import nx

SEED = 7
# Spread: the drawing's root-mean-square distance from its centre, per square root of the
# node count, in vis-network's canvas units (a label is about 11 units high).
SPREAD = 42.0
MIN_SPREAD = 420.0   # small graphs still leave room for their labels
# Stronger gravity than graphology's default profile: islands and lone nodes stay near the rest.
TUNING = {"gravity": 0.5}


def positions(graph: nx.Graph, iterations: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> dict[str, tuple[float, float]]:
    """Return {node: (x, y)} for a graph's nodes (any networkx graph; directions and repeats ignored).

    Edges weigh their ``weight`` attribute summed over repeats (1 by default);
    coordinates are centred on 0, scaled to :data:`SPREAD` and rounded to 0.1.
    """
    import crategraph_forceatlas2 as fa2  # imported here: only rendering needs it

    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    weights: dict[tuple[int, int], float] = {}
    for a, b, d in graph.edges(data=True):
        i, j = sorted((index[a], index[b]))
        if i != j:
            weights[i, j] = weights.get((i, j), 0.0) + float(d.get("weight", 1) or 1)
    pairs = sorted(weights)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    settings = {**fa2.infer_settings(len(nodes)), **TUNING}
    xy = fa2.layout(len(nodes), pairs, weights=[weights[p] for p in pairs], iterations=iterations,
                    seed=SEED, threads=1, progress=progress, **settings)
    cx = sum(p[0] for p in xy) / len(nodes)
    cy = sum(p[1] for p in xy) / len(nodes)
    rms = math.sqrt(sum((p[0] - cx) ** 2 + (p[1] - cy) ** 2 for p in xy) / len(nodes)) or 1.0
    scale = max(SPREAD * math.sqrt(len(nodes)), MIN_SPREAD) / rms
    return {n: (round(float(xy[i][0] - cx) * scale, 1), round(float(xy[i][1] - cy) * scale, 1))
            for i, n in enumerate(nodes)}


def disc(centre: tuple[float, float], count: int, step: float = 28.0) -> list[tuple[float, float]]:
    """Return ``count`` points in a sunflower disc around ``centre``, the first at the centre.

    Used to open a group in place: its members, most central first, fill the disc
    outwards, one point per ``step`` of spacing.

    >>> disc((0.0, 0.0), 3)[0]
    (0.0, 0.0)
    """
    golden = math.pi * (3 - math.sqrt(5))
    out = []
    for k in range(count):
        r, a = step * math.sqrt(k) * 0.62, k * golden
        out.append((round(centre[0] + r * math.cos(a), 1), round(centre[1] + r * math.sin(a), 1)))
    return out
