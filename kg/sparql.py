"""Run a catalogue query on either engine and get the same Result; compare results by value.

One runner for the command line, the validation checks, the tests and the
benchmark: rdflib on an rdflib ``Graph``, Oxigraph on a :class:`kg.store.BigGraph`
(or on an rdflib graph copied into one). Parameters are bound as terms in the
query's own VALUES line (:func:`kg.catalogue.bind`), never pasted into the query
as text, so both engines, and any endpoint, read the same query.

Oxigraph, like other stores that keep values, gives ``"770"^^xsd:nonNegativeInteger``
back as ``"770"^^xsd:integer`` and ``"5.50"^^xsd:decimal`` as ``"5.5"``:
:func:`normalise` is the key under which answers compare.

>>> normalise(Literal("5.50", datatype=XSD.decimal)) == normalise(Literal("5.5", datatype=XSD.decimal))
True
>>> normalise(Literal("7", datatype=XSD.nonNegativeInteger), lenient=True)[1] == str(XSD.integer)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg.catalogue import Query, bind, prepared
from kg.errors import InputError
from kg.ontology import INTEGER_TYPES
from kg.store import BigGraph, converter, from_graph

ENGINES = ("rdflib", "oxigraph")
NUMBERS = INTEGER_TYPES | {XSD.decimal, XSD.double, XSD.float}


@dataclass
class Result:
    """Variables and rows of rdflib terms (None where unbound), the same for either engine."""

    vars: list[str]
    rows: list[tuple]


def run(data: Graph | BigGraph, q: Query, values: dict[str, str] | None = None,
        engine: str | None = None) -> Result:
    """Run the SELECT query ``q`` on ``data`` with ``values`` for its parameters.

    ``engine`` is rdflib (the default for a ``Graph``) or oxigraph (the only one for a
    ``BigGraph``; a ``Graph`` is copied into a new store first, so to run many
    queries load it once with :func:`kg.store.from_graph`).
    """
    if engine not in (None, *ENGINES):
        raise ValueError(f"unknown engine {engine!r}; engines are {', '.join(ENGINES)}")
    text = bind(q, values)
    if isinstance(data, BigGraph):
        if engine == "rdflib":
            raise ValueError("a BigGraph is queried by Oxigraph; run rdflib on kg.store.rdflib_graph(big)")
        return _oxigraph(data, q, text)
    if engine == "oxigraph":
        return _oxigraph(from_graph(data), q, text)
    res = data.query(prepared(text))
    if res.type != "SELECT":
        raise InputError(f"only SELECT queries are supported, not {res.type}", q.path or q.name)
    return Result([str(v) for v in res.vars], [tuple(row) for row in res])


def _oxigraph(big: BigGraph, q: Query, text: str) -> Result:
    try:
        result = big.store.query(text)
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error (Oxigraph): {exc}", q.path or q.name) from None
    if not isinstance(result, ox.QuerySolutions):
        raise InputError("only SELECT queries are supported", q.path or q.name)
    names = [v.value for v in result.variables]
    conv = converter()
    # A solution iterates its values in the order of the variables (None where unbound): no look-up
    # by name per cell (a third of the time at 700k rows).
    return Result(names, [tuple(map(conv, sol)) for sol in result])


# -- comparing -------------------------------------------------------------------
def normalise(term, lenient: bool = False):
    """Return a comparable key for a term: numbers by value and datatype, strings with language
    or datatype.

    ``lenient`` compares as a store that keeps values gives terms back: every
    integer type derived from xsd:integer as xsd:integer, booleans by value (see
    the ``engines:`` notes in the catalogue).
    """
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        if term.language:
            return ("lang", str(term), term.language.lower())
        dt = str(term.datatype or XSD.string)
        if lenient and term.datatype in INTEGER_TYPES:
            dt = str(XSD.integer)
        well_typed = not getattr(term, "ill_typed", False)
        if term.datatype in NUMBERS and well_typed:
            return ("number", dt, Decimal(str(term.toPython())).normalize())
        if lenient and term.datatype == XSD.boolean and well_typed:
            return ("boolean", term.toPython())
        return ("literal", str(term), dt)
    return ("other", str(term))


def result_set(result: Result, lenient: bool = False) -> list[tuple]:
    """The rows as a sorted list of normalised tuples (a multiset, order ignored)."""
    rows = [tuple(normalise(t, lenient) for t in row) for row in result.rows]
    return sorted(rows, key=repr)
