"""The reference table of provincial-level divisions and cities (GB/T 2260)."""

from __future__ import annotations

import csv
import io
import re

from rdflib import RDF, SKOS, Literal, URIRef

from kg.errors import DataError
from kg.loaders.context import Context
from kg.loaders.sources import Source
from kg.ontology import ID, SCHEMA, YRD

COLUMNS = ["code", "name_zh", "name_en", "level", "province_code", "wikidata"]
LEVELS = {"province": "Province", "province-level municipality": "Municipality", "city": "City"}


def _rows(src: Source):
    """Yield (line number, raw line, row dict) and check the table's form."""
    lines = src.text.splitlines()
    reader = csv.reader(io.StringIO(src.text))
    header = next(reader, None)
    if header != COLUMNS:
        raise DataError(f"expected the columns {','.join(COLUMNS)}, found {header}", src.path, 1)
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise DataError(f"expected {len(COLUMNS)} columns, found {len(row)}", src.path, line)
        yield line, lines[line - 1], dict(zip(COLUMNS, row, strict=True))


def register(src: Source, ctx: Context) -> list:
    """Pass one: learn every division's id and class."""
    rows = []
    for line, raw, row in _rows(src):
        if not re.fullmatch(r"\d{6}", row["code"]):
            raise DataError(f"'{row['code']}' is not a six-digit code", src.path, line, "code")
        level = LEVELS.get(row["level"])
        if level is None:
            raise DataError(f"unknown level '{row['level']}'; expected one of "
                            f"{', '.join(LEVELS)}", src.path, line, "level")
        ctx.register(f"div/{row['code']}", {YRD[level]}, src.path, line, "code")
        rows.append((line, raw, row, level))
    return rows


def emit(src: Source, rows: list, ctx: Context) -> None:
    """Pass two: write labels, codes, province membership and Wikidata links."""
    g = ctx.graph
    for line, raw, row, level in rows:
        node = ID[f"div/{row['code']}"]
        evidence = [ctx.quote(raw, src.id, src.path, line, "row")]
        g.add((node, RDF.type, YRD[level]))
        for field, lang in (("name_zh", "zh"), ("name_en", "en")):
            if not row[field].strip():
                raise DataError("the name must not be empty", src.path, line, field)
            g.add((node, SKOS.prefLabel, Literal(row[field].strip(), lang=lang)))
        for q in evidence:
            g.add((node, YRD.evidence, q))
        st = ctx.statement(node, YRD.code, Literal(row["code"]), evidence)
        ctx.fact(st, node, None, evidence, False, src.path, line, "code")
        if level == "City":
            if not row["province_code"]:
                raise DataError("a city needs its province's code", src.path, line, "province_code")
            province = ctx.resolve(f"div/{row['province_code']}", src.path, line, "province_code",
                                   expect=YRD.ProvincialDivision)
            st = ctx.statement(node, YRD.locatedIn, province, evidence)
            ctx.fact(st, node, province, evidence, False, src.path, line, "province_code")
        elif row["province_code"]:
            raise DataError("a provincial-level division has no province code", src.path, line,
                            "province_code")
        if row["wikidata"]:
            if not re.fullmatch(r"Q\d+", row["wikidata"]):
                raise DataError(f"'{row['wikidata']}' is not a Wikidata id", src.path, line, "wikidata")
            g.add((node, SCHEMA.sameAs, URIRef(f"http://www.wikidata.org/entity/{row['wikidata']}")))
