"""Render the graph as one self-contained, offline HTML explorer (vis-network).

Three views of the same graph:

- ``full``: every entity is a node; relationship nodes are collapsed into labelled
  edges (an involvement becomes agent -> cooperation labelled by its role, a post
  becomes person -> organisation labelled by its title, a reified simple fact
  keeps its quote on the edge it backs); a fact the curator marks as inferred
  keeps the reason on its edge (drawn dashed), and provisions are listed in
  their entity's details;
- ``organisations`` and ``provinces``: the projections of :mod:`kg.network`.

:func:`view_graph` returns the view as a networkx graph (what the page draws, so
tests can count it); :func:`render_html` turns it into the page. The page inlines
vis-network from the files bundled with pyvis, passes the data as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped,
and builds its DOM with ``textContent`` only, so nothing from the data is ever
parsed as HTML. No request leaves the page: no CDN, no ``lib/`` folder.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import InputError
from kg.network import organisation_network, province_network, provinces_of
from kg.ontology import BASE, ID, ORG, PROV, SCHEMA, YRD
from kg.paths import templates_dir

VIEWS = ("full", "organisations", "provinces")
MAX_NODES = 5000
VIS_JS = ("lib", "vis-9.1.2", "vis-network.min.js")

# Node style by class, most specific first: (class, key, colour, shape).
# The palette is Tableau 10, muted; shapes separate the families of things.
NODE_STYLES = (
    (YRD.InnovationConsortium, "consortium", "#8c6bb1", "hexagon"),
    (YRD.MediaAlliance, "alliance", "#a889c9", "hexagon"),
    (YRD.Collaboration, "collaboration", "#8c6bb1", "hexagon"),
    (YRD.CollectiveActor, "collective", "#9c755f", "dot"),
    (YRD.GovernmentBody, "government", "#d4645f", "dot"),
    (YRD.Enterprise, "enterprise", "#4e79a7", "dot"),
    (YRD.University, "university", "#59a14f", "dot"),
    (YRD.ResearchInstitute, "research", "#8cc276", "dot"),
    (YRD.Hospital, "hospital", "#f1a3aa", "dot"),
    (YRD.MediaOrganisation, "media", "#e0b73f", "dot"),
    (YRD.Association, "association", "#b07aa1", "dot"),
    (YRD.ThinkTank, "thinktank", "#76b7b2", "dot"),
    (YRD.Organisation, "organisation", "#9aa5b1", "dot"),
    (YRD.Person, "person", "#e8894a", "star"),
    (YRD.Event, "event", "#f28e2b", "diamond"),
    (YRD.Agreement, "agreement", "#d37295", "square"),
    (YRD.Initiative, "initiative", "#d37295", "square"),
    (YRD.CooperationProject, "project", "#499894", "triangle"),
    (YRD.Cooperation, "cooperation", "#499894", "triangle"),
    (YRD.Document, "document", "#c9a0c0", "square"),
    (YRD.Batch, "batch", "#a0a0a0", "square"),
    (YRD.ProvincialDivision, "province", "#5f86b0", "triangleDown"),
    (YRD.Region, "region", "#3f6a96", "triangleDown"),
    (YRD.City, "city", "#a9bfd6", "triangleDown"),
    (YRD.Place, "place", "#a9bfd6", "triangleDown"),
    (YRD.Sector, "sector", "#c7a76c", "dot"),
    (YRD.Domain, "domain", "#c7a76c", "dot"),
)

# Edge families by relation: colour, dashes, width. Roles of an involvement are
# "role" unless listed; simple facts fall back to their object property.
EDGE_FAMILIES = {
    "lead": ("#5b4a8a", False, 2.6),
    "role": ("#7d7f99", False, 1.4),
    "organiser": ("#c07a3d", False, 1.4),
    "speech": ("#c07a3d", [2, 4], 1.2),
    "post": ("#e8894a", [6, 4], 1.2),
    "place": ("#a9bfd6", [4, 4], 1.0),
    "topic": ("#c7a76c", [2, 4], 1.0),
    "structure": ("#9aa5b1", False, 1.0),
    "co-membership": ("#8c6bb1", False, 1.5),
    "co-signing": ("#d37295", False, 1.5),
    "co-organising": ("#f28e2b", False, 1.5),
    "co-project": ("#499894", False, 1.5),
    "co-arranging": ("#59a14f", False, 1.5),
    "co-issuing": ("#9aa5b1", False, 1.5),
    "cooperation": ("#7d7f99", False, 1.5),
}
ROLE_FAMILY = {
    YRD.LeadRole: "lead", YRD.GuideRole: "organiser", YRD.HostRole: "organiser",
    YRD.OrganiserRole: "organiser", YRD.SpeakerRole: "speech", YRD.ChairRole: "speech",
}
PROPERTY_FAMILY = {
    YRD.basedIn: "place", YRD.locatedIn: "place", YRD.place: "place", YRD.coversDivision: "place",
    YRD.includesPlace: "place", YRD.sector: "topic", YRD.domain: "topic",
}
KIND_LABELS = {
    "co-membership": ("同属合作组织", "co-membership"),
    "co-signing": ("共同签署", "co-signing"),
    "co-organising": ("共同参与活动", "co-organising"),
    "co-project": ("共同参与项目", "co-project"),
    "co-arranging": ("共同开展合作安排", "co-arranging"),
    "co-issuing": ("共同发文", "co-issuing"),
}

# Relationship and support nodes: never drawn as nodes of the full view.
NOT_ENTITIES = {YRD.Involvement, YRD.Membership, YRD.Post, YRD.Quote, YRD.Source, RDF.Statement,
                YRD.Target, YRD.Statistic, YRD.QuantitativeFigure, YRD.Provision, YRD.SourcePart}
# Object properties that are not drawn: structure of relationship nodes, inverses
# and triples derived from involvements (their edge is the involvement's).
HIDDEN_PROPERTIES = {YRD.agent, YRD.cooperation, YRD.role, YRD.evidence, YRD.ledBy, YRD.leads,
                     YRD.contains, YRD.hasSubEvent, YRD.hasTarget, YRD.targetOf, YRD.about, YRD.unit,
                     YRD.comparator, YRD.postHolder, YRD.postIn, ORG.hasMember, RDF.type, YRD.hasProvision,
                     YRD.textOf}
# Literal properties not listed among a node's properties (shown elsewhere, or never: short forms
# only find an entity in quotes).
HIDDEN_LITERALS = {SKOS.prefLabel, SKOS.hiddenLabel, YRD.text, YRD.offset}
EXTRA_PROPERTY_LABELS = {
    SKOS.altLabel: ("别名", "also known as"),
    SKOS.editorialNote: ("编辑注", "editorial note"),
    SCHEMA.sameAs: ("同一实体", "same as"),
    DCTERMS.title: ("标题", "title"),
}
COMPARATOR_SIGNS = {YRD.AtLeast: "≥", YRD.MoreThan: ">", YRD.AtMost: "≤", YRD.Exactly: "=",
                    YRD.Approximately: "≈"}


def short(node) -> str:
    """Return an entity's id without the namespace, e.g. ``org/jiuli``."""
    s = str(node)
    return s[len(str(ID)):] if s.startswith(str(ID)) else s


def _lang_value(g: Graph, node, prop, lang: str) -> str | None:
    for lit in g.objects(node, prop):
        if isinstance(lit, Literal) and lit.language == lang:
            return str(lit)
    return None


def inference(g: Graph, node) -> list[str] | None:
    """Return the curator's reason [zh, en] if ``node`` is a fact marked yrd:inferred, else None."""
    if (node, YRD.inferred, Literal(True)) not in g:
        return None
    en = _lang_value(g, node, YRD.inferenceNote, "en") or ""
    return [_lang_value(g, node, YRD.inferenceNote, "zh") or en, en]


def term_labels(g: Graph, node) -> tuple[str, str]:
    """Return (zh, en) names of a node: its skos:prefLabel, else rdfs:label, else its id."""
    out = []
    for lang in ("zh", "en"):
        out.append(_lang_value(g, node, SKOS.prefLabel, lang) or _lang_value(g, node, RDFS.label, lang))
    fallback = short(node) if str(node).startswith(str(ID)) else str(node).rsplit("#", 1)[-1]
    zh, en = out
    return zh or en or fallback, en or zh or fallback


class _Classes:
    """Cache the superclasses of each class; the hierarchy comes from the graph."""

    def __init__(self, g: Graph):
        self.g = g
        self._up: dict = {}

    def up(self, cls) -> set:
        if cls not in self._up:
            self._up[cls] = set(self.g.transitive_objects(cls, RDFS.subClassOf))
        return self._up[cls]

    def of(self, node) -> set:
        out = set()
        for c in self.g.objects(node, RDF.type):
            out |= self.up(c)
        return out


def style_of(classes: set) -> tuple[str, str, str]:
    """Return (key, colour, shape) for a node with these classes (superclasses included)."""
    for cls, key, colour, shape in NODE_STYLES:
        if cls in classes:
            return key, colour, shape
    return "other", "#bab0ac", "dot"


def _most_specific(g: Graph, types: list, classes: _Classes):
    """Pick the most specific declared class of a node, for its type label."""
    ours = [t for t in types if str(t).startswith(BASE)] or types
    return sorted(ours, key=lambda t: (-len(classes.up(t)), str(t)))[0] if ours else None


@dataclass
class _Facts:
    """Everything the page says about nodes, gathered once from the RDF graph."""

    quotes: list = field(default_factory=list)       # [{t, s, o}]
    quote_index: dict = field(default_factory=dict)  # quote IRI -> index
    names: dict = field(default_factory=dict)        # short id -> [zh, en]
    info: dict = field(default_factory=dict)         # short id -> node info dict
    relations: list = field(default_factory=list)    # (s, o, key, [zh, en], family, [q], reason|None)
    groups: dict = field(default_factory=dict)       # style key -> [zh, en] of its class

    def quote(self, g: Graph, q) -> int:
        if q not in self.quote_index:
            src = g.value(q, PROV.wasQuotedFrom)
            src_zh = _lang_value(g, src, DCTERMS.title, "zh") if src is not None else None
            src_en = _lang_value(g, src, DCTERMS.title, "en") if src is not None else None
            off = g.value(q, YRD.offset)
            part = g.value(q, DCTERMS.isPartOf)  # the section it lies in, named after the source
            where = [src_zh or short(src or ""), src_en or src_zh or short(src or "")]
            if part is not None and g.value(part, DCTERMS.title) is not None:
                where = [f"{w} › {g.value(part, DCTERMS.title)}" for w in where]
            self.quote_index[q] = len(self.quotes)
            self.quotes.append({"t": str(g.value(q, YRD.text) or ""), "s": where,
                                "o": int(off) if off is not None else None})
        return self.quote_index[q]

    def evidence(self, g: Graph, node) -> list[int]:
        return sorted(self.quote(g, q) for q in g.objects(node, YRD.evidence))


def _entities(g: Graph, classes: _Classes) -> list[URIRef]:
    out = []
    for s in set(g.subjects(RDF.type, None)):
        if not isinstance(s, URIRef) or not str(s).startswith(str(ID)):
            continue
        if classes.of(s) & NOT_ENTITIES:
            continue
        out.append(s)
    return sorted(out, key=str)


def _number(v) -> str:
    """Show 200000000 as 200,000,000 and 99.50 as 99.5; anything else as it is."""
    if isinstance(v, Decimal):
        v = v.normalize()
        return f"{v:,f}" if v == v.to_integral_value() or abs(v.as_tuple().exponent) < 8 else str(v)
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _figure_text(g: Graph, fig, lang: str) -> str:
    sign = COMPARATOR_SIGNS.get(g.value(fig, YRD.comparator), "")
    value = g.value(fig, YRD.value)
    unit = g.value(fig, YRD.unit)
    unit_label = term_labels(g, unit)[0 if lang == "zh" else 1] if unit is not None else ""
    measures = _lang_value(g, fig, YRD.measures, lang) or _lang_value(g, fig, YRD.measures, "zh") or ""
    year = g.value(fig, YRD.year)
    num = "?" if value is None else _number(value.toPython())
    text = f"{measures}: {sign} {num} {unit_label}".strip()
    return f"{text} ({year})" if year is not None else text


def _properties(g: Graph, node, facts: _Facts) -> list[dict]:
    """List a node's literal properties and figures as {k: [zh, en], v: {lang: [..]}, q: [..]}."""
    by_prop: dict = defaultdict(lambda: defaultdict(list))
    for p, o in g.predicate_objects(node):
        if not isinstance(o, Literal) or p in HIDDEN_LITERALS:
            continue
        value = str(o)
        if o.datatype is not None and o.datatype.endswith("#boolean"):
            value = "是 / yes" if o.toPython() else "否 / no"
        by_prop[p][o.language or ""].append(value)
    for p, o in g.predicate_objects(node):
        if p == SCHEMA.sameAs and isinstance(o, URIRef):
            by_prop[p][""].append(str(o))
    out = []
    for p in sorted(by_prop, key=str):
        k = EXTRA_PROPERTY_LABELS.get(p) or term_labels(g, p)
        values = {lang: sorted(vs) for lang, vs in sorted(by_prop[p].items())}
        out.append({"k": list(k), "v": values, "q": [], "inf": None})
    figures = sorted(set(g.subjects(YRD.targetOf, node)) | set(g.subjects(YRD.about, node)), key=str)
    for fig in figures:
        kind = term_labels(g, g.value(fig, RDF.type))
        values = {"zh": [_figure_text(g, fig, "zh")], "en": [_figure_text(g, fig, "en")]}
        out.append({"k": list(kind), "v": values, "q": facts.evidence(g, fig), "inf": inference(g, fig)})
    return out


def _provisions(g: Graph, node, facts: _Facts) -> list[dict]:
    """List what an entity provides: {l: [zh, en], q: [quote indexes], inf: reason or None}."""
    out = []
    for p in g.objects(node, YRD.hasProvision):
        zh, en = term_labels(g, p)
        out.append({"l": [zh, en], "q": facts.evidence(g, p), "inf": inference(g, p)})
    # in the order the source states them: by the last of their quotes
    return sorted(out, key=lambda d: (max((facts.quotes[q]["o"] or 0 for q in d["q"]), default=-1), d["l"]))


def gather(g: Graph) -> _Facts:
    """Collect node info, collapsed relations and quotes from the RDF graph."""
    classes = _Classes(g)
    facts = _Facts()
    facts.groups = {key: list(term_labels(g, cls)) for cls, key, _c, _s in NODE_STYLES}
    entities = _entities(g, classes)
    is_entity = set(entities)
    provs = provinces_of(g)
    for e in entities:
        sid = short(e)
        zh, en = term_labels(g, e)
        cls = classes.of(e)
        key, colour, shape = style_of(cls)
        typ = _most_specific(g, list(g.objects(e, RDF.type)), classes)
        alt = sorted(str(a) for a in g.objects(e, SKOS.altLabel))
        facts.names[sid] = [zh, en]
        facts.info[sid] = {"id": sid, "zh": zh, "en": en, "alt": alt, "g": key,
                           "t": list(term_labels(g, typ)) if typ is not None else [key, key],
                           "cls": sorted(str(c)[len(BASE):] for c in cls if str(c).startswith(BASE)),
                           "props": _properties(g, e, facts), "pv": _provisions(g, e, facts),
                           "m": facts.evidence(g, e),
                           "prov": sorted(short(p) for p in provs.get(e, ())),
                           "sec": sorted(short(s) for p in (YRD.sector, YRD.domain) for s in g.objects(e, p))}
    # Statements give the quotes of simple facts, and the curator's reason where inferred.
    stated, stated_inf = defaultdict(list), {}
    for st in g.subjects(RDF.type, RDF.Statement):
        key3 = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        stated[key3] += facts.evidence(g, st)
        stated_inf[key3] = stated_inf.get(key3) or inference(g, st)
    rels = []
    for inv in g.subjects(YRD.cooperation, None):
        agent, coop, role = g.value(inv, YRD.agent), g.value(inv, YRD.cooperation), g.value(inv, YRD.role)
        if agent in is_entity and coop in is_entity:
            rels.append((agent, coop, str(role).rsplit("#", 1)[-1], term_labels(g, role),
                         ROLE_FAMILY.get(role, "role"), facts.evidence(g, inv), inference(g, inv)))
    for post in g.subjects(RDF.type, YRD.Post):
        holder, org = g.value(post, YRD.postHolder), g.value(post, YRD.postIn)
        if holder in is_entity and org in is_entity:
            rels.append((holder, org, "post", term_labels(g, post), "post", facts.evidence(g, post),
                         inference(g, post)))
    for s, p, o in g:
        if s in is_entity and o in is_entity and p not in HIDDEN_PROPERTIES and isinstance(p, URIRef):
            rels.append((s, o, str(p).rsplit("#", 1)[-1], term_labels(g, p),
                         PROPERTY_FAMILY.get(p, "structure"), sorted(set(stated.get((s, p, o), []))),
                         stated_inf.get((s, p, o))))
    facts.relations = sorted((short(s), short(o), k, list(lab), fam, q, inf)
                             for s, o, k, lab, fam, q, inf in rels)
    # Provinces and sectors of non-organisations, for the page's filters.
    _spread_filters(g, facts)
    return facts


def _spread_filters(g: Graph, facts: _Facts) -> None:
    """Give places, cooperations, people and concepts the provinces and sectors they touch."""
    info = facts.info
    prov_ids = {sid for sid, i in info.items() if {"ProvincialDivision"} & set(i["cls"])}
    for sid, i in info.items():
        if sid in prov_ids:
            i["prov"] = sorted(set(i["prov"]) | {sid})
    for s, o, k, _lab, _fam, _q, _inf in facts.relations:   # cities in provinces
        if k == "locatedIn" and o in prov_ids and s in info:
            info[s]["prov"] = sorted(set(info[s]["prov"]) | {o})
    for s, o, k, _lab, _fam, _q, _inf in facts.relations:   # events by their place, people by their posts
        if k in ("place", "post") and s in info and o in info:
            info[s]["prov"] = sorted(set(info[s]["prov"]) | set(info[o]["prov"]))
    for s, o, _k, _lab, fam, _q, _inf in facts.relations:   # cooperations by their agents; sectors back
        if fam in ("lead", "role", "organiser", "speech") and s in info and o in info:
            info[o]["prov"] = sorted(set(info[o]["prov"]) | set(info[s]["prov"]))
            info[s]["sec"] = sorted(set(info[s]["sec"]) | set(info[o]["sec"]))
    for sid, i in info.items():
        if {"Sector", "Domain"} & set(i["cls"]):
            i["sec"] = sorted(set(i["sec"]) | {sid})


# -- views ---------------------------------------------------------------------
def _full_view(facts: _Facts) -> nx.MultiDiGraph:
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
        v.add_node(short(n))
    for a, b, d in sorted(net.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        v.add_edge(short(a), short(b), weight=d["weight"], q=[],
                   coops=sorted(short(c) for c in set(d["cooperations"])), **edge(d))
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


def _organisation_view(g: Graph, facts: _Facts) -> nx.MultiDiGraph:
    return _network_view(organisation_network(g), _organisation_edge)


def _province_view(g: Graph, facts: _Facts) -> nx.MultiDiGraph:
    return _network_view(province_network(g), _province_edge)


def resolve(facts: _Facts, name: str, what: str = "entity") -> str:
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
    facts: _Facts
    total: int
    omitted: int
    notes: list[str]
    centrality: dict


def view_graph(g: Graph, view: str = "full", focus: str | None = None, depth: int = 1,
               classes: tuple[str, ...] = (), provinces: tuple[str, ...] = (),
               max_nodes: int = MAX_NODES, facts: _Facts | None = None) -> View:
    """Build the view the page draws, cut down by focus, class, province and size.

    ``classes`` are class names of the ontology (``Enterprise``, ``Organisation``:
    subclasses count); ``provinces`` are ids or labels of provincial-level divisions.
    Beyond ``max_nodes`` only the most central nodes are kept. ``View.omitted``
    counts the nodes left out, so the page can say so.
    """
    if view not in VIEWS:
        raise InputError(f"unknown view '{view}'; views are {', '.join(VIEWS)}")
    if max_nodes < 1:
        raise InputError(f"--max-nodes must be 1 or more, not {max_nodes}")
    facts = facts or gather(g)
    v = {"full": lambda: _full_view(facts), "organisations": lambda: _organisation_view(g, facts),
         "provinces": lambda: _province_view(g, facts)}[view]()
    total = v.number_of_nodes()
    centrality = _centrality(v)
    notes = []
    keep = set(v.nodes)
    if focus:
        fid = resolve(facts, focus)
        if fid not in v:
            raise InputError(f"'{focus}' ({fid}) is not a node of the {view} view")
        if depth < 0:
            raise InputError(f"--depth must be 0 or more, not {depth}")
        keep &= set(nx.ego_graph(v.to_undirected(as_view=True), fid, radius=depth))
        notes.append(f"focus {fid}, depth {depth}")
    if classes:
        known = {c for i in facts.info.values() for c in i["cls"]}
        bad = sorted(set(classes) - known)
        if bad:
            raise InputError(f"unknown class {', '.join(bad)}; classes in the graph are "
                             f"{', '.join(sorted(known))}")
        keep = {n for n in keep if set(classes) & set(facts.info[n]["cls"])}
        notes.append("class " + ", ".join(classes))
    if provinces:
        pids = set()
        for p in provinces:
            pid = resolve(facts, p, "province")
            if "ProvincialDivision" not in facts.info[pid]["cls"]:
                raise InputError(f"'{p}' ({pid}) is not a provincial-level division")
            pids.add(pid)
        keep = {n for n in keep if pids & set(facts.info[n]["prov"])}
        notes.append("province " + ", ".join(sorted(pids)))
    if len(keep) > max_nodes:
        ranked = sorted(keep, key=lambda n: (-centrality[n], n))
        keep = set(ranked[:max_nodes])
        notes.append(f"the {max_nodes:,} most connected nodes")
    sub = nx.MultiDiGraph(v.subgraph(sorted(keep)))
    return View(view, sub, facts, total, total - sub.number_of_nodes(), notes, centrality)


def _centrality(v: nx.MultiDiGraph) -> dict:
    """Weighted PageRank (kg.analytics) of the view's undirected, simple projection."""
    from kg.analytics import pagerank

    u = nx.Graph()
    u.add_nodes_from(v.nodes)
    for a, b, d in v.edges(data=True):
        if a == b:
            continue
        w = u.edges[a, b]["weight"] if u.has_edge(a, b) else 0
        u.add_edge(a, b, weight=w + d.get("weight", 1))
    return pagerank(u)


# -- page ----------------------------------------------------------------------
def page_data(view: View) -> dict:
    """Return the JSON the page reads: nodes, edges, legend, quotes, filters."""
    facts, v = view.facts, view.graph
    cent = [view.centrality[n] for n in v.nodes] or [0]
    lo, hi = min(cent), max(cent)
    styles = {key: (colour, shape) for _, key, colour, shape in NODE_STYLES}
    styles["other"] = ("#bab0ac", "dot")
    # Projections are cliques of few nodes: smaller nodes keep their labels apart.
    low, span = (9, 24) if view.name == "full" else (10, 14)
    nodes, used_groups = [], set()
    for n in v.nodes:
        i = facts.info[n]
        c = view.centrality[n]
        # square root: PageRank is skewed, and a node's area should grow with it, not its width
        size = low + span * math.sqrt((c - lo) / (hi - lo) if hi > lo else 0.1)
        nodes.append({**i, "sz": round(size, 1), "c": float(f"{c:.4g}")})
        used_groups.add(i["g"])
    order = [k for _, k, _c, _s in NODE_STYLES] + ["other"]
    legend = [{"g": key, "zh": _group_label(key, facts.groups)[0], "en": _group_label(key, facts.groups)[1],
               "colour": styles[key][0], "shape": styles[key][1]}
              for key in order if key in used_groups]
    edges = []
    for k, (a, b, d) in enumerate(v.edges(data=True)):
        edges.append({"id": f"e{k}", "from": a, "to": b, "rel": d["rel"], "fam": d["family"],
                      "label": d["label"], "q": d.get("q", []), "w": d.get("weight", 1),
                      "coops": d.get("coops", []), "inf": d.get("inf")})
    families = sorted({e["fam"] for e in edges})
    # Facts per node from the full relation list, whatever the view.
    node_facts = defaultdict(list)
    for s, o, _k, lab, _fam, q, inf in facts.relations:
        node_facts[s].append({"dir": "out", "o": o, "p": lab, "q": q, "inf": inf})
        node_facts[o].append({"dir": "in", "o": s, "p": lab, "q": q, "inf": inf})
    for nd in nodes:
        nd["f"] = node_facts.get(nd["id"], [])
    used = {n for n in v.nodes}
    referenced = used | {f["o"] for nd in nodes for f in nd["f"]} | {c for e in edges for c in e["coops"]}
    referenced |= {p for nd in nodes for p in nd["prov"]} | {s for nd in nodes for s in nd["sec"]}
    prov_ids = sorted({p for nd in nodes for p in nd["prov"]})
    sec_ids = sorted({s for nd in nodes for s in nd["sec"]})
    return {
        "view": view.name,
        "total": view.total,
        "omitted": view.omitted,
        "notes": view.notes,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "edgeStyles": {f: _edge_style(f) for f in families},
        "names": {sid: facts.names[sid] for sid in sorted(referenced) if sid in facts.names},
        "quotes": facts.quotes,
        "provinces": prov_ids,
        "sectors": sec_ids,
    }


EDGE_FAMILY_LABELS = {
    "lead": ("牵头", "leads"),
    "role": ("参与（成员、签署等）", "takes part (member, signatory, ...)"),
    "organiser": ("指导、主办、承办", "guides, hosts, organises"),
    "speech": ("主持、演讲", "chairs, speaks"),
    "post": ("任职", "holds a post"),
    "place": ("地点", "place"),
    "topic": ("领域", "field"),
    "structure": ("其他关系", "other relations"),
    "cooperation": ("共同参与的合作", "shared cooperations"),
    **{k: v for k, v in KIND_LABELS.items()},
}


def _edge_style(family: str) -> dict:
    colour, dashes, width = EDGE_FAMILIES.get(family, EDGE_FAMILIES["structure"])
    zh, en = EDGE_FAMILY_LABELS.get(family, (family, family))
    return {"colour": colour, "dashes": dashes, "width": width, "zh": zh, "en": en}


def _group_label(key: str, names: dict) -> tuple[str, str]:
    """Name a legend entry by its style's class; catch-all entries say so."""
    family = {"organisation": ("其他组织", "Other organisation"), "place": ("其他地点", "Other place"),
              "cooperation": ("其他合作事项", "Other cooperation"), "other": ("其他", "Other")}
    if key in family:
        return family[key]
    zh, en = names.get(key, (key, key))
    return zh, en[:1].upper() + en[1:]


def _json_for_script(data) -> str:
    """Serialise for a <script> block: no '<', '>', '&' or line separators survive raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _vis_js() -> str:
    text = resources.files("pyvis").joinpath(*VIS_JS).read_text(encoding="utf-8")
    if "</script" in text.lower():  # cannot happen with 9.1.2; guard a future upgrade
        raise RuntimeError("vis-network.min.js contains '</script'; it cannot be inlined as is")
    return text


def render_html(view: View) -> str:
    """Return the whole page as a string (one file, no external resources)."""
    templates = templates_dir()
    template = (templates / "explorer.html").read_text(encoding="utf-8")
    parts = {
        "/*STYLE*/": (templates / "explorer.css").read_text(encoding="utf-8"),
        "/*VIS*/": _vis_js(),
        "/*APP*/": (templates / "explorer.js").read_text(encoding="utf-8"),
        "/*DATA*/": _json_for_script(page_data(view)),
    }
    # One pass over the template: inlined text is never scanned for markers again.
    return re.sub(r"/\*(STYLE|VIS|APP|DATA)\*/", lambda m: parts[m.group(0)], template)


def write_explorer(g: Graph, path: Path, **options) -> View:
    """Render a view of ``g`` to ``path`` as UTF-8, atomically; return the view drawn."""
    from kg.export import write_atomic

    view = view_graph(g, **options)
    write_atomic(Path(path), render_html(view).encode("utf-8"))
    return view
