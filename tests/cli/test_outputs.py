"""kg.cli.outputs: yrdkg export, render, analyze and docs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export import FORMATS, serialize
from kg.tables import graphml


def test_export_to_file_and_stdout(cli, tmp_path, graph):
    target = tmp_path / "g.nt"
    code, out, err = cli("export", "--format", "nt", "-o", str(target))
    assert code == 0 and out == "" and "Wrote" in err
    assert isomorphic(Graph().parse(target, format="nt"), graph)
    code, out, _ = cli("export")
    assert code == 0 and out.startswith("@prefix")
    assert isomorphic(Graph().parse(data=out, format="turtle"), graph)


def test_cli_writes_each_format(tmp_path, graph, capsys):
    for fmt in ("nq", "jsonld"):
        out = tmp_path / f"yrd{FORMATS[fmt].suffixes[0]}"
        assert main(["export", "--format", fmt, "--output", str(out)]) == 0
        assert out.read_bytes() == serialize(graph, fmt)


def test_cli_writes_graphml_and_csv(tmp_path, graph, capsys):
    out = tmp_path / "yrd.graphml"
    assert main(["export", "--format", "graphml", "--output", str(out)]) == 0
    assert out.read_bytes() == graphml(graph)
    assert main(["export", "--format", "csv", "--output", str(tmp_path / "tables")]) == 0
    assert {p.name for p in (tmp_path / "tables").iterdir()} == {"nodes.csv", "edges.csv"}


def test_cli_csv_needs_a_folder_or_zip(capsys):
    assert main(["export", "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "--output DIR" in err and "Traceback" not in err


def test_cli_render_writes_the_page(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["render", "--view", "provinces"]) == 0
    assert (tmp_path / "out" / "explorer.html").exists()
    assert not (tmp_path / "lib").exists()
    assert "provinces view, 4 nodes" in capsys.readouterr().err


def test_cli_render_reports_what_was_left_out(tmp_path, capsys):
    out = tmp_path / "x.html"
    assert main(["render", "--out", str(out), "--focus", "org/jiuli"]) == 0
    err = capsys.readouterr().err
    assert "3 nodes" in err and "left out (focus org/jiuli, depth 1)" in err


def test_cli_render_takes_several_classes_and_provinces(tmp_path, capsys):
    out = tmp_path / "x.html"
    argv = ["render", "--out", str(out), "--class", "Enterprise", "University", "--province", "浙江省",
            "--province", "div/310000"]
    assert main(argv) == 0
    assert "class Enterprise, University; province div/310000, div/330000" in capsys.readouterr().err


def test_cli_render_folds_a_large_view_into_groups(tmp_path, capsys):
    out = tmp_path / "x.html"
    assert main(["render", "--out", str(out), "--max-nodes", "10", "--group-by", "class"]) == 0
    err = capsys.readouterr().err
    assert "groups by class (click one to open it)" in err and "left out" not in err
    assert '"grouping":{"by":"class"' in out.read_text(encoding="utf-8")
    assert main(["render", "--out", str(out), "--max-nodes", "10", "--group-by", "none"]) == 0
    assert "10 nodes" in capsys.readouterr().err and '"grouping"' not in out.read_text(encoding="utf-8")


def test_cli_render_draws_a_query_result(tmp_path, capsys):
    out = tmp_path / "q.html"
    argv = ["render", "--out", str(out), "--query", "consortia-led-from-province", "--param",
            "province=id:div/330000"]
    assert main(argv) == 0
    assert "entities in its results" in capsys.readouterr().err
    assert "org/jiuli" in out.read_text(encoding="utf-8")
    assert main(["render", "--out", str(tmp_path / "x.html"), "--query", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no query called 'nosuch'") and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_cli_render_bad_focus_is_one_line_error(tmp_path, capsys):
    assert main(["render", "--out", str(tmp_path / "x.html"), "--focus", "nobody"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no entity is called 'nobody'") and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_cli_build_writes_the_explorer_too(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path)]) == 0
    html = (tmp_path / "explorer.html").read_text(encoding="utf-8")
    assert "new vis.Network" in html and "浙江久立特材科技股份有限公司" in html
    # the page yrdkg render writes: the whole view switches to the other two itself
    assert all(f'data-view="{name}"' in html for name in ("organisations", "provinces"))
    assert "explorer.html  the interactive explorer" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["--max-nodes", "40"]], ids=["full", "folded"])
def test_cli_render_is_the_same_bytes_whatever_the_hash_seed(tmp_path, argv):
    # Issue 15: the quote numbering followed rdflib's hash order, so two runs differed.
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"explorer-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "render", "--out", str(out), *argv],
                       check=True, env=env, capture_output=True, timeout=600)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_cli_analyze(capsys, tmp_path):
    assert main(["analyze", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Organisation network: 33 organisations, 46 edges")
    assert "Province-by-province cooperation matrix" in out
    assert (tmp_path / "province-matrix.csv").exists()
    assert main(["analyze", "--format", "csv"]) == 0
    assert "# centrality\nrank,organisation," in capsys.readouterr().out


def test_cli_site_says_what_is_wrong(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["site", "--out", str(taken)]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "taken" in err and "replaces its folder whole" in err
    assert "Traceback" not in err
    assert main(["site", "--out", str(tmp_path / "new"), "--entity", "org/nothing"]) == 2
    err = capsys.readouterr().err
    assert "no entity is called 'org/nothing'" in err and not (tmp_path / "new").exists()
