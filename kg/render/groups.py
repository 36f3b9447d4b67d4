"""Fold a view too large to draw node by node into groups, each opened on click.

:func:`group_view` puts every node of a view in a group by province, city or
class (``by``) and, inside it, a sub-group by class (by province when ``by`` is
class). The page first draws the top groups, sized by how many nodes they hold
and linked by how many relations join them; a click opens a group into its
sub-groups, and a sub-group into its nodes. Every position is computed here: the
top groups by ForceAtlas2 on the group graph, sub-groups and nodes on sunflower
discs around their group, most central first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kg.errors import InputError
from kg.lazy import nx
from kg.render.facts import Facts
from kg.render.layout import disc, positions
from kg.render.styles import group_label

GROUP_BY = ("province", "city", "class")
STEP = 28.0          # spacing of nodes in an opened group (canvas units)
NONE = {"province": ("无省级归属", "no provincial division"), "city": ("无城市归属", "no city"),
        "several": ("跨省", "several provinces")}
CITY_LINKS = {"basedIn", "locatedIn", "place"}


@dataclass
class Grouping:
    """Groups of a folded view: what the page draws first and what each click opens."""

    by: str
    groups: dict      # group id -> {zh, en, n, x, y, kids: [group ids] or [], members: [member index]}
    top: list         # top group ids, drawn first
    members: list     # [{id, zh, en, g, c, x, y, grp}] every node, by group
    edges: list       # [[i, j, w]] member indices, i < j, w relations between them


def _key(by: str, sid: str, facts: Facts, cities: dict) -> tuple[str, str, str]:
    """Return (key, zh, en) of a node's group under ``by``."""
    info = facts.info[sid]
    if by == "class":
        zh, en = group_label(info["g"], facts.groups)
        return info["g"], zh, en
    if by == "city" and sid in cities:
        c = cities[sid]
        return c, *facts.names[c]
    provs = info["prov"]
    if len(provs) == 1:
        return provs[0], *facts.names[provs[0]]
    if provs:
        return "several", *NONE["several"]
    return "none", *NONE[by if by == "city" else "province"]


def _cities(facts: Facts) -> dict:
    """Map each node to the city it is (a City), or is based or located in, or takes place in."""
    out = {sid: sid for sid, i in facts.info.items() if "City" in i["cls"]}
    for s, o, k, *_rest in facts.relations:
        if k in CITY_LINKS and o in facts.info and "City" in facts.info[o]["cls"] and s not in out:
            out[s] = o
    return out


def group_view(v: nx.MultiDiGraph, facts: Facts, centrality: dict, by: str) -> Grouping:
    """Fold the view ``v`` into groups by ``by`` (province, city or class)."""
    if by not in GROUP_BY:
        raise InputError(f"unknown grouping '{by}'; group by {', '.join(GROUP_BY)}")
    cities = _cities(facts) if by == "city" else {}
    inner = "province" if by == "class" else "class"
    leaves: dict = {}
    names: dict = {}
    for sid in sorted(v.nodes):
        k1, zh1, en1 = _key(by, sid, facts, cities)
        k2, zh2, en2 = _key(inner, sid, facts, cities)
        top, leaf = f"group/{by}/{k1}", f"group/{by}/{k1}/{k2}"
        names[top], names[leaf] = (zh1, en1), (f"{zh1} · {zh2}", f"{en1} · {en2}")
        leaves.setdefault(top, {}).setdefault(leaf, []).append(sid)
    # The group graph: relations between nodes of different top groups, counted.
    top_of = {sid: top for top, subs in leaves.items() for ms in subs.values() for sid in ms}
    gg = nx.Graph()
    gg.add_nodes_from(leaves)
    pair_w: dict = {}
    for a, b in v.edges():
        if a == b:
            continue
        i, j = sorted((a, b))
        pair_w[i, j] = pair_w.get((i, j), 0) + 1
        ta, tb = top_of[a], top_of[b]
        if ta != tb:
            w = gg.edges[ta, tb]["weight"] if gg.has_edge(ta, tb) else 0
            gg.add_edge(ta, tb, weight=w + 1)
    radius = {}   # how far an opened group reaches
    for top, subs in leaves.items():
        sub_r = max(STEP * 0.62 * math.sqrt(len(ms)) for ms in subs.values())
        radius[top] = 2.2 * sub_r * 0.62 * math.sqrt(len(subs)) + sub_r + STEP
    centres = positions(gg)
    centres = _spread(centres, radius)
    groups, members, index = {}, [], {}
    for top in sorted(leaves):
        subs = leaves[top]
        order = sorted(subs, key=lambda s: (-len(subs[s]), s))
        sub_r = max(STEP * 0.62 * math.sqrt(len(ms)) for ms in subs.values())
        spots = disc(centres[top], len(order), step=2.2 * sub_r)
        n_top = sum(len(ms) for ms in subs.values())
        groups[top] = {"zh": names[top][0], "en": names[top][1], "n": n_top, "x": centres[top][0],
                       "y": centres[top][1], "r": round(radius[top] * 0.8, 1), "kids": order, "members": []}
        for leaf, spot in zip(order, spots, strict=True):
            ms = sorted(subs[leaf], key=lambda s: (-centrality[s], s))
            groups[leaf] = {"zh": names[leaf][0], "en": names[leaf][1], "n": len(ms), "x": spot[0],
                            "y": spot[1], "r": round(STEP * 0.62 * math.sqrt(len(ms)) + STEP / 2, 1),
                            "kids": [], "members": []}
            for sid, (x, y) in zip(ms, disc(spot, len(ms), STEP), strict=True):
                i = facts.info[sid]
                index[sid] = len(members)
                groups[leaf]["members"].append(len(members))
                members.append({"id": sid, "zh": i["zh"], "en": i["en"], "g": i["g"], "t": i["t"],
                                "c": float(f"{centrality[sid]:.4g}"), "x": x, "y": y, "grp": leaf})
    edges = sorted([min(index[a], index[b]), max(index[a], index[b]), w] for (a, b), w in pair_w.items())
    return Grouping(by, groups, sorted(leaves), members, edges)


def _spread(centres: dict, radius: dict) -> dict:
    """Scale the group layout until no two opened groups would overlap."""
    keys = sorted(centres)
    scale = 1.0
    for k, a in enumerate(keys):
        for b in keys[k + 1:]:
            d = math.dist(centres[a], centres[b]) or 1.0
            scale = max(scale, (radius[a] + radius[b]) / d)
    return {k: (round(centres[k][0] * scale, 1), round(centres[k][1] * scale, 1)) for k in keys}
