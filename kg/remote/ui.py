"""The query page ``yrdkg serve`` answers at ``/``: the catalogue, an editor, the results as a table.

Oxigraph's own server showed YASGUI at ``/``; the front (:mod:`kg.remote.front`)
replaced that server, so this is the page now. It is one self-contained HTML
file: the catalogue is in it as JSON (each query's ``.rq`` text as it stands,
its defaults in its own VALUES line), and its script and style are inline. Its
Content-Security-Policy (:data:`CSP`) names them by hash and lets the page
fetch only from its own origin, so it asks nothing of any other server (no
CDN, no font, no image). Run POSTs the editor's text to ``query`` on the same
origin and shows SPARQL JSON results as a table; every value reaches the page
as text (``textContent``), never as HTML; IRIs are shown as CURIEs by the
query's PREFIX lines and then :data:`kg.ontology.PREFIXES`, the full IRI in a
tooltip. The answer can be downloaded as it came (SPARQL JSON) or as CSV.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

from kg.catalogue import Query
from kg.ontology import PREFIXES

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1d232a; background: #f6f7f9; }
header { padding: 8px 16px; background: #1f3b57; color: #fff; }
header h1 { display: inline; font-size: 18px; margin: 0 12px 0 0; }
header code { color: #cfe3f7; }
main { display: flex; gap: 12px; padding: 12px; align-items: flex-start; }
nav { flex: 0 0 320px; max-height: calc(100vh - 70px); overflow: auto; background: #fff;
      border: 1px solid #d5dae0; border-radius: 4px; }
nav h2, section h2 { font-size: 15px; margin: 8px 10px; }
nav ol { list-style: none; margin: 0; padding: 0; }
nav button { display: block; width: 100%; text-align: left; border: 0; border-top: 1px solid #eef0f3;
             background: none; padding: 6px 10px; cursor: pointer; font: inherit; }
nav button:hover, nav button[aria-current=true] { background: #e4eef8; }
nav .name { font-family: ui-monospace, monospace; font-size: 12px; color: #1f3b57; }
nav .title { display: block; color: #4b5563; font-size: 12px; }
section { flex: 1; min-width: 0; }
#question { margin: 0 0 6px; color: #374151; }
#editor { width: 100%; height: 320px; font: 13px/1.45 ui-monospace, monospace; padding: 8px;
          border: 1px solid #c3cad3; border-radius: 4px; tab-size: 2; }
.bar { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
#run { font: inherit; padding: 5px 18px; background: #1f6fb5; color: #fff; border: 0; border-radius: 4px;
       cursor: pointer; }
#run:disabled { background: #8aa9c5; }
#status { color: #4b5563; }
#status.error { color: #b42318; white-space: pre-wrap; }
.bar a[hidden] { display: none; }
#results { overflow: auto; max-height: calc(100vh - 480px); min-height: 60px; background: #fff;
           border: 1px solid #d5dae0; border-radius: 4px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid #eef0f3; padding: 4px 8px; text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: #eef2f6; white-space: nowrap; }
td .lang, td .type { color: #6b7280; font-size: 11px; margin-left: 4px; }
pre.answer { margin: 0; padding: 8px; white-space: pre-wrap; }
"""

SCRIPT = """
"use strict";
const {queries: catalogue, prefixes: known} = JSON.parse(document.getElementById("catalogue").textContent);
const $ = (id) => document.getElementById(id);
const editor = $("editor"), run = $("run"), status = $("status"), results = $("results");
const download = $("download"), downloadCsv = $("download-csv");
let current = null, urls = [];

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function choose(q, button) {
  current = q;
  editor.value = q.text;
  $("title").textContent = q.title || q.name;
  $("question").textContent = q.question;
  for (const b of document.querySelectorAll("nav button")) {
    b.setAttribute("aria-current", String(b === button));
  }
  history.replaceState(null, "", "#" + encodeURIComponent(q.name));
}

const list = $("list");
for (const q of catalogue) {
  const li = el("li"), b = el("button");
  b.type = "button";
  b.dataset.name = q.name;
  b.append(el("span", q.name, "name"), el("span", q.title, "title"));
  b.addEventListener("click", () => choose(q, b));
  li.append(b);
  list.append(li);
}

function prefixes(text) {
  const out = [], re = /^\\s*PREFIX\\s+([A-Za-z][\\w.-]*)?:\\s*<([^>]*)>/gim;
  for (let m; (m = re.exec(text)) !== null;) out.push([m[1] || "", m[2]]);
  for (const [p, ns] of Object.entries(known)) out.push([p, ns]);
  return out;
}

function shown(term, table) {
  if (term.type === "uri") {
    for (const [p, ns] of table) {
      if (term.value.startsWith(ns)) return p + ":" + term.value.slice(ns.length);
    }
    return "<" + term.value + ">";
  }
  return term.type === "bnode" ? "_:" + term.value : term.value;
}

function cell(term, table) {
  const td = el("td");
  if (!term) return td;
  td.append(document.createTextNode(shown(term, table)));
  if (term.type === "uri") td.title = term.value;
  if (term["xml:lang"]) td.append(el("span", "@" + term["xml:lang"], "lang"));
  else if (term.datatype) td.append(el("span", shown({type: "uri", value: term.datatype}, table), "type"));
  return td;
}

function csvField(v) { return /[",\\r\\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }

function offer(a, body, type, name) {
  const url = URL.createObjectURL(new Blob([body], {type}));
  urls.push(url);
  a.href = url;
  a.download = name;
  a.hidden = false;
}

function show(answer, type, text) {
  const table = prefixes(text), base = current ? current.name : "results";
  if (!type.includes("json")) {
    results.append(el("pre", answer, "answer"));
    offer(download, answer, type, base + ".txt");
    status.textContent = "answer received";
    return;
  }
  const data = JSON.parse(answer);
  offer(download, answer, "application/sparql-results+json", base + ".json");
  if ("boolean" in data) {
    results.append(el("pre", "ASK: " + data.boolean, "answer"));
    status.textContent = "1 answer";
    return;
  }
  const vars = data.head.vars, rows = data.results.bindings;
  const t = el("table"), head = el("tr"), body = el("tbody");
  for (const v of vars) head.append(el("th", "?" + v));
  const thead = el("thead");
  thead.append(head);
  const lines = [vars.map(csvField).join(",")];
  for (const row of rows) {
    const tr = el("tr");
    for (const v of vars) tr.append(cell(row[v], table));
    body.append(tr);
    lines.push(vars.map((v) => csvField(row[v] ? row[v].value : "")).join(","));
  }
  t.append(thead, body);
  results.append(t);
  offer(downloadCsv, lines.join("\\r\\n") + "\\r\\n", "text/csv;charset=utf-8", base + ".csv");
  status.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
}

async function execute() {
  const text = editor.value;
  for (const u of urls) URL.revokeObjectURL(u);
  urls = [];
  download.hidden = downloadCsv.hidden = true;
  results.replaceChildren();
  status.className = "";
  status.textContent = "running ...";
  run.disabled = true;
  document.body.dataset.state = "running";
  try {
    const resp = await fetch("query", {method: "POST", body: new URLSearchParams({query: text}),
      headers: {"Accept": "application/sparql-results+json, application/n-triples;q=0.9"}});
    const answer = await resp.text();
    if (!resp.ok) throw new Error("HTTP " + resp.status + ": " + answer);
    show(answer, resp.headers.get("Content-Type") || "", text);
    document.body.dataset.state = "done";
  } catch (err) {
    status.className = "error";
    status.textContent = String(err.message || err);
    document.body.dataset.state = "error";
  } finally {
    run.disabled = false;
  }
}

run.addEventListener("click", execute);
editor.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); execute(); }
});
const wanted = decodeURIComponent(location.hash.slice(1));
const start = document.querySelector("nav button[data-name='" + CSS.escape(wanted) + "']")
  || document.querySelector("nav button");
if (start) start.click();
document.body.dataset.state = "ready";
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# Only the page's own script and style run; it may fetch from its own origin and nothing else.
CSP = (f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def catalogue_json(queries: list[Query]) -> str:
    """The catalogue, and the prefixes IRIs are shown with, as JSON safe inside a ``<script>``
    element (no ``<``, ``>`` or ``&`` in it)."""
    data = {"prefixes": PREFIXES, "queries": [{"name": q.name, "title": q.title, "question": q.question,
                                                "text": q.text} for q in queries]}
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def ui_page(queries: list[Query], endpoint_path: str = "query") -> str:
    """The query page, with ``queries`` (the catalogue) in it; see the module docstring."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>yrd-kg: SPARQL query</title>\n"
            f"<style>{STYLE}</style></head>\n<body data-state=\"loading\">\n"
            "<header><h1>yrd-kg</h1>a read-only SPARQL 1.1 endpoint: queries go to "
            f"<code>{html.escape(endpoint_path)}</code> on this server</header>\n"
            "<main>\n<nav aria-label=\"catalogue\"><h2>The catalogue "
            f"({len(queries)} queries)</h2><ol id=\"list\"></ol></nav>\n"
            "<section>\n<h2 id=\"title\">Query</h2><p id=\"question\"></p>\n"
            "<textarea id=\"editor\" spellcheck=\"false\" aria-label=\"SPARQL query\">"
            "SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea>\n"
            "<div class=\"bar\"><button id=\"run\" type=\"button\">Run</button>"
            "<span id=\"status\" role=\"status\"></span>"
            "<a id=\"download\" hidden>Download (SPARQL JSON)</a>"
            "<a id=\"download-csv\" hidden>Download (CSV)</a></div>\n"
            "<div id=\"results\"></div>\n</section>\n</main>\n"
            f"<script type=\"application/json\" id=\"catalogue\">{catalogue_json(queries)}</script>\n"
            f"<script>{SCRIPT}</script>\n</body></html>\n")
