"""Time the pipeline at 10k, 100k, 1M (and 10M) synthetic triples; compare with rdflib and the Oxigraph floor.

    .venv/bin/python benchmarks/scale.py [--sizes 10k,100k,1m] [--repeat 3] [--stage-timeout 900]
    .venv/bin/python benchmarks/scale.py --sizes 10m --engines ours,floor --stages pipeline

Three engines run the same file (``yrdkg synth``, seed 0, cached in build/bench/):

- ours:   kg.store (Oxigraph underneath, rdflib terms on top): load, validate with the
          shapes compiled to SPARQL plus the check queries, run the catalogue (kg.sparql.run,
          the runner `yrdkg query --engine oxigraph` and the checks use), analytics,
          export Turtle, render.
- rdflib: plain rdflib + pyshacl (kg.validation.shacl.validate), the same catalogue through the same
          runner (kg.sparql.run, rdflib engine), analytics and kg.export.serialize.
- floor:  raw pyoxigraph: load the file, run the same queries, dump Turtle. No
          validation or analytics: the least any pipeline must spend.

Each (engine, size, repeat) runs in its own subprocess, stages in order; after each
stage the child reports its wall time and its peak RSS so far (ru_maxrss), so the
memory column is the high-water mark up to and including that stage. A stage that
exceeds --stage-timeout is reported as a timeout. Medians are over --repeat runs
(1M and 10M run once unless --repeat-1m says otherwise). ``--stages pipeline`` runs
only the stages PIPELINE sums (analytics and render take longest at 10M and are not
part of the goal). Long stages show progress on stderr: the catalogue names each
query as it starts. Speed is measured here, never in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
LARGE = ("1m", "10m")  # run --repeat-1m times
ENGINES = ("ours", "rdflib", "floor")
STAGES = ("load", "validate", "catalogue", "analytics", "export", "render")
PIPELINE = ("load", "validate", "catalogue", "export")  # the stages the 3x goal covers
BENCH = REPO / "build" / "bench"


# -- the child: one engine, one file, every stage -------------------------------
class StageTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise StageTimeout()


def _progress(msg: str) -> None:
    """Show how far a long stage has got (stderr, one line rewritten)."""
    print(f"\r        {msg:<70}", end="", file=sys.stderr, flush=True)


SHOW_PROGRESS = [False]  # set by the child for large files (1M triples and more)


def _queries_with_progress(queries):
    if not SHOW_PROGRESS[0]:
        yield from queries
        return
    for i, q in enumerate(queries, 1):
        _progress(f"query {i}/{len(queries)} {q.name}")
        yield q
    print("\r" + " " * 80 + "\r", end="", file=sys.stderr, flush=True)


def _rows(run_one, queries) -> str:
    """Run every query (with progress for large files); say how many rows they gave."""
    return f"{sum(len(run_one(q)) for q in _queries_with_progress(queries))} rows from {len(queries)} queries"


def _report(stage: str, seconds: float | None, note: str = "", cpu: float | None = None) -> None:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "seconds": seconds, "cpu": cpu, "rss_mb": rss, "note": note}),
          flush=True)


def catalogue_queries(skip: tuple[str, ...] = ()):
    """The catalogue queries runnable without arguments (required parameters have defaults)."""
    from kg.catalogue import catalogue

    return [q for q in catalogue() if not any(p.required for p in q.params) and q.name not in skip]


def analytics(g) -> str:
    """Project the networks (kg.network) and measure them with networkx."""
    import networkx as nx

    from kg.analytics import pagerank
    from kg.network import organisation_network, province_network

    net = organisation_network(g)
    province_network(g)
    pagerank(net)
    nx.community.louvain_communities(net, weight="weight", seed=42)
    k = min(len(net), 200)
    nx.betweenness_centrality(net, k=k, seed=42)  # sampled: exact betweenness is O(VE)
    return f"{len(net)} organisations, {net.number_of_edges()} edges; betweenness sampled from {k} nodes"


def child(engine: str, path: Path, out_dir: Path, timeout: int, stages: tuple[str, ...] = STAGES,
          left_out: tuple[str, ...] = ()) -> None:
    signal.signal(signal.SIGALRM, _alarm)
    SHOW_PROGRESS[0] = path.stat().st_size > 100_000_000
    state: dict = {}

    def stage(name: str, fn) -> None:
        if name not in stages:
            _report(name, None, "not run (--stages)")
            return
        signal.alarm(timeout)
        if SHOW_PROGRESS[0]:
            _progress(f"{name} (started {time.strftime('%H:%M:%S')})")
        t, c = time.perf_counter(), time.process_time()
        try:
            note = fn() or ""
            _report(name, time.perf_counter() - t, note, time.process_time() - c)
        except StageTimeout:
            _report(name, None, f"timeout > {timeout} s")
            if name == "load":
                raise SystemExit(0) from None
        except Exception as exc:  # a failing stage is reported; the others still run
            _report(name, None, f"error: {type(exc).__name__}: {exc}"[:200])
        finally:
            signal.alarm(0)

    skip = lambda name, why: _report(name, None, why)  # noqa: E731
    queries = catalogue_queries(left_out)

    if engine == "ours":
        from kg.sparql import run
        from kg.store import dump, load_store, rdflib_graph
        from kg.validation.oxigraph import validate_store

        def load():
            state["big"] = load_store([path], with_ontology=False)
            return f"{len(state['big'])} triples"

        def validate():
            return validate_store(state["big"]).summary()

        def cat():
            n = sum(len(run(state["big"], q).rows) for q in _queries_with_progress(queries))
            return f"{n} rows from {len(queries)} queries"

        stage("load", load)
        stage("validate", validate)
        stage("catalogue", cat)
        stage("analytics", lambda: analytics(rdflib_graph(state["big"])))
        stage("export", lambda: dump(state["big"], out_dir / "ours.ttl"))
        stage("render", lambda: _render(rdflib_graph(state["big"])))
    elif engine == "rdflib":
        from rdflib import Graph

        from kg.export import serialize, write_atomic
        from kg.sparql import run
        from kg.validation.shacl import validate

        def load():
            g = Graph()
            g.parse(path, format="nt")
            state["g"] = g
            return f"{len(g)} triples"

        stage("load", load)
        stage("validate", lambda: validate(state["g"], with_ontology=False).summary())
        stage("catalogue", lambda: _rows(lambda q: run(state["g"], q).rows, queries))
        stage("analytics", lambda: analytics(state["g"]))
        stage("export", lambda: write_atomic(out_dir / "rdflib.ttl", serialize(state["g"], "turtle")))
        stage("render", lambda: _render(state["g"]))
    else:
        import pyoxigraph as ox

        from kg.catalogue import bind

        def load():
            s = ox.Store()
            s.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
            state["s"] = s
            return f"{len(s)} triples"

        def cat():
            n = 0
            for q in _queries_with_progress(queries):
                n += len(list(state["s"].query(bind(q))))
            return f"{n} rows from {len(queries)} queries"

        def export():
            data = state["s"].dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
            (out_dir / "floor.ttl").write_bytes(data)

        stage("load", load)
        skip("validate", "no validation in the floor")
        stage("catalogue", cat)
        skip("analytics", "no analytics in the floor")
        stage("export", export)
        skip("render", "no rendering in the floor")


def _render(g) -> str:
    """Render the filtered view a user of a large graph would draw: one province's organisations."""
    from kg.render.page import render_html
    from kg.render.views import view_graph

    view = view_graph(g, view="full", classes=("Organisation",), provinces=("div/330000",),
                      max_nodes=2000)
    render_html(view)
    return ""


# -- the parent: generate, run, tabulate ----------------------------------------
def say(msg: str, end: str = "\n") -> None:
    print(msg, file=sys.stderr, end=end, flush=True)


def synth_file(label: str) -> Path:
    from kg.synth import synthesise

    path = BENCH / f"synth-{label}.nt"
    if not path.exists():
        say(f"Generating {path.relative_to(REPO)} ...")
        synthesise(SIZES[label], path, seed=0,
                   progress=lambda d, t: say(f"\r  {d:>10,} / {t:,} triples", end=""))
        say("")
    return path


def run_child(engine: str, path: Path, timeout: int, stages: str = "all", skip: str = "") -> dict:
    cmd = [sys.executable, __file__, "--child", engine, str(path), "--stage-timeout", str(timeout),
           "--stages", stages, "--skip-queries", skip]
    out_dir = BENCH / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(cmd + ["--out-dir", str(out_dir)], stdout=subprocess.PIPE, text=True,
                            cwd=REPO, env={**os.environ, "PYTHONHASHSEED": "0"})
    results = {}
    for line in proc.stdout:
        r = json.loads(line)
        results[r["stage"]] = r
        shown = "skipped" if r["seconds"] is None and not r["note"].startswith("timeout") else \
            (r["note"] if r["seconds"] is None else f"{r['seconds']:.2f} s")
        note = r["note"] if r["seconds"] else ""
        line = f"      {r['stage']:<10} {shown:<14} {r['rss_mb']:>8.0f} MB  {note}"
        say("\r" + line.ljust(80))  # over the child's progress line, if it has begun one
    proc.wait()
    return results


def median(runs: list[dict], stage: str):
    values = [r[stage]["seconds"] for r in runs if stage in r]
    if not values or any(v is None for v in values):
        notes = {r[stage]["note"] for r in runs if stage in r}
        return None, "; ".join(sorted(n for n in notes if n))
    return statistics.median(values), ""


def cpu_total(runs: list[dict]) -> float | None:
    """The median over runs of the pipeline's CPU seconds (less sensitive than wall time to other jobs)."""
    sums = []
    for r in runs:
        parts = [r[s].get("cpu") if s in r else None for s in PIPELINE
                 if s not in r or r[s]["note"] != "no validation in the floor"]
        if not parts or any(p is None for p in parts):
            return None
        sums.append(sum(parts))
    return statistics.median(sums) if sums else None


def peak(runs: list[dict], stage: str) -> float | None:
    values = [r[stage]["rss_mb"] for r in runs if stage in r]
    return statistics.median(values) if values else None


def cell(runs, stage) -> str:
    sec, note = median(runs, stage)
    mem = peak(runs, stage)
    if sec is None:
        return "timeout" if note.startswith("timeout") else "—"
    return f"{sec:8.2f} ({mem:,.0f})"


def table(all_runs: dict, sizes: list[str], repeats: dict) -> str:
    lines = ["Scale benchmark: median seconds (peak RSS MB so far), per stage",
             f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
             "", f"{'size':<5} {'stage':<10} {'ours (kg.store)':>18} {'rdflib+pyshacl':>18} "
                 f"{'pyoxigraph floor':>18} {'ours/floor':>10} {'rdflib/ours':>11}"]
    for label in sizes:
        runs = {e: all_runs[(e, label)] for e in ENGINES}
        for stage in STAGES:
            o, _ = median(runs["ours"], stage)
            f, _ = median(runs["floor"], stage)
            r, _ = median(runs["rdflib"], stage)
            ratio = f"{o / f:9.1f}x" if o is not None and f else ""
            speed = f"{r / o:10.1f}x" if o and r is not None else ""
            lines.append(f"{label:<5} {stage:<10} {cell(runs['ours'], stage):>18} "
                         f"{cell(runs['rdflib'], stage):>18} {cell(runs['floor'], stage):>18} {ratio:>10} "
                         f"{speed:>11}")
        totals = {}
        for e in ENGINES:
            parts = [median(runs[e], s)[0] for s in PIPELINE if not (e == "floor" and s == "validate")]
            totals[e] = sum(parts) if all(p is not None for p in parts) else None
        o, f, r = totals["ours"], totals["floor"], totals["rdflib"]
        fmt = lambda v: f"{v:8.2f}" if v is not None else "incomplete"  # noqa: E731
        ratio = f"{o / f:9.2f}x" if o and f else ""
        speed = f"{r / o:10.1f}x" if o and r else ""
        show = [("—" if not runs[e] else fmt(totals[e])).rjust(18) for e in ("ours", "rdflib", "floor")]
        lines.append(f"{label:<5} {'PIPELINE':<10} {' '.join(show)} {ratio:>10} {speed:>11}")
        cpu = {e: cpu_total(runs[e]) for e in ENGINES}
        ratio = f"{cpu['ours'] / cpu['floor']:9.2f}x" if cpu["ours"] and cpu["floor"] else ""
        show = [("—" if not runs[e] else fmt(cpu[e])).rjust(18) for e in ("ours", "rdflib", "floor")]
        lines.append(f"{label:<5} {'(CPU s)':<10} {' '.join(show)} {ratio:>10}")
        lines.append(f"{'':<5} runs: {repeats[label]}; PIPELINE = load + validate + catalogue + export "
                     "(the floor does not validate); CPU s = the same stages' process time")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1m", help="comma-separated: 10k, 100k, 1m, 10m")
    ap.add_argument("--repeat", type=int, default=3, help="runs per engine at 10k and 100k")
    ap.add_argument("--repeat-1m", type=int, default=1, help="runs per engine at 1m and 10m")
    ap.add_argument("--stages", default="all", choices=("all", "pipeline"),
                    help="pipeline: only load, validate, catalogue and export")
    ap.add_argument("--skip-queries", default="", help="comma-separated catalogue queries to leave out "
                    "(e.g. to time the others when one is being changed)")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--stage-timeout", type=int, default=900, help="seconds before a stage is abandoned")
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    ap.add_argument("--out-dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.out_dir), args.stage_timeout,
              PIPELINE if args.stages == "pipeline" else STAGES,
              tuple(filter(None, args.skip_queries.split(","))))
        return
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",")]
    for s in sizes:
        if s not in SIZES:
            ap.error(f"unknown size {s}; sizes are {', '.join(SIZES)}")
    all_runs = {(e, s): [] for e in ENGINES for s in sizes}
    repeats = {}
    for label in sizes:
        path = synth_file(label)
        repeats[label] = args.repeat_1m if label in LARGE else args.repeat
        for i in range(repeats[label]):
            for engine in engines:  # interleaved, so background load hits every engine alike
                say(f"[{label} run {i + 1}/{repeats[label]}] {engine}  ({time.strftime('%H:%M:%S')})")
                all_runs[(engine, label)].append(run_child(engine, path, args.stage_timeout, args.stages,
                                                           args.skip_queries))
    print(table(all_runs, sizes, repeats))


if __name__ == "__main__":
    main()
