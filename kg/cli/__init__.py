"""The yrdkg command: a thin layer over the library, one function per verb, one module per group.

``graph`` makes and checks the graph, ``outputs`` writes what it shows,
``queries`` runs the catalogue, ``remote`` reaches triple stores; each command
calls one library function. :func:`main` turns every :class:`kg.errors.YrdkgError`
into one line and exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg import __version__
from kg.cli import graph, outputs, queries, release, remote
from kg.cli.common import say
from kg.errors import EXIT_COULD_NOT_RUN, EXIT_OK, YrdkgError, quiet_ill_typed_literals
from kg.paths import relative

# The commands in the order `yrdkg --help` lists them.
COMMANDS = (graph.add_build, graph.add_validate, outputs.add_export, graph.add_coverage, outputs.add_render,
            remote.add_serve, remote.add_publish, graph.add_stats, queries.add_queries, queries.add_query,
            outputs.add_analyze, outputs.add_docs, graph.add_init, graph.add_synth, release.add_release,
            release.add_diff)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="yrdkg", description="yrd-kg: the knowledge graph of "
                                "cooperation in the Yangtze River Delta (长三角).",
                                epilog="Exit status: 0 success; 1 the graph does not conform to the "
                                "shapes; 2 could not run (a mistake in the data or in a file or "
                                "option given, a service that failed, a missing tool).")
    p.add_argument("--version", action="version", version=f"yrd-kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR", help="build the graph from the records in DIR (made by "
                      "yrdkg init) instead of the packaged ones; default: $YRDKG_DATA if set")

    for add in COMMANDS:
        add(sub, data)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with quiet_ill_typed_literals():
            return args.func(args)
    except YrdkgError as exc:
        say(f"error: {exc}")
        return EXIT_COULD_NOT_RUN
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # an output folder that cannot be written, a full disk
        where = f"{relative(Path(exc.filename))}: " if exc.filename else ""
        say(f"error: {where}{exc.strerror or exc}")
        return EXIT_COULD_NOT_RUN
