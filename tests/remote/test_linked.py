"""kg.remote.linked and yrdkg serve: /id/..., /ontology and /dataset by content negotiation, real HTTP."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from ports import free_port
from rdflib import DCAT, RDF, SKOS, VOID, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.dataset import DATASET
from kg.ontology import ID, YRD, ontology_graph
from kg.remote.linked import entity_graph, negotiate, start

YRDKG = str(Path(sys.executable).parent / "yrdkg")
# rdflib's JSON-LD parser still uses its deprecated ConjunctiveGraph API inside.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
ENDPOINT = "http://127.0.0.1:7878/query"


@pytest.fixture(scope="module")
def pages(graph):
    running = start(graph, "127.0.0.1", 0, ENDPOINT)
    yield running.url
    running.stop()


def get(url: str, accept: str | None = None, method: str = "GET") -> tuple[int, str, bytes, dict]:
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read(), dict(exc.headers)


@pytest.mark.parametrize("accept, media, fmt", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json", "json-ld"),
])
def test_an_entity_in_each_rdf_format(pages, graph, accept, media, fmt):
    status, ctype, body, headers = get(pages + "id/org/jiuli", accept)
    assert status == 200 and ctype.startswith(media) and headers["Vary"] == "Accept"
    got = Graph().parse(data=body, format=fmt)
    assert isomorphic(got, entity_graph(graph, ID["org/jiuli"]))
    jiuli = ID["org/jiuli"]
    assert set(got.triples((jiuli, None, None))) == set(graph.triples((jiuli, None, None)))
    assert any("久立" in str(t) for t in got.objects(None, YRD.text))  # its quotes come along


def test_an_entity_as_html_by_default_and_by_suffix(pages, graph):
    for url, accept in ((pages + "id/org/jiuli", "text/html,application/xhtml+xml,*/*;q=0.8"),
                        (pages + "id/org/jiuli", None), (pages + "id/org/jiuli.html", "text/turtle")):
        status, ctype, body, _ = get(url, accept)
        page = body.decode("utf-8")
        assert status == 200 and ctype.startswith("text/html"), url
        assert "浙江久立特材科技股份有限公司" in page and 'href="/id/org/jiuli.ttl"' in page
    status, ctype, body, _ = get(pages + "id/org/jiuli.ttl", "text/html")
    assert ctype.startswith("text/turtle") and (ID["org/jiuli"], SKOS.prefLabel, None) in \
        Graph().parse(data=body, format="turtle")


def test_html_escapes_what_it_shows(graph):
    g = Graph()
    for t in graph.triples((ID["org/jiuli"], None, None)):
        g.add(t)
    g.add((ID["org/jiuli"], SKOS.altLabel, Literal("<script>alert(1)</script>", lang="zh")))
    running = start(g, "127.0.0.1", 0, ENDPOINT)
    try:
        _, _, body, _ = get(running.url + "id/org/jiuli")
    finally:
        running.stop()
    assert b"<script>alert(1)" not in body and b"&lt;script&gt;alert(1)" in body


def test_ontology_and_dataset(pages, graph):
    _, ctype, body, _ = get(pages + "ontology", "text/turtle")
    assert ctype.startswith("text/turtle") and isomorphic(Graph().parse(data=body, format="turtle"),
                                                          ontology_graph())
    _, ctype, body, _ = get(pages + "dataset", "application/ld+json")
    d = Graph().parse(data=body, format="json-ld")
    assert (DATASET, RDF.type, DCAT.Dataset) in d
    assert str(d.value(DATASET, VOID.sparqlEndpoint)) == ENDPOINT
    assert int(d.value(DATASET, VOID.triples)) == len(graph)
    _, ctype, body, _ = get(pages + ".well-known/void", "text/turtle")
    assert (DATASET, RDF.type, VOID.Dataset) in Graph().parse(data=body, format="turtle")
    _, ctype, body, _ = get(pages + "context.jsonld")
    assert "@context" in json.loads(body)
    status, ctype, body, _ = get(pages)
    assert status == 200 and b'href="/dataset"' in body and b'href="/ontology"' in body


def test_unknown_paths_unacceptable_types_and_head(pages):
    assert get(pages + "id/org/no-such-organisation")[0] == 404
    assert get(pages + "elsewhere")[0] == 404
    assert get(pages + "id/org/jiuli", "image/png")[0] == 406
    status, _, body, headers = get(pages + "id/org/jiuli", "text/turtle", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    assert get(pages + "id/org/jiuli", method="POST")[0] == 501  # read-only


def test_negotiate_prefers_by_q_then_our_order():
    assert negotiate("application/ld+json;q=0.2, text/turtle;q=0.3") == ".ttl"
    assert negotiate("text/*") == ".html" and negotiate("application/*") == ".jsonld"
    assert negotiate("text/turtle;q=0") is None


def test_yrdkg_serve_answers_linked_data_beside_sparql(tmp_path, graph):
    """`yrdkg serve` prints both URLs; both answer; Ctrl-C stops it (and the test stops it anyway)."""
    port, pages_port = free_port(), free_port()
    proc = subprocess.Popen([YRDKG, "serve", "--port", str(port), "--pages-port", str(pages_port),
                             "--store", str(tmp_path / "store")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        urls, deadline = {}, time.monotonic() + 120
        while time.monotonic() < deadline and len(urls) < 2:
            if sel.select(timeout=1):
                line = proc.stdout.readline()
                if not line:
                    break
                key, _, url = line.rpartition(": ")
                if line.startswith(("Linked data", "SPARQL endpoint")):
                    urls[key.split()[0]] = url.strip()
        assert set(urls) == {"Linked", "SPARQL"}, proc.stderr.read() if proc.poll() is not None else urls
        assert urls["Linked"] == f"http://127.0.0.1:{pages_port}/"
        status, ctype, body, _ = get(urls["Linked"] + "id/div/330300", "text/turtle")
        g = Graph().parse(data=body, format="turtle")
        assert status == 200 and (ID["div/330300"], YRD.latitude, None) in g
        _, _, body, _ = get(urls["Linked"] + "dataset", "text/turtle")
        served = Graph().parse(data=body, format="turtle")
        assert str(served.value(DATASET, VOID.sparqlEndpoint)) == urls["SPARQL"]
        query = urllib.parse.urlencode({"query": f"ASK {{ <{DATASET}> a <{DCAT.Dataset}> }}"})
        _, _, body, _ = get(urls["SPARQL"] + "?" + query, "application/sparql-results+json")
        assert json.loads(body)["boolean"] is True  # the description is in the store too
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{pages_port}/", timeout=5)


def test_serve_refuses_the_same_port_twice(capsys):
    from kg.cli import main

    assert main(["serve", "--port", "7000", "--pages-port", "7000"]) == 2
    assert "--pages-port 7000" in capsys.readouterr().err


def test_entity_graph_holds_statements_and_neighbour_labels(graph):
    g = entity_graph(graph, ID["div/330300"])
    assert (ID["div/330000"], SKOS.prefLabel, None) in g  # the province it lies in, by name
    assert any(True for _ in g.subjects(RDF.subject, ID["div/330300"]))
    assert URIRef(str(ID)) not in set(g.subjects())
