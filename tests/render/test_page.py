"""kg.render.page: one self-contained page, with nothing from the data parsed as HTML."""

from __future__ import annotations

import json
import re

from rdflib import RDF, SKOS, Graph, Literal

from kg.names import entity_id
from kg.ontology import ID, PROV, YRD, ontology_graph
from kg.render.facts import gather
from kg.render.page import page_data, render_html, write_explorer
from kg.render.views import view_graph

MALICIOUS_ZH = "<img src=x onerror=alert(1)>"
MALICIOUS_EN = "</script><script>alert(2)</script>"


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


def test_nodes_carry_the_sources_of_their_quotes(full):
    data = page_data(full)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["org/jiuli"]["src"] == ["src/zjrb-2024-06-yrd-forum"]
    assert "src/yrd-outline-2019" in by_id["area/yrd-central-area"]["src"]
    for n in data["nodes"]:   # a node's sources are exactly those of the quotes the page shows for it
        quotes = set(n["m"]) | {q for f in n["f"] for q in f["q"]} | {q for p in n["props"] for q in p["q"]} \
            | {q for p in n["pv"] for q in p["q"]}
        assert n["src"] == sorted({data["quotes"][q]["src"] for q in quotes})
    kinds = [(s["id"], s["table"]) for s in data["sources"]]
    assert kinds[:2] == [("src/yrd-outline-2019", False), ("src/zjrb-2024-06-yrd-forum", False)]
    assert {s for s, table in kinds if table} == {"src/yrd-divisions", "src/yrd-demo-zone-counties"}


def test_areas_are_listed_with_the_places_they_include(graph, full):
    data = page_data(full)
    areas = {a["id"]: a["members"] for a in data["areas"]}
    expected = {}
    for s, o in graph.subject_objects(YRD.includesPlace):
        expected.setdefault(entity_id(s), set()).add(entity_id(o))
    assert areas == {a: sorted(ms) for a, ms in expected.items()}
    assert len(areas["area/yrd-central-area"]) == 27 and "div/310100" in areas["area/yrd-central-area"]
    assert {"area/yrd-demo-zone", "area/nanjing-metropolitan-area"} <= set(areas)
