"""kg.remote.publish: `yrdkg publish`, and queries of what it published, at a real read-write
`oxigraph serve` started here."""

from __future__ import annotations

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ports import free_port
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.errors import ServiceError
from kg.export import WHOLE_GRAPH
from kg.ontology import ID
from kg.remote.client import remote_query
from kg.remote.publish import count_graph, fetch_graph, graph_store_url, publish
from kg.remote.serve import start, stop
from kg.sparql import normalise

OTHER = URIRef("http://example.org/other-graph")


def oxigraph_rw():
    """Start an in-memory `oxigraph serve` on 127.0.0.1; return (process, store URL, query URL)."""
    proc, query_url = start(None, "127.0.0.1", free_port(), timeout=30, read_only=False)
    return proc, query_url.rsplit("/", 1)[0] + "/store", query_url


@pytest.fixture(scope="module")
def store():
    proc, store_url, query_url = oxigraph_rw()
    yield store_url, query_url
    stop(proc)


@pytest.fixture(scope="module")
def published(store, graph):
    """Publish over a stale graph and beside another graph, as a real store would have."""
    store_url, query_url = store
    stale = Graph()
    stale.add((ID["org/stale"], ID["p/stale"], Literal("stale")))
    publish(stale, store_url, WHOLE_GRAPH, query_url)
    keep = Graph()
    keep.add((ID["org/keep"], ID["p/keep"], Literal("keep")))
    publish(keep, store_url, OTHER, query_url)
    return publish(graph, store_url, WHOLE_GRAPH, query_url)


def test_publish_replaces_the_graph_whole(published, store, graph):
    store_url, query_url = store
    assert published.found == published.sent == len(graph)
    assert published.status in (200, 201, 204)
    back = fetch_graph(store_url, WHOLE_GRAPH)
    # the stale triple is gone; Oxigraph keeps numbers by value (see kg.sparql.normalise)
    assert {tuple(normalise(x, lenient=True) for x in t) for t in back} == \
        {tuple(normalise(x, lenient=True) for x in t) for t in graph}
    assert count_graph(query_url, OTHER) == 1  # the other graph is untouched


def test_publish_as_turtle_and_check_by_get(store, graph):
    store_url, _ = store
    target = URIRef("http://example.org/turtle-graph")
    done = publish(graph, store_url, target, None, "turtle")
    assert done.found == len(graph) and done.checked_by.startswith("GET")


def test_remote_queries_read_the_published_graph(published, store, graph):
    _, query_url = store
    q = f"""PREFIX yrd: <https://w3id.org/yrd-kg/ontology#>
        SELECT ?c (COUNT(?m) AS ?n) WHERE {{ VALUES ?lead {{ <{ID["org/jiuli"]}> }}
            ?c yrd:ledBy ?lead ; <http://www.w3.org/ns/org#hasMember> ?m }}
        GROUP BY ?c ORDER BY ?c"""
    local = [tuple(r) for r in graph.query(q)]
    remote = [tuple(r) for r in remote_query(query_url, q, default_graph=str(WHOLE_GRAPH))]
    assert local and remote == local
    assert not list(remote_query(query_url, q))  # the store's own default graph is empty


def test_count_mismatch_is_reported(store, graph):
    """Checking against a store that does not hold the graph: a mismatch, said plainly."""
    store_url, _ = store
    proc, _, elsewhere = oxigraph_rw()
    try:
        with pytest.raises(ServiceError, match=r"now holds 0 triples, not the \d+ sent"):
            publish(graph, store_url, URIRef("http://example.org/g3"), elsewhere)
    finally:
        stop(proc)


def test_cli_publishes(store, capsys):
    store_url, query_url = store
    code = main(["publish", "--endpoint", store_url, "--sparql", query_url,
                 "--graph", "http://example.org/cli-graph"])
    out = capsys.readouterr()
    assert code == 0 and "Published" in out.out and "COUNT query" in out.err


@pytest.mark.parametrize("args,message", [
    (["--endpoint", "{store}/../nowhere"], "HTTP 404"),
    (["--endpoint", "http://127.0.0.1:{closed}/store"], "cannot reach"),
    (["--endpoint", "{store}", "--graph", "not an iri"], "not an absolute IRI"),
])
def test_cli_reports_errors_without_traceback(args, message, store, capsys):
    store_url, _ = store
    base = store_url.rsplit("/", 1)[0]
    args = [a.format(store=base, closed=free_port()) for a in args]
    assert main(["publish", *args]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and message in err and "Traceback" not in err


def test_graph_store_url_uses_indirect_identification():
    assert graph_store_url("http://h/ds/data", URIRef("https://w3id.org/yrd-kg/graph/all")) == \
        "http://h/ds/data?graph=https%3A%2F%2Fw3id.org%2Fyrd-kg%2Fgraph%2Fall"
    assert graph_store_url("http://h/?access-token=x", URIRef("http://g")).startswith(
        "http://h/?access-token=x&graph=")


@pytest.mark.parametrize("name,params", [
    ("consortium-leads-members", []),
    ("consortia-led-from-province", ["--param", "province=id:div/330000"]),
    ("entity-facts", ["--param", "key=久立特材"]),
])
def test_cli_query_at_an_endpoint_answers_like_local(name, params, published, store, capsys):
    """`yrdkg query --endpoint URL --graph IRI NAME` reads the published graph."""
    _, query_url = store
    assert main(["query", name, *params, "--format", "csv"]) == 0
    local = capsys.readouterr().out
    assert main(["query", name, *params, "--format", "csv", "--endpoint", query_url,
                 "--graph", str(WHOLE_GRAPH)]) == 0
    remote = capsys.readouterr().out
    assert len(local.splitlines()) > 1 and sorted(remote.splitlines()) == sorted(local.splitlines())


def test_publishing_needs_no_network_library():
    """Regression: export.serialize held GraphML too, so publishing a graph imported networkx."""
    import subprocess
    import sys

    code = "import sys, kg.remote.publish; print('networkx' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


# -- hostile servers (issue 15): credentials stay home, every failure says what was done --------
class LocalServer:
    """A ThreadingHTTPServer on 127.0.0.1 in a daemon thread; `close` stops it."""

    def serve(self, handler, path: str = "") -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Recorder(LocalServer):
    """A local HTTP server that answers each request with ``reply(handler)`` and records the
    method, path and headers it received. Bound to 127.0.0.1; stopped by the fixture."""

    def __init__(self, reply):

        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                seen.append((self.command, self.path, dict(self.headers)))
                status, headers, body = reply(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _any

            def log_message(self, *args):
                pass

        self.serve(Handler)


@pytest.fixture
def servers():
    made = []

    def make(reply):
        made.append(Recorder(reply))
        return made[-1]

    yield make
    for r in made:
        r.close()


def test_a_redirect_never_takes_the_token_elsewhere(servers, monkeypatch, graph):
    """A 302 to another port once received 'Authorization: Bearer ...'; now no request goes there."""
    monkeypatch.setenv("YRDKG_TOKEN", "secret-token")
    elsewhere = servers(lambda h: (200, {"Content-Type": "application/n-triples"}, b""))
    store = servers(lambda h: (204, {}, b"") if h.command == "PUT" else
                    (302, {"Location": f"{elsewhere.url}/steal"}, b""))
    with pytest.raises(ServiceError) as err:
        publish(graph, f"{store.url}/store", WHOLE_GRAPH, f"{store.url}/query")
    assert f"{elsewhere.url}/steal" in str(err.value) and "redirected (HTTP 302)" in str(err.value)
    assert "the PUT succeeded" in str(err.value)  # what was done, then what failed
    assert elsewhere.seen == []
    assert [m for m, _, _ in store.seen] == ["PUT", "POST"]
    assert all(h.get("Authorization") == "Bearer secret-token" for _, _, h in store.seen)


def test_a_redirected_get_is_refused_too(servers, monkeypatch):
    monkeypatch.setenv("YRDKG_TOKEN", "secret-token")
    elsewhere = servers(lambda h: (200, {"Content-Type": "application/n-triples"}, b""))
    store = servers(lambda h: (307, {"Location": f"{elsewhere.url}/x"}, b""))
    with pytest.raises(ServiceError, match="redirected"):
        fetch_graph(f"{store.url}/store", WHOLE_GRAPH)
    assert elsewhere.seen == []


def test_an_endpoint_answering_html_is_a_clear_error(servers):
    page = servers(lambda h: (200, {"Content-Type": "text/html"}, b"<html><body>login</body></html>"))
    with pytest.raises(ServiceError, match="answered with text/html, not N-Triples or Turtle"):
        fetch_graph(f"{page.url}/store", WHOLE_GRAPH)
    with pytest.raises(ServiceError, match="text/html, not SPARQL results"):
        remote_query(f"{page.url}/query", "ASK {}")


@pytest.mark.parametrize("url", ["localhost:7878/store", "ftp://example.org/store", "http:///store",
                                 "http://127.0.0.1:port/store", "file:///etc/passwd"])
def test_an_endpoint_that_is_not_a_url_is_a_one_line_error(url, limited):
    run = limited("publish", "--endpoint", url)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    (error,) = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert url in error and "URL" in error
    assert "Building" not in run.stderr  # refused before any work


def test_publish_says_the_put_succeeded_when_the_check_cannot_reach(servers, graph):
    store = servers(lambda h: (204, {}, b""))
    with pytest.raises(ServiceError) as err:
        publish(graph, f"{store.url}/store", WHOLE_GRAPH, f"http://127.0.0.1:{free_port()}/query")
    assert "the PUT succeeded (HTTP 204" in str(err.value) and "cannot reach" in str(err.value)


class DigestStore(LocalServer):
    """A Graph Store behind HTTP Digest that, like Virtuoso, answers a request without credentials
    with 401 at once and closes the connection without reading its body."""

    REALM, NONCE = "store", "f00d"

    def __init__(self, user: str, password: str):
        import hashlib

        self.puts, self.unread = [], []
        md5 = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                auth = self.headers.get("Authorization", "")
                fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(auth[7:]))
                if not auth.startswith("Digest ") or fields.get("response") != md5(":".join([
                        md5(f"{user}:{outer.REALM}:{password}"), outer.NONCE, fields.get("nc", ""),
                        fields.get("cnonce", ""), fields.get("qop", ""),
                        md5(f"{self.command}:{fields.get('uri', '')}")])):
                    outer.unread.append((self.command, int(self.headers.get("Content-Length") or 0)))
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", f'Digest realm="{outer.REALM}", '
                                     f'nonce="{outer.NONCE}", qop="auth"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    self.close_connection = True
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "PUT":
                    outer.puts.append(body)
                reply = outer.puts[-1] if self.command == "GET" and outer.puts else b""
                self.send_response(201 if self.command == "PUT" else 200)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_HEAD = do_PUT = _any

            def log_message(self, *args):
                pass

        self.serve(Handler, "/store")


def test_a_large_put_to_a_digest_store_sends_its_credentials_first(monkeypatch, graph):
    """Publishing to Virtuoso once failed with 'Broken pipe': the PUT went without credentials, the
    store answered 401 and closed the connection while megabytes of the graph were still being sent."""
    monkeypatch.setenv("YRDKG_USER", "dba")
    monkeypatch.setenv("YRDKG_PASSWORD", "secret")
    store = DigestStore("dba", "secret")
    try:
        done = publish(graph, store.url, WHOLE_GRAPH)
    finally:
        store.close()
    assert done.found == len(graph) and len(store.puts) == 1 and len(store.puts[0]) > 1_000_000
    assert ("PUT", len(store.puts[0])) not in store.unread  # the body went once, with the credentials
