"""The one place the graph is assembled: ontology + curated data.

The CLI, the tests and the notebooks all call :func:`build_graph`.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.loaders import load
from kg.ontology import ontology_graph
from kg.paths import data_dir


def bind_prefixes(g: Graph) -> Graph:
    """Bind the prefixes every export uses, so files read the same everywhere."""
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

    from kg.ontology import BASE, FOAF, ID, ORG, PROV, SCHEMA

    for prefix, ns in (("yrd", BASE), ("id", ID), ("org", ORG), ("prov", PROV),
                       ("schema", SCHEMA), ("foaf", FOAF), ("skos", SKOS), ("dcterms", DCTERMS),
                       ("owl", OWL), ("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD)):
        g.bind(prefix, ns, override=True, replace=True)
    return g


def build_graph(data: Path | None = None) -> Graph:
    """Return a new graph holding the ontology and every curated fact."""
    g = Graph()
    bind_prefixes(g)
    for triple in ontology_graph():
        g.add(triple)
    for triple in load(data or data_dir()):
        g.add(triple)
    return g
