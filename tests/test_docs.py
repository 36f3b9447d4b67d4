"""yrdkg docs: one ontology page per language, a shapes page, nothing fetched from the web."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import RDF, SH, URIRef

from kg.cli import main
from kg.docs import PAGES, language_graph, shape_rows, shapes_page, strip_external_assets
from kg.ontology import ontology_graph
from kg.validation.shapes import shapes_graph

# A script or a stylesheet loaded from http(s) or a protocol-relative URL.
EXTERNAL_ASSET = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//|"
    r"<link\b(?=[^>]*\brel\s*=\s*[\"']?[^\"'>]*(stylesheet|preload|icon))[^>]*\bhref\s*=\s*[\"']?(https?:)?//|"
    r"@import\s+(url\()?[\"']?(https?:)?//",
    re.I)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    assert main(["docs", "--out", str(out)]) == 0
    return {key: (out / name).read_text(encoding="utf-8") for key, name in PAGES.items()}


def test_docs_writes_every_page(docs):
    assert set(docs) == {"zh", "en", "shapes", "index"}
    for key in ("zh", "en", "shapes"):
        assert f'href="{PAGES[key]}"' in docs["index"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_load_nothing_from_the_web(docs, page):
    assert EXTERNAL_ASSET.search(docs[page]) is None


def test_pages_cases_are_collected():
    assert len(PAGES) == 4


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


def test_shapes_page_names_every_shape_and_its_messages(docs):
    rows = shape_rows(shapes_graph())
    named = {s for s in shapes_graph().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert len(rows) == len(named) >= 20
    page = docs["shapes"]
    for r in rows:
        assert f"<code>{r['short']}</code>" in page
        for c in r["constraints"]:
            for m in c["messages"]:
                assert html.escape(m) in page, m


def test_shapes_page_reports_severity_and_targets(docs):
    page = docs["shapes"]
    i = page.index("yrds:ConsortiumSectorAdvice")
    section = page[i:page.index("</section>", i)]
    assert "Warning" in section and "class yrd:InnovationConsortium" in section
    i = page.index("yrds:FactProvenanceShape")
    section = page[i:page.index("</section>", i)]
    assert "subjects of yrd:locatedIn" in section and "Violation" in section


def test_shapes_page_escapes_what_it_shows(tmp_path):
    shapes = tmp_path / "evil.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Evil a sh:NodeShape ; sh:name "<script>alert(1)</script>" ; sh:targetClass ex:C ;
  sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "a < b & \\"c\\"" ] .
""", encoding="utf-8")
    page = shapes_page([shapes])
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a &lt; b &amp; &quot;c&quot;" in page


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
