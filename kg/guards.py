"""Refuse what in an RDF file would make a parser hang, exhaust memory or reach the network.

The checks run before any parser sees the file; :func:`parse_error` says in one
InputError why a parser failed all the same.

- :func:`check_term_lengths`: no term past :data:`MAX_TERM` (16 MiB, the most
  Oxigraph's parsers hold; its RDF/XML parser, which has no bound, aborts the
  process on a 200 MB literal when memory is limited).
- :func:`check_xml_entities`: no XML entity defined by other entities (the
  "billion laughs"), no external or parameter entity.
- :func:`check_local_context`: no JSON-LD ``@context`` to fetch.
- :func:`parse_error`: a parser's exception (bad syntax, Oxigraph's limit, no
  memory) as the InputError the command line prints.

``kg.files.rdf_file`` runs the checks for every RDF file yrd-kg reads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kg.errors import InputError

# Oxigraph's parsers hold one token (an IRI, a literal, a JSON string) in a buffer of at most
# 16 MiB and stop with a MemoryError beyond it ("Reached the buffer maximal size of 16777216");
# pyoxigraph offers no way to raise it. Its RDF/XML parser has no such bound (a 200 MB literal
# aborts the process when memory is limited) and rdflib's slows quadratically, so yrd-kg holds
# every format to the same limit.
MAX_TERM = 16 << 20
# What ends a run of a term's bytes in each syntax, for the check: a line break, except in RDF/XML
# (text runs from tag to tag) and JSON-LD (a string from quote to quote; a JSON-LD file is often
# one line).
_TERM_ENDS = {"rdfxml": (b"<", "text between two XML tags"), "jsonld": (b'"', "text between two quotes")}
_LIMIT = (f"yrd-kg reads no term (IRI or literal) longer than {MAX_TERM >> 20} MiB, the most "
          "Oxigraph's parsers hold (a limit of Oxigraph's that cannot be raised)")
_PROCEED = ("keep texts this long out of the graph (link to the document instead), or split them "
            "into literals of a few MiB")


def check_term_lengths(path: Path, syntax: str) -> None:
    """Refuse a file in which a term, or a line, runs past :data:`MAX_TERM` bytes.

    A run is measured from one line break to the next (in RDF/XML from tag to tag,
    in JSON-LD from quote to quote: ``_TERM_ENDS``), so a Turtle file of lines
    longer than 16 MiB is refused too, and a long string over many short lines is
    left to Oxigraph's own limit (:func:`parse_error`).
    """
    end, what = _TERM_ENDS.get(syntax, (b"\n", "a line"))
    start = _long_run(path, end)
    if start is not None:
        raise InputError(f"{what} longer than {MAX_TERM:,} bytes starts here: {_LIMIT}; {_PROCEED}",
                         path, _line_at(path, start))


def _long_run(path: Path, end: bytes) -> int | None:
    """Return the offset where the first run of more than MAX_TERM bytes without ``end`` starts.

    The file is read in blocks of MAX_TERM bytes, and a run inside one block is
    shorter than that: only the ends of each block are searched, so the scan costs
    about a read of the file (15 ms for the 153 MB synthetic graph of 1M triples).
    """
    offset = run_start = 0  # where the block, and the run that reaches into it, begin
    with open(path, "rb") as fh:
        while block := fh.read(MAX_TERM):
            first = block.find(end)
            if offset + (len(block) if first < 0 else first) - run_start > MAX_TERM:
                return run_start
            if first >= 0:
                run_start = offset + block.rfind(end) + 1
            offset += len(block)
    return None


def _line_at(path: Path, offset: int) -> int:
    """Return the line number of byte ``offset`` of the file ``path``."""
    lines = 1
    with open(path, "rb") as fh:
        while offset > 0 and (block := fh.read(min(offset, MAX_TERM))):
            lines += block.count(b"\n")
            offset -= len(block)
    return lines


def parse_error(exc: Exception, syntax: str, path: Path | str) -> InputError:
    """Return the InputError for a parser's exception: bad syntax, no memory, or a term past
    Oxigraph's limit that :func:`check_term_lengths` did not see (a long string over many lines,
    whose line is then that of the first run of MAX_TERM bytes without a double quote)."""
    if isinstance(exc, MemoryError):
        if "buffer maximal size" not in str(exc):
            return InputError("too large to parse in the memory this process may use", path)
        start = _long_run(Path(path), b'"') if Path(path).is_file() else None
        return InputError(f"a term longer than {MAX_TERM:,} bytes (a long string over several lines?)"
                          f"{'' if start is None else ' starts here'}: {_LIMIT}; {_PROCEED}", path,
                          None if start is None else _line_at(Path(path), start))
    return InputError(f"not valid {syntax}: {' '.join(str(exc).split())[:500]}", path)


_ENTITY = re.compile(rb"<!ENTITY\s+(%\s*)?[^\s>]+\s*(\"[^\"]*\"|'[^']*'|[^>]*)", re.S)
MAX_ENTITY = 4096  # characters of an entity's text: a namespace IRI needs far fewer


def check_xml_entities(path: Path) -> None:
    """Refuse XML entities that expand beyond their own text: nested, external or parameter ones.

    ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">`` (a namespace spelt once) is fine.
    """
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)  # the DTD comes before the root element
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "replace").encode("utf-8")
    for m in _ENTITY.finditer(head):
        value = m.group(2)
        line = head[:m.start()].count(b"\n") + 1
        if m.group(1) or value[:1] not in (b'"', b"'"):
            raise InputError("an external or parameter XML entity; yrd-kg reads no DTD beyond the "
                             "file's own plain entities", path, line)
        if b"&" in value or b"%" in value or len(value) > MAX_ENTITY:
            raise InputError(f"an XML entity defined by other entities (or longer than {MAX_ENTITY} "
                             "characters); nested entities can expand a small file into gigabytes, so "
                             "they are refused", path, line)
    if b"<!DOCTYPE" in head and b"]>" not in head and b"<!ENTITY" in head:
        raise InputError("the XML document type definition runs past its first megabyte", path)


def check_local_context(path: Path) -> None:
    """Refuse a JSON-LD file whose ``@context`` (or ``@import``) names a document to fetch."""
    try:
        doc = json.loads(path.read_bytes())
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid JSON: {' '.join(str(exc).split())[:300]}", path) from None
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                refs = [value] if isinstance(value, str) else (
                    [v for v in value if isinstance(v, str)] if isinstance(value, list) else [])
                if key in ("@context", "@import") and refs:
                    raise InputError(f"its {key} is the remote document {refs[0]!r}, which yrd-kg does "
                                     "not fetch unless asked: give --allow-remote-context, or put the "
                                     "context in the file", path)
                stack.append(value)
