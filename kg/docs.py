"""Write HTML documentation of the ontology and the SHACL shapes, for reading offline.

The ontology pages come from pyLODE (pinned to 3.3.4), one page per language:
pyLODE runs every label of a term together, so it gets a copy of the ontology
that keeps only the literals in one language. The shapes page is our own: each
shape with its name, targets, and each constraint's path, severity and message.
Every page is self-contained (inline CSS, no scripts or styles from the web).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from pathlib import Path

from rdflib import OWL, RDF, SH, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg.files import write_atomic
from kg.names import curie
from kg.ontology import BASE, ONTOLOGY_IRI, ontology_graph
from kg.paths import shapes_dir
from kg.validation.report import SEVERITY
from kg.version import __version__

VANN = Namespace("http://purl.org/vocab/vann/")
LANGUAGES = ("zh", "en")
PAGES = {"zh": "ontology-zh.html", "en": "ontology-en.html", "shapes": "shapes.html", "index": "index.html"}
TARGETS = (
    (SH.targetClass, "class"),
    (SH.targetSubjectsOf, "subjects of"),
    (SH.targetObjectsOf, "objects of"),
    (SH.targetNode, "node"),
)


def language_graph(g: Graph, lang: str) -> Graph:
    """Return a copy of ``g`` keeping language-tagged literals in ``lang`` only.

    The copy also names our namespace (vann:preferredNamespaceUri), so pyLODE
    links our terms within the page instead of out to their IRIs.
    """
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    for s, p, o in g:
        if isinstance(o, Literal) and o.language and o.language != lang:
            continue
        out.add((s, p, o))
    for scheme in list(out.subjects(RDF.type, SKOS.ConceptScheme)):
        # pyLODE would take a concept scheme for the ontology itself; the schemes
        # are listed with the individuals instead (see individuals_section).
        out.remove((scheme, RDF.type, SKOS.ConceptScheme))
    out.bind("vann", VANN)
    out.add((ONTOLOGY_IRI, VANN.preferredNamespaceUri, Literal(BASE)))
    out.add((ONTOLOGY_IRI, VANN.preferredNamespacePrefix, Literal("yrd")))
    return out


def _ontpub():
    """Import pyLODE without letting it reconfigure logging (it sets the root to DEBUG)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//[^;]*;", re.I)


def strip_external_assets(page: str) -> str:
    """Drop scripts, stylesheets and CSS imports fetched from the web; links to read stay."""
    page = _EXTERNAL_SCRIPT.sub("", page)
    page = _EXTERNAL_LINK.sub(lambda m: "" if _is_asset_link(m.group(0)) else m.group(0), page)
    return _CSS_IMPORT.sub("", page)


def _is_asset_link(tag: str) -> bool:
    rel = re.search(r"\brel\s*=\s*[\"']?([^\"'>]+)", tag, re.I)
    return rel is None or any(r in rel.group(1).lower() for r in ("stylesheet", "preload", "icon",
                                                                     "modulepreload", "prefetch"))


def _nav(current: str) -> str:
    items = [("index", "yrd-kg"), ("zh", "本体（中文）"), ("en", "Ontology (English)"),
             ("shapes", "SHACL shapes")]
    links = " · ".join(f"<strong>{html.escape(text)}</strong>" if key == current
                       else f'<a href="{PAGES[key]}">{html.escape(text)}</a>' for key, text in items)
    return (f'<nav style="display:inline-block;font-family:sans-serif;padding:6px 12px;background:#eef;'
            f'border-bottom:1px solid #99c">{links}</nav>')


def ontology_page(lang: str, g: Graph | None = None) -> str:
    """Return the pyLODE page of the ontology in ``lang`` ("zh" or "en")."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; languages are {', '.join(LANGUAGES)}")
    OntPub = _ontpub()
    page = OntPub(language_graph(g if g is not None else ontology_graph(), lang),
                  sort_subjects=True).make_html()
    page = strip_external_assets(page)
    page = re.sub(r"<html\b[^>]*>", f'<html lang="{lang}">', page, count=1)
    individuals = individuals_section(g if g is not None else ontology_graph(), lang)
    page = page.replace('<div id="namespaces"', individuals + '<div id="namespaces"', 1)
    page = re.sub(r'(<li>\s*<h4>\s*<a href="#namespaces">)', lambda m: (
        f'<li><h4><a href="#individuals">{INDIVIDUALS[lang]}</a></h4></li>' + m.group(1)), page, count=1)
    return re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + _nav(lang), page, count=1)


INDIVIDUALS = {"zh": "个体", "en": "Individuals"}
HEADINGS = {"zh": ("标签", "定义", "所属表"), "en": ("Label", "Definition", "Scheme")}


def _in_lang(g: Graph, node, p, lang: str) -> str:
    return " ".join(sorted(str(o) for o in g.objects(node, p) if getattr(o, "language", None) == lang))


def individuals_section(g: Graph, lang: str) -> str:
    """List the ontology's named individuals (roles, units, comparators) and their schemes.

    pyLODE 3.3.4's OntPub profile has no section for individuals, so we add one.
    """
    e = html.escape
    schema_types = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                    OWL.Ontology, OWL.FunctionalProperty, OWL.TransitiveProperty}
    groups: dict = {}
    for s, cls in g.subject_objects(RDF.type):
        if str(s).startswith(BASE) and cls not in schema_types and (s, RDF.type, OWL.Class) not in g:
            if str(cls).startswith(BASE) or cls == SKOS.ConceptScheme:
                groups.setdefault(cls, set()).add(s)
    head = HEADINGS[lang]
    parts = [f'<div class="section" id="individuals"><h2>{INDIVIDUALS[lang]}</h2>']
    for cls in sorted(groups, key=lambda c: (c == SKOS.ConceptScheme, str(c))):
        name = _in_lang(g, cls, RDFS.label, lang) or ("SKOS ConceptScheme" if cls == SKOS.ConceptScheme
                                                         else curie(cls))
        parts.append(f'<h3 id="ind-{e(curie(cls).replace(":", "-"))}">{e(name)} <code>{e(curie(cls))}'
                     f"</code></h3><table><tr><th>IRI</th><th>{head[0]}</th><th>{head[1]}</th>"
                     f"<th>{head[2]}</th></tr>")
        for ind in sorted(groups[cls], key=str):
            scheme = g.value(ind, SKOS.inScheme)
            parts.append(f'<tr id="ind-{e(str(ind)[len(BASE):])}"><td><code>{e(curie(ind))}</code></td>'
                         f"<td>{e(_in_lang(g, ind, RDFS.label, lang))}</td>"
                         f"<td>{e(_in_lang(g, ind, SKOS.definition, lang))}</td>"
                         f"<td>{e(curie(scheme)) if scheme is not None else ''}</td></tr>")
        parts.append("</table>")
    parts.append("</div>")
    return "\n".join(parts)


# -- shapes ----------------------------------------------------------------------
def _path(shapes: Graph, path) -> str:
    """Write a SHACL property path the way SPARQL would."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return curie(path)
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(shapes, inverse)
    if (path, RDF.first, None) in shapes:
        return "/".join(_path(shapes, p) for p in shapes.items(path))
    alt = shapes.value(path, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(_path(shapes, p) for p in shapes.items(alt)) + ")"
    for pred, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = shapes.value(path, pred)
        if inner is not None:
            return _path(shapes, inner) + mark
    return "(path)"


def _severity(shapes: Graph, node, default: str) -> str:
    sev = shapes.value(node, SH.severity)
    return SEVERITY.get(sev, default) if sev is not None else default


def _constraints(shapes: Graph, shape) -> list[dict]:
    """List what a node shape checks: its property shapes and SPARQL constraints."""
    own = _severity(shapes, shape, "Violation")
    rows = []
    for prop in sorted(shapes.objects(shape, SH.property), key=lambda p: (_path(shapes, shapes.value(
            p, SH.path)), str(shapes.value(p, SH.message) or ""), str(p) if isinstance(p, URIRef) else "")):
        rows.append(_row(shapes, prop, _severity(shapes, prop, own)))
    for sparql in sorted(shapes.objects(shape, SH.sparql), key=lambda s: str(shapes.value(s, SH.message))):
        rows.append({"kind": "SPARQL", "name": "", "path": "", "severity": _severity(shapes, sparql, own),
                     "messages": _messages(shapes, sparql)})
    return rows


def _row(shapes: Graph, prop, severity: str) -> dict:
    return {"kind": "property", "name": str(shapes.value(prop, SH.name) or ""),
            "path": _path(shapes, shapes.value(prop, SH.path)), "severity": severity,
            "messages": _messages(shapes, prop)}


def _messages(shapes: Graph, node) -> list[str]:
    msgs = shapes.objects(node, SH.message)
    return [str(m) for m in sorted(msgs, key=lambda m: (getattr(m, "language", None) or "", str(m)))]


def shape_rows(shapes: Graph) -> list[dict]:
    """Describe every node shape: IRI, name, targets, severity and constraints, sorted by IRI."""
    out = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if isinstance(shape, BNode):
            continue
        targets = [f"{label} {curie(t)}" for pred, label in TARGETS
                   for t in sorted(shapes.objects(shape, pred), key=str)]
        out.append({"iri": str(shape), "short": curie(shape),
                    "name": str(shapes.value(shape, SH.name) or ""),
                    "targets": targets, "severity": _severity(shapes, shape, "Violation"),
                    "comment": " ".join(str(c) for c in shapes.objects(shape, RDFS.comment)),
                    "constraints": _constraints(shapes, shape)})
    return out


def shapes_page(files: list[Path] | None = None) -> str:
    """Return the HTML page that lists the shapes of each file under ontology/shapes."""
    e = html.escape
    files = sorted(files if files is not None else shapes_dir().glob("*.ttl"))
    body = []
    total = 0
    for path in files:
        g = Graph()
        g.parse(path, format="turtle")
        rows = shape_rows(g)
        total += len(rows)
        body.append(f'<h2 id="{e(path.stem)}">{e(path.name)} <small>({len(rows)} shapes)</small></h2>')
        for r in rows:
            anchor = r["short"].replace(":", "-")
            body.append(f'<section class="shape sev-{e(r["severity"].lower())}" id="{e(anchor)}">')
            body.append(f'<h3>{e(r["name"] or r["short"])} <code>{e(r["short"])}</code> '
                        f'<span class="sev">{e(r["severity"])}</span></h3>')
            body.append("<p><b>Targets:</b> " + (", ".join(f"<code>{e(t)}</code>" for t in r["targets"])
                                                  or "<i>(used by other shapes)</i>") + "</p>")
            if r["comment"]:
                body.append(f"<p>{e(r['comment'])}</p>")
            body.append("<table><thead><tr><th>Constraint</th><th>Path</th><th>Severity</th>"
                        "<th>Message</th></tr></thead><tbody>")
            for c in r["constraints"]:
                name = f"{c['kind']}" + (f": {c['name']}" if c["name"] else "")
                msgs = "<br>".join(e(m) for m in c["messages"]) or "<i>(no message)</i>"
                body.append(f"<tr><td>{e(name)}</td><td><code>{e(c['path'])}</code></td>"
                            f'<td class="sev-{e(c["severity"].lower())}">{e(c["severity"])}</td>'
                            f"<td>{msgs}</td></tr>")
            body.append("</tbody></table></section>")
    toc = " · ".join(f'<a href="#{e(p.stem)}">{e(p.name)}</a>' for p in files)
    return _page("SHACL shapes of yrd-kg", "shapes", "en", [
        "<h1>SHACL shapes of yrd-kg <small>长三角合作知识图谱的 SHACL 约束</small></h1>",
        f"<p>{total} shapes in {len(files)} files under <code>ontology/shapes/</code>. A Violation "
        "fails the build; a Warning or Info is advice to curators. Files: " + toc + "</p>",
        *body])


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


def _page(title: str, current: str, lang: str, parts: list[str]) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>{_nav(current)}<main>" + "\n".join(parts) + "</main></body></html>\n")


def index_page(g: Graph | None = None) -> str:
    """Return the landing page that links the two ontology pages and the shapes page."""
    g = g if g is not None else ontology_graph()
    e = html.escape

    def lit(p, lang):
        return next((str(o) for o in g.objects(ONTOLOGY_IRI, p) if getattr(o, "language", None) == lang), "")

    version = str(g.value(ONTOLOGY_IRI, OWL.versionInfo) or "")
    return _page("yrd-kg documentation", "index", "en", [
        f"<h1>{e(lit(DCTERMS.title, 'en'))} <small>{e(lit(DCTERMS.title, 'zh'))}</small></h1>",
        f"<p>{e(lit(DCTERMS.description, 'en'))}</p><p lang=\"zh\">{e(lit(DCTERMS.description, 'zh'))}</p>",
        f"<p>Ontology version {e(version)}; yrd-kg {e(__version__)}.</p>",
        "<ul>",
        f'<li><a href="{PAGES["zh"]}">本体文档（中文）</a>: classes, properties and individuals, '
        "labels and definitions in Chinese</li>",
        f'<li><a href="{PAGES["en"]}">Ontology documentation (English)</a></li>',
        f'<li><a href="{PAGES["shapes"]}">SHACL shapes</a>: what the validation checks, and its '
        "messages</li>",
        "</ul>"])


def write_docs(out: Path, say: Callable[[str], None] = lambda _m: None) -> list[Path]:
    """Write the index, the zh and en ontology pages and the shapes page to ``out``."""
    out = Path(out)
    pages = []
    for lang in LANGUAGES:
        say(f"  ontology page ({lang}) with pyLODE ...")
        pages.append((out / PAGES[lang], ontology_page(lang)))
    say("  shapes page ...")
    pages.append((out / PAGES["shapes"], shapes_page()))
    pages.append((out / PAGES["index"], index_page()))
    for path, text in pages:
        write_atomic(path, text.encode("utf-8"))
    return [p for p, _ in pages]
