"""Read the SPARQL query catalogue: the headers of queries/*.rq and their typed parameters.

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

:func:`bindings` turns the values a user gives into those terms; :mod:`kg.sparql`
binds them with rdflib's ``initBindings`` or Oxigraph's ``substitutions`` (SPARQL
SEP-0007), never pasting them into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.errors import InputError, quiet_ill_typed_literals
from kg.paths import queries_dir

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
        if not path.is_file():
            raise InputError("not a query file (a folder?)", path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
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
        projected = [str(v) for v in (prepared(text).algebra.get("PV") or [])]
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
        prepared(q.text)
    except Exception as exc:  # pyparsing.ParseException and friends
        line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
        msg = getattr(exc, "msg", None) or " ".join(str(exc).split())
        where = f" at line {line}, column {col}" if line is not None else ""
        text = getattr(exc, "line", None)
        if text:
            msg = f"{msg} (in: {text.strip()})"
        raise InputError(f"SPARQL syntax error{where}: {msg}", q.path or q.name, line) from None


@lru_cache(maxsize=256)
def prepared(text: str):
    """Parse a query once with rdflib (cached by its text)."""
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


def violation_queries(folder: Path | None = None) -> list[Query]:
    """Return the check queries (``*-violation.rq``), sorted by name."""
    folder = Path(folder) if folder is not None else queries_dir()
    return [load_query(p) for p in sorted(folder.glob("*-violation.rq"))]


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
