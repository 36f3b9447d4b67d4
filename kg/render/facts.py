"""Gather what the explorer says about each entity of a graph: names, types, properties, relations, quotes.

:func:`gather` reads the RDF graph once into :class:`Facts`: one entry per entity
(an ``id:`` node that is not a relationship or support node), relationship nodes
collapsed into labelled relations (an involvement becomes agent -> cooperation
labelled by its role, a post becomes person -> organisation labelled by its
title, a reified simple fact keeps its quote on the edge it backs; a fact the
curator marks as inferred keeps the reason on its edge, drawn dashed), provisions
listed in their entity's details, and every quote once, with its source and the
part of the source it lies in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.names import entity_id
from kg.network import provinces_of
from kg.ontology import BASE, ID, ORG, PROV, SCHEMA, YRD, local_name
from kg.render.styles import NODE_STYLES, PROPERTY_FAMILY, ROLE_FAMILY, style_of

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
# When an entity happened or was issued, for the page's time slider (the earliest it has);
# ends, periods' ends and outlook years are the future a plan looks to, not when it was.
DATE_PROPERTIES = (YRD.startDate, YRD.releaseDate, YRD.yearMonth, YRD.periodStart, YRD.year)
COMPARATOR_SIGNS = {YRD.AtLeast: "≥", YRD.MoreThan: ">", YRD.AtMost: "≤", YRD.Exactly: "=",
                    YRD.Approximately: "≈"}


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
    fallback = entity_id(node) if str(node).startswith(str(ID)) else str(node).rsplit("#", 1)[-1]
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


def _most_specific(g: Graph, types: list, classes: _Classes):
    """Pick the most specific declared class of a node, for its type label."""
    ours = [t for t in types if str(t).startswith(BASE)] or types
    return sorted(ours, key=lambda t: (-len(classes.up(t)), str(t)))[0] if ours else None


@dataclass
class Facts:
    """Everything the page says about nodes, gathered once from the RDF graph."""

    quotes: list = field(default_factory=list)       # [{t, s, o}]
    quote_index: dict = field(default_factory=dict)  # quote IRI -> index
    names: dict = field(default_factory=dict)        # short id -> [zh, en]
    info: dict = field(default_factory=dict)         # short id -> node info dict
    relations: list = field(default_factory=list)    # (s, o, key, [zh, en], family, [q], reason|None)
    groups: dict = field(default_factory=dict)       # style key -> [zh, en] of its class
    sources: dict = field(default_factory=dict)      # source id -> {zh, en, table: bool, ym: yearMonth}

    def quote(self, g: Graph, q) -> int:
        if q not in self.quote_index:
            src = g.value(q, PROV.wasQuotedFrom)
            src_zh = _lang_value(g, src, DCTERMS.title, "zh") if src is not None else None
            src_en = _lang_value(g, src, DCTERMS.title, "en") if src is not None else None
            off = g.value(q, YRD.offset)
            part = g.value(q, DCTERMS.isPartOf)  # the section it lies in, named after the source
            src_id = entity_id(src or "")
            where = [src_zh or src_id, src_en or src_zh or src_id]
            if part is not None and g.value(part, DCTERMS.title) is not None:
                where = [f"{w} › {g.value(part, DCTERMS.title)}" for w in where]
            self.quote_index[q] = len(self.quotes)
            self.quotes.append({"t": str(g.value(q, YRD.text) or ""), "s": where, "src": src_id,
                                "o": int(off) if off is not None else None})
            if src_id not in self.sources:
                file_name, ym = g.value(src, YRD.fileName), g.value(src, YRD.yearMonth)
                self.sources[src_id] = {"zh": src_zh or src_id, "en": src_en or src_zh or src_id,
                                        "table": str(file_name or "").endswith(".csv"),
                                        "ym": str(ym) if ym is not None else None}
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


def _properties(g: Graph, node, facts: Facts) -> list[dict]:
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


def _provisions(g: Graph, node, facts: Facts) -> list[dict]:
    """List what an entity provides: {l: [zh, en], q: [quote indexes], inf: reason or None}."""
    out = []
    for p in g.objects(node, YRD.hasProvision):
        zh, en = term_labels(g, p)
        out.append({"l": [zh, en], "q": facts.evidence(g, p), "inf": inference(g, p)})
    # in the order the source states them: by the last of their quotes
    return sorted(out, key=lambda d: (max((facts.quotes[q]["o"] or 0 for q in d["q"]), default=-1), d["l"]))


WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#"


def _coordinates(g: Graph) -> dict:
    """Return {node: [lat, long]} from W3C geo:lat and geo:long or any sub-property the graph declares."""
    lat_long = []
    for top in (URIRef(WGS84 + "lat"), URIRef(WGS84 + "long")):
        props = set(g.transitive_subjects(RDFS.subPropertyOf, top))
        values = {}
        for p in sorted(props, key=str):          # the same value each run if a node has two
            for s, o in sorted(g.subject_objects(p)):
                if isinstance(o, Literal) and s not in values:
                    try:
                        values[s] = float(o.toPython())
                    except (TypeError, ValueError):
                        continue
        lat_long.append(values)
    lat, long = lat_long
    return {s: [lat[s], long[s]] for s in lat if s in long}


def _quote_order(g: Graph, q) -> tuple:
    """Sort key of a quote: its source, its offset there, its text, its IRI."""
    off = g.value(q, YRD.offset)
    return (str(g.value(q, PROV.wasQuotedFrom) or ""), int(off) if off is not None else -1,
            str(g.value(q, YRD.text) or ""), str(q))


def gather(g: Graph) -> Facts:
    """Collect node info, collapsed relations and quotes from the RDF graph."""
    classes = _Classes(g)
    coordinates = _coordinates(g)
    facts = Facts()
    # Quotes are numbered in the order of their sources and offsets, not as the graph (hash
    # order, PYTHONHASHSEED) yields them: the page is the same bytes from run to run.
    for q in sorted(set(g.objects(None, YRD.evidence)), key=lambda q: _quote_order(g, q)):
        facts.quote(g, q)
    facts.groups = {key: list(term_labels(g, cls)) for cls, key, _c, _s in NODE_STYLES}
    entities = _entities(g, classes)
    is_entity = set(entities)
    provs = provinces_of(g)
    for e in entities:
        sid = entity_id(e)
        zh, en = term_labels(g, e)
        cls = classes.of(e)
        key, colour, shape = style_of(cls)
        typ = _most_specific(g, list(g.objects(e, RDF.type)), classes)
        alt = sorted(str(a) for a in g.objects(e, SKOS.altLabel))
        facts.names[sid] = [zh, en]
        facts.info[sid] = {"id": sid, "zh": zh, "en": en, "alt": alt, "g": key,
                           "t": list(term_labels(g, typ)) if typ is not None else [key, key],
                           "cls": sorted(local_name(c) for c in cls if str(c).startswith(BASE)),
                           "props": _properties(g, e, facts), "pv": _provisions(g, e, facts),
                           "m": facts.evidence(g, e),
                           "prov": sorted(entity_id(p) for p in provs.get(e, ())),
                           "sec": sorted(entity_id(s) for p in (YRD.sector, YRD.domain)
                                         for s in g.objects(e, p)),
                           "geo": coordinates.get(e),
                           "d": min((str(d) for p in DATE_PROPERTIES for d in g.objects(e, p)), default=None)}
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
    facts.relations = sorted((entity_id(s), entity_id(o), k, list(lab), fam, q, inf)
                             for s, o, k, lab, fam, q, inf in rels)
    # Provinces and sectors of non-organisations, for the page's filters.
    _spread_filters(g, facts)
    return facts


def _spread_filters(g: Graph, facts: Facts) -> None:
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
