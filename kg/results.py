"""Write a query Result for people (a table, a DataFrame) or for programs (SPARQL 1.1 CSV, TSV, JSON).

The table shows IRIs as CURIEs and counts Chinese characters double, so columns
line up in a terminal; CSV, TSV and JSON follow the SPARQL 1.1 result formats
(https://www.w3.org/TR/sparql11-results-csv-tsv/, https://www.w3.org/TR/sparql11-results-json/).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from decimal import Decimal

from rdflib import XSD, BNode, Literal, URIRef

from kg.errors import InputError, ToolError
from kg.names import curie
from kg.sparql import Result


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _visible(s: str) -> str:
    """Show control and format characters (ESC, bidi overrides) as escapes: a cell cannot drive
    the terminal (colours, cursor moves, a title change) or reorder what is shown around it."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in s)


def _clip(s: str, limit: int) -> str:
    s = _visible(" ".join(s.split()))
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


FORMATS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(result: Result, fmt: str) -> str:
    """Write ``result`` in the format named ``fmt`` (a key of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}'; formats are {', '.join(FORMATS)}")
    return FORMATS[fmt](result)


def to_dataframe(result: Result, curies: bool = True):
    """Return ``result`` as a pandas DataFrame, one column per variable, for notebooks.

    IRIs become CURIEs (``id:org/jiuli``; full IRIs with ``curies=False``), literals
    their Python values (integers, decimals as floats, dates, booleans; text as
    ``str``), unbound cells ``None``. pandas is optional: ``pip install 'yrd-kg[pandas]'``.

    >>> to_dataframe(Result(["n"], [(Literal(2),), (None,)]))["n"].tolist()
    [2, None]
    """
    try:
        import pandas as pd
    except ImportError:
        raise ToolError("kg.to_dataframe needs pandas: pip install 'yrd-kg[pandas]' (or pandas)") from None

    def cell(t):
        if t is None:
            return None
        if isinstance(t, URIRef):
            return curie(t) if curies else str(t)
        if isinstance(t, Literal):
            value = t.toPython()
            if isinstance(value, Decimal):
                return float(value)
            return value if not isinstance(value, Literal) else str(t)
        return str(t)

    return pd.DataFrame([[cell(t) for t in row] for row in result.rows], columns=list(result.vars),
                        dtype=object)
