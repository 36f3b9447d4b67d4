"""Keep the last built graph, and what commands make of it, under a hash of every input.

Building the curated graph from its records takes seconds; every command needs
it. :class:`Cache` keeps the graph (pickled, for rdflib; as N-Triples, for
Oxigraph), the digests of the triples each data file wrote (:mod:`kg.changes`:
a build from the cache reports its changes as a real one) and any other
artefact a command asks for, in a folder of
:func:`kg.paths.cache_dir` named by :func:`inputs_key`: a hash of the records,
source texts and reference tables (those the source registry names outside
the records' folder too), of every file of the package (its code, the
ontology, the shapes, the queries, the templates) and of the installed
distributions. Any change to any of them gives a new key, so nothing is read
from a cache made of other inputs: the cache is never stale, only unused.
``YRDKG_CACHE=off`` keeps nothing; a cache that cannot be read or written is
rebuilt or skipped, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.build import build_graph
from kg.changes import digests
from kg.errors import InputError, YrdkgError
from kg.files import write_atomic
from kg.loaders import SOURCES_FILE
from kg.loaders.yamlfile import read_yaml
from kg.paths import cache_dir, data_dir, resource
from kg.store import BigGraph, from_graph, load_store
from kg.version import __version__

KEEP = 3  # key folders kept: the packaged records, a --data folder and one more
GRAPH, NTRIPLES, BY_FILE = "graph.pickle", "graph.nt", "by-file.pickle"


def _files(root: Path) -> Iterator[Path]:
    """Yield the files below ``root`` in a fixed order, following the package's symlinks (kg/share)."""
    for folder, dirs, names in os.walk(root, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and not name.endswith(".pyc"):
                yield Path(folder, name)


def _installed() -> list[str]:
    """Name every installed distribution and its version (the names of the .dist-info folders)."""
    return [name for entry in sys.path if entry.endswith("-packages") and os.path.isdir(entry)
            for name in sorted(os.listdir(entry)) if name.endswith(".dist-info")]


def inputs_key(data: Path | str | None = None, package: Path | None = None) -> str:
    """Hash everything a build reads: the records in ``data`` (see :func:`kg.paths.data_dir`), the
    files of the package (``package``: the installed one), the Python and distribution versions."""
    h = hashlib.sha256(f"yrd-kg {__version__}\n{sys.version}\n".encode())
    for name in _installed():
        h.update(name.encode() + b"\n")
    package, records = Path(package or resource()).resolve(), data_dir(data).resolve()
    roots = [package] if records.is_relative_to(package) else [package, records]
    for root in roots:
        h.update(b"\1" + str(root == package).encode())
        for path in _files(root):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for path in _named_elsewhere(records, roots):
        h.update(b"\2" + str(path).encode() + b"\0")
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:  # missing: the build says so, and a build that fails keeps nothing
            h.update(b"\3")
    return h.hexdigest()[:32]


def _named_elsewhere(records: Path, roots: list[Path]) -> list[Path]:
    """The files the source registry names outside ``roots`` (``path: ../texts/a.txt``), sorted."""
    try:
        registry = read_yaml(records / SOURCES_FILE)["records"]
        named = {(records / str(rec["path"])).resolve() for rec in registry}
    except (YrdkgError, OSError, LookupError, TypeError, ValueError):
        return []  # no readable registry: the build reports it
    return sorted(p for p in named if not any(p.is_relative_to(root) for root in roots))


class Cache:
    """The artefacts of one set of inputs: the graph, and whatever else is asked for by name."""

    def __init__(self, data: Path | str | None = None):
        self.data = data
        self.key = inputs_key(data)
        root = cache_dir()
        self.dir = root / self.key if root is not None else None
        self._graph: Graph | None = None
        self._by_file: dict[str, set[str]] | None = None

    def bytes(self, name: str, make: Callable[[], bytes]) -> bytes:
        """Return the bytes kept under ``name``, or make, keep and return them."""
        if self.dir is not None:
            try:
                return (self.dir / name).read_bytes()
            except OSError:
                pass
        data = make()
        self._keep(name, data)
        return data

    def file(self, name: str, path: Path, make: Callable[[Path], object]) -> None:
        """Write the file kept under ``name`` to ``path`` (atomically), or make it there with
        ``make(path)`` and keep it."""
        if self.dir is not None:
            try:
                data = (self.dir / name).read_bytes()
            except OSError:
                pass
            else:
                write_atomic(path, data)
                return
        make(path)
        self._keep(name, Path(path).read_bytes())

    def value(self, name: str, make: Callable[[], Any]) -> Any:
        """Return the object kept (pickled) under ``name``, or make, keep and return it."""
        if self.dir is not None:
            try:
                with open(self.dir / name, "rb") as fh:
                    return pickle.load(fh)
            except (OSError, EOFError, pickle.UnpicklingError):
                pass
        made = make()
        self._keep(name, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        return made

    def graph(self) -> Graph:
        """The built graph (ontology + curated data), as :func:`kg.build.build_graph` returns it."""
        if self._graph is None:
            self._graph = self.value(GRAPH, lambda: self._build()[0])
        return self._graph

    def by_file(self) -> dict[str, set[str]]:
        """The :func:`kg.changes.digests` of the triples each data file wrote, from the same inputs."""
        if self._by_file is None:
            self._by_file = self.value(BY_FILE, lambda: self._build()[1])
        return self._by_file

    def _build(self) -> tuple[Graph, dict[str, set[str]]]:
        """Build the graph, noting what each data file wrote; keep both (one build serves both)."""
        by_file: dict = {}
        g = build_graph(self.data, by_file)
        self._graph, self._by_file = g, digests(by_file)
        self._keep(BY_FILE, pickle.dumps(self._by_file, protocol=pickle.HIGHEST_PROTOCOL))
        return g, self._by_file

    def store(self) -> BigGraph:
        """The built graph in a new Oxigraph store, loaded from the kept N-Triples."""
        if self.dir is None:
            return from_graph(self.graph())
        self.bytes(NTRIPLES, lambda: self.graph().serialize(format="nt", encoding="utf-8"))
        try:
            return load_store([self.dir / NTRIPLES], with_ontology=False)
        except (OSError, InputError):  # removed meanwhile by another process's clean-up
            return from_graph(self.graph())

    def _keep(self, name: str, data: bytes) -> None:
        if self.dir is None:
            return
        try:
            fresh = not self.dir.exists()
            write_atomic(self.dir / name, data)
        except OSError:
            return  # a cache that cannot be written is no cache, not an error
        if fresh:
            self._forget_older()

    def _forget_older(self) -> None:
        """Remove all but the KEEP most recent key folders."""
        try:
            folders = sorted((p for p in self.dir.parent.iterdir() if p.is_dir() and p != self.dir),
                             key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        for old in folders[KEEP - 1:]:
            shutil.rmtree(old, ignore_errors=True)
