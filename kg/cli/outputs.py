"""The commands that write what the graph shows: export, tables, render, analyze, docs, site."""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from kg.analytics import analyse, format_analysis, write_analysis
from kg.cache import Cache
from kg.catalogue import parse_param_args
from kg.cli.common import say, write
from kg.csvtables import LIST_SEPARATOR, write_tables
from kg.docs.write import write_docs
from kg.errors import EXIT_OK, InputError
from kg.export import FORMATS as EXPORT_FORMATS
from kg.export import serialize
from kg.files import write_atomic
from kg.paths import relative
from kg.render.groups import GROUP_BY
from kg.render.page import write_explorer
from kg.render.views import MAX_NODES, VIEWS
from kg.site.write import write_site
from kg.tables import FORMATS as TABLE_FORMATS
from kg.tables import graphml, write_csv


def cmd_export(args) -> int:
    if args.format == "csv" and args.output in (None, "-"):
        raise InputError("csv writes two tables (nodes.csv, edges.csv): give --output DIR, "
                         "or --output FILE.zip for one zip file")
    g = Cache(args.data).graph()
    if args.format == "csv":
        for path in write_csv(g, Path(args.output)):
            say(f"Wrote {relative(path)}")
        return EXIT_OK
    write(graphml(g) if args.format == "graphml" else serialize(g, args.format), args.output)
    return EXIT_OK


def cmd_tables(args) -> int:
    paths = write_tables(Cache(args.data).graph(), Path(args.out))
    for path in paths:
        say(f"Wrote {relative(path)}")
    return EXIT_OK


def add_tables(sub, data: argparse.ArgumentParser) -> None:
    tb = sub.add_parser("tables", parents=[data],
                        help="write tidy CSV tables of consortia, agreements, projects, events, targets",
                        description="Write DIR/consortia.csv, agreements.csv, projects.csv, events.csv and "
                        "targets.csv: one row per entity (per target), one column per field; several values "
                        f"in one field are sorted and joined by '{LIST_SEPARATOR}'. Identifiers are CURIEs "
                        "(id:org/jiuli); UTF-8 without a byte-order mark; deterministic.")
    tb.add_argument("--out", default="out/tables", metavar="DIR",
                    help="output folder (default: out/tables)")
    tb.set_defaults(func=cmd_tables)


def add_export(sub, data: argparse.ArgumentParser) -> None:
    e = sub.add_parser("export", parents=[data],
                       help="write the graph, or its organisation network, for other tools",
                       description="Write the whole graph (ontology + data) as Turtle, N-Triples, "
                       "N-Quads or TriG (one named graph per source, and one for the ontology) or "
                       "JSON-LD (with the context of ontology/context.jsonld); or the organisation "
                       "network as GraphML (Gephi, Cytoscape) or CSV (nodes.csv and edges.csv in "
                       "the folder --output, or in one zip if it ends in .zip). Every format is "
                       "deterministic.")
    e.add_argument("--format", choices=[*EXPORT_FORMATS, *TABLE_FORMATS], default="turtle",
                   help="output format")
    e.add_argument("--output", "-o", default="-", metavar="FILE",
                   help="output file, or - for stdout; for csv a folder or a .zip")
    e.set_defaults(func=cmd_export)


def cmd_render(args) -> int:
    out = Path(args.out)
    options = dict(view=args.view, focus=args.focus, depth=args.depth, classes=tuple(args.classes or ()),
                   provinces=tuple(args.provinces or ()), max_nodes=args.max_nodes,
                   group_by=None if args.group_by == "none" else args.group_by,
                   query=args.query, params=parse_param_args(args.param))
    cache = Cache(args.data)  # the same page for the same inputs and options: copied, not drawn again
    drawn = []

    def draw() -> tuple[bytes, str]:
        view = write_explorer(cache.graph(), out, **options)
        drawn.append(out)
        v = view.graph
        left = f"; {view.omitted} of {view.total} left out ({'; '.join(view.notes)})" if view.omitted else ""
        folded = (f", folded into {len(view.grouping.top)} groups by {view.grouping.by} "
                  "(click one to open it)" if view.grouping else "")
        more = f" ({len(view.reserve)} more a double-click away)" if view.reserve else ""
        hidden = set(view.reserve)
        edges = sum(1 for a, b in v.edges() if a not in hidden and b not in hidden)
        return out.read_bytes(), (f"{args.view} view, {v.number_of_nodes() - len(hidden)} nodes{more}, "
                                  f"{edges} edges{folded}{left}")

    if args.query:  # a query's answer is drawn each time (its parameters may name anything)
        page, what = draw()
    else:
        key = hashlib.sha256(repr(sorted(options.items())).encode("utf-8")).hexdigest()[:16]
        page, what = cache.value(f"render-{key}.pickle", draw)
    if not drawn:
        write_atomic(out, page)
    say(f"Wrote {relative(out)}: {what}")
    return EXIT_OK


def add_render(sub, data: argparse.ArgumentParser) -> None:
    r = sub.add_parser("render", parents=[data],
                       help="write the interactive HTML explorer of the graph",
                       description="Write one self-contained HTML page (works offline) that draws a view "
                       "of the graph: click a node for its details and source quotes, search, filter, "
                       "switch between Chinese and English labels.")
    r.add_argument("--out", default="out/explorer.html", metavar="FILE",
                   help="output file (default: out/explorer.html)")
    r.add_argument("--view", choices=VIEWS, default="full",
                   help="full: entities and their relations; organisations / provinces: who cooperates "
                   "with whom (default: full)")
    r.add_argument("--focus", metavar="ENTITY", help="draw only this entity (id such as org/jiuli, or exact "
                   "label) and its neighbourhood")
    r.add_argument("--depth", type=int, default=1, metavar="N", help="neighbourhood radius for --focus "
                   "(default: 1)")
    r.add_argument("--class", dest="classes", action="extend", nargs="+", metavar="C",
                   help="keep only nodes of these ontology classes, e.g. Enterprise University")
    r.add_argument("--province", dest="provinces", action="extend", nargs="+", metavar="P",
                   help="keep only nodes tied to these provincial-level divisions, e.g. div/330000 or 浙江省")
    r.add_argument("--max-nodes", type=int, default=MAX_NODES, metavar="N",
                   help=f"draw at most N nodes one by one (default: {MAX_NODES})")
    r.add_argument("--group-by", choices=(*GROUP_BY, "none"), default="province",
                   help="a view of more than --max-nodes nodes opens folded into groups by province, city "
                   "or class, each opened by a click; none: keep only the N most central (default: province)")
    r.add_argument("--query", metavar="NAME", help="draw the entities a catalogue query's results name, "
                   "and the relations between them (yrdkg queries lists the names)")
    r.add_argument("--param", "-p", action="append", metavar="KEY=VALUE",
                   help="bind a parameter of --query (repeatable), e.g. --param province=id:div/320000")
    r.set_defaults(func=cmd_render)


def cmd_analyze(args) -> int:
    cache = Cache(args.data)

    def measure():
        say("Building the graph and projecting the cooperation networks ...")
        return analyse(cache.graph())
    analysis = cache.value("analysis.pickle", measure)  # measured once for the same inputs
    if args.out:
        for path in write_analysis(analysis, Path(args.out)):
            say(f"Wrote {relative(path)}")
    sys.stdout.write(format_analysis(analysis, args.format))
    return EXIT_OK


def add_analyze(sub, data: argparse.ArgumentParser) -> None:
    an = sub.add_parser("analyze", parents=[data],
                        help="measure the cooperation networks (centrality, communities, ...)",
                        description="Project the graph onto the organisation and province networks and "
                        "report degree, betweenness and PageRank centrality, communities (Louvain, fixed "
                        "seed), bridges and articulation points, the province-by-province cooperation "
                        "matrix and the organisations that link provinces. Results are deterministic.")
    an.add_argument("--format", choices=["table", "csv", "json"], default="table",
                    help="what to print (default: ranked tables)")
    an.add_argument("--out", metavar="DIR", help="also write one CSV per table and analysis.json to DIR")
    an.set_defaults(func=cmd_analyze)


def cmd_docs(args) -> int:
    out = Path(args.out)
    t0 = time.perf_counter()
    say(f"Writing the ontology and shapes documentation to {relative(out)} ...")
    paths = write_docs(out, say=say)
    say(f"Done in {time.perf_counter() - t0:.1f} s. Open {relative(paths[-1])}:")
    for path in paths:
        say(f"  {relative(path)}")
    return EXIT_OK


def add_docs(sub, data: argparse.ArgumentParser) -> None:
    d = sub.add_parser("docs", help="write HTML documentation of the ontology and the shapes",
                       description="Write HTML pages for reading offline: the ontology in Chinese and "
                       "in English (pyLODE), the SHACL shapes with their messages, and an index.")
    d.add_argument("--out", default="out/docs", metavar="DIR", help="output folder (default: out/docs)")
    d.set_defaults(func=cmd_docs)


def cmd_site(args) -> int:
    out = Path(args.out)
    t0 = time.perf_counter()
    say(f"Writing the site to {relative(out)} ...")
    counts = write_site(Cache(args.data).graph(), out, say=say, only=args.entities)
    say(f"Done in {time.perf_counter() - t0:.1f} s: {counts['entities']} entities in Chinese and English, "
        f"{counts['queries']} catalogue queries. Open {relative(out / 'index.html')} (from disk or any web "
        "server).")
    return EXIT_OK


def add_site(sub, data: argparse.ArgumentParser) -> None:
    s = sub.add_parser("site", parents=[data],
                       help="write a static website: entity pages, search, catalogue, docs",
                       description="Write a static site that works from disk and from any web server: one "
                       "page per entity in Chinese and in English (its facts grouped by kind, with their "
                       "quotes and sources, links to its neighbours, the explorer focused on it), a search "
                       "page, the query catalogue with each query's results, the explorer, the ontology "
                       "documentation and the graph to download. DIR is replaced whole, so it must be "
                       "new, empty or a site written before.")
    s.add_argument("--out", default="out/site", metavar="DIR", help="output folder (default: out/site)")
    s.add_argument("--entity", dest="entities", action="extend", nargs="+", metavar="ID",
                   help="write the pages of these entities only (ids such as org/jiuli, or exact labels), "
                   "for a quick preview")
    s.set_defaults(func=cmd_site)
