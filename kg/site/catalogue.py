"""Write the catalogue page: each query of queries/*.rq with its question, parameters, SPARQL and results.

Each query runs once on the graph with its parameters' defaults (what `yrdkg
query NAME` prints); the page shows the rows, entities linked to their pages
in the page's language. The checks (``*-violation.rq``) come last with their
row count, which is 0 for a graph that builds.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from kg.catalogue import Query, catalogue
from kg.names import curie, entity_id
from kg.ontology import ID
from kg.render.facts import Facts
from kg.site.layout import WORDS, entity_path, esc, link, page, page_path
from kg.sparql import Result, run

MAX_ROWS = 500  # rows shown per query; the page says how many more there are


@dataclass
class Answer:
    """A catalogue query and its result with the defaults, or why it was not run."""

    query: Query
    result: Result | None
    missing: list[str]  # required parameters without a default


def answers(g: Graph) -> list[Answer]:
    """Run every catalogue query with its defaults; those needing a value are listed, not run."""
    out = []
    for q in catalogue():
        missing = [p.name for p in q.params if p.default is None]
        out.append(Answer(q, None if missing else run(g, q), missing))
    return out


def _cell(term, facts: Facts, here: str, lang: str) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef) and str(term).startswith(str(ID)) and entity_id(term) in facts.info:
        sid = entity_id(term)
        name = facts.names[sid][0 if lang == "zh" else 1]
        return f'<a href="{esc(link(here, entity_path(lang, sid)))}" title="{esc(sid)}">{esc(name)}</a>'
    if isinstance(term, Literal):
        return esc(str(term))
    return f"<code>{esc(curie(term))}</code>"


def _table(res: Result, facts: Facts, here: str, lang: str) -> str:
    w = WORDS[lang]
    if not res.rows:
        return f'<p class="muted">{esc(w["no-rows"])}</p>'
    head = "".join(f"<th>{esc(v)}</th>" for v in res.vars)
    rows = "".join("<tr>" + "".join(f"<td>{_cell(t, facts, here, lang)}</td>" for t in row) + "</tr>"
                   for row in res.rows[:MAX_ROWS])
    more = len(res.rows) - MAX_ROWS
    note = f'<p class="muted">… +{more} {esc(w["rows"])}</p>' if more > 0 else ""
    return (f'<p class="muted">{len(res.rows)} {esc(w["rows"])}</p><div class="scroll"><table><thead>'
            f"<tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{note}")


def _query(a: Answer, facts: Facts, here: str, lang: str) -> str:
    w, q = WORDS[lang], a.query
    title = (q.title_zh or q.title_en) if lang == "zh" else (q.title_en or q.title_zh)
    parts = [f'<section id="{esc(q.name)}"><h2>{esc(title)} <small><code>{esc(q.name)}</code></small></h2>']
    if q.question:
        parts.append(f'<p lang="en">{esc(q.question)}</p>')
    if q.params:
        items = "".join(f"<li><code>?{esc(p.name)}</code> = <code>{esc(p.default or '')}</code> "
                        f"{esc(p.doc)}</li>" for p in q.params)
        parts.append(f'<p class="muted">{esc(w["params"])}:</p><ul>{items}</ul>')
    parts.append(f"<details><summary>SPARQL</summary><pre>{esc(q.text)}</pre></details>")
    if a.result is None:
        parts.append(f'<p class="muted">{esc(w["needs"])} {esc(", ".join(a.missing))}</p>')
    else:
        parts.append(_table(a.result, facts, here, lang))
    return "".join(parts) + "</section>"


def catalogue_page(done: list[Answer], facts: Facts, lang: str) -> bytes:
    """Return the catalogue page in ``lang``: a contents list, then each query and its rows."""
    w = WORDS[lang]
    here = page_path(lang, "catalogue")
    queries = [a for a in done if not a.query.is_violation]
    checks = [a for a in done if a.query.is_violation]

    def title(q: Query) -> str:
        return (q.title_zh or q.title_en) if lang == "zh" else (q.title_en or q.title_zh)

    toc = "".join(f'<li><a href="#{esc(a.query.name)}">{esc(title(a.query))}</a></li>' for a in queries)
    body = [f'<h1>{esc(w["catalogue"])}</h1><ul class="cols">{toc}</ul>',
            *(_query(a, facts, here, lang) for a in queries),
            f'<h2>{esc(w["violation"])}</h2><ul>']
    for a in checks:
        n = "" if a.result is None else f" · {len(a.result.rows)} {w['rows']}"
        body.append(f"<li><code>{esc(a.query.name)}</code>: {esc(title(a.query))}{esc(n)}</li>")
    body.append("</ul>")
    return page(here, lang, w["catalogue"], "".join(body),
                other=page_path("en" if lang == "zh" else "zh", "catalogue"))
