"""Validate any graph against the SHACL shapes; one report type for every caller."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import DataError, InputError
from kg.names import curie, describe
from kg.ontology import QUERIES, has_data, ontology_graph
from kg.paths import shapes_dir

SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
ORDER = ("Violation", "Warning", "Info")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Parse every file under ontology/shapes once per process."""
    g = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


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


def require_data(triples, source=None) -> None:
    """Refuse to validate nothing: raise an InputError naming ``source`` unless ``triples``
    hold one triple beside the ontology's own."""
    if not has_data(triples):
        raise InputError("nothing to validate: no triples beside the ontology's own, so no shape "
                         "and no check has any data to test (validation never passes on nothing)", source)


def validate(data: Graph, with_ontology: bool = True, checks: bool = True, source=None) -> Report:
    """Validate ``data`` (plus the ontology, which the shapes need for class hierarchy).

    With ``checks``, the catalogue's ``queries/*-violation.rq`` run too; each row
    they return is a Violation named after the query (see :func:`check_queries`).
    A graph with nothing beside the ontology is an InputError naming ``source``.
    """
    require_data(data, source)
    g = Graph()
    for t in data:
        g.add(t)
    if with_ontology:
        for t in ontology_graph():
            g.add(t)
    shapes = shapes_graph()
    _, results, text = shacl_validate(g, shacl_graph=shapes, inference="none", advanced=True,
                                      allow_warnings=True, allow_infos=True)
    if not isinstance(results, Graph):
        raise DataError(f"the SHACL shapes could not be applied: {text or results}", shapes_dir())
    report = Report()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(r, SH.sourceShape)
        shape = _owner(shapes, source)
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        message = results.value(r, SH.resultMessage)
        report.findings.append(Finding(
            severity=SEVERITY.get(results.value(r, SH.resultSeverity), "Violation"),
            shape=str(shape),
            shape_name=str(shapes.value(shape, SH.name) or curie(shape)),
            focus=curie(focus),
            focus_label=describe(g, focus),
            path=curie(path) if isinstance(path, URIRef) else None,
            value=str(value) if value is not None else None,
            message=str(message) if message else "(no message)",
            focus_node=focus,
            path_node=path if isinstance(path, URIRef) else None,
            value_node=value,
            component=results.value(r, SH.sourceConstraintComponent),
        ))
    if checks:
        report.findings += check_queries(g)
    report.findings.sort(key=lambda f: (ORDER.index(f.severity), f.shape_name, f.focus_label, f.message,
                                        f.value or ""))
    return report


QUERY_BASE = str(QUERIES)


def check_queries(g: Graph, folder=None) -> list[Finding]:
    """Run the check queries (``*-violation.rq``): every row they return is a Violation.

    A check selects ``?focus`` (the node at fault) and may select ``?message`` and
    ``?value``; without ``?message`` the finding quotes the query's question.
    """
    from kg.catalogue import violation_queries
    from kg.sparql import run

    findings = []
    for q in violation_queries(folder):
        result = run(g, q)
        for row in result.rows:
            cells = dict(zip(result.vars, row, strict=True))
            focus = cells.get("focus")
            if focus is None:
                focus = next((t for t in row if isinstance(t, URIRef)), None)
            findings.append(check_finding(g, q, focus, cells.get("value"), cells.get("message")))
    return findings


def check_finding(g: Graph, q, focus, value, message) -> Finding:
    """Report one row of the check query ``q`` as a Violation named after the query."""
    return Finding(
        severity="Violation",
        shape=QUERY_BASE + q.name,
        shape_name=q.title_en or q.name,
        focus=curie(focus),
        focus_label=describe(g, focus),
        path=None,
        value=str(value) if value is not None else None,
        message=str(message) if message is not None else q.question,
        focus_node=focus,
        value_node=value,
        component=SH.SPARQLConstraintComponent,
    )


def _owner(shapes: Graph, shape):
    """Name a blank property shape by the node shape that holds it."""
    while isinstance(shape, BNode):
        parent = next(iter(shapes.subjects(SH.property, shape)), None) or \
            next(iter(shapes.subjects(SH.sparql, shape)), None)
        if parent is None:
            break
        shape = parent
    return shape


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
