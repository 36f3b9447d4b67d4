"""Render a view as one self-contained, offline HTML page (vis-network), and write it.

:func:`render_html` inlines vis-network from the files bundled with pyvis and
passes the data as JSON in a ``<script type="application/json">`` block with
``<``, ``>`` and ``&`` escaped; the page builds its DOM with ``textContent``
only, so nothing from the data is ever parsed as HTML. No request leaves the
page: no CDN, no ``lib/`` folder.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

from rdflib import Graph

from kg.files import write_atomic
from kg.paths import templates_dir
from kg.render.styles import (
    AREA_COLOURS,
    EDGE_FAMILIES,
    EDGE_FAMILY_LABELS,
    NODE_STYLES,
    SEVERAL_SOURCES,
    SOURCE_COLOURS,
    group_label,
)
from kg.render.views import VIEWS, View, view_graph

VIS_JS = ("lib", "vis-9.1.2", "vis-network.min.js")


def page_data(view: View) -> dict:
    """Return the JSON the page reads: nodes, edges, legend, quotes, filters."""
    if view.grouping is not None:
        return grouped_data(view)
    facts, v = view.facts, view.graph
    cent = [view.centrality[n] for n in v.nodes] or [0]
    lo, hi = min(cent), max(cent)
    styles = {key: (colour, shape) for _, key, colour, shape in NODE_STYLES}
    styles["other"] = ("#bab0ac", "dot")
    # Projections are cliques of few nodes: smaller nodes keep their labels apart.
    low, span = (9, 24) if view.name == "full" else (10, 14)
    nodes, used_groups, reserve = [], set(), set(view.reserve)
    for n in v.nodes:
        i = facts.info[n]
        c = view.centrality[n]
        # square root: PageRank is skewed, and a node's area should grow with it, not its width
        size = low + span * math.sqrt((c - lo) / (hi - lo) if hi > lo else 0.1)
        x, y = view.positions.get(n, (0.0, 0.0))
        nodes.append({**i, "sz": round(size, 1), "c": float(f"{c:.4g}"), "x": x, "y": y,
                      "rs": n in reserve})
        used_groups.add(i["g"])
    order = [k for _, k, _c, _s in NODE_STYLES] + ["other"]
    legend = [{"g": key, "zh": group_label(key, facts.groups)[0], "en": group_label(key, facts.groups)[1],
               "colour": styles[key][0], "shape": styles[key][1]}
              for key in order if key in used_groups]
    edges = []
    for k, (a, b, d) in enumerate(v.edges(data=True)):
        edges.append({"id": f"e{k}", "from": a, "to": b, "rel": d["rel"], "fam": d["family"],
                      "label": d["label"], "q": d.get("q", []), "w": d.get("weight", 1),
                      "coops": d.get("coops", []), "inf": d.get("inf")})
    families = sorted({e["fam"] for e in edges})
    # Facts per node from the full relation list, whatever the view.
    node_facts = defaultdict(list)
    for s, o, _k, lab, _fam, q, inf in facts.relations:
        node_facts[s].append({"dir": "out", "o": o, "p": lab, "q": q, "inf": inf})
        node_facts[o].append({"dir": "in", "o": s, "p": lab, "q": q, "inf": inf})
    for nd in nodes:
        nd["f"] = node_facts.get(nd["id"], [])
        quotes = {*nd["m"], *(q for p in nd["props"] for q in p["q"]), *(q for p in nd["pv"] for q in p["q"]),
                  *(q for f in nd["f"] for q in f["q"])}
        nd["src"] = sorted({facts.quotes[q]["src"] for q in quotes})
    used = {n for n in v.nodes}
    referenced = used | {f["o"] for nd in nodes for f in nd["f"]} | {c for e in edges for c in e["coops"]}
    referenced |= {p for nd in nodes for p in nd["prov"]} | {s for nd in nodes for s in nd["sec"]}
    prov_ids = sorted({p for nd in nodes for p in nd["prov"]})
    sec_ids = sorted({s for nd in nodes for s in nd["sec"]})
    return {
        "view": view.name,
        "focus": view.focus,
        "total": view.total,
        "omitted": view.omitted,
        "notes": view.notes,
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "edgeStyles": {f: _edge_style(f) for f in families},
        "names": {sid: facts.names[sid] for sid in sorted(referenced) if sid in facts.names},
        "quotes": facts.quotes,
        "provinces": prov_ids,
        "sectors": sec_ids,
        "severalSources": SEVERAL_SOURCES,
        "sources": _sources(facts, nodes),
        "areas": _areas(facts, used),
    }


def _sources(facts, nodes: list) -> list[dict]:
    """The sources the drawn nodes cite: texts first (the page colours by them), then tables."""
    used = {s for nd in nodes for s in nd["src"]}
    order = sorted(used, key=lambda s: (facts.sources[s]["table"], facts.sources[s]["ym"] or "", s))
    return [{"id": s, **facts.sources[s], "colour": SOURCE_COLOURS[k % len(SOURCE_COLOURS)]}
            for k, s in enumerate(order)]


def _areas(facts, used: set) -> list[dict]:
    """Areas that include places (yrd:includesPlace), with their members in the view."""
    members: dict = defaultdict(set)
    for s, o, k, *_rest in facts.relations:
        if k == "includesPlace" and s in used and o in used:
            members[s].add(o)
    return [{"id": a, "members": sorted(ms), "colour": AREA_COLOURS[k % len(AREA_COLOURS)]}
            for k, (a, ms) in enumerate(sorted(members.items()))]


def grouped_data(view: View) -> dict:
    """Return the JSON of a folded view: its groups, and every node and relation in compact rows."""
    gr, facts = view.grouping, view.facts
    styles = {key: (colour, shape) for _, key, colour, shape in NODE_STYLES}
    styles["other"] = ("#bab0ac", "dot")
    used = {m["g"] for m in gr.members}
    order = [k for _, k, _c, _s in NODE_STYLES] + ["other"]
    legend = [{"g": key, "zh": group_label(key, facts.groups)[0], "en": group_label(key, facts.groups)[1],
               "colour": styles[key][0], "shape": styles[key][1]} for key in order if key in used]
    return {
        "view": view.name, "total": view.total, "omitted": view.omitted, "notes": view.notes,
        "nodes": [], "edges": [], "legend": legend, "edgeStyles": {}, "names": {}, "quotes": [],
        "provinces": [], "sectors": [], "sources": [],
        "grouping": {"by": gr.by, "groups": gr.groups, "top": gr.top, "members": gr.members,
                     "edges": gr.edges},
    }


def _edge_style(family: str) -> dict:
    colour, dashes, width = EDGE_FAMILIES.get(family, EDGE_FAMILIES["structure"])
    zh, en = EDGE_FAMILY_LABELS.get(family, (family, family))
    return {"colour": colour, "dashes": dashes, "width": width, "zh": zh, "en": en}


def json_for_script(data) -> str:
    """Serialise for a <script> block: no '<', '>', '&' or line separators survive raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def vis_js() -> str:
    """Return vis-network's script as pyvis bundles it, to inline in a page."""
    text = resources.files("pyvis").joinpath(*VIS_JS).read_text(encoding="utf-8")
    if "</script" in text.lower():  # cannot happen with 9.1.2; guard a future upgrade
        raise RuntimeError("vis-network.min.js contains '</script'; it cannot be inlined as is")
    return text


def render_html(view: View, others: tuple[View, ...] = ()) -> str:
    """Return the whole page as a string (one file, no external resources).

    ``others`` are more views the page can switch to (their data rides along, each
    in its own JSON block); the page opens on ``view``.
    """
    templates = templates_dir()
    template = (templates / "explorer.html").read_text(encoding="utf-8")
    parts = {
        "/*STYLE*/": (templates / "explorer.css").read_text(encoding="utf-8"),
        "/*VIS*/": vis_js(),
        "/*APP*/": (templates / "explorer.js").read_text(encoding="utf-8"),
        "/*DATA*/": json_for_script(page_data(view)),
        "/*VIEWS*/": "".join(f'<script type="application/json" class="kg-view" data-view="{o.name}">'
                             f"{json_for_script(page_data(o))}</script>\n" for o in others),
    }
    # One pass over the template: inlined text is never scanned for markers again.
    return re.sub(r"/\*(STYLE|VIS|APP|DATA|VIEWS)\*/", lambda m: parts[m.group(0)], template)


def explorer_page(g: Graph, **options) -> tuple[View, str]:
    """Return the view of ``g`` that ``options`` ask for and its page.

    A whole view (no focus, class or province) carries the other whole views too,
    so the page switches between full, organisation and province views itself.
    """
    view = view_graph(g, **options)
    others: tuple[View, ...] = ()
    whole = not (options.get("focus") or options.get("classes") or options.get("provinces"))
    if whole and view.grouping is None:
        rest = {k: v for k, v in options.items() if k in ("max_nodes", "group_by")}
        others = tuple(view_graph(g, name, facts=view.facts, **rest) for name in VIEWS if name != view.name)
        others = tuple(o for o in others if o.grouping is None)
    return view, render_html(view, others)


def write_explorer(g: Graph, path: Path, **options) -> View:
    """Render a view of ``g`` (:func:`explorer_page`) to ``path`` as UTF-8, atomically; return it."""
    view, html = explorer_page(g, **options)
    write_atomic(Path(path), html.encode("utf-8"))
    return view
