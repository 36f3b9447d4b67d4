"""kg.remote.worker: answers in the client's format, capped in size; queries killed at the deadline."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest

from kg.remote.worker import Ask, Pool, answer

EX = "http://example.org/"


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    path = tmp_path_factory.mktemp("worker") / "store"
    store = ox.Store(str(path))
    store.extend(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)))
                 for i in range(300))
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def store(location):
    return ox.Store.read_only(str(location))


@pytest.mark.parametrize("query, accept, media, start", [
    ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", (), "application/sparql-results+json", b'{"head"'),
    ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", ("text/csv",), "text/csv", b"n\r\n300"),
    ("ASK { ?s ?p ?o }", ("application/sparql-results+xml",), "application/sparql-results+xml", b"<?xml"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", ("text/*",), "text/turtle", b"<http://example.org/"),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", ("*/*",), "application/n-triples", b"<http://example.org/"),
])
def test_answer_in_the_accepted_format(store, query, accept, media, start):
    out = answer(store, Ask(query, accept))
    assert out.status == 200 and out.content_type.split(";")[0] == media
    assert out.body.startswith(start)


def test_answers_are_capped(store):
    out = answer(store, Ask("CONSTRUCT WHERE { ?s ?p ?o }", (), max_bytes=1000))
    assert out.status == 500 and b"larger than 1,000 bytes" in out.body


def test_bad_query_and_unacceptable_type(store):
    assert answer(store, Ask("SELECT WHERE", ())).status == 400
    assert answer(store, Ask("ASK {}", ("image/png",))).status == 406


def test_pool_kills_a_query_at_the_deadline_and_goes_on(location):
    pool = Pool(location, 1, timeout=1)
    try:
        (first,) = pool.pids()
        out = pool.run(Ask("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", ()))
        assert out.status == 503 and b"stopped after 1 s" in out.body
        with pytest.raises(ProcessLookupError):
            os.kill(first, 0)  # the process that ran it is gone (reaped)
        (second,) = pool.pids()
        assert second != first
        out = pool.run(Ask("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", ("text/csv",)))
        assert out.status == 200 and out.body.split() == [b"n", b"300"]
    finally:
        pool.close()
    assert pool.pids() == []
