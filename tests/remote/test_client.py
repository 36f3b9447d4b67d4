"""kg.remote.client: parameters bound in every group pattern, failures reported as service errors."""

from __future__ import annotations

import socket

import pytest
from rdflib import Literal, URIRef

from kg.cli import main
from kg.errors import InputError, ServiceError
from kg.remote.client import remote_query, with_values


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_network_failures_are_service_errors():
    """An endpoint nobody listens on is a service failure, not a mistake in the data."""
    with pytest.raises(ServiceError, match="cannot reach http://127.0.0.1"):
        remote_query(f"http://127.0.0.1:{free_port()}/q", "ASK {}")


def test_values_binding_escapes_terms():
    q = with_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal('a"} . ?x ?y ?z {')})
    assert q == 'SELECT ?x WHERE { VALUES (?o) { ("a\\"} . ?x ?y ?z {") } ?x ?p ?o }'
    with pytest.raises(InputError):
        with_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": URIRef("http://e/> } DROP ALL {")})


BIND_CASES = [
    # (query, number of VALUES blocks with_values must add)
    ("SELECT ?x WHERE { ?x ?p ?k }", 1),
    ("SELECT * { { ?a ?b ?k } UNION { ?a ?c ?k OPTIONAL { ?a ?d ?e } } }", 4),
    ("SELECT * { { SELECT ?a WHERE { ?a ?b ?k } } VALUES ?z { 1 2 } FILTER NOT EXISTS { ?a ?b ?c } }"
     " VALUES ?y { 3 }", 3),
    ('PREFIX a: <http://x#> # a comment with { and "\nCONSTRUCT { ?s a:p "{" } WHERE { ?s ?p ?k }', 1),
    ("ASK { ?s ?p \"\"\"a } ' b\"\"\" . ?s <http://x/a#b> ?k FILTER(?k < 3) }", 1),
]


def _group_patterns(query: str) -> int:
    """Count the group graph patterns of ``query`` as rdflib's SPARQL grammar parses them."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def count(node) -> int:
        if isinstance(node, CompValue):
            return (node.name == "GroupGraphPatternSub") + sum(count(v) for v in node.values())
        if isinstance(node, list | tuple | ParseResults):
            return sum(count(v) for v in node)
        return 0

    return count(parseQuery(query))


@pytest.mark.parametrize("query,blocks", BIND_CASES)
def test_each_bind_case_expects_one_block_per_group_pattern(query, blocks):
    """The expected counts come from the SPARQL grammar, not from with_values' own scanner."""
    assert blocks == _group_patterns(query)


@pytest.mark.parametrize("query,blocks", BIND_CASES)
def test_with_values_binds_in_every_group_and_stays_valid(query, blocks):
    from rdflib.plugins.sparql import prepareQuery

    bound = with_values(query, {"k": Literal("x")})
    assert bound.count('VALUES (?k) { ("x") }') == blocks
    prepareQuery(bound)  # still SPARQL


def test_construct_where_short_form_takes_no_parameters():
    with pytest.raises(InputError, match="CONSTRUCT WHERE"):
        with_values("CONSTRUCT WHERE { ?s ?p ?k }", {"k": Literal("x")})


def test_cli_query_at_an_endpoint_reports_errors(capsys):
    assert main(["query", "consortium-leads-members", "--endpoint", f"http://127.0.0.1:{free_port()}/q"]) == 2
    assert "cannot reach" in capsys.readouterr().err
