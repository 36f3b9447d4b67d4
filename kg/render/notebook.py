"""Hand a view to notebook users as a pyvis Network they can customise and show themselves.

:func:`to_pyvis` fills a ``pyvis.network.Network`` from the same data the page
draws (:func:`kg.render.page.page_data`): labels, colours, shapes, sizes,
positions computed in Python (physics off) and a plain-text title per node and
edge. The network inlines vis-network (``cdn_resources="in_line"``), drops the
Bootstrap links pyvis's template fetches from a CDN, and writes its file as
UTF-8 whatever the locale.

>>> from kg.build import build_graph                      # doctest: +SKIP
>>> net = to_pyvis(view_graph(build_graph(), "provinces")) # doctest: +SKIP
>>> net.show("provinces.html", notebook=False)             # doctest: +SKIP
"""

from __future__ import annotations

import re

from pyvis.network import Network

from kg.render.page import page_data
from kg.render.views import View

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
