"""The reference table of provincial-level divisions and cities (GB/T 2260)."""

from __future__ import annotations

import re

from rdflib import URIRef

from kg.errors import DataError
from kg.loaders.context import Context
from kg.loaders.sources import Source
from kg.loaders.tables import check_code, division, rows
from kg.ontology import SCHEMA, YRD

COLUMNS = ["code", "name_zh", "name_en", "level", "province_code", "wikidata"]
LEVELS = {"province": "Province", "province-level municipality": "Municipality", "city": "City"}


def register(src: Source, ctx: Context) -> list:
    """Pass one: learn every division's id and class."""
    table = []
    for line, raw, row in rows(src, COLUMNS):
        check_code(row["code"], src, line)
        level = LEVELS.get(row["level"])
        if level is None:
            raise DataError(f"unknown level '{row['level']}'; expected one of "
                            f"{', '.join(LEVELS)}", src.path, line, "level")
        ctx.register(f"div/{row['code']}", {YRD[level]}, src.path, line, "code")
        table.append((line, raw, row, level))
    return table


def emit(src: Source, table: list, ctx: Context) -> None:
    """Pass two: write labels, codes, province membership and Wikidata links."""
    for line, raw, row, level in table:
        node, evidence = division(src, line, raw, row, YRD[level], ctx)
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
            ctx.graph.add((node, SCHEMA.sameAs, URIRef(f"http://www.wikidata.org/entity/{row['wikidata']}")))
