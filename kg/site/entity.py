"""Write one entity's page in one language: its names, facts grouped by kind, quotes, neighbours, explorer.

The page reads what :func:`kg.render.facts.gather` collected for the explorer,
so the site and the explorer say the same about every entity: properties and
figures, provisions, relations in and out (grouped by their label, each linking
to the neighbour's page), the passages that mention it, and each fact's quotes
with their source and the section they lie in (``source › section``). A fact the
curator inferred says so, with the reason.
"""

from __future__ import annotations

from collections import defaultdict

from kg.ontology import ID
from kg.render.facts import Facts
from kg.site.layout import WORDS, entity_path, esc, explore_path, link, page

ARROW = {"out": "→", "in": "←"}


def relations_by_entity(facts: Facts) -> dict[str, list[tuple]]:
    """Index the collapsed relations by entity: (direction, neighbour, [zh, en], quotes, reason)."""
    out = defaultdict(list)
    for s, o, _key, lab, _fam, q, inf in facts.relations:
        out[s].append(("out", o, lab, q, inf))
        out[o].append(("in", s, lab, q, inf))
    return out


def _pick(pair, lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def quotes_html(facts: Facts, indexes, lang: str) -> str:
    """The quotes behind a fact, each with its source › section."""
    parts = []
    for i in indexes:
        q = facts.quotes[i]
        parts.append(f'<blockquote lang="zh">{esc(q["t"])}<footer lang="{lang}">'
                     f'{esc(_pick(q["s"], lang))}</footer></blockquote>')
    return "".join(parts)


def _inferred(inf, lang: str) -> str:
    if not inf:
        return ""
    return f'<p class="inf">{esc(WORDS[lang]["inferred"])}: {esc(_pick(inf, lang))}</p>'


def _values(values: dict, lang: str) -> str:
    """Literal values in the page's language first, then untagged, then the other language."""
    order = [lang, "", *(k for k in sorted(values) if k not in (lang, ""))]
    shown = [v for k in order for v in values.get(k, [])]
    return "; ".join(esc(v) for v in shown)


def _properties(facts: Facts, info: dict, lang: str) -> str:
    items = []
    for p in info["props"]:
        items.append(f'<li><span class="kind">{esc(_pick(p["k"], lang))}</span>: {_values(p["v"], lang)}'
                     f'{_inferred(p.get("inf"), lang)}{quotes_html(facts, p["q"], lang)}</li>')
    return "".join(items)


def _relations(facts: Facts, here: str, rels: list[tuple], lang: str) -> str:
    """Relations grouped by direction and label, each neighbour linked to its own page."""
    groups = defaultdict(list)
    for direction, other, lab, q, inf in rels:
        groups[(direction, _pick(lab, lang))].append((other, q, inf))
    parts = []
    for (direction, label) in sorted(groups, key=lambda k: (k[0] != "out", k[1])):
        parts.append(f'<h3>{ARROW[direction]} {esc(label)}</h3><ul class="facts">')
        for other, q, inf in sorted(groups[(direction, label)], key=lambda t: (t[0], t[1])):
            name = _pick(facts.names.get(other, [other, other]), lang)
            kind = _pick(facts.info[other]["t"], lang) if other in facts.info else ""
            parts.append(f'<li><a href="{esc(link(here, entity_path(lang, other)))}">{esc(name)}</a> '
                         f'<span class="kind">{esc(kind)}</span>{_inferred(inf, lang)}'
                         f"{quotes_html(facts, q, lang)}</li>")
        parts.append("</ul>")
    return "".join(parts)


def entity_page(facts: Facts, sid: str, lang: str, rels: list[tuple]) -> bytes:
    """Return the page of entity ``sid`` (``org/jiuli``) in ``lang`` as UTF-8 bytes."""
    w = WORDS[lang]
    info = facts.info[sid]
    here = entity_path(lang, sid)
    name, other_name = (info["zh"], info["en"]) if lang == "zh" else (info["en"], info["zh"])
    iri = f"{ID}{sid}"
    body = [f'<h1>{esc(name)} <small lang="{"en" if lang == "zh" else "zh"}">{esc(other_name)}</small></h1>',
            f'<p class="meta">{esc(w["type"])}: {esc(_pick(info["t"], lang))} · {esc(w["id"])}: '
            f'<code>{esc(sid)}</code> · <a href="{esc(iri)}">{esc(iri)}</a></p>']
    if info["props"]:
        body.append(f'<h2>{esc(w["props"])}</h2><ul class="facts">{_properties(facts, info, lang)}</ul>')
    if info["pv"]:
        items = "".join(f'<li>{esc(_pick(p["l"], lang))}{_inferred(p.get("inf"), lang)}'
                        f'{quotes_html(facts, p["q"], lang)}</li>' for p in info["pv"])
        body.append(f'<h2>{esc(w["provisions"])}</h2><ul class="facts">{items}</ul>')
    if rels:
        body.append(f'<h2>{esc(w["neighbours"])}</h2>{_relations(facts, here, rels, lang)}')
    if info["m"]:
        body.append(f'<h2>{esc(w["mentions"])}</h2>{quotes_html(facts, info["m"], lang)}')
    frame = link(here, explore_path(sid))
    body.append(f'<h2>{esc(w["explore"])}</h2><p><a href="{esc(frame)}">{esc(w["open"])}</a></p>'
                f'<iframe class="frame" src="{esc(frame)}" loading="lazy" title="{esc(w["explore"])}">'
                "</iframe>")
    return page(here, lang, name, "".join(body), other=entity_path("en" if lang == "zh" else "zh", sid))
