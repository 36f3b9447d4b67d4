"""The query page of a real `yrdkg serve` in headless Debian Chromium (Playwright): choose a catalogue
query, run it, see its rows; nothing is asked of any other server, and values stay text."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from test_serve import start_serve, stop_serve

from kg.catalogue import find
from kg.names import curie
from kg.sparql import run

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "build" / "query-page.png"
QUERY = "project-targets"  # many rows, IRIs and literals


@pytest.fixture(scope="module")
def served(tmp_path_factory, graph):
    """`yrdkg serve --file` of the curated graph; yields the query page URL it printed."""
    tmp = tmp_path_factory.mktemp("ui")
    data = tmp / "yrd.nt"
    graph.serialize(data, format="nt", encoding="utf-8")
    proc, _ = start_serve(tmp, "--file", str(data))
    try:
        line = proc.stdout.readline()  # printed right after the endpoint
        assert line.startswith("Query page"), line
        yield line.rsplit(": ", 1)[1].strip()
    finally:
        stop_serve(proc)


@pytest.fixture(scope="module")
def page(served, browser):
    pg = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    try:
        pg.requests, pg.problems = [], []
        pg.on("request", lambda r: pg.requests.append(r.url))
        pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: pg.problems.append(str(e)))
        pg.on("dialog", lambda d: (pg.problems.append("dialog: " + d.message), d.dismiss()))
        pg.goto(served, timeout=60_000)
        pg.wait_for_selector("body[data-state=ready]", state="attached", timeout=60_000)
        yield pg
    finally:
        pg.close()


def run_in_page(pg, timeout_s: float = 120) -> None:
    pg.click("#run")
    pg.wait_for_selector("body[data-state=done], body[data-state=error]", state="attached",
                         timeout=timeout_s * 1000)


def test_a_catalogue_query_chosen_and_run_shows_its_rows(page, graph, served):
    q = find(QUERY)
    page.click(f"nav button[data-name='{QUERY}']")
    assert page.input_value("#editor") == q.text  # the .rq file as it stands, its VALUES line included
    run_in_page(page)
    assert page.get_attribute("body", "data-state") == "done", page.text_content("#status")
    local = run(graph, q)
    headers = page.eval_on_selector_all("#results th", "ths => ths.map(t => t.textContent)")
    assert headers == ["?" + v for v in local.vars]
    shown = page.eval_on_selector_all(
        "#results tbody tr", "trs => trs.map(tr => [...tr.cells].map(td => td.firstChild ? "
        "td.firstChild.textContent : ''))")
    assert len(shown) == len(local.rows) > 0
    column = local.vars.index("project")
    assert sorted(r[column] for r in shown) == sorted(curie(r[column]) for r in local.rows)
    assert page.text_content("#status") == f"{len(local.rows)} rows"
    for link in ("#download", "#download-csv"):
        assert page.get_attribute(link, "href").startswith("blob:")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    with page.expect_download() as got:
        page.click("#download-csv")
    csv_lines = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
    assert csv_lines[0] == ",".join(local.vars) and len(csv_lines) == len(local.rows) + 1
    origin = urllib.parse.urlsplit(served)
    asked = {urllib.parse.urlsplit(u)[:2] for u in page.requests if not u.startswith(("blob:", "data:"))}
    assert asked == {origin[:2]}, page.requests  # nothing from any other server
    assert not page.problems, page.problems


def test_values_are_shown_as_text_and_errors_as_messages(page):
    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    page.fill("#editor", f"SELECT ?x WHERE {{ VALUES ?x {{ '{hostile}' }} }}")
    run_in_page(page)
    assert page.eval_on_selector("#results td", "td => td.textContent") == hostile
    assert page.eval_on_selector_all("#results img, #results script", "es => es.length") == 0
    page.fill("#editor", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    run_in_page(page)
    assert page.get_attribute("body", "data-state") == "error"
    assert "HTTP 403" in page.text_content("#status") and "SERVICE is refused" in page.text_content("#status")
    assert not page.problems or all("403" in p for p in page.problems), page.problems
