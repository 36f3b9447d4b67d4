"""Compare two versions of the graph: facts added, removed and changed, by entity, with their quotes.

A fact is a triple about a node of the data; the triples of reified statements
and of quotes are not listed themselves but give each fact its quotes (a
statement ``rdf:subject s; rdf:predicate p; rdf:object o; yrd:evidence q``,
else the evidence of the fact's subject). A fact whose subject and predicate
stay but whose one value differs is *changed*. The dataset's description
(its counts and version change with every release) is left out; the ontology's
own triples are grouped under the ontology. ``yrdkg diff`` prints the result;
``yrdkg release --previous`` makes the release notes from it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.dataset import is_description
from kg.names import curie, describe, label
from kg.ontology import BASE, ONTOLOGY_IRI, YRD

ONTOLOGY = "ontology"  # the group of the ontology's own triples
PROVENANCE = (YRD.Quote, YRD.SourcePart)  # nodes that hold quotes, not facts


@dataclass
class Fact:
    """One fact that differs: ``old`` or ``new`` is None when it was added or removed."""

    predicate: URIRef
    old: Node | None
    new: Node | None
    quotes: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"


@dataclass
class EntityDiff:
    """What differs about one entity (or the ontology)."""

    entity: str   # the entity's IRI, or ONTOLOGY
    name: str     # its labels, from the newer graph where it is there
    facts: list[Fact]


def _is_provenance(g: Graph, s) -> bool:
    return (s, RDF.type, RDF.Statement) in g or any((s, RDF.type, c) in g for c in PROVENANCE)


def _facts(g: Graph) -> set:
    """The triples compared: all but the description's and the provenance nodes'."""
    return {t for t in g if not is_description(t[0]) and not _is_provenance(g, t[0])}


def quotes(g: Graph, s, p, o) -> list[str]:
    """The texts quoted for fact (s, p, o): its statement's evidence, else its subject's."""
    found = []
    for st in g.subjects(RDF.subject, s):
        if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g:
            found += [q for q in g.objects(st, YRD.evidence)]
    if not found:
        found = list(g.objects(s, YRD.evidence))
    texts = {str(t) for q in found for t in g.objects(q, YRD.text)}
    return sorted(texts)


def _group(s) -> str:
    text = str(s)
    return ONTOLOGY if text.startswith(BASE) or text == str(ONTOLOGY_IRI) else text


def diff(old: Graph, new: Graph) -> list[EntityDiff]:
    """Return what differs from ``old`` to ``new``, one entry per entity, sorted by IRI."""
    before, after = _facts(old), _facts(new)
    removed, added = before - after, after - before
    by_key: dict[tuple, dict[str, list]] = defaultdict(lambda: {"old": [], "new": []})
    for s, p, o in removed:
        by_key[(s, p)]["old"].append(o)
    for s, p, o in added:
        by_key[(s, p)]["new"].append(o)
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for (s, p), values in by_key.items():
        olds, news = sorted(values["old"]), sorted(values["new"])
        if len(olds) == 1 and len(news) == 1:
            facts = [Fact(p, olds[0], news[0], quotes(new, s, p, news[0]) or quotes(old, s, p, olds[0]))]
        else:
            facts = ([Fact(p, o, None, quotes(old, s, p, o)) for o in olds]
                     + [Fact(p, None, o, quotes(new, s, p, o)) for o in news])
        grouped[_group(s)] += [(s, f) for f in facts]
    out = []
    for entity in sorted(grouped):
        pairs = sorted(grouped[entity], key=lambda sf: (str(sf[0]), str(sf[1].predicate), sf[1].kind,
                                                         str(sf[1].old), str(sf[1].new)))
        if entity == ONTOLOGY:
            name = "the ontology"
        else:
            node = URIRef(entity)
            name = describe(new, node) if (node, None, None) in new else describe(old, node)
        out.append(EntityDiff(entity, name, [f for _, f in pairs]))
    return out


def counts(diffs: list[EntityDiff]) -> dict[str, int]:
    """Count facts added, removed and changed, and the entities they concern."""
    c = {"entities": len(diffs), "added": 0, "removed": 0, "changed": 0}
    for d in diffs:
        for f in d.facts:
            c[f.kind] += 1
    return c


def _value(g: Graph, node) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        text = json.dumps(str(node), ensure_ascii=False)
        if node.language:
            return f"{text}@{node.language}"
        return text if node.datatype in (None, XSD.string) else f"{text}^^{curie(node.datatype)}"
    name = label(g, node, "zh") or label(g, node, "en")
    return f"{curie(node)} ({name})" if name else curie(node)


def markdown(diffs: list[EntityDiff], old: Graph, new: Graph, title: str = "Changes") -> str:
    """Write the differences as Markdown: a summary, then one section per entity."""
    c = counts(diffs)
    lines = [f"# {title}", "",
             f"{c['added']} facts added, {c['removed']} removed, {c['changed']} changed, "
             f"about {c['entities']} entities.", ""]
    sign = {"added": "+", "removed": "-", "changed": "~"}
    for d in diffs:
        lines += [f"## {d.name}", ""]
        for f in d.facts:
            if f.kind == "changed":
                what = f"{_value(old, f.old)} -> {_value(new, f.new)}"
            else:
                what = _value(new if f.new is not None else old, f.new if f.new is not None else f.old)
            lines.append(f"- {sign[f.kind]} {f.kind} `{curie(f.predicate)}` {what}")
            lines += [f"  > {q}" for q in f.quotes]
        lines.append("")
    if not diffs:
        lines += ["No facts differ.", ""]
    return "\n".join(lines)


def as_json(diffs: list[EntityDiff]) -> str:
    """Write the differences as JSON (terms as N-Triples terms)."""
    doc = {"counts": counts(diffs), "entities": [
        {"entity": d.entity, "name": d.name, "facts": [
            {"kind": f.kind, "predicate": str(f.predicate),
             "old": f.old.n3() if f.old is not None else None,
             "new": f.new.n3() if f.new is not None else None, "quotes": f.quotes}
            for f in d.facts]} for d in diffs]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

