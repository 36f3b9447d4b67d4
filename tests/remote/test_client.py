"""kg.remote.client: parameters bound in the query's VALUES line, failures reported as service errors."""

from __future__ import annotations

import pytest
from ports import free_port
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.catalogue import bind, find, values_block
from kg.cli import main
from kg.errors import InputError, ServiceError
from kg.remote.client import remote_query


def test_network_failures_are_service_errors():
    """An endpoint nobody listens on is a service failure, not a mistake in the data."""
    with pytest.raises(ServiceError, match="cannot reach http://127.0.0.1"):
        remote_query(f"http://127.0.0.1:{free_port()}/q", "ASK {}")


def test_values_binding_escapes_terms():
    """Parameters reach an endpoint in a VALUES block of escaped terms, so a value cannot end it."""
    block = values_block({"o": Literal('a"} . ?x ?y ?z {')})
    assert block == 'VALUES (?o) { ("a\\"} . ?x ?y ?z {") }'
    prepareQuery(f"SELECT ?x WHERE {{ {block} ?x ?p ?o }}")  # still SPARQL, one VALUES block
    with pytest.raises(InputError):
        values_block({"o": URIRef("http://e/> } DROP ALL {")})


def test_the_remote_text_is_the_in_process_text():
    """What goes to an endpoint is kg.catalogue.bind's text, the one rdflib and Oxigraph run."""
    q = find("search-labels")
    text = bind(q, {"text": 'x") } SELECT * WHERE { ?s ?p ?o } #'})
    assert text.count("VALUES") == 1 and '"x\\") } SELECT * WHERE { ?s ?p ?o } #"' in text
    prepareQuery(text)


def test_cli_query_at_an_endpoint_reports_errors(capsys):
    assert main(["query", "consortium-leads-members", "--endpoint", f"http://127.0.0.1:{free_port()}/q"]) == 2
    assert "cannot reach" in capsys.readouterr().err
