"""kg.remote.front: which requests the read-only server answers (the server itself runs in test_serve)."""

from __future__ import annotations

import pytest

from kg.remote.front import _accepted, _host_names, host_allowed, uses_service

SERVICE_QUERIES = [
    "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "select * { service silent <http://10.0.0.1/> { ?s ?p ?o } }",
    "SELECT * {\n  SeRvIcE\t<http://x/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",  # a codepoint escape, read before parsing
    "SELECT * { # a comment\nSERVICE <http://x/> { } }",
]
NOT_SERVICE = [
    "SELECT ?service WHERE { ?service ?p ?o }",
    "PREFIX ex: <http://ex.org/> SELECT * { ?s ex:service ?o }",
    "SELECT * { ?s ?p 'SERVICE <http://x/>' }",
    'SELECT * { ?s ?p """a SERVICE in a long string""" }',
    "SELECT * { <http://ex.org/SERVICE> ?p ?o } # SERVICE in a comment",
    "SELECT * { ?s <http://ex.org/p> $service_name }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_found_however_it_is_written(query):
    assert uses_service(query)


@pytest.mark.parametrize("query", NOT_SERVICE)
def test_a_word_service_that_is_no_keyword_is_allowed(query):
    assert not uses_service(query)


@pytest.mark.parametrize("header, allowed", [
    ("127.0.0.1:7878", True), ("localhost:7878", True), ("LOCALHOST:7878", True), ("[::1]:7878", True),
    ("attacker.example:7878", False), ("127.0.0.1:7879", False), ("127.0.0.1", False), ("", False),
    (None, False), ("127.0.0.1:notaport", False), ("10.0.0.5:7878", False),
])
def test_host_header_of_a_loopback_server(header, allowed):
    assert host_allowed(header, _host_names("127.0.0.1"), 7878) is allowed


def test_a_server_bound_to_every_address_takes_ip_literals_and_allowed_names():
    names = _host_names("0.0.0.0") | {"kg.example.org"}
    assert host_allowed("10.0.0.5:80", names, 80, any_ip=True)
    assert host_allowed("kg.example.org", names, 80, any_ip=True)
    assert not host_allowed("rebound.attacker.example", names, 80, any_ip=True)


def test_accept_header_ranked_by_quality():
    assert _accepted("text/csv;q=0.5, application/sparql-results+json, text/plain;q=0") == \
        ("application/sparql-results+json", "text/csv")
    assert _accepted(None) == ()
