"""Make the ontology's pages with pyLODE (pinned to 3.3.4), one per language.

pyLODE runs every label of a term together, so it gets a copy of the ontology
that keeps only the literals in one language; its contents list classes and
properties by IRI, which :func:`toc_by_hierarchy` turns into the terms' tree.
"""

from __future__ import annotations

import html
import logging
import re

from rdflib import OWL, RDF, Graph, Literal, Namespace
from rdflib.namespace import RDFS, SKOS

from kg.docs.frame import LANGUAGES, nav
from kg.hierarchy import flatten, term_label, term_tree
from kg.names import curie
from kg.ontology import BASE, ONTOLOGY_IRI, ontology_graph

VANN = Namespace("http://purl.org/vocab/vann/")


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


def ontology_page(lang: str, g: Graph | None = None) -> str:
    """Return the pyLODE page of the ontology in ``lang`` ("zh" or "en")."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; languages are {', '.join(LANGUAGES)}")
    OntPub = _ontpub()
    page = OntPub(language_graph(g if g is not None else ontology_graph(), lang),
                  sort_subjects=True).make_html()
    page = strip_external_assets(page)
    page = re.sub(r"<html\b[^>]*>", f'<html lang="{lang}">', page, count=1)
    page = toc_by_hierarchy(page, g if g is not None else ontology_graph(), lang)
    page = page.replace("</head>", f"<style>{TOC_CSS}</style></head>", 1)
    individuals = individuals_section(g if g is not None else ontology_graph(), lang)
    page = page.replace('<div id="namespaces"', individuals + '<div id="namespaces"', 1)
    page = re.sub(r'(<li>\s*<h4>\s*<a href="#namespaces">)', lambda m: (
        f'<li><h4><a href="#individuals">{INDIVIDUALS[lang]}</a></h4></li>' + m.group(1)), page, count=1)
    return re.sub(r"(<body\b[^>]*>)", lambda m: m.group(1) + nav(lang), page, count=1)


TOC_CSS = "#toc ul.second ul{margin:0;padding-left:1.1em;list-style:none}"  # the tree's levels, indented
TOC_SECTIONS = {"classes": OWL.Class, "objectproperties": OWL.ObjectProperty,
                "datatypeproperties": OWL.DatatypeProperty, "annotationproperties": OWL.AnnotationProperty}


def toc_by_hierarchy(page: str, g: Graph, lang: str) -> str:
    """Rewrite the contents' flat lists of classes and properties as trees (:mod:`kg.hierarchy`).

    pyLODE lists terms by IRI, which in the Chinese page is an order of English
    names; the tree puts each term under its super-term, siblings by their label.
    Anchors become the terms' local names (``#ActionPlan`` in both languages; pyLODE
    makes them from the label, and leaves some empty), so other pages can link a term.
    """
    page = canonical_anchors(page)
    by_label: dict = {}
    for kind in TOC_SECTIONS.values():
        for term, _depth in flatten(term_tree(g, kind, lang)):
            by_label.setdefault(term_label(g, term, lang), []).append(term)
    page = re.sub(r'<a href="#">([^<]+)</a>', lambda m: (
        f'<a href="#{by_label[m.group(1)][0][len(BASE):]}">{m.group(1)}</a>'
        if len(by_label.get(m.group(1), [])) == 1 else m.group(0)), page)
    for section, kind in TOC_SECTIONS.items():
        tree = term_tree(g, kind, lang)
        if tree:
            page = re.sub(rf'(<a href="#{section}">[^<]*</a>\s*</h4>\s*)<ul class="second">(.*?)</ul>',
                          lambda m, tree=tree: m.group(1) + _toc_list(g, tree, lang, m.group(2)), page,
                          flags=re.S)
    return page


_ENTITY = re.compile(r'<div class="property entity" id="([^"]*)">(?=(?:(?!<div class="property).)*?<code>'
                     + re.escape(BASE) + r"(\w+)</code>)", re.S)


def canonical_anchors(page: str) -> str:
    """Give each term's section its local name as id, and point the page's links at it."""
    renamed = {}
    for m in _ENTITY.finditer(page):
        if m.group(1):
            renamed.setdefault(m.group(1), m.group(2))
    page = _ENTITY.sub(lambda m: f'<div class="property entity" id="{m.group(2)}">', page)
    return re.sub(r'href="#([^"]*)"', lambda m: f'href="#{renamed.get(m.group(1), m.group(1))}"', page)


def _toc_list(g: Graph, tree, lang: str, flat: str) -> str:
    """The tree as nested lists; entries of pyLODE's list outside our namespace follow, as they were."""
    def items(nodes) -> str:
        out = []
        for t, kids in nodes:
            sub = f"<ul>{items(kids)}</ul>" if kids else ""
            out.append(f'<li><a href="#{html.escape(str(t)[len(BASE):])}">'
                       f"{html.escape(term_label(g, t, lang))}</a>{sub}</li>")
        return "".join(out)

    ours = {str(t)[len(BASE):] for t, _ in flatten(tree)}
    anchor = re.compile(r'href="#([^"]*)"')
    others = [li for li in re.findall(r"<li>.*?</li>", flat, re.S)
              if anchor.search(li) and anchor.search(li).group(1) not in ours]
    return f'<ul class="second">{items(tree)}{"".join(others)}</ul>'


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


