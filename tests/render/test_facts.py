"""kg.render.facts: relationship nodes become labelled relations that keep their quotes."""

from __future__ import annotations


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
