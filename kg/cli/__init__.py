"""The yrdkg command: a thin layer over the library, one function per verb, one module per group.

``graph`` makes and checks the graph, ``outputs`` writes what it shows,
``queries`` runs the catalogue, ``remote`` reaches triple stores; each command
calls one library function. A command's module is imported when that command
runs (:data:`COMMANDS` names it), so ``yrdkg query`` never loads pyshacl or
networkx. :func:`main` turns every :class:`kg.errors.YrdkgError` into one line
and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from pathlib import Path

from kg.cli.common import say
from kg.errors import EXIT_COULD_NOT_RUN, EXIT_OK, YrdkgError, quiet_ill_typed_literals
from kg.paths import relative
from kg.version import __version__

# The commands in the order `yrdkg --help` lists them, each with the module of kg.cli whose
# add_<command> defines it: imported on demand, the one way this package imports its modules.
COMMANDS = (("build", "graph"), ("validate", "graph"), ("export", "outputs"), ("tables", "outputs"),
            ("coverage", "graph"), ("mentions", "graph"), ("render", "outputs"), ("serve", "remote"),
            ("publish", "remote"), ("stats", "graph"), ("queries", "queries"), ("query", "queries"),
            ("analyze", "outputs"), ("docs", "outputs"), ("site", "outputs"),
            ("init", "graph"), ("synth", "graph"),
            ("release", "release"), ("diff", "release"))


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the parser of every command, or of ``command`` alone (the others' modules stay unloaded)."""
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

    for name, module in COMMANDS:
        if command in (None, name):
            getattr(import_module(f"kg.cli.{module}"), f"add_{name}")(sub, data)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    first = next((a for a in argv if not a.startswith("-")), None)  # the command, if any
    args = parser(first if first in dict(COMMANDS) else None).parse_args(argv)
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
