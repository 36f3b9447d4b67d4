"""kg.render.views: the full view and the projections, cut down by focus, class, province and size."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.network import organisation_network, province_network
from kg.render.page import page_data
from kg.render.views import view_graph


# -- the full view ---------------------------------------------------------------
def test_full_view_draws_entities_not_relationship_nodes(full):
    nodes = set(full.graph.nodes)
    assert {"org/jiuli", "org/westlake-lab", "consortium/ultra-clean-stainless-steel", "div/330000"} <= nodes
    kinds = {n.split("/")[0] for n in nodes}
    assert not kinds & {"involvement", "membership", "statement", "post", "quote", "src", "target",
                        "statistic"}
    assert full.omitted == 0 and full.total == len(nodes)


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
    shown = set(v1.graph.nodes) - set(v1.reserve)
    assert shown == {"org/jiuli", "consortium/ultra-clean-stainless-steel", "div/330000"}
    assert v1.omitted == full.total - 3 and v1.notes == ["focus org/jiuli, depth 1"]
    v2 = view_graph(graph, focus="id:org/jiuli", depth=2, facts=facts)
    assert shown < set(v2.graph.nodes) - set(v2.reserve)
    # the reserve is the next ring: what depth 2 shows beyond depth 1
    assert set(v1.reserve) == set(v2.graph.nodes) - set(v2.reserve) - shown


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


# -- the CLI -----------------------------------------------------------------------------


def test_inferred_facts_keep_the_curators_reason_on_their_edges(full):
    (d,) = full.graph.get_edge_data("org/westlake-lab", "div/330000").values()
    assert d["rel"] == "basedIn" and "浙江单位牵头的联合体共有3个" in d["inf"][1]
    (stated,) = full.graph.get_edge_data("org/jingye", "div/330100").values()
    assert stated["inf"] is None
    edges = page_data(full)["edges"]
    # the article's 19 inferred facts less the provision, and the Outline's 23 statements; chapters 4
    # and 5 add 61 (59 places a line's name abbreviates, 2 locations read off a list or a name);
    # chapters 6-8 add 10 (the places and the country read off names)
    assert sum(1 for e in edges if e["inf"]) == 18 + 23 + 61 + 10
    facts_of_westlake = next(n for n in page_data(full)["nodes"] if n["id"] == "org/westlake-lab")["f"]
    assert any(f["inf"] for f in facts_of_westlake)


def test_a_catalogue_query_result_drawn_as_a_graph(graph, facts):
    from kg.catalogue import find
    from kg.names import entity_id
    from kg.ontology import ID
    from kg.sparql import run

    result = run(graph, find("consortia-led-from-province"), {"province": "id:div/330000"})
    named = {entity_id(t) for row in result.rows for t in row if t is not None and str(t).startswith(str(ID))}
    view = view_graph(graph, facts=facts, query="consortia-led-from-province",
                      params={"province": "id:div/330000"})
    assert set(view.graph.nodes) == named and "org/jiuli" in named
    assert view.notes == [f"query consortia-led-from-province: {len(named)} entities in its results"]
    assert view.graph.number_of_edges() > 0     # the relations between them come along
    with pytest.raises(InputError, match="no query called 'nosuch'"):
        view_graph(graph, facts=facts, query="nosuch")
