"""kg.names: one way to show a term, and to name a node for people."""

from __future__ import annotations

from rdflib import RDF, SKOS, XSD, BNode, Graph, Literal, URIRef

from kg.names import curie, describe, entity_id, label
from kg.ontology import ID, ORG, PREFIXES, QUERIES, SHAPES, YRD


def test_curie_uses_the_one_prefix_table_for_every_namespace():
    for prefix, ns in PREFIXES.items():
        assert curie(URIRef(ns + "x")) == f"{prefix}:x"
    assert curie(SHAPES.EventShape) == "yrds:EventShape"
    assert curie(QUERIES["timeline"]) == "queries/timeline"
    assert curie(URIRef("http://example.org/a")) == "http://example.org/a"


def test_curie_of_literals_blank_nodes_and_nothing():
    assert curie(Literal("12", datatype=XSD.integer)) == "12"
    assert curie(Literal("上海", lang="zh")) == "上海"
    assert curie(BNode("abcdef123456")) == "_:abcdef12"
    assert curie(None) == ""


def test_entity_id_strips_only_our_id_namespace():
    assert entity_id(ID["org/jiuli"]) == "org/jiuli"
    assert entity_id(ORG.Organization) == str(ORG.Organization)


def test_label_is_the_smallest_in_its_language(graph):
    g = Graph()
    node = ID["org/x"]
    g.add((node, SKOS.prefLabel, Literal("乙", lang="zh")))
    g.add((node, SKOS.prefLabel, Literal("甲", lang="zh")))
    assert label(g, node) == min("甲", "乙")
    assert label(g, node, "en") is None
    assert label(graph, ID["org/jiuli"], "en")  # a curated organisation has an English label


def test_describe_names_labelled_nodes_statements_and_involvements():
    g = Graph()
    org, coop, inv, st = ID["org/a"], ID["consortium/c"], ID["involvement/1"], ID["statement/1"]
    g.add((org, SKOS.prefLabel, Literal("甲公司", lang="zh")))
    assert describe(g, org) == "甲公司 / (no English label) [id:org/a]"
    g.add((inv, YRD.agent, org))
    g.add((inv, YRD.cooperation, coop))
    g.add((inv, YRD.role, YRD.LeadRole))
    assert describe(g, inv) == "involvement: 甲公司 as yrd:LeadRole in id:consortium/c [id:involvement/1]"
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, org), (RDF.predicate, YRD.basedIn),
                 (RDF.object, ID["div/330000"])):
        g.add((st, p, o))
    assert describe(g, st) == "statement: 甲公司 yrd:basedIn id:div/330000 [id:statement/1]"
    assert describe(g, None) == ""
