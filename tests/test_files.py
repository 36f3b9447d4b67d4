"""kg.files: the one RDF format table, reading RDF files, and outputs written whole."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef, plugin
from rdflib.parser import Parser
from rdflib.serializer import Serializer

from kg.errors import InputError
from kg.files import (
    RDF_FORMATS,
    SUFFIXES,
    XSD_STRING,
    atomic_dir,
    check_target,
    open_atomic,
    rdf_file,
    rdf_format,
    read_rdf,
    to_rdflib,
    write_atomic,
    write_files,
    write_output,
    write_set,
)

EX = "http://example.org/"


def test_every_format_names_itself_once_in_each_library():
    assert set(RDF_FORMATS) == {"turtle", "nt", "nq", "trig", "jsonld", "rdfxml", "n3"}
    assert len({f.oxigraph for f in RDF_FORMATS.values()}) == len(RDF_FORMATS)
    assert len({f.rdflib for f in RDF_FORMATS.values()}) == len(RDF_FORMATS)
    assert len(SUFFIXES) == sum(len(f.suffixes) for f in RDF_FORMATS.values())  # no suffix twice
    for fmt in RDF_FORMATS.values():
        plugin.get(fmt.rdflib, Parser), plugin.get(fmt.rdflib, Serializer)  # raise if rdflib lacks it
        first = fmt.suffixes[0].lstrip(".")
        assert ox.RdfFormat.from_extension(first) == fmt.oxigraph


@pytest.mark.parametrize("suffix, media", [(".ttl", "text/turtle"), (".NT", "application/n-triples"),
                                           (".nq", "application/n-quads"), (".owl", "application/rdf+xml"),
                                           (".json", "application/ld+json")])
def test_suffix_gives_format_and_media_type(suffix, media):
    assert rdf_format(f"x{suffix}").media_type == media


def test_unknown_suffix_and_missing_file_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot tell the RDF format from the suffix '.txt'"):
        rdf_format(tmp_path / "g.txt")
    with pytest.raises(InputError, match="file not found"):
        rdf_file(tmp_path / "g.ttl")


def test_read_rdf_gives_the_union_of_a_datasets_graphs(tmp_path):
    path = tmp_path / "d.nq"
    path.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}p> \"x\" <{EX}g> .\n", encoding="utf-8")
    g = read_rdf(path)
    assert set(g) == {(URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b")),
                      (URIRef(EX + "a"), URIRef(EX + "p"), Literal("x"))}


def test_to_rdflib_makes_the_terms_rdflibs_own_parser_makes():
    """The one Oxigraph -> rdflib converter (kg.store and read_rdf share it): IRIs, blank nodes, plain,
    language-tagged and typed literals read as rdflib's Turtle parser reads them; an RDF 1.2 triple
    term is refused."""
    from rdflib import Graph

    text = (f'@prefix ex: <{EX}> .\nex:s ex:p "plain", "zh"@zh, "12"^^<http://www.w3.org/2001/XMLSchema'
            '#nonNegativeInteger>, "s"^^<http://www.w3.org/2001/XMLSchema#string>, ex:o, [ ex:p "x" ] .\n')
    ours = {tuple(to_rdflib(t) for t in (q.subject, q.predicate, q.object))
            for q in ox.parse(text, format=ox.RdfFormat.TURTLE) if not isinstance(q.subject, ox.BlankNode)
            and not isinstance(q.object, ox.BlankNode)}
    theirs = {t for t in Graph().parse(data=text, format="turtle")
              if not any(type(x).__name__ == "BNode" for x in t)}
    s, p = URIRef(EX + "s"), URIRef(EX + "p")
    # Oxigraph cannot tell "s"^^xsd:string from "s" (RDF 1.1 makes them one); both read as plain
    explicit = {(s, p, Literal("s", datatype=URIRef(XSD_STRING)))}
    assert explicit <= theirs
    assert len(ours) == 5 and ours == (theirs - explicit) | {(s, p, Literal("s"))}
    assert to_rdflib(None) is None and to_rdflib(ox.BlankNode("b1")).toPython() == "b1"
    triple = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "o"))
    with pytest.raises(TypeError, match="triple term"):
        to_rdflib(triple)


def test_read_rdf_reports_bad_syntax_with_the_file(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="not valid turtle") as info:
        read_rdf(path)
    assert info.value.file == path


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "out.ttl"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["out.ttl"]


def test_write_atomic_leaves_files_readable(tmp_path):
    """Regression: mkstemp's 0600 made build/docs unreadable when served."""
    target = tmp_path / "out.txt"
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"
    assert stat.S_IMODE(target.stat().st_mode) & stat.S_IROTH


def test_a_failed_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    write_atomic(target, b"old")
    with pytest.raises(RuntimeError), open_atomic(target, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_dir_replaces_a_folder_whole_or_not_at_all(tmp_path):
    target = tmp_path / "store"
    with atomic_dir(target) as tmp:
        (tmp / "a").write_text("1", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_dir(target) as tmp:
        (tmp / "b").write_text("2", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert [p.name for p in target.iterdir()] == ["a"]
    with atomic_dir(target) as tmp:
        (tmp / "c").write_text("3", encoding="utf-8")
    assert [p.name for p in target.iterdir()] == ["c"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert stat.S_IMODE(target.stat().st_mode) & stat.S_IXOTH


def test_write_files_to_a_folder_or_a_deterministic_zip(tmp_path):
    files = {"nodes.csv": b"Id\n", "edges.csv": b"Source\n"}
    assert write_files(tmp_path / "dir", files) == [tmp_path / "dir" / n for n in files]
    assert (tmp_path / "dir" / "edges.csv").read_bytes() == b"Source\n"
    write_files(tmp_path / "a.zip", files)
    write_files(tmp_path / "b.zip", files)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        assert z.namelist() == list(files) and z.read("nodes.csv") == b"Id\n"
    (tmp_path / "plain").write_bytes(b"")
    with pytest.raises(InputError, match="into a folder"):
        write_files(tmp_path / "plain", files)


def test_write_output_to_a_file_or_stdout(tmp_path, capfdbinary):
    assert write_output(b"data\n", tmp_path / "o.txt") == tmp_path / "o.txt"
    assert write_output(b"out\n", "-") is None
    assert capfdbinary.readouterr().out == b"out\n"


# -- hostile targets (issue 15): an output replaces only a regular file --------------------
def _targets(tmp_path):
    """A symlink to a file, a named pipe (standing in for a device such as /dev/null, which a
    failing test must not replace) and a folder: none may become a regular file."""
    real = tmp_path / "real.ttl"
    real.write_bytes(b"keep")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    return real, {"a symbolic link": link, "a named pipe": fifo, "a folder": folder}


def test_write_atomic_refuses_links_devices_and_folders(tmp_path):
    real, targets = _targets(tmp_path)
    for kind, path in targets.items():
        before = os.lstat(path)
        with pytest.raises(InputError, match=f"will not write over {kind}"):
            write_atomic(path, b"graph")
        after = os.lstat(path)
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode), kind
    assert real.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.ttl", "link.ttl", "pipe.ttl", "real.ttl"]


def test_write_atomic_refuses_a_character_device():
    """A device is only looked at (lstat): the check comes before any temporary file is made."""
    devices = [d for d in ("/dev/zero", "/dev/full", "/dev/null") if stat.S_ISCHR(os.lstat(d).st_mode)]
    if not devices:
        pytest.skip("no character device to look at")
    with pytest.raises(InputError, match="will not write over a character device"):
        check_target(devices[0])


def test_atomic_dir_refuses_a_link_or_a_file(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "mine.txt").write_text("mine")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "file").write_text("mine")
    for name, kind in (("link", "a symbolic link"), ("file", "a file")):
        with pytest.raises(InputError, match=f"will not write over {kind}"):
            with atomic_dir(tmp_path / name):
                pass
    assert (tmp_path / "link").is_symlink() and (tmp_path / "real" / "mine.txt").read_text() == "mine"
    assert (tmp_path / "file").read_text() == "mine"


def test_cli_output_to_a_link_or_a_pipe_is_a_one_line_error(tmp_path, limited):
    real, targets = _targets(tmp_path)
    for kind, path in targets.items():
        run = limited("export", "--format", "nt", "-o", path, cpu=120)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        (error,) = [line for line in run.stderr.splitlines() if line.startswith("error:")]
        assert path.name in error and f"will not write over {kind}" in error
    assert real.read_bytes() == b"keep" and (tmp_path / "link.ttl").is_symlink()
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.ttl").st_mode)


def test_an_output_below_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / "file").write_text("mine")
    with pytest.raises(InputError, match="a part of this path is a file"):
        write_atomic(tmp_path / "file" / "out.ttl", b"graph")
    assert (tmp_path / "file").read_text() == "mine"


# -- hostile RDF (issue 15): no hang, no bomb, no network ---------------------------------------
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


@pytest.mark.parametrize("name, words", [
    ("entity-bomb.rdf", "line 5: an XML entity defined by other entities"),
    ("external-entity.rdf", "line 2: an external or parameter XML entity"),
    ("remote-context.jsonld", "'http://127.0.0.1:9/context.jsonld', which yrd-kg does not fetch"),
])
@pytest.mark.parametrize("engine", ["pyshacl", "oxigraph"])
def test_hostile_rdf_is_a_one_line_error_within_bounds(name, words, engine, limited):
    """A 1 KB RDF/XML file of nested entities once kept validate busy for over 100 s (Oxigraph's
    parser aborts the process out of memory); a remote @context was fetched."""
    run = limited("validate", "--engine", engine, HOSTILE / name, cpu=60, memory=2 << 30)
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    (error,) = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert name in error and words in error


def test_plain_xml_entities_still_read(tmp_path):
    """An entity spelling a namespace once, as OWL files do, is no threat."""
    path = tmp_path / "ok.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                    '<rdf:Description rdf:about="&ex;s"><rdf:value>v</rdf:value></rdf:Description>\n'
                    '</rdf:RDF>\n', encoding="utf-8")
    assert (URIRef(EX + "s"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#value"),
            Literal("v")) in read_rdf(path)


def test_a_remote_context_is_not_fetched(tmp_path):
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.5)
        path = tmp_path / "remote.jsonld"
        path.write_text(f'{{"@context": ["http://127.0.0.1:{server.getsockname()[1]}/c.jsonld"], '
                        '"@id": "http://example.org/s"}', encoding="utf-8")
        with pytest.raises(InputError, match="--allow-remote-context"):
            read_rdf(path)
        with pytest.raises(socket.timeout):
            server.accept()  # nobody called


def test_a_long_literal_reads_in_linear_time(tmp_path, limited):
    """rdflib's N-Triples parser slowed quadratically with a literal's length (4 MB: 56 s); Oxigraph
    reads it. The CPU limit makes a slow parse fail the test."""
    path = tmp_path / "long.nt"
    path.write_text(f'<{EX}s> <{EX}p> "{"長" * 4_000_000}" .\n', encoding="utf-8")
    run = limited("validate", "--engine", "pyshacl", path, cpu=30, memory=3 << 30)
    assert run.returncode in (0, 1, 2) and "Traceback" not in run.stderr, run.stderr
    assert "Validating long.nt (1 triples)" in run.stderr or "error:" in run.stderr


def test_an_rdf_input_that_is_a_folder_is_a_one_line_error(tmp_path):
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(InputError, match="not a file"):
        read_rdf(tmp_path / "dir.ttl")


def test_a_killed_writers_temporary_file_is_cleaned(tmp_path):
    """A build killed mid-write left .yrd.ttl.*.tmp behind for good (issue 15); the next write into
    the folder removes those of dead processes and keeps those of live ones."""
    import subprocess
    import sys

    code = ("import os, sys; from kg.files import open_atomic\n"
            "with open_atomic(sys.argv[1]) as fh:\n    fh.write(b'half'); fh.flush(); os._exit(9)")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "yrd.ttl")], timeout=60)
    assert run.returncode == 9
    (left,) = tmp_path.glob(".yrd.ttl.*.tmp")
    mine = tmp_path / f".explorer.html.{os.getpid()}.abc.tmp"  # a live writer's: kept
    mine.write_bytes(b"busy")
    write_atomic(tmp_path / "yrd.ttl", b"whole")
    assert not left.exists() and mine.exists()
    assert (tmp_path / "yrd.ttl").read_bytes() == b"whole"


def test_write_set_replaces_all_or_none(tmp_path):
    """A build once wrote yrd.ttl, then failed or was killed before explorer.html: a new graph
    beside an old explorer (issue 15). A set is checked and written whole before any rename."""
    ttl, html = tmp_path / "yrd.ttl", tmp_path / "explorer.html"
    ttl.write_bytes(b"old graph")
    html.mkdir()  # a target that cannot be replaced: the whole set must stay as it was
    with pytest.raises(InputError, match="will not write over a folder"):
        write_set({ttl: b"new graph", html: b"new page"})
    assert ttl.read_bytes() == b"old graph"
    html.rmdir()
    html.write_bytes(b"old page")
    assert write_set({ttl: b"new graph", html: b"new page"}) == [ttl, html]
    assert (ttl.read_bytes(), html.read_bytes()) == (b"new graph", b"new page")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["explorer.html", "yrd.ttl"]
