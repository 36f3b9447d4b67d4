"""The yrdkg command: every verb, its exit codes, its --help, and the README's reference."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main, parser
from kg.paths import packaged_data

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in
FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "consortium.ttl"
INVALID = FIXTURES / "invalid" / "InnovationConsortiumShape--two-leads.ttl"
README = REPO / "README.md"
HELP_WIDTH = "100"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def commands() -> list[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def help_text(capsys, monkeypatch, *argv) -> str:
    monkeypatch.setenv("COLUMNS", HELP_WIDTH)
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


# -- help and the README ---------------------------------------------------------
def test_command_list():
    assert {"build", "export", "stats", "validate"} <= set(commands())


@pytest.mark.parametrize("argv", [[]] + [[c] for c in commands()], ids=lambda a: " ".join(a) or "yrdkg")
def test_help(capsys, monkeypatch, argv):
    text = help_text(capsys, monkeypatch, *argv)
    assert text.startswith(f"usage: yrdkg {' '.join(argv)}".rstrip())


BLOCK = re.compile(r"<!-- (yrdkg(?: \w+)? --help) -->\n```text\n(.*?)```", re.S)


def test_readme_cli_reference_matches_help(capsys, monkeypatch):
    """The README quotes each command's --help; regenerate with YRDKG_UPDATE_README=1 pytest -k readme."""
    expected = {" ".join(["yrdkg", *argv, "--help"]): help_text(capsys, monkeypatch, *argv)
                for argv in [[]] + [[c] for c in commands()]}
    readme = README.read_text(encoding="utf-8")
    if os.environ.get("YRDKG_UPDATE_README") == "1":
        readme = BLOCK.sub(lambda m: f"<!-- {m[1]} -->\n```text\n{expected[m[1]]}```", readme)
        README.write_text(readme, encoding="utf-8")
    found = dict(BLOCK.findall(readme))
    assert set(found) == set(expected), "the README must quote --help of yrdkg and of every command"
    for cmd, text in expected.items():
        assert found[cmd] == text, f"the README block for '{cmd}' is out of date"


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("yrd-kg ")


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["export", "--format", "rdfxml"],
                                  ["validate", "--format", "csv"]], ids=" ".join)
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage: yrdkg" in capsys.readouterr().err


# -- validate ----------------------------------------------------------------------
def test_validate_curated_graph(capsys):
    code, out, err = run(capsys, "validate")
    assert code == 0, out
    assert out.startswith("The graph conforms: 0 violations")
    assert "Validating the curated graph" in err


def test_validate_valid_file(capsys):
    code, out, _ = run(capsys, "validate", str(VALID))
    assert code == 0 and out.startswith("The graph conforms")


def test_validate_invalid_file_text(capsys):
    code, out, _ = run(capsys, "validate", str(INVALID))
    assert code == 1
    assert out.startswith("The graph does NOT conform: 1 violation")
    assert "Violation: Innovation consortium (yrds:InnovationConsortiumShape)" in out
    assert "联合体 / Consortium [id:consortium/c]" in out


def test_validate_json(capsys):
    code, out, _ = run(capsys, "validate", "--format", "json", str(INVALID))
    body = json.loads(out)
    assert code == 1 and body["conforms"] is False and body["counts"]["violation"] == 1
    assert body["results"][0]["shape"] == "https://w3id.org/yrd-kg/shapes#InnovationConsortiumShape"


def test_validate_turtle(capsys):
    code, out, _ = run(capsys, "validate", "--format", "turtle", str(INVALID))
    assert code == 1
    assert "sh:ValidationReport" in out and Graph().parse(data=out, format="turtle")


def test_validate_several_files_are_merged(capsys, tmp_path):
    # the quote and source live in one file, the entity that cites them in another
    head, _, body = VALID.read_text(encoding="utf-8").partition("<div/330000>")
    prefixes = "".join(line + "\n" for line in head.splitlines() if line.startswith("@"))
    (tmp_path / "a.ttl").write_text(head, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(prefixes + "<div/330000>" + body, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(tmp_path / "a.ttl"), str(tmp_path / "b.ttl"))
    assert code == 0, out


@pytest.mark.parametrize("name, content, words", [
    ("missing.ttl", None, "file not found"),
    ("graph.txt", "x", "cannot tell the RDF format from the suffix '.txt'"),
    ("broken.ttl", "<a> <b> .", "not valid turtle"),
], ids=["missing", "suffix", "syntax"])
def test_validate_bad_file_is_one_error_line(capsys, tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and words in err and err.count("\n") == 1


# -- export and stats ---------------------------------------------------------------
def test_export_to_file_and_stdout(capsys, tmp_path, graph):
    target = tmp_path / "g.nt"
    code, out, err = run(capsys, "export", "--format", "nt", "-o", str(target))
    assert code == 0 and out == "" and "Wrote" in err
    assert isomorphic(Graph().parse(target, format="nt"), graph)
    code, out, _ = run(capsys, "export")
    assert code == 0 and out.startswith("@prefix")
    assert isomorphic(Graph().parse(data=out, format="turtle"), graph)


def test_stats_names_sources_by_short_id_and_label(capsys):
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert re.search(r"^  InnovationConsortium\s+3$", out, re.M)
    assert re.search(r"^  src/zjrb-2024-06-yrd-forum\s+\d+ facts\s+\d+ quotes$", out, re.M)
    assert "长三角合作“上新”" in out and "GB/T 2260 codes" in out
    assert "https://w3id.org/yrd-kg/id/src" not in out


# -- bad data -------------------------------------------------------------------------
def bad_data(tmp_path, monkeypatch, file: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(packaged_data(), data, ignore=shutil.ignore_patterns("README.md"))
    text = (data / file).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (data / file).write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setenv("YRDKG_DATA", str(data))
    return data


@pytest.mark.parametrize("argv", [["validate"], ["export"], ["stats"], ["build", "--out", "OUT"]],
                         ids=lambda a: a[0])
def test_data_error_exits_2_without_traceback(capsys, tmp_path, monkeypatch, argv):
    bad_data(tmp_path, monkeypatch, "people.yaml", "id: person/wu-jianming", "id: person/wang-yiming")
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and "people.yaml, line" in last
    assert "duplicate id 'person/wang-yiming'" in last
    assert not (tmp_path / "out").exists()


def test_build_writes_graph_and_report(capsys, tmp_path):
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "build", "--out", str(out_dir))
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["explorer.html", "validation-report.txt", "yrd.ttl"]
    assert (out_dir / "validation-report.txt").read_text(encoding="utf-8").startswith("The graph conforms")
    assert "[3/3] Writing outputs" in err


def test_build_with_violations_exits_1_and_writes_only_the_report(capsys, tmp_path, monkeypatch):
    # a second lead for the lung-cancer consortium: loads fine, but breaks the one-lead shape
    lead = "{agent: org/westlake-lab, role: LeadRole, quote: '西湖实验室牵头成立的长三角肺癌新药创新联合体'}"
    second = lead.replace("org/westlake-lab", "org/sjtu").replace("'}", "', inferred: {en: a test}}")
    bad_data(tmp_path, monkeypatch, "consortia.yaml", lead, lead + "\n      - " + second)
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "build", "--out", str(out_dir))
    assert code == 1
    assert "was not written" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["validation-report.txt"]
    report = (out_dir / "validation-report.txt").read_text(encoding="utf-8")
    assert "Violation: Innovation consortium (yrds:InnovationConsortiumShape)" in report
    assert "长三角肺癌新药创新联合体 / Yangtze River Delta Lung Cancer New Drugs Innovation Consortium" \
        in report


# -- a curator's own records: init, --data, YRDKG_DATA -------------------------------
def files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def test_init_copies_the_packaged_records(capsys, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()  # an empty folder is fine
    code, out, err = run(capsys, "init", str(target))
    assert code == 0 and out == "" and f"--data {target}" in err
    assert files_below(target) == files_below(packaged_data())
    assert {"README.md", "sources.yaml", "sources/000_9c34a97e38f5307b.txt",
            "reference/yrd-divisions.csv"} <= set(files_below(target))
    assert (target / "people.yaml").read_bytes() == (packaged_data() / "people.yaml").read_bytes()


def test_init_refuses_a_folder_that_holds_anything(capsys, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "init", str(target))
    assert code == 2 and out == "" and "not a new or empty folder" in err
    assert files_below(target) == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no temporary copy left beside it


def test_data_option_builds_from_a_curators_copy(capsys, tmp_path, monkeypatch):
    mine = tmp_path / "mine"
    assert main(["init", str(mine)]) == 0
    people = mine / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert text.count("en: Wu Jianming}") == 1
    people.write_text(text.replace("en: Wu Jianming}", "en: Wu Jianming (edited)}"), encoding="utf-8")
    monkeypatch.setenv("YRDKG_DATA", str(tmp_path / "nowhere"))  # --data wins over the environment
    capsys.readouterr()
    code, out, _ = run(capsys, "export", "--format", "nt", "--data", str(mine))
    assert code == 0 and '"Wu Jianming (edited)"@en' in out
    code, out, err = run(capsys, "stats")  # from YRDKG_DATA, which does not exist
    assert code == 2 and out == "" and "nowhere: no data folder here" in err


def test_the_commands_that_build_the_graph_take_data():
    sub = next(a for a in parser()._actions if a.dest == "command")
    takes = {name for name, p in sub.choices.items() if "--data" in p._option_string_actions}
    assert takes == {"build", "validate", "export", "render", "serve", "publish", "stats", "query", "analyze",
                     "coverage"}
