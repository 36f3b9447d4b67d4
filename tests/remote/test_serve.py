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
from ports import free_port
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.catalogue import catalogue, find
from kg.ontology import ID
from kg.paths import queries_dir
from kg.remote.client import remote_query, run_remote
from kg.sparql import Result, normalise, result_set, run

YRDKG = str(Path(sys.executable).parent / "yrdkg")
PREFIXES = """PREFIX yrd: <https://w3id.org/yrd-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

CATALOGUE = catalogue()
JIULI = ID["org/jiuli"].n3()
# Our own queries beside the catalogue: CONSTRUCT, ASK, literal datatypes: (name, text, bindings)
QUERIES = [
    ("organisation-labels", PREFIXES + """SELECT ?org ?zh ?en WHERE {
        ?org a/rdfs:subClassOf* yrd:Organisation ; skos:prefLabel ?zh , ?en .
        FILTER(lang(?zh) = "zh" && lang(?en) = "en") } ORDER BY ?org""", None),
    ("triple-count", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None),
    ("roles-per-cooperation", PREFIXES + """SELECT ?coop (COUNT(DISTINCT ?agent) AS ?agents)
        WHERE { ?inv yrd:cooperation ?coop ; yrd:agent ?agent } GROUP BY ?coop ORDER BY ?coop""", None),
    ("consortium-of-lead", PREFIXES + "SELECT ?c ?label WHERE { VALUES ?lead { " + JIULI + """ }
        ?c yrd:ledBy ?lead ; skos:prefLabel ?label } ORDER BY ?c ?label""", None),
    ("quote-offsets", PREFIXES + """SELECT ?q ?offset WHERE { ?q yrd:offset ?offset } ORDER BY ?q""",
     None),
    ("ask-lead", PREFIXES + "ASK { ?c yrd:ledBy " + JIULI + " }", None),
    ("construct-involvements", PREFIXES + "CONSTRUCT { ?inv ?p ?o } WHERE { VALUES ?agent { " + JIULI + """ }
        ?inv yrd:agent ?agent ; ?p ?o }""", None),
]



def start_serve(tmp: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """Start `yrdkg serve` and return it with the endpoint URL it prints (within 60 s)."""
    port = free_port()
    # A session of its own, so a failed stop can kill yrdkg and its oxigraph child together.
    # No linked-data pages unless asked: their default port (--port + 1) may be another worker's.
    pages = [] if "--pages-port" in extra else ["--pages-port", "0"]
    proc = subprocess.Popen([YRDKG, "serve", "--port", str(port), "--store", str(tmp / "store"), *pages,
                             *extra],
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
    proc, url = start_serve(tmp_path_factory.mktemp("serve"), "--timeout", "120")
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
    if "Oxigraph" not in q.engines:  # a note on another store (Virtuoso) is no excuse here
        assert result_set(remote) == result_set(local)
    elif "xsd:integer" in q.engines:
        assert result_set(remote, lenient=True) == result_set(local, lenient=True)


@pytest.mark.parametrize("q", CATALOGUE, ids=[q.name for q in CATALOGUE])
def test_sparqlstore_runs_the_catalogue_files_as_they_are(q, endpoint, oxigraph, graph):
    """rdflib's SPARQLStore, an independent SPARQL 1.1 Protocol client, sent each .rq file as it
    is (its defaults in its own VALUES line), gets the in-process answers (issue 14)."""
    remote = Graph(store=SPARQLStore(endpoint, method="POST_FORM")).query(q.text)
    got = Result([str(v) for v in remote.vars], [tuple(r) for r in remote])
    assert result_set(got) == result_set(run(oxigraph, q))


def test_parameters_reach_the_endpoint(endpoint, graph):
    """A value other than the default, bound by kg.catalogue.bind, gives the in-process answer."""
    q = find("search-labels")
    remote = run_remote(endpoint, q, {"text": "实验室"})
    local = run(graph, q, {"text": "实验室"})
    assert local.rows and result_set(remote) == result_set(local) != result_set(run(graph, q))


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
    """kg.remote.client.remote_query gets what rdflib answers in-process."""
    local = graph.query(query, initBindings=bindings or {})
    remote = remote_query(endpoint, query)
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
        run = subprocess.run([YRDKG, "serve", "--port", str(port), "--pages-port", "0",
                              "--store", str(tmp_path / "store")],
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


# -- hostile clients (issue 15): the server fetches nothing, answers only its own name, and no
# query outlives --timeout ------------------------------------------------------------------------
def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat_file.parent.name))
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """`yrdkg serve` of a 400-triple file, --timeout 2, one worker, answers capped at 20,000 bytes."""
    tmp = tmp_path_factory.mktemp("small")
    data = tmp / "small.nt"
    data.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p{i % 7}> \"{i}\" .\n"
                            for i in range(400)), encoding="utf-8")
    proc, url = start_serve(tmp, "--file", str(data), "--timeout", "2", "--workers", "1",
                            "--max-result-bytes", "20000")
    yield proc, url
    stop_serve(proc)


def http(url: str, data: bytes | None = None, headers: dict | None = None, timeout: float = 60):
    """Return (status, body text) of one request, error statuses included."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def sparql(url: str, query: str, **headers):
    return http(url, query.encode("utf-8"), {"Content-Type": "application/sparql-query", **headers})


def test_service_is_refused_and_nothing_is_fetched(small):
    """SERVICE <http://127.0.0.1:.../internal> once made the server call that URL for any client."""
    _, url = small
    with socket.socket() as internal:
        internal.bind(("127.0.0.1", 0))
        internal.listen()
        internal.settimeout(0.5)
        target = f"http://127.0.0.1:{internal.getsockname()[1]}/internal"
        for query in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                      f"SELECT * {{ ?a ?b ?c OPTIONAL {{ service silent <{target}> {{ ?s ?p ?o }} }} }}"):
            status, body = sparql(url, query)
            assert status == 403 and "SERVICE is refused" in body
        with pytest.raises(socket.timeout):
            internal.accept()  # nobody called


def test_only_requests_addressed_to_the_bound_host_are_answered(small):
    """A web page on another name reaching the local server (DNS rebinding) is refused."""
    _, url = small
    port = url.split(":")[2].split("/")[0]
    query = "ASK { ?s ?p ?o }"
    assert sparql(url, query, Host=f"attacker.example:{port}")[0] == 403
    assert sparql(url, query, Host=f"127.0.0.1:{int(port) + 1}")[0] == 403
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, body = sparql(url, query, Host=host, Accept="application/sparql-results+json")
        assert status == 200 and '"boolean":true' in body


def test_a_slow_query_is_stopped_and_its_worker_killed(small):
    """A five-way cross product once ran on for ten minutes past --timeout; now its process is killed
    at the deadline, the client gets 503, and the next query is answered."""
    proc, url = small
    before = children(proc.pid)
    status, body = sparql(url, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
                          "?j ?k ?l . ?m ?n2 ?o }", timeout=120)
    assert status == 503 and "stopped after 2 s" in body
    after = children(proc.pid)
    assert before and not before & after  # the worker that ran it is gone, a fresh one took its place
    assert len(after) == len(before)
    status, body = sparql(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", Accept="text/csv")
    assert status == 200 and body.split() == ["n", "400"]


def test_an_answer_over_the_cap_is_refused(small):
    _, url = small
    status, body = sparql(url, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 500 and "larger than 20,000 bytes" in body
    status, body = sparql(url, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", Accept="application/n-triples")
    assert status == 200 and len(body.splitlines()) == 3


def test_serve_never_empties_a_folder_of_the_users(tmp_path, limited):
    """--store DIR on a folder of the user's files once emptied it and made it a store."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work", encoding="utf-8")
    run = limited("serve", "--store", mine, "--port", "1")
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    (error,) = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert "mine" in error and "thesis.txt" in error and "not an Oxigraph store" in error
    assert [p.name for p in mine.iterdir()] == ["thesis.txt"]
    assert (mine / "thesis.txt").read_text(encoding="utf-8") == "years of work"


def test_a_store_of_ours_is_replaced(tmp_path, graph):
    from kg.remote.serve import write_store

    store = tmp_path / "store"
    write_store(graph, store)
    assert write_store(graph, store) == len(graph)  # the folder holds only a store: replaced


def test_a_port_held_by_another_web_server_is_not_announced_as_ours(tmp_path, limited):
    """With another HTTP server on the port, serve once printed that server's URL as its own."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Other(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    other = HTTPServer(("127.0.0.1", 0), Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    data = tmp_path / "g.nt"
    data.write_text("<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n",
                    encoding="utf-8")
    try:
        port = other.server_address[1]
        run = limited("serve", "--file", data, "--port", port, "--store", tmp_path / "store", cpu=60)
    finally:
        other.shutdown()
        other.server_close()
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert "SPARQL endpoint" not in run.stdout
    assert f"port {port} is in use" in run.stderr


def test_a_negative_content_length_is_refused(small):
    """urllib cannot send one: a raw socket does. The handler once would read until the client left."""
    _, url = small
    port = int(url.split(":")[2].split("/")[0])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query"
                  "\r\nContent-Length: -1\r\n\r\nASK {}".encode())
        assert s.recv(100).startswith(b"HTTP/1.0 400")


def test_the_query_page_is_served_at_the_root_to_the_bound_host_only(small):
    """Oxigraph's YASGUI page went with Oxigraph's server: the front answers / with kg.remote.ui's."""
    from kg.remote.ui import CSP

    _, url = small
    root = url[: -len("query")]
    req = urllib.request.Request(root, headers={"Accept": "text/html"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = resp.read().decode("utf-8")
        assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
        assert resp.headers["Content-Security-Policy"] == CSP
    assert '<textarea id="editor"' in body and all(f'"name": "{q.name}"' in body for q in CATALOGUE)
    port = url.split(":")[2].split("/")[0]
    status, _ = http(root, headers={"Host": f"attacker.example:{port}"})
    assert status == 403
