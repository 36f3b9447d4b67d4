"""kg.site.catalogue: every query of the catalogue with the rows `yrdkg query` gives, entities linked."""

from __future__ import annotations

import html

import pytest

from kg.catalogue import catalogue
from kg.site.catalogue import answers, catalogue_page
from kg.sparql import run


@pytest.fixture(scope="module")
def done(graph):
    return answers(graph)


def test_every_query_runs_with_its_defaults(graph, done):
    queries = catalogue()
    assert [a.query.name for a in done] == [q.name for q in queries] and len(done) >= 20
    for a in done:
        if a.missing:
            assert a.result is None
            continue
        assert a.result.rows == run(graph, a.query).rows
        if a.query.is_violation:
            assert a.result.rows == [], a.query.name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_shows_each_query_and_its_rows(facts, done, lang):
    page = catalogue_page(done, facts, lang).decode()
    for a in done:
        assert f"<code>{html.escape(a.query.name)}</code>" in page
        if a.result is not None and not a.query.is_violation:
            assert f'<section id="{a.query.name}">' in page
            count = f"{len(a.result.rows)} {'行' if lang == 'zh' else 'rows'}" if a.result.rows else ""
            assert count in page
    # an entity in a result links to its page in the page's language
    name = html.escape(facts.names["org/jiuli"][lang == "en"])
    assert f'href="org/jiuli.html" title="org/jiuli">{name}' in page
