"""Validate a graph kept in Oxigraph: the shapes compiled to SPARQL, the same findings as pyshacl.

:func:`validate_store` runs each :class:`kg.validation.compiler.Check` on a
:class:`kg.store.BigGraph`, reads back the datatypes Oxigraph does not keep, and
assembles the findings as :mod:`kg.validation.shacl` does, finding for finding
(tests/validation/test_oxigraph.py compares them). Shapes the compiler does not
know fall back to pyshacl.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import SH, Graph, Literal, URIRef

from kg.files import to_rdflib, write_atomic
from kg.ontology import ontology_graph
from kg.paths import cache_dir, ontology_file, shapes_dir
from kg.store import XSD_INTEGER, BigGraph, from_graph, query, subclass_closure, triples
from kg.validation.checks import check_rows
from kg.validation.compiler import SUBCLASS_OR_SELF, Check, Compiler, Unsupported
from kg.validation.report import Report, check_finding, named_finding
from kg.validation.shacl import validate
from kg.validation.shapes import nothing_to_validate, require_data, shapes_graph

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
    if not has_data(big):
        raise nothing_to_validate(source)
    classes = subclass_closure(big)
    present = {row["t"].value for row in big.store.query("SELECT DISTINCT ?t WHERE { ?x a ?t }")
               if isinstance(row["t"], ox.NamedNode)}
    try:
        compiled = compiled_checks(classes, present, shapes)
    except Unsupported:
        g = Graph()
        for t in triples(big):
            g.add(t)
        return validate(g, with_ontology=False, checks=checks, source=source,
                        shapes=shapes if shapes is not None else shapes_graph())

    hop = ox.NamedNode(SUBCLASS_OR_SELF)
    for c in present:
        classes.setdefault(c, {c})
    big.store.extend(ox.Quad(ox.NamedNode(sub), hop, ox.NamedNode(sup), CLOSURE)
                     for sup, subs in classes.items() for sub in subs)
    raw = []  # (check, focus, value, row bindings)
    used: dict = {}  # path -> whether some triple has it as predicate
    try:
        for check in compiled:
            if check.needs_value and not _used(big, check.path, used):
                continue  # no value to check, no count above a maximum: nothing to find
            raw += _run(big, check, CLOSURE)
    finally:
        big.store.remove_graph(CLOSURE)
    rows = check_rows(big) if checks else []

    context = _neighbourhood(big, {focus for _, focus, _, _ in raw} | {focus for _, focus, _, _ in rows})
    findings = [named_finding(check.owner, check.owner_name, context, check.severity, focus, check.path,
                              value, _fill(check.message or "", row), _component(check, row))
                for check, focus, value, row in raw]
    findings += [check_finding(context, *row) for row in rows]
    return Report.of(findings)


def _used(big: BigGraph, path, seen: dict) -> bool:
    """Tell whether some triple of the default graph has ``path`` as predicate (an index look-up)."""
    if path not in seen:
        quads = big.store.quads_for_pattern(None, ox.NamedNode(str(path)), None, ox.DefaultGraph())
        seen[path] = next(iter(quads), None) is not None
    return seen[path]


def _masked(q: ox.Quad) -> tuple:
    return tuple(None if type(t) is ox.BlankNode else t for t in (q.subject, q.predicate, q.object))


@lru_cache(maxsize=1)
def _ontology_quads() -> frozenset:
    """The ontology's quads as a store gives them back (numbers as values)."""
    store = ox.Store()
    store.bulk_load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return frozenset(store)


@lru_cache(maxsize=1)
def _ontology_masked() -> frozenset:
    return frozenset(_masked(q) for q in _ontology_quads())


def has_data(big: BigGraph) -> bool:
    """Tell whether ``big`` holds one triple beside the ontology's own, as
    :func:`kg.validation.shapes.has_data` does for rdflib triples (a blank node matches any),
    without converting any."""
    quads = _ontology_quads()
    for q in big.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if q in quads:
            continue
        masked = _masked(q)
        if None not in masked or masked not in _ontology_masked():
            return True
    return False


# -- the compiled checks, kept ------------------------------------------------------
_COMPILED: dict[str, list[Check]] = {}
KEEP_COMPILED = 16  # files kept in the cache folder, the newest first


def _key(classes: dict[str, set[str]], present: set[str]) -> str:
    """Hash what the compiled checks depend on: the shapes' files, the code that compiles them (and
    rdflib's version), and the data's class hierarchy and classes with instances."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    files = sorted(shapes_dir().glob("*.ttl")) + sorted(here.glob("*.py")) + [here.parent / "ontology.py"]
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"rdflib {rdflib.__version__}\0".encode())  # it parses the shapes and writes their terms
    h.update(repr(sorted((c, sorted(subs)) for c, subs in classes.items())).encode())
    h.update(repr(sorted(present)).encode())
    return h.hexdigest()


def compiled_checks(classes: dict[str, set[str]], present: set[str],
                    shapes: Graph | None = None) -> list[Check]:
    """Compile ``shapes`` (ontology/shapes by default) for data with this class hierarchy.

    Our own shapes are compiled once and kept, in this process and in the cache folder
    (kg.paths.cache_dir; ``YRDKG_CACHE=off`` keeps nothing on disk), under a hash of
    everything the result depends on (:func:`_key`): parsing the shapes and
    compiling them is most of validation's fixed cost.
    """
    if shapes is not None:
        return Compiler(shapes, classes, present).compile()
    key = _key(classes, present)
    hit = _COMPILED.get(key)
    folder = cache_dir()
    path = folder / "compiled-shapes" / f"{key}.pickle" if folder is not None else None
    if hit is None and path is not None and path.exists():
        try:
            hit = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a cache that cannot be read is rebuilt
            hit = None
    if hit is None:
        hit = Compiler(shapes_graph(), classes, present).compile()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, pickle.dumps(hit))
                others = [p for p in path.parent.glob("*.pickle") if p != path]
                others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
                for old in others[KEEP_COMPILED - 1:]:  # one per kind of data validated lately
                    old.unlink(missing_ok=True)
            except OSError:
                pass  # a cache that cannot be written is no error
    _COMPILED[key] = hit
    return hit


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
