"""yrdkg docs: the pages and diagrams of kg.docs.write, an index linking them, nothing from the web."""

from __future__ import annotations

import re

import pytest

from kg.docs.frame import PAGES
from kg.docs.write import SITE_LINKS, index_page
from kg.site.write import site_links

# A script or a stylesheet loaded from http(s) or a protocol-relative URL.
EXTERNAL_ASSET = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//|"
    r"<link\b(?=[^>]*\brel\s*=\s*[\"']?[^\"'>]*(stylesheet|preload|icon))[^>]*\bhref\s*=\s*[\"']?(https?:)?//|"
    r"@import\s+(url\()?[\"']?(https?:)?//",
    re.I)

def test_docs_writes_every_page(docs):
    assert set(docs) == {"zh", "en", "shapes", "index", "diagram-zh", "diagram-en"}
    for key in ("zh", "en", "shapes"):
        assert f'href="{PAGES[key]}"' in docs["index"]


@pytest.mark.parametrize("page", [*sorted(PAGES), "diagram-zh", "diagram-en"])
def test_pages_load_nothing_from_the_web(docs, page):
    assert EXTERNAL_ASSET.search(docs[page]) is None


def test_pages_cases_are_collected():
    assert len(PAGES) == 4


def test_the_index_shows_the_data_model(docs):
    assert '<img src="data-model-en.svg"' in docs["index"] and 'href="data-model-zh.svg"' in docs["index"]


def test_the_index_links_the_site_only_when_there_is_one(tmp_path):
    assert "The graph</h2>" not in index_page()
    page = index_page(links=site_links())
    for key, target in site_links().items():
        if key in {k for k, _t, _w in SITE_LINKS}:
            assert f'href="{target}"' in page
