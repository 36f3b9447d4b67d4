"""Name RDF terms for people: CURIEs, entity ids, labels, and what a node is about.

Reports, query tables, analytics and the documentation all show terms through
these functions, so a term reads the same everywhere.

>>> curie(URIRef("https://w3id.org/yrd-kg/id/org/jiuli"))
'id:org/jiuli'
>>> curie(URIRef("https://w3id.org/yrd-kg/shapes#EventShape"))
'yrds:EventShape'
>>> entity_id(URIRef("https://w3id.org/yrd-kg/id/org/jiuli"))
'org/jiuli'
"""

from __future__ import annotations

from rdflib import RDF, SKOS, BNode, Graph, Literal, URIRef

from kg.ontology import ID, QUERIES, SHAPES, YRD, split

# Our IRIs outside the data's prefixes: the shapes' (as their files write them), and the
# catalogue's check queries, shown as the file they come from.
_OWN = ((str(SHAPES), "yrds:"), (str(QUERIES), "queries/"))


def curie(node) -> str:
    """Show a term: ``prefix:local`` for a known namespace, ``_:`` and 8 characters for a
    blank node, the lexical form for a literal, "" for None."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{str(node)[:8]}"
    if not isinstance(node, URIRef):
        return str(node)
    parts = split(node)
    if parts is not None:
        return f"{parts[0]}:{parts[1]}"
    s = str(node)
    for ns, shown in _OWN:
        if s.startswith(ns):
            return shown + s[len(ns):]
    return s


def entity_id(node) -> str:
    """Return an entity's id without the namespace, e.g. ``org/jiuli``; any other IRI as it is."""
    s = str(node)
    return s[len(str(ID)):] if s.startswith(str(ID)) else s


def label(g: Graph, node, lang: str = "zh") -> str | None:
    """Return the preferred label of ``node`` in ``lang``, or None."""
    # The smallest, so a node with two labels (a violation) reads the same in every engine.
    texts = [str(lit) for lit in g.objects(node, SKOS.prefLabel)
             if isinstance(lit, Literal) and lit.language == lang]
    return min(texts) if texts else None


def describe(g: Graph, node) -> str:
    """Name a node for people: its labels, or what it relates, then its id."""
    if node is None:
        return ""
    zh, en = label(g, node, "zh"), label(g, node, "en")
    if zh or en:
        return f"{zh or '(no Chinese label)'} / {en or '(no English label)'} [{curie(node)}]"
    if (node, RDF.type, RDF.Statement) in g:
        s, p, o = (g.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        return (f"statement: {label(g, s) or curie(s)} {curie(p)} {label(g, o) or curie(o)} "
                f"[{curie(node)}]")
    agent, coop = g.value(node, YRD.agent), g.value(node, YRD.cooperation)
    if agent is not None or coop is not None:
        role = g.value(node, YRD.role)
        return (f"involvement: {label(g, agent) or curie(agent)} as {curie(role)} in "
                f"{label(g, coop) or curie(coop)} [{curie(node)}]")
    about = g.value(node, YRD.targetOf) or g.value(node, YRD.about)
    if about is not None:
        return f"figure of {label(g, about) or curie(about)} [{curie(node)}]"
    return curie(node)
