"""kg.site.entity: an entity's page shows every fact the graph holds on it, with its quotes, escaped."""

from __future__ import annotations

import html

import pytest
from rdflib import SKOS, Graph, Literal

from kg.ontology import ID, YRD
from kg.render.facts import gather
from kg.site.entity import entity_page, relations_by_entity
from kg.site.layout import entity_path, link


@pytest.fixture(scope="module")
def rels(facts):
    return relations_by_entity(facts)


@pytest.mark.parametrize("sid", ["org/jiuli", "div/330000", "consortium/ultra-clean-stainless-steel"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_relation_links_its_neighbour_and_shows_its_quotes(facts, rels, sid, lang):
    text = entity_page(facts, sid, lang, rels[sid]).decode()
    here = entity_path(lang, sid)
    assert rels[sid], sid
    for _direction, other, label, quotes, _inf in rels[sid]:
        assert f'href="{link(here, entity_path(lang, other))}"' in text
        assert html.escape(label[0 if lang == "zh" else 1]) in text
        for q in quotes:
            assert html.escape(facts.quotes[q]["t"]) in text
            assert html.escape(facts.quotes[q]["s"][0 if lang == "zh" else 1]) in text
    name = facts.info[sid]["zh" if lang == "zh" else "en"]
    assert f"<h1>{html.escape(name)} " in text
    assert f'src="{link(here, "explore/" + sid + ".html")}"' in text
    assert f'href="{link(here, entity_path("en" if lang == "zh" else "zh", sid))}"' in text


def test_sources_are_named_with_their_section(facts, rels):
    text = entity_page(facts, "org/jiuli", "zh", rels["org/jiuli"]).decode()
    assert " › " in text  # source › section


def test_inferred_facts_say_so_with_the_reason(facts, rels):
    inferred = [(s, o, inf) for s, o, _k, _l, _f, _q, inf in facts.relations if inf]
    assert inferred, "the curated graph marks some facts as inferred"
    s, _o, inf = inferred[0]
    text = entity_page(facts, s, "en", rels[s]).decode()
    assert "curator&#x27;s inference" in text and html.escape(inf[1]) in text


def test_data_is_escaped(graph):
    hostile = Graph()
    hostile += graph
    jiuli = ID["org/jiuli"]
    hostile.remove((jiuli, SKOS.prefLabel, None))
    hostile.add((jiuli, SKOS.prefLabel, Literal("<img src=x onerror=alert(1)>", lang="zh")))
    hostile.add((jiuli, SKOS.prefLabel, Literal('"><script>alert(2)</script>', lang="en")))
    quote = next(hostile.objects(jiuli, YRD.evidence))
    hostile.set((quote, YRD.text, Literal("<b onmouseover=alert(3)>引文</b>")))
    facts = gather(hostile)
    rels = relations_by_entity(facts)
    for sid in ["org/jiuli", *(o for _d, o, *_ in rels["org/jiuli"])]:
        for lang in ("zh", "en"):
            text = entity_page(facts, sid, lang, rels[sid]).decode()
            assert "<img" not in text and "<script>" not in text and "<b " not in text
    text = entity_page(facts, "org/jiuli", "zh", rels["org/jiuli"]).decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "&lt;b onmouseover=alert(3)&gt;" in text
