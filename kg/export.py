"""Serialise the graph to files other tools read; every format byte-stable.

RDF formats (``turtle``, ``nt``, ``nq``, ``trig``, ``jsonld``) hold the whole
graph; ``graphml`` and ``csv`` hold the organisation network of
:func:`kg.network.organisation_network` for Gephi, Cytoscape and spreadsheets.

Named graphs (``nq``, ``trig``): the ontology sits in ``graph:ontology`` and
each source ``id:src/<slug>`` has a graph ``graph:src/<slug>`` holding every
triple whose subject is quoted from it: the source's own description, its
quotes and parts, and each node (entity, involvement, statement, figure,
provision) whose ``yrd:evidence`` quotes it. A node quoted from two sources is described in
both graphs, so the union of the graphs is exactly the exported graph. Triples
no source accounts for stay in the default graph (none in the curated data).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from rdflib import DCTERMS, OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef, plugin
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.turtle import _GEN_QNAME_FOR_DT, TurtleSerializer
from rdflib.serializer import Serializer

from kg.build import bind_prefixes
from kg.errors import DataError
from kg.ontology import BASE, ID, PROV, YRD, ontology_graph
from kg.paths import REPO

# name -> (media type, file suffix); csv writes a folder (or a .zip) of two tables.
FORMATS = {
    "turtle": ("text/turtle", ".ttl"),
    "nt": ("application/n-triples", ".nt"),
    "nq": ("application/n-quads", ".nq"),
    "trig": ("application/trig", ".trig"),
    "jsonld": ("application/ld+json", ".jsonld"),
    "graphml": ("application/graphml+xml", ".graphml"),
    "csv": ("text/csv", ""),
}
RDF_FORMATS = ("turtle", "nt", "nq", "trig", "jsonld")
QUAD_FORMATS = ("nq", "trig")

GRAPH = "https://w3id.org/yrd-kg/graph/"
ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")
WHOLE_GRAPH = URIRef(GRAPH + "all")  # where `yrdkg publish` puts the whole graph by default
CONTEXT_FILE = REPO / "ontology" / "context.jsonld"
CONTEXT_URL = "https://w3id.org/yrd-kg/context.jsonld"


def serialize(g: Graph, fmt: str) -> bytes:
    """Return ``g`` in ``fmt``; the same graph always gives the same bytes.

    ``csv`` makes two tables, so it has :func:`write_csv` instead.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    if fmt == "csv":
        raise ValueError("csv writes two tables; call write_csv()")
    if fmt == "nt":
        return _sorted_lines(g.serialize(format="nt", encoding="utf-8"))
    if fmt == "nq":
        return _nquads(by_source(g))
    if fmt == "trig":
        return _trig(by_source(g))
    if fmt == "jsonld":
        return _jsonld(g)
    if fmt == "graphml":
        return graphml(g)
    bind_prefixes(g)
    return g.serialize(format="yrd-turtle", encoding="utf-8")


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
    return URIRef(GRAPH + str(source)[len(str(ID)):])


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
PREFIXES = ("yrd", "id", "org", "prov", "schema", "foaf", "skos", "dcterms", "owl", "rdf", "rdfs",
            "xsd")


def jsonld_context() -> dict:
    """Derive the JSON-LD context from the ontology: prefixes, then one term per yrd term.

    Object properties are typed ``@id``; datatype properties with an XSD range
    carry that datatype, so plain JSON reads naturally. The published copy is
    ``ontology/context.jsonld`` (a test keeps it equal to this).
    """
    onto = ontology_graph()
    ns = dict(bind_prefixes(Graph()).namespaces())
    ctx: dict = {p: str(ns[p]) for p in PREFIXES}
    terms = {}
    for c in onto.subjects(RDF.type, OWL.Class):
        if str(c).startswith(BASE):
            terms[str(c)[len(BASE):]] = "yrd:" + str(c)[len(BASE):]
    for p in onto.subjects(RDF.type, OWL.ObjectProperty):
        if str(p).startswith(BASE):
            terms[str(p)[len(BASE):]] = {"@id": "yrd:" + str(p)[len(BASE):], "@type": "@id"}
    for p in onto.subjects(RDF.type, OWL.DatatypeProperty):
        if str(p).startswith(BASE):
            term = {"@id": "yrd:" + str(p)[len(BASE):]}
            rng = onto.value(p, RDFS.range)
            if rng is not None and str(rng).startswith(str(XSD)):
                term["@type"] = "xsd:" + str(rng)[len(str(XSD)):]
            terms[str(p)[len(BASE):]] = term
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
    bind_prefixes(g)
    ctx = jsonld_context()["@context"]
    doc = json.loads(g.serialize(format="json-ld", context=ctx, encoding="utf-8"))
    nodes = doc.get("@graph", [])
    nodes = [_sort_values({k: v for k, v in n.items()}) for n in nodes]
    nodes.sort(key=lambda n: n.get("@id", ""))
    out = {"@context": ctx, "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- the organisation network: GraphML and CSV -------------------------------------
def _local(iri) -> str:
    s = str(iri)
    return s[len(BASE):] if s.startswith(BASE) else s


def network_tables(g: Graph) -> tuple[list[dict], list[dict]]:
    """Return the organisation network as node and edge rows with scalar, bilingual columns.

    Column names follow Gephi's spreadsheet import (``Id``, ``Label``; ``Source``,
    ``Target``, ``Type``, ``Weight``); GraphML uses the same attributes.
    """
    from kg.network import organisation_network
    from kg.validate import label

    net = organisation_network(g)
    names: dict[str, tuple[str, str]] = {}

    def names_of(iri: str) -> tuple[str, str]:
        if iri not in names:
            node = URIRef(iri)
            names[iri] = (label(g, node, "zh") or iri, label(g, node, "en") or iri)
        return names[iri]

    nodes = []
    for n in sorted(net.nodes, key=str):
        a = net.nodes[n]
        classes = sorted(_local(c) for c in a["classes"])
        provs = a["provinces"]
        nodes.append({
            "Id": str(n), "Label": f"{a['label_zh']} / {a['label_en']}",
            "label_zh": a["label_zh"], "label_en": a["label_en"],
            "classes": " ".join(classes),
            "provinces": " ".join(provs),
            "provinces_zh": "；".join(names_of(p)[0] for p in provs),
            "provinces_en": "; ".join(names_of(p)[1] for p in provs),
            "degree": net.degree(n),
        })
    edges = []
    for u, v in sorted((tuple(sorted((str(a), str(b)))) for a, b in net.edges)):
        e = net.edges[URIRef(u), URIRef(v)]
        coops = sorted(e["cooperations"])
        edges.append({
            "Source": u, "Target": v, "Type": "Undirected", "Weight": e["weight"],
            "kinds": " ".join(e["kinds"]),
            "cooperations": " ".join(coops),
            "cooperations_zh": "；".join(names_of(c)[0] for c in coops),
            "cooperations_en": "; ".join(names_of(c)[1] for c in coops),
        })
    return nodes, edges


def graphml(g: Graph) -> bytes:
    """Write the organisation network as GraphML: ``label`` for Gephi, zh/en columns, weights."""
    import networkx as nx

    nodes, edges = network_tables(g)
    net = nx.Graph()
    for row in nodes:
        attrs = {("label" if k == "Label" else k): v for k, v in row.items() if k != "Id"}
        net.add_node(row["Id"], **attrs)
    for row in edges:
        attrs = {k.lower(): v for k, v in row.items() if k not in ("Source", "Target", "Type")}
        net.add_edge(row["Source"], row["Target"], **attrs)
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(net)
    writer.indent(writer.xml)
    # ElementTree's default ASCII output turns every Chinese character into &#...; keep UTF-8.
    text = ElementTree.tostring(writer.xml, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text.rstrip() + "\n").encode("utf-8")


def _csv_bytes(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["Id"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def csv_tables(g: Graph) -> dict[str, bytes]:
    """Return ``{"nodes.csv": ..., "edges.csv": ...}``, UTF-8 without a byte-order mark."""
    nodes, edges = network_tables(g)
    return {"nodes.csv": _csv_bytes(nodes), "edges.csv": _csv_bytes(edges)}


def write_csv(g: Graph, output: Path) -> list[Path]:
    """Write the two tables into folder ``output``, or into one zip if it ends in ``.zip``."""
    output = Path(output)
    tables = csv_tables(g)
    if output.suffix.lower() == ".zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in tables.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # no now() in artefacts
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
        write_atomic(output, buf.getvalue())
        return [output]
    if output.exists() and not output.is_dir():
        raise DataError("csv writes two tables into a folder (or a .zip); this is a file", output)
    paths = []
    for name, data in tables.items():
        write_atomic(output / name, data)
        paths.append(output / name)
    return paths


def rdf_file_format(path: Path, formats: dict):
    """Return ``formats[suffix]`` for an existing RDF file, or raise a DataError naming it."""
    fmt = formats.get(Path(path).suffix.lower())
    if fmt is None:
        raise DataError(f"cannot tell the RDF format from the suffix '{Path(path).suffix}'; use one of "
                        f"{', '.join(sorted(formats))}", path)
    if not Path(path).exists():
        raise DataError("file not found", path)
    return fmt


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader never sees a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":  # python -m kg.export: rewrite ontology/context.jsonld from the ontology
    write_atomic(CONTEXT_FILE, context_bytes())
    print(f"Wrote {CONTEXT_FILE}")
