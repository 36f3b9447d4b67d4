"""Time the everyday commands on the curated graph against the floors issue 13 sets them.

Each command runs in a new process, as a user types it, beside its floor:
``yrdkg build`` against ``python -c "import rdflib, pyshacl, networkx"``; ``yrdkg
query``, ``yrdkg render`` and ``yrdkg analyze`` against ``python -c "import
rdflib"``. All run ``--repeat`` times (default 5), interleaved, so background load
hits all alike; the table gives medians and each command's ratio to its floor.
"warm" runs find the last built graph in the cache (kg/cache.py; the usual case:
the inputs did not change since the last command); "cold" runs keep no cache
(YRDKG_CACHE=off), so every command builds the graph from the records.

    .venv/bin/python benchmarks/everyday.py [--repeat 5] [--cold]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
FLOORS = {
    "import rdflib, pyshacl, networkx": [sys.executable, "-c", "import rdflib, pyshacl, networkx"],
    "import rdflib": [sys.executable, "-c", "import rdflib"],
}
GOAL = 2.0


def commands(out: Path) -> dict[str, tuple[list[str], str]]:
    """Each command, and the floor it is measured against."""
    yrdkg = str(BIN / "yrdkg")
    return {
        "yrdkg build": ([yrdkg, "build", "--out", str(out / "build")], "import rdflib, pyshacl, networkx"),
        "yrdkg query consortium-leads-members": ([yrdkg, "query", "consortium-leads-members",
                                                  "-o", str(out / "q.txt")], "import rdflib"),
        "yrdkg query entity-facts": ([yrdkg, "query", "entity-facts", "-o", str(out / "e.txt")],
                                     "import rdflib"),
        "yrdkg render": ([yrdkg, "render", "--out", str(out / "explorer.html")], "import rdflib"),
        "yrdkg analyze": ([yrdkg, "analyze", "--format", "table"], "import rdflib"),
    }


def timed(argv: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    run = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    if run.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({run.returncode}):\n{run.stderr}")
    return seconds


def triples(env: dict) -> str:
    run = subprocess.run([str(BIN / "yrdkg"), "stats"], env=env, capture_output=True, text=True)
    return run.stdout.splitlines()[0].split("(", 1)[1].split()[0] if run.returncode == 0 else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of each command (default: 5)")
    ap.add_argument("--cold", action="store_true", help="also time every command without the cache")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="yrdkg-everyday-") as tmp:
        out = Path(tmp)
        # as a user runs them: Python keeps the modules' bytecode (the floors' is in site-packages)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        modes = {"warm": {**env, "YRDKG_CACHE": str(out / "cache")}}
        if args.cold:
            modes["cold"] = {**env, "YRDKG_CACHE": "off"}
        cmds = commands(out)
        for argv, _ in cmds.values():  # fill the cache, as the first command after a change does
            timed(argv, modes["warm"])
        times: dict[tuple[str, str], list[float]] = {}
        for i in range(args.repeat):
            print(f"\rrun {i + 1} of {args.repeat} ...", end="", file=sys.stderr, flush=True)
            for name, argv in FLOORS.items():
                times.setdefault(("floor", name), []).append(timed(argv, modes["warm"]))
            for mode, env in modes.items():
                for name, (argv, _) in cmds.items():
                    times.setdefault((mode, name), []).append(timed(argv, env))
        print(file=sys.stderr)
        size = triples(modes["warm"])
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"Curated graph: {size} triples; medians of {args.repeat} runs, interleaved; "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}.\n")
    print(f"| command | cache | median s | floor | floor s | ratio | within {GOAL:g}x |")
    print("|---|---|---:|---|---:|---:|---|")
    for mode in modes:
        for name, (_, floor) in cmds.items():
            m, f = med[(mode, name)], med[("floor", floor)]
            print(f"| `{name}` | {mode} | {m:.2f} | `python -c \"{floor}\"` | {f:.2f} | {m / f:.1f}x | "
                  f"{'yes' if m / f <= GOAL else 'no'} |")


if __name__ == "__main__":
    main()
