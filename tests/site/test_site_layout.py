"""kg.site.layout: page paths, relative links, and the frame every page shares."""

from __future__ import annotations

import posixpath
import re

import pytest

from kg.site.layout import CSP, LANGS, entity_path, esc, explore_path, link, page, page_path


@pytest.mark.parametrize("here, target", [
    ("index.html", "zh/org/jiuli.html"),
    ("zh/org/jiuli.html", "en/org/jiuli.html"),
    ("zh/org/jiuli.html", "explore/org/jiuli.html"),
    ("explore/div/330000.html", "assets/vis-network.min.js"),
    ("zh/search.html", "zh/catalogue.html"),
])
def test_a_relative_link_leads_to_its_target(here, target):
    rel = link(here, target)
    assert not rel.startswith("/") and "://" not in rel
    assert posixpath.normpath(posixpath.join(posixpath.dirname(here), rel)) == target


def test_paths_by_language():
    assert {entity_path(lang, "org/jiuli") for lang in LANGS} == {"zh/org/jiuli.html", "en/org/jiuli.html"}
    assert explore_path("org/jiuli") == "explore/org/jiuli.html"
    assert page_path("en", "search") == "en/search.html"


def test_the_frame_escapes_its_title_and_loads_only_own_files():
    html = page("zh/x.html", "zh", "<script>alert(1)</script>", "<p>body</p>", other="en/x.html").decode()
    assert "<script>alert(1)" not in html and esc("<script>alert(1)</script>") in html
    assert f'content="{CSP}"' in html and "default-src 'none'" in CSP
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert 'href="../en/x.html"' in html and 'lang="zh"' in html
