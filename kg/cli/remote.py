"""The commands that reach a triple store: serve the graph locally, publish it to another."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cache import Cache
from kg.cli.common import say
from kg.errors import EXIT_OK, InputError
from kg.export import WHOLE_GRAPH
from kg.paths import relative
from kg.remote.publish import graph_iri, publish
from kg.remote.serve import serve, write_store


def cmd_serve(args) -> int:
    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port} is not a TCP port (1-65535)")
    if args.timeout <= 0:
        raise InputError(f"--timeout {args.timeout} must be a positive number of seconds")
    store = Path(args.store)
    try:
        if args.file:
            say(f"[1/3] Serving {relative(Path(args.file))} instead of the curated graph ...")
            if not Path(args.file).exists():
                raise InputError("file not found", args.file)
            what = Path(args.file)
        else:
            say("[1/3] Building the graph ...")
            what = Cache(args.data).graph()
        say(f"[2/3] Loading into the Oxigraph store {relative(store)} ...")
        n = write_store(what, store)
        say(f"      {n} triples")
    except KeyboardInterrupt:  # Ctrl-C before the server started: nothing to stop
        say("Stopped.")
        return 130
    say(f"[3/3] Starting oxigraph serve-read-only on {args.host}:{args.port} "
        f"(query timeout {args.timeout} s); Ctrl-C stops it.")
    code = serve(store, args.host, args.port, args.timeout, say=lambda m: print(m, flush=True))
    say("Stopped.")
    return code


def add_serve(sub, data: argparse.ArgumentParser) -> None:
    sv = sub.add_parser("serve", parents=[data],
                        help="serve the graph read-only over the SPARQL 1.1 Protocol (Oxigraph)",
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


def cmd_publish(args) -> int:
    graph_iri(args.graph)
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
