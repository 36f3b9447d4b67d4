"""The site in headless Chromium: an entity page from disk and over HTTP, a link followed, a search run.

Screenshots of the entity and search pages at desktop and phone (414 px) width go to
out/site-*.png, to look at.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]  # the checkout the tests run in
SHOTS = REPO / "out"
WIDTHS = {"desktop": 1280, "phone": 414}

pytestmark = pytest.mark.slow


class Tab:
    """A page with every request it made and every error it reported."""

    def __init__(self, browser, width: int):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def outside(self, base: str) -> list[str]:
        return [u for u in self.requests if not u.startswith((base, "data:"))]


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"site-{name}.png"), full_page=True)


@pytest.mark.parametrize("size", WIDTHS)
def test_entity_page_from_disk_follow_a_link(browser, site, facts, size):
    tab = Tab(browser, WIDTHS[size])
    page = tab.page
    try:
        page.goto((site / "zh" / "org" / "jiuli.html").as_uri())
        assert page.inner_text("h1").startswith(facts.info["org/jiuli"]["zh"])
        # the explorer, focused on it, draws in its frame (attached: at 414 px its width is
        # the explorer's own concern, issue 14 §4)
        page.frame_locator("iframe.frame").locator("canvas").first.wait_for(state="attached", timeout=60_000)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTHS[size]
        _shot(page, f"entity-{size}")
        lead = next(o for s, o, k, *_ in facts.relations if s == "org/jiuli" and k == "LeadRole")
        page.click(f'a[href="../{lead}.html"]')
        page.wait_for_load_state()
        assert page.url.endswith(f"/zh/{lead}.html")
        assert page.inner_text("h1").startswith(facts.info[lead]["zh"])
        assert "浙江久立特材科技股份有限公司" in page.inner_text("main")   # back-link to jiuli
        page.click("a.lang")
        assert page.url.endswith(f"/en/{lead}.html") and facts.info[lead]["en"] in page.inner_text("h1")
        assert tab.errors == [] and tab.outside("file:") == []
    finally:
        page.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_search_finds_by_alias_and_leads_to_the_page(browser, site, facts, size):
    tab = Tab(browser, WIDTHS[size])
    page = tab.page
    try:
        page.goto((site / "en" / "search.html").as_uri())
        page.fill("#q", "久立")
        first = page.locator("#results li a").first
        assert first.inner_text() == facts.info["org/jiuli"]["en"]
        assert page.locator("#results li").count() == sum(
            "久立" in " ".join([i["zh"], i["en"], *i["alt"]]) for i in facts.info.values())
        page.fill("#q", "no such name at all")
        assert page.locator("#results li").count() == 0 and page.inner_text("#count") == "no results"
        # the search box of any page leads here with ?q=
        page.goto((site / "zh" / "org" / "jiuli.html").as_uri())
        page.fill("header .find input", "久立特材")
        page.press("header .find input", "Enter")
        page.wait_for_selector("#results li a")
        assert "search.html?q=" in page.url
        _shot(page, f"search-{size}")
        page.locator("#results li a").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/zh/org/jiuli.html")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTHS[size]
        assert tab.errors == [] and tab.outside("file:") == []
    finally:
        page.close()


def test_the_site_works_from_a_web_server(browser, site):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    tab = Tab(browser, 1280)
    try:
        tab.page.goto(base + "index.html")
        tab.page.click('a[href="en/index.html"]')
        tab.page.click('a[href="org/jiuli.html"]')
        assert tab.page.url == base + "en/org/jiuli.html"
        frame = tab.page.frame_locator("iframe.frame")
        frame.locator("canvas").first.wait_for(state="attached", timeout=60_000)
        tab.page.goto(base + "docs/index.html")
        tab.page.click('a[href="../en/catalogue.html"]')
        assert tab.page.locator("section").count() >= 20
        assert tab.errors == [] and tab.outside(base) == []
    finally:
        tab.page.close()
        server.shutdown()
        server.server_close()
        thread.join()
