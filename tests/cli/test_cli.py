"""kg.cli: every verb, its exit codes, its --help, and the reference in docs/cli.md."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main, parser

REPO = Path(__file__).resolve().parents[2]  # the checkout the tests run in
README = REPO / "docs" / "cli.md"  # the command reference, moved out of the README
HELP_WIDTH = "100"


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
    """docs/cli.md quotes each command's --help; regenerate with YRDKG_UPDATE_README=1 pytest -k readme."""
    expected = {" ".join(["yrdkg", *argv, "--help"]): help_text(capsys, monkeypatch, *argv)
                for argv in [[]] + [[c] for c in commands()]}
    readme = README.read_text(encoding="utf-8")
    if os.environ.get("YRDKG_UPDATE_README") == "1":
        readme = BLOCK.sub(lambda m: f"<!-- {m[1]} -->\n```text\n{expected[m[1]]}```", readme)
        README.write_text(readme, encoding="utf-8")
    found = dict(BLOCK.findall(readme))
    assert set(found) == set(expected), "docs/cli.md must quote --help of yrdkg and of every command"
    for cmd, text in expected.items():
        assert found[cmd] == text, f"the block for '{cmd}' in docs/cli.md is out of date"


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


# -- export and stats ---------------------------------------------------------------


# -- bad data -------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["validate"], ["export"], ["stats"], ["build", "--out", "OUT"]],
                         ids=lambda a: a[0])
def test_data_error_exits_2_without_traceback(cli, tmp_path, argv, bad_data):
    bad_data("people.yaml", "id: person/wu-jianming", "id: person/wang-yiming")
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: ") and "people.yaml, line" in last
    assert "duplicate id 'person/wang-yiming'" in last
    assert not (tmp_path / "out").exists()


# -- a curator's own records: init, --data, YRDKG_DATA -------------------------------


def test_data_option_builds_from_a_curators_copy(capsys, cli, tmp_path, monkeypatch):
    mine = tmp_path / "mine"
    assert main(["init", str(mine)]) == 0
    people = mine / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert text.count("en: Wu Jianming}") == 1
    people.write_text(text.replace("en: Wu Jianming}", "en: Wu Jianming (edited)}"), encoding="utf-8")
    monkeypatch.setenv("YRDKG_DATA", str(tmp_path / "nowhere"))  # --data wins over the environment
    capsys.readouterr()
    code, out, _ = cli("export", "--format", "nt", "--data", str(mine))
    assert code == 0 and '"Wu Jianming (edited)"@en' in out
    code, out, err = cli("stats")  # from YRDKG_DATA, which does not exist
    assert code == 2 and out == "" and "nowhere: no data folder here" in err


def test_the_commands_that_build_the_graph_take_data():
    sub = next(a for a in parser()._actions if a.dest == "command")
    takes = {name for name, p in sub.choices.items() if "--data" in p._option_string_actions}
    assert takes == {"build", "validate", "export", "render", "serve", "publish", "stats", "query", "analyze",
                     "coverage", "site", "release", "mentions", "tables"}


# -- imports on demand ---------------------------------------------------------------
HEAVY = ("pyshacl", "networkx", "pyvis", "owlrl", "kg.validation.shacl", "kg.render.page", "kg.analytics",
         "rdflib.plugins.sparql.parser")


def _loaded_by(command: str) -> set[str]:
    """The HEAVY modules a new interpreter holds after making the parser of ``command``."""
    code = (f"import sys; from kg.cli import parser; parser({command!r}); "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(run.stdout.split())


def test_a_query_loads_no_validation_network_or_explorer_module():
    """`yrdkg query` used to import every command's modules (pyshacl, networkx, the explorer) first."""
    assert _loaded_by("query") == set()
    assert _loaded_by("build") >= {"pyshacl", "networkx", "kg.validation.shacl", "kg.render.page"}


def test_release_and_diff_load_only_their_own_command_module():
    """release and diff (issue 14) joined COMMANDS: making their parser loads kg.cli.release alone."""
    code = ("import sys; from kg.cli import parser; parser({command!r}); "
            "print(' '.join(m for m in sys.modules if m.startswith('kg.cli.')))")
    for command in ("release", "diff"):
        run = subprocess.run([sys.executable, "-c", code.format(command=command)], capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert set(run.stdout.split()) == {"kg.cli.common", "kg.cli.release"}, command
        assert _loaded_by(command) == set(), command
