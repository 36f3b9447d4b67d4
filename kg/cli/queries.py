"""The commands that read the query catalogue and run queries: queries, query."""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from kg.cache import Cache
from kg.catalogue import catalogue, find, format_catalogue, load_query, parse_param_args
from kg.cli.common import write
from kg.errors import EXIT_OK, InputError
from kg.remote.client import run_remote
from kg.results import FORMATS as RESULT_FORMATS
from kg.results import format_result
from kg.sparql import ENGINES, run


def cmd_queries(args) -> int:
    sys.stdout.write(format_catalogue(catalogue()))
    return EXIT_OK


def add_queries(sub, data: argparse.ArgumentParser) -> None:
    ql = sub.add_parser("queries", help="list the SPARQL query catalogue (queries/*.rq)",
                        description="List the catalogue: each query's name, titles (zh/en), the "
                        "competency question it answers and its parameters with their types and defaults.")
    ql.set_defaults(func=cmd_queries)


def cmd_query(args) -> int:
    if bool(args.name) == bool(args.file):
        raise InputError("give either a catalogue query NAME or --file Q.rq (yrdkg queries lists the names)")
    values = parse_param_args(args.param)
    cache = Cache(args.data)
    if args.file:
        q = load_query(Path(args.file))
    else:  # a catalogue query is read (and its syntax checked) once for the same inputs
        key = hashlib.sha256(args.name.encode("utf-8")).hexdigest()[:16]
        q = cache.value(f"query-{key}.pickle", lambda: find(args.name))
    if args.endpoint:  # a remote SPARQL endpoint answers instead of the local graph
        answer = format_result(run_remote(args.endpoint, q, values, default_graph=args.graph), args.format)
        write(answer.encode("utf-8"), args.output)
        return EXIT_OK

    def answer() -> bytes:
        result = run(cache.store() if args.engine == "oxigraph" else cache.graph(), q, values,
                     engine=args.engine)
        return format_result(result, args.format).encode("utf-8")

    # the same query, parameters, engine and format on the same inputs give the same answer
    asked = repr((q.text, sorted(values.items()), args.engine, args.format)).encode("utf-8")
    write(cache.bytes(f"answer-{hashlib.sha256(asked).hexdigest()[:16]}.txt", answer), args.output)
    return EXIT_OK


def add_query(sub, data: argparse.ArgumentParser) -> None:
    qr = sub.add_parser("query", parents=[data],
                        help="run a catalogue query, or any SPARQL file",
                        description="Run the catalogue query NAME (see yrdkg queries), or --file Q.rq, "
                        "on the curated graph. Parameters are bound as RDF terms, never pasted into the "
                        "query. Tables clip long cells; csv, tsv and json follow the SPARQL 1.1 result "
                        "formats. Exits 2 on a malformed query or an unknown parameter.")
    qr.add_argument("name", nargs="?", metavar="NAME", help="a catalogue query (file name without .rq)")
    qr.add_argument("--file", metavar="Q.rq", help="run this SPARQL file instead")
    qr.add_argument("--param", "-p", action="append", metavar="KEY=VALUE",
                    help="bind a parameter (repeatable), e.g. --param province=id:div/320000")
    qr.add_argument("--format", choices=list(RESULT_FORMATS), default="table",
                    help="result format (default: table)")
    qr.add_argument("--engine", choices=list(ENGINES), default="oxigraph",
                    help="SPARQL engine (default: oxigraph); Oxigraph gives numbers back by value "
                    "(xsd:integer for every integer type, 10.0 as 10), rdflib as the data writes them")
    qr.add_argument("--endpoint", metavar="URL",
                    help="run at this SPARQL endpoint instead of on the local graph (--engine is ignored)")
    qr.add_argument("--graph", metavar="IRI",
                    help="with --endpoint: the graph to read as default graph (default-graph-uri), "
                    "e.g. the one yrdkg publish wrote")
    qr.add_argument("--output", "-o", default="-", metavar="FILE", help="output file, or - for stdout")
    qr.set_defaults(func=cmd_query)
