"""kg.sparql: one runner for both engines; rdflib and Oxigraph give the same answers, by value."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Literal, URIRef

from kg.catalogue import catalogue, find, load_query
from kg.errors import InputError
from kg.sparql import Result, normalise, result_set, run
from kg.store import BigGraph

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
NAMES = [q.name for q in catalogue()]
# Oxigraph stores xsd:nonNegativeInteger literals as xsd:integer (see the queries' `engines:` notes).
DATATYPE_DIFFERENCES = {"agreement-party-counts", "batches", "source-facts", "source-parts"}


def test_engine_case_list_is_not_empty():
    assert len(NAMES) >= 20


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_and_oxigraph_agree(graph, oxigraph, name):
    q = find(name)
    a = run(graph, q)
    b = run(oxigraph, q)
    assert a.vars == b.vars
    if name in DATATYPE_DIFFERENCES:
        assert "Oxigraph is wrong" in q.engines, "document the difference in the header"
        assert result_set(a) != result_set(b), "the documented difference no longer shows: drop the note"
        assert result_set(a, lenient=True) == result_set(b, lenient=True)
    else:
        assert result_set(a) == result_set(b)


@pytest.mark.parametrize("params", [
    {"city": "id:div/330100", "from": "2005-01-01", "to": "2005-12-31"},
    {"from": "2024-06-06", "to": "2024-06-06"},
    {"from": "2024-06-07"},
])
def test_engines_agree_with_parameters(graph, oxigraph, params):
    q = find("events-in-city")
    assert result_set(run(graph, q, params)) == result_set(run(oxigraph, q, params))


def test_xsd_date_cast_differs_between_engines(graph, oxigraph):
    """Guards the `engines:` note of events-in-city: rdflib (per SPARQL 1.1 17.5) has no xsd:date cast."""
    text = ('PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n'
            'SELECT ?x ?d WHERE { VALUES ?x { 1 } BIND(xsd:date("2005-01-01") AS ?d) }')
    q = load_query(None, text=text)
    assert run(graph, q).rows == [(Literal(1), None)]
    assert run(oxigraph, q).rows == [
        (Literal(1), Literal("2005-01-01", datatype=XSD_DATE))]


def test_oxigraph_stores_derived_integers_as_integer(oxigraph):
    """Guards the `engines:` notes on xsd:nonNegativeInteger."""
    text = "SELECT ?n WHERE { ?b <https://w3id.org/yrd-kg/ontology#declaredCount> ?n }"
    res = list(oxigraph.store.query(text))
    assert res and all(s["n"].datatype == ox.NamedNode(str(XSD_INTEGER)) for s in res)


def test_a_graph_runs_on_oxigraph_too(graph):
    q = find("consortia-led-from-province")
    assert result_set(run(graph, q, engine="oxigraph")) == result_set(run(graph, q))


def test_engine_names_are_checked(graph, oxigraph):
    q = find("posts")
    with pytest.raises(ValueError, match="unknown engine"):
        run(graph, q, engine="jena")
    with pytest.raises(ValueError, match="queried by Oxigraph"):
        run(oxigraph, q, engine="rdflib")


def test_only_select_queries_run(graph):
    q = load_query(None, text="ASK { ?s ?p ?o }")
    with pytest.raises(InputError, match="only SELECT"):
        run(graph, q)
    with pytest.raises(InputError, match="only SELECT"):
        run(BigGraph(), q)


def test_oxigraph_answers_convert_each_term_once(oxigraph):
    """The term cache: a repeated IRI is one rdflib object across the rows."""
    res = run(oxigraph, find("consortium-leads-members"))
    firsts = [row[0] for row in res.rows]
    assert len(firsts) > len(set(firsts))
    by_value = {}
    for t in firsts:
        assert by_value.setdefault(t, t) is t


def test_normalise_compares_numbers_by_value_and_lenient_as_a_store():
    dec = Literal("5.50", datatype=XSD.decimal)
    assert normalise(dec) == normalise(Literal("5.5", datatype=XSD.decimal))
    count = Literal("770", datatype=XSD.nonNegativeInteger)
    stored = Literal("770", datatype=XSD.integer)
    assert normalise(count) != normalise(stored)
    assert normalise(count, lenient=True) == normalise(stored, lenient=True)
    assert normalise(Literal("1", datatype=XSD.boolean), lenient=True) == \
        normalise(Literal("true", datatype=XSD.boolean), lenient=True)
    assert normalise(Literal("x", lang="ZH")) == normalise(Literal("x", lang="zh"))
    assert normalise(BNode()) == normalise(BNode()) and normalise(None) == ("unbound",)
    rows = Result(["a"], [(stored,), (URIRef("http://example.org/a"),)])
    assert result_set(rows) == sorted(result_set(rows), key=repr)
