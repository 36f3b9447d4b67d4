"""Write the documentation folder: the ontology pages, the shapes page, the diagram and an index."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from rdflib import OWL, Graph
from rdflib.namespace import DCTERMS

from kg.docs.diagram import data_model_svg
from kg.docs.frame import DIAGRAMS, LANGUAGES, PAGES, page
from kg.docs.ontology import ontology_page
from kg.docs.shapes import shapes_page
from kg.files import write_atomic
from kg.ontology import ONTOLOGY_IRI, ontology_graph
from kg.version import __version__

SITE_LINKS = (("explorer", "Explorer", "the interactive graph: click a node for its facts and quotes"),
              ("entities", "Entities", "one page per entity, in Chinese and English"),
              ("search", "Search", "find an entity by name"),
              ("catalogue", "Query catalogue", "each SPARQL query of the catalogue with its results"),
              ("downloads", "Downloads", "the whole graph in Turtle, N-Triples and JSON-LD"))


def index_page(g: Graph | None = None, links: dict[str, str] | None = None) -> str:
    """Return the landing page that links the two ontology pages and the shapes page.

    ``links`` maps keys of :data:`SITE_LINKS` to where those pages are (``yrdkg site``
    writes the docs beside them); without it the page links the documentation only.
    """
    g = g if g is not None else ontology_graph()
    e = html.escape

    def lit(p, lang):
        return next((str(o) for o in g.objects(ONTOLOGY_IRI, p) if getattr(o, "language", None) == lang), "")

    version = str(g.value(ONTOLOGY_IRI, OWL.versionInfo) or "")
    return page("yrd-kg documentation", "index", "en", [
        f"<h1>{e(lit(DCTERMS.title, 'en'))} <small>{e(lit(DCTERMS.title, 'zh'))}</small></h1>",
        f"<p>{e(lit(DCTERMS.description, 'en'))}</p><p lang=\"zh\">{e(lit(DCTERMS.description, 'zh'))}</p>",
        f"<p>Ontology version {e(version)}; yrd-kg {e(__version__)}.</p>",
        "<ul>",
        f'<li><a href="{PAGES["zh"]}">本体文档（中文）</a>: classes, properties and individuals, '
        "labels and definitions in Chinese</li>",
        f'<li><a href="{PAGES["en"]}">Ontology documentation (English)</a></li>',
        f'<li><a href="{PAGES["shapes"]}">SHACL shapes</a>: what the validation checks, and its '
        "messages</li>",
        "</ul>",
        *_site_links(links or {}),
        f'<h2 id="data-model">The data model <small>数据模型</small></h2><p>The top classes with their '
        "sub-classes, and the object properties between them (↻: within one box), drawn from the "
        f'ontology: <a href="{DIAGRAMS["en"]}">English</a> · <a href="{DIAGRAMS["zh"]}">中文</a></p>'
        f'<div style="overflow-x:auto"><img src="{DIAGRAMS["en"]}" alt="The data model of yrd-kg: '
        'classes and the object properties between them"></div>'])


def _site_links(links: dict[str, str]) -> list[str]:
    items = [f'<li><a href="{html.escape(links[key])}">{html.escape(text)}</a>: {html.escape(what)}</li>'
             for key, text, what in SITE_LINKS if key in links]
    return ["<h2>The graph</h2><ul>", *items, "</ul>"] if items else []


def write_docs(out: Path, say: Callable[[str], None] = lambda _m: None,
               links: dict[str, str] | None = None) -> list[Path]:
    """Write the zh and en ontology pages, the data-model diagrams, the shapes page and the index to ``out``.

    ``links``: where the site's other pages are, for the index (see :func:`index_page`).
    """
    out = Path(out)
    pages = []
    for lang in LANGUAGES:
        say(f"  ontology page ({lang}) with pyLODE ...")
        pages.append((out / PAGES[lang], ontology_page(lang)))
    for lang in LANGUAGES:
        pages.append((out / DIAGRAMS[lang], data_model_svg(ontology_graph(), lang)))
    say("  shapes page ...")
    pages.append((out / PAGES["shapes"], shapes_page()))
    pages.append((out / PAGES["index"], index_page(links=links)))
    for path, text in pages:
        write_atomic(path, text.encode("utf-8"))
    return [p for p, _ in pages]
