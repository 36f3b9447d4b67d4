"""The commands that reach a triple store: serve the graph locally, publish it to another."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cache import Cache
from kg.cli.common import say
from kg.errors import EXIT_OK, InputError
from kg.export import WHOLE_GRAPH
from kg.paths import relative
from kg.remote.client import check_url
from kg.remote.linked import start as start_pages
from kg.remote.publish import graph_iri, publish
from kg.remote.serve import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    check_store_location,
    endpoint_url,
    serve,
    write_store,
)


def cmd_serve(args) -> int:
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port} is not a TCP port (1-65535)")
    if args.pages_port is None:
        args.pages_port = args.port + 1 if args.port < 65535 else 0
    if not 0 <= args.pages_port < 65536 or args.pages_port == args.port:
        raise InputError(f"--pages-port {args.pages_port} is not a TCP port other than --port (0: none)")
    if args.timeout <= 0:
        raise InputError(f"--timeout {args.timeout} must be a positive number of seconds")
    if args.workers < 1 or args.max_result_bytes < 1:
        raise InputError("--workers and --max-result-bytes must be positive")
    store = Path(args.store)
    pages = None
    try:
        if args.file:
            say(f"[1/3] Serving {relative(Path(args.file))} instead of the curated graph ...")
            if not Path(args.file).exists():
                raise InputError("file not found", args.file)
            what = Path(args.file)
        else:
            say("[1/3] Building the graph ...")
            what = Cache(args.data).graph()
        check_store_location(store)  # before the build: a folder of the user's is never touched
        if args.pages_port and not args.file:
            pages = start_pages(what, args.host, args.pages_port, endpoint_url(args.host, args.port))
        say(f"[2/3] Loading into the Oxigraph store {relative(store)} ...")
        n = write_store(what, store)
        say(f"      {n} triples")
    except KeyboardInterrupt:  # Ctrl-C before the server started: nothing to stop
        if pages is not None:
            pages.stop()
        say("Stopped.")
        return 130
    except BaseException:
        if pages is not None:
            pages.stop()
        raise
    say(f"[3/3] Serving it read-only on {args.host}:{args.port} ({args.workers} query workers, "
        f"each query stopped after {args.timeout} s); Ctrl-C stops it.")
    if pages is not None:
        print(f"Linked data (/id/..., /ontology, /dataset as HTML, Turtle or JSON-LD): {pages.url}",
              flush=True)
    try:
        code = serve(store, args.host, args.port, args.timeout, say=lambda m: print(m, flush=True),
                     workers=args.workers, max_bytes=args.max_result_bytes,
                     allow_hosts=args.allow_host or ())
    finally:
        if pages is not None:
            pages.stop()
    say("Stopped.")
    return code


def add_serve(sub, data: argparse.ArgumentParser) -> None:
    sv = sub.add_parser("serve", parents=[data],
                        help="serve the graph read-only over the SPARQL 1.1 Protocol (Oxigraph)",
                        description="Load the graph into an Oxigraph store (default out/oxigraph) "
                        "and answer SPARQL queries on it at /query; the whole graph is the default "
                        "graph. Updates and SERVICE (fetching other URLs) are refused, and only "
                        "requests addressed to the bound host are answered. Prints the endpoint URL and "
                        "the query page at / (the catalogue, an editor, the results as a table); "
                        "Ctrl-C stops the server.")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    sv.add_argument("--port", type=int, default=7878, help="TCP port (default: 7878)")
    sv.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                    help="stop a query (by killing the worker process running it) after this long, "
                    "time waiting for a worker included; the client gets HTTP 503 (default: 60)")
    sv.add_argument("--workers", type=int, default=DEFAULT_WORKERS, metavar="N",
                    help=f"queries run at once, each in its own process (default: {DEFAULT_WORKERS})")
    sv.add_argument("--max-result-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="BYTES",
                    help=f"refuse answers larger than this (default: {DEFAULT_MAX_BYTES:,})")
    sv.add_argument("--allow-host", action="append", metavar="NAME",
                    help="also answer requests whose Host header names NAME (e.g. behind a proxy); "
                    "repeatable")
    sv.add_argument("--store", default="out/oxigraph", metavar="DIR",
                    help="Oxigraph store directory, replaced on each start; a folder holding "
                    "anything else is refused (default: out/oxigraph)")
    sv.add_argument("--file", metavar="FILE",
                    help="serve this RDF file (.nt, .ttl, .nq, .trig, .jsonld, .rdf) instead of "
                    "the curated graph, e.g. a synthetic graph")
    sv.add_argument("--pages-port", type=int, metavar="PORT",
                    help="also answer /id/..., /ontology and /dataset on this port as HTML, Turtle "
                    "or JSON-LD by content negotiation (default: --port + 1; 0: do not; not with "
                    "--file)")
    sv.set_defaults(func=cmd_serve)


def cmd_publish(args) -> int:
    graph_iri(args.graph)
    for url in filter(None, (args.endpoint, args.sparql)):
        check_url(url)
    say("[1/3] Building the graph ...")
    g = Cache(args.data).graph()
    say(f"[2/3] Replacing <{args.graph}> at {args.endpoint} with {len(g)} triples (one PUT, "
        f"{'Turtle' if args.format == 'turtle' else 'N-Triples'}) ...")
    done = publish(g, args.endpoint, args.graph, args.sparql, args.format)
    say(f"[3/3] Checked: <{done.graph}> holds {done.found} triples ({done.checked_by}).")
    print(f"Published {done.found} triples to <{done.graph}> (HTTP {done.status}).")
    return EXIT_OK


def add_publish(sub, data: argparse.ArgumentParser) -> None:
    pb = sub.add_parser("publish", parents=[data],
                        help="replace a named graph in a triple store (Graph Store Protocol)",
                        description="Replace the named graph --graph at the SPARQL 1.1 Graph Store "
                        "endpoint --endpoint with the whole graph in one PUT, then check the triple "
                        "count (COUNT query at --sparql, else GET of the graph). Credentials come "
                        "from YRDKG_USER/YRDKG_PASSWORD or YRDKG_TOKEN. Exits 2 on HTTP errors "
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
