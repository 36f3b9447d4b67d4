"""Serialise the graph to files other tools read; Turtle and N-Triples byte-stable."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from kg.build import bind_prefixes

# name -> (rdflib format, file suffix)
FORMATS = {
    "turtle": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "jsonld": ("json-ld", ".jsonld"),
}


def serialize(g: Graph, fmt: str) -> bytes:
    """Return ``g`` in ``fmt``; the same graph always gives the same Turtle bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    if fmt == "nt":
        lines = sorted(set(g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    bind_prefixes(g)
    if fmt == "jsonld":
        return g.serialize(format="json-ld", encoding="utf-8", auto_compact=True, sort_keys=True)
    return g.serialize(format=FORMATS[fmt][0], encoding="utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader never sees a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
