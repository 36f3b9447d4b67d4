"""Turn the curated records in kg/data into one rdflib graph.

Two passes: first every identifier and its classes are learnt (so records may
refer to each other across files), then each record writes its triples. Last,
every fact is checked against its quotes (:mod:`kg.loaders.grounding`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import DataError
from kg.loaders import coordinates, counties, divisions, grounding, records
from kg.loaders.context import Context
from kg.loaders.sources import load_sources, source_triples
from kg.ontology import Ontology, ontology

SOURCES_FILE = "sources.yaml"
# Reference-table kinds (a source's `table:`), in the order they are written: a county
# table checks its rows against the cities of the divisions table; coordinates come last,
# for the divisions both define.
TABLES = {"divisions": divisions, "counties": counties, "coordinates": coordinates}


def load(data_dir: Path, onto: Ontology | None = None, by_file: dict | None = None) -> Graph:
    """Load every record under ``data_dir``; raise DataError on the first mistake.

    ``by_file``, if given, receives for each data file (by name) the triples it wrote.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError("no data folder here (give a folder such as `yrdkg init` writes)", data_dir)
    onto = onto or ontology()
    sources = load_sources(data_dir / SOURCES_FILE)
    ctx = Context(onto, sources)

    tables = []
    for src in sources.values():
        kind = src.record.get("table")
        if kind is None:
            continue
        if kind not in TABLES:
            raise DataError(f"unknown table kind {kind!r}; the kinds are {', '.join(TABLES)}",
                            src.file, src.record.line_of("table"), "table")
        tables.append((list(TABLES).index(kind), src, TABLES[kind].register(src, ctx)))

    files = sorted(p for p in data_dir.glob("*.yaml") if p.name != SOURCES_FILE)
    if not files:
        raise DataError("no data files (*.yaml) found", data_dir)
    recs = []
    for path in files:
        default_source, items = records.read_file(path)
        recs += [records.register(item, path, default_source, ctx) for item in items]
    for rec in recs:
        if not rec.types:
            records.resolve_merge(rec, ctx)

    g = ctx.graph
    g.writer = SOURCES_FILE
    for src in sources.values():
        source_triples(src, ctx)
    for _, src, rows in sorted(tables, key=lambda t: t[0]):
        g.writer = src.path.name
        TABLES[src.record["table"]].emit(src, rows, ctx)
    for rec in recs:
        g.writer = rec.file.name
        records.emit(rec, ctx)
    g.writer = None
    grounding.check(ctx)
    if by_file is not None:
        by_file.update(g.by_file)
    return g
