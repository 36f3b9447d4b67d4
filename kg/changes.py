"""What a build changed since the previous one: facts added and removed, per data file.

A file cut short can still be valid YAML and build a smaller graph with exit 0;
so each build writes ``build-manifest.json`` beside ``yrd.ttl`` (a short digest
of each triple, per data file that wrote it) and the next build compares with it
and says what each file gained and lost.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "build-manifest.json"


def _digest(triple) -> str:
    return hashlib.sha1(" ".join(t.n3() for t in triple).encode("utf-8")).hexdigest()[:16]


def digests(by_file: dict[str, list]) -> dict[str, set[str]]:
    """For each data file, the digests of the triples it wrote: what a manifest holds, and what
    :mod:`kg.cache` keeps beside the graph so that a build from the cache compares as a real one."""
    return {name: {_digest(t) for t in triples} for name, triples in by_file.items()}


def manifest(now: dict[str, set[str]]) -> bytes:
    """The manifest of a build, from its :func:`digests`: for each data file, the sorted digests."""
    files = {name: sorted(found) for name, found in sorted(now.items())}
    return (json.dumps({"files": files}, ensure_ascii=False, indent=0, sort_keys=True) + "\n").encode("utf-8")


def read_manifest(path: Path) -> dict[str, set[str]] | None:
    """The previous build's digests per file, or None if there is no readable manifest."""
    try:
        files = json.loads(Path(path).read_text(encoding="utf-8"))["files"]
        return {name: set(digests) for name, digests in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@dataclass(frozen=True)
class Change:
    """What one data file added and removed since the previous build."""

    file: str
    added: int
    removed: int
    before: int
    after: int


def compare(previous: dict[str, set[str]], now: dict[str, set[str]]) -> list[Change]:
    """The files whose triples changed, by name (``now``: this build's :func:`digests`)."""
    out = []
    for name in sorted(set(previous) | set(now)):
        old, new = previous.get(name, set()), now.get(name, set())
        if old != new:
            out.append(Change(name, len(new - old), len(old - new), len(old), len(new)))
    return out


def describe(previous: dict[str, set[str]] | None, now: dict[str, set[str]]) -> list[str]:
    """Lines for the terminal: what each data file added and removed since the previous build."""
    if previous is None:
        return ["no previous build to compare with"]
    changes = compare(previous, now)
    if not changes:
        return ["no change since the previous build"]
    lines = ["changes since the previous build (triples each data file wrote):"]
    for c in changes:
        note = " (the file is gone)" if c.after == 0 else " (new file)" if c.before == 0 else ""
        lost = c.removed > c.before / 2 > 0
        warn = "  <- check this file: it lost more than half its facts" if lost else ""
        lines.append(f"  {c.file}: +{c.added} -{c.removed}, {c.before} -> {c.after}{note}{warn}")
    return lines
