"""The one place the graph is assembled: ontology + curated data.

The CLI, the tests and the notebooks all call :func:`build_graph` (which adds the
dataset's description, :mod:`kg.dataset`); ``yrdkg init``
calls :func:`init_data` to copy the records out for a curator.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph

from kg.dataset import with_description
from kg.errors import InputError
from kg.files import atomic_dir
from kg.loaders import load
from kg.ontology import bind_prefixes, ontology_graph
from kg.paths import data_dir, packaged_data


def build_graph(data: Path | str | None = None, by_file: dict | None = None) -> Graph:
    """Return a new graph holding the ontology, every curated fact and the dataset's description.

    ``data`` is a folder of records (``--data DIR``); by default $YRDKG_DATA, else
    the records packaged with yrd-kg (see :func:`kg.paths.data_dir`). ``by_file``,
    if given, receives the triples each data file wrote (:mod:`kg.changes`).
    """
    g = Graph()
    bind_prefixes(g)
    for triple in ontology_graph():
        g.add(triple)
    for triple in load(data_dir(data), by_file=by_file):
        g.add(triple)
    return with_description(g)


def init_data(dest: Path) -> list[Path]:
    """Copy the packaged records, source texts, reference tables and README into ``dest``.

    ``dest`` must be new or empty. The copy is made beside it and moved into place
    whole, so an interrupted copy leaves nothing behind. Returns the files written.
    """
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InputError("not a new or empty folder; yrdkg init never writes over files", dest)
    with atomic_dir(dest) as tmp:
        shutil.copytree(packaged_data(), tmp, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return sorted(p for p in dest.rglob("*") if p.is_file())
