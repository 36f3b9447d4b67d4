"""Run the catalogue's check queries (``queries/*-violation.rq``): every row they return is a Violation.

A check selects ``?focus`` (the node at fault) and may select ``?message`` and
``?value``; without ``?focus`` the first IRI of the row is the node at fault.
The checks run through :func:`kg.sparql.run`, so on an rdflib graph and on a
:class:`kg.store.BigGraph` alike.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.catalogue import Query, violation_queries
from kg.sparql import run
from kg.store import BigGraph
from kg.validation.report import Finding, check_finding


def check_rows(data: Graph | BigGraph, folder: Path | None = None) -> list[tuple[Query, Node, Node, Node]]:
    """Run every check on ``data``; return (query, focus, value, message) per row."""
    rows = []
    for q in violation_queries(folder):
        result = run(data, q)
        for row in result.rows:
            cells = dict(zip(result.vars, row, strict=True))
            focus = cells.get("focus")
            if focus is None:
                focus = next((t for t in row if isinstance(t, URIRef)), None)
            rows.append((q, focus, cells.get("value"), cells.get("message")))
    return rows


def check_queries(g: Graph, folder: Path | None = None) -> list[Finding]:
    """Run every check on the rdflib graph ``g``; return one Violation per row, named from ``g``."""
    return [check_finding(g, *row) for row in check_rows(g, folder)]
