"""kg.remote.serve: `yrdkg serve` runs a real Oxigraph server that answers like rdflib in-process,
refuses updates and stops on Ctrl-C."""

from __future__ import annotations

import os
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.catalogue import bindings, catalogue, find
from kg.errors import ServiceError
from kg.ontology import ID
from kg.paths import queries_dir
from kg.remote.client import remote_query, run_remote, with_values
from kg.sparql import Result, normalise, result_set, run

YRDKG = str(Path(sys.executable).parent / "yrdkg")
PREFIXES = """PREFIX yrd: <https://w3id.org/yrd-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

CATALOGUE = catalogue()
# Our own queries beside the catalogue: CONSTRUCT, ASK, literal datatypes: (name, text, bindings)
QUERIES = [
    ("organisation-labels", PREFIXES + """SELECT ?org ?zh ?en WHERE {
        ?org a/rdfs:subClassOf* yrd:Organisation ; skos:prefLabel ?zh , ?en .
        FILTER(lang(?zh) = "zh" && lang(?en) = "en") } ORDER BY ?org""", None),
    ("triple-count", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None),
    ("roles-per-cooperation", PREFIXES + """SELECT ?coop (COUNT(DISTINCT ?agent) AS ?agents)
        WHERE { ?inv yrd:cooperation ?coop ; yrd:agent ?agent } GROUP BY ?coop ORDER BY ?coop""", None),
    ("consortium-of-lead", PREFIXES + """SELECT ?c ?label WHERE {
        ?c yrd:ledBy ?lead ; skos:prefLabel ?label } ORDER BY ?c ?label""",
     {"lead": ID["org/jiuli"]}),
    ("quote-offsets", PREFIXES + """SELECT ?q ?offset WHERE { ?q yrd:offset ?offset } ORDER BY ?q""",
     None),
    ("ask-lead", PREFIXES + "ASK { ?c yrd:ledBy ?lead }", {"lead": ID["org/jiuli"]}),
    ("construct-involvements", PREFIXES + """CONSTRUCT { ?inv ?p ?o } WHERE {
        ?inv yrd:agent ?agent ; ?p ?o }""", {"agent": ID["org/jiuli"]}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(tmp: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """Start `yrdkg serve` and return it with the endpoint URL it prints (within 60 s)."""
    port = free_port()
    # A session of its own, so a failed stop can kill yrdkg and its oxigraph child together.
    proc = subprocess.Popen([YRDKG, "serve", "--port", str(port), "--store", str(tmp / "store"), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if sel.select(timeout=1):
            line = proc.stdout.readline()
            if line.startswith("SPARQL endpoint: "):
                return proc, line.split(": ", 1)[1].strip()
            if not line:
                break
    stop_serve(proc)
    raise AssertionError(f"yrdkg serve did not print its URL: {proc.stderr.read()}")


def stop_serve(proc: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C the server (SIGINT), as a user would; kill it if that fails."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group this test started
        _, err = proc.communicate()
    return proc.returncode, err


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    proc, url = start_serve(tmp_path_factory.mktemp("serve"), "--timeout", "2")
    yield url
    stop_serve(proc)


def rows(result) -> list[tuple]:
    """Rows with terms keyed by value: Oxigraph gives xsd:nonNegativeInteger back as xsd:integer."""
    return [tuple(normalise(t, lenient=True) for t in r) for r in result]


def test_our_queries_cover_every_form_the_endpoint_answers():
    """SELECT and ASK come back as SPARQL JSON, CONSTRUCT as N-Triples: each form has a case."""
    from rdflib.plugins.sparql import prepareQuery

    assert {prepareQuery(text).algebra.name for _, text, _ in QUERIES} == \
        {"SelectQuery", "AskQuery", "ConstructQuery"}
    assert len({name for name, _, _ in QUERIES}) == len(QUERIES)
    assert {q.name for q in CATALOGUE} == {p.stem for p in queries_dir().glob("*.rq")}


@pytest.mark.parametrize("q", CATALOGUE, ids=[q.name for q in CATALOGUE])
def test_the_catalogue_answers_like_in_process(q, endpoint, graph, oxigraph):
    """Each catalogue query, default parameters bound, through the endpoint and in-process.

    The server is Oxigraph, so it agrees exactly with the in-process Oxigraph engine;
    with rdflib it agrees exactly, except where the query's `engines:` note says the
    two engines differ (then by value, or not at all for a documented other difference).
    """
    remote = run_remote(endpoint, q)
    assert result_set(remote) == result_set(run(oxigraph, q))
    local = run(graph, q)
    assert remote.vars == local.vars
    if not q.engines:
        assert result_set(remote) == result_set(local)
    elif "xsd:integer" in q.engines:
        assert result_set(remote, lenient=True) == result_set(local, lenient=True)


@pytest.mark.parametrize("q", CATALOGUE, ids=[q.name for q in CATALOGUE])
def test_sparqlstore_runs_the_catalogue(q, endpoint, oxigraph, graph):
    """rdflib's SPARQLStore, an independent SPARQL 1.1 Protocol client, gets the in-process answers.

    It sends the query text with the parameters bound by kg.remote.client.with_values.
    """
    # POST: a GET of entity-facts with SPARQLStore's ~30 added PREFIX lines passes the server's 8 KB line
    remote = Graph(store=SPARQLStore(endpoint, method="POST_FORM")).query(with_values(q.text, bindings(q)))
    got = Result([str(v) for v in remote.vars], [tuple(r) for r in remote])
    assert result_set(got) == result_set(run(oxigraph, q))


def test_a_trailing_values_block_is_not_a_binding(endpoint, graph):
    """Guards with_values: SPARQLStore's own initBindings (one VALUES after the query) lose
    search-labels' answers, because its FILTER sits in a group the late join never reaches."""
    q = find("search-labels")
    terms = bindings(q)
    assert len(graph.query(q.text, initBindings=terms)) > 0
    assert len(Graph(store=SPARQLStore(endpoint)).query(q.text, initBindings=terms)) == 0
    assert len(remote_query(endpoint, q.text, terms)) == len(graph.query(q.text, initBindings=terms))


@pytest.mark.parametrize("name,query,bindings", QUERIES, ids=[q[0] for q in QUERIES])
def test_sparqlstore_answers_like_in_process(name, query, bindings, endpoint, graph):
    """rdflib's SPARQLStore, a real SPARQL 1.1 Protocol client, gets the in-process answers."""
    local = graph.query(query, initBindings=bindings or {})
    remote = Graph(store=SPARQLStore(endpoint)).query(query, initBindings=bindings or {})
    if local.type == "CONSTRUCT":
        assert len(local.graph) > 0 and isomorphic(local.graph, remote.graph)
    elif local.type == "ASK":
        assert local.askAnswer is True and remote.askAnswer is True
    else:
        assert rows(local) and rows(remote) == rows(local)


@pytest.mark.parametrize("name,query,bindings", QUERIES, ids=[q[0] for q in QUERIES])
def test_remote_query_answers_like_in_process(name, query, bindings, endpoint, graph):
    """kg.remote.client.remote_query binds parameters inside WHERE, like initBindings."""
    local = graph.query(query, initBindings=bindings or {})
    remote = remote_query(endpoint, query, bindings)
    if local.type == "CONSTRUCT":
        assert isomorphic(local.graph, remote.graph)
    elif local.type == "ASK":
        assert remote.askAnswer == local.askAnswer
    else:
        assert rows(remote) == rows(local)


def test_an_update_is_refused(endpoint, graph):
    update_url = endpoint.rsplit("/", 1)[0] + "/update"
    client = SPARQLWrapper(endpoint, updateEndpoint=update_url)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    req = urllib.request.Request(update_url, method="POST", data=b"CLEAR ALL",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 403
    n = list(remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0][0]
    assert int(n) == len(graph)
    assert not rows(remote_query(endpoint, "SELECT ?p WHERE { <http://example.org/a> ?p ?o }"))


def test_a_slow_query_is_cancelled_by_the_timeout(endpoint):
    """--timeout 2: a cross product of the graph with itself three times is cut off."""
    t0 = time.monotonic()
    with pytest.raises(ServiceError, match="timeout|HTTP|not valid"):
        remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                     timeout=60)
    assert time.monotonic() - t0 < 30


def test_ctrl_c_stops_server_and_child(tmp_path):
    proc, url = start_serve(tmp_path)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    code, err = stop_serve(proc)
    assert code == 0, err
    assert "Traceback" not in err and "Stopped." in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run([YRDKG, "serve", "--port", str(port), "--store", str(tmp_path / "store")],
                             capture_output=True, text=True, timeout=120, env={**os.environ})
    assert run.returncode == 2
    assert "error:" in run.stderr and f"port {port}" in run.stderr and "Traceback" not in run.stderr


def test_the_store_holds_the_whole_graph_in_the_default_graph(endpoint, graph):
    n = list(remote_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))[0][0]
    assert int(n) == 0
    assert URIRef(str(ID["org/jiuli"])) in {r[0] for r in remote_query(endpoint, QUERIES[0][1])}


def test_serve_a_file_instead_of_the_curated_graph(tmp_path, graph):
    from kg.export import serialize

    data = tmp_path / "graph.nt"
    data.write_bytes(serialize(graph, "nt"))
    proc, url = start_serve(tmp_path, "--file", str(data))
    try:
        n = list(remote_query(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0][0]
        assert int(n) == len(graph)
    finally:
        code, err = stop_serve(proc)
    assert code == 0 and f"{len(graph)} triples" in err


def test_serve_a_broken_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://a> <http://b> "x .\n', encoding="utf-8")
    run = subprocess.run([YRDKG, "serve", "--file", str(bad), "--store", str(tmp_path / "store")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "bad.nt" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "store").exists()  # no half-loaded store left behind
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store")]


def test_write_store_replaces_a_store_whole_or_not_at_all(tmp_path, graph):
    import pyoxigraph

    from kg.errors import InputError
    from kg.remote.serve import write_store

    location = tmp_path / "store"
    assert write_store(graph, location) == len(graph)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot load"):
        write_store(bad, location)
    assert len(pyoxigraph.Store.read_only(str(location))) == len(graph)  # the old store is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "store"]
