"""The coverage page in headless Chromium: it loads nothing, and a sentence leads to its facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.coverage import coverages
from kg.coverage_html import render_html
from kg.paths import packaged_data

DATA = packaged_data()
REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

SCREENSHOT = REPO / "out" / "coverage.png"


def test_sentences_link_to_their_facts(graph, browser, tmp_path):
    path = tmp_path / "coverage.html"
    path.write_text(render_html(coverages(graph, DATA, "src/zjrb-2024-06-yrd-forum")), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    try:
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        assert page.locator("a.s.covered").count() == 70 and page.locator("a.s.skipped").count() == 24
        assert page.locator("a.s.uncovered").count() == 0
        # covered sentences are drawn green, skipped ones grey
        assert page.eval_on_selector("a.s.covered", "e => getComputedStyle(e).backgroundColor") == \
            "rgb(217, 239, 224)"
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        page.click("#c1-s44")
        assert page.url.endswith("#c1-f44")
        row = page.inner_text("#c1-f44")
        assert "浙皖电力互换" in row and "betweenDivision" in row
        assert page.locator("#c1-f44").is_visible()
        assert errors == [] and all(u.startswith("file:") for u in requests)
    finally:
        page.close()
