"""kg.cli.queries: yrdkg queries and yrdkg query."""

from __future__ import annotations

import json

import pytest

from kg.catalogue import catalogue
from kg.cli import main

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
