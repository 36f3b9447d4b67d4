"""The commands that make and check the graph: build, validate, coverage, stats, init, synth."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdflib import Graph

from kg.build import init_data
from kg.cache import Cache
from kg.changes import MANIFEST, describe, manifest, read_manifest
from kg.cli.common import say, write
from kg.coverage import coverages, find_source, text_sources
from kg.coverage import format_text as format_coverage
from kg.coverage_html import render_html as render_coverage
from kg.errors import EXIT_NOT_CONFORMING, EXIT_OK, InputError
from kg.export import serialize
from kg.files import check_target, read_rdf, write_atomic, write_set
from kg.mentions import format_text as format_mentions
from kg.mentions import mentions, slug, stub_yaml
from kg.paths import data_dir, relative
from kg.reason import reason
from kg.render.page import explorer_page
from kg.stats import entities_per_class, sources_table
from kg.store import load_store
from kg.synth import synthesise
from kg.validation.oxigraph import ENGINES as VALIDATION_ENGINES
from kg.validation.oxigraph import validate_graph, validate_store
from kg.validation.report import FORMATS as REPORT_FORMATS
from kg.validation.report import format_text


def cmd_build(args) -> int:
    out = check_target(Path(args.out), folder=True)  # before the work: --out naming a file is an error
    t0 = time.perf_counter()
    data = data_dir(args.data)
    cache = Cache(args.data)  # what was made before from the same inputs is copied, not made again
    say(f"[1/3] Loading the ontology and the curated data in {relative(data)} ...")
    size, warnings = cache.value("build-summary.pickle", lambda: (len(cache.graph()),
                                                                  _uncovered(cache.graph(), data)))
    say(f"      {size} triples")
    # what each data file wrote, kept with the graph (kg.cache), so the comparison holds for a cached build
    for line in describe(read_manifest(out / MANIFEST), cache.by_file()):
        say(f"      {line}")
    for line in warnings:
        say(line)
    say("[2/3] Validating against the SHACL shapes in ontology/shapes and the checks in queries/ ...")
    report = cache.value(f"report-{args.engine}.pickle",
                         lambda: validate_graph(cache.graph(), engine=args.engine, with_ontology=False))
    say(f"      {report.summary()}")
    report_path = out / "validation-report.txt"
    write_atomic(report_path, format_text(report).encode("utf-8"))
    if not report.conforms:
        say(f"The graph has violations; {relative(out / 'yrd.ttl')} was not written. "
            f"Read {relative(report_path)} for what to fix.")
        return EXIT_NOT_CONFORMING
    say("[3/3] Writing outputs ...")
    ttl, explorer = out / "yrd.ttl", out / "explorer.html"
    outputs = {ttl: cache.bytes("yrd.ttl", lambda: serialize(cache.graph(), "turtle")),
               explorer: cache.bytes("explorer.html",
                                     lambda: explorer_page(cache.graph())[1].encode("utf-8")),
               out / MANIFEST: manifest(cache.by_file())}
    reasoned = None
    if args.reason:
        reasoned = out / "yrd-reasoned.ttl"
        outputs[reasoned] = _reason(cache.graph(), args.reason)
    write_set(outputs)  # one set: never a new yrd.ttl beside an old explorer.html
    say(f"Done in {time.perf_counter() - t0:.1f} s. Outputs:")
    say(f"  {relative(ttl)}  the whole graph (ontology + data), Turtle")
    say(f"  {relative(report_path)}  the validation report")
    say(f"  {relative(explorer)}  the interactive explorer (open it in a browser, works offline)")
    say(f"  {relative(out / MANIFEST)}  what each data file wrote, for the next build to compare")
    if reasoned is not None:
        say(f"  {relative(reasoned)}  the graph with what the {args.reason} reasoner infers")
    return EXIT_OK


def _uncovered(g: Graph, data: Path) -> list[str]:
    """Warn about sentences of a source that no fact quotes and no skip list skips."""
    return [f"      warning: {n} of {len(cov.sentences)} sentences of {cov.source} are neither quoted "
            f"by a fact nor skipped; see yrdkg coverage {cov.source}"
            for cov in coverages(g, data) if (n := cov.count("uncovered"))]


def _reason(g: Graph, method: str) -> bytes:
    """Return DIR/yrd-reasoned.ttl's text: the validated graph plus the inferred triples."""
    say(f"[+] Reasoning ({method}) ...")
    result = reason(g, method)
    width = max(len(kind) for kind, _ in result.table())
    for kind, n in result.table():
        say(f"      {kind:<{width}}  {n:>6}")
    say(f"      {result.total} triples inferred from {result.asserted} in {result.seconds:.2f} s")
    return serialize(result.merged(g), "turtle")


def add_build(sub, data: argparse.ArgumentParser) -> None:
    b = sub.add_parser("build", parents=[data],
                       help="load, validate and write the graph and a validation report",
                       description="Load the curated data, validate it against the SHACL shapes and "
                       "write DIR/yrd.ttl and DIR/validation-report.txt. Exits 1 on violations (only "
                       "the report is written), 2 if it could not run. Warns about sentences of a "
                       "source that no fact quotes and no skip list skips (yrdkg coverage), and says "
                       "what each data file added and removed since the previous build in DIR "
                       "(DIR/build-manifest.json).")
    b.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out)")
    b.add_argument("--reason", nargs="?", const="rules", choices=["rules", "owlrl"], metavar="REASONER",
                   help="also write DIR/yrd-reasoned.ttl with the inferred triples; REASONER is rules "
                   "(default: inverses, transitivity, sub-classes and -properties) or owlrl (full OWL 2 RL)")
    _engine_option(b)
    b.set_defaults(func=cmd_build)


def cmd_validate(args) -> int:
    if not args.files:
        cache = Cache(args.data)
        size, _ = cache.value("build-summary.pickle", lambda: (len(cache.graph()), _uncovered(
            cache.graph(), data_dir(args.data))))
        say(f"Validating the curated graph ({size} triples) ...")
        report = cache.value(f"report-{args.engine}.pickle", lambda: validate_graph(
            cache.graph(), engine=args.engine, with_ontology=False))
    elif args.engine == "oxigraph" and not args.allow_remote_context:  # Oxigraph parses the files, in Rust
        # (its JSON-LD parser fetches no remote @context: a file that needs one is read below)
        what = ", ".join(relative(Path(f)) for f in args.files)
        big = load_store([Path(f) for f in args.files])
        say(f"Validating {what} ({len(big)} triples with the ontology; shapes compiled to SPARQL, "
            "run in Oxigraph) ...")
        report = validate_store(big, source=what)
    else:
        what = ", ".join(relative(Path(f)) for f in args.files)
        g = Graph()
        for f in args.files:
            for t in read_rdf(Path(f), args.allow_remote_context):
                g.add(t)
        say(f"Validating {what} ({len(g)} triples) ...")
        report = validate_graph(g, engine=args.engine, source=what)
    sys.stdout.write(REPORT_FORMATS[args.format](report))
    return EXIT_OK if report.conforms else EXIT_NOT_CONFORMING


def _engine_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=VALIDATION_ENGINES, default=VALIDATION_ENGINES[0],
                   help="oxigraph: the shapes compiled to SPARQL, run in Oxigraph; pyshacl: the reference "
                   "SHACL engine, slower; the same findings (default: oxigraph)")


def add_validate(sub, data: argparse.ArgumentParser) -> None:
    v = sub.add_parser("validate", parents=[data],
                       help="validate the curated graph or RDF files against the shapes",
                       description="Validate the curated graph, or the RDF files given, against the "
                       "SHACL shapes; the report groups results by shape. A dataset (.nq, .trig, .jsonld "
                       "with named graphs) is validated as the union of its graphs. Exits 1 on "
                       "violations, 2 if it could not run (a file that does not parse, or that holds "
                       "nothing beside the ontology: validation never passes on nothing).")
    v.add_argument("files", nargs="*", metavar="FILE", help="RDF files (.ttl, .nt, .jsonld, .rdf, ...)")
    v.add_argument("--format", choices=list(REPORT_FORMATS), default="text", help="report format")
    _engine_option(v)
    v.add_argument("--allow-remote-context", action="store_true",
                   help="let a JSON-LD file's remote @context be fetched (off: no network unless asked)")
    v.set_defaults(func=cmd_validate)


def cmd_coverage(args) -> int:
    covs = coverages(Cache(args.data).graph(), data_dir(args.data), args.source)
    text = render_coverage(covs) if args.format == "html" else "\n".join(format_coverage(c) for c in covs)
    write(text.encode("utf-8"), args.out)
    return EXIT_OK


def cmd_mentions(args) -> int:
    path = Path(args.source)
    if path.is_file():  # a new text, not registered yet
        text, source_id, registered = path.read_text(encoding="utf-8"), f"src/{slug(path)}", False
        name = relative(path)
    else:
        try:
            src = find_source(text_sources(data_dir(args.data)), args.source)
        except InputError as exc:
            raise InputError(f"{exc}; or give the path of a text file") from None
        text, source_id, registered, name = src.text, src.id, True, src.id
    g = Cache(args.data).graph()
    found = mentions(g, text)
    out = stub_yaml(g, found, source_id, registered) if args.yaml else format_mentions(g, found, name)
    write(out.encode("utf-8"), args.out)
    return EXIT_OK


def add_mentions(sub, data: argparse.ArgumentParser) -> None:
    mn = sub.add_parser("mentions", parents=[data],
                        help="list what a new text names: known entities, candidate names, numbers",
                        description="For a source text (a file, or a registered source by id, slug or file "
                        "name), list the known entities it names (by label, alternative label or short "
                        "form), candidate new names (by typical endings such as 公司, 大学, 局, 委员会, "
                        "联盟, 示范区, 铁路, 机场) and every number with its unit, each with its offset "
                        "(whitespace ignored), line and sentence. --yaml writes stub records with their "
                        "quotes instead, for a curator to check and complete; nothing enters the graph "
                        "unreviewed.")
    mn.add_argument("source", metavar="SOURCE", help="a text file, or a text source by id (src/...), slug or "
                    "file name")
    mn.add_argument("--yaml", action="store_true",
                    help="write stub records (YAML) for the curator instead of the report")
    mn.add_argument("--out", "-o", default="-", metavar="FILE", help="output file, or - for stdout (default)")
    mn.set_defaults(func=cmd_mentions)


def add_coverage(sub, data: argparse.ArgumentParser) -> None:
    cv = sub.add_parser("coverage", parents=[data],
                        help="show which sentences of a source facts quote, or are skipped",
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


def cmd_stats(args) -> int:
    g = Cache(args.data).graph()
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
    return EXIT_OK


def add_stats(sub, data: argparse.ArgumentParser) -> None:
    s = sub.add_parser("stats", parents=[data],
                       help="count entities per class and facts per source",
                       description="Count entities per class and facts per source.")
    s.set_defaults(func=cmd_stats)


def cmd_init(args) -> int:
    out = Path(args.dir)
    files = init_data(out)
    say(f"Wrote {len(files)} files to {relative(out)}: the curated records, the source texts they "
        "quote and the reference tables (README.md explains the format).")
    say(f"Edit them, then build from them: yrdkg build --data {relative(out)} "
        f"(or set YRDKG_DATA={relative(out)} for every command).")
    return EXIT_OK


def add_init(sub, data: argparse.ArgumentParser) -> None:
    i = sub.add_parser("init", help="copy the curated records into a folder, to edit and build from",
                       description="Copy the packaged records (YAML), the source texts they quote, the "
                       "reference tables and their README into DIR, which must be new or empty. Edit "
                       "them, then run any command with --data DIR (or YRDKG_DATA=DIR).")
    i.add_argument("dir", metavar="DIR", help="a new or empty folder")
    i.set_defaults(func=cmd_init)


def cmd_synth(args) -> int:
    out = Path(args.out)
    say(f"Writing a synthetic graph of about {args.triples:,} triples (seed {args.seed}) ...")
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\r  {done:>12,} / {total:,} triples", end="", file=sys.stderr, flush=True)

    n = synthesise(args.triples, out, seed=args.seed, progress=progress)
    if tty:
        print(file=sys.stderr)
    say(f"Wrote {relative(out)}: {n:,} triples (ontology included). Every fact in it is invented.")
    return EXIT_OK


def add_synth(sub, data: argparse.ArgumentParser) -> None:
    y = sub.add_parser("synth", help="write a synthetic graph of N triples for scale tests",
                       description="Write a synthetic graph in our ontology (invented organisations, "
                       "consortia, agreements, projects, events, quotes) that passes the shapes, as "
                       "N-Triples; the same seed gives the same bytes.")
    y.add_argument("--triples", type=int, required=True, metavar="N", help="number of triples (at least)")
    y.add_argument("--out", required=True, metavar="FILE", help="output file (.nt or .ttl)")
    y.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    y.set_defaults(func=cmd_synth)
