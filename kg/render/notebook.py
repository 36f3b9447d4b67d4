"""Hand a view to notebook users: a pyvis Network to customise, or a static matplotlib picture.

:func:`to_pyvis` fills a ``pyvis.network.Network`` from the same data the page
draws (:func:`kg.render.page.page_data`): labels, colours, shapes, sizes,
positions computed in Python (physics off) and a plain-text title per node and
edge. The network inlines vis-network (``cdn_resources="in_line"``), drops the
Bootstrap links pyvis's template fetches from a CDN, and writes its file as
UTF-8 whatever the locale.

>>> from kg.build import build_graph                      # doctest: +SKIP
>>> net = to_pyvis(view_graph(build_graph(), "provinces")) # doctest: +SKIP
>>> net.show("provinces.html", notebook=False)             # doctest: +SKIP

:func:`draw_view` draws a view with matplotlib at the positions of
:mod:`kg.render.layout` (or, with ``geo=True``, at the coordinates the graph
holds): a picture that GitHub shows where it would not run the page's script.
:func:`use_cjk_font` makes matplotlib draw Chinese labels.
"""

from __future__ import annotations

import re

from pyvis.network import Network

from kg.render.page import page_data
from kg.render.views import View

# Fonts with Chinese glyphs, by preference (Debian's fonts-noto-cjk, fonts-wqy-microhei; macOS; Windows).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei")
# pyvis's template links Bootstrap from a CDN; the explorer's data never needs it.
_CDN_TAG = re.compile(r'<(?:link|script)[^>]*(?:href|src)="https?://[^"]*"[^>]*>(?:\s*</script>)?')


class OfflineNetwork(Network):
    """A pyvis Network whose page fetches nothing and is written as UTF-8."""

    def generate_html(self, name="index.html", local=True, notebook=False):
        return _CDN_TAG.sub("", super().generate_html(name, local, notebook))

    def write_html(self, name, local=True, notebook=False, open_browser=False):
        self.html = self.generate_html(notebook=notebook)
        with open(name, "w", encoding="utf-8") as out:   # pyvis opens the file in the locale's encoding
            out.write(self.html)


def _title(*lines: str) -> str:
    """A tooltip as plain text (vis-network 9 shows a string title as text, not HTML)."""
    return "\n".join(line for line in lines if line)


def to_pyvis(view: View, lang: str = "zh", height: str = "720px") -> Network:
    """Return ``view`` as a pyvis Network: labels in ``lang`` (zh or en), the page's colours and sizes."""
    if view.grouping is not None:
        raise ValueError("a folded view has no nodes to hand over; draw it with a larger max_nodes")
    data = page_data(view)
    k = 0 if lang == "zh" else 1
    legend = {item["g"]: item for item in data["legend"]}
    net = OfflineNetwork(height=height, width="100%", directed=view.name == "full",
                         cdn_resources="in_line", notebook=False)
    for n in data["nodes"]:
        style = legend.get(n["g"], {"colour": "#bab0ac", "shape": "dot"})
        net.add_node(n["id"], label=n[lang], color=style["colour"], shape=style["shape"], size=n["sz"],
                     x=n["x"], y=n["y"], title=_title(n["zh"], n["en"], n["t"][k], f"id:{n['id']}"))
    for e in data["edges"]:
        style = data["edgeStyles"][e["fam"]]
        net.add_edge(e["from"], e["to"], label=e["label"][k], title=e["label"][k], color=style["colour"],
                     width=style["width"], dashes=bool(e["inf"]) or bool(style["dashes"]))
    net.toggle_physics(False)
    return net


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: put the first installed CJK font first; return its name, or None."""
    import matplotlib
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    name = next((f for f in CJK_FONTS if f in installed), None)
    if name:
        matplotlib.rcParams["font.sans-serif"] = [name, *matplotlib.rcParams["font.sans-serif"]]
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def draw_view(view: View, ax, lang: str = "zh", labels: int = 25, geo: bool = False) -> int:
    """Draw ``view`` on the matplotlib axes ``ax``; label its ``labels`` most central nodes.

    With ``geo``, only nodes with coordinates are drawn, at (longitude, latitude).
    Returns the number of nodes drawn.
    """
    from matplotlib.collections import LineCollection

    data = page_data(view)
    legend = {item["g"]: item["colour"] for item in data["legend"]}
    if geo:
        where = {n["id"]: (n["geo"][1], n["geo"][0]) for n in data["nodes"] if n["geo"]}
    else:
        where = {n["id"]: (n["x"], -n["y"]) for n in data["nodes"]}   # the canvas's y grows downwards
    nodes = [n for n in data["nodes"] if n["id"] in where]
    segments = [(where[e["from"]], where[e["to"]]) for e in data["edges"]
                if e["from"] in where and e["to"] in where]
    ax.add_collection(LineCollection(segments, colors="#9aa5b1", linewidths=0.5, alpha=0.6, zorder=1))
    ax.scatter([where[n["id"]][0] for n in nodes], [where[n["id"]][1] for n in nodes],
               s=[n["sz"] ** 2 / 3 for n in nodes], c=[legend.get(n["g"], "#bab0ac") for n in nodes],
               zorder=2, linewidths=0)
    for n in sorted(nodes, key=lambda n: (-n["c"], n["id"]))[:labels]:
        x, y = where[n["id"]]
        ax.annotate(n[lang], (x, y), fontsize=8, ha="center", va="bottom", xytext=(0, 5),
                    textcoords="offset points", zorder=3)
    ax.set_aspect("equal" if not geo else 1.15, adjustable="datalim")
    if not geo:
        ax.set_axis_off()
    ax.autoscale_view()
    return len(nodes)
