"""Draw the data model from the ontology as an SVG: class trees in boxes, object properties as arrows.

Each box is a top class of ``yrd:`` with its sub-classes (:mod:`kg.hierarchy`);
each arrow an object property from its domain's box to its range's box (a
domain or range outside our namespace, such as ``org:Organization``, stands for
our top classes below it; of two inverse properties one is drawn). Properties
within one box are listed in it. The boxes fill columns in breadth-first order of the boxes'
graph, so linked boxes stand near each other; nothing is random, so the same
ontology gives the same bytes.
"""

from __future__ import annotations

import html
import unicodedata
from collections import defaultdict

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.hierarchy import flatten, term_label, term_tree
from kg.lazy import nx
from kg.ontology import BASE

COLUMNS = 4
LINE, PAD, GAP_X, GAP_Y, MARGIN = 16, 8, 170, 28, 20
STROKE = 'stroke="#55708f" stroke-width="1.2" marker-end="url(#arrow)"'
FONT = "font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif"


def _width(text: str) -> int:
    """Estimate text width in pixels at 12 px: wide (CJK) characters count double."""
    return sum(12 if unicodedata.east_asian_width(c) in "WF" else 7 for c in text)


def model(g: Graph, lang: str) -> tuple[list, dict, dict]:
    """Return boxes [(top class, [(label, depth)])], arrows {(a, b): [labels]} and loops {a: [labels]}."""
    tree = term_tree(g, OWL.Class, lang)
    top = {t: root for root, kids in tree for t, _ in flatten([(root, kids)])}
    boxes = [(root, [(term_label(g, t, lang), d) for t, d in flatten([(root, kids)])]) for root, kids in tree]

    def tops(cls) -> list:
        if cls in top:
            return [top[cls]]
        return sorted(r for r, _ in tree if cls in set(g.transitive_objects(r, RDFS.subClassOf)))

    arrows, loops = defaultdict(list), defaultdict(list)
    props = sorted(p for p in g.subjects(RDF.type, OWL.ObjectProperty)
                   if isinstance(p, URIRef) and str(p).startswith(BASE))
    for p in props:
        inverse = g.value(p, OWL.inverseOf) or g.value(None, OWL.inverseOf, p)
        if inverse is not None and str(inverse) < str(p) and g.value(inverse, RDFS.domain) is not None:
            continue
        label = term_label(g, p, lang)
        for d in g.objects(p, RDFS.domain):
            for r in g.objects(p, RDFS.range):
                for a in tops(d):
                    for b in tops(r):
                        (loops[a] if a == b else arrows[(a, b)]).append(label)
    def tidy(d):
        return {k: sorted(set(v)) for k, v in d.items()}

    return boxes, tidy(arrows), tidy(loops)


def _place(boxes, arrows, sizes) -> dict:
    """Boxes in breadth-first order from the most connected one, filling columns of even height."""
    net = nx.Graph()
    net.add_nodes_from(str(root) for root, _ in boxes)
    net.add_edges_from((str(a), str(b)) for a, b in arrows)

    def rank(n):
        return (-net.degree(n), n)

    order: list[str] = []
    for start in sorted(net.nodes, key=rank):
        if start in order:
            continue
        queue = [start]
        order.append(start)
        while queue:
            n = queue.pop(0)
            for m in sorted(net.neighbors(n), key=rank):
                if m not in order:
                    order.append(m)
                    queue.append(m)
    budget = sum(h + GAP_Y for _, h in sizes.values()) / COLUMNS
    width = max(w for w, _ in sizes.values())
    out, column, y = {}, 0, MARGIN
    for n in order:
        if y > MARGIN and y + sizes[n][1] - MARGIN > budget * 1.15 and column < COLUMNS - 1:
            column, y = column + 1, MARGIN
        out[n] = (MARGIN + column * (width + GAP_X), y)
        y += sizes[n][1] + GAP_Y
    return out


def _edge_point(x, y, w, h, tx, ty):
    """Where the line from the centre of a box towards (tx, ty) leaves the box."""
    cx, cy = x + w / 2, y + h / 2
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    s = min(w / 2 / abs(dx) if dx else float("inf"), h / 2 / abs(dy) if dy else float("inf"))
    return cx + dx * s, cy + dy * s


def _adjacent(ay, ah, by, bh) -> bool:
    """Whether two boxes of one column follow each other (nothing between them)."""
    return abs((by - (ay + ah)) if by > ay else (ay - (by + bh))) <= GAP_Y


def _covers(rects, x, y, w, h) -> bool:
    """Whether the rectangle (x, y, w, h) overlaps any of the boxes."""
    return any(x < rx + rw and rx < x + w and y < ry + rh and ry < y + h for rx, ry, rw, rh in rects)


def data_model_svg(g: Graph, lang: str) -> str:
    """Return the diagram as an SVG document (UTF-8 text), labels in ``lang``."""
    e = html.escape
    boxes, arrows, loops = model(g, lang)
    lines = {str(root): rows + [(f"↻ {p}", 0) for p in loops.get(root, [])] for root, rows in boxes}
    width = max(_width("  " * d + t) for rows in lines.values() for t, d in rows) + 2 * PAD
    sizes = {n: (width, len(rows) * LINE + 2 * PAD) for n, rows in lines.items()}
    at = _place(boxes, arrows, sizes)
    total_w = max(x + sizes[n][0] for n, (x, _) in at.items()) + MARGIN
    total_h = max(y + sizes[n][1] for n, (_, y) in at.items()) + MARGIN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{total_h}" '
           f'viewBox="0 0 {total_w} {total_h}" style="{FONT};font-size:12px">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#55708f"/></marker></defs>',
           f'<rect width="{total_w}" height="{total_h}" fill="#ffffff"/>']
    rects = [(*at[n], *sizes[n]) for n in at]
    labels = []
    for (a, b), names in sorted(arrows.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        (ax, ay), (bx, by) = at[str(a)], at[str(b)]
        (aw, ah), (bw, bh) = sizes[str(a)], sizes[str(b)]
        text = ", ".join(names)
        tw = _width(text)
        if ax == bx and not _adjacent(ay, ah, by, bh):
            # one column, boxes between them: bend out to the right instead of crossing them
            x1, y1, x2, y2 = ax + aw, ay + ah / 2, bx + bw, by + bh / 2
            bend = x1 + 60
            curve = f"M{x1:.1f},{y1:.1f} C{bend:.1f},{y1:.1f} {bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            out.append(f'<path d="{curve}" fill="none" {STROKE}/>')
            mx, my = x1 + 45 + tw / 2, (y1 + y2) / 2
        else:
            x1, y1 = _edge_point(ax, ay, aw, ah, bx + bw / 2, by + bh / 2)
            x2, y2 = _edge_point(bx, by, bw, bh, ax + aw / 2, ay + ah / 2)
            out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {STROKE}/>')
            # the label where the line runs between boxes, not over one
            spots = [(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t) for t in (0.5, 0.35, 0.65, 0.2, 0.8)]
            free = [(x, y) for x, y in spots if not _covers(rects, x - tw / 2, y - 9, tw, 15)]
            mx, my = (free or spots)[0]
        labels.append(f'<rect x="{mx - tw / 2 - 3:.1f}" y="{my - 9:.1f}" width="{tw + 6}" '
                      f'height="15" fill="#ffffff" fill-opacity="0.85"/><text x="{mx:.1f}" y="{my + 3:.1f}" '
                      f'text-anchor="middle" fill="#33506f">{e(text)}</text>')
    for root, _rows in boxes:
        n = str(root)
        x, y = at[n]
        w, h = sizes[n]
        out.append(f'<g id="{e(n[len(BASE):])}"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" '
                   'fill="#eef2f7" stroke="#7d93ad"/>')
        for i, (text, depth) in enumerate(lines[n]):
            weight = ' font-weight="bold"' if i == 0 else ""
            colour = "#8a5a00" if text.startswith("↻") else "#1d2b3a"
            out.append(f'<text x="{x + PAD + 14 * depth}" y="{y + PAD + LINE * i + 12}"{weight} '
                       f'fill="{colour}">{e(text)}</text>')
        out.append("</g>")
    return "\n".join(out + labels + ["</svg>"]) + "\n"
