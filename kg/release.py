"""Write a versioned release of the graph: ``dist/yrd-kg-VERSION.{ttl,nt,jsonld}``, checksums, notes.

The files are the exports of :mod:`kg.export` (each carries the dataset's
description, :mod:`kg.dataset`), so the same inputs give the same bytes. Beside
them, ``yrd-kg-VERSION.sha256`` lists each file's SHA-256 in the format
``sha256sum -c`` reads, and ``yrd-kg-VERSION-notes.md`` says what changed since
the previous release (:mod:`kg.diff`), or what the first release holds. Every
file is written atomically; the checksums come last, so a release whose
checksum file exists is complete.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.dataset import RELEASE_FORMATS, entities, with_description, without_description
from kg.diff import diff, markdown
from kg.export import serialize
from kg.files import RDF_FORMATS, read_rdf, write_atomic
from kg.version import __version__

DIST = Path("dist")


@dataclass
class Release:
    """What a release wrote: the graph files, the checksum file and the notes."""

    version: str
    files: list[Path]
    checksums: Path
    notes: Path


def release_name(version: str = __version__, fmt: str | None = None) -> str:
    """``yrd-kg-VERSION`` and, for a format, its suffix: ``yrd-kg-0.1.0.ttl``."""
    return f"yrd-kg-{version}" + (RDF_FORMATS[fmt].suffixes[0] if fmt else "")


def sha256sums(files: dict[str, bytes]) -> bytes:
    """The lines ``sha256sum`` writes (``HASH  NAME``), one per file, in the order given."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items()).encode()


def notes(g: Graph, version: str, previous: Path | None) -> str:
    """The release notes: the changes since ``previous`` (a release file), or what this one holds."""
    title = f"yrd-kg {version}: release notes"
    if previous is None:
        data = without_description(g)
        return (f"# {title}\n\nFirst release: {len(data)} triples about {len(entities(data))} entities. "
                f"Files: {', '.join(release_name(version, f) for f in RELEASE_FORMATS)}.\n")
    old = read_rdf(previous)
    return markdown(diff(old, g), old, g, f"{title} (changes since {previous.name})")


def release(g: Graph, out: Path = DIST, version: str = __version__, previous: Path | None = None) -> Release:
    """Write release ``version`` of ``g`` into ``out``; return what was written.

    ``g``'s description is rewritten for ``version`` first (its version and download URLs).
    """
    out = Path(out)
    g = with_description(g, version)
    files = {release_name(version, fmt): serialize(g, fmt) for fmt in RELEASE_FORMATS}
    note_name = f"{release_name(version)}-notes.md"
    files[note_name] = notes(g, version, previous).encode("utf-8")
    for name, data in files.items():
        write_atomic(out / name, data)
    sums = out / f"{release_name(version)}.sha256"
    write_atomic(sums, sha256sums(files))
    return Release(version, [out / name for name in files if name != note_name], sums, out / note_name)
