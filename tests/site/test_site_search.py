"""kg.site.search: the index names every entity, and sits in the page as inert, escaped JSON."""

from __future__ import annotations

import json
import re

from kg.site.search import search_index, search_page


def _index_in(page: str) -> list[dict]:
    m = re.search(r'<script type="application/json" id="search-index" data-lang="\w+">(.*?)</script>', page,
                  re.S)
    assert m, "the page holds its index"
    return json.loads(m.group(1))


def test_the_index_names_every_entity_in_both_languages(facts):
    index = search_index(facts)
    assert [e["id"] for e in index] == sorted(facts.info)
    for e in index:
        info = facts.info[e["id"]]
        assert (e["zh"], e["en"], e["alt"], e["t"]) == (info["zh"], info["en"], info["alt"], info["t"])


def test_the_page_carries_the_index_and_loads_the_script(facts):
    index = search_index(facts)
    for lang in ("zh", "en"):
        page = search_page(index, lang).decode()
        assert _index_in(page) == index
        assert '<script src="../assets/search.js"></script>' in page


def test_names_cannot_close_the_script_block():
    index = [{"id": "org/x", "zh": "</script><script>alert(1)</script>", "en": "<!--", "alt": ["&amp;"],
              "t": ["企业", "Enterprise"]}]
    page = search_page(index, "en").decode()
    assert page.count("</script>") == 2  # the index's and the search script's, nothing else
    assert "<!--" not in page
    assert _index_in(page) == index
