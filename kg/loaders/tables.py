"""Reference tables registered in sources.yaml: read a CSV source row by row.

Each row is its own quote (the row's line of the CSV), so a table's facts are
checked against the file like any other source text.
"""

from __future__ import annotations

import csv
import io
import re

from rdflib import RDF, SKOS, Literal, URIRef

from kg.errors import DataError
from kg.loaders.context import Context
from kg.loaders.sources import Source
from kg.ontology import ID, YRD


def rows(src: Source, columns: list[str]):
    """Yield (line number, raw line, row dict); the header must be ``columns``."""
    lines = src.text.splitlines()
    reader = csv.reader(io.StringIO(src.text))
    header = next(reader, None)
    if header != columns:
        raise DataError(f"expected the columns {','.join(columns)}, found {header}", src.path, 1)
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(columns):
            raise DataError(f"expected {len(columns)} columns, found {len(row)}", src.path, line)
        yield line, lines[line - 1], dict(zip(columns, row, strict=True))


def check_code(code: str, src: Source, line: int, field: str = "code") -> None:
    """A GB/T 2260 code is six digits."""
    if not re.fullmatch(r"\d{6}", code):
        raise DataError(f"'{code}' is not a six-digit code", src.path, line, field)


def division(src: Source, line: int, raw: str, row: dict, cls: URIRef, ctx: Context):
    """Write a division's class, names, code and row quote; return its node and evidence."""
    g = ctx.graph
    node = ID[f"div/{row['code']}"]
    evidence = [ctx.quote(raw, src.id, src.path, line, "row")]
    g.add((node, RDF.type, cls))
    for field, lang in (("name_zh", "zh"), ("name_en", "en")):
        if not row[field].strip():
            raise DataError("the name must not be empty", src.path, line, field)
        g.add((node, SKOS.prefLabel, Literal(row[field].strip(), lang=lang)))
    for q in evidence:
        g.add((node, YRD.evidence, q))
    st = ctx.statement(node, YRD.code, Literal(row["code"]), evidence)
    ctx.fact(st, node, None, evidence, False, src.path, line, "code")
    return node, evidence
