"""Write the organisation network as tables for Gephi, Cytoscape and spreadsheets: GraphML and CSV.

Both come from :func:`network_tables`, the network of
:func:`kg.network.organisation_network` as node and edge rows with scalar,
bilingual columns; both are byte-stable.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.etree import ElementTree

from rdflib import Graph, URIRef

from kg.files import write_files
from kg.lazy import nx
from kg.names import label
from kg.network import organisation_network
from kg.ontology import local_name

FORMATS = ("graphml", "csv")  # `yrdkg export --format`; csv writes two tables (a folder or a .zip)


def network_tables(g: Graph) -> tuple[list[dict], list[dict]]:
    """Return the organisation network as node and edge rows with scalar, bilingual columns.

    Column names follow Gephi's spreadsheet import (``Id``, ``Label``; ``Source``,
    ``Target``, ``Type``, ``Weight``); GraphML uses the same attributes.
    """
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
        classes = sorted(local_name(c) for c in a["classes"])
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
    return write_files(output, csv_tables(g))
