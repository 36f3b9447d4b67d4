"""Order the ontology's terms as a tree: classes by rdfs:subClassOf, properties by rdfs:subPropertyOf.

The documentation's Chinese contents and the data-model diagram read the same
tree. Siblings are ordered by their label in the language asked for: Chinese
labels in the order of the Unicode ideographs (radical, then strokes, as a
Chinese dictionary's index), English ones alphabetically; a term without a
label by its IRI. A term with several parents in our namespace hangs under the
most specific of them, so each appears once.

>>> from kg.ontology import ontology_graph, YRD
>>> YRD.Enterprise in dict(dict(term_tree(ontology_graph(), OWL.Class, "en"))[YRD.Organisation])
True
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg.ontology import BASE

PARENT = {OWL.Class: RDFS.subClassOf, OWL.ObjectProperty: RDFS.subPropertyOf,
          OWL.DatatypeProperty: RDFS.subPropertyOf, OWL.AnnotationProperty: RDFS.subPropertyOf}

Tree = list[tuple[URIRef, "Tree"]]


def term_label(g: Graph, term, lang: str) -> str:
    """The term's rdfs:label in ``lang``, else its local name."""
    labels = sorted(str(o) for o in g.objects(term, RDFS.label)
                    if isinstance(o, Literal) and o.language == lang)
    return labels[0] if labels else str(term).rsplit("#", 1)[-1]


def _depth(g: Graph, term, parent, seen=()) -> int:
    ups = [p for p in g.objects(term, parent) if str(p).startswith(BASE) and p not in seen]
    return 1 + max((_depth(g, p, parent, (*seen, term)) for p in ups), default=0)


def term_tree(g: Graph, kind: URIRef, lang: str) -> Tree:
    """Return our terms of type ``kind`` (owl:Class, owl:ObjectProperty, ...) as (term, children) pairs."""
    parent = PARENT[kind]
    terms = sorted({t for t in g.subjects(RDF.type, kind)
                    if isinstance(t, URIRef) and str(t).startswith(BASE)})
    ours = set(terms)
    children: dict = {t: [] for t in terms}
    roots = []
    for t in terms:
        ups = [p for p in g.objects(t, parent) if p in ours and p != t]
        if ups:
            up = sorted(ups, key=lambda p: (-_depth(g, p, parent), term_label(g, p, lang), str(p)))[0]
            children[up].append(t)
        else:
            roots.append(t)

    def key(t):
        return term_label(g, t, lang), str(t)

    def build(nodes) -> Tree:
        return [(t, build(children[t])) for t in sorted(nodes, key=key)]

    return build(roots)


def flatten(tree: Tree, depth: int = 0):
    """Yield (term, depth) in the tree's order, parents before their children."""
    for term, kids in tree:
        yield term, depth
        yield from flatten(kids, depth + 1)
