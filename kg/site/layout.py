"""Frame the site's pages: where each page lives, links between them, the page shell and its words.

Every page is a file of the folder ``yrdkg site`` writes; links are relative
(``../en/org/jiuli.html``), so the site works from disk and from any web
server, at any path. Every string from the data goes through :func:`esc`.

>>> entity_path("zh", "org/jiuli")
'zh/org/jiuli.html'
>>> link("zh/org/jiuli.html", "en/search.html")
'../../en/search.html'
"""

from __future__ import annotations

import html
import posixpath

LANGS = ("zh", "en")
ASSETS = "assets"
CSS_FILE = f"{ASSETS}/site.css"
SEARCH_JS = f"{ASSETS}/search.js"
VIS_FILE = f"{ASSETS}/vis-network.min.js"
EXPLORER = "explorer.html"
DOCS = "docs/index.html"
DOWNLOADS = "downloads"
# Only our own files: scripts, styles and frames from the site's folder, images inline.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-src 'self'; form-action 'self'")

WORDS = {
    "zh": {"site": "长三角合作知识图谱", "home": "首页", "entities": "实体", "search": "搜索",
           "catalogue": "查询目录", "explorer": "关系图", "docs": "本体文档", "other": "English",
           "props": "属性", "provisions": "条款", "mentions": "提及", "quote": "引文",
           "explore": "关系图（以此为中心）", "open": "全屏打开", "inferred": "编者推断",
           "id": "标识", "type": "类型", "alt": "别名", "search-hint": "名称、别名或标识",
           "results": "个结果", "no-results": "没有结果", "downloads": "下载",
           "rows": "行", "no-rows": "无结果", "params": "参数", "needs": "需要参数",
           "violation": "检查（应无结果）", "neighbours": "关系", "of": "的"},
    "en": {"site": "Yangtze River Delta cooperation graph", "home": "Home", "entities": "Entities",
           "search": "Search", "catalogue": "Query catalogue", "explorer": "Explorer",
           "docs": "Ontology docs", "other": "中文", "props": "Properties", "provisions": "Provisions",
           "mentions": "Mentioned in", "quote": "quote", "explore": "Explorer, focused on it",
           "open": "open full page", "inferred": "curator's inference", "id": "Id", "type": "Type",
           "alt": "Also known as", "search-hint": "name, alias or id", "results": "results",
           "no-results": "no results", "downloads": "Downloads", "rows": "rows", "no-rows": "no rows",
           "params": "parameters", "needs": "needs a value for", "violation": "checks (must return no rows)",
           "neighbours": "Relations", "of": "of"},
}


def esc(text) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(text), quote=True)


def entity_path(lang: str, sid: str) -> str:
    """The page of entity ``sid`` (``org/jiuli``) in ``lang``, from the site's root."""
    return f"{lang}/{sid}.html"


def explore_path(sid: str) -> str:
    """The explorer focused on entity ``sid``, from the site's root."""
    return f"explore/{sid}.html"


def page_path(lang: str, name: str) -> str:
    """A page of the site's own in ``lang``: index, search or catalogue."""
    return f"{lang}/{name}.html"


def link(here: str, target: str) -> str:
    """The relative link from the page ``here`` to ``target`` (both from the site's root)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def nav(here: str, lang: str, other: str) -> str:
    """The bar at the top of every page: the site's pages and the same page in the other language."""
    w = WORDS[lang]
    items = [(page_path(lang, "index"), w["entities"]), (page_path(lang, "search"), w["search"]),
             (page_path(lang, "catalogue"), w["catalogue"]), (EXPLORER, w["explorer"]), (DOCS, w["docs"])]
    links = "".join(f'<a href="{esc(link(here, t))}"{" aria-current=page" if t == here else ""}>'
                    f"{esc(text)}</a>" for t, text in items)
    form = (f'<form class="find" action="{esc(link(here, page_path(lang, "search")))}" method="get" '
            f'role="search"><input name="q" type="search" placeholder="{esc(w["search-hint"])}" '
            f'aria-label="{esc(w["search"])}"></form>')
    other_lang = LANGS[1 - LANGS.index(lang)]
    return (f'<header class="bar"><a class="brand" href="{esc(link(here, "index.html"))}">'
            f'{esc(w["site"])}</a><nav>{links}</nav>{form}'
            f'<a class="lang" hreflang="{other_lang}" href="{esc(link(here, other))}">{esc(w["other"])}</a>'
            "</header>")


def page(here: str, lang: str, title: str, body: str, other: str | None = None,
         scripts: tuple[str, ...] = ()) -> bytes:
    """Return a whole page: ``body`` (already escaped HTML) in the site's frame, as UTF-8 bytes."""
    head = (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<link rel="icon" href="data:,">'
            f'<title>{esc(title)} · {esc(WORDS[lang]["site"])}</title>'
            f'<link rel="stylesheet" href="{esc(link(here, CSS_FILE))}"></head>\n<body>')
    tail = "".join(f'<script src="{esc(link(here, s))}"></script>' for s in scripts)
    return (head + nav(here, lang, other or here) + f"<main>{body}</main>{tail}</body></html>\n").encode()


CSS = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
 color:#222;line-height:1.5;background:#fff}
a{color:#1f5f9f}
header.bar{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;padding:8px 16px;
 background:#eef2f7;border-bottom:1px solid #c9d3e0}
header.bar .brand{font-weight:600;color:#123;text-decoration:none}
header.bar nav{display:flex;flex-wrap:wrap;gap:4px 12px}
header.bar nav a[aria-current]{font-weight:600;color:#123;text-decoration:none}
header.bar .find{margin-left:auto}
header.bar input{padding:4px 8px;border:1px solid #aab;border-radius:4px;width:14em;max-width:100%}
main{max-width:1000px;margin:0 auto;padding:8px 16px 48px}
h1{margin:16px 0 4px;font-size:1.6em} h1 small{color:#666;font-weight:normal;font-size:55%}
h2{margin:26px 0 8px;font-size:1.2em;border-bottom:1px solid #dde}
h3{margin:16px 0 6px;font-size:1em}
.meta{color:#555;margin:0 0 8px} .meta code{font-size:90%}
.facts{list-style:none;padding:0;margin:0}
.facts>li{margin:6px 0 12px;padding-left:10px;border-left:3px solid #c9d3e0}
.facts .kind{color:#666;font-size:90%}
blockquote{margin:4px 0 4px 0;padding:4px 10px;background:#f7f7f4;border-left:3px solid #d8cfa8;
 font-size:95%}
blockquote footer{color:#666;font-size:85%;margin-top:2px}
.inf{color:#8a5a00;font-size:90%}
.frame{width:100%;height:520px;border:1px solid #c9d3e0;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:90%;margin:6px 0}
th,td{border:1px solid #d5d9e0;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef2f7}
.scroll,pre{overflow-x:auto}
ul.cols{columns:2 18em;padding-left:1.2em}
.muted{color:#666}
#results li{margin:4px 0}
@media (max-width:600px){header.bar .find{margin-left:0;width:100%} header.bar input{width:100%}
 .frame{height:420px} h1{font-size:1.35em}}
#q{width:100%;max-width:32em;padding:6px 10px;font-size:1.1em;border:1px solid #aab;border-radius:4px}
"""
