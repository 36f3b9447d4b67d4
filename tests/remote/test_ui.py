"""kg.remote.ui: the catalogue as links into Oxigraph's query page, each opening the .rq file as it is."""

from __future__ import annotations

import html
import re
import socket
import urllib.parse
import urllib.request

from kg.catalogue import catalogue
from kg.remote.serve import start, stop
from kg.remote.ui import catalogue_page, query_link, ui_url

CATALOGUE = catalogue()


def test_the_ui_is_beside_the_endpoint():
    assert ui_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/"


def test_each_link_opens_the_query_file_as_it_is():
    endpoint, ui = "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/"
    page = catalogue_page(endpoint, CATALOGUE)
    links = [html.unescape(h) for h in re.findall(r'<a href="([^"]+)">', page) if "#" in h]
    assert len(links) == len(CATALOGUE) >= 30
    for q, link in zip(CATALOGUE, links, strict=True):
        base, fragment = link.split("#", 1)
        got = urllib.parse.parse_qs(fragment)
        assert base == ui and got["query"] == [q.text] and got["tabTitle"] == [q.name]
        assert got["endpoint"] == [endpoint]  # else YASGUI sends the query to the page itself
    assert query_link(endpoint, CATALOGUE[0]) in links


def test_titles_are_escaped():
    q = CATALOGUE[0]
    evil = type(q)(name=q.name, path=None, text="SELECT * {}", title_en="<script>x</script>")
    assert "<script>" not in catalogue_page("http://h/query", [evil])


def test_oxigraph_serves_its_query_page_at_the_ui_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc, url = start(None, port=port, read_only=False)  # an empty in-memory store
    try:
        with urllib.request.urlopen(ui_url(url), timeout=10) as resp:
            body = resp.read().decode("utf-8", "replace")
        assert resp.status == 200 and "yasgui" in body.lower()
    finally:
        stop(proc)
