"""Time how long the explorer takes to open stable on a large graph, beside pyvis's defaults.

    .venv/bin/python benchmarks/explorer_stabilise.py [--nodes 5000] [--grouped 50000] [--runs 5]
        [--pyvis-runs 1] [--timeout 300]

Builds a synthetic graph (kg.synth.synthetic_graph, sized by nodes), renders it with
kg.render (positions computed in Python, kg.render.layout) and, for the same
nodes and edges, a page with pyvis's default options (Network() + add_node/add_edge,
options from get_network_data()), inlining the same vis-network build; and a page of a
graph of --grouped nodes, folded into groups by province (kg.render.groups). Each page
is opened from file:// in headless Chromium; the time is from `new vis.Network(...)` to
the page being stable (the explorer: its first frame drawn at the given positions;
pyvis: vis-network's `stabilizationIterationsDone`), measured in the page. Pages are
timed interleaved, run by run. Prints a table with the median of the runs and each
row's ratio to the explorer's 5,000-node page; a run that has not finished by --timeout
counts as not finished. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.render.page import json_for_script, render_html, vis_js  # noqa: E402
from kg.render.views import view_graph  # noqa: E402
from kg.synth import synthetic_graph  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>pyvis defaults</title>
<style>html,body,#g{margin:0;width:100%;height:100%}</style></head><body><div id="g"></div>
<script type="application/json" id="d">DATA</script><script>VIS</script><script>
var D = JSON.parse(document.getElementById('d').textContent);
var t0 = performance.now();
var network = new vis.Network(document.getElementById('g'),
  {nodes: new vis.DataSet(D.nodes), edges: new vis.DataSet(D.edges)}, D.options);
network.once('stabilizationIterationsDone', function () {
  window.kgExplorer = {stabilisedMs: Math.round(performance.now() - t0)};
  document.body.setAttribute('data-state', 'ready');
});
</script></body></html>"""


def pyvis_page(view) -> str:
    """The same nodes and edges with pyvis's default options."""
    from pyvis.network import Network

    net = Network()
    for n in view.graph.nodes:
        net.add_node(n, label=view.facts.info[n]["zh"])
    for a, b in view.graph.edges():
        net.add_edge(a, b)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options)}
    return HARNESS.replace("DATA", json_for_script(data)).replace("VIS", vis_js())


def time_page(browser, path: Path, timeout_s: float) -> float | None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        # "commit": a page that lays out synchronously holds back its load event, and
        # goto's own 30 s limit must not cut the measurement short.
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        # a selector, not wait_for_function: the explorer's CSP forbids eval
        page.wait_for_selector("body[data-state=ready]", state="attached", timeout=timeout_s * 1000)
        return page.evaluate("window.kgExplorer.stabilisedMs") / 1000
    except PlaywrightTimeout:  # the layout did not finish in time
        return None
    finally:
        page.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--grouped", type=int, default=50000, help="nodes of the folded page (0: none)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pyvis-runs", type=int, default=1, help="runs of the pyvis page (each up to --timeout)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run")
    ap.add_argument("--out", default=str(REPO / "build" / "bench"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    print(f"Building a synthetic graph of {args.nodes} entities ...", file=sys.stderr)
    t = time.perf_counter()
    view = view_graph(synthetic_graph(args.nodes), max_nodes=args.nodes,
                      progress=lambda i, k: print(f"\r  layout {i}/{k}", end="", file=sys.stderr))
    python_s = {"yrd-kg explorer": time.perf_counter() - t}
    n, m = view.graph.number_of_nodes(), view.graph.number_of_edges()
    pages = {"yrd-kg explorer": out / f"explorer-{n}.html",
             "pyvis defaults": out / f"pyvis-defaults-{n}.html"}
    pages["yrd-kg explorer"].write_text(render_html(view), encoding="utf-8")
    pages["pyvis defaults"].write_text(pyvis_page(view), encoding="utf-8")
    if args.grouped:
        print(f"\nBuilding a synthetic graph of {args.grouped} entities, grouped ...", file=sys.stderr)
        t = time.perf_counter()
        big = view_graph(synthetic_graph(args.grouped), max_nodes=args.nodes, group_by="province")
        name = f"explorer, {big.graph.number_of_nodes()} grouped"
        python_s[name] = time.perf_counter() - t
        pages[name] = out / f"explorer-grouped-{args.grouped}.html"
        pages[name].write_text(render_html(big), encoding="utf-8")

    runs = {name: (args.pyvis_runs if name == "pyvis defaults" else args.runs) for name in pages}
    results = {name: [] for name in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for k in range(max(runs.values())):
            for name, path in pages.items():   # interleaved: run k of every page, then run k + 1
                if k >= runs[name]:
                    continue
                t = time.perf_counter()
                s = time_page(browser, path, args.timeout)
                shown = f"{s:.2f} s" if s is not None else f"not finished in {args.timeout:.0f} s"
                print(f"  {name}, run {k + 1}/{runs[name]}: {shown} "
                      f"(wall {time.perf_counter() - t:.1f} s)", file=sys.stderr)
                results[name].append(s)
        browser.close()

    print(f"\nTime to open stable, {n} nodes and {m} edges (grouped page: {args.grouped} nodes), "
          "headless Chromium, median of the runs")
    base = statistics.median([t for t in results["yrd-kg explorer"] if t is not None] or [float("nan")])
    print(f"{'page':<30} {'median s':>9} {'min s':>7} {'max s':>7} {'finished':>9} {'x explorer':>10} "
          f"{'python s':>9}")
    for name, times in results.items():
        done = [t for t in times if t is not None]
        if len(done) == len(times):
            med_v = statistics.median(done)
            med, ratio = f"{med_v:9.2f}", f"{med_v / base:10.1f}"
        else:
            med = f"{'> ' + format(args.timeout, '.0f'):>9}"
            ratio = f"{'> ' + format(args.timeout / base, '.0f'):>10}"
        lo = f"{min(done):7.2f}" if done else f"{'-':>7}"
        hi = f"{max(done):7.2f}" if done else f"{'-':>7}"
        py = f"{python_s[name]:9.1f}" if name in python_s else f"{'-':>9}"
        print(f"{name:<30} {med} {lo} {hi} {len(done):>5}/{len(times)} {ratio} {py}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
