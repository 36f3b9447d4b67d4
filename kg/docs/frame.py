"""Frame the documentation pages: their file names, navigation bar, style and links to terms."""

from __future__ import annotations

import html

from rdflib import URIRef

from kg.ontology import BASE

NO_ICON = '<link rel="icon" href="data:,">'  # a browser asks a web server for /favicon.ico otherwise
LANGUAGES = ("zh", "en")
PAGES = {"zh": "ontology-zh.html", "en": "ontology-en.html", "shapes": "shapes.html", "index": "index.html"}
DIAGRAMS = {"zh": "data-model-zh.svg", "en": "data-model-en.svg"}  # kg.docs.diagram, one per language


def nav(current: str) -> str:
    """The bar at the top of each page: the index, the two ontology pages, the shapes."""
    items = [("index", "yrd-kg"), ("zh", "本体（中文）"), ("en", "Ontology (English)"),
             ("shapes", "SHACL shapes")]
    links = " · ".join(f"<strong>{html.escape(text)}</strong>" if key == current
                       else f'<a href="{PAGES[key]}">{html.escape(text)}</a>' for key, text in items)
    return (f'<nav style="display:inline-block;font-family:sans-serif;padding:6px 12px;background:#eef;'
            f'border-bottom:1px solid #99c">{links}</nav>')


def term_link(text: str, term) -> str:
    """Link ``text`` (HTML) to the term's entry in the English ontology page, if the term is ours."""
    if isinstance(term, URIRef) and str(term).startswith(BASE):
        return f'<a href="{PAGES["en"]}#{html.escape(str(term)[len(BASE):])}">{text}</a>'
    return text


CSS = """
body{font-family:sans-serif;margin:0;color:#222;line-height:1.4}
main{max-width:1100px;margin:0 auto;padding:0 16px 40px}
h1 small,h2 small{color:#666;font-weight:normal;font-size:60%}
section.shape{border-left:4px solid #c33;padding:2px 12px;margin:14px 0;background:#fafafa}
section.sev-warning{border-color:#d90} section.sev-info{border-color:#39c}
h3{margin:8px 0 4px} h3 code{font-size:75%;color:#555;font-weight:normal}
span.sev{font-size:70%;border-radius:3px;padding:1px 6px;background:#eee;font-weight:normal}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:90%}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef} td.sev-violation{color:#b00} td.sev-warning{color:#a60} td.sev-info{color:#06c}
code{font-family:monospace}
"""


def page(title: str, current: str, lang: str, parts: list[str]) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{NO_ICON}'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>{nav(current)}<main>" + "\n".join(parts) + "</main></body></html>\n")


