"""kg.coverage_html: every sentence marked and linked to its facts, and nothing from the data raw."""

from __future__ import annotations

from kg.coverage import coverages
from kg.coverage_html import render_html
from kg.paths import packaged_data

DATA = packaged_data()
ARTICLE = "src/zjrb-2024-06-yrd-forum"


def test_page_marks_every_sentence_and_links_it_to_its_facts(article):
    page = render_html([article])
    assert page.count('<a class="s covered"') == 70 and page.count('<a class="s skipped"') == 24
    assert 'id="c1-s44" href="#c1-f44"' in page and 'id="c1-f44"' in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")


def test_page_escapes_the_data(graph):
    (cov,) = coverages(graph, DATA, ARTICLE)  # a copy of its own: the test changes it
    s = next(x for x in cov.sentences if x.facts)
    s.facts[0].quotes.append("<img src=x onerror=alert(1)>")
    cov.reasons["opinion"]["en"] = "</style><script>alert(2)</script>"
    page = render_html([cov])
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
