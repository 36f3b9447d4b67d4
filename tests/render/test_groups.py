"""kg.render.groups: a view folded into groups by province, city or class, and opened on click."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from kg.errors import InputError
from kg.render.groups import group_view
from kg.render.page import render_html
from kg.render.views import view_graph


def leaves(grouping):
    return {gid: g for gid, g in grouping.groups.items() if not g["kids"]}


@pytest.mark.parametrize("by", ["province", "city", "class"])
def test_every_node_lies_in_one_group(full, by):
    gr = group_view(full.graph, full.facts, full.centrality, by)
    ids = [m["id"] for m in gr.members]
    assert sorted(ids) == sorted(full.graph.nodes)
    members_of = [i for g in leaves(gr).values() for i in g["members"]]
    assert sorted(members_of) == list(range(len(ids)))               # each member in one leaf
    for top in gr.top:
        g = gr.groups[top]
        assert g["n"] == sum(gr.groups[k]["n"] for k in g["kids"]) > 0
        assert all(k.startswith(top + "/") for k in g["kids"])
    assert sum(gr.groups[t]["n"] for t in gr.top) == len(ids)
    assert all(gr.members[i]["grp"] == gid for gid, g in leaves(gr).items() for i in g["members"])


def test_province_groups_follow_the_nodes_provinces(full):
    gr = group_view(full.graph, full.facts, full.centrality, "province")
    for m in gr.members:
        provs = full.facts.info[m["id"]]["prov"]
        key = provs[0] if len(provs) == 1 else "several" if provs else "none"
        assert m["grp"] == f"group/province/{key}/{full.facts.info[m['id']]['g']}"
    zhejiang = gr.groups["group/province/div/330000"]
    assert zhejiang["zh"] == "浙江省" and zhejiang["en"] == full.facts.names["div/330000"][1] == "Zhejiang"


def test_city_groups_follow_based_in(full):
    gr = group_view(full.graph, full.facts, full.centrality, "city")
    based = {(s, o) for s, o, k, *_ in full.facts.relations if k == "basedIn"
             and "City" in full.facts.info[o]["cls"]}
    assert based
    where = {m["id"]: m["grp"] for m in gr.members}
    for s, city in based:
        assert where[s].startswith(f"group/city/{city}/")


def test_class_groups_and_relations_between_members(full):
    gr = group_view(full.graph, full.facts, full.centrality, "class")
    assert set(gr.top) == {f"group/class/{full.facts.info[n]['g']}" for n in full.graph}
    pairs = Counter(tuple(sorted((a, b))) for a, b in full.graph.edges() if a != b)
    ids = [m["id"] for m in gr.members]
    assert {tuple(sorted((ids[i], ids[j]))): w for i, j, w in gr.edges} == dict(pairs)
    assert all(i < j for i, j, _w in gr.edges)


def test_view_beyond_max_nodes_is_folded_not_cut(graph, facts):
    view = view_graph(graph, facts=facts, max_nodes=20, group_by="province")
    assert view.grouping is not None and view.omitted == 0
    assert len(view.grouping.members) == view.total > 20
    with pytest.raises(InputError, match="unknown grouping 'county'"):
        view_graph(graph, facts=facts, max_nodes=20, group_by="county")
    html = render_html(view)
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["grouping"]["top"] == view.grouping.top and data["nodes"] == []
    assert "<" not in block
    assert render_html(view_graph(graph, facts=facts, max_nodes=20, group_by="province")) == html
