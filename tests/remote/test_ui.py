"""kg.remote.ui: the query page holds the catalogue as it is, runs nothing but its own script, and
names no other server (the page in a browser: test_ui_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import re

from kg.catalogue import catalogue
from kg.remote.ui import CSP, ui_page

CATALOGUE = catalogue()
DATA = re.compile(r'<script type="application/json" id="catalogue">(.*?)</script>', re.S)


def embedded(page: str) -> list[dict]:
    (text,) = DATA.findall(page)
    return json.loads(text)["queries"]


def test_every_catalogue_query_is_in_the_page_as_its_file_stands():
    got = embedded(ui_page(CATALOGUE))
    assert len(got) == len(CATALOGUE) >= 30
    for q, item in zip(CATALOGUE, got, strict=True):
        assert item["name"] == q.name and item["text"] == q.text and item["title"] == q.title
    with_values = [q for q in CATALOGUE if q.values_line is not None]
    assert with_values and all("VALUES" in q.text.splitlines()[q.values_line] for q in with_values)


def test_a_query_cannot_end_the_script_that_holds_it():
    q = CATALOGUE[0]
    evil_text = 'SELECT * {} # </script><script>alert(1)</script> & <!--'
    evil = type(q)(name="evil", path=None, text=evil_text, title_en="</SCRIPT><img src=x onerror=alert(2)>")
    page = ui_page([evil])
    assert page.lower().count("<script") == 2 and page.lower().count("</script>") == 2
    assert "<img" not in page
    assert embedded(page)[0]["text"] == evil_text


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_the_policy_allows_the_inline_script_and_style_and_only_the_own_origin():
    page = ui_page(CATALOGUE)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.S)
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    policy = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'self'"
    assert policy["script-src"] == _sha(script) and policy["style-src"] == _sha(style)


def test_the_page_names_no_other_server():
    """No CDN, font or image: outside the catalogue data (whose PREFIX lines hold IRIs), no URL."""
    rest = DATA.sub("", ui_page(CATALOGUE))
    for needle in ("http:", "https:", "//", "src=", "url(", "@import", "<link"):
        assert needle not in rest, needle
