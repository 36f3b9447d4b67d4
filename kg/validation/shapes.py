"""Read what validation needs: the SHACL shapes, and proof that there is data to validate.

>>> len(shapes_graph()) > 0
True
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import SH, BNode, Graph

from kg.errors import InputError
from kg.ontology import ontology_graph
from kg.paths import shapes_dir


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Parse every file under ontology/shapes once per process."""
    g = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def owner(shapes: Graph, shape):
    """Name a blank property shape (or SPARQL constraint) by the node shape that holds it."""
    while isinstance(shape, BNode):
        parent = next(iter(shapes.subjects(SH.property, shape)), None) or \
            next(iter(shapes.subjects(SH.sparql, shape)), None)
        if parent is None:
            break
        shape = parent
    return shape


def _masked(t: tuple) -> tuple:
    return tuple(None if isinstance(x, BNode) else x for x in t)


@lru_cache(maxsize=1)
def _ontology_triples() -> frozenset:
    return frozenset(_masked(t) for t in ontology_graph())


def has_data(triples) -> bool:
    """Tell whether ``triples`` hold one triple beside the ontology's own.

    A blank node matches any blank node (parsers name them differently). Stops at
    the first triple that is not the ontology's, so a large graph costs little.
    """
    onto = _ontology_triples()
    return any(_masked(t) not in onto for t in triples)


def nothing_to_validate(source=None) -> InputError:
    """The error for a graph with no triple beside the ontology's own, naming ``source``."""
    return InputError("nothing to validate: no triples beside the ontology's own, so no shape "
                      "and no check has any data to test (validation never passes on nothing)", source)


def require_data(triples, source=None) -> None:
    """Refuse to validate nothing: raise an InputError naming ``source`` unless ``triples``
    hold one triple beside the ontology's own."""
    if not has_data(triples):
        raise nothing_to_validate(source)
