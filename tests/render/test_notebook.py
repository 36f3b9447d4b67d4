"""kg.render.notebook: to_pyvis hands a view over as a pyvis Network, offline and in UTF-8."""

from __future__ import annotations

import json
import re

import pytest
from pyvis.network import Network

from kg.render.notebook import to_pyvis
from kg.render.page import page_data
from kg.render.views import view_graph


def test_to_pyvis_fills_labels_colours_sizes_and_titles(full):
    net = to_pyvis(full)
    assert isinstance(net, Network)
    data = page_data(full)
    assert len(net.nodes) == len(data["nodes"]) and len(net.edges) == len(data["edges"])
    node = next(n for n in net.nodes if n["id"] == "org/jiuli")
    legend = {item["g"]: item for item in data["legend"]}
    assert node["label"] == "浙江久立特材科技股份有限公司"
    assert node["color"] == legend["enterprise"]["colour"] and node["shape"] == legend["enterprise"]["shape"]
    assert node["size"] == next(n["sz"] for n in data["nodes"] if n["id"] == "org/jiuli")
    assert (node["x"], node["y"]) == full.positions["org/jiuli"]
    assert "Zhejiang JIULI Hi-Tech Metals Co., Ltd." in node["title"] and "企业" in node["title"]
    en = to_pyvis(full, lang="en")
    jiuli = next(n for n in en.nodes if n["id"] == "org/jiuli")
    assert jiuli["label"] == "Zhejiang JIULI Hi-Tech Metals Co., Ltd."
    lead = next(e for e in en.edges if e["from"] == "org/jiuli" and e["to"].startswith("consortium/"))
    assert lead["label"] == "lead"


def test_to_pyvis_writes_an_offline_utf8_page(full, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    monkeypatch.chdir(tmp_path)
    net = to_pyvis(full)
    net.write_html("net.html")
    html = (tmp_path / "net.html").read_bytes().decode("utf-8")
    live = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    assert json.dumps("浙江久立特材科技股份有限公司") in html and "vis.Network" in html
    assert not re.search(r'(?:src|href)="(?!data:)[^"]+"', live)   # nothing fetched: vis inlined, no CDN
    assert not (tmp_path / "lib").exists()
    assert net.options.physics.enabled is False


def test_to_pyvis_refuses_a_folded_view(graph, facts):
    with pytest.raises(ValueError, match="folded view"):
        to_pyvis(view_graph(graph, facts=facts, max_nodes=10, group_by="class"))


def test_use_cjk_font_picks_an_installed_chinese_font():
    import matplotlib
    from matplotlib import font_manager

    from kg.render.notebook import CJK_FONTS, use_cjk_font

    installed = {f.name for f in font_manager.fontManager.ttflist}
    name = use_cjk_font()
    assert name == next((f for f in CJK_FONTS if f in installed), None)
    if name:
        assert matplotlib.rcParams["font.sans-serif"][0] == name


def test_draw_view_draws_every_node_at_its_position(full):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kg.render.notebook import draw_view

    fig, ax = plt.subplots()
    try:
        assert draw_view(full, ax, labels=5) == full.graph.number_of_nodes()
        (points,) = ax.collections[1:]
        xy = {tuple(p) for p in points.get_offsets().tolist()}
        assert xy == {(x, -y) for x, y in full.positions.values()}
        assert len(ax.texts) == 5
        geo = sum(1 for n in full.graph if full.facts.info[n]["geo"])
        assert draw_view(full, ax, geo=True, labels=0) == geo
    finally:
        plt.close(fig)
