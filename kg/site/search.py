"""Write the search page: a JSON index of every entity's names, searched in the browser, offline.

The index sits in the page as a ``<script type="application/json">`` block (so
the page needs no request, which file:// pages may not make) and
``assets/search.js`` searches it: a name, an alternative name or an id, ranked
exact, then prefix, then anywhere. The script writes results with
``textContent`` only.
"""

from __future__ import annotations

from kg.render.facts import Facts
from kg.render.page import json_for_script
from kg.site.layout import SEARCH_JS, WORDS, esc, page, page_path


def search_index(facts: Facts) -> list[dict]:
    """One entry per entity, sorted by id: id, names, alternative names, type (zh, en)."""
    return [{"id": sid, "zh": i["zh"], "en": i["en"], "alt": i["alt"], "t": i["t"]}
            for sid, i in sorted(facts.info.items())]


def search_page(index: list[dict], lang: str) -> bytes:
    """Return the search page in ``lang``; ``?q=`` in its URL runs a search on load."""
    w = WORDS[lang]
    here = page_path(lang, "search")
    body = (f'<h1>{esc(w["search"])}</h1><form id="search-form" role="search">'
            f'<input id="q" name="q" type="search" autocomplete="off" placeholder="{esc(w["search-hint"])}" '
            f'aria-label="{esc(w["search"])}"></form><p id="count" class="muted" '
            f'data-results="{esc(w["results"])}" data-none="{esc(w["no-results"])}"></p>'
            '<ul id="results"></ul>'
            f'<script type="application/json" id="search-index" data-lang="{lang}">{json_for_script(index)}'
            "</script>")
    return page(here, lang, w["search"], body, other=page_path("en" if lang == "zh" else "zh", "search"),
                scripts=(SEARCH_JS,))


SCRIPT = r"""// yrd-kg site search: reads the JSON index in the page; no request leaves the page.
(function () {
  "use strict";
  var holder = document.getElementById("search-index");
  var index = JSON.parse(holder.textContent);
  var lang = holder.getAttribute("data-lang");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  var LIMIT = 200;

  function fold(s) { return String(s).normalize("NFKC").toLowerCase(); }
  index.forEach(function (e) {
    e.keys = [e.zh, e.en].concat(e.alt).map(fold);
    e.idk = fold(e.id);
  });

  function rank(e, q) {
    var best = 9;
    e.keys.forEach(function (k) {
      if (k === q) { best = Math.min(best, 0); }
      else if (k.indexOf(q) === 0) { best = Math.min(best, 1); }
      else if (k.indexOf(q) > 0) { best = Math.min(best, 2); }
    });
    if (best === 9 && e.idk.indexOf(q) >= 0) { best = 3; }
    return best;
  }

  function show(text) {
    var q = fold(text.trim());
    list.textContent = "";
    if (!q) { count.textContent = ""; return; }
    var hits = [];
    index.forEach(function (e) {
      var r = rank(e, q);
      if (r < 9) { hits.push([r, e]); }
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || (a[1].id < b[1].id ? -1 : a[1].id > b[1].id ? 1 : 0);
    });
    count.textContent = hits.length ? hits.length + " " + count.getAttribute("data-results")
                                    : count.getAttribute("data-none");
    hits.slice(0, LIMIT).forEach(function (h) {
      var e = h[1];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.id + ".html";
      a.textContent = lang === "zh" ? e.zh : e.en;
      li.appendChild(a);
      var small = document.createElement("span");
      small.className = "muted";
      small.textContent = " " + (lang === "zh" ? e.en : e.zh) + " · " + (lang === "zh" ? e.t[0] : e.t[1]) +
        " · " + e.id;
      li.appendChild(small);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  input.addEventListener("input", function () { show(input.value); });
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    show(input.value);
  });
  show(input.value);
  input.focus();
}());
"""
