"""One report type for every validation: findings, and the text, JSON and Turtle reports made from them.

Both engines (pyshacl, shapes compiled to SPARQL) and the check queries assemble
their findings here (:func:`shape_finding`, :func:`check_finding`), and every
report format is written from the one sorted list, so the formats cannot disagree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, fields

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.names import curie, describe
from kg.ontology import QUERIES
from kg.validation.shapes import owner

SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
ORDER = ("Violation", "Warning", "Info")


@dataclass
class Finding:
    """One SHACL result, with names a curator can read."""

    severity: str
    shape: str
    shape_name: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    # The RDF terms behind the names above, for the Turtle report. Neither compared (engines
    # name blank nodes and number datatypes differently) nor in the JSON report.
    focus_node: Node | None = field(default=None, repr=False, compare=False)
    path_node: URIRef | None = field(default=None, repr=False, compare=False)
    value_node: Node | None = field(default=None, repr=False, compare=False)
    component: URIRef | None = field(default=None, repr=False, compare=False)


@dataclass
class Report:
    """The outcome of validating one graph: every report format is made from ``findings``."""

    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def of(cls, findings: list[Finding]) -> Report:
        """Return the report of ``findings`` in reading order: severity, shape, node, message."""
        return cls(sorted(findings, key=lambda f: (ORDER.index(f.severity), f.shape_name, f.focus_label,
                                                   f.message, f.value or "")))

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def shapes(self, severity: str = "Violation") -> set[str]:
        """Return the IRIs of the shapes that produced results of ``severity``."""
        return {f.shape for f in self.findings if f.severity == severity}

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s.lower()}{'s' if self.count(s) != 1 else ''}" for s in ORDER]
        verdict = "conforms" if self.conforms else "does NOT conform"
        return f"The graph {verdict}: {', '.join(parts)}."


# -- assembling findings -----------------------------------------------------------
def shape_finding(shapes: Graph, data: Graph, source_shape, severity, focus, path, value, message,
                  component) -> Finding:
    """Report one SHACL result: ``source_shape`` in ``shapes`` broken by ``focus`` in ``data``.

    A blank property shape is named by the node shape that holds it; ``data`` needs
    only what :func:`kg.names.describe` reads about the focus node.
    """
    shape = owner(shapes, source_shape)
    return named_finding(shape, shapes.value(shape, SH.name), data, severity, focus, path, value, message,
                         component)


def named_finding(shape, name, data: Graph, severity, focus, path, value, message, component) -> Finding:
    """Report one SHACL result of the node shape ``shape`` (whose sh:name is ``name``, or None)."""
    path = path if isinstance(path, URIRef) else None
    return Finding(
        severity=SEVERITY.get(severity, "Violation"),
        shape=str(shape),
        shape_name=str(name or curie(shape)),
        focus=curie(focus),
        focus_label=describe(data, focus),
        path=curie(path) if path is not None else None,
        value=str(value) if value is not None else None,
        message=str(message) if message else "(no message)",
        focus_node=focus,
        path_node=path,
        value_node=value,
        component=component,
    )


def check_finding(data: Graph, q, focus, value, message) -> Finding:
    """Report one row of the check query ``q`` as a Violation named after the query.

    Without a ``?message`` the finding quotes the query's question; the query's IRI
    (``https://w3id.org/yrd-kg/queries/NAME``) stands as the shape.
    """
    return Finding(
        severity="Violation",
        shape=str(QUERIES[q.name]),
        shape_name=q.title_en or q.name,
        focus=curie(focus),
        focus_label=describe(data, focus),
        path=None,
        value=str(value) if value is not None else None,
        message=str(message) if message is not None else q.question,
        focus_node=focus,
        value_node=value,
        component=SH.SPARQLConstraintComponent,
    )


# -- formats ---------------------------------------------------------------------
def _show(value: str) -> str:
    """Show a result's value: an IRI by its short name, a literal quoted."""
    return curie(URIRef(value)) if value.startswith(("http://", "https://")) else repr(value)


def format_text(report: Report, limit: int = 10) -> str:
    """Group the findings by shape: a report a curator can read top to bottom.

    At most ``limit`` results are listed per shape; JSON and Turtle list all.
    """
    lines = [report.summary()]
    groups = defaultdict(list)
    for f in report.findings:
        groups[(f.severity, f.shape_name, f.shape)].append(f)
    for (severity, name, shape), items in groups.items():
        lines += ["", f"{severity}: {name} ({curie(URIRef(shape))}), {len(items)} result"
                      f"{'s' if len(items) != 1 else ''}"]
        for f in items[:limit]:
            where = ", ".join(([f"path {f.path}"] if f.path else []) +
                              ([f"value {_show(f.value)}"] if f.value is not None else []))
            where = f" ({where})" if where else ""
            lines.append(f"  - {f.focus_label}{where}")
            lines.append(f"    {f.message}")
        if len(items) > limit:
            lines.append(f"  ... and {len(items) - limit} more like these (--format json lists all)")
    return "\n".join(lines) + "\n"


JSON_FIELDS = tuple(f.name for f in fields(Finding) if f.compare)


def format_json(report: Report) -> str:
    body = {"conforms": report.conforms,
            "counts": {s.lower(): report.count(s) for s in ORDER},
            "results": [{name: getattr(f, name) for name in JSON_FIELDS} for f in report.findings]}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def results_graph(report: Report) -> Graph:
    """Return the report as a SHACL validation report graph (sh:ValidationReport), one
    sh:ValidationResult per finding, check-query findings included.

    The check queries are constraints of their own: their results name the query
    (``https://w3id.org/yrd-kg/queries/NAME``) as sh:sourceShape.
    """
    g = Graph()
    g.bind("sh", SH)
    top = BNode()
    g.add((top, RDF.type, SH.ValidationReport))
    g.add((top, SH.conforms, Literal(report.conforms)))
    for f in report.findings:
        r = BNode()
        g.add((top, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.resultSeverity, SH[f.severity]))
        g.add((r, SH.sourceShape, URIRef(f.shape)))
        g.add((r, SH.resultMessage, Literal(f.message)))
        for p, o in ((SH.focusNode, f.focus_node), (SH.resultPath, f.path_node),
                     (SH.value, f.value_node), (SH.sourceConstraintComponent, f.component)):
            if o is not None:
                g.add((r, p, o))
    return g


def format_turtle(report: Report) -> str:
    return results_graph(report).serialize(format="turtle")


FORMATS = {"text": format_text, "json": format_json, "turtle": format_turtle}
