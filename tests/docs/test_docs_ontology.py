"""kg.docs.ontology: one pyLODE page per language, its contents as the terms' tree."""

from __future__ import annotations

import re

import pytest
from rdflib import OWL
from test_docs_write import EXTERNAL_ASSET

from kg.docs.ontology import language_graph, strip_external_assets
from kg.hierarchy import flatten, term_label, term_tree
from kg.ontology import ontology_graph


def test_each_ontology_page_is_in_one_language(docs):
    zh, en = docs["zh"], docs["en"]
    assert '<html lang="zh">' in zh and '<html lang="en">' in en
    # a label and a definition of yrd:ActionPlan, in each page and only there
    assert "行动计划" in zh and "规定一段时期内行动的计划或方案。" in zh
    assert "A plan or programme setting out actions for a period." not in zh
    assert "A plan or programme setting out actions for a period." in en
    assert "规定一段时期内行动的计划或方案。" not in en
    # the ontology's own title, not a concept scheme's, heads the page
    assert "<title>长三角合作知识图谱本体</title>" in zh
    assert "<title>Yangtze River Delta cooperation ontology</title>" in en


def test_ontology_pages_link_our_terms_within_the_page(docs):
    assert 'href="#Document"' in docs["en"]
    assert 'href="https://w3id.org/yrd-kg/ontology#Document"' not in docs["en"]


def test_ontology_pages_list_the_individuals(docs):
    assert 'id="individuals"' in docs["zh"]
    assert "牵头组建合作组织的单位。" in docs["zh"]  # yrd:LeadRole's definition
    assert "The unit that leads the forming of a collaboration." in docs["en"]


def test_language_graph_keeps_untagged_literals():
    g = language_graph(ontology_graph(), "en")
    langs = {o.language for o in g.objects() if getattr(o, "language", None)}
    assert langs == {"en"}
    assert any(str(o) == "0.1.0" for o in g.objects())


def test_strip_external_assets_keeps_reading_links():
    page = ('<head><script src="https://cdn.example/x.js"></script>'
            '<link rel="stylesheet" href="//cdn.example/x.css">'
            '<style>@import url("https://fonts.example/f.css");</style>'
            '<script type="application/ld+json">{}</script></head>'
            '<body><a href="https://www.w3.org/ns/org#">ORG</a></body>')
    out = strip_external_assets(page)
    assert EXTERNAL_ASSET.search(out) is None
    assert '<a href="https://www.w3.org/ns/org#">ORG</a>' in out
    assert '<script type="application/ld+json">{}</script>' in out


def _contents(page: str, section: str) -> str:
    """The contents' list of one section (classes, objectproperties, ...), as the page has it."""
    i = page.index(f'<a href="#{section}">', page.index('id="toc"'))
    start = page.index('<ul class="second">', i)
    return page[i:start] + _nested(page, start)


def _nested(page: str, start: int) -> str:
    depth, i = 0, start
    while True:
        if page.startswith("<ul", i):
            depth += 1
        elif page.startswith("</ul>", i):
            depth -= 1
            if depth == 0:
                return page[start:i + 5]
        i += 1


def _order(tree, lang, g):
    return [term_label(g, t, lang) for t, _ in flatten(tree)]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("section, kind", [("classes", OWL.Class), ("objectproperties", OWL.ObjectProperty)])
def test_the_contents_follow_the_hierarchy(docs, lang, section, kind):
    g = ontology_graph()
    tree = term_tree(g, kind, lang)
    toc = _contents(docs[lang], section)
    shown = re.findall(r'<a href="#(\w+)">([^<]+)</a>', toc)[1:]  # after the section's own link
    assert [label for _, label in shown][:len(_order(tree, lang, g))] == _order(tree, lang, g)
    assert all(anchor for anchor, _ in shown) and len(shown) >= 20


def test_a_sub_class_is_listed_inside_its_super_class(docs):
    toc = _contents(docs["zh"], "classes")
    # 企业 (yrd:Enterprise) sits in the list that 组织 (yrd:Organisation) opens, not among the top classes
    i = toc.index(">组织</a>")
    assert toc.index(">企业</a>") > i and toc[i:toc.index(">企业</a>")].count("<ul>") == 1
    # the order is not the English names': 产业领域 (Sector) comes before 人物 (Person)
    assert toc.index(">产业领域</a>") < toc.index(">人物</a>")


def test_every_term_has_an_anchor(docs):
    for lang in ("zh", "en"):
        assert 'id=""' not in docs[lang] and 'href="#"' not in docs[lang]
        assert 'id="ActionPlan"' in docs[lang]
