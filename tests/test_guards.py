"""kg.guards: what an RDF file may not hold, refused before a parser sees it (issue 15).

The big files are written into tmp_path at test time and removed at once (never committed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.guards import MAX_TERM, check_term_lengths, parse_error

EX = "http://example.org/"
BIG = 200_000_000  # the literal of issue 15: Oxigraph raised MemoryError, or aborted the process


def _lines(n: int) -> bytes:
    return b"".join(f'<{EX}s{i}> <{EX}p> "short" .\n'.encode() for i in range(n))


@pytest.mark.parametrize("syntax, end", [("nt", b"\n"), ("turtle", b"\n"), ("rdfxml", b"<"),
                                         ("jsonld", b'"')])
def test_a_run_past_the_limit_is_refused_with_its_line(tmp_path, syntax, end):
    """The run starts after 40,000 short lines (a block boundary falls inside it) and is named by line."""
    path = tmp_path / "long"
    head = _lines(40_000) if end == b"\n" else _lines(40_000).replace(b"<", b"(").replace(b'"', b"'")
    path.write_bytes(head + (b"" if end == b"\n" else end) + b"a" * (MAX_TERM + 1) + end)
    with pytest.raises(InputError) as err:
        check_term_lengths(path, syntax)
    assert err.value.line == 40_001
    assert "16 MiB" in str(err.value) and "cannot be raised" in str(err.value)


def test_runs_up_to_the_limit_pass(tmp_path):
    """Two runs of exactly MAX_TERM bytes, one across a block boundary, are read; so is a file
    without a line break at its end."""
    path = tmp_path / "ok.nt"
    path.write_bytes(b"a" * MAX_TERM + b"\n" + b"b" * MAX_TERM)
    check_term_lengths(path, "nt")
    path.write_bytes(b"x\n" + b"a" * MAX_TERM + b"\n" + b"b" * 10)
    check_term_lengths(path, "nt")
    path.write_bytes(b"x\n" + b"a" * (MAX_TERM + 1))
    with pytest.raises(InputError, match="line 2: a line longer than"):
        check_term_lengths(path, "nt")


def test_parse_error_names_the_cause():
    oxigraph = parse_error(MemoryError("Reached the buffer maximal size of 16777216"), "turtle", "x.ttl")
    assert "x.ttl: a term longer than 16,777,216 bytes (a long string" in str(oxigraph)  # no file: no line
    assert "memory this process may use" in str(parse_error(MemoryError(), "turtle", "x.ttl"))
    assert str(parse_error(SyntaxError("bad\n  token"), "nt", "x.nt")) == "x.nt: not valid nt: bad token"


# -- every command that reads a user's RDF file, under resource limits ---------------------------
def _big(path: Path) -> Path:
    """Write a file of one triple whose literal is BIG bytes, in the syntax of ``path``'s suffix."""
    lit = "a" * BIG
    text = {
        ".nt": f'<{EX}s> <{EX}p> "{lit}" .\n',
        ".nq": f'<{EX}s> <{EX}p> "{lit}" <{EX}g> .\n',
        ".ttl": f'@prefix ex: <{EX}> .\nex:s ex:p "{lit}" .\n',
        ".trig": f'@prefix ex: <{EX}> .\nex:g {{ ex:s ex:p "{lit}" . }}\n',
        ".n3": f'@prefix ex: <{EX}> .\nex:s ex:p "{lit}" .\n',
        ".rdf": f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                f' xmlns:ex="{EX}">\n<rdf:Description rdf:about="{EX}s"><ex:p>{lit}</ex:p>'
                '</rdf:Description>\n</rdf:RDF>\n',
        ".jsonld": f'{{"@id": "{EX}s", "{EX}p": "{lit}"}}\n',
    }[path.suffix]
    path.write_text(text, encoding="ascii")
    return path


# the line the literal stands on, in each syntax
LINES = {".nt": 1, ".nq": 1, ".ttl": 2, ".trig": 2, ".n3": 2, ".rdf": 3, ".jsonld": 1}


@pytest.mark.slow
@pytest.mark.parametrize("suffix", sorted(LINES))
def test_a_200_mb_literal_is_a_one_paragraph_error_in_every_reader(suffix, tmp_path, limited):
    """Once: a MemoryError traceback from Oxigraph (its parsers stop at 16 MiB a token), a process
    aborted in Oxigraph's RDF/XML parser, or rdflib's RDF/XML parser busy past the CPU limit.
    Each command that reads a user's file (validate on both engines, diff, serve) now stops at
    once, naming the file and line, and writes nothing."""
    path = _big(tmp_path / f"big{suffix}")
    small = tmp_path / "small.nt"
    small.write_text(f'<{EX}s> <{EX}p> "o" .\n', encoding="utf-8")
    report = tmp_path / "diff.md"
    report.write_text("mine", encoding="utf-8")
    try:
        runs = [limited("validate", "--engine", "oxigraph", path, cpu=60, memory=1 << 30),
                limited("validate", "--engine", "pyshacl", path, cpu=60, memory=1 << 30),
                limited("diff", small, path, "-o", report, cpu=60, memory=1 << 30),
                limited("serve", "--file", path, "--store", tmp_path / "store", "--port", "1",
                        cpu=60, memory=1 << 30)]
    finally:
        path.unlink()
    for run in runs:
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr[-2000:]
        (error,) = [line for line in run.stderr.splitlines() if line.startswith("error:")]
        assert f"big{suffix}, line {LINES[suffix]}: " in error and "longer than 16,777,216 bytes" in error
        assert run.stdout == ""
    assert report.read_text(encoding="utf-8") == "mine" and not (tmp_path / "store").exists()


@pytest.mark.slow
def test_a_long_string_over_many_lines_meets_oxigraphs_own_limit(tmp_path, limited):
    """A Turtle long string of short lines passes the line check; Oxigraph's limit stops it, and
    that MemoryError is the same clear error, with the line where a run of 16 MiB without a quote
    begins (Oxigraph does not say where)."""
    path = tmp_path / "lines.ttl"
    path.write_text(f'@prefix ex: <{EX}> .\nex:s ex:p """' + ("a" * 99 + "\n") * (BIG // 100) + '""" .\n',
                    encoding="ascii")
    try:
        runs = [limited("validate", "--engine", engine, path, cpu=60, memory=1 << 30)
                for engine in ("oxigraph", "pyshacl")]
    finally:
        path.unlink()
    for run in runs:
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr[-2000:]
        assert "error: lines.ttl, line 2: a term longer than 16,777,216 bytes" in run.stderr, run.stderr
        assert run.stdout == ""
