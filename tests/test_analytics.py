"""Network measures: pinned on small graphs with known answers, sanity-checked on the curated graph."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from rdflib import RDF, SKOS, Graph, Literal

from kg.analytics import (
    ALPHA,
    analyse,
    articulation_points,
    bridges,
    centrality,
    communities,
    cooperation_network,
    format_analysis,
    linking_organisations,
    node_centrality,
    pagerank,
    province_matrix,
    write_analysis,
)
from kg.ontology import ID, YRD, ontology_graph
from kg.queries import find, run


# -- hand-made networks -------------------------------------------------------------
def test_pagerank_of_a_cycle_is_uniform():
    ranks = pagerank(nx.cycle_graph(5))
    assert all(abs(r - 0.2) < 1e-9 for r in ranks.values())


def test_pagerank_of_a_star_matches_the_closed_form():
    n = 5  # centre 0 and 4 leaves
    ranks = pagerank(nx.star_graph(n - 1))
    # c = (1-a)/n + a*(n-1)*l and l = (1-a)/n + a*c/(n-1) give c = (1 + a(n-1)) / (n(1+a))
    a = ALPHA
    centre = (1 + a * (n - 1)) / (n * (1 + a))
    leaf = (1 - centre) / (n - 1)
    assert abs(ranks[0] - centre) < 1e-9
    assert all(abs(ranks[i] - leaf) < 1e-9 for i in range(1, n))


def test_pagerank_matches_networkx_with_weights_and_isolates():
    net = nx.karate_club_graph()
    for i, (u, v) in enumerate(sorted(net.edges)):
        net.edges[u, v]["weight"] = 1 + i % 3
    net.add_node("isolated")
    ours, theirs = pagerank(net), _pagerank_python(net, alpha=ALPHA, weight="weight", tol=1e-12)
    assert all(abs(ours[n] - theirs[n]) < 1e-8 for n in net)
    assert abs(sum(ours.values()) - 1) < 1e-9


def test_centrality_of_a_path():
    net = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})])
    c = centrality(net)
    assert [c[n]["degree"] for n in "abc"] == [1, 2, 1]
    assert [c[n]["strength"] for n in "abc"] == [2, 3, 1]
    assert [c[n]["betweenness"] for n in "abc"] == [0.0, 1.0, 0.0]
    assert c["b"]["pagerank"] > c["a"]["pagerank"] > c["c"]["pagerank"]


def _barbell() -> nx.Graph:
    """Two triangles joined by the edge c-d: the textbook two communities, one bridge."""
    net = nx.Graph()
    net.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")],
                       weight=1)
    return net


def test_communities_bridges_and_cut_points_of_a_barbell():
    net = _barbell()
    assert communities(net) == [["a", "b", "c"], ["d", "e", "f"]]
    assert bridges(net) == [("c", "d")]
    assert articulation_points(net) == ["c", "d"]
    c = centrality(net)
    # 6 of the 10 pairs of the other nodes pass through c ({a, b} x {d, e, f})
    assert c["c"]["betweenness"] == pytest.approx(0.6) == c["d"]["betweenness"]


def test_communities_are_deterministic():
    net = nx.karate_club_graph()
    assert communities(net) == communities(net.copy())
    assert sum(len(c) for c in communities(net)) == 34


# -- a hand-made RDF graph ------------------------------------------------------------------
def _org(g, slug, *, based=None, covers=()):
    node = ID[f"org/{slug}"]
    g.add((node, RDF.type, YRD.Enterprise if not covers else YRD.CollectiveActor))
    g.add((node, SKOS.prefLabel, Literal(slug, lang="zh")))
    g.add((node, SKOS.prefLabel, Literal(slug, lang="en")))
    if based:
        g.add((node, YRD.basedIn, ID[based]))
    for div in covers:
        g.add((node, YRD.coversDivision, ID[div]))
    return node


def _involve(g, org, coop, role, n):
    inv = ID[f"involvement/t{n}"]
    g.add((inv, RDF.type, YRD.Involvement))
    g.add((inv, YRD.agent, org))
    g.add((inv, YRD.cooperation, coop))
    g.add((inv, YRD.role, role))
    return inv


@pytest.fixture(scope="module")
def small():
    """Zhejiang firm A and Jiangsu firm B sign an agreement and share a consortium; C (Anhui)
    only co-signs with A; D covers Shanghai and Zhejiang and organises an event alone."""
    g = Graph()
    for t in ontology_graph():
        g.add(t)
    for code, cls in (("310000", YRD.Municipality), ("320000", YRD.Province), ("330000", YRD.Province),
                      ("340000", YRD.Province)):
        g.add((ID[f"div/{code}"], RDF.type, cls))
        g.add((ID[f"div/{code}"], SKOS.prefLabel, Literal(code, lang="zh")))
    g.add((ID["div/330100"], RDF.type, YRD.City))
    g.add((ID["div/330100"], YRD.locatedIn, ID["div/330000"]))
    a = _org(g, "a", based="div/330100")
    b = _org(g, "b", based="div/320000")
    c = _org(g, "c", based="div/340000")
    d = _org(g, "d", covers=("div/310000", "div/330000"))
    agreement, other, consortium, event = (ID["agreement/t"], ID["agreement/t2"], ID["consortium/t"],
                                           ID["event/t"])
    g.add((agreement, RDF.type, YRD.Agreement))
    g.add((other, RDF.type, YRD.Agreement))
    g.add((consortium, RDF.type, YRD.InnovationConsortium))
    g.add((event, RDF.type, YRD.Forum))
    _involve(g, a, agreement, YRD.SignatoryRole, 1)
    _involve(g, b, agreement, YRD.SignatoryRole, 2)
    _involve(g, a, consortium, YRD.LeadRole, 3)
    _involve(g, b, consortium, YRD.MemberRole, 4)
    _involve(g, a, other, YRD.SignatoryRole, 5)
    _involve(g, c, other, YRD.SignatoryRole, 6)
    _involve(g, d, event, YRD.OrganiserRole, 7)
    return g


def test_edges_are_typed_weighted_and_keep_their_facts(small):
    net = cooperation_network(small)
    a, b, c = ID["org/a"], ID["org/b"], ID["org/c"]
    e = net.edges[a, b]
    assert e["weight"] == 2
    assert e["weights"] == {"co-signing": 1, "co-membership": 1}
    assert e["cooperations"] == [str(ID["agreement/t"]), str(ID["consortium/t"])]
    facts = {f["cooperation"]: f for f in e["facts"]}
    assert facts[str(ID["consortium/t"])]["roles"] == {str(a): [str(YRD.LeadRole)],
                                                       str(b): [str(YRD.MemberRole)]}
    assert facts[str(ID["agreement/t"])]["involvements"] == [str(ID["involvement/t1"]),
                                                             str(ID["involvement/t2"])]
    assert net.edges[a, c]["weights"] == {"co-signing": 1}
    assert net.degree(ID["org/d"]) == 0


def test_measures_on_the_small_graph(small):
    net = cooperation_network(small)
    a, b, c = ID["org/a"], ID["org/b"], ID["org/c"]
    assert bridges(net) == [(a, b), (a, c)]
    assert articulation_points(net) == [a]
    cent = centrality(net)
    assert cent[a]["betweenness"] == pytest.approx(1 / 3)  # a lies between b and c: 1 of 3 pairs (4 nodes)
    assert cent[a]["strength"] == 3


def test_province_matrix_of_the_small_graph(small):
    got = {(r["p1"][-6:], r["p2"][-6:]): (r["agreements"], r["consortia"], r["events"])
           for r in province_matrix(small)}
    assert got == {
        ("310000", "310000"): (0, 0, 1), ("310000", "330000"): (0, 0, 1),  # d covers both
        ("320000", "320000"): (1, 1, 0), ("320000", "330000"): (1, 1, 0),  # a (Hangzhou) with b
        ("330000", "330000"): (2, 1, 1), ("330000", "340000"): (1, 0, 0),  # a with c
        ("310000", "320000"): (0, 0, 0), ("310000", "340000"): (0, 0, 0), ("320000", "340000"): (0, 0, 0),
        ("340000", "340000"): (1, 0, 0),
    }


def test_linking_organisations_of_the_small_graph(small):
    got = {r["organisation"].rsplit("/", 1)[-1]: ([p[-6:] for p in r["reached"]], len(r["cooperations"]))
           for r in linking_organisations(small)}
    assert got == {"a": (["320000", "330000", "340000"], 3), "b": (["320000", "330000"], 2),
                   "c": (["330000", "340000"], 1), "d": (["310000", "330000"], 1)}
    order = [r["organisation"].rsplit("/", 1)[-1] for r in linking_organisations(small)]
    assert order == ["a", "b", "c", "d"]


# -- the curated graph ------------------------------------------------------------------
@pytest.fixture(scope="module")
def analysis(graph):
    return analyse(graph)


def test_curated_network_sanity(graph, analysis):
    net = cooperation_network(graph)
    # 24 organisations before issue 10, less 中共中央 and 国务院 (issuers of a document, not a
    # cooperation), plus 11 collective actors the article names as groups
    assert analysis.summary["organisations"] == net.number_of_nodes() == 33
    assert analysis.summary["edges"] == 46
    # 7 signatories of the AI+ agreement form a clique; so do the 6 agents of the media meeting.
    signers = [ID[f"org/{s}"] for s in ("chint", "hangzhou-iron-steel", "hikvision", "iflytek", "kangni",
                                        "royalstar", "yrd-informatization-associations")]
    assert net.subgraph(signers).number_of_edges() == 21
    assert communities(net)[0] == sorted(signers, key=str)
    # the robot consortium: its lead and the research institutes and universities of 沪宁杭
    assert bridges(net) == [(ID["org/hnh-research-institutes-universities"], ID["org/jingye"])]
    assert articulation_points(net) == []  # the network is a union of cliques
    ranks = [r[7] for r in analysis.table("centrality").rows]
    assert ranks == sorted(ranks, reverse=True)
    assert abs(sum(m["pagerank"] for m in centrality(net).values()) - 1) < 1e-9


def test_province_matrix_agrees_with_the_catalogue_query(graph):
    res = run(graph, find("province-cooperation-matrix"))
    by_query = {(str(r[0]), str(r[2])): tuple(int(x) for x in r[4:8]) for r in res.rows}
    columns = ("agreements", "consortia", "events", "arrangements")
    by_networkx = {(str(r["p1"]), str(r["p2"])): tuple(r[c] for c in columns) for r in province_matrix(graph)}
    assert by_query == by_networkx


def test_linking_organisations_of_the_curated_graph(graph):
    rows = {r["organisation"]: r for r in linking_organisations(graph)}
    assert {ID["org/jiuli"], ID["org/sjtu"], ID["org/kangni"], ID["org/royalstar"]} <= set(rows)
    # 成员单位有来自沪苏浙的高新企业,也有上海交通大学等高校
    assert [str(p)[-6:] for p in rows[ID["org/jiuli"]]["reached"]] == ["310000", "320000", "330000"]
    # 集聚杭州企业、南京高校和上海三甲医院的资源
    assert [str(p)[-6:] for p in rows[ID["org/westlake-lab"]]["reached"]] == ["310000", "320000", "330000"]


def test_node_centrality_is_keyed_by_iri(graph):
    cent = node_centrality(graph)
    assert cent[str(ID["org/jiuli"])]["degree"] == 2  # 上海交通大学 and 沪苏浙的高新企业
    assert set(cent[str(ID["org/jiuli"])]) == {"degree", "strength", "betweenness", "pagerank"}


def test_analysis_is_deterministic_and_writes_files(graph, analysis, tmp_path):
    assert format_analysis(analysis, "json") == format_analysis(analyse(graph), "json")
    paths = write_analysis(analysis, tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        ["centrality.csv", "edges.csv", "communities.csv", "bridges.csv", "articulation-points.csv",
         "province-matrix.csv", "linking-organisations.csv", "analysis.json"])
    body = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert body["summary"]["seed"] == 42
    assert (tmp_path / "centrality.csv").read_text(encoding="utf-8").startswith("rank,organisation,")


def test_cli_analyze(capsys, tmp_path):
    from kg.cli import main

    assert main(["analyze", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Organisation network: 33 organisations, 46 edges")
    assert "Province-by-province cooperation matrix" in out
    assert (tmp_path / "province-matrix.csv").exists()
    assert main(["analyze", "--format", "csv"]) == 0
    assert "# centrality\nrank,organisation," in capsys.readouterr().out
