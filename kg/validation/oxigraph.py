"""Validate a graph kept in Oxigraph: the shapes compiled to SPARQL, the same findings as pyshacl.

:func:`validate_store` runs each :class:`kg.validation.compiler.Check` on a
:class:`kg.store.BigGraph`, reads back the datatypes Oxigraph does not keep, and
assembles the findings as :mod:`kg.validation.shacl` does, finding for finding
(tests/validation/test_oxigraph.py compares them). Shapes the compiler does not
know fall back to pyshacl.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import SH, Graph, Literal, URIRef

from kg.ontology import ontology_graph
from kg.store import XSD_INTEGER, BigGraph, from_graph, query, subclass_closure, to_rdflib, triples
from kg.validation.checks import check_rows
from kg.validation.compiler import SUBCLASS_OR_SELF, Compiler, Unsupported
from kg.validation.report import Report, check_finding, shape_finding
from kg.validation.shacl import validate
from kg.validation.shapes import require_data, shapes_graph

_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
CLOSURE = ox.NamedNode("urn:x-yrd-kg:closure")  # a private graph, removed after the checks ran
ENGINES = ("oxigraph", "pyshacl")  # the first is the default


def validate_graph(g: Graph, engine: str = ENGINES[0], with_ontology: bool = True, checks: bool = True,
                   source=None) -> Report:
    """Validate the rdflib graph ``g`` with ``engine``: the shapes compiled to SPARQL in Oxigraph
    (a copy of ``g`` is loaded into a store), or pyshacl; the same findings either way.

    ``with_ontology`` adds the ontology, which the shapes need for the class
    hierarchy (leave it out when ``g`` holds it already, as a built graph does).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; engines are {', '.join(ENGINES)}")
    if engine == "pyshacl":
        return validate(g, with_ontology=with_ontology, checks=checks, source=source)
    require_data(g, source)
    return validate_store(from_graph(set(g) | set(ontology_graph()) if with_ontology else g),
                          checks=checks, source=source)


def validate_store(big: BigGraph, checks: bool = True, source=None, shapes: Graph | None = None) -> Report:
    """Validate ``big`` against ontology/shapes; the same findings as :func:`kg.validation.shacl.validate`.

    The store must hold the ontology (``load_store`` adds it), since the shapes
    follow its class hierarchy. With ``checks``, the check queries run too. A store
    with nothing beside the ontology is an InputError naming ``source``.
    """
    require_data(triples(big), source)
    shapes = shapes if shapes is not None else shapes_graph()
    classes = subclass_closure(big)
    try:
        compiled = Compiler(shapes, classes).compile()
    except Unsupported:
        g = Graph()
        for t in triples(big):
            g.add(t)
        return validate(g, with_ontology=False, checks=checks, source=source, shapes=shapes)

    hop = ox.NamedNode(SUBCLASS_OR_SELF)
    for row in big.store.query("SELECT DISTINCT ?t WHERE { ?x a ?t }"):
        if isinstance(row["t"], ox.NamedNode):
            classes.setdefault(row["t"].value, {row["t"].value})
    big.store.bulk_extend(ox.Quad(ox.NamedNode(sub), hop, ox.NamedNode(sup), CLOSURE)
                          for sup, subs in classes.items() for sub in subs)
    raw = []  # (check, focus, value, row bindings)
    try:
        for check in compiled:
            raw += _run(big, check, CLOSURE)
    finally:
        big.store.remove_graph(CLOSURE)
    rows = check_rows(big) if checks else []

    context = _neighbourhood(big, {focus for _, focus, _, _ in raw} | {focus for _, focus, _, _ in rows})
    findings = [shape_finding(shapes, context, check.shape, check.severity, focus, check.path, value,
                              _fill(check.message or "", row), _component(check, row))
                for check, focus, value, row in raw]
    findings += [check_finding(context, *row) for row in rows]
    return Report.of(findings)


def _component(check, row: dict) -> URIRef:
    """Name the SHACL constraint component a compiled check stands for (sh:sourceConstraintComponent)."""
    name = check.component
    if check.bounds is not None:  # one check for both bounds: which one this result broke
        lo = check.bounds[0]
        which = "Min" if lo is not None and int(row["n"]) < lo else "Max"
        name = f"Qualified{which}Count" if name == "QualifiedCount" else f"{which}Count"
    return SH[f"{name}ConstraintComponent"]


def _fill(message: str, row: dict) -> str:
    """Put the bindings of a result into {?var} / {$var} placeholders, as pyshacl does."""
    return _PLACEHOLDER.sub(lambda m: str(row[m.group(1)]) if row.get(m.group(1)) is not None
                            else m.group(0), message)


def _integer_datatype_check(big: BigGraph, check, closure) -> list | None:
    """Check an integer-derived sh:datatype from the noted datatypes, not by fetching every value.

    Return None when some stored integer of the path was not noted (then the caller
    fetches them all).
    """
    p = str(check.path)
    n = big.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{p}> ?o . "
                        f"FILTER (isLiteral(?o) && datatype(?o) = <{XSD_INTEGER}>) }}")
    stored = int(next(iter(n))["n"].value)
    noted = big.integers(p)
    if stored != len(noted):
        return None
    out = []
    for sol in big.store.query(check.fast_query, default_graph=[ox.DefaultGraph(), closure]):
        row = {"this": to_rdflib(sol["this"]), "value": to_rdflib(sol["value"])}
        out.append((check, row["this"], row["value"], row))
    wrong = [(s, lex, dt) for s, lex, dt in noted if dt != str(check.datatype)]
    if wrong:
        focus = " ".join(sorted({f"<{s}>" for s, _, _ in wrong}))
        inside = {sol["this"].value for sol in big.store.query(
            f"SELECT ?this WHERE {{ VALUES ?this {{ {focus} }} {check.target} }}",
            default_graph=[ox.DefaultGraph(), closure])}
        for s, lex, dt in wrong:
            if s in inside:
                row = {"this": URIRef(s), "value": Literal(lex, datatype=URIRef(dt))}
                out.append((check, row["this"], row["value"], row))
    return out


def _run(big: BigGraph, check, closure) -> list:
    """Run one compiled check; return (check, focus, value, bindings) per result."""
    if check.fast_query:
        fast = _integer_datatype_check(big, check, closure)
        if fast is not None:
            return fast
    out = []
    result = big.store.query(check.query, default_graph=[ox.DefaultGraph(), closure])
    names = [v.value for v in result.variables]
    for sol in result:
        row = {n: to_rdflib(sol[n]) for n in names}
        focus, value = row.get("this"), row.get("value")
        if value is None and check.component == "SPARQL":
            value = focus  # pyshacl reports the focus node when the query binds no ?value
        if check.datatype is not None and big.datatype(focus, check.path, value) == str(check.datatype):
            continue
        if check.bounds is not None:  # one result per bound broken, as pyshacl's two components give
            n, (lo, hi) = int(row["n"]), check.bounds
            out += [(check, focus, None, row)] * ((lo is not None and n < lo) + (hi is not None and n > hi))
            continue
        out.append((check, focus, value, row))
    return out


def _neighbourhood(big: BigGraph, nodes: set) -> Graph:
    """Copy what ``describe`` reads about ``nodes`` (their triples, their neighbours' labels)."""
    g = Graph()
    nodes = [n for n in nodes if isinstance(n, URIRef)]
    for i in range(0, len(nodes), 500):
        values = " ".join(f"<{n}>" for n in nodes[i:i + 500])
        for t in query(big, f"""CONSTRUCT {{ ?s ?p ?o . ?o skos:prefLabel ?l }} WHERE {{
                VALUES ?s {{ {values} }} ?s ?p ?o . OPTIONAL {{ ?o skos:prefLabel ?l }} }}"""):
            g.add(t)
    return g
