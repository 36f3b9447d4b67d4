"""kg.render: the views, the page's data and its safety, without a browser."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import RDF, SKOS, Graph, Literal

from kg.cli import main
from kg.errors import InputError
from kg.network import organisation_network, province_network
from kg.ontology import ID, PROV, YRD, ontology_graph
from kg.render import gather, page_data, render_html, view_graph, write_explorer

MALICIOUS_ZH = "<img src=x onerror=alert(1)>"
MALICIOUS_EN = "</script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def facts(graph):
    return gather(graph)


@pytest.fixture(scope="module")
def full(graph, facts):
    return view_graph(graph, "full", facts=facts)


def malicious_graph() -> Graph:
    """A tiny graph whose labels and quote try to inject HTML and script."""
    g = Graph()
    for t in ontology_graph():
        g.add(t)
    org, coop, inv, quote, src = (ID["org/evil"], ID["project/evil"], ID["involvement/evil"],
                                  ID["quote/evil"], ID["src/evil"])
    g.add((org, RDF.type, YRD.Enterprise))
    g.add((org, SKOS.prefLabel, Literal(MALICIOUS_ZH, lang="zh")))
    g.add((org, SKOS.prefLabel, Literal(MALICIOUS_EN, lang="en")))
    g.add((coop, RDF.type, YRD.CooperationProject))
    g.add((coop, SKOS.prefLabel, Literal("正常项目", lang="zh")))
    g.add((coop, SKOS.prefLabel, Literal("A normal project", lang="en")))
    g.add((inv, RDF.type, YRD.Involvement))
    g.add((inv, YRD.agent, org))
    g.add((inv, YRD.cooperation, coop))
    g.add((inv, YRD.role, YRD.ResponsibleRole))
    g.add((inv, YRD.evidence, quote))
    g.add((quote, RDF.type, YRD.Quote))
    g.add((quote, YRD.text, Literal("<b onmouseover=alert(3)>引文</b>")))
    g.add((quote, PROV.wasQuotedFrom, src))
    g.add((src, RDF.type, YRD.Source))
    return g


# -- the full view ---------------------------------------------------------------
def test_full_view_draws_entities_not_relationship_nodes(full):
    nodes = set(full.graph.nodes)
    assert {"org/jiuli", "org/westlake-lab", "consortium/ultra-clean-stainless-steel", "div/330000"} <= nodes
    kinds = {n.split("/")[0] for n in nodes}
    assert not kinds & {"involvement", "membership", "statement", "post", "quote", "src", "target",
                        "statistic"}
    assert full.omitted == 0 and full.total == len(nodes)


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


# -- the projections ------------------------------------------------------------------
@pytest.mark.parametrize("name, project", [("organisations", organisation_network),
                                           ("provinces", province_network)])
def test_projection_views_match_kg_network(graph, facts, name, project):
    view = view_graph(graph, name, facts=facts)
    net = project(graph)
    assert view.graph.number_of_nodes() == net.number_of_nodes() > 0
    assert view.graph.number_of_edges() == net.number_of_edges() > 0


def test_province_view_counts_cooperations_on_its_edges(graph, facts):
    view = view_graph(graph, "provinces", facts=facts)
    data = view.graph.get_edge_data("div/310000", "div/330000") or view.graph.get_edge_data("div/330000",
                                                                                            "div/310000")
    (d,) = data.values()
    assert d["weight"] == len(d["coops"]) > 0
    assert d["label"][0] == f"{d['weight']} 项合作"


# -- cutting down ------------------------------------------------------------------------
def test_focus_keeps_the_neighbourhood(graph, facts, full):
    v1 = view_graph(graph, focus="浙江久立特材科技股份有限公司", depth=1, facts=facts)
    assert set(v1.graph.nodes) == {"org/jiuli", "consortium/ultra-clean-stainless-steel", "div/330000"}
    assert v1.omitted == full.total - 3 and v1.notes == ["focus org/jiuli, depth 1"]
    v2 = view_graph(graph, focus="id:org/jiuli", depth=2, facts=facts)
    assert set(v1.graph.nodes) < set(v2.graph.nodes)


def test_class_and_province_filters(graph, facts):
    v = view_graph(graph, classes=("Organisation",), provinces=("浙江省",), facts=facts)
    assert "org/jiuli" in v.graph and "org/sjtu" not in v.graph
    assert all("Organisation" in facts.info[n]["cls"] for n in v.graph)
    assert all("div/330000" in facts.info[n]["prov"] for n in v.graph)


@pytest.mark.parametrize("kwargs, message", [
    ({"view": "everything"}, "unknown view"),
    ({"focus": "org/nowhere"}, "no entity is called"),
    ({"classes": ("Enterprize",)}, "unknown class Enterprize"),
    ({"provinces": ("org/jiuli",)}, "not a provincial-level division"),
    ({"focus": "org/jiuli", "depth": -1}, "--depth"),
    ({"max_nodes": 0}, "--max-nodes"),
])
def test_bad_options_are_data_errors(graph, facts, kwargs, message):
    with pytest.raises(InputError, match=message):
        view_graph(graph, facts=facts, **kwargs)


def test_max_nodes_keeps_the_most_central_and_counts_the_rest(graph, facts, full):
    v = view_graph(graph, max_nodes=20, facts=facts)
    assert v.graph.number_of_nodes() == 20 and v.omitted == full.total - 20
    top = sorted(full.graph.nodes, key=lambda n: -full.centrality[n])[0]
    assert top in v.graph
    data = page_data(v)
    assert data["omitted"] == full.total - 20 and data["total"] == full.total


# -- the page ---------------------------------------------------------------------------
def test_page_is_self_contained(full):
    html = render_html(full)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link[^>]*href=\"(?!data:)", html)
    assert "cdn" not in html.split("<script>", 1)[0].lower()
    assert "@import" not in html and "url(http" not in html
    assert "vis-network" in html and "new vis.Network" in html


def test_page_data_is_json_with_nothing_raw_for_html(full):
    html = render_html(full)
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert len(data["nodes"]) == full.graph.number_of_nodes()
    assert len(data["edges"]) == full.graph.number_of_edges()
    assert {item["g"] for item in data["legend"]} == {n["g"] for n in data["nodes"]}


def test_injected_labels_never_reach_the_html_raw():
    g = malicious_graph()
    html = render_html(view_graph(g))
    assert MALICIOUS_ZH not in html and "alert(2)" in html  # present, but only escaped
    assert html.count("</script>") == 3  # the page's own data, vis and app blocks
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


def test_rendering_is_deterministic(graph, facts):
    a = render_html(view_graph(graph, facts=facts))
    b = render_html(view_graph(graph, facts=gather(graph)))
    assert a == b


def test_write_explorer_writes_utf8(graph, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    out = tmp_path / "sub" / "e.html"
    write_explorer(graph, out, view="organisations")
    text = out.read_bytes().decode("utf-8")
    assert "浙江久立特材科技股份有限公司" in text and '<meta charset="utf-8">' in text
    assert list(tmp_path.iterdir()) == [tmp_path / "sub"] and list((tmp_path / "sub").iterdir()) == [out]


# -- the CLI -----------------------------------------------------------------------------
def test_cli_render_writes_the_page(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["render", "--view", "provinces"]) == 0
    assert (tmp_path / "build" / "explorer.html").exists()
    assert not (tmp_path / "lib").exists()
    assert "provinces view, 4 nodes" in capsys.readouterr().err


def test_cli_render_reports_what_was_left_out(tmp_path, capsys):
    out = tmp_path / "x.html"
    assert main(["render", "--out", str(out), "--focus", "org/jiuli"]) == 0
    err = capsys.readouterr().err
    assert "3 nodes" in err and "left out (focus org/jiuli, depth 1)" in err


def test_cli_render_takes_several_classes_and_provinces(tmp_path, capsys):
    out = tmp_path / "x.html"
    argv = ["render", "--out", str(out), "--class", "Enterprise", "University", "--province", "浙江省",
            "--province", "div/310000"]
    assert main(argv) == 0
    assert "class Enterprise, University; province div/310000, div/330000" in capsys.readouterr().err


def test_cli_render_bad_focus_is_one_line_error(tmp_path, capsys):
    assert main(["render", "--out", str(tmp_path / "x.html"), "--focus", "nobody"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no entity is called 'nobody'") and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_cli_build_writes_the_explorer_too(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path)]) == 0
    html = (tmp_path / "explorer.html").read_text(encoding="utf-8")
    assert "new vis.Network" in html and "浙江久立特材科技股份有限公司" in html
    assert "explorer.html  the interactive explorer" in capsys.readouterr().err


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


def test_inferred_facts_keep_the_curators_reason_on_their_edges(full):
    (d,) = full.graph.get_edge_data("org/westlake-lab", "div/330000").values()
    assert d["rel"] == "basedIn" and "浙江单位牵头的联合体共有3个" in d["inf"][1]
    (stated,) = full.graph.get_edge_data("org/jingye", "div/330100").values()
    assert stated["inf"] is None
    edges = page_data(full)["edges"]
    # the article's 19 inferred facts less the provision, and the Outline's 23 statements
    assert sum(1 for e in edges if e["inf"]) == 18 + 23
    facts_of_westlake = next(n for n in page_data(full)["nodes"] if n["id"] == "org/westlake-lab")["f"]
    assert any(f["inf"] for f in facts_of_westlake)


def test_short_forms_are_not_shown_as_names(facts):
    props = {p["k"][1] for p in facts.info["event/6th-yrd-forum"]["props"]}
    assert "hidden label" not in props and "高层论坛" not in str(facts.info["event/6th-yrd-forum"]["props"])


def test_a_quote_is_cited_with_the_part_of_the_source_it_lies_in(facts):
    # 本报讯 (潮新闻记者 黄云灵 汪江军): in the piece on the alliance's annual meeting
    (q,) = [q for q in facts.quotes if q["t"] == "潮新闻记者黄云灵汪江军"]
    assert q["s"][0].endswith(" › 长三角新全媒联合体第六届年会在温州举行 凝聚新媒体力量 赋能民营经济创新发展")
