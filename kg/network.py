"""Project the RDF graph onto networkx graphs: organisations and provinces.

An edge joins two agents that take part in the same cooperation; it keeps the
cooperations (and involvement nodes) it came from, so every edge can be traced
back to its quotes. Who takes part in what, and where each organisation is, is
read from the graph once (:func:`participation`); every projection and measure
of a graph can share that reading.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rdflib import RDF, RDFS, Graph, URIRef

from kg.lazy import nx
from kg.names import label
from kg.ontology import YRD

# Cooperation class -> relation kind of the edges it makes, most specific first.
KINDS = (
    (YRD.Collaboration, "co-membership"),
    (YRD.Agreement, "co-signing"),
    (YRD.Event, "co-organising"),
    (YRD.CooperationProject, "co-project"),
    (YRD.Arrangement, "co-arranging"),
    (YRD.Cooperation, "co-issuing"),
)

INVOLVEMENTS = """
SELECT DISTINCT ?inv ?coop ?agent ?role WHERE {
    ?inv yrd:cooperation ?coop ; yrd:agent ?agent ; yrd:role ?role .
    ?agent a/rdfs:subClassOf* yrd:Organisation .
}"""

PROVINCES = """
SELECT DISTINCT ?org ?prov WHERE {
    ?org a/rdfs:subClassOf* yrd:Organisation ;
         (yrd:basedIn|yrd:coversDivision)/yrd:locatedIn* ?prov .
    ?prov a/rdfs:subClassOf* yrd:ProvincialDivision .
}"""

# Cooperations whose sides a source names by division (the pairwise power swaps).
BETWEEN = """
SELECT DISTINCT ?coop ?prov WHERE {
    ?coop yrd:betweenDivision/yrd:locatedIn* ?prov .
    ?prov a/rdfs:subClassOf* yrd:ProvincialDivision .
}"""


def _classes(g: Graph, node) -> set:
    out = set()
    for c in g.objects(node, RDF.type):
        out |= set(g.transitive_objects(c, RDFS.subClassOf))
    return out


def kind_of(g: Graph, coop) -> str:
    """Name the relation kind a cooperation gives its participants' edges."""
    classes = _classes(g, coop)
    return next((kind for cls, kind in KINDS if cls in classes), "co-issuing")


def involvements(g: Graph) -> dict[URIRef, list[tuple[URIRef, URIRef, URIRef]]]:
    """Map each cooperation to its (agent, role, involvement) triples, organisations only."""
    out = defaultdict(list)
    for row in g.query(INVOLVEMENTS, initNs={"yrd": YRD, "rdfs": RDFS}):
        out[row.coop].append((row.agent, row.role, row.inv))
    return {k: sorted(v) for k, v in sorted(out.items())}


def provinces_of(g: Graph) -> dict[URIRef, set[URIRef]]:
    """Map each organisation to the provincial-level divisions it is based in or covers
    (directly, or through a city it is based in or covers)."""
    out = defaultdict(set)
    for row in g.query(PROVINCES, initNs={"yrd": YRD, "rdfs": RDFS}):
        out[row.org].add(row.prov)
    return dict(out)


def sides_between(g: Graph) -> dict[URIRef, set[URIRef]]:
    """Map each cooperation stated to be between divisions to their provincial-level divisions."""
    out = defaultdict(set)
    for row in g.query(BETWEEN, initNs={"yrd": YRD, "rdfs": RDFS}):
        out[row.coop].add(row.prov)
    return dict(out)


@dataclass(frozen=True)
class Participation:
    """What the projections read from a graph, read once: see :func:`involvements`,
    :func:`provinces_of` and :func:`sides_between`."""

    involvements: dict[URIRef, list[tuple[URIRef, URIRef, URIRef]]]
    provinces: dict[URIRef, set[URIRef]]
    between: dict[URIRef, set[URIRef]]


def participation(g: Graph) -> Participation:
    """Run the involvement, province and between-divisions queries on ``g``, once each."""
    return Participation(involvements(g), provinces_of(g), sides_between(g))


def _node_attrs(g: Graph, node, **extra) -> dict:
    return {"label_zh": label(g, node, "zh") or str(node), "label_en": label(g, node, "en") or str(node),
            **extra}


def organisation_network(g: Graph, part: Participation | None = None) -> nx.Graph:
    """Organisations joined when they share a cooperation; weight = shared cooperations.

    ``part`` is :func:`participation` of ``g``, when the caller has read it already.
    """
    part = part or participation(g)
    net = nx.Graph()
    provs = part.provinces
    for coop, parts in part.involvements.items():
        kind = kind_of(g, coop)
        agents = sorted({a for a, _, _ in parts})
        for a in agents:
            if a not in net:
                cls = sorted(str(c) for c in g.objects(a, RDF.type))
                net.add_node(a, **_node_attrs(g, a, classes=cls,
                                              provinces=sorted(str(p) for p in provs.get(a, ()))))
        for a, b in combinations(agents, 2):
            if not net.has_edge(a, b):
                net.add_edge(a, b, weight=0, kinds=[], cooperations=[])
            e = net.edges[a, b]
            e["weight"] += 1
            e["kinds"] = sorted(set(e["kinds"]) | {kind})
            e["cooperations"].append(str(coop))
    return net


def province_network(g: Graph, part: Participation | None = None) -> nx.Graph:
    """Provinces joined by cooperations that involve organisations of both, or that a
    source states to be between them (yrd:betweenDivision).

    Each edge counts distinct cooperations per kind; a cooperation within one
    province is a self-loop, so the adjacency matrix is the cooperation matrix.
    """
    part = part or participation(g)
    net = nx.Graph()
    provs, between, parts_of = part.provinces, part.between, part.involvements
    for p in sorted({p for ps in [*provs.values(), *between.values()] for p in ps}):
        net.add_node(p, **_node_attrs(g, p))
    for coop in sorted(set(parts_of) | set(between)):
        kind = kind_of(g, coop)
        touched = sorted({p for a, _, _ in parts_of.get(coop, ()) for p in provs.get(a, ())}
                         | between.get(coop, set()))
        pairs = list(combinations(touched, 2)) + [(p, p) for p in touched]
        for a, b in pairs:
            if not net.has_edge(a, b):
                net.add_edge(a, b, weight=0, counts={}, cooperations=[])
            e = net.edges[a, b]
            e["weight"] += 1
            e["counts"][kind] = e["counts"].get(kind, 0) + 1
            e["cooperations"].append(str(coop))
    return net
