"""The commands that publish versions of the data: release, diff."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cache import Cache
from kg.cli.common import say, write
from kg.diff import as_json, diff, markdown
from kg.errors import EXIT_OK
from kg.files import rdf_file, read_rdf
from kg.paths import relative
from kg.release import DIST, release
from kg.version import __version__


def cmd_release(args) -> int:
    previous = Path(args.previous) if args.previous else None
    if previous is not None:
        rdf_file(previous)  # an InputError naming it, before the graph is built
    say("[1/2] Building the graph ...")
    g = Cache(args.data).graph()  # the graph kept for these inputs (kg.cache), else built
    say(f"[2/2] Writing release {args.version} into {relative(Path(args.out))} ...")
    done = release(g, Path(args.out), args.version, previous)
    for path in [*done.files, done.notes, done.checksums]:
        say(f"Wrote {relative(path)}")
    return EXIT_OK


def add_release(sub, data: argparse.ArgumentParser) -> None:
    r = sub.add_parser("release", parents=[data],
                       help="write a versioned release of the graph, with checksums and notes",
                       description="Write DIR/yrd-kg-VERSION.ttl, .nt and .jsonld (each with the "
                       "dataset's VoID and DCAT description), DIR/yrd-kg-VERSION.sha256 (sha256sum -c "
                       "checks it) and DIR/yrd-kg-VERSION-notes.md: the changes since --previous (yrdkg "
                       "diff), or what a first release holds. The same inputs give the same bytes.")
    r.add_argument("--out", default=str(DIST), metavar="DIR", help=f"output folder (default: {DIST})")
    r.add_argument("--version", default=__version__,
                   help=f"the release's version (default: the package's, {__version__})")
    r.add_argument("--previous", metavar="FILE",
                   help="the previous release (any RDF file, e.g. dist/yrd-kg-0.0.9.nt) for the notes")
    r.set_defaults(func=cmd_release)


def cmd_diff(args) -> int:
    old, new = read_rdf(args.old), read_rdf(args.new)
    changes = diff(old, new)
    if args.format == "json":
        text = as_json(changes)
    else:
        text = markdown(changes, old, new, f"Changes from {Path(args.old).name} to {Path(args.new).name}")
    write(text.encode("utf-8"), args.output)
    return EXIT_OK


def add_diff(sub, data: argparse.ArgumentParser) -> None:
    d = sub.add_parser("diff", help="list the facts added, removed and changed between two versions",
                       description="Compare two versions of the graph (RDF files, e.g. two releases) "
                       "and list, by entity, the facts added, removed and changed (one value replaced), "
                       "each with its quotes. The dataset's description is left out.")
    d.add_argument("old", metavar="OLD", help="the older version (.ttl, .nt, .jsonld, ...)")
    d.add_argument("new", metavar="NEW", help="the newer version")
    d.add_argument("--format", choices=["markdown", "json"], default="markdown",
                   help="markdown (default; the release notes' format) or json")
    d.add_argument("--output", "-o", metavar="FILE", help="output file, or - for stdout (default)")
    d.set_defaults(func=cmd_diff)
