"""kg.cli.graph: yrdkg build, validate, stats, init and synth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import main
from kg.paths import packaged_data

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID = FIXTURES / "valid" / "consortium.ttl"
INVALID = FIXTURES / "invalid" / "InnovationConsortiumShape--two-leads.ttl"


def test_validate_curated_graph(cli):
    code, out, err = cli("validate")
    assert code == 0, out
    assert out.startswith("The graph conforms: 0 violations")
    assert "Validating the curated graph" in err


def test_validate_valid_file(cli):
    code, out, _ = cli("validate", str(VALID))
    assert code == 0 and out.startswith("The graph conforms")


def test_validate_invalid_file_text(cli):
    code, out, _ = cli("validate", str(INVALID))
    assert code == 1
    assert out.startswith("The graph does NOT conform: 1 violation")
    assert "Violation: Innovation consortium (yrds:InnovationConsortiumShape)" in out
    assert "联合体 / Consortium [id:consortium/c]" in out


def test_validate_json(cli):
    code, out, _ = cli("validate", "--format", "json", str(INVALID))
    body = json.loads(out)
    assert code == 1 and body["conforms"] is False and body["counts"]["violation"] == 1
    assert body["results"][0]["shape"] == "https://w3id.org/yrd-kg/shapes#InnovationConsortiumShape"


def test_validate_turtle(cli):
    code, out, _ = cli("validate", "--format", "turtle", str(INVALID))
    assert code == 1
    assert "sh:ValidationReport" in out and Graph().parse(data=out, format="turtle")


def test_validate_several_files_are_merged(cli, tmp_path):
    # the quote and source live in one file, the entity that cites them in another
    head, _, body = VALID.read_text(encoding="utf-8").partition("<div/330000>")
    prefixes = "".join(line + "\n" for line in head.splitlines() if line.startswith("@"))
    (tmp_path / "a.ttl").write_text(head, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(prefixes + "<div/330000>" + body, encoding="utf-8")
    code, out, _ = cli("validate", str(tmp_path / "a.ttl"), str(tmp_path / "b.ttl"))
    assert code == 0, out


@pytest.mark.parametrize("name, content, words", [
    ("missing.ttl", None, "file not found"),
    ("graph.txt", "x", "cannot tell the RDF format from the suffix '.txt'"),
    ("broken.ttl", "<a> <b> .", "not valid turtle"),
], ids=["missing", "suffix", "syntax"])
def test_validate_bad_file_is_one_error_line(cli, tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = cli("validate", str(path))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and words in err and err.count("\n") == 1


def test_stats_names_sources_by_short_id_and_label(cli):
    code, out, _ = cli("stats")
    assert code == 0
    assert re.search(r"^  InnovationConsortium\s+3$", out, re.M)
    assert re.search(r"^  src/zjrb-2024-06-yrd-forum\s+\d+ facts\s+\d+ quotes$", out, re.M)
    assert "长三角合作“上新”" in out and "GB/T 2260 codes" in out
    assert "https://w3id.org/yrd-kg/id/src" not in out


def test_build_writes_graph_and_report(cli, tmp_path):
    out_dir = tmp_path / "out"
    code, _, err = cli("build", "--out", str(out_dir))
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["build-manifest.json", "explorer.html",
                                                         "validation-report.txt", "yrd.ttl"]
    assert (out_dir / "validation-report.txt").read_text(encoding="utf-8").startswith("The graph conforms")
    assert "[3/3] Writing outputs" in err


def test_build_with_violations_exits_1_and_writes_only_the_report(cli, tmp_path, bad_data):
    # a second lead for the lung-cancer consortium: loads fine, but breaks the one-lead shape
    lead = "{agent: org/westlake-lab, role: LeadRole, quote: '西湖实验室牵头成立的长三角肺癌新药创新联合体'}"
    second = lead.replace("org/westlake-lab", "org/sjtu").replace("'}", "', inferred: {en: a test}}")
    bad_data("consortia.yaml", lead, lead + "\n      - " + second)
    out_dir = tmp_path / "out"
    code, _, err = cli("build", "--out", str(out_dir))
    assert code == 1
    assert "was not written" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["validation-report.txt"]
    report = (out_dir / "validation-report.txt").read_text(encoding="utf-8")
    assert "Violation: Innovation consortium (yrds:InnovationConsortiumShape)" in report
    assert "长三角肺癌新药创新联合体 / Yangtze River Delta Lung Cancer New Drugs Innovation Consortium" \
        in report


def files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def test_init_copies_the_packaged_records(cli, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()  # an empty folder is fine
    code, out, err = cli("init", str(target))
    assert code == 0 and out == "" and f"--data {target}" in err
    assert files_below(target) == files_below(packaged_data())
    assert {"README.md", "sources.yaml", "sources/000_9c34a97e38f5307b.txt",
            "reference/yrd-divisions.csv"} <= set(files_below(target))
    assert (target / "people.yaml").read_bytes() == (packaged_data() / "people.yaml").read_bytes()


def test_init_refuses_a_folder_that_holds_anything(cli, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = cli("init", str(target))
    assert code == 2 and out == "" and "not a new or empty folder" in err
    assert files_below(target) == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no temporary copy left beside it


def test_cli_writes_the_file(tmp_path, capsys):
    out = tmp_path / "s.nt"
    assert main(["synth", "--triples", "3000", "--out", str(out), "--seed", "1"]) == 0
    assert out.stat().st_size > 0
    assert "triples" in capsys.readouterr().err


def test_build_out_naming_a_file_is_refused_before_any_work(tmp_path, limited):
    """--out naming an existing file once failed with a traceback after building (issue 15)."""
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    run = limited("build", "--out", target, cpu=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    (error,) = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert "notes.txt" in error and "will not write over a file" in error
    assert "[1/3]" not in run.stderr and target.read_text(encoding="utf-8") == "mine"
