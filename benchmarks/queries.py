"""Time every catalogue query on rdflib and on Oxigraph over the curated graph; print a table.

    .venv/bin/python benchmarks/queries.py [--repeat N]

Speed is measured here, never in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analytics import analyse  # noqa: E402
from kg.build import build_graph  # noqa: E402
from kg.catalogue import catalogue  # noqa: E402
from kg.sparql import run  # noqa: E402
from kg.store import from_graph  # noqa: E402


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    t = time.perf_counter()
    g = build_graph()
    print(f"graph: {len(g)} triples, built in {time.perf_counter() - t:.2f} s", file=sys.stderr)
    t = time.perf_counter()
    store = from_graph(g)
    print(f"Oxigraph store loaded in {(time.perf_counter() - t) * 1000:.0f} ms", file=sys.stderr)
    print(f"{'query':42} {'rows':>5} {'rdflib ms':>10} {'oxigraph ms':>12} {'ratio':>7}")
    total_r = total_o = 0.0
    for q in catalogue():
        rows = len(run(g, q).rows)
        r = _median_ms(lambda q=q: run(g, q), args.repeat)
        o = _median_ms(lambda q=q: run(store, q), args.repeat)
        total_r, total_o = total_r + r, total_o + o
        print(f"{q.name:42} {rows:>5} {r:>10.1f} {o:>12.2f} {r / o:>7.0f}")
    print(f"{'all queries':42} {'':>5} {total_r:>10.1f} {total_o:>12.2f} {total_r / total_o:>7.0f}")
    print(f"{'yrdkg analyze (analyse(g))':42} {'':>5} {_median_ms(lambda: analyse(g), args.repeat):>10.1f}")


if __name__ == "__main__":
    main()
