"""kg.results: a Result as an aligned table, or as SPARQL 1.1 CSV, TSV and JSON."""

from __future__ import annotations

import json
import unicodedata

import pytest
from rdflib import Literal, URIRef

from kg.errors import InputError
from kg.ontology import ID
from kg.results import format_csv, format_json, format_result, format_table, format_tsv
from kg.sparql import Result

XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

RESULT = Result(["org", "label", "n"], [(ID["org/jiuli"], Literal("久立特材", lang="zh"),
                                         Literal(3)), (ID["org/sjtu"], None, Literal(1))])


def test_format_table_aligns_wide_characters():
    lines = format_table(RESULT).splitlines()
    assert lines[0].split() == ["org", "label", "n"]
    assert lines[2].startswith("id:org/jiuli  久立特材  3")
    assert lines[-1] == "(2 rows)"


def test_format_csv_and_tsv():
    assert format_csv(RESULT).splitlines() == ["org,label,n", "https://w3id.org/yrd-kg/id/org/jiuli,久立特材,3",
                                               "https://w3id.org/yrd-kg/id/org/sjtu,,1"]
    assert format_tsv(RESULT).splitlines() == ["?org\t?label\t?n",
                                               '<https://w3id.org/yrd-kg/id/org/jiuli>\t"久立特材"@zh\t3',
                                               "<https://w3id.org/yrd-kg/id/org/sjtu>\t\t1"]


def test_format_json_is_sparql_results_json():
    body = json.loads(format_json(RESULT))
    assert body["head"]["vars"] == ["org", "label", "n"]
    first, second = body["results"]["bindings"]
    assert first["label"] == {"type": "literal", "value": "久立特材", "xml:lang": "zh"}
    assert first["n"] == {"type": "literal", "value": "3", "datatype": str(XSD_INTEGER)}
    assert "label" not in second


def test_unknown_format_is_an_error():
    with pytest.raises(InputError, match="unknown format"):
        format_result(RESULT, "xml")




def test_to_dataframe_keeps_values_and_shows_curies(graph):
    """kg.to_dataframe: one column per variable, IRIs as CURIEs, numbers as numbers, None unbound."""
    import kg
    from kg.catalogue import find
    from kg.sparql import run

    result = run(graph, find("project-targets"))
    df = kg.to_dataframe(result)
    assert list(df.columns) == result.vars and len(df) == len(result.rows)
    row = df[df["measuresZh"] == "长三角区域全年新建公共充电桩"].iloc[0]
    assert row["project"] == "id:project/charging-network" and row["value"] == 70000.0  # 超7万个
    assert df["responsible"].isna().any()  # the article names no responsible body for some
    full = kg.to_dataframe(result, curies=False)
    assert full["project"].iloc[0].startswith("https://w3id.org/yrd-kg/id/project/")


def test_format_table_shows_control_characters_as_escapes():
    """A label holding ESC sequences once reached the terminal as they were (issue 15)."""
    hostile = Literal("red\x1b[31m\x1b]0;owned\x07 \u202egnp.exe")
    text = format_table(Result(["x"], [(hostile,)]))
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in text.replace("\n", ""))
    assert "red\\u001b[31m\\u001b]0;owned\\u0007 \\u202egnp.exe" in text
