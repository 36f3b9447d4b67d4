"""Measure every goal of issue 13 in one run and print the tables, with the machine and the date.

    .venv/bin/python benchmarks/goals.py [--sizes 10k,100k,1m,10m] [--repeat 5] [--out FILE]

Runs, one after the other on the same machine: goal 1, the everyday commands on
the curated graph against their floors (``everyday.py --cold``); goal 2, the
pipeline against the pyoxigraph floor at each size (``scale.py --engines
ours,floor``); goal 3, the explorer against pyvis's defaults
(``explorer_stabilise.py``). Each script's progress goes to the terminal; their
tables go to stdout and, with ``--out``, to a Markdown file (docs/benchmarks.md
quotes it). Not a test: the numbers depend on the machine; compare the ratios.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = ("rdflib", "pyoxigraph", "pyshacl", "networkx", "crategraph-forceatlas2", "playwright")


def machine() -> str:
    """One paragraph: the date, the CPU, the cores, the memory, Python and the packages timed."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES if _installed(p))
    return (f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {cpu}, "
            f"{os.cpu_count()} CPUs, {mem:.0f} GB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; {versions}.")


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def goal(title: str, argv: list[str]) -> str:
    """Run one benchmark script (its progress on the terminal) and return its table, headed."""
    print(f"\n== {title}: {' '.join(argv)}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    run = subprocess.run([sys.executable, *argv], stdout=subprocess.PIPE, text=True)
    took = time.perf_counter() - t0
    if run.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed with exit status {run.returncode}")
    return f"## {title}\n\n`python {' '.join(argv)}` ({took / 60:.0f} min)\n\n{run.stdout.strip()}\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1m,10m", help="goal 2's sizes (scale.py --sizes)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each everyday command (default: 5)")
    ap.add_argument("--scale-repeat", type=int, default=3, help="runs per engine at 10k and 100k")
    ap.add_argument("--explorer-runs", type=int, default=5, help="runs of each explorer page")
    ap.add_argument("--out", metavar="FILE", help="also write the tables to FILE (Markdown)")
    args = ap.parse_args()
    head = machine()
    parts = [
        goal("Goal 1: everyday commands on the curated graph",
             [str(HERE / "everyday.py"), "--repeat", str(args.repeat), "--cold"]),
        goal("Goal 2: the pipeline at scale",
             [str(HERE / "scale.py"), "--sizes", args.sizes, "--repeat", str(args.scale_repeat),
              "--engines", "ours,floor", "--stages", "pipeline"]),
        goal("Goal 3: the explorer at 5,000 and 50,000 nodes",
             [str(HERE / "explorer_stabilise.py"), "--runs", str(args.explorer_runs), "--pyvis-runs", "1"]),
    ]
    text = "\n".join([head, "", *parts])
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
