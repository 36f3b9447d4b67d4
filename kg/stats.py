"""Count what the graph holds: entities per class, facts per source."""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, SKOS, Graph, Literal, URIRef

from kg.names import entity_id
from kg.ontology import ID, PROV, YRD, local_name


def entities_per_class(g: Graph) -> list[tuple[str, int]]:
    """Count the graph's own nodes (id: namespace) by each class they are typed with."""
    counts = Counter()
    for s, c in g.subject_objects(RDF.type):
        if str(s).startswith(str(ID)):
            counts[local_name(c)] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def facts_per_source(g: Graph) -> list[tuple[str, int, int]]:
    """Return (source, facts, quotes); a fact is a node whose evidence quotes that source."""
    facts, quotes = {}, Counter()
    for q, src in g.subject_objects(PROV.wasQuotedFrom):
        quotes[src] += 1
        for node in g.subjects(YRD.evidence, q):
            facts.setdefault(src, set()).add(node)
    return sorted((str(s), len(facts.get(s, ())), n) for s, n in quotes.items())


def sources_table(g: Graph) -> list[tuple[str, str, str, int, int]]:
    """Return (short id such as src/yrd-divisions, zh label, en label, facts, quotes) per source."""
    rows = []
    for src, n_facts, n_quotes in facts_per_source(g):
        short = entity_id(src)
        labels = {lit.language: str(lit) for lit in g.objects(URIRef(src), SKOS.prefLabel)
                  if isinstance(lit, Literal)}
        rows.append((short, labels.get("zh", ""), labels.get("en", ""), n_facts, n_quotes))
    return rows
