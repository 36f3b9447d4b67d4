"""Every export reads back: rdflib by isomorphism, and rapper, Oxigraph, N3.js, jsonld.js, igraph."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import rdflib
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic

from kg.build import build_graph
from kg.export import (
    CONTEXT_FILE,
    FORMATS,
    ONTOLOGY_GRAPH,
    RDF_FORMATS,
    by_source,
    context_bytes,
    csv_tables,
    network_tables,
    serialize,
    source_graph,
    write_atomic,
    write_csv,
)
from kg.network import organisation_network
from kg.ontology import ID, PROV, YRD, ontology_graph
from kg.paths import REPO

# rdflib's own TriG and N-Quads parsers still use its deprecated ConjunctiveGraph API inside.
pytestmark = [pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")]

RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
RAPPER_FORMAT = {"turtle": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}
OXIGRAPH_FORMAT = {"turtle": "ttl", "nt": "nt", "nq": "nq", "trig": "trig", "jsonld": "jsonld"}
NODE_MODULES = REPO / "build" / "node" / "node_modules"
NODE_SCRIPT = Path(__file__).parent / "node" / "parse_rdf.cjs"
XSD_DECIMAL = rdflib.XSD.decimal  # not imported by name: pytest probes module attributes


def tool(name: str) -> str:
    """Find a command-line tool; a missing one fails (CI installs it), it never skips."""
    venv = Path(sys.executable).parent / name
    path = str(venv) if venv.exists() else shutil.which(name)
    assert path, f"{name} is not installed; run `bash .ci/system-deps` (or pip install -e '.[test]')"
    return path


@pytest.fixture(scope="module")
def exported(graph, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    files = {}
    for fmt in RDF_FORMATS + ("graphml",):
        files[fmt] = out / f"yrd{FORMATS[fmt][1]}"
        files[fmt].write_bytes(serialize(graph, fmt))
    return files


@pytest.fixture(scope="module")
def dataset(graph) -> Dataset:
    return by_source(graph)


def quad_count(ds: Dataset) -> int:
    return sum(len(g) for g in ds.graphs())


def expected_count(fmt, graph, dataset) -> int:
    return quad_count(dataset) if fmt in ("nq", "trig") else len(graph)


def test_format_lists_are_complete():
    assert set(RDF_FORMATS) == set(RDFLIB_FORMAT) == set(OXIGRAPH_FORMAT)
    assert set(RAPPER_FORMAT) == set(RDF_FORMATS) - {"jsonld"}  # raptor has no JSON-LD parser


def union(ds: Dataset) -> Graph:
    g = Graph()
    for ctx in ds.graphs():
        for t in ctx:
            g.add(t)
    return g


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdflib_reads_back_an_isomorphic_graph(fmt, exported, graph, dataset):
    if fmt in ("nq", "trig"):
        back = Dataset()
        back.parse(exported[fmt], format=RDFLIB_FORMAT[fmt])
        names = {c.identifier for c in back.graphs() if len(c)}
        assert names == {c.identifier for c in dataset.graphs() if len(c)}
        for name in names:
            assert isomorphic(back.graph(name), dataset.graph(name)), name
        assert isomorphic(union(back), graph)
    else:
        back = Graph().parse(exported[fmt], format=RDFLIB_FORMAT[fmt])
        assert isomorphic(back, graph)


@pytest.mark.parametrize("fmt", sorted(RAPPER_FORMAT))
def test_rapper_accepts(fmt, exported, graph, dataset):
    run = subprocess.run([tool("rapper"), "-c", "-i", RAPPER_FORMAT[fmt], str(exported[fmt])],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"returned {expected_count(fmt, graph, dataset)} triples" in run.stderr
    assert "error" not in run.stderr.lower()


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_oxigraph_cli_reads_the_same_graph(fmt, exported, graph, dataset, tmp_path):
    out = tmp_path / "back.nq"
    run = subprocess.run([tool("oxigraph"), "convert", "--from-file", str(exported[fmt]),
                          "--from-format", OXIGRAPH_FORMAT[fmt], "--to-file", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    back = Dataset()
    back.parse(out, format="nquads")
    assert quad_count(back) == expected_count(fmt, graph, dataset)
    assert isomorphic(union(back), graph)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_n3js_and_jsonldjs_accept(fmt, exported, graph, dataset):
    assert (NODE_MODULES / "n3").is_dir(), "npm n3 missing: run `bash .ci/system-deps`"
    run = subprocess.run([tool("node"), str(NODE_SCRIPT), str(NODE_MODULES), fmt, str(exported[fmt])],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["quads"] == expected_count(fmt, graph, dataset)
    if fmt in ("nq", "trig"):
        assert got["graphs"] == sorted(str(c.identifier) for c in dataset.graphs()
                                       if len(c) and c.identifier != dataset.default_graph.identifier)


def test_every_export_is_byte_stable(graph, exported, tmp_path):
    """A new process (another hash seed) writes the same bytes in every format."""
    code = ("import sys; from pathlib import Path; from kg.build import build_graph; "
            "from kg.export import serialize, FORMATS, RDF_FORMATS, write_csv; g = build_graph(); "
            "[Path(sys.argv[1], 'yrd' + FORMATS[f][1]).write_bytes(serialize(g, f)) "
            "for f in RDF_FORMATS + ('graphml',)]; write_csv(g, Path(sys.argv[1], 'csv'))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    for fmt, path in exported.items():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), fmt
    for name, data in csv_tables(graph).items():
        assert (tmp_path / "csv" / name).read_bytes() == data


# -- named graphs --------------------------------------------------------------------
def test_named_graphs_split_by_source(graph, dataset):
    assert len(dataset.default_graph) == 0, "every curated triple belongs to a source or the ontology"
    assert isomorphic(dataset.graph(ONTOLOGY_GRAPH), ontology_graph())
    q = next(iter(graph.subjects(PROV.wasQuotedFrom, ID["src/zjrb-2024-06-yrd-forum"])))
    article = dataset.graph(source_graph(ID["src/zjrb-2024-06-yrd-forum"]))
    assert (q, PROV.wasQuotedFrom, ID["src/zjrb-2024-06-yrd-forum"]) in article
    assert not any(dataset.graph(source_graph(ID["src/yrd-divisions"])).triples((q, None, None)))
    assert str(source_graph(ID["src/yrd-divisions"])) == "https://w3id.org/yrd-kg/graph/src/yrd-divisions"


# -- JSON-LD context -------------------------------------------------------------------
def test_published_context_is_current():
    assert CONTEXT_FILE.read_bytes() == context_bytes(), "regenerate it: python -m kg.export"


def test_jsonld_uses_the_published_context(exported):
    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"] == json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    jiuli = next(n for n in doc["@graph"] if n["@id"] == str(ID["org/jiuli"]))
    assert jiuli["@type"] == "Enterprise"


# -- the organisation network ------------------------------------------------------------
def test_igraph_reads_the_graphml(graph, exported):
    import igraph

    net = organisation_network(graph)
    ig = igraph.Graph.Read_GraphML(str(exported["graphml"]))
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


# -- the command ---------------------------------------------------------------------------
def test_cli_writes_each_format(tmp_path, exported, capsys):
    from kg.cli import main

    for fmt in ("nq", "graphml"):
        out = tmp_path / f"yrd{FORMATS[fmt][1]}"
        assert main(["export", "--format", fmt, "--output", str(out)]) == 0
        assert out.read_bytes() == exported[fmt].read_bytes()
    assert main(["export", "--format", "csv", "--output", str(tmp_path / "tables")]) == 0
    assert {p.name for p in (tmp_path / "tables").iterdir()} == {"nodes.csv", "edges.csv"}


def test_cli_csv_needs_a_folder_or_zip(capsys):
    from kg.cli import main

    assert main(["export", "--format", "csv"]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "--output DIR" in err and "Traceback" not in err


# -- decimals, atomic writes, whole builds -----------------------------------------------
def test_decimals_survive_a_turtle_round_trip(graph):
    """Regression: the loader wrote 70000 as "70000"^^xsd:decimal and Turtle read it back as "70000.0"."""
    values = set(graph.objects(None, YRD.value))
    assert {Literal("70000.0", datatype=XSD_DECIMAL), Literal("1.9", datatype=XSD_DECIMAL)} <= values
    back = Graph().parse(data=serialize(graph, "turtle"), format="turtle")
    assert set(back.objects(None, YRD.value)) == values


def test_nt_lines_are_sorted(graph):
    lines = serialize(graph, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(graph)


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "out.ttl"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["out.ttl"]


def test_two_builds_with_different_hash_seeds_are_byte_identical(tmp_path):
    """`yrdkg build` in two processes: Python's string hashing changes set order, the files must not."""
    procs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-m", "kg.cli", "build", "--out", str(tmp_path / seed)]
        procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    one, two = ((tmp_path / s / "yrd.ttl").read_bytes() for s in ("1", "2"))
    assert one == two
    assert (tmp_path / "1" / "validation-report.txt").read_bytes() == \
        (tmp_path / "2" / "validation-report.txt").read_bytes()
    assert isomorphic(Graph().parse(data=one, format="turtle"), build_graph())


def test_write_atomic_leaves_files_readable(tmp_path):
    """Regression: mkstemp's 0600 made build/docs unreadable when served."""
    import stat

    from kg.export import write_atomic

    target = tmp_path / "out.txt"
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"
    assert stat.S_IMODE(target.stat().st_mode) & stat.S_IROTH
