"""Write the whole site into one folder: pages in Chinese and English, explorers, search, catalogue, docs.

::

    index.html                 the landing page: what the graph is, where to start, downloads
    zh/index.html  en/...      every entity by type
    zh/org/jiuli.html  en/...  one page per entity and language
    zh/search.html  en/...     search over a JSON index, in the browser
    zh/catalogue.html  en/...  each catalogue query with its results
    explorer.html              the explorer of the whole graph
    explore/org/jiuli.html     the explorer focused on one entity (kg.render's focus view)
    docs/                      the ontology and shapes documentation (kg.docs)
    downloads/                 the graph as the release files of this version (kg.release):
                               yrd-kg-VERSION.ttl, .nt, .jsonld and yrd-kg-VERSION.sha256
    assets/                    one style sheet, the search script, vis-network (shared by the explorers)

Links are relative and no page loads anything from the web, so the folder works
from disk and from any web server. The folder is written beside its place and
moved there whole (:func:`kg.files.atomic_dir`); the same graph gives the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from kg.dataset import RELEASE_FORMATS
from kg.docs.write import write_docs
from kg.errors import InputError
from kg.export import serialize
from kg.files import atomic_dir
from kg.release import release_name, sha256sums
from kg.render.facts import Facts, gather
from kg.render.page import explorer_page, vis_js
from kg.render.views import resolve
from kg.site.catalogue import answers, catalogue_page
from kg.site.entity import entity_page, relations_by_entity
from kg.site.layout import (
    CSS,
    CSS_FILE,
    DOCS,
    DOWNLOADS,
    EXPLORER,
    LANGS,
    SEARCH_JS,
    VIS_FILE,
    WORDS,
    entity_path,
    esc,
    explore_path,
    link,
    page,
    page_path,
)
from kg.site.search import SCRIPT, search_index, search_page
from kg.version import __version__


def downloads(g: Graph, version: str = __version__) -> dict[str, bytes]:
    """The graph's files under the names ``yrdkg release`` gives them, and their checksum file.

    The graph files are the same bytes as the release of ``version`` (both are the exports of a
    graph carrying its description), so the names the description's ``dcat:downloadURL`` gives
    and ``sha256sum -c`` in ``downloads/`` both hold.
    """
    files = {release_name(version, fmt): serialize(g, fmt) for fmt in RELEASE_FORMATS}
    return files | {f"{release_name(version)}.sha256": sha256sums(files)}


def shared_vis(page_html: str, here: str) -> str:
    """Load vis-network from the site's one copy instead of inlining it in every explorer.

    Both the inline script and the page's script policy must be found as expected;
    otherwise the page stays as it is (self-contained, only larger).
    """
    inline = f"<script>{vis_js()}</script>"
    policy = re.compile(r"script-src 'unsafe-inline'")
    if page_html.count(inline) != 1 or len(policy.findall(page_html)) != 1:
        return page_html
    page_html = page_html.replace(inline, f'<script src="{esc(link(here, VIS_FILE))}"></script>')
    return policy.sub("script-src 'self' 'unsafe-inline'", page_html)


def _by_type(facts: Facts, lang: str) -> dict[str, list[str]]:
    groups = defaultdict(list)
    for sid, info in facts.info.items():
        groups[info["t"][0 if lang == "zh" else 1]].append(sid)
    return groups


def entities_page(facts: Facts, lang: str, written: set[str]) -> bytes:
    """Every entity by type, linked to its page where written."""
    w = WORDS[lang]
    here = page_path(lang, "index")
    i = 0 if lang == "zh" else 1
    groups = _by_type(facts, lang)
    toc = " · ".join(f'<a href="#t{n}">{esc(t)}</a> ({len(groups[t])})' for n, t in enumerate(sorted(groups)))
    body = [f'<h1>{esc(w["entities"])} <small>{len(facts.info)}</small></h1><p>{toc}</p>']
    for n, t in enumerate(sorted(groups)):
        items = []
        for sid in sorted(groups[t], key=lambda s: (facts.names[s][i], s)):
            name = esc(facts.names[sid][i])
            items.append(f'<li><a href="{esc(link(here, entity_path(lang, sid)))}">{name}</a></li>'
                         if sid in written else f"<li>{name}</li>")
        body.append(f'<h2 id="t{n}">{esc(t)}</h2><ul class="cols">{"".join(items)}</ul>')
    other = page_path(LANGS[1 - LANGS.index(lang)], "index")
    return page(here, lang, w["entities"], "".join(body), other=other)


def home_page(facts: Facts, names: Iterable[str]) -> bytes:
    """The landing page, in both languages: counts, where to start, the downloads (file ``names``)."""
    kinds = Counter(f"{p[0]}" for _s, _o, _k, p, _f, _q, _i in facts.relations)
    parts = []
    for lang in LANGS:
        w = WORDS[lang]
        links = [(page_path(lang, "index"), w["entities"]), (page_path(lang, "search"), w["search"]),
                 (page_path(lang, "catalogue"), w["catalogue"]), (EXPLORER, w["explorer"]), (DOCS, w["docs"])]
        items = "".join(f'<li><a href="{esc(t)}">{esc(text)}</a></li>' for t, text in links)
        parts.append(f'<section lang="{lang}"><h2>{esc(w["site"])}</h2><ul>{items}</ul></section>')
    downloads = "".join(f'<li><a href="{DOWNLOADS}/{name}">{name}</a></li>' for name in names)
    body = (f'<h1>{esc(WORDS["zh"]["site"])} <small lang="en">{esc(WORDS["en"]["site"])}</small></h1>'
            f"<p>{len(facts.info)} entities · {len(facts.relations)} relations of {len(kinds)} kinds · "
            f"{len(facts.quotes)} quotes</p>" + "".join(parts) +
            f'<h2 id="downloads">{esc(WORDS["zh"]["downloads"])} / {esc(WORDS["en"]["downloads"])}</h2>'
            f"<ul>{downloads}</ul>")
    return page("index.html", "zh", WORDS["en"]["home"], body, other=page_path("en", "index"))


def write_site(g: Graph, out: Path, say: Callable[[str], None] = lambda _m: None,
               only: Iterable[str] | None = None) -> dict[str, int]:
    """Write the site of ``g`` to the folder ``out`` (replaced whole); return counts of what was written.

    ``only`` limits the entity pages and focused explorers to these entities (ids such as
    ``org/jiuli`` or exact labels; a preview, or a test); the lists still name every entity
    and link those written. An unknown entity is an InputError.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / CSS_FILE).is_file())):
        raise InputError("is neither a new or empty folder nor a site yrdkg site wrote; the site replaces "
                         "its folder whole, so give a folder of its own (e.g. out/site)", out)
    say("  gathering the facts ...")
    facts = gather(g)
    rels = relations_by_entity(facts)
    ids = sorted(facts.info if only is None else {resolve(facts, name) for name in only})
    got = downloads(g)
    files: dict[str, bytes] = {CSS_FILE: CSS.encode(), SEARCH_JS: SCRIPT.encode(),
                               VIS_FILE: vis_js().encode(), "index.html": home_page(facts, got)}
    say("  running the catalogue ...")
    done = answers(g)
    index = search_index(facts)
    for lang in LANGS:
        files[page_path(lang, "index")] = entities_page(facts, lang, set(ids))
        files[page_path(lang, "search")] = search_page(index, lang)
        files[page_path(lang, "catalogue")] = catalogue_page(done, facts, lang)
    say("  the downloads ...")
    files |= {f"{DOWNLOADS}/{name}": data for name, data in got.items()}
    files[EXPLORER] = shared_vis(explorer_page(g, facts=facts)[1], EXPLORER).encode()
    for n, sid in enumerate(ids, 1):
        if n == 1 or n % 25 == 0 or n == len(ids):
            say(f"  entity {n} of {len(ids)}: {sid}")
        for lang in LANGS:
            files[entity_path(lang, sid)] = entity_page(facts, sid, lang, rels.get(sid, []))
        here = explore_path(sid)
        files[here] = shared_vis(explorer_page(g, focus=sid, facts=facts)[1], here).encode()
    with atomic_dir(out) as tmp:
        for name, data in sorted(files.items()):
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        say("  the ontology documentation ...")
        write_docs(tmp / "docs", say=say, links=site_links())
    return {"entities": len(ids), "pages": len(files), "queries": len(done)}


def site_links() -> dict[str, str]:
    """What the docs' index links in the site, relative to docs/."""
    return {"explorer": f"../{EXPLORER}", "catalogue": f"../{page_path('en', 'catalogue')}",
            "catalogue-zh": f"../{page_path('zh', 'catalogue')}", "downloads": "../index.html#downloads",
            "entities": f"../{page_path('en', 'index')}", "search": f"../{page_path('en', 'search')}"}
