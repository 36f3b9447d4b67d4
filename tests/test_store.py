"""kg.store: graphs in Oxigraph, read and written as rdflib would, datatypes kept."""

from __future__ import annotations

import pytest
from rdflib import XSD, Graph
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.ontology import ID, YRD
from kg.store import dump, from_graph, load_store, query, rdflib_graph, triples


def test_export_keeps_the_datatypes_oxigraph_would_drop(synth_path, tmp_path, synth_graph):
    big = load_store([synth_path], with_ontology=False)
    out = tmp_path / "out.ttl"
    dump(big, out)
    back = Graph()
    back.parse(out, format="turtle")
    assert isomorphic(back, synth_graph())
    counts = list(back.objects(None, YRD.declaredCount))
    assert counts and all(c.datatype == XSD.nonNegativeInteger for c in counts)


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_a_graph_without_numbers_is_written_by_oxigraph_directly(synth_graph, tmp_path, fmt):
    g = Graph()
    for s, p, o in synth_graph():
        if getattr(o, "datatype", None) not in (XSD.integer, XSD.decimal, XSD.nonNegativeInteger):
            g.add((s, p, o))
    big = from_graph(g)
    assert not big.noted  # the fast path: nothing to restore
    dump(big, tmp_path / f"out.{fmt}", fmt)
    assert isomorphic(Graph().parse(tmp_path / f"out.{fmt}", format=fmt), g)


def test_query_binds_parameters_and_returns_rdflib_terms(synth_path):
    big = load_store([synth_path], with_ontology=False)
    rows = query(big, "SELECT ?city ?province WHERE { ?city yrd:locatedIn ?province }",
                 {"province": ID["div/320000"]})
    assert len(rows) == 13  # Jiangsu's 13 cities
    assert all(p == ID["div/320000"] and str(c).startswith(str(ID)) for c, p in rows)


def test_rdflib_view_runs_the_network_projection(synth_path, synth_graph):
    from kg.network import organisation_network

    big = load_store([synth_path], with_ontology=False)
    net_fast = organisation_network(rdflib_graph(big))
    net_slow = organisation_network(synth_graph())
    assert set(net_fast.nodes) == set(net_slow.nodes) and len(net_fast) > 0
    assert {frozenset(e) for e in net_fast.edges} == {frozenset(e) for e in net_slow.edges}


def test_load_errors_are_input_errors(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_store([bad])
    with pytest.raises(InputError):
        load_store([tmp_path / "missing.ttl"])
    with pytest.raises(InputError):
        load_store([tmp_path / "x.csv"])


def test_a_copied_graph_reads_back_term_for_term(graph):
    """from_graph notes what Oxigraph drops; triples() gives it back as the source wrote it."""
    assert set(triples(from_graph(graph))) == set(graph)
