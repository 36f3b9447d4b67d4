"""The SPARQL query catalogue: read the headers of queries/*.rq, bind parameters, run, format.

Every catalogue file opens with a comment header::

    # title@zh: 由某省份单位牵头的创新联合体
    # title@en: Consortia led by organisations based in a province
    # question: Which consortia are led by organisations based in a given
    #     province?                        (indented lines continue a field)
    # competency: 2                         (the competency question it answers)
    # param: ?province iri = id:div/330000
    #     The provincial-level division.    (the parameter's description)
    # engines: ...                          (where rdflib and Oxigraph differ)

A parameter line is ``?name TYPE [= DEFAULT]``. TYPE declares the RDF term the
value becomes: ``iri`` (a CURIE using the query's own PREFIXes, or a full IRI),
``literal`` (a plain xsd:string), ``literal@LANG`` (a language-tagged string) or
an ``xsd:`` datatype such as ``xsd:date`` or ``xsd:integer``. A parameter
without a default is required.

Values are bound as terms, with rdflib's ``initBindings`` or Oxigraph's
``substitutions`` (SPARQL SEP-0007), never pasted into the query text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.errors import InputError, quiet_ill_typed_literals
from kg.names import curie
from kg.ontology import INTEGER_TYPES
from kg.paths import queries_dir

ENGINES = ("rdflib", "oxigraph")
FORMATS = ("table", "csv", "tsv", "json")
FIELDS = ("title@zh", "title@en", "question", "competency", "param", "engines", "note")
_FIELD = re.compile(r"#\s*([a-z]+(?:@[a-z]+)?):\s?(.*)$")
_CONTINUATION = re.compile(r"#\s{2,}(\S.*)$")
_PARAM = re.compile(r"\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+"
                    r"(?P<type>iri|literal(?:@[A-Za-z-]+)?|xsd:[A-Za-z]+)"
                    r"(?:\s*=\s*(?P<default>.*?))?\s*$")
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Param:
    """A parameter a catalogue query declares: its name, the RDF term type, its default."""

    name: str
    type: str  # iri | literal | literal@LANG | xsd:TYPE
    default: str | None
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass
class Query:
    """One SPARQL file with its parsed header."""

    name: str
    path: Path | None
    text: str
    title_zh: str = ""
    title_en: str = ""
    question: str = ""
    competency: tuple[int, ...] = ()
    params: list[Param] = field(default_factory=list)
    engines: str = ""
    notes: str = ""

    @property
    def is_violation(self) -> bool:
        """Checks named ``*-violation.rq`` must return no rows; rows fail the build."""
        return self.name.endswith("-violation")

    @property
    def title(self) -> str:
        return f"{self.title_zh} / {self.title_en}" if self.title_zh else self.title_en

    def prefixes(self) -> dict[str, str]:
        return {p or "": iri for p, iri in _PREFIX.findall(self.text)}

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class Result:
    """Variables and rows of rdflib terms (None where unbound), the same for either engine."""

    vars: list[str]
    rows: list[tuple]


# -- reading -------------------------------------------------------------------
def parse_header(text: str, path: Path | None = None) -> dict:
    """Read the leading comment block into a dict of fields; an unknown field is an InputError."""
    fields: dict[str, list] = {}
    last = None
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _CONTINUATION.match(stripped)
        if m and last is not None:
            fields[last][-1] = (fields[last][-1][0], f"{fields[last][-1][1]}\n{m.group(1)}".strip())
            continue
        m = _FIELD.match(stripped)
        if not m:
            raise InputError(f"a header line must read '# field: value' (fields: {', '.join(FIELDS)}) "
                             "or continue the previous field with an indented '#     text'", path, lineno)
        key, value = m.group(1), m.group(2).strip()
        if key not in FIELDS:
            raise InputError(f"unknown header field '{key}'; fields are {', '.join(FIELDS)}",
                             path, lineno, key)
        fields.setdefault(key, []).append((lineno, value))
        last = key
    return fields


def _one_line(s: str) -> str:
    return " ".join(s.split())


def load_query(path: Path | str, text: str | None = None, name: str | None = None) -> Query:
    """Read one .rq file: parse its header and check its syntax (InputError with line and column)."""
    path = Path(path) if path is not None else None
    if text is None:
        if path is None or not path.exists():
            raise InputError("query file not found", path)
        text = path.read_text(encoding="utf-8")
    fields = parse_header(text, path)
    q = Query(name=name or (path.stem if path else "query"), path=path, text=text)
    first = lambda key: fields.get(key, [(None, "")])[0][1]  # noqa: E731
    q.title_zh, q.title_en = _one_line(first("title@zh")), _one_line(first("title@en"))
    q.question = _one_line(first("question"))
    q.engines, q.notes = _one_line(first("engines")), _one_line(first("note"))
    for lineno, value in fields.get("competency", []):
        try:
            q.competency += tuple(int(x) for x in value.replace(",", " ").split())
        except ValueError:
            raise InputError(f"'{value}' is not a list of competency-question numbers", path, lineno,
                             "competency") from None
    for lineno, value in fields.get("param", []):
        head, _, doc = value.partition("\n")
        m = _PARAM.match(head.strip())
        if not m:
            raise InputError(f"cannot read the parameter '{head}'; write '?name TYPE [= default]' with "
                             "TYPE iri, literal, literal@LANG or xsd:TYPE", path, lineno, "param")
        default = m.group("default")
        q.params.append(Param(m.group("name"), m.group("type"),
                              default if default not in (None, "") else None, _one_line(doc)))
    check_syntax(q)
    for p in q.params:
        if p.default is not None:
            to_term(q, p, p.default, where="default")
        if not re.search(r"\?" + p.name + r"\b", _strip_comments(text)):
            raise InputError(f"the parameter ?{p.name} does not occur in the query", path, None, "param")
        projected = [str(v) for v in (_prepared(text).algebra.get("PV") or [])]
        if projected and p.name not in projected:
            raise InputError(f"the parameter ?{p.name} must be in the SELECT clause: Oxigraph "
                             "substitutes parameters only into projected variables (SPARQL SEP-0007)",
                             path, None, "param")
    return q


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def check_syntax(q: Query) -> None:
    """Parse the query with rdflib; a syntax error becomes an InputError with line and column."""
    try:
        _prepared(q.text)
    except Exception as exc:  # pyparsing.ParseException and friends
        line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
        msg = getattr(exc, "msg", None) or " ".join(str(exc).split())
        where = f" at line {line}, column {col}" if line is not None else ""
        text = getattr(exc, "line", None)
        if text:
            msg = f"{msg} (in: {text.strip()})"
        raise InputError(f"SPARQL syntax error{where}: {msg}", q.path or q.name, line) from None


@lru_cache(maxsize=256)
def _prepared(text: str):
    return prepareQuery(text)


def catalogue(folder: Path | None = None) -> list[Query]:
    """Return every query of the catalogue, sorted by name."""
    folder = Path(folder) if folder is not None else queries_dir()
    return [load_query(p) for p in sorted(folder.glob("*.rq"))]


def find(name: str, folder: Path | None = None) -> Query:
    """Return the catalogue query called ``name`` (file stem; '.rq' may be given)."""
    folder = Path(folder) if folder is not None else queries_dir()
    stem = name[:-3] if name.endswith(".rq") else name
    path = folder / f"{stem}.rq"
    if "/" in stem or not path.exists():
        names = sorted(p.stem for p in folder.glob("*.rq"))
        close = [n for n in names if stem in n] or names
        raise InputError(f"no query called '{name}' in the catalogue; "
                         f"{'did you mean' if close != names else 'queries are'}: {', '.join(close)}")
    return load_query(path)


# -- parameters ----------------------------------------------------------------
def to_term(q: Query, p: Param, value: str, where: str = "value"):
    """Turn the text ``value`` into the RDF term ``p`` declares; a bad value is an InputError."""
    if p.type == "iri":
        v = value.strip()
        if v.startswith("<") and v.endswith(">"):
            v = v[1:-1]
        elif re.fullmatch(r"[A-Za-z][\w.-]*:[^\s/][^\s]*|:[^\s]+", v) and not re.match(r"[a-z]+://", v):
            prefix, _, local = v.partition(":")
            prefixes = q.prefixes()
            if prefix not in prefixes:
                raise InputError(f"the {where} '{value}' of ?{p.name} uses the prefix '{prefix}:', which the "
                                 f"query does not declare; declared: "
                                 f"{', '.join(k + ':' for k in sorted(prefixes))}", q.path or q.name)
            v = prefixes[prefix] + local
        if not re.fullmatch(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+", v):
            raise InputError(f"the {where} '{value}' of ?{p.name} is not an IRI (write a CURIE such as "
                             "id:div/330000 or a full IRI)", q.path or q.name)
        return URIRef(v)
    if p.type == "literal":
        return Literal(value)
    if p.type.startswith("literal@"):
        return Literal(value, lang=p.type.split("@", 1)[1])
    datatype = XSD[p.type.split(":", 1)[1]]
    with quiet_ill_typed_literals():  # the InputError below says it, without rdflib's traceback
        lit = Literal(value.strip(), datatype=datatype)
    if getattr(lit, "ill_typed", False):
        raise InputError(f"the {where} '{value}' of ?{p.name} is not a valid {p.type}", q.path or q.name)
    return lit


def bindings(q: Query, values: dict[str, str] | None = None) -> dict[str, object]:
    """Return the terms to bind: the given values, else the defaults; unknown names are InputErrors."""
    values = dict(values or {})
    for name in values:
        if q.param(name.lstrip("?")) is None:
            known = ", ".join(p.name for p in q.params) or "none"
            raise InputError(f"the query '{q.name}' has no parameter '{name}'; its parameters: {known}",
                             q.path or q.name)
    values = {k.lstrip("?"): v for k, v in values.items()}
    out = {}
    for p in q.params:
        if p.name in values:
            out[p.name] = to_term(q, p, values[p.name])
        elif p.default is not None:
            out[p.name] = to_term(q, p, p.default, where="default")
        else:
            raise InputError(f"the query '{q.name}' needs the parameter {p.name} (--param {p.name}=...)",
                             q.path or q.name)
    return out


def parse_param_args(items: list[str] | None) -> dict[str, str]:
    """Read ``key=value`` pairs from the command line."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"a parameter is written key=value, not '{item}'")
        out[key.strip()] = value
    return out


# -- running -------------------------------------------------------------------
def run(g: Graph, q: Query, values: dict[str, str] | None = None, engine: str = "rdflib",
        store=None) -> Result:
    """Run ``q`` on ``g`` with ``engine``; for Oxigraph pass a ``store`` to reuse (see oxigraph_store)."""
    terms = bindings(q, values)
    if engine == "rdflib":
        res = g.query(_prepared(q.text), initBindings=terms)
        if res.type != "SELECT":
            raise InputError(f"only SELECT queries are supported, not {res.type}", q.path or q.name)
        names = [str(v) for v in res.vars]
        return Result(names, [tuple(row) for row in res])
    if engine == "oxigraph":
        import pyoxigraph as ox

        from kg.store import to_rdflib

        store = store if store is not None else oxigraph_store(g)
        try:
            subs = {ox.Variable(k): to_oxigraph(v) for k, v in terms.items()}
            res = store.query(q.text, substitutions=subs)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error (Oxigraph): {exc}", q.path or q.name) from None
        if not isinstance(res, ox.QuerySolutions):
            raise InputError("only SELECT queries are supported", q.path or q.name)
        names = [v.value for v in res.variables]
        return Result(names, [tuple(to_rdflib(s[n]) for n in names) for s in res])
    raise ValueError(f"unknown engine {engine!r}; engines are {', '.join(ENGINES)}")


def oxigraph_store(g: Graph):
    """Load ``g`` into a new in-memory Oxigraph store (via N-Triples)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def to_oxigraph(term):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"cannot bind {term!r}")


# -- formatting ----------------------------------------------------------------
def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _clip(s: str, limit: int) -> str:
    s = " ".join(s.split())
    if _width(s) <= limit:
        return s
    out, w = "", 0
    for c in s:
        cw = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if w + cw > limit - 1:
            break
        out, w = out + c, w + cw
    return out + "…"


def format_table(result: Result, max_width: int = 60) -> str:
    """Aligned columns for a terminal (Chinese characters count double); long cells are clipped.

    IRIs are shown as CURIEs (full IRIs go to CSV, TSV and JSON).
    """
    cells = [[_clip(curie(t), max_width) for t in row] for row in result.rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(result.vars)]
    pad = lambda s, w: s + " " * (w - _width(s))  # noqa: E731
    lines = ["  ".join(pad(v, w) for v, w in zip(result.vars, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_csv(result: Result) -> str:
    """SPARQL 1.1 CSV results: full IRIs and lexical forms, empty for unbound."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow(["" if t is None else str(t) for t in row])
    return buf.getvalue()


def _nt(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.boolean) \
            and not getattr(term, "ill_typed", False):
        return str(term)
    return term.n3()


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV results: terms in Turtle/N-Triples syntax, ?-prefixed header."""
    lines = ["\t".join("?" + v for v in result.vars)]
    lines += ["\t".join(_nt(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    solutions = [{v: _json_term(t) for v, t in zip(result.vars, row, strict=True) if t is not None}
                 for row in result.rows]
    body = {"head": {"vars": result.vars}, "results": {"bindings": solutions}}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(result: Result, fmt: str) -> str:
    if fmt not in FORMATTERS:
        raise InputError(f"unknown format '{fmt}'; formats are {', '.join(FORMATTERS)}")
    return FORMATTERS[fmt](result)


def format_catalogue(queries: list[Query]) -> str:
    """List the catalogue for people: name, titles, competency question, parameters."""
    lines = [f"{len(queries)} queries in the catalogue (run one with: yrdkg query NAME)", ""]
    for q in queries:
        tag = f"  [CQ {', '.join(map(str, q.competency))}]" if q.competency else ""
        tag += "  [check: must return no rows]" if q.is_violation else ""
        lines.append(f"{q.name}{tag}")
        lines.append(f"    {q.title}")
        for p in q.params:
            default = "required" if p.required else f"default {p.default}"
            lines.append(f"    --param {p.name}=<{p.type}>  ({default}) {p.doc}".rstrip())
    return "\n".join(lines) + "\n"


# -- normalising for comparison --------------------------------------------------


def normalise(term, lenient: bool = False):
    """A comparable key for a term: numbers by value and datatype, strings with language or datatype.

    ``lenient`` treats the integer types derived from xsd:integer as xsd:integer, which
    is how Oxigraph stores them (see the ``engines:`` notes in the catalogue).
    """
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        if term.language:
            return ("lang", str(term), term.language.lower())
        dt = str(term.datatype or XSD.string)
        if lenient and term.datatype in INTEGER_TYPES:
            dt = str(XSD.integer)
        if term.datatype in (INTEGER_TYPES | {XSD.decimal, XSD.double, XSD.float}) \
                and not getattr(term, "ill_typed", False):
            from decimal import Decimal

            return ("number", dt, Decimal(str(term.toPython())).normalize())
        return ("literal", str(term), dt)
    return ("other", str(term))


def result_set(result: Result, lenient: bool = False) -> list[tuple]:
    """The rows as a sorted list of normalised tuples (a multiset, order ignored)."""
    rows = [tuple(normalise(t, lenient) for t in row) for row in result.rows]
    return sorted(rows, key=repr)


# -- checks --------------------------------------------------------------------
def violation_queries(folder: Path | None = None) -> list[Query]:
    """Return the check queries (``*-violation.rq``), sorted by name."""
    folder = Path(folder) if folder is not None else queries_dir()
    return [load_query(p) for p in sorted(folder.glob("*-violation.rq"))]
