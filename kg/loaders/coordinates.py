"""The reference table of coordinates: one point (longitude, latitude) per administrative division.

Each row names a division already in the graph (a division or county table) by
its GB/T 2260 code and Chinese name, and gives the point in decimal degrees as
the table's source gives it (``yrd:longitude``, ``yrd:latitude``; see their
scope note on the datum). The row is the quote of both facts.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import SKOS, XSD, Literal

from kg.errors import DataError
from kg.loaders.context import Context
from kg.loaders.sources import Source
from kg.loaders.tables import check_code, rows
from kg.ontology import YRD

COLUMNS = ["code", "name_zh", "longitude", "latitude"]
RANGES = {"longitude": (Decimal(-180), Decimal(180)), "latitude": (Decimal(-90), Decimal(90))}


def register(src: Source, ctx: Context) -> list:
    """Pass one: read and check the rows (the divisions they name are registered by other tables)."""
    table = []
    for line, raw, row in rows(src, COLUMNS):
        check_code(row["code"], src, line)
        for field, (low, high) in RANGES.items():
            try:
                value = Decimal(row[field])
            except InvalidOperation:
                raise DataError(f"'{row[field]}' is not a number of degrees", src.path, line, field) from None
            if not low <= value <= high or not value.is_finite():
                raise DataError(f"{row[field]} is out of range ({low} to {high})", src.path, line, field)
        table.append((line, raw, row))
    return table


def emit(src: Source, table: list, ctx: Context) -> None:
    """Pass two: write each division's longitude and latitude, quoting the row."""
    for line, raw, row in table:
        node = ctx.resolve(f"div/{row['code']}", src.path, line, "code", expect=YRD.AdministrativeDivision)
        if (node, SKOS.prefLabel, Literal(row["name_zh"], lang="zh")) not in ctx.graph:
            raise DataError(f"div/{row['code']} is not named '{row['name_zh']}' in the division tables",
                            src.path, line, "name_zh")
        evidence = [ctx.quote(raw, src.id, src.path, line, "row")]
        for field, prop in (("longitude", YRD.longitude), ("latitude", YRD.latitude)):
            st = ctx.statement(node, prop, Literal(row[field], datatype=XSD.decimal), evidence)
            ctx.fact(st, node, None, evidence, False, src.path, line, field)
