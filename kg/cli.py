"""The yrdkg command: a thin layer over the library, one function per verb."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from rdflib import Graph

from kg import __version__
from kg.errors import DataError
from kg.paths import relative


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _write(data: bytes, output: str | None) -> None:
    from kg.export import write_atomic

    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(Path(output), data)
        _say(f"Wrote {relative(Path(output))}")


# -- build ---------------------------------------------------------------------
def cmd_build(args) -> int:
    from kg.build import build_graph
    from kg.export import serialize, write_atomic
    from kg.paths import data_dir
    from kg.validate import format_text, validate

    out = Path(args.out)
    t0 = time.perf_counter()
    _say(f"[1/3] Loading the ontology and the curated data in {relative(data_dir())} ...")
    g = build_graph()
    _say(f"      {len(g)} triples")
    _warn_uncovered(g, data_dir())
    _say("[2/3] Validating against the SHACL shapes in ontology/shapes and the checks in queries/ ...")
    report = validate(g, with_ontology=False)
    _say(f"      {report.summary()}")
    report_path = out / "validation-report.txt"
    write_atomic(report_path, format_text(report).encode("utf-8"))
    if not report.conforms:
        _say(f"The graph has violations; {relative(out / 'yrd.ttl')} was not written. "
             f"Read {relative(report_path)} for what to fix.")
        return 1
    _say("[3/3] Writing outputs ...")
    ttl = out / "yrd.ttl"
    write_atomic(ttl, serialize(g, "turtle"))
    from kg.render import write_explorer

    explorer = out / "explorer.html"
    write_explorer(g, explorer)
    reasoned = None
    if args.reason:
        reasoned = _reason(g, args.reason, out)
    _say(f"Done in {time.perf_counter() - t0:.1f} s. Outputs:")
    _say(f"  {relative(ttl)}  the whole graph (ontology + data), Turtle")
    _say(f"  {relative(report_path)}  the validation report")
    _say(f"  {relative(explorer)}  the interactive explorer (open it in a browser, works offline)")
    if reasoned is not None:
        _say(f"  {relative(reasoned)}  the graph with what the {args.reason} reasoner infers")
    return 0


def _warn_uncovered(g: Graph, data: Path) -> None:
    """Warn about sentences of a source that no fact quotes and no skip list skips."""
    from kg.coverage import coverages

    for cov in coverages(g, data):
        n = cov.count("uncovered")
        if n:
            _say(f"      warning: {n} of {len(cov.sentences)} sentences of {cov.source} are neither quoted "
                 f"by a fact nor skipped; see yrdkg coverage {cov.source}")


def _reason(g: Graph, method: str, out: Path) -> Path:
    """Write DIR/yrd-reasoned.ttl: the validated graph plus the inferred triples."""
    from kg.export import serialize, write_atomic
    from kg.reason import reason

    _say(f"[+] Reasoning ({method}) ...")
    result = reason(g, method)
    width = max(len(kind) for kind, _ in result.table())
    for kind, n in result.table():
        _say(f"      {kind:<{width}}  {n:>6}")
    _say(f"      {result.total} triples inferred from {result.asserted} in {result.seconds:.2f} s")
    path = out / "yrd-reasoned.ttl"
    write_atomic(path, serialize(result.merged(g), "turtle"))
    return path


# -- validate ------------------------------------------------------------------
SUFFIX_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
                  ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".trig": "trig", ".nq": "nquads",
                  ".n3": "n3"}


def read_rdf(path: Path) -> Graph:
    """Parse an RDF file chosen by its suffix; a parse error is a DataError."""
    from kg.export import rdf_file_format

    fmt = rdf_file_format(path, SUFFIX_FORMATS)
    g = Graph()
    try:
        g.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many types for bad syntax
        detail = " ".join(str(exc).split())
        raise DataError(f"not valid {fmt}: {detail}", path) from None
    return g


LARGE_FILE = 8_000_000  # bytes of RDF, about 50k triples of N-Triples


def cmd_validate(args) -> int:
    from kg.build import build_graph
    from kg.validate import FORMATS, validate

    engine = args.engine
    if engine == "auto":  # pyshacl for the curated graph and small files; Oxigraph from ~50k triples
        size = sum(Path(f).stat().st_size for f in args.files if Path(f).exists())
        engine = "oxigraph" if size > LARGE_FILE else "pyshacl"
    if args.files and engine == "oxigraph":
        from kg.store import load_store, validate_store

        what = ", ".join(relative(Path(f)) for f in args.files)
        big = load_store([Path(f) for f in args.files])
        _say(f"Validating {what} ({len(big)} triples with the ontology; shapes compiled to SPARQL, "
             "run in Oxigraph) ...")
        report = validate_store(big)
        sys.stdout.write(FORMATS[args.format](report))
        return 0 if report.conforms else 1
    if args.files:
        g = Graph()
        for f in args.files:
            for t in read_rdf(Path(f)):
                g.add(t)
        what = ", ".join(relative(Path(f)) for f in args.files)
    else:
        g = build_graph()
        what = "the curated graph"
    _say(f"Validating {what} ({len(g)} triples) ...")
    report = validate(g)
    sys.stdout.write(FORMATS[args.format](report))
    return 0 if report.conforms else 1


# -- export --------------------------------------------------------------------
def cmd_export(args) -> int:
    from kg.build import build_graph
    from kg.export import serialize, write_csv

    if args.format == "csv" and args.output in (None, "-"):
        raise DataError("csv writes two tables (nodes.csv, edges.csv): give --output DIR, "
                        "or --output FILE.zip for one zip file")
    g = build_graph()
    if args.format == "csv":
        for path in write_csv(g, Path(args.output)):
            _say(f"Wrote {relative(path)}")
        return 0
    _write(serialize(g, args.format), args.output)
    return 0


# -- coverage ------------------------------------------------------------------
def cmd_coverage(args) -> int:
    from kg.build import build_graph
    from kg.coverage import coverages, format_text
    from kg.paths import data_dir

    covs = coverages(build_graph(), data_dir(), args.source)
    if args.format == "html":
        from kg.coverage_html import render_html

        text = render_html(covs)
    else:
        text = "\n".join(format_text(c) for c in covs)
    _write(text.encode("utf-8"), args.out)
    return 0


# -- render --------------------------------------------------------------------
def cmd_render(args) -> int:
    from kg.build import build_graph
    from kg.render import write_explorer

    g = build_graph()
    view = write_explorer(g, Path(args.out), view=args.view, focus=args.focus, depth=args.depth,
                          classes=tuple(args.classes or ()), provinces=tuple(args.provinces or ()),
                          max_nodes=args.max_nodes)
    v = view.graph
    left = f"; {view.omitted} of {view.total} left out ({'; '.join(view.notes)})" if view.omitted else ""
    _say(f"Wrote {relative(Path(args.out))}: {args.view} view, {v.number_of_nodes()} nodes, "
         f"{v.number_of_edges()} edges{left}")
    return 0


# -- stats ---------------------------------------------------------------------
def cmd_stats(args) -> int:
    from kg.build import build_graph
    from kg.stats import entities_per_class, sources_table

    g = build_graph()
    rows = entities_per_class(g)
    width = max(len(name) for name, _ in rows)
    print(f"Entities per class ({len(g)} triples in all)")
    for name, n in rows:
        print(f"  {name:<{width}}  {n:>5}")
    print("\nFacts per source (nodes whose evidence quotes it)")
    sources = sources_table(g)
    width = max((len(row[0]) for row in sources), default=0)
    for short, zh, en, facts, quotes in sources:
        print(f"  {short:<{width}}  {facts:>5} facts  {quotes:>4} quotes")
        print(f"  {'':<{width}}  {zh}")
        print(f"  {'':<{width}}  {en}")
    return 0


# -- serve ---------------------------------------------------------------------
def cmd_serve(args) -> int:
    from kg.build import build_graph
    from kg.server import load_store, serve

    if not 0 < args.port < 65536:
        raise DataError(f"--port {args.port} is not a TCP port (1-65535)")
    if args.timeout <= 0:
        raise DataError(f"--timeout {args.timeout} must be a positive number of seconds")
    store = Path(args.store)
    try:
        if args.file:
            _say(f"[1/3] Serving {relative(Path(args.file))} instead of the curated graph ...")
            if not Path(args.file).exists():
                raise DataError("file not found", args.file)
            what = Path(args.file)
        else:
            _say("[1/3] Building the graph ...")
            what = build_graph()
        _say(f"[2/3] Loading into the Oxigraph store {relative(store)} ...")
        n = load_store(what, store)
        _say(f"      {n} triples")
    except KeyboardInterrupt:  # Ctrl-C before the server started: nothing to stop
        _say("Stopped.")
        return 130
    _say(f"[3/3] Starting oxigraph serve-read-only on {args.host}:{args.port} "
         f"(query timeout {args.timeout} s); Ctrl-C stops it.")
    code = serve(store, args.host, args.port, args.timeout, say=lambda m: print(m, flush=True))
    _say("Stopped.")
    return code


# -- publish -------------------------------------------------------------------
def cmd_publish(args) -> int:
    from kg.build import build_graph
    from kg.endpoint import graph_iri, publish

    graph_iri(args.graph)
    _say("[1/3] Building the graph ...")
    g = build_graph()
    _say(f"[2/3] Replacing <{args.graph}> at {args.endpoint} with {len(g)} triples (one PUT, "
         f"{'Turtle' if args.format == 'turtle' else 'N-Triples'}) ...")
    done = publish(g, args.endpoint, args.graph, args.sparql, args.format)
    _say(f"[3/3] Checked: <{done.graph}> holds {done.found} triples ({done.checked_by}).")
    print(f"Published {done.found} triples to <{done.graph}> (HTTP {done.status}).")
    return 0


# -- queries / query -----------------------------------------------------------
def cmd_queries(args) -> int:
    from kg.queries import catalogue, format_catalogue

    sys.stdout.write(format_catalogue(catalogue()))
    return 0


def cmd_query(args) -> int:
    from kg.build import build_graph
    from kg.queries import find, format_result, load_query, parse_param_args, run

    if bool(args.name) == bool(args.file):
        raise DataError("give either a catalogue query NAME or --file Q.rq (yrdkg queries lists the names)")
    q = load_query(Path(args.file)) if args.file else find(args.name)
    values = parse_param_args(args.param)
    if args.endpoint:  # a remote SPARQL endpoint answers instead of the local graph
        from kg.endpoint import run_remote

        result = run_remote(args.endpoint, q, values, default_graph=args.graph)
    else:
        result = run(build_graph(), q, values, engine=args.engine)
    _write(format_result(result, args.format).encode("utf-8"), args.output)
    return 0


# -- analyze -------------------------------------------------------------------
def cmd_analyze(args) -> int:
    from kg.analytics import analyse, format_analysis, write_analysis
    from kg.build import build_graph

    _say("Building the graph and projecting the cooperation networks ...")
    analysis = analyse(build_graph())
    if args.out:
        for path in write_analysis(analysis, Path(args.out)):
            _say(f"Wrote {relative(path)}")
    sys.stdout.write(format_analysis(analysis, args.format))
    return 0


# -- docs ----------------------------------------------------------------------
def cmd_docs(args) -> int:
    from kg.docs import write_docs

    out = Path(args.out)
    t0 = time.perf_counter()
    _say(f"Writing the ontology and shapes documentation to {relative(out)} ...")
    paths = write_docs(out, say=_say)
    _say(f"Done in {time.perf_counter() - t0:.1f} s. Open {relative(paths[-1])}:")
    for path in paths:
        _say(f"  {relative(path)}")
    return 0


# -- synth ---------------------------------------------------------------------
def cmd_synth(args) -> int:
    from kg.synth import synthesise

    out = Path(args.out)
    _say(f"Writing a synthetic graph of about {args.triples:,} triples (seed {args.seed}) ...")
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\r  {done:>12,} / {total:,} triples", end="", file=sys.stderr, flush=True)

    n = synthesise(args.triples, out, seed=args.seed, progress=progress)
    if tty:
        print(file=sys.stderr)
    _say(f"Wrote {relative(out)}: {n:,} triples (ontology included). Every fact in it is invented.")
    return 0


def parser() -> argparse.ArgumentParser:
    from kg.export import FORMATS as EXPORT_FORMATS
    from kg.export import WHOLE_GRAPH
    from kg.validate import FORMATS as REPORT_FORMATS

    p = argparse.ArgumentParser(prog="yrdkg", description="yrd-kg: the knowledge graph of "
                                "cooperation in the Yangtze River Delta (长三角).")
    p.add_argument("--version", action="version", version=f"yrd-kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="load, validate and write the graph and a validation report",
                       description="Load the curated data, validate it against the SHACL shapes and "
                       "write DIR/yrd.ttl and DIR/validation-report.txt. Exits 1 on violations. Warns about "
                       "sentences of a source that no fact quotes and no skip list skips (yrdkg coverage).")
    b.add_argument("--out", default="build", metavar="DIR", help="output folder (default: build)")
    b.add_argument("--reason", nargs="?", const="rules", choices=["rules", "owlrl"], metavar="REASONER",
                   help="also write DIR/yrd-reasoned.ttl with the inferred triples; REASONER is rules "
                   "(default: inverses, transitivity, sub-classes and -properties) or owlrl (full OWL 2 RL)")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="validate the curated graph or RDF files against the shapes",
                       description="Validate the curated graph, or the RDF files given, against the "
                       "SHACL shapes; the report groups results by shape. Exits 1 on violations.")
    v.add_argument("files", nargs="*", metavar="FILE", help="RDF files (.ttl, .nt, .jsonld, .rdf, ...)")
    v.add_argument("--format", choices=list(REPORT_FORMATS), default="text", help="report format")
    v.add_argument("--engine", choices=["auto", "pyshacl", "oxigraph"], default="auto",
                   help="pyshacl, or the shapes compiled to SPARQL in Oxigraph (same findings, for large "
                   "files); auto picks Oxigraph for files over 8 MB (default: auto)")
    v.set_defaults(func=cmd_validate)

    e = sub.add_parser("export", help="write the graph, or its organisation network, for other tools",
                       description="Write the whole graph (ontology + data) as Turtle, N-Triples, "
                       "N-Quads or TriG (one named graph per source, and one for the ontology) or "
                       "JSON-LD (with the context of ontology/context.jsonld); or the organisation "
                       "network as GraphML (Gephi, Cytoscape) or CSV (nodes.csv and edges.csv in "
                       "the folder --output, or in one zip if it ends in .zip). Every format is "
                       "deterministic.")
    e.add_argument("--format", choices=list(EXPORT_FORMATS), default="turtle", help="output format")
    e.add_argument("--output", "-o", default="-", metavar="FILE",
                   help="output file, or - for stdout; for csv a folder or a .zip")
    e.set_defaults(func=cmd_export)

    cv = sub.add_parser("coverage", help="show which sentences of a source facts quote, or are skipped",
                        description="Split a source text into sentences and show, for each, the facts whose "
                        "quotes overlap it, or why it is skipped (kg/data/coverage/<slug>.yaml); then the "
                        "share covered, the share covered or skipped, and the sentences neither covered nor "
                        "skipped. html writes the text with each sentence coloured by its status and "
                        "linked to its facts.")
    cv.add_argument("source", nargs="?", metavar="SOURCE",
                    help="a text source by id (src/...), slug or file name (default: every text source)")
    cv.add_argument("--format", choices=["text", "html"], default="text",
                    help="report format (default: text)")
    cv.add_argument("--out", "-o", default="-", metavar="FILE", help="output file, or - for stdout (default)")
    cv.set_defaults(func=cmd_coverage)

    from kg.render import MAX_NODES, VIEWS

    r = sub.add_parser("render", help="write the interactive HTML explorer of the graph",
                       description="Write one self-contained HTML page (works offline) that draws a view "
                       "of the graph: click a node for its details and source quotes, search, filter, "
                       "switch between Chinese and English labels.")
    r.add_argument("--out", default="build/explorer.html", metavar="FILE",
                   help="output file (default: build/explorer.html)")
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
                   help=f"keep at most N nodes, the most central (default: {MAX_NODES})")
    r.set_defaults(func=cmd_render)

    sv = sub.add_parser("serve", help="serve the graph read-only over the SPARQL 1.1 Protocol (Oxigraph)",
                        description="Load the graph into an Oxigraph store (default build/oxigraph) "
                        "and run `oxigraph serve-read-only` on it; the whole graph is the default "
                        "graph. Prints the endpoint URL; Ctrl-C stops the server.")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    sv.add_argument("--port", type=int, default=7878, help="TCP port (default: 7878)")
    sv.add_argument("--timeout", type=int, default=60, metavar="SECONDS",
                    help="cancel queries running longer than this (default: 60)")
    sv.add_argument("--store", default="build/oxigraph", metavar="DIR",
                    help="Oxigraph store directory, replaced on each start (default: build/oxigraph)")
    sv.add_argument("--file", metavar="FILE",
                    help="serve this RDF file (.nt, .ttl, .nq, .trig, .jsonld, .rdf) instead of "
                    "the curated graph, e.g. a synthetic graph")
    sv.set_defaults(func=cmd_serve)

    pb = sub.add_parser("publish", help="replace a named graph in a triple store (Graph Store Protocol)",
                        description="Replace the named graph --graph at the SPARQL 1.1 Graph Store "
                        "endpoint --endpoint with the whole graph in one PUT, then check the triple "
                        "count (COUNT query at --sparql, else GET of the graph). Credentials come "
                        "from YRDKG_USER/YRDKG_PASSWORD or YRDKG_TOKEN. Exits 1 on HTTP errors "
                        "or a count mismatch.")
    pb.add_argument("--endpoint", required=True, metavar="URL",
                    help="Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph)")
    pb.add_argument("--graph", default=str(WHOLE_GRAPH), metavar="IRI",
                    help=f"named graph to replace (default: {WHOLE_GRAPH})")
    pb.add_argument("--sparql", metavar="URL",
                    help="SPARQL query endpoint for the count check, e.g. http://localhost:7878/query")
    pb.add_argument("--format", choices=["nt", "turtle"], default="nt",
                    help="body of the PUT (default: nt)")
    pb.set_defaults(func=cmd_publish)

    s = sub.add_parser("stats", help="count entities per class and facts per source",
                       description="Count entities per class and facts per source.")
    s.set_defaults(func=cmd_stats)

    ql = sub.add_parser("queries", help="list the SPARQL query catalogue (queries/*.rq)",
                        description="List the catalogue: each query's name, titles (zh/en), the "
                        "competency question it answers and its parameters with their types and defaults.")
    ql.set_defaults(func=cmd_queries)

    qr = sub.add_parser("query", help="run a catalogue query, or any SPARQL file",
                        description="Run the catalogue query NAME (see yrdkg queries), or --file Q.rq, "
                        "on the curated graph. Parameters are bound as RDF terms, never pasted into the "
                        "query. Tables clip long cells; csv, tsv and json follow the SPARQL 1.1 result "
                        "formats. Exits 1 on a malformed query or an unknown parameter.")
    qr.add_argument("name", nargs="?", metavar="NAME", help="a catalogue query (file name without .rq)")
    qr.add_argument("--file", metavar="Q.rq", help="run this SPARQL file instead")
    qr.add_argument("--param", "-p", action="append", metavar="KEY=VALUE",
                    help="bind a parameter (repeatable), e.g. --param province=id:div/320000")
    qr.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                    help="result format (default: table)")
    qr.add_argument("--engine", choices=["rdflib", "oxigraph"], default="rdflib",
                    help="SPARQL engine (default: rdflib)")
    qr.add_argument("--endpoint", metavar="URL",
                    help="run at this SPARQL endpoint instead of on the local graph (--engine is ignored)")
    qr.add_argument("--graph", metavar="IRI",
                    help="with --endpoint: the graph to read as default graph (default-graph-uri), "
                    "e.g. the one yrdkg publish wrote")
    qr.add_argument("--output", "-o", default="-", metavar="FILE", help="output file, or - for stdout")
    qr.set_defaults(func=cmd_query)

    an = sub.add_parser("analyze", help="measure the cooperation networks (centrality, communities, ...)",
                        description="Project the graph onto the organisation and province networks and "
                        "report degree, betweenness and PageRank centrality, communities (Louvain, fixed "
                        "seed), bridges and articulation points, the province-by-province cooperation "
                        "matrix and the organisations that link provinces. Results are deterministic.")
    an.add_argument("--format", choices=["table", "csv", "json"], default="table",
                    help="what to print (default: ranked tables)")
    an.add_argument("--out", metavar="DIR", help="also write one CSV per table and analysis.json to DIR")
    an.set_defaults(func=cmd_analyze)

    d = sub.add_parser("docs", help="write HTML documentation of the ontology and the shapes",
                       description="Write HTML pages for reading offline: the ontology in Chinese and "
                       "in English (pyLODE), the SHACL shapes with their messages, and an index.")
    d.add_argument("--out", default="build/docs", metavar="DIR", help="output folder (default: build/docs)")
    d.set_defaults(func=cmd_docs)

    y = sub.add_parser("synth", help="write a synthetic graph of N triples for scale tests",
                       description="Write a synthetic graph in our ontology (invented organisations, "
                       "consortia, agreements, projects, events, quotes) that passes the shapes, as "
                       "N-Triples; the same seed gives the same bytes.")
    y.add_argument("--triples", type=int, required=True, metavar="N", help="number of triples (at least)")
    y.add_argument("--out", required=True, metavar="FILE", help="output file (.nt or .ttl)")
    y.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    y.set_defaults(func=cmd_synth)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # rdflib logs each ill-typed literal ("2024-6-6"^^xsd:date) with a traceback; the
    # SHACL report names them readably, so its log would only bury the report.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        return args.func(args)
    except DataError as exc:
        _say(f"error: {exc}")
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
