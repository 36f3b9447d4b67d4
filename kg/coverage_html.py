"""The coverage report as one HTML page: the source text, each sentence coloured by its status and
linked to the facts that quote it (the page a curator works from).

Everything from the data is escaped with :func:`html.escape`; the page has no script and loads
nothing.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from kg.coverage import Coverage, FactRef, SentenceCoverage
from kg.sourcetext import Markup

STATUS_TEXT = {"covered": ("已覆盖", "covered"), "skipped": ("已跳过", "skipped"),
               "uncovered": ("未覆盖", "uncovered")}


def _css() -> str:
    return resources.files("kg").joinpath("templates", "coverage.css").read_text(encoding="utf-8")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _summary(cov: Coverage, key: str) -> str:
    total = len(cov.sentences)
    parts = []
    for status in ("covered", "skipped", "uncovered"):
        zh, en = STATUS_TEXT[status]
        parts.append(f'<span><i class="key {status}"></i>{zh} / {en}: <b>{cov.count(status)}</b> '
                     f'({_pct(cov.share(status))})</span>')
    parts.append(f"<span>covered or skipped: <b>{_pct(cov.share('covered', 'skipped'))}</b> of {total} "
                 "sentences</span>")
    bar = "".join(f'<span class="{s}" style="width:{100 * cov.share(s):.3f}%"></span>'
                  for s in ("covered", "skipped", "uncovered"))
    skip = escape(str(cov.skip_file.name)) if cov.skip_file else "none"
    return (f'<div class="summary" id="{key}-summary">{"".join(parts)}</div><div class="bar">{bar}</div>'
            f'<p class="muted">Skip list: {skip}</p>')


def _text(cov: Coverage, key: str) -> str:
    """The source as the reader sees it: headings, then paragraphs of linked sentences."""
    out, para = [], []

    def close():
        if para:
            out.append("<p>" + "".join(para) + "</p>")
            para.clear()

    for seg in cov.segments:
        if isinstance(seg, Markup):
            close()
            if seg.level:
                level = min(seg.level + 2, 5)
                out.append(f"<h{level}>{escape(seg.text)}</h{level}>")
            else:
                out.append(f'<p class="markup">{escape(seg.text)}</p>')
            continue
        s = seg.sentence
        if s.opens:
            close()
        n = len(seg.facts)
        detail = f" · {n} facts" if n else f" · {seg.skip}" if seg.skip else ""
        title = f"{s.number} · {seg.status}{detail}"
        para.append(f'<a class="s {seg.status}" id="{key}-s{s.number}" href="#{key}-f{s.number}" '
                    f'title="{escape(title)}">{escape(s.text)}</a>')
    close()
    return '<div class="text">' + "\n".join(out) + "</div>"


def _fact(f: FactRef) -> str:
    why = f' <span class="why">[inferred: {escape(f.inferred)}]</span>' if f.inferred is not None else ""
    cls = ' class="inferred"' if f.inferred is not None else ""
    return (f'<li{cls}><span class="kind">{escape(f.kind)}</span> {escape(f.subject)} → '
            f'{escape(f.predicate)} → {escape(f.obj)}{why} '
            + " ".join(f'<span class="quote">“{escape(q)}”</span>' for q in f.quotes) + "</li>")


def _row(seg: SentenceCoverage, cov: Coverage, key: str) -> str:
    s = seg.sentence
    zh, en = STATUS_TEXT[seg.status]
    head = (f'<div class="head"><a href="#{key}-s{s.number}">[{s.number}]</a> line {s.line} · '
            f'<span class="status">{zh} {en}</span></div>')
    body = f'<div class="sentence">{escape(s.text)}</div>'
    if seg.facts:
        body += "<ul>" + "".join(_fact(f) for f in seg.facts) + "</ul>"
    if seg.skip:
        reason = cov.reasons.get(seg.skip, {})
        text = " / ".join(reason[lang] for lang in ("zh", "en") if lang in reason)
        body += f'<p class="muted">Skipped ({escape(seg.skip)}): {escape(text)}</p>'
    if seg.mentions and not seg.facts:
        names = ", ".join(f.subject for f in seg.mentions)
        body += f'<p class="muted">Mentions only: {escape(names)}</p>'
    return f'<div class="row {seg.status}" id="{key}-f{s.number}">{head}{body}</div>'


def _section(cov: Coverage, i: int) -> str:
    key = f"c{i}"
    rows = "\n".join(_row(s, cov, key) for s in cov.sentences)
    return (f'<section class="source" id="{key}"><h2>{escape(cov.title)}</h2>'
            f'<p class="muted">{escape(cov.source)} · {escape(cov.file)}</p>{_summary(cov, key)}'
            f'{_text(cov, key)}<div class="facts"><h3>Sentences and the facts that quote them</h3>'
            f"{rows}</div></section>")


def render_html(covs: list[Coverage]) -> str:
    """Return the page: one section per source."""
    sections = "\n".join(_section(c, i) for i, c in enumerate(covs, 1))
    return ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta http-equiv=\"Content-Security-Policy\" "
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<title>yrd-kg · 来源覆盖 / source coverage</title>"
            f"<style>{_css()}</style></head><body>"
            "<header><h1>来源覆盖 · Source coverage</h1><p class=\"muted\">Each sentence is coloured by its "
            "status: covered by a fact that quotes it, skipped with a reason, or uncovered. Click a sentence "
            "for its facts.</p></header>"
            f"{sections}</body></html>\n")
