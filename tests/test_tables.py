"""kg.tables: the organisation network as GraphML (read back by igraph) and CSV tables."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile

import pytest

from kg.network import organisation_network
from kg.ontology import ID
from kg.tables import FORMATS, csv_tables, graphml, network_tables, write_csv


@pytest.fixture(scope="module")
def graphml_file(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "yrd.graphml"
    path.write_bytes(graphml(graph))
    return path


def test_formats():
    assert FORMATS == ("graphml", "csv")


def test_igraph_reads_the_graphml(graph, graphml_file):
    import igraph

    net = organisation_network(graph)
    ig = igraph.Graph.Read_GraphML(str(graphml_file))
    assert (ig.vcount(), ig.ecount()) == (net.number_of_nodes(), net.number_of_edges())
    assert not ig.is_directed()
    by_id = {v["id"]: v for v in ig.vs}
    jiuli = by_id[str(ID["org/jiuli"])]
    assert jiuli["label_zh"] == "浙江久立特材科技股份有限公司"
    assert jiuli["label_en"] and jiuli["label"] == f"{jiuli['label_zh']} / {jiuli['label_en']}"
    weights = {frozenset((by_id_name(ig, e.source), by_id_name(ig, e.target))): e["weight"] for e in ig.es}
    for a, b, w in net.edges(data="weight"):
        assert weights[frozenset((str(a), str(b)))] == w


def by_id_name(ig, index: int) -> str:
    return ig.vs[index]["id"]


def test_csv_tables_match_the_network(graph, tmp_path):
    net = organisation_network(graph)
    write_csv(graph, tmp_path / "tables")
    nodes = list(csv.DictReader((tmp_path / "tables" / "nodes.csv").open(encoding="utf-8", newline="")))
    edges = list(csv.DictReader((tmp_path / "tables" / "edges.csv").open(encoding="utf-8", newline="")))
    assert {r["Id"] for r in nodes} == {str(n) for n in net.nodes}
    assert len(edges) == net.number_of_edges() > 0
    for r in edges:
        assert int(r["Weight"]) == net.edges[ID[r["Source"][len(str(ID)):]],
                                             ID[r["Target"][len(str(ID)):]]]["weight"]
        assert len(r["cooperations"].split()) == int(r["Weight"])
    assert all(r["label_zh"] and r["label_en"] for r in nodes)


def test_csv_zip_holds_the_same_tables(graph, tmp_path):
    write_csv(graph, tmp_path / "tables.zip")
    with zipfile.ZipFile(tmp_path / "tables.zip") as z:
        assert {n: z.read(n) for n in z.namelist()} == csv_tables(graph)


def test_network_tables_are_bilingual(graph):
    nodes, edges = network_tables(graph)
    assert nodes and edges
    row = next(r for r in edges if r["cooperations"])
    assert row["cooperations_zh"] and row["cooperations_en"]
    kinds = {k for r in edges for k in r["kinds"].split()}
    assert kinds and kinds <= {"co-membership", "co-signing", "co-organising", "co-project", "co-arranging",
                               "co-issuing"}


def test_tables_are_byte_stable(graph, graphml_file, tmp_path):
    """A new process (another hash seed) writes the same bytes."""
    code = ("import sys; from pathlib import Path; from kg.build import build_graph; "
            "from kg.tables import graphml, write_csv; g = build_graph(); "
            "Path(sys.argv[1], 'yrd.graphml').write_bytes(graphml(g)); "
            "write_csv(g, Path(sys.argv[1], 'csv'))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    assert (tmp_path / "yrd.graphml").read_bytes() == graphml_file.read_bytes()
    for name, data in csv_tables(graph).items():
        assert (tmp_path / "csv" / name).read_bytes() == data
