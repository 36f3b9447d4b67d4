"""Measure the cooperation networks: centrality, communities, cut points, the province matrix.

Builds on :mod:`kg.network`. Every function is deterministic: nodes and rows are
sorted, Louvain runs with a fixed seed, and floats are rounded in the tables.

Other modules reuse :func:`cooperation_network`, :func:`centrality` and
:func:`node_centrality` (e.g. to size the nodes of a network drawing).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from rdflib import Graph, URIRef

from kg.files import write_files
from kg.lazy import nx
from kg.names import curie
from kg.network import Participation, kind_of, organisation_network, participation, province_network
from kg.results import format_table
from kg.sparql import Result

SEED = 42
ALPHA = 0.85
# Relation kind (kg.network.KINDS) -> column of the province matrix.
KIND_COLUMNS = {"co-signing": "agreements", "co-membership": "consortia", "co-organising": "events",
                "co-project": "projects", "co-arranging": "arrangements", "co-issuing": "documents"}


# -- the network -----------------------------------------------------------------
def _participants(part: Participation) -> dict:
    """Map each cooperation to {agent: (roles, involvements)}, duplicates removed."""
    out = {}
    for coop, parts in part.involvements.items():
        agents = defaultdict(lambda: (set(), set()))
        for agent, role, inv in parts:
            agents[agent][0].add(str(role))
            agents[agent][1].add(str(inv))
        out[coop] = dict(sorted(agents.items()))
    return out


def cooperation_network(g: Graph, part: Participation | None = None) -> nx.Graph:
    """Return the organisation network with typed weights and the facts behind every edge.

    Each edge of :func:`kg.network.organisation_network` gains ``weights`` (shared
    cooperations per relation kind, e.g. ``{"co-signing": 1}``) and ``facts``: one
    record per shared cooperation with its kind, both agents' roles and the
    involvement nodes, whose ``yrd:evidence`` leads to the quotes.
    """
    part = part or participation(g)
    net = organisation_network(g, part)
    for coop, agents in _participants(part).items():
        kind = kind_of(g, coop)
        for a, b in combinations(agents, 2):
            e = net.edges[a, b]
            weights = e.setdefault("weights", {})
            weights[kind] = weights.get(kind, 0) + 1
            e.setdefault("facts", []).append({
                "cooperation": str(coop), "kind": kind,
                "roles": {str(a): sorted(agents[a][0]), str(b): sorted(agents[b][0])},
                "involvements": sorted(agents[a][1] | agents[b][1]),
            })
    for _, _, e in net.edges(data=True):
        e.setdefault("weights", {})
        e.setdefault("facts", [])
        e["cooperations"] = sorted(set(e["cooperations"]))
    return net


# -- measures --------------------------------------------------------------------
def pagerank(net: nx.Graph, alpha: float = ALPHA, weight: str | None = "weight",
             tol: float = 1.0e-12, max_iter: int = 1000) -> dict:
    """PageRank by power iteration, in pure Python (networkx's own needs SciPy).

    Follows :func:`networkx.pagerank`: uniform teleport, dangling (isolated) nodes
    spread their rank uniformly, edges weighted by ``weight``.
    """
    nodes = sorted(net.nodes, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    out_weight = {u: sum(d.get(weight, 1) if weight else 1 for _, _, d in net.edges(u, data=True))
                  for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if out_weight[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if out_weight[u] == 0:
                continue
            share = alpha * rank[u] / out_weight[u]
            for _, v, d in net.edges(u, data=True):
                new[v] += share * (d.get(weight, 1) if weight else 1)
        err = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if err < n * tol:
            break
    return rank


def centrality(net: nx.Graph) -> dict:
    """Return per node: degree, strength (weighted degree), betweenness and PageRank.

    Betweenness counts hops (edge weights are strengths, not distances) and is
    normalised to [0, 1]; PageRank uses the weights.
    """
    betweenness = nx.betweenness_centrality(net, normalized=True)
    ranks = pagerank(net)
    return {n: {"degree": net.degree(n), "strength": net.degree(n, weight="weight"),
                "betweenness": betweenness[n], "pagerank": ranks[n]}
            for n in sorted(net.nodes, key=str)}


def node_centrality(g: Graph) -> dict[str, dict]:
    """Centrality of every organisation in the curated graph, keyed by IRI string."""
    return {str(n): m for n, m in centrality(cooperation_network(g)).items()}


def communities(net: nx.Graph, seed: int = SEED) -> list[list]:
    """Louvain communities (fixed seed), largest first, members sorted."""
    if net.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(net, weight="weight", seed=seed)
    groups = [sorted(c, key=str) for c in found]
    return sorted(groups, key=lambda c: (-len(c), str(c[0])))


def modularity(net: nx.Graph, groups: list[list]) -> float:
    if net.number_of_edges() == 0:
        return 0.0
    return nx.community.modularity(net, [set(c) for c in groups], weight="weight")


def bridges(net: nx.Graph) -> list[tuple]:
    """Edges whose removal disconnects their component, each pair and the list sorted."""
    return sorted((tuple(sorted((a, b), key=str)) for a, b in nx.bridges(net)),
                  key=lambda e: (str(e[0]), str(e[1])))


def articulation_points(net: nx.Graph) -> list:
    """Nodes whose removal disconnects their component, sorted."""
    return sorted(nx.articulation_points(net), key=str)


def province_matrix(g: Graph, part: Participation | None = None) -> list[dict]:
    """Cooperations per kind for every pair of provincial divisions (diagonal included).

    An organisation belongs to the divisions it is based in or covers
    (:func:`kg.network.provinces_of`), and a cooperation stated to be between
    divisions joins them; the counts match the catalogue query
    ``province-cooperation-matrix``.
    """
    net = province_network(g, part)
    provs = sorted(net.nodes, key=str)
    rows = []
    for i, a in enumerate(provs):
        for b in provs[i:]:
            counts = net.edges[a, b]["counts"] if net.has_edge(a, b) else {}
            row = {"p1": a, "p2": b}
            row.update({col: counts.get(kind, 0) for kind, col in KIND_COLUMNS.items()})
            row["total"] = net.edges[a, b]["weight"] if net.has_edge(a, b) else 0
            rows.append(row)
    return rows


def linking_organisations(g: Graph, part: Participation | None = None) -> list[dict]:
    """Organisations in cooperations that span two or more provincial divisions.

    For each: its own divisions, the divisions its cross-province cooperations
    reach, and those cooperations; most divisions reached first.
    """
    part = part or participation(g)
    provs = part.provinces
    reach, coops = defaultdict(set), defaultdict(set)
    for coop, agents in _participants(part).items():
        span = set().union(*(provs.get(a, set()) for a in agents))
        if len(span) < 2:
            continue
        for a in agents:
            reach[a] |= span
            coops[a].add(coop)
    rows = [{"organisation": a, "own": sorted(provs.get(a, ()), key=str),
             "reached": sorted(reach[a], key=str), "cooperations": sorted(coops[a], key=str)} for a in reach]
    return sorted(rows, key=lambda r: (-len(r["reached"]), -len(r["cooperations"]), str(r["organisation"])))


# -- the report ------------------------------------------------------------------
@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Analysis:
    summary: dict
    tables: list[Table]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def _r(x: float) -> float:
    return round(x, 6)


def _names(ids) -> str:
    return " ".join(curie(URIRef(str(i))) for i in ids)


def analyse(g: Graph) -> Analysis:
    """Compute every measure on the curated graph ``g`` and lay them out as tables.

    The involvements and provinces are read from ``g`` once, for every table.
    """
    part = participation(g)
    net = cooperation_network(g, part)
    cent = centrality(net)
    groups = communities(net)
    member_of = {n: i + 1 for i, c in enumerate(groups) for n in c}
    label = lambda n, lang: net.nodes[n].get(f"label_{lang}", str(n))  # noqa: E731

    ranked = sorted(cent, key=lambda n: (-cent[n]["pagerank"], -cent[n]["degree"], str(n)))
    t_cent = Table("centrality", "Organisations ranked by PageRank (organisation network)",
                   ["rank", "organisation", "label_zh", "label_en", "degree", "strength", "betweenness",
                    "pagerank", "community"])
    for i, n in enumerate(ranked, 1):
        m = cent[n]
        t_cent.rows.append([i, curie(n), label(n, "zh"), label(n, "en"), m["degree"], m["strength"],
                            _r(m["betweenness"]), _r(m["pagerank"]), member_of[n]])

    t_edges = Table("edges", "Edges: organisations sharing cooperations (typed, weighted)",
                    ["a", "b", "weight", "kinds", "cooperations"])
    for a, b, e in sorted(net.edges(data=True), key=lambda x: (-x[2]["weight"], str(min(x[0], x[1], key=str)),
                                                                str(max(x[0], x[1], key=str)))):
        a, b = sorted((a, b), key=str)
        kinds = " ".join(f"{k}:{v}" for k, v in sorted(e["weights"].items()))
        t_edges.rows.append([curie(a), curie(b), e["weight"], kinds, _names(e["cooperations"])])

    t_comm = Table("communities", f"Communities (Louvain, seed {SEED}), largest first",
                   ["community", "size", "members"])
    for i, c in enumerate(groups, 1):
        t_comm.rows.append([i, len(c), _names(c)])

    t_bridges = Table("bridges", "Bridges: edges whose removal splits a component", ["a", "b", "weight"])
    for a, b in bridges(net):
        t_bridges.rows.append([curie(a), curie(b), net.edges[a, b]["weight"]])

    t_cut = Table("articulation-points",
                  "Articulation points: organisations whose removal splits a component",
                  ["organisation", "label_zh", "degree"])
    for n in articulation_points(net):
        t_cut.rows.append([curie(n), label(n, "zh"), net.degree(n)])

    t_matrix = Table("province-matrix",
                     "Province-by-province cooperation matrix (diagonal: within a division)",
                     ["p1", "p2", *KIND_COLUMNS.values(), "total"])
    for row in province_matrix(g, part):
        t_matrix.rows.append([curie(row["p1"]), curie(row["p2"]),
                              *(row[c] for c in KIND_COLUMNS.values()), row["total"]])

    t_link = Table("linking-organisations", "Organisations in cooperations that span provinces",
                   ["organisation", "label_zh", "own", "reached", "cooperations"])
    for row in linking_organisations(g, part):
        n = row["organisation"]
        t_link.rows.append([curie(n), label(n, "zh") if n in net else str(n), _names(row["own"]),
                            _names(row["reached"]), _names(row["cooperations"])])

    summary = {"organisations": net.number_of_nodes(), "edges": net.number_of_edges(),
               "components": nx.number_connected_components(net) if len(net) else 0,
               "communities": len(groups), "modularity": _r(modularity(net, groups)), "seed": SEED}
    return Analysis(summary, [t_cent, t_edges, t_comm, t_bridges, t_cut, t_matrix, t_link])


# -- output ----------------------------------------------------------------------
def _table_text(t: Table) -> str:
    return f"{t.title}\n" + format_table(Result(t.columns, t.rows), max_width=70)


def _csv(t: Table) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(t.columns)
    w.writerows(t.rows)
    return buf.getvalue()


def to_json(a: Analysis) -> str:
    body = {"summary": a.summary,
            "tables": {t.name: {"title": t.title, "columns": t.columns, "rows": t.rows} for t in a.tables}}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def format_analysis(a: Analysis, fmt: str = "table") -> str:
    """Ranked tables for people, CSV sections, or one JSON document."""
    if fmt == "json":
        return to_json(a)
    if fmt == "csv":
        return "\n".join(f"# {t.name}\n{_csv(t)}" for t in a.tables)
    s = a.summary
    head = (f"Organisation network: {s['organisations']} organisations, {s['edges']} edges, "
            f"{s['components']} components; {s['communities']} communities (modularity {s['modularity']}).")
    return "\n".join([head] + [_table_text(t) for t in a.tables])


def write_analysis(a: Analysis, out: Path) -> list[Path]:
    """Write one CSV per table and analysis.json to ``out``, each atomically."""
    files = {f"{t.name}.csv": _csv(t).encode("utf-8") for t in a.tables}
    files["analysis.json"] = to_json(a).encode("utf-8")
    return write_files(out, files)
