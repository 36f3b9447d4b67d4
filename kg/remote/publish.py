"""Publish the graph to a triple store: one SPARQL 1.1 Graph Store Protocol PUT, then a count.

One ``PUT ?graph=IRI`` replaces the named graph
(https://www.w3.org/TR/sparql11-http-rdf-update/#http-put), so the store swaps
the whole graph in one request and never holds half of it; the triple count is
then checked with a COUNT query, or by GETting the graph back. Credentials come
from the environment, as for :mod:`kg.remote.client`.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from rdflib import Graph, URIRef

from kg.catalogue import values_block
from kg.errors import InputError, ServiceError, YrdkgError
from kg.export import serialize
from kg.files import RDF_FORMATS
from kg.remote.client import ACCEPT_GRAPH, check_url, remote_query, request, shown

FORMATS = ("nt", "turtle")  # the bodies a PUT may carry
COUNT_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }}"


def count_graph(sparql: str, graph: URIRef) -> int:
    """Count the triples of named graph ``graph`` with a COUNT query at ``sparql``."""
    rows = list(remote_query(sparql, COUNT_GRAPH.format(values=values_block({"g": URIRef(graph)}))))
    return int(rows[0][0]) if rows else 0


def graph_store_url(endpoint: str, graph: URIRef) -> str:
    """Address a named graph by indirect identification: ``ENDPOINT?graph=IRI``."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({'graph': str(graph)})}"


def fetch_graph(endpoint: str, graph: URIRef) -> Graph:
    """GET a named graph from a Graph Store endpoint."""
    url = graph_store_url(endpoint, graph)
    _, ctype, body = request("GET", url, accept=ACCEPT_GRAPH)
    media = ctype.split(";")[0].strip().lower()
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt"}.get(media)
    if fmt is None:
        raise ServiceError(f"GET {shown(url)} answered with {media or 'no content type'}, not "
                           "N-Triples or Turtle: is this a Graph Store endpoint?")
    g = Graph()
    try:
        g.parse(data=body, format=fmt)
    except Exception as exc:  # rdflib raises many types for bad syntax
        raise ServiceError(f"GET {shown(url)} answered with {media} that does not parse: "
                           f"{' '.join(str(exc).split())[:300]}") from None
    return g


def graph_iri(text: str) -> URIRef:
    """Check that ``text`` is an absolute IRI fit to name a graph."""
    if not urllib.parse.urlsplit(str(text)).scheme or any(c in str(text) for c in '<>"{}|^`\\ '):
        raise InputError(f"--graph '{text}' is not an absolute IRI")
    return URIRef(str(text))


@dataclass
class Published:
    """What a publish did: where, how many triples sent and found, how it was checked."""

    graph: URIRef
    status: int
    sent: int
    found: int
    checked_by: str


def publish(g: Graph, endpoint: str, graph: URIRef, sparql: str | None = None,
            fmt: str = "nt") -> Published:
    """Replace named graph ``graph`` at Graph Store ``endpoint`` with ``g`` in one PUT.

    The count is then checked with a COUNT query at ``sparql`` if given, else by
    GETting the graph back. A store applies a PUT whole or not at all; a count
    that differs afterwards (another writer, a store that dropped triples) is a
    ServiceError saying so.
    """
    if fmt not in FORMATS:
        raise InputError(f"cannot publish as {fmt!r}; use one of {', '.join(FORMATS)}")
    graph = graph_iri(graph)
    for url in (endpoint, sparql) if sparql else (endpoint,):
        check_url(url)  # before the PUT: a bad --sparql must not be found only afterwards
    status, _, _ = request("PUT", graph_store_url(endpoint, graph), serialize(g, fmt),
                           f"{RDF_FORMATS[fmt].media_type}; charset=utf-8")
    try:
        if sparql:
            found, how = count_graph(sparql, graph), f"COUNT query at {shown(sparql)}"
        else:
            found, how = len(fetch_graph(endpoint, graph)), f"GET of the graph from {shown(endpoint)}"
    except YrdkgError as exc:  # say what was done before what failed
        raise ServiceError(f"the PUT succeeded (HTTP {status}: <{graph}> at {shown(endpoint)} was "
                           f"replaced with {len(g)} triples), but the check that followed failed: "
                           f"{exc}") from None
    if found != len(g):
        raise ServiceError(f"the store accepted the PUT (HTTP {status}) but <{graph}> now holds {found} "
                           f"triples, not the {len(g)} sent ({how}); the graph there is not what "
                           f"yrd-kg built: publish again, and check for other writers")
    return Published(graph, status, len(g), found, how)
