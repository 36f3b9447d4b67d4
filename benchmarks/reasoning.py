"""Measure what each reasoner adds to the curated graph and how long it takes.

    .venv/bin/python benchmarks/reasoning.py [--runs 3]

Prints one table per reasoner (triples per kind, median seconds) and the
predicates of the inferred triples; docs/reasoning.md quotes its output.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter

from kg.build import build_graph
from kg.reason import METHODS, reason


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per reasoner (median time is shown)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    g = build_graph()
    print(f"Curated graph: {len(g)} triples (built in {time.perf_counter() - t0:.2f} s)\n")
    results = {}
    for method in METHODS:
        times = []
        for i in range(args.runs):
            print(f"  {method}: run {i + 1}/{args.runs} ...", file=sys.stderr, flush=True)
            result = reason(g, method)
            times.append(result.seconds)
        results[method] = (result, statistics.median(times))

    for method, (result, secs) in results.items():
        print(f"Reasoner {method}: {result.total} triples inferred, median {secs:.2f} s "
              f"over {args.runs} runs")
        print(f"  | {'kind':<34} | {'triples':>7} |")
        print(f"  |{'-' * 36}|{'-' * 9}|")
        for kind, n in result.table():
            print(f"  | {kind:<34} | {n:>7} |")
        print()
    for method, (result, _) in results.items():
        preds = Counter(result.inferred.namespace_manager.normalizeUri(p) for _, p, _ in result.inferred)
        print(f"Inferred triples per predicate ({method})")
        print(f"  | {'predicate':<34} | {'triples':>7} |")
        print(f"  |{'-' * 36}|{'-' * 9}|")
        for p, n in sorted(preds.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  | {p:<34} | {n:>7} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
