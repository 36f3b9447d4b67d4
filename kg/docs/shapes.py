"""List the SHACL shapes on one page: each shape's name and targets, each constraint's path and message."""

from __future__ import annotations

import html
from pathlib import Path

from rdflib import RDF, SH, BNode, Graph, URIRef
from rdflib.namespace import RDFS

from kg.docs.frame import page, term_link
from kg.names import curie
from kg.paths import shapes_dir
from kg.validation.report import SEVERITY

TARGETS = (
    (SH.targetClass, "class"),
    (SH.targetSubjectsOf, "subjects of"),
    (SH.targetObjectsOf, "objects of"),
    (SH.targetNode, "node"),
)


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
        rows.append({"kind": "SPARQL", "name": "", "path": "", "path_term": None,
                     "severity": _severity(shapes, sparql, own),
                     "messages": _messages(shapes, sparql)})
    return rows


def _row(shapes: Graph, prop, severity: str) -> dict:
    path = shapes.value(prop, SH.path)
    return {"kind": "property", "name": str(shapes.value(prop, SH.name) or ""),
            "path": _path(shapes, path), "path_term": path if isinstance(path, URIRef) else None,
            "severity": severity,
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
        terms = [(label, t) for pred, label in TARGETS for t in sorted(shapes.objects(shape, pred), key=str)]
        targets = [f"{label} {curie(t)}" for label, t in terms]
        out.append({"iri": str(shape), "short": curie(shape),
                    "name": str(shapes.value(shape, SH.name) or ""),
                    "targets": targets, "target_terms": [t for _, t in terms],
                    "severity": _severity(shapes, shape, "Violation"),
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
            targets = [term_link(f"<code>{e(t)}</code>", term)
                       for t, term in zip(r["targets"], r["target_terms"], strict=True)]
            shown = ", ".join(targets) or "<i>(used by other shapes)</i>"
            body.append(f"<p><b>Targets:</b> {shown}</p>")
            if r["comment"]:
                body.append(f"<p>{e(r['comment'])}</p>")
            body.append("<table><thead><tr><th>Constraint</th><th>Path</th><th>Severity</th>"
                        "<th>Message</th></tr></thead><tbody>")
            for c in r["constraints"]:
                name = f"{c['kind']}" + (f": {c['name']}" if c["name"] else "")
                msgs = "<br>".join(e(m) for m in c["messages"]) or "<i>(no message)</i>"
                path = term_link(f"<code>{e(c['path'])}</code>", c["path_term"])
                body.append(f"<tr><td>{e(name)}</td><td>{path}</td>"
                            f'<td class="sev-{e(c["severity"].lower())}">{e(c["severity"])}</td>'
                            f"<td>{msgs}</td></tr>")
            body.append("</tbody></table></section>")
    toc = " · ".join(f'<a href="#{e(p.stem)}">{e(p.name)}</a>' for p in files)
    return page("SHACL shapes of yrd-kg", "shapes", "en", [
        "<h1>SHACL shapes of yrd-kg <small>长三角合作知识图谱的 SHACL 约束</small></h1>",
        f"<p>{total} shapes in {len(files)} files under <code>ontology/shapes/</code>. A Violation "
        "fails the build; a Warning or Info is advice to curators. Files: " + toc + "</p>",
        *body])


