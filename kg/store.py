"""Keep large graphs in Oxigraph, behind the rdflib terms and API users know: the store adapter.

rdflib parses a million triples in about a minute; Oxigraph (Rust) loads them in
seconds. This module keeps big graphs in a ``pyoxigraph.Store`` (a :class:`BigGraph`,
which also remembers the datatypes Oxigraph would drop) and offers what the
pipeline needs from it:

- :func:`load_store` reads RDF files (and the ontology) with Oxigraph's own
  parsers. Not oxrdflib's ``ox-turtle`` into an rdflib Memory graph: that types
  plain literals as xsd:string, which pyshacl then treats differently.
- :func:`query` runs SPARQL in Oxigraph, binding parameters as substitutions
  (never spliced into the text), and returns rdflib terms (catalogue queries
  run through :func:`kg.sparql.run`, for both engines).
- :func:`triples` reads the graph back as rdflib triples, as the source wrote them
  (:func:`kg.validation.oxigraph.validate_store` validates a BigGraph).
- :func:`rdflib_graph` wraps the store as an ``rdflib.Graph`` (oxrdflib), so
  ``kg.network`` and other rdflib code run unchanged on it.
- :func:`dump` writes Turtle or N-Triples with Oxigraph's serialisers.

Example::

    big = load_store([Path("build/synth-1m.nt")])
    rows = query(big, "SELECT ?o WHERE { ?o a ?c }", {"c": YRD.Enterprise})
    dump(big, Path("build/copy.ttl"))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from kg.files import XSD_STRING, rdf_file, to_rdflib, write_atomic
from kg.guards import parse_error
from kg.ontology import INTEGER_TYPES, PREFIXES
from kg.paths import ontology_file


# -- terms (rdflib -> Oxigraph here; Oxigraph -> rdflib is kg.files.to_rdflib) -------------
def converter():
    """Return :func:`to_rdflib` with a cache, for converting one query's answer.

    A graph repeats its IRIs row after row, and making rdflib terms is what costs
    most once Oxigraph has answered: each distinct term is converted once.
    """
    cache: dict = {}

    def conv(t):
        if t is None:
            return None
        hit = cache.get(t)
        if hit is None:
            hit = cache[t] = to_rdflib(t)
        return hit

    return conv


def from_rdflib(t):
    """Turn an rdflib term into an Oxigraph term."""
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"cannot convert {t!r}")


# -- loading ---------------------------------------------------------------
XSD_INTEGER = str(XSD.integer)
XSD_DECIMAL = str(XSD.decimal)
# Oxigraph stores numbers as values: every integer-derived literal comes back as xsd:integer
# ("12"^^xsd:nonNegativeInteger -> "12"^^xsd:integer) and decimals in canonical form
# ("13.0" -> "13"). The graph must come out as it went in, so those literals are noted.
RETYPED = frozenset(str(t) for t in INTEGER_TYPES) - {XSD_INTEGER}
NOTED = RETYPED | {XSD_INTEGER, XSD_DECIMAL}


def _number(lex: str):
    try:
        return Decimal(lex)
    except InvalidOperation:
        return None


class BigGraph:
    """An Oxigraph store plus the numeric literals as the source wrote them.

    ``noted`` maps (subject, predicate) to the (lexical form, datatype IRI) of each
    integer or decimal literal loaded; :meth:`original` and validation read it back.
    """

    def __init__(self, store: ox.Store | None = None):
        self.store = store if store is not None else ox.Store()
        self.noted: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def __len__(self) -> int:
        return len(self.store)

    def note(self, quads) -> None:
        """Remember the lexical form and datatype of each number literal in ``quads``."""
        lit, noted = ox.Literal, self.noted
        for q in quads:
            o = q.object
            if type(o) is lit and o.datatype.value in NOTED:
                noted.setdefault((q.subject.value, q.predicate.value), []).append(
                    (o.value, o.datatype.value))

    def _source_form(self, s: str, p: str, lex: str, dt: str) -> tuple[str, str]:
        """Return the (lexical form, datatype) the source gave a stored number literal."""
        value = _number(lex)
        for olex, odt in self.noted.get((s, p), ()):
            stored_dt = XSD_INTEGER if odt in RETYPED else odt
            if stored_dt == dt and _number(olex) == value:
                return olex, odt
        return lex, dt

    def datatype(self, s, p, o) -> str | None:
        """Return the datatype IRI a stored literal had in the source (rdflib terms in)."""
        if not isinstance(o, Literal):
            return None
        if o.language:
            return str(RDF.langString)
        dt = str(o.datatype) if o.datatype is not None else XSD_STRING
        if dt in (XSD_INTEGER, XSD_DECIMAL):
            return self._source_form(str(s), str(p), str(o), dt)[1]
        return dt

    def integers(self, p: str) -> list[tuple[str, str, str]]:
        """Return (subject, lexical form, datatype) of every integer-typed literal noted for ``p``."""
        return [(s, lex, dt) for (s, p2), items in self.noted.items() if p2 == p
                for lex, dt in items if dt == XSD_INTEGER or dt in RETYPED]

    def original(self, q: ox.Quad) -> ox.Quad:
        o = q.object
        if type(o) is ox.Literal and o.datatype.value in (XSD_INTEGER, XSD_DECIMAL):
            lex, dt = self._source_form(q.subject.value, q.predicate.value, o.value, o.datatype.value)
            if (lex, dt) != (o.value, o.datatype.value):
                return ox.Quad(q.subject, q.predicate, ox.Literal(lex, datatype=ox.NamedNode(dt)))
        return q


def load_store(paths: Iterable[Path], with_ontology: bool = True) -> BigGraph:
    """Load RDF files into a new in-memory Oxigraph store; a parse error is an InputError.

    Everything lands in the default graph: a dataset (N-Quads, TriG, JSON-LD with
    named graphs) as the union of its graphs. Oxigraph's bulk loader parses in
    Rust; a second, streaming pass notes the integer-derived datatypes the store
    would lose.
    """
    big = BigGraph()
    files = [Path(p) for p in paths] + ([ontology_file()] if with_ontology else [])
    for path in files:
        named = rdf_file(path)
        fmt = named.oxigraph
        try:
            if fmt.supports_datasets:
                big.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                                      for q in ox.parse(path=str(path), format=fmt))
            else:
                big.store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
            big.note(_number_triples(path, fmt))
        except (SyntaxError, MemoryError) as exc:
            raise parse_error(exc, named.rdflib, path) from None
    return big


_NUMBER_TYPE = re.compile(rb'"\^\^<http://www\.w3\.org/2001/XMLSchema#(?:' +
                          "|".join(sorted(t[len(str(XSD)):] for t in NOTED)).encode() + rb')>')


def _number_triples(path: Path, fmt):
    """Yield the triples of ``path`` whose object may be a number literal.

    N-Triples holds one triple per line, so only the lines naming a number datatype
    are parsed (a tenth of a synthetic graph); other formats are parsed whole.
    """
    if fmt != ox.RdfFormat.N_TRIPLES:
        yield from ox.parse(path=str(path), format=fmt)
        return
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            chunk += fh.readline()
            lines, end = [], -1
            for m in _NUMBER_TYPE.finditer(chunk):
                if m.start() < end:
                    continue  # the same line again
                start = chunk.rfind(b"\n", 0, m.start()) + 1
                end = chunk.find(b"\n", m.end())
                end = len(chunk) if end < 0 else end
                lines.append(chunk[start:end])
            lines = b"\n".join(lines)
            if lines:
                yield from ox.parse(input=lines + b"\n", format=fmt)


def from_graph(g: Graph | Iterable[tuple]) -> BigGraph:
    """Copy an rdflib graph (or any iterable of rdflib triples) into a new Oxigraph store."""
    quads = [ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in g]
    big = BigGraph()
    big.store.bulk_extend(quads)
    big.note(quads)
    return big


def rdflib_graph(big: BigGraph) -> Graph:
    """Wrap the store as an rdflib Graph: rdflib's API, Oxigraph's storage and SPARQL.

    ``g.query`` runs in Oxigraph; ``initNs`` may hold rdflib namespaces, as with rdflib.
    Literals read through it carry Oxigraph's datatypes (integers as xsd:integer).
    """
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    class _Store(OxigraphStore):
        def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # noqa: N803
            ns = {k: str(v) for k, v in initNs.items()}
            return super().query(query, ns, initBindings, queryGraph, **kwargs)

    g = Graph(store=_Store(store=big.store), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def dump(big: BigGraph, path: Path, fmt: str = "turtle") -> None:
    """Write the graph as Turtle (with our prefixes) or N-Triples, atomically, datatypes as loaded."""
    formats = {"turtle": (ox.RdfFormat.TURTLE, PREFIXES), "nt": (ox.RdfFormat.N_TRIPLES, None)}
    if fmt not in formats:
        raise ValueError(f"unknown format {fmt!r}")
    rdf_format, prefixes = formats[fmt]
    if not big.noted:  # no number literal to restore: Oxigraph writes the store itself
        data = big.store.dump(format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)
    else:
        quads = (big.original(q) for q in big.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        data = ox.serialize(quads, format=rdf_format, prefixes=prefixes)
    write_atomic(Path(path), data)


# -- queries ---------------------------------------------------------------
def query(big: BigGraph, sparql: str, bindings: dict | None = None,
          prefixes: dict | None = None) -> list[tuple]:
    """Run a query in Oxigraph; return rows of rdflib terms (None where unbound), triples for
    CONSTRUCT and DESCRIBE, ``[(bool,)]`` for ASK.

    ``bindings`` maps variable names to rdflib terms, substituted by the engine
    (SEP-0007), like rdflib's ``initBindings``. Our prefixes are declared.
    """
    subs = {ox.Variable(k): from_rdflib(v) for k, v in (bindings or {}).items()}
    result = big.store.query(sparql, prefixes=prefixes or PREFIXES, substitutions=subs or None)
    if isinstance(result, bool):
        return [(result,)]
    conv = converter()
    if isinstance(result, ox.QueryTriples):
        return [(conv(t.subject), conv(t.predicate), conv(t.object)) for t in result]
    names = [v.value for v in result.variables]
    return [tuple(conv(sol[n]) for n in names) for sol in result]


def triples(big: BigGraph):
    """Yield the default graph's triples as rdflib terms, numbers as the source wrote them."""
    for q in big.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        q = big.original(q)
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)


def subclass_closure(big: BigGraph) -> dict[str, set[str]]:
    """Map each class to itself and all its subclasses, from rdfs:subClassOf in the data."""
    pairs = big.store.query(f"SELECT ?sub ?sup WHERE {{ ?sub <{RDFS.subClassOf}> ?sup }}")
    parents: dict[str, set[str]] = {}
    for row in pairs:
        if isinstance(row["sub"], ox.NamedNode) and isinstance(row["sup"], ox.NamedNode):
            parents.setdefault(row["sub"].value, set()).add(row["sup"].value)
    out: dict[str, set[str]] = {}
    for c in parents:
        stack, seen = [c], {c}
        while stack:
            for sup in parents.get(stack.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    stack.append(sup)
        for sup in seen:
            out.setdefault(sup, {sup}).add(c)
    return out
