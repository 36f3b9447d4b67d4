"""Cut a view of the graph for the explorer: the full graph or a network projection, filtered.

Three views of the same graph: ``full`` (every entity, relations collapsed as in
:mod:`kg.render.facts`), ``organisations`` and ``provinces`` (the projections of
:mod:`kg.network`). :func:`view_graph` returns the view as a networkx graph
(what the page draws, so tests can count it), cut down by focus, class,
province and size, with what was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph

from kg.analytics import pagerank
from kg.catalogue import find
from kg.errors import InputError
from kg.lazy import nx
from kg.names import entity_id
from kg.network import organisation_network, province_network
from kg.ontology import ID
from kg.render.facts import Facts, gather
from kg.render.groups import Grouping, group_view
from kg.render.layout import positions
from kg.render.styles import KIND_LABELS
from kg.sparql import run

VIEWS = ("full", "organisations", "provinces")
MAX_NODES = 5000


def _full_view(facts: Facts) -> nx.MultiDiGraph:
    v = nx.MultiDiGraph()
    for sid in sorted(facts.info):
        v.add_node(sid)
    for s, o, k, lab, fam, q, inf in facts.relations:
        v.add_edge(s, o, rel=k, label=lab, family=fam, q=q, weight=1, inf=inf)
    return v


def _network_view(net, edge) -> nx.MultiDiGraph:
    """Turn a kg.network projection into a view; ``edge(data)`` gives rel, family and labels."""
    v = nx.MultiDiGraph()
    for n in sorted(net.nodes, key=str):
        v.add_node(entity_id(n))
    for a, b, d in sorted(net.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        v.add_edge(entity_id(a), entity_id(b), weight=d["weight"], q=[],
                   coops=sorted(entity_id(c) for c in set(d["cooperations"])), **edge(d))
    return v


def _organisation_edge(d: dict) -> dict:
    kinds, w = d["kinds"], d["weight"]
    zh = "、".join(KIND_LABELS[k][0] for k in kinds)
    en = ", ".join(KIND_LABELS[k][1] for k in kinds)
    return {"rel": kinds[0], "family": kinds[0],
            "label": [f"{zh} ×{w}" if w > 1 else zh, f"{en} ×{w}" if w > 1 else en]}


def _province_edge(d: dict) -> dict:
    w = d["weight"]
    return {"rel": "cooperation", "family": "cooperation",
            "label": [f"{w} 项合作", f"{w} cooperation{'s' if w != 1 else ''}"]}


def resolve(facts: Facts, name: str, what: str = "entity") -> str:
    """Find an entity's short id from an id (``org/jiuli``, ``id:org/jiuli``, IRI) or exact label."""
    s = name.strip()
    for prefix in (str(ID), "id:"):
        if s.startswith(prefix):
            s = s[len(prefix):]
    if s in facts.info:
        return s
    hits = sorted(sid for sid, i in facts.info.items()
                  if name.strip().casefold() in {i["zh"].casefold(), i["en"].casefold(),
                                                 *(a.casefold() for a in i["alt"])})
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise InputError(f"the {what} '{name}' is ambiguous: it names {', '.join(hits)}; give an id")
    raise InputError(f"no {what} is called '{name}'; give an id such as org/jiuli or an exact label")


@dataclass
class View:
    """A view ready to draw: the graph, the facts behind it and what was left out."""

    name: str
    graph: nx.MultiDiGraph
    facts: Facts
    total: int
    omitted: int
    notes: list[str]
    centrality: dict
    positions: dict = field(default_factory=dict)   # node -> (x, y), computed in Python
    grouping: Grouping | None = None                # set when the view is folded into groups
    focus: str | None = None                        # the node a --focus view is centred on
    reserve: list = field(default_factory=list)     # nodes sent hidden, shown by a double-click


def view_graph(g: Graph, view: str = "full", focus: str | None = None, depth: int = 1,
               classes: tuple[str, ...] = (), provinces: tuple[str, ...] = (),
               max_nodes: int = MAX_NODES, facts: Facts | None = None,
               group_by: str | None = None, progress=None, query: str | None = None,
               params: dict | None = None) -> View:
    """Build the view the page draws, cut down by focus, class, province and size.

    ``classes`` are class names of the ontology (``Enterprise``, ``Organisation``:
    subclasses count); ``provinces`` are ids or labels of provincial-level divisions.
    Beyond ``max_nodes`` the view is folded into groups by ``group_by``
    (province, city or class; :mod:`kg.render.groups`), or, without it, only the
    most central nodes are kept; ``View.omitted`` counts the nodes left out, so
    the page can say so. Every drawn node gets its position (:mod:`kg.render.layout`);
    ``progress(i, n)`` hears of the layout's iterations. ``query`` (a catalogue
    query's name, with ``params``) keeps the entities its results name: the
    result drawn as a graph.
    """
    if view not in VIEWS:
        raise InputError(f"unknown view '{view}'; views are {', '.join(VIEWS)}")
    if max_nodes < 1:
        raise InputError(f"--max-nodes must be 1 or more, not {max_nodes}")
    facts = facts or gather(g)
    if view == "full":
        v = _full_view(facts)
    elif view == "organisations":
        v = _network_view(organisation_network(g), _organisation_edge)
    else:
        v = _network_view(province_network(g), _province_edge)
    total = v.number_of_nodes()
    centrality = _centrality(v)
    notes = []
    keep = set(v.nodes)
    fid, reserve = None, set()
    if focus:
        fid = resolve(facts, focus)
        if fid not in v:
            raise InputError(f"'{focus}' ({fid}) is not a node of the {view} view")
        if depth < 0:
            raise InputError(f"--depth must be 0 or more, not {depth}")
        u = v.to_undirected(as_view=True)
        keep &= set(nx.ego_graph(u, fid, radius=depth))
        # the next ring, sent hidden: a double-click on a node shows its neighbours from it
        reserve = set(nx.ego_graph(u, fid, radius=depth + 1)) - keep
        notes.append(f"focus {fid}, depth {depth}")
    if query:
        named = query_entities(g, query, params)
        keep &= named
        notes.append(f"query {query}: {len(named & set(v.nodes))} entities in its results")
    if classes:
        known = {c for i in facts.info.values() for c in i["cls"]}
        bad = sorted(set(classes) - known)
        if bad:
            raise InputError(f"unknown class {', '.join(bad)}; classes in the graph are "
                             f"{', '.join(sorted(known))}")
        keep = {n for n in keep if set(classes) & set(facts.info[n]["cls"])}
        reserve = {n for n in reserve if set(classes) & set(facts.info[n]["cls"])}
        notes.append("class " + ", ".join(classes))
    if provinces:
        pids = set()
        for p in provinces:
            pid = resolve(facts, p, "province")
            if "ProvincialDivision" not in facts.info[pid]["cls"]:
                raise InputError(f"'{p}' ({pid}) is not a provincial-level division")
            pids.add(pid)
        keep = {n for n in keep if pids & set(facts.info[n]["prov"])}
        reserve = {n for n in reserve if pids & set(facts.info[n]["prov"])}
        notes.append("province " + ", ".join(sorted(pids)))
    if len(keep) > max_nodes and group_by:
        sub = nx.MultiDiGraph(v.subgraph(sorted(keep)))
        notes.append(f"{len(keep):,} nodes in groups by {group_by}")
        grouping = group_view(sub, facts, centrality, group_by)
        return View(view, sub, facts, total, total - sub.number_of_nodes(), notes, centrality,
                    grouping=grouping)
    if len(keep) > max_nodes:
        ranked = sorted(keep, key=lambda n: (-centrality[n], n))
        keep = set(ranked[:max_nodes])
        notes.append(f"the {max_nodes:,} most connected nodes")
    sub = nx.MultiDiGraph(v.subgraph(sorted(keep | reserve)))
    return View(view, sub, facts, total, total - len(keep), notes, centrality,
                positions=positions(sub, progress=progress), focus=fid if fid in keep else None,
                reserve=sorted(reserve))


def query_entities(g: Graph, name: str, params: dict | None = None) -> set[str]:
    """Return the ids of the entities a catalogue query's results name (any column)."""
    result = run(g, find(name), params or {})
    return {entity_id(t) for row in result.rows for t in row
            if t is not None and str(t).startswith(str(ID))}


def _centrality(v: nx.MultiDiGraph) -> dict:
    """Weighted PageRank (kg.analytics) of the view's undirected, simple projection."""
    u = nx.Graph()
    u.add_nodes_from(v.nodes)
    for a, b, d in v.edges(data=True):
        if a == b:
            continue
        w = u.edges[a, b]["weight"] if u.has_edge(a, b) else 0
        u.add_edge(a, b, weight=w + d.get("weight", 1))
    return pagerank(u)
