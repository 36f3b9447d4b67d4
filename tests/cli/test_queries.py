"""kg.cli.queries: yrdkg queries and yrdkg query."""

from __future__ import annotations

import json

import pytest

import kg.cli.queries as cli_queries
from kg.catalogue import catalogue
from kg.cli import main
from kg.paths import CACHE_ENV

NAMES = [q.name for q in catalogue()]


def test_cli_lists_the_catalogue(capsys):

    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    assert all(n in out for n in NAMES)
    assert "--param province=<iri>  (default id:div/330000)" in out


def test_cli_runs_a_query_with_a_parameter(capsys):

    assert main(["query", "organisations-by-province", "--param", "province=id:div/340000",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("province,org,")
    orgs = {line.split(",")[1].rsplit("/", 1)[-1] for line in out[1:]}
    assert "royalstar" in orgs and "yrd-energy-depts" in orgs and "jiuli" not in orgs


def test_cli_runs_a_file_on_oxigraph(tmp_path, capsys):

    path = tmp_path / "count.rq"
    path.write_text("PREFIX yrd: <https://w3id.org/yrd-kg/ontology#>\n"
                    "SELECT (COUNT(*) AS ?n) WHERE { ?c a yrd:InnovationConsortium }\n", encoding="utf-8")
    assert main(["query", "--file", str(path), "--engine", "oxigraph", "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["results"]["bindings"][0]["n"]["value"] == "3"


@pytest.mark.parametrize("argv,message", [
    (["query", "posts", "--param", "nope=1"], "has no parameter 'nope'"),
    (["query", "posts", "--param", "noequals"], "key=value"),
    (["query"], "give either a catalogue query NAME or --file"),
    (["query", "--file", "missing.rq"], "query file not found"),
])
def test_cli_errors_exit_2_without_traceback(capsys, argv, message):

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err



ASKED = ["query", "organisations-by-province", "--param", "province=id:div/340000", "--format", "csv"]


def test_an_answer_asked_again_comes_from_the_cache_and_equals_a_fresh_one(tmp_path, monkeypatch):
    """The same query, parameters, engine and format on the same inputs: the kept answer, byte for byte."""
    assert main([*ASKED, "-o", str(tmp_path / "first.csv")]) == 0
    with monkeypatch.context() as m:
        m.setattr(cli_queries, "run", lambda *a, **k: pytest.fail("ran the query again"))
        assert main([*ASKED, "-o", str(tmp_path / "again.csv")]) == 0
    monkeypatch.setenv(CACHE_ENV, "off")  # a fresh answer
    assert main([*ASKED, "-o", str(tmp_path / "fresh.csv")]) == 0
    first = (tmp_path / "first.csv").read_bytes()
    assert first.count(b"\n") > 5 and first == (tmp_path / "again.csv").read_bytes()
    assert first == (tmp_path / "fresh.csv").read_bytes()


@pytest.mark.parametrize("change", [["--param", "province=id:div/320000"], ["--format", "tsv"],
                                    ["--engine", "rdflib"]])
def test_another_parameter_format_or_engine_is_answered_afresh(tmp_path, monkeypatch, change):
    assert main([*ASKED, "-o", str(tmp_path / "first.csv")]) == 0
    calls, real = [], cli_queries.run
    monkeypatch.setattr(cli_queries, "run", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert main([*ASKED, *change, "-o", str(tmp_path / "other.txt")]) == 0
    assert len(calls) == 1


def test_a_changed_query_file_is_answered_afresh(tmp_path, capsys):
    path, counts = tmp_path / "count.rq", []
    for extra in ("", "FILTER(false)"):
        path.write_text("PREFIX yrd: <https://w3id.org/yrd-kg/ontology#>\n"
                        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a yrd:InnovationConsortium {extra} }}\n",
                        encoding="utf-8")
        assert main(["query", "--file", str(path), "--format", "json"]) == 0
        counts.append(json.loads(capsys.readouterr().out)["results"]["bindings"][0]["n"]["value"])
    assert counts == ["3", "0"]
