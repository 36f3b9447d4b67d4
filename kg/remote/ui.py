"""Open the catalogue in Oxigraph's query page: one link per query, each opening it in a YASGUI tab.

``oxigraph serve`` answers ``/`` with YASGUI, which opens a tab for the query in
its URL's fragment (``#query=...&endpoint=...&tabTitle=...``, run at once;
YASGUI keeps its tabs between visits). :func:`catalogue_page` writes a page of such links, one per catalogue
query as its file stands (its defaults in its own VALUES line), so the page
preloads the catalogue into the query UI a link at a time.
"""

from __future__ import annotations

import html
import urllib.parse

from kg.catalogue import Query


def ui_url(endpoint: str) -> str:
    """The query page of an Oxigraph server, from its query endpoint (``.../query`` -> ``.../``)."""
    return endpoint[: -len("query")] if endpoint.endswith("/query") else endpoint.rstrip("/") + "/"


def query_link(endpoint: str, q: Query) -> str:
    """A link that opens ``q`` in a new YASGUI tab of the server at ``endpoint``, titled with its name."""
    fragment = urllib.parse.urlencode({"query": q.text, "endpoint": endpoint, "tabTitle": q.name},
                                      quote_via=urllib.parse.quote)
    return f"{ui_url(endpoint)}#{fragment}"


def catalogue_page(endpoint: str, queries: list[Query]) -> str:
    """An HTML page listing the catalogue, each query linked into the query UI of ``endpoint``."""
    ui = ui_url(endpoint)
    rows = []
    for q in queries:
        params = ", ".join(f"{p.name}={p.default}" for p in q.params if p.default is not None)
        rows.append(f'<li><a href="{html.escape(query_link(endpoint, q))}">{html.escape(q.name)}</a> '
                    f"{html.escape(q.title)}" + (f" <small>({html.escape(params)})</small>" if params else "")
                    + "</li>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>yrd-kg catalogue</title></head><body>\n"
            f"<h1>yrd-kg: the SPARQL catalogue</h1>\n<p>Each link opens the query in the query UI at "
            f"<a href=\"{html.escape(ui)}\">{html.escape(ui)}</a>, in a tab of its own, with its default "
            "parameters in its VALUES line; edit them there.</p>\n<ul>\n" + "\n".join(rows) + "\n</ul>\n"
            "</body></html>\n")
