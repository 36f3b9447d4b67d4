"""Compile our SHACL shapes to SPARQL queries, so Oxigraph can give pyshacl's results, faster.

pyshacl walks every focus node in Python; at a million triples that takes
minutes. Each constraint of ``ontology/shapes`` becomes one SPARQL query over
all focus nodes at once (a :class:`Check`); :mod:`kg.validation.oxigraph` runs
them and makes each row a :class:`kg.validation.report.Finding` with the fields
pyshacl's result would give.

Only the SHACL our shapes use is compiled: targets by class and by subject of a
property; predicate paths; sh:minCount, sh:maxCount, sh:datatype, sh:pattern,
sh:class, sh:in, sh:languageIn, sh:minLength, sh:lessThanOrEquals,
sh:qualifiedValueShape (of sh:languageIn or sh:class) with qualified counts, and
SPARQL-based constraints (sh:sparql with sh:select), whose ``$this`` is joined
with the targets instead of pre-bound
(https://www.w3.org/TR/shacl/#sparql-constraints-prebound). Anything else raises
:class:`Unsupported`, and :func:`kg.validation.oxigraph.validate_store` falls back
to pyshacl. tests/validation/test_compiler.py and test_oxigraph.py prove the two agree.

Limits, by design: ill-formed lexical forms are found for the datatypes Oxigraph
can cast to (:data:`CASTS`: dates, times, booleans, decimals, floats), not for the
integer-derived ones (the loaders and the generator only write well-formed
ones); class membership follows rdfs:subClassOf in the data graph, as pyshacl does
without inference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from kg.ontology import INTEGER_TYPES
from kg.validation.shapes import owner

SUPPORTED_SHAPE_KEYS = {
    RDF.type, SH.name, SH.targetClass, SH.targetSubjectsOf, SH.property, SH.sparql, SH.severity,
    SH.message, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH["class"], SH["in"],
    SH.languageIn, SH.minLength, SH.lessThanOrEquals, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.description, SH.order, SH.group,
}
IGNORED = {str(RDFS.comment), str(RDFS.label)}


XSD_INTEGER = str(XSD.integer)
# The datatypes Oxigraph casts to (XPath constructor functions), so an ill-formed literal is found
# by its failed cast; integer-derived types are kept as values (see kg.store) and not checked so.
CASTS = frozenset(XSD[t] for t in ("date", "dateTime", "time", "gYear", "gYearMonth", "gMonthDay", "gDay",
                                   "gMonth", "duration", "boolean", "decimal", "double", "float"))


# ``a/rdfs:subClassOf*`` inside FILTER NOT EXISTS is re-evaluated per row by Oxigraph (quadratic);
# the caller materialises the reflexive-transitive closure as SUBCLASS_OR_SELF triples in a private
# graph, and SPARQL constraints use one hop of it instead.
SUBCLASS_OR_SELF = "urn:x-yrd-kg:subClassOrSelf"
CLASS_PATH = re.compile(r"(?<![\w:])(?:a|rdf:type|<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>)"
                        r"\s*/\s*(?:rdfs:subClassOf|<http://www\.w3\.org/2000/01/rdf-schema#subClassOf>)\*")


class Unsupported(Exception):
    """The shapes use SHACL this compiler does not translate."""


@dataclass
class Check:
    """One compiled constraint: a SELECT returning ?this (and maybe ?value) per result."""

    query: str
    shape: URIRef | BNode        # the shape holding the constraint (pyshacl's sh:sourceShape)
    severity: URIRef
    path: URIRef | None
    message: str | None           # may hold {?var} / {$var} placeholders (SPARQL constraints)
    component: str                # for people reading a failing test
    datatype: URIRef | None = None  # rows to re-check against the datatype the source gave (oxigraph.py)
    bounds: tuple[int | None, int | None] | None = None  # count checks: ?n outside [min, max]
    target: str = ""              # the target pattern, for datatype re-checks
    fast_query: str = ""          # datatype checks: the values that are not integers at all
    owner: URIRef | BNode | None = None  # the node shape a finding names (kg.validation.shapes.owner)
    owner_name: str | None = None  # its sh:name, if any

    @property
    def needs_value(self) -> bool:
        """Tell whether the check can find anything only where some triple has its path as predicate
        (every check of values, and counts with no lower bound)."""
        return self.path is not None and (self.bounds is None or self.bounds[0] is None)


def _iri(t) -> str:
    return f"<{t}>"


def _lit(t: Literal) -> str:
    return t.n3()


def _term(t) -> str:
    if isinstance(t, URIRef):
        return _iri(t)
    if isinstance(t, Literal):
        return _lit(t)
    raise Unsupported(f"a blank node {t} cannot be written into a query")


def _one(g: Graph, s, p):
    values = list(g.objects(s, p))
    if len(values) > 1:
        raise Unsupported(f"{s} has {len(values)} values of {p}")
    return values[0] if values else None


def _list(g: Graph, head) -> list:
    return list(Collection(g, head))


def _check_keys(g: Graph, shape) -> None:
    for p in set(g.predicates(shape)):
        if p not in SUPPORTED_SHAPE_KEYS and str(p) not in IGNORED:
            raise Unsupported(f"shape {shape} uses {p}")


class Compiler:
    """Turn a shapes graph into :class:`Check` queries, given the class hierarchy of the data.

    With ``present`` (the classes that have instances in the data), a target class
    matches only those of its subclasses, and a shape none of whose target classes
    has an instance (and without sh:targetSubjectsOf) is left out: it has no focus
    node, so it can find nothing.
    """

    def __init__(self, shapes: Graph, subclasses: dict[str, set[str]], present: set[str] | None = None):
        self.shapes = shapes
        self.subclasses = subclasses   # class IRI -> itself and every subclass IRI
        self.present = present

    def classes(self, c, present: set[str] | None = None) -> str:
        subs = self.subclasses.get(str(c), {str(c)})
        return " ".join(f"<{s}>" for s in sorted(subs if present is None else subs & present))

    def target(self, shape) -> str | None:
        """Return the pattern binding ?this to each focus node, or None when there can be none."""
        g, parts, classes = self.shapes, [], []
        for c in g.objects(shape, SH.targetClass):
            values = self.classes(c, self.present)
            if values:
                parts.append(f"{{ VALUES ?tc {{ {values} }} ?this a ?tc }}")
                classes.append(values)
        if len(classes) == 1 and " " not in classes[0] and (shape, SH.targetSubjectsOf, None) not in g:
            return f"?this a {classes[0]} ."  # one class: each focus node once, no DISTINCT needed
        for p in g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {_iri(p)} ?tv }}")
        if not parts:
            if self.present is not None and (shape, SH.targetClass, None) in g:
                return None
            raise Unsupported(f"node shape {shape} has no target this compiler understands")
        return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(parts)} }} }}"

    def compile(self) -> list[Check]:
        g, checks = self.shapes, []
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        for shape in g.subjects(SH.targetClass, None):
            node_shapes.add(shape)
        for shape in g.subjects(SH.targetSubjectsOf, None):
            node_shapes.add(shape)
        for shape in sorted(node_shapes, key=str):
            if isinstance(shape, BNode):
                continue  # a value shape inside sh:qualifiedValueShape, compiled with its parent
            _check_keys(g, shape)
            if not (set(g.objects(shape, SH.targetClass)) | set(g.objects(shape, SH.targetSubjectsOf))):
                continue  # no targets: never validated on its own
            for key in (SH.datatype, SH.minCount, SH.path, SH["class"], SH["in"]):
                if (shape, key, None) in g:
                    raise Unsupported(f"node shape {shape} has a node-level {key}")
            target = self.target(shape)
            found = []
            for prop in g.objects(shape, SH.property):
                found += self.property(prop, target or "")
            for sparql in g.objects(shape, SH.sparql):
                found.append(self.sparql(shape, sparql, target or ""))
            if target is not None:  # compiled all the same, so what is unsupported is always refused
                checks += found
        for check in checks:
            check.owner = owner(g, check.shape)
            name = g.value(check.owner, SH.name)
            check.owner_name = str(name) if name is not None else None
        return checks

    # -- property shapes ----------------------------------------------------
    def property(self, prop, target: str) -> list[Check]:
        g = self.shapes
        _check_keys(g, prop)
        path = _one(g, prop, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported(f"property shape {prop} has a complex path")
        severity = _one(g, prop, SH.severity) or SH.Violation
        msg = _one(g, prop, SH.message)
        if msg is None:
            raise Unsupported(f"property shape {prop} has no sh:message (pyshacl would write its own)")
        p = _iri(path)
        out = []

        def add(component: str, query: str) -> None:
            out.append(Check(query, prop, severity, path, str(msg), component))

        def per_value(component: str, bad: str) -> None:
            add(component, f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . FILTER ({bad}) }}")

        def count(component: str, lo, hi, cond: str = "") -> None:
            """One query for both bounds: the caller reports each bound ?n breaks."""
            if lo is None and hi is None:
                return
            tests = ([f"?n < {int(lo)}"] if lo is not None else []) + \
                    ([f"?n > {int(hi)}"] if hi is not None else [])
            inner = f"?this {p} ?v . {cond}" if cond else f"?this {p} ?v ."
            add(component, f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(?v) AS ?n) WHERE {{ "
                           f"{target} OPTIONAL {{ {inner} }} }} GROUP BY ?this }} "
                           f"FILTER ({' || '.join(tests)}) }}")
            out[-1].bounds = (int(lo) if lo is not None else None, int(hi) if hi is not None else None)

        mn, mx = _one(g, prop, SH.minCount), _one(g, prop, SH.maxCount)
        count("Count", mn if mn is not None and int(mn) > 0 else None, mx)
        dt = _one(g, prop, SH.datatype)
        if dt is not None and dt in INTEGER_TYPES:
            # The store keeps integer-derived literals as xsd:integer: fetch those too and let
            # the caller compare the datatype the source gave them.
            per_value("Datatype", f"!isLiteral(?value) || datatype(?value) != {_iri(dt)} "
                                  f"|| datatype(?value) = <{XSD_INTEGER}>")
            out[-1].datatype = dt
            out[-1].target = target
            out[-1].fast_query = (f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . "
                                  f"FILTER (!isLiteral(?value) || datatype(?value) != <{XSD_INTEGER}>) }}")
        elif dt is not None:
            bad = f"!isLiteral(?value) || datatype(?value) != {_iri(dt)}"
            if dt in CASTS:  # an ill-formed lexical form ("2024-6-6"^^xsd:date) fails the cast
                bad += f' || sameTerm(COALESCE({_iri(dt)}(STR(?value)), "ill-formed"), "ill-formed")'
            per_value("Datatype", bad)
        pattern = _one(g, prop, SH.pattern)
        if pattern is not None:
            if (prop, SH.flags, None) in g:
                raise Unsupported("sh:flags")
            per_value("Pattern", f"isBlank(?value) || !regex(str(?value), {Literal(str(pattern)).n3()})")
        cls = _one(g, prop, SH["class"])
        if cls is not None:
            # MINUS, one hash join, not NOT EXISTS per value; the class closure is the caller's
            # SUBCLASS_OR_SELF graph, as for the SPARQL constraints.
            add("Class", f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . "
                         f"MINUS {{ ?value a ?vc . ?vc <{SUBCLASS_OR_SELF}> {_iri(cls)} }} }}")
        allowed = _one(g, prop, SH["in"])
        if allowed is not None:
            items = ", ".join(_term(t) for t in _list(g, allowed))
            per_value("In", f"?value NOT IN ({items})")
        langs = _one(g, prop, SH.languageIn)
        if langs is not None:
            per_value("LanguageIn", f"!({self.lang_in(_list(g, langs))})")
        mlen = _one(g, prop, SH.minLength)
        if mlen is not None:
            per_value("MinLength", f"isBlank(?value) || strlen(str(?value)) < {int(mlen)}")
        other = _one(g, prop, SH.lessThanOrEquals)
        if other is not None:
            add("LessThanOrEquals", f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . "
                                    f"?this {_iri(other)} ?o . FILTER (!COALESCE(?value <= ?o, false)) }}")
        qvs = _one(g, prop, SH.qualifiedValueShape)
        if qvs is not None:
            cond = self.value_shape(qvs)
            qmin, qmax = _one(g, prop, SH.qualifiedMinCount), _one(g, prop, SH.qualifiedMaxCount)
            count("QualifiedCount", qmin, qmax, f"FILTER ({cond})")
        elif (prop, SH.qualifiedMinCount, None) in g or (prop, SH.qualifiedMaxCount, None) in g:
            raise Unsupported(f"{prop}: qualified counts without a value shape")
        return out

    @staticmethod
    def lang_in(langs: list) -> str:
        tests = " || ".join(f"langMatches(lang(?value), {Literal(str(t)).n3()})" for t in langs)
        return f"isLiteral(?value) && ({tests})"

    def value_shape(self, shape) -> str:
        """Return a FILTER expression on ?v telling whether it conforms to ``shape``."""
        g = self.shapes
        keys = set(g.predicates(shape)) - {RDF.type}
        if keys == {SH.languageIn}:
            return self.lang_in(_list(g, _one(g, shape, SH.languageIn))).replace("?value", "?v")
        if keys == {SH["class"]}:
            return f"EXISTS {{ VALUES ?qc {{ {self.classes(_one(g, shape, SH['class']))} }} ?v a ?qc }}"
        raise Unsupported(f"qualified value shape {shape} uses {sorted(map(str, keys))}")

    # -- SPARQL-based constraints -------------------------------------------
    def sparql(self, shape, node, target: str) -> Check:
        g = self.shapes
        for p in g.predicates(node):
            if p not in (RDF.type, SH.message, SH.prefixes, SH.select, SH.severity):
                raise Unsupported(f"SPARQL constraint of {shape} uses {p}")
        select = str(_one(g, node, SH.select))
        prefixes = []
        for decl_owner in g.objects(node, SH.prefixes):
            for decl in g.objects(decl_owner, SH.declare):
                prefixes.append(f"PREFIX {_one(g, decl, SH.prefix)}: <{_one(g, decl, SH.namespace)}>")
        body = CLASS_PATH.sub(f"a/<{SUBCLASS_OR_SELF}>", select.replace("$this", "?this"))
        if re.search(r"\$[A-Za-z_]", body):
            raise Unsupported(f"SPARQL constraint of {shape} uses a pre-bound variable other than $this")
        m = re.search(r"\bWHERE\s*\{", body, re.IGNORECASE)
        if m is None:
            raise Unsupported(f"SPARQL constraint of {shape} has no WHERE clause")
        body = body[:m.end()] + not_exists_to_minus(body[m.end():])
        # Join the targets in: the outer WHERE group is evaluated once for all focus nodes.
        query = "\n".join(prefixes) + "\n" + body[:m.end()] + f" {target} " + body[m.end():]
        msg = _one(g, node, SH.message)
        if msg is None:
            raise Unsupported(f"SPARQL constraint of {shape} has no sh:message")
        severity = _one(g, shape, SH.severity) or SH.Violation
        return Check(query, shape, severity, None, str(msg), "SPARQL")


_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_NOT_EXISTS = re.compile(r"FILTER\s*NOT\s+EXISTS\s*\{", re.IGNORECASE)


def _close(text: str, start: int) -> int:
    """Return the index just past the brace closing the group that starts before ``start``."""
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise Unsupported("unbalanced braces in a SPARQL constraint")


def not_exists_to_minus(group: str) -> str:
    """Rewrite top-level ``FILTER NOT EXISTS { bgp }`` of a WHERE group into ``MINUS { bgp }``.

    ``group`` is the text after the WHERE group's opening brace. Oxigraph re-evaluates
    NOT EXISTS per row (quadratic at scale) but answers MINUS with one hash join. The two
    agree (https://www.w3.org/TR/sparql11-query/#neg-notexists-minus) when the inner group is
    a plain pattern sharing a variable with the outer group (?this, joined with the targets,
    always is), its FILTERs use only its own
    variables, and no outer OPTIONAL leaves a shared variable unbound; anything else is
    left as written.
    """
    end = _close(group, 0)
    outer, tail = group[:end - 1], group[end - 1:]
    if re.search(r"\bOPTIONAL\b", _top_level(outer), re.IGNORECASE):
        return group
    minus, kept, pos = [], [], 0
    for m in _NOT_EXISTS.finditer(outer):
        if m.start() < pos or _depth(outer, m.start()) != 0:
            continue
        close = _close(outer, m.end())
        inner = outer[m.end():close - 1]
        rest = outer[:m.start()] + outer[close:]
        pattern, _, filters = inner.partition("FILTER")
        own = set(_VAR.findall(pattern))
        outer_vars = set(_VAR.findall(rest)) | {"this"}
        if "{" in inner or not set(_VAR.findall(filters)) <= own or not own & outer_vars:
            continue
        kept.append(outer[pos:m.start()])
        minus.append(f" MINUS {{ {inner} }}")
        pos = close
    kept.append(outer[pos:])
    return "".join(kept) + "".join(minus) + tail


def _depth(text: str, at: int) -> int:
    return text[:at].count("{") - text[:at].count("}")


def _top_level(text: str) -> str:
    """Return ``text`` without its nested groups."""
    out, depth = [], 0
    for ch in text:
        depth += ch == "{"
        if depth == 0:
            out.append(ch)
        depth -= ch == "}"
    return "".join(out)
