"""kg.export: every RDF export reads back, in rdflib (isomorphic), rapper, Oxigraph, N3.js, jsonld.js."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic

from kg.build import build_graph
from kg.export import FORMATS, ONTOLOGY_GRAPH, by_source, context_bytes, serialize, source_graph
from kg.ontology import ID, PROV, YRD, ontology_graph
from kg.paths import context_file

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in

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
    for fmt in FORMATS:
        files[fmt] = out / f"yrd{FORMATS[fmt].suffixes[0]}"
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
    assert set(FORMATS) == set(RDFLIB_FORMAT) == set(OXIGRAPH_FORMAT)
    assert set(RAPPER_FORMAT) == set(FORMATS) - {"jsonld"}  # raptor has no JSON-LD parser
    assert {f: FORMATS[f].rdflib for f in FORMATS} == RDFLIB_FORMAT  # the one table agrees


def union(ds: Dataset) -> Graph:
    g = Graph()
    for ctx in ds.graphs():
        for t in ctx:
            g.add(t)
    return g


@pytest.mark.parametrize("fmt", list(FORMATS))
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


@pytest.mark.parametrize("fmt", list(FORMATS))
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


@pytest.mark.parametrize("fmt", list(FORMATS))
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
            "from kg.export import serialize, FORMATS; g = build_graph(); "
            "[Path(sys.argv[1], 'yrd' + FORMATS[f].suffixes[0]).write_bytes(serialize(g, f)) "
            "for f in FORMATS]")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    for fmt, path in exported.items():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), fmt


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
    assert context_file().read_bytes() == context_bytes(), "regenerate it: python -m kg.export"


def test_jsonld_uses_the_published_context(exported):
    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"] == json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    jiuli = next(n for n in doc["@graph"] if n["@id"] == str(ID["org/jiuli"]))
    assert jiuli["@type"] == "Enterprise"


# -- the command ---------------------------------------------------------------------------


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


def test_serialize_leaves_the_callers_prefixes_alone(graph):
    """Regression: serialize rebound the caller's graph to our prefixes."""
    g = Graph(bind_namespaces="none")
    for t in graph:
        g.add(t)
    g.bind("mine", str(YRD))
    before = sorted(g.namespaces())
    for fmt in FORMATS:
        data = serialize(g, fmt)
        assert sorted(g.namespaces()) == before, fmt
        assert data == serialize(graph, fmt), fmt  # the file binds our prefixes all the same


def test_exporting_needs_no_network_library():
    """kg.export holds RDF only: publishing a graph does not import networkx."""
    code = "import sys, kg.export; print('networkx' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
