"""The reference table of county-level divisions (GB/T 2260), such as the demonstration zone's.

A row names its city (``city_code``) and province (``province_code``); a district
of a municipality such as Shanghai has no city level, so it lies directly in the
municipality and leaves ``city_code`` empty.
"""

from __future__ import annotations

from kg.errors import DataError
from kg.loaders.context import Context
from kg.loaders.sources import Source
from kg.loaders.tables import check_code, division, rows
from kg.ontology import YRD

COLUMNS = ["code", "name_zh", "name_en", "level", "city_code", "province_code"]
LEVELS = ("district", "county", "county-level city")


def register(src: Source, ctx: Context) -> list:
    """Pass one: learn every county-level division's id."""
    table = []
    for line, raw, row in rows(src, COLUMNS):
        check_code(row["code"], src, line)
        if row["level"] not in LEVELS:
            raise DataError(f"unknown level '{row['level']}'; expected one of {', '.join(LEVELS)}",
                            src.path, line, "level")
        ctx.register(f"div/{row['code']}", {YRD.CountyDivision}, src.path, line, "code")
        table.append((line, raw, row))
    return table


def emit(src: Source, table: list, ctx: Context) -> None:
    """Pass two: write names, codes and the city (or municipality) each division lies in."""
    for line, raw, row in table:
        node, evidence = division(src, line, raw, row, YRD.CountyDivision, ctx)
        if not row["province_code"]:
            raise DataError("a county-level division needs its province's code", src.path, line,
                            "province_code")
        province = ctx.resolve(f"div/{row['province_code']}", src.path, line, "province_code",
                               expect=YRD.ProvincialDivision)
        if row["city_code"]:
            check_code(row["city_code"], src, line, "city_code")
            city = ctx.resolve(f"div/{row['city_code']}", src.path, line, "city_code", expect=YRD.City)
            if (city, YRD.locatedIn, province) not in ctx.graph:
                raise DataError(f"the city div/{row['city_code']} does not lie in the province "
                                f"div/{row['province_code']}", src.path, line, "city_code")
            st = ctx.statement(node, YRD.locatedIn, city, evidence)
            ctx.fact(st, node, city, evidence, False, src.path, line, "city_code")
        elif ctx.onto.is_a(ctx.ids[f"div/{row['province_code']}"].types, YRD.Municipality):
            st = ctx.statement(node, YRD.locatedIn, province, evidence)
            ctx.fact(st, node, province, evidence, False, src.path, line, "province_code")
        else:
            raise DataError("only a district of a municipality may leave the city empty", src.path,
                            line, "city_code")
