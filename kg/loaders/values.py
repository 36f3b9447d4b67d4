"""Read typed values from YAML: dates, years, counts, numbers, booleans, text.

Each reader takes a YAML value and returns an rdflib Literal, or raises
ValueError naming what it expected.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from rdflib import RDFS, XSD, Literal

from kg.errors import DataError


def date(v):
    if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
        return Literal(v)
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        try:
            return Literal(datetime.date.fromisoformat(v))
        except ValueError:
            pass
    raise ValueError("a date (YYYY-MM-DD)")


def year(v):
    if isinstance(v, bool) or not re.fullmatch(r"\d{4}", str(v)):
        raise ValueError("a year (YYYY)")
    return Literal(str(v), datatype=XSD.gYear)


def year_month(v):
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
        raise ValueError("a year and month (YYYY-MM)")
    return Literal(v, datatype=XSD.gYearMonth)


def count(v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise ValueError("a whole number of zero or more")
    return Literal(v, datatype=XSD.nonNegativeInteger)


def decimal(v):
    """Read a number as xsd:decimal in canonical form (70000 -> "70000.0").

    The canonical form keeps a decimal point (XSD 1.0 Part 2, 3.2.3.2), which is
    also how Turtle writes a decimal; without it a Turtle round trip changes the
    literal's lexical form.
    """
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("a number")
    text = format(Decimal(str(v)), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def boolean(v):
    if not isinstance(v, bool):
        raise ValueError("true or false")
    return Literal(v)


def string(v):
    if not isinstance(v, str) or not v.strip():
        raise ValueError("a non-empty text")
    return Literal(v)


DATATYPES = {
    XSD.date: date,
    XSD.gYear: year,
    XSD.gYearMonth: year_month,
    XSD.nonNegativeInteger: count,
    XSD.decimal: decimal,
    XSD.boolean: boolean,
    XSD.string: string,
    RDFS.Literal: string,
}


def read(reader, item, key, rec, field):
    """Read ``item[key]`` of a nested record with ``reader``, naming the field on failure."""
    try:
        return reader(item[key])
    except ValueError as exc:
        raise DataError(f"{item[key]!r} is not {exc}", rec.file, item.line_of(key),
                        f"{field}.{key}") from None
