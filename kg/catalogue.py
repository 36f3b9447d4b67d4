"""Read the SPARQL query catalogue: the headers of queries/*.rq and their typed parameters.

Every catalogue file opens with a comment header::

    # title@zh: 由某省份单位牵头的创新联合体
    # title@en: Consortia led by organisations based in a province
    # question: Which consortia are led by organisations based in a given
    #     province?                        (indented lines continue a field)
    # competency: 2                         (the competency question it answers)
    # param: ?province iri
    #     The provincial-level division.    (the parameter's description)
    # engines: ...                          (where rdflib and Oxigraph differ)

A parameter line is ``?name TYPE``. TYPE declares the RDF term a value becomes:
``iri`` (a CURIE using the query's own PREFIXes, or a full IRI), ``literal`` (a
plain xsd:string), ``literal@LANG`` (a language-tagged string) or an ``xsd:``
datatype such as ``xsd:date`` or ``xsd:integer``.

The defaults live in the query itself, as one ``VALUES`` line holding every
parameter (``VALUES (?province) { (<https://w3id.org/yrd-kg/id/div/330000>) }``), so the file pasted
into any SPARQL client gives the documented answer. :func:`bind` replaces that
line with the values a user gives, each written as an RDF term (rdflib's
``n3()``, which escapes it), never pasted as text; ``UNDEF`` marks a parameter
without a default, which is then required. :mod:`kg.sparql` and
:mod:`kg.remote.client` run the bound text, so every engine and every endpoint
reads the same query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, quiet_ill_typed_literals
from kg.paths import queries_dir

FIELDS = ("title@zh", "title@en", "question", "competency", "param", "engines", "note")
_FIELD = re.compile(r"#\s*([a-z]+(?:@[a-z]+)?):\s?(.*)$")
_CONTINUATION = re.compile(r"#\s{2,}(\S.*)$")
_PARAM = re.compile(r"\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+"
                    r"(?P<type>iri|literal(?:@[A-Za-z-]+)?|xsd:[A-Za-z]+)"
                    r"(?:\s*=\s*(?P<default>.*?))?\s*$")
# One line that binds the parameters: VALUES (?a ?b) { (x y) } or VALUES ?a { x }
_VALUES_LINE = re.compile(r"^(?P<indent>[ \t]*)VALUES\s*(?:\((?P<vars>[^)]*)\)\s*\{\s*\((?P<row>.*)\)\s*\}"
                          r"|(?P<var>[?$]\w+)\s*\{(?P<one>.*)\})\s*(?:#.*)?$", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Param:
    """A parameter a catalogue query declares: its name, the RDF term type, its default."""

    name: str
    type: str  # iri | literal | literal@LANG | xsd:TYPE
    default: str | None  # as a user would write it (--param name=DEFAULT); None: required
    doc: str = ""
    term: Node | None = None  # the default as an RDF term

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
    values_line: int | None = None  # index (0-based) of the line binding the parameters

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
    declared = []
    for lineno, value in fields.get("param", []):
        head, _, doc = value.partition("\n")
        m = _PARAM.match(head.strip())
        if not m:
            raise InputError(f"cannot read the parameter '{head}'; write '?name TYPE' with "
                             "TYPE iri, literal, literal@LANG or xsd:TYPE", path, lineno, "param")
        if m.group("default") not in (None, ""):
            raise InputError(f"the default of ?{m.group('name')} goes in the query's VALUES line, not in "
                             "the header (so the file pasted into any SPARQL client gives the documented "
                             "answer)", path, lineno, "param")
        declared.append((m.group("name"), m.group("type"), _one_line(doc)))
    check_syntax(q)
    if declared:
        q.values_line, defaults = _values_line(q, [name for name, _, _ in declared])
        q.params = [_param(q, name, type_, doc, defaults[name]) for name, type_, doc in declared]
    body = "\n".join(line for i, line in enumerate(_strip_comments(text, keep_lines=True).splitlines())
                     if i != q.values_line)
    for p in q.params:
        if not re.search(r"[?$]" + p.name + r"\b", body):
            raise InputError(f"the parameter ?{p.name} does not occur in the query", path, None, "param")
    return q


def _values_line(q: Query, names: list[str]) -> tuple[int, dict[str, Node | None]]:
    """Find the one VALUES line binding exactly the parameters ``names``; return it and the defaults."""
    found = []
    for i, line in enumerate(q.text.splitlines()):
        m = _VALUES_LINE.match(line)
        if m:
            variables = (m.group("vars") or m.group("var")).replace("$", "?").split()
            if sorted(v.lstrip("?") for v in variables) == sorted(names):
                found.append(i)
    example = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join('...' for _ in names)}) }}"
    if len(found) != 1:
        what = "no" if not found else "more than one"
        raise InputError(f"{what} VALUES line binds the parameters {', '.join('?' + n for n in names)}; "
                         f"write their defaults on one line, {example} (UNDEF for none)",
                         q.path or q.name, found[1] + 1 if found else None, "param")
    line = q.text.splitlines()[found[0]].strip()
    decls = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in q.prefixes().items())
    try:  # let rdflib read the terms, with the query's own prefixes
        rows = list(Graph().query(f"{decls}SELECT * WHERE {{ {line}\n}}"))
    except Exception as exc:
        raise InputError(f"cannot read the VALUES line: {' '.join(str(exc).split())}", q.path or q.name,
                         found[0] + 1, "param") from None
    if len(rows) > 1:
        raise InputError("the VALUES line holds more than one row of defaults", q.path or q.name,
                         found[0] + 1, "param")
    return found[0], {name: rows[0][name] if rows else None for name in names}  # all UNDEF: no row


def _param(q: Query, name: str, type_: str, doc: str, term: Node | None) -> Param:
    """A parameter with its default term, checked against its declared type."""
    if term is None:
        return Param(name, type_, None, doc)
    ok = {"iri": isinstance(term, URIRef),
          "literal": isinstance(term, Literal) and not term.language and term.datatype in (None, XSD.string)}
    if type_.startswith("literal@"):
        good = isinstance(term, Literal) and (term.language or "").lower() == type_[8:].lower()
    elif type_.startswith("xsd:"):
        good = isinstance(term, Literal) and term.datatype == XSD[type_[4:]]
    else:
        good = ok[type_]
    if not good:
        raise InputError(f"the default {term.n3()} of ?{name} in the VALUES line is not a {type_}",
                         q.path or q.name, (q.values_line or 0) + 1, "param")
    return Param(name, type_, shown(q, term), doc, term)


def shown(q: Query, term: Node) -> str:
    """Write a default as a user gives it: an IRI as a CURIE of the query's prefixes, a literal as text."""
    if isinstance(term, URIRef):
        for prefix, iri in sorted(q.prefixes().items(), key=lambda kv: -len(kv[1])):
            if iri and str(term).startswith(iri):
                return f"{prefix}:{term[len(iri):]}"
    return str(term)


def _strip_comments(text: str, keep_lines: bool = False) -> str:
    return "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines()
                     if keep_lines or not line.lstrip().startswith("#"))


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
    from rdflib.plugins.sparql import prepareQuery  # pyparsing's grammar: only for commands that parse

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
        elif p.term is not None:
            out[p.name] = p.term
        else:
            raise InputError(f"the query '{q.name}' needs the parameter {p.name} (--param {p.name}=...)",
                             q.path or q.name)
    return out


def values_block(terms: dict[str, Node]) -> str:
    """Write a one-row ``VALUES`` block binding each variable to its term (escaped by ``n3()``).

    >>> values_block({"p": URIRef("http://example.org/p"), "k": Literal('a"b')})
    'VALUES (?p ?k) { (<http://example.org/p> "a\\\\"b") }'
    """
    for name, term in terms.items():
        if not name.isidentifier():
            raise InputError(f"'{name}' is not a SPARQL variable name")
        if isinstance(term, URIRef) and any(c in str(term) for c in '<>"{}|^`\\ '):
            raise InputError(f"'{term}' is not a valid IRI for ?{name}")
    return (f"VALUES ({' '.join('?' + n for n in terms)}) "
            f"{{ ({' '.join(t.n3() for t in terms.values())}) }}")


def bind(q: Query, values: dict[str, str] | None = None) -> str:
    """Return the query text with its VALUES line binding ``values`` (else the defaults).

    The same text runs in rdflib, in Oxigraph and at any endpoint; a query
    without parameters comes back unchanged.
    """
    terms = bindings(q, values)
    if q.values_line is None:
        return q.text
    lines = q.text.splitlines(keepends=True)
    old = lines[q.values_line]
    indent = old[:len(old) - len(old.lstrip())]
    end = "\n" if old.endswith("\n") else ""
    lines[q.values_line] = indent + values_block({p.name: terms[p.name] for p in q.params}) + end
    return "".join(lines)


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
