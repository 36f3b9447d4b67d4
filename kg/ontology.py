"""Read ontology/yrd.ttl: the closed YRD namespace, the one prefix table, what each term allows.

Python never spells our term IRIs itself: ``YRD.InnovationConsortium`` is looked
up in the ontology, and a misspelt term raises instead of minting a new IRI.
The namespaces of yrd-kg and of the vocabularies it reuses are named here once:
:data:`PREFIXES` is what every RDF file we write binds, and what every IRI we
show to people is shortened by (:mod:`kg.names`).

>>> split(YRD.Enterprise)
('yrd', 'Enterprise')
>>> local_name(ORG.Organization)
'org:Organization'
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import pyoxigraph as ox
from rdflib import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD, Graph, Namespace, URIRef
from rdflib.namespace import ClosedNamespace

from kg.paths import ontology_file

BASE = "https://w3id.org/yrd-kg/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/yrd-kg/ontology")
ID = Namespace("https://w3id.org/yrd-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")  # W3C Basic Geo: yrd:latitude's super-property
SHAPES = Namespace("https://w3id.org/yrd-kg/shapes#")    # the IRIs of ontology/shapes
QUERIES = Namespace("https://w3id.org/yrd-kg/queries/")  # catalogue queries, as sh:sourceShape of checks
GRAPH = Namespace("https://w3id.org/yrd-kg/graph/")      # the named graphs of the exports

# The one prefix table, in the order the JSON-LD context lists it.
PREFIXES: dict[str, str] = {
    "yrd": BASE, "id": str(ID), "org": str(ORG), "prov": str(PROV), "schema": str(SCHEMA),
    "foaf": str(FOAF), "skos": str(SKOS), "dcterms": str(DCTERMS), "owl": str(OWL), "rdf": str(RDF),
    "rdfs": str(RDFS), "xsd": str(XSD), "dcat": str(DCAT), "void": str(VOID),
    "geo": str(GEO),
}

# The one set of integer datatypes: xsd:integer and every type derived from it
# (https://www.w3.org/TR/xmlschema11-2/#built-in-datatypes). Stores that keep values
# (Oxigraph) give their literals back as xsd:integer.
INTEGER_TYPES: frozenset[URIRef] = frozenset(XSD[t] for t in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))


def bind_prefixes(g: Graph) -> Graph:
    """Bind :data:`PREFIXES` in ``g``, so files read the same everywhere; return ``g``."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def split(iri) -> tuple[str, str] | None:
    """Split an IRI into (prefix, local name) by :data:`PREFIXES`, or return None."""
    s = str(iri)
    for prefix, ns in PREFIXES.items():
        if s.startswith(ns):
            return prefix, s[len(ns):]
    return None


def local_name(iri) -> str:
    """Name a term for people: ``Enterprise`` for ours, ``foaf:Agent`` for a known vocabulary."""
    parts = split(iri)
    if parts is None:
        return str(iri)
    return parts[1] if parts[0] == "yrd" else f"{parts[0]}:{parts[1]}"


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Parse the ontology once per process."""
    g = Graph()
    g.parse(ontology_file(), format="turtle")
    return g


def _terms() -> list[str]:
    """Read the local names of our terms: every subject in our namespace (Oxigraph's parser, as
    every command imports this module and needs no more of the ontology than this)."""
    quads = ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    return sorted({q.subject.value[len(BASE):] for q in quads
                   if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(BASE)})


YRD = ClosedNamespace(BASE, _terms())


class Ontology:
    """Answer the loaders' questions about classes, properties and individuals."""

    def __init__(self, graph: Graph | None = None):
        self.graph = graph if graph is not None else ontology_graph()

    def term(self, local: str) -> URIRef | None:
        """Return the IRI of a declared term, or None."""
        try:
            return YRD[local]
        except (KeyError, AttributeError):
            return None

    @cached_property
    def classes(self) -> dict[str, URIRef]:
        return {str(c)[len(BASE):]: c for c in self.graph.subjects(RDF.type, OWL.Class)
                if str(c).startswith(BASE)}

    @cached_property
    def properties(self) -> dict[str, URIRef]:
        out = {}
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
            for p in self.graph.subjects(RDF.type, kind):
                if str(p).startswith(BASE):
                    out[str(p)[len(BASE):]] = p
        return out

    def is_object_property(self, p: URIRef) -> bool:
        return (p, RDF.type, OWL.ObjectProperty) in self.graph

    def is_functional(self, p: URIRef) -> bool:
        return (p, RDF.type, OWL.FunctionalProperty) in self.graph

    def needs_evidence(self, p: URIRef) -> bool:
        return bool(self.graph.value(p, YRD.needsEvidence))

    def domain(self, p: URIRef) -> URIRef | None:
        return self.graph.value(p, RDFS.domain)

    def range(self, p: URIRef) -> URIRef | None:
        return self.graph.value(p, RDFS.range)

    def superclasses(self, c: URIRef) -> set[URIRef]:
        """Return c and every class above it (reflexive, transitive)."""
        return set(self.graph.transitive_objects(c, RDFS.subClassOf))

    def is_a(self, types: set[URIRef], c: URIRef) -> bool:
        """Tell whether any of ``types`` is ``c`` or a subclass of it."""
        return any(c in self.superclasses(t) for t in types)

    def individuals(self, c: URIRef) -> dict[str, URIRef]:
        """Return the named individuals of class ``c`` by local name."""
        return {str(i)[len(BASE):]: i for i in self.graph.subjects(RDF.type, c)
                if str(i).startswith(BASE)}

    def local(self, iri: URIRef) -> str:
        """Name a term for people (see :func:`local_name`)."""
        return local_name(iri)


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    return Ontology()
