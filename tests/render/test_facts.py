"""kg.render.facts: relationship nodes become labelled relations that keep their quotes."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDFS, Graph, Literal, Namespace, URIRef

from kg.ontology import ID
from kg.render.facts import gather


def test_involvement_becomes_an_edge_labelled_by_its_role(full, facts):
    edges = full.graph.get_edge_data("org/jiuli", "consortium/ultra-clean-stainless-steel")
    assert [d["label"] for d in edges.values()] == [["牵头单位", "lead"]]
    (d,) = edges.values()
    assert d["family"] == "lead"
    assert any("牵头组建长三角超高洁净不锈钢材料创新联合体" in facts.quotes[q]["t"] for q in d["q"])


def test_post_and_simple_fact_edges_keep_their_quotes(full, facts):
    (post,) = full.graph.get_edge_data("person/wang-yiming", "org/cciee").values()
    assert post["label"] == ["副理事长", "Vice Chairman"] and post["q"]
    (based,) = full.graph.get_edge_data("org/jingye", "div/330100").values()
    assert based["rel"] == "basedIn"
    assert [facts.quotes[q]["t"] for q in based["q"]] == ["由杭州景业智能科技股份有限公司牵头"]


def test_derived_triples_are_not_drawn_twice(full):
    rels = [d["rel"] for _, _, d in full.graph.edges(data=True)]
    assert "ledBy" not in rels and "hasMember" not in rels and "contains" not in rels


def test_node_details_hold_type_properties_and_quotes(facts):
    jiuli = facts.info["org/jiuli"]
    assert jiuli["zh"] == "浙江久立特材科技股份有限公司"
    assert jiuli["t"] == ["企业", "Enterprise"] and jiuli["g"] == "enterprise"
    assert jiuli["alt"] == ["久立特材"]
    assert jiuli["prov"] == ["div/330000"]
    assert facts.quotes[jiuli["m"][0]]["t"].startswith("浙江久立特材科技股份有限公司牵头")
    project = facts.info["project/food-safety"]
    figures = [p for p in project["props"] if p["q"]]
    assert figures and any("≥ 99" in v for p in figures for v in p["v"]["zh"])


# -- provisions and inferred facts (issue 10) --------------------------------------------
def test_details_list_an_entitys_provisions_with_their_quotes(facts):
    info = facts.info["agreement/basic-research"]
    labels = [pv["l"][0] for pv in info["pv"]]
    # “加强基础研究合作框架协议”就是要在长三角开展基础研究专家信息共享、合作发起...、探索建立...
    assert labels[:3] == ["在长三角开展基础研究专家信息共享", "合作发起长三角基础研究学术论坛",
                          "探索建立长三角基础研究联合基金"]  # in the order of their quotes
    assert all(pv["q"] and pv["inf"] is None for pv in info["pv"])
    assert "provision" not in {n.split("/")[0] for n in facts.info}  # never a node of its own
    mission = next(pv for pv in facts.info["event/deepening-yrd-symposium-2023"]["pv"] if pv["inf"])
    assert mission["inf"][1].startswith("The sentence is garbled")


def test_short_forms_are_not_shown_as_names(facts):
    props = {p["k"][1] for p in facts.info["event/6th-yrd-forum"]["props"]}
    assert "hidden label" not in props and "高层论坛" not in str(facts.info["event/6th-yrd-forum"]["props"])


def test_a_quote_is_cited_with_the_part_of_the_source_it_lies_in(facts):
    # 本报讯 (潮新闻记者 黄云灵 汪江军): in the piece on the alliance's annual meeting
    (q,) = [q for q in facts.quotes if q["t"] == "潮新闻记者黄云灵汪江军"]
    assert q["s"][0].endswith(" › 长三角新全媒联合体第六届年会在温州举行 凝聚新媒体力量 赋能民营经济创新发展")


WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")


def unlocated_graph(graph) -> Graph:
    """The curated graph without its coordinates (yrd:latitude, yrd:longitude)."""
    from kg.ontology import YRD

    g = Graph()
    for t in graph:
        if t[1] not in (YRD.latitude, YRD.longitude):
            g.add(t)
    return g


def located_graph(graph) -> Graph:
    """The curated graph with fixture coordinates instead of its own (test values, not facts): two
    by geo:lat/long, one by a sub-property (as yrd:latitude and yrd:longitude are declared)."""
    g = unlocated_graph(graph)
    g.add((ID["div/330000"], WGS84.lat, Literal(Decimal("29.0"))))
    g.add((ID["div/330000"], WGS84.long, Literal(Decimal("120.0"))))
    g.add((ID["div/320000"], WGS84.lat, Literal(Decimal("33.0"))))
    g.add((ID["div/320000"], WGS84.long, Literal(Decimal("119.0"))))
    lat, long = URIRef("urn:test:lat"), URIRef("urn:test:long")
    g.add((lat, RDFS.subPropertyOf, WGS84.lat))
    g.add((long, RDFS.subPropertyOf, WGS84.long))
    g.add((ID["div/310000"], lat, Literal(Decimal("31.0"))))
    g.add((ID["div/310000"], long, Literal(Decimal("121.5"))))
    return g


def test_coordinates_come_from_geo_lat_long_and_their_sub_properties(graph):
    located = gather(located_graph(graph))
    got = {sid: located.info[sid]["geo"] for sid in ("div/330000", "div/320000", "div/310000")}
    assert got == {"div/330000": [29.0, 120.0], "div/320000": [33.0, 119.0], "div/310000": [31.0, 121.5]}
    assert located.info["org/jiuli"]["geo"] is None


def test_the_dataset_description_is_not_drawn(graph, facts):
    # The VoID/DCAT description (kg.dataset) says what the file is, not who cooperates in the
    # delta: the explorer says exactly what it says without it.
    from kg.dataset import is_description, without_description

    described = {s for s in graph.subjects() if is_description(s)}
    assert len(described) > 1     # the dataset and its distributions, partitions, service
    bare = gather(without_description(graph))
    assert facts.info == bare.info
    assert facts.relations == bare.relations
    assert facts.quotes == bare.quotes


def test_quotes_are_numbered_in_source_order(facts):
    keys = [(q["src"], q["o"] if q["o"] is not None else -1) for q in facts.quotes]
    assert keys == sorted(keys)
