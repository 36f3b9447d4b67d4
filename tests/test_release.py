"""kg.release and yrdkg release: versioned files, checksums, notes; byte-identical for the same inputs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml
from rdflib import DCAT, OWL
from rdflib.compare import isomorphic

from kg import __version__
from kg.cli import main
from kg.dataset import DATASET
from kg.files import read_rdf
from kg.release import release

REPO = Path(__file__).resolve().parents[1]
SUFFIXES = (".ttl", ".nt", ".jsonld")


def test_release_writes_files_checksums_and_notes(graph, tmp_path):
    done = release(graph, tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"yrd-kg-{__version__}{s}" for s in SUFFIXES]
                           + [f"yrd-kg-{__version__}.sha256", f"yrd-kg-{__version__}-notes.md"])
    lines = done.checksums.read_text().splitlines()
    assert len(lines) == 4
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest
    check = subprocess.run(["sha256sum", "-c", done.checksums.name], cwd=tmp_path, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    for path in done.files:
        assert isomorphic(read_rdf(path), graph), path.name
    assert "First release" in done.notes.read_text()


def test_release_is_byte_identical_in_another_process(graph, tmp_path):
    """Another process (another hash seed) writes the same bytes for the same inputs."""
    release(graph, tmp_path / "a")
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run([sys.executable, "-m", "kg.cli", "release", "--out", str(tmp_path / "b")],
                   check=True, env=env, capture_output=True)
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_release_version_and_notes_from_a_previous_release(graph, tmp_path, capsys):
    first = release(graph, tmp_path, "0.0.1")
    old_nt = next(p for p in first.files if p.suffix == ".nt")
    # the previous release lacks one fact the current graph holds
    old = read_rdf(old_nt)
    s, p, o = next(t for t in old if str(t[0]).endswith("org/jiuli") and "altLabel" in str(t[1]))
    old.remove((s, p, o))
    old.serialize(tmp_path / "old.nt", format="nt", encoding="utf-8")
    assert main(["release", "--out", str(tmp_path), "--version", "0.0.2",
                 "--previous", str(tmp_path / "old.nt")]) == 0
    notes = (tmp_path / "yrd-kg-0.0.2-notes.md").read_text()
    assert "1 facts added, 0 removed, 0 changed" in notes and str(o) in notes
    g = read_rdf(tmp_path / "yrd-kg-0.0.2.ttl")
    assert str(g.value(DATASET, OWL.versionInfo)) == "0.0.2"
    assert any(str(u).endswith("yrd-kg-0.0.2.nt") for u in g.objects(None, DCAT.downloadURL))


def test_release_with_a_missing_previous_is_an_input_error(tmp_path, capsys):
    assert main(["release", "--out", str(tmp_path / "d"), "--previous", str(tmp_path / "nope.nt")]) == 2
    assert "nope.nt" in capsys.readouterr().err and not (tmp_path / "d").exists()


def test_diff_command(graph, tmp_path, capsys):
    release(graph, tmp_path)
    nt = tmp_path / f"yrd-kg-{__version__}.nt"
    assert main(["diff", str(nt), str(tmp_path / f"yrd-kg-{__version__}.ttl")]) == 0
    assert "No facts differ." in capsys.readouterr().out


def test_citation_names_the_package_version_and_licences():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__ and cff["cff-version"] == "1.2.0"
    assert (REPO / "LICENSE").read_text().startswith("\n                                 Apache License")
    assert "CC BY 4.0" in (REPO / "LICENSE-DATA.md").read_text()


def test_diff_of_a_missing_or_broken_file_is_one_line_error(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    for old, new in ((tmp_path / "none.nt", bad), (bad, bad)):
        assert main(["diff", str(old), str(new)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
