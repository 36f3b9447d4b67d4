"""Write the whole graph as RDF other tools read: Turtle, N-Triples, N-Quads, TriG, JSON-LD, byte-stable.

Every format binds the one prefix table (:data:`kg.ontology.PREFIXES`) on a view
of the graph, never on the caller's graph. The organisation network's GraphML
and CSV tables are :mod:`kg.tables`; publishing a graph needs only this module.

Named graphs (``nq``, ``trig``): the ontology sits in ``graph:ontology``, the
dataset's description (:mod:`kg.dataset`) in ``graph:dataset``, and
each source ``id:src/<slug>`` has a graph ``graph:src/<slug>`` holding every
triple whose subject is quoted from it: the source's own description, its
quotes and parts, and each node (entity, involvement, statement, figure,
provision) whose ``yrd:evidence`` quotes it. A node quoted from two sources is described in
both graphs, so the union of the graphs is exactly the exported graph. Triples
no source accounts for stay in the default graph (none in the curated data).
"""

from __future__ import annotations

import json

from rdflib import DCTERMS, OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef, plugin
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import NamespaceManager
from rdflib.plugins.serializers.turtle import _GEN_QNAME_FOR_DT, TurtleSerializer
from rdflib.serializer import Serializer

from kg.dataset import is_description
from kg.files import RDF_FORMATS, RdfFormat, write_atomic
from kg.names import curie, entity_id
from kg.ontology import BASE, GRAPH, ID, PREFIXES, PROV, YRD, bind_prefixes, local_name, ontology_graph
from kg.paths import context_file

# The formats `yrdkg export` writes, from the one table of RDF formats (kg.files).
FORMATS: dict[str, RdfFormat] = {name: RDF_FORMATS[name] for name in ("turtle", "nt", "nq", "trig", "jsonld")}

ONTOLOGY_GRAPH = GRAPH["ontology"]
DATASET_GRAPH = GRAPH["dataset"]  # the dataset's description (VoID, DCAT)
WHOLE_GRAPH = GRAPH["all"]  # where `yrdkg publish` puts the whole graph by default


def serialize(g: Graph, fmt: str) -> bytes:
    """Return ``g`` in ``fmt`` (a key of :data:`FORMATS`); the same graph always gives the same bytes.

    ``g`` is left as it was: its prefixes are not rebound.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    if fmt == "nt":
        return _sorted_lines(g.serialize(format="nt", encoding="utf-8"))
    if fmt == "nq":
        return _nquads(by_source(g))
    if fmt == "trig":
        return _trig(by_source(g))
    if fmt == "jsonld":
        return _jsonld(g)
    return with_prefixes(g).serialize(format="yrd-turtle", encoding="utf-8")


def with_prefixes(g: Graph) -> Graph:
    """Return a view of ``g`` (the same store, no copy) whose prefixes are :data:`PREFIXES`.

    The view's prefixes live in a namespace manager of its own, so serialising it
    binds nothing in ``g``: a caller's graph keeps the prefixes it had.
    """
    nm = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True, replace=True)
    return Graph(store=g.store, identifier=g.identifier, namespace_manager=nm)


class LosslessTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle, but a number is abbreviated only when that keeps its lexical form.

    rdflib writes ``"70000"^^xsd:decimal`` as ``70000.0``: equal in value but a
    different RDF term, so the file would not read back to the same graph.
    """

    def label(self, node, position):
        if isinstance(node, Literal) and node.datatype is not None:
            plain = super().label(node, position)
            if not plain.startswith('"') and plain != str(node):
                return node._literal_n3(use_plain=False,
                                        qname_callback=lambda dt: self.get_pname(dt, _GEN_QNAME_FOR_DT))
            return plain
        return super().label(node, position)


plugin.register("yrd-turtle", Serializer, __name__, "LosslessTurtleSerializer")


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.decode("utf-8").splitlines()))
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


# -- named graphs ----------------------------------------------------------------
def source_graph(source: URIRef) -> URIRef:
    """Name the graph of a source: ``id:src/x`` -> ``graph:src/x``; another IRI names itself."""
    if not str(source).startswith(str(ID)):
        return URIRef(source)
    return GRAPH[entity_id(source)]


def by_source(g: Graph) -> Dataset:
    """Split ``g`` into the named graphs described in the module docstring."""
    onto = ontology_graph()
    quoted = {q: s for q, s in g.subject_objects(PROV.wasQuotedFrom)}
    sources = set(g.subjects(RDF.type, YRD.Source))

    def graphs_of(s) -> set:
        if s in sources:
            return {s}
        if s in quoted:
            return {quoted[s]}
        if (s, RDF.type, YRD.SourcePart) in g:  # a part: the graph of the source it is part of
            return set(g.transitive_objects(s, DCTERMS.isPartOf)) & sources
        return {quoted[q] for q in g.objects(s, YRD.evidence) if q in quoted}

    ds = Dataset()
    bind_prefixes(ds)
    ds.bind("graph", GRAPH)
    cache: dict = {}
    for t in g:
        if t in onto:
            ds.graph(ONTOLOGY_GRAPH).add(t)
            continue
        s = t[0]
        if is_description(s):
            ds.graph(DATASET_GRAPH).add(t)
            continue
        if s not in cache:
            cache[s] = graphs_of(s)
        if not cache[s]:
            ds.add(t)  # the default graph
        for src in cache[s]:
            ds.graph(source_graph(src)).add(t)
    return ds


def _named(ds: Dataset) -> list[tuple[URIRef | None, Graph]]:
    """Return (name, graph) pairs: the default graph first (name None), then by name."""
    out = []
    for ctx in ds.graphs():
        if len(ctx) == 0:
            continue
        name = None if ctx.identifier == DATASET_DEFAULT_GRAPH_ID else ctx.identifier
        out.append((name, ctx))
    return sorted(out, key=lambda p: (p[0] is not None, str(p[0] or "")))


def _nquads(ds: Dataset) -> bytes:
    lines = []
    for name, graph in _named(ds):
        for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines():
            if not line:
                continue
            lines.append(line if name is None else f"{line[:-2].rstrip()} {name.n3()} .")
    return ("\n".join(sorted(set(lines))) + "\n").encode("utf-8")


def _trig(ds: Dataset) -> bytes:
    """Write TriG graph by graph, each body in our deterministic Turtle layout."""
    prefixes, blocks = set(), []
    for name, graph in _named(ds):
        part = Graph()
        bind_prefixes(part)
        for t in graph:
            part.add(t)
        body = []
        for line in part.serialize(format="yrd-turtle").splitlines():
            if line.startswith("@prefix"):
                prefixes.add(line)
            else:
                body.append(line)
        text = "\n".join(body).strip("\n")
        if name is None:
            blocks.append(text + "\n")
        else:
            inner = "\n".join(("    " + line) if line else "" for line in text.splitlines())
            blocks.append(f"{name.n3(ds.namespace_manager)} {{\n{inner}\n}}\n")
    prefixes.add(f"@prefix graph: <{GRAPH}> .")
    head = "\n".join(sorted(prefixes))
    return (head + "\n\n" + "\n".join(blocks)).encode("utf-8")


# -- JSON-LD ---------------------------------------------------------------------
def jsonld_context() -> dict:
    """Derive the JSON-LD context from the ontology: prefixes, then one term per yrd term.

    Object properties are typed ``@id``; datatype properties with an XSD range
    carry that datatype, so plain JSON reads naturally. The published copy is
    ``ontology/context.jsonld`` (a test keeps it equal to this).
    """
    onto = ontology_graph()
    ctx: dict = dict(PREFIXES)
    terms = {}
    for c in onto.subjects(RDF.type, OWL.Class):
        if str(c).startswith(BASE):
            terms[local_name(c)] = curie(c)
    for p in onto.subjects(RDF.type, OWL.ObjectProperty):
        if str(p).startswith(BASE):
            terms[local_name(p)] = {"@id": curie(p), "@type": "@id"}
    for p in onto.subjects(RDF.type, OWL.DatatypeProperty):
        if str(p).startswith(BASE):
            term = {"@id": curie(p)}
            rng = onto.value(p, RDFS.range)
            if rng is not None and str(rng).startswith(str(XSD)):
                term["@type"] = curie(rng)
            terms[local_name(p)] = term
    for name in sorted(terms):
        ctx.setdefault(name, terms[name])
    return {"@context": ctx}


def context_bytes() -> bytes:
    return (json.dumps(jsonld_context(), ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def _sort_values(node):
    """Sort JSON-LD arrays (sets, not lists) so the output does not depend on hash order."""
    if isinstance(node, dict):
        return {k: (v if k == "@list" else _sort_values(v)) for k, v in sorted(node.items())}
    if isinstance(node, list):
        items = [_sort_values(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return node


def _jsonld(g: Graph) -> bytes:
    """Compact with the published context, embedded so the file reads offline."""
    ctx = jsonld_context()["@context"]
    doc = json.loads(with_prefixes(g).serialize(format="json-ld", context=ctx, encoding="utf-8"))
    nodes = doc.get("@graph", [])
    nodes = [_sort_values({k: v for k, v in n.items()}) for n in nodes]
    nodes.sort(key=lambda n: n.get("@id", ""))
    out = {"@context": ctx, "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


if __name__ == "__main__":  # python -m kg.export: rewrite ontology/context.jsonld from the ontology
    write_atomic(context_file(), context_bytes())
    print(f"Wrote {context_file()}")
