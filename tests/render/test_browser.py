"""The explorer page in a real browser: headless Debian Chromium driven by Playwright.

Pages are opened from file://; every request, console message and dialog is
recorded. The explorer's Content-Security-Policy forbids eval, so the tests wait
on selectors and use page.evaluate (which CSP does not block), never
wait_for_function.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from test_page import MALICIOUS_EN, MALICIOUS_ZH, malicious_graph

from kg.render.page import render_html
from kg.render.views import view_graph
from kg.synth import synthetic_graph

REPO = Path(__file__).resolve().parents[2]  # the checkout the tests run in

pytestmark = pytest.mark.slow

SCREENSHOT = REPO / "out" / "explorer.png"


class Opened:
    """A page with everything it asked for and said."""

    def __init__(self, browser, path: Path, timeout_s: float = 60):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
        self.page.wait_for_selector("body[data-state=ready]", state="attached", timeout=timeout_s * 1000)

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def errors(self) -> list:
        return [c for c in self.console if c[0] in ("error", "pageerror")]

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]

    def details(self) -> str:
        return self.page.inner_text("#details")

    def click_node(self, node_id: str) -> None:
        """Click a node where the canvas draws it, as a person would."""
        pos = self.js("""id => { const n = kgExplorer.network;
            return n.canvasToDOM(n.getPositions([id])[id]); }""", node_id)
        box = self.page.locator("#graph canvas").bounding_box()
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        self.page.wait_for_timeout(250)

    def positions(self) -> dict:
        """Return {node: (x, y)} as vis-network holds them (it rounds to whole units)."""
        return {n: (p["x"], p["y"]) for n, p in self.js("kgExplorer.network.getPositions()").items()}

    def placed_as(self, positions: dict) -> bool:
        """Whether every node is drawn where ``positions`` puts it (to vis-network's whole units)."""
        got = self.positions()
        return set(got) == set(positions) and all(
            abs(got[n][0] - x) <= 1 and abs(got[n][1] - y) <= 1 for n, (x, y) in positions.items())

    def drawn_inside(self) -> dict:
        """Return {node: whether the canvas shows it} for every node of the page."""
        return self.js("""() => { const n = kgExplorer.network, c = document.querySelector('#graph canvas');
            const out = {}; const pos = n.getPositions();
            for (const id in pos) { const p = n.canvasToDOM(pos[id]);
              out[id] = p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight; }
            return out; }""")


def write_page(tmp_path_factory, view, name: str) -> Path:
    path = tmp_path_factory.mktemp("explorer") / name
    path.write_text(render_html(view), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def views(graph):
    return {name: view_graph(graph, name) for name in ("full", "organisations", "provinces")}


@pytest.fixture(scope="module")
def full_page(browser, views, tmp_path_factory):
    opened = Opened(browser, write_page(tmp_path_factory, views["full"], "explorer.html"))
    yield opened
    opened.page.close()


def test_page_loads_offline_without_errors(full_page):
    assert full_page.errors() == []
    assert full_page.outside_requests() == []
    assert full_page.requests and all(u.startswith("file:") for u in full_page.requests)
    assert full_page.js("kgExplorer.stabilisedMs") > 0
    assert full_page.js("kgExplorer.network.physics.options.enabled") is False


@pytest.mark.parametrize("name", ["full", "organisations", "provinces"])
def test_node_and_edge_counts_equal_the_view(browser, views, tmp_path_factory, name):
    view = views[name]
    opened = Opened(browser, write_page(tmp_path_factory, view, f"{name}.html"))
    try:
        assert opened.js("kgExplorer.nodes.length") == view.graph.number_of_nodes() > 0
        assert opened.js("kgExplorer.edges.length") == view.graph.number_of_edges() > 0
        assert opened.errors() == [] and opened.outside_requests() == []
    finally:
        opened.page.close()


def test_precomputed_layout_renders_every_node(full_page, views):
    view = views["full"]
    assert len(view.positions) == view.graph.number_of_nodes() > 100
    assert full_page.placed_as(view.positions)    # every node drawn where Python put it
    assert full_page.js("kgExplorer.network.physics.options.enabled") is False
    inside = full_page.drawn_inside()
    assert all(inside.values()), [n for n, ok in inside.items() if not ok]


def test_clicking_jiuli_shows_its_details_and_neighbourhood(full_page):
    page = full_page.page
    # Zoom onto the node, then click it where the canvas draws it.
    full_page.js("""() => { const n = kgExplorer.network;
        n.moveTo({position: n.getPositions(['org/jiuli'])['org/jiuli'], scale: 2.5}); }""")
    pos = full_page.js("""() => { const n = kgExplorer.network;
        return n.canvasToDOM(n.getPositions(['org/jiuli'])['org/jiuli']); }""")
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_timeout(200)
    assert full_page.js("kgExplorer.network.getSelectedNodes()") == ["org/jiuli"]
    text = full_page.details()
    assert "浙江久立特材科技股份有限公司" in text and "Zhejiang JIULI Hi-Tech Metals Co., Ltd." in text
    assert "企业" in text and "id:org/jiuli" in text and "久立特材" in text
    assert "浙江久立特材科技股份有限公司牵头组建长三角超高洁净不锈钢材料创新联合体" in text   # a source quote
    assert "长三角超高洁净不锈钢材料创新联合体" in text and "浙江省" in text                # its facts
    faded = full_page.js("kgExplorer.nodes.get('org/westlake-lab').color.background")
    near = full_page.js("kgExplorer.nodes.get('consortium/ultra-clean-stainless-steel').color.background")
    assert faded == "#e4e8ee" and near != faded
    full_page.js("kgExplorer.network.focus('org/jiuli', {scale: 0.9})")  # a view people can read
    page.wait_for_timeout(300)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert full_page.errors() == []


def test_search_finds_westlake_lab(full_page):
    page = full_page.page
    page.fill("#search", "Westlake")
    assert "西湖实验室" in page.inner_text("#search-results")
    page.fill("#search", "西湖实验室")
    page.press("#search", "Enter")
    page.wait_for_timeout(500)
    assert full_page.js("kgExplorer.network.getSelectedNodes()") == ["org/westlake-lab"]
    assert page.inner_text("#details h2") == "西湖实验室"
    assert "长三角肺癌新药创新联合体" in full_page.details()


def test_provisions_and_inferred_facts_show_in_the_details(full_page):
    page = full_page.page
    assert full_page.js("kgExplorer.focusNode('agreement/basic-research')") is True
    page.wait_for_timeout(400)
    text = full_page.details()
    assert "条款" in text and "合作发起长三角基础研究学术论坛" in text
    assert "“加强基础研究合作框架协议”就是要" in text  # each provision with its quote
    assert full_page.js("kgExplorer.focusNode('org/westlake-lab')") is True
    page.wait_for_timeout(400)
    assert "推断" in page.inner_text("#details .is-inferred")  # basedIn 浙江省, the curator's inference
    dashed = full_page.js("kgExplorer.edges.get().filter(e => Array.isArray(e.dashes) && e.dashes[0] === 2 "
                          "&& e.dashes[1] === 5).length")
    assert dashed == sum(1 for e in full_page.js("kgExplorer.data.edges") if e["inf"]) > 0
    assert "整理者推断（虚线）" in page.inner_text("#edge-legend")
    full_page.js("kgExplorer.focusNode('agreement/basic-research')")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOT.with_name("explorer-provisions.png")))
    assert full_page.errors() == []


def test_english_switch_changes_the_labels(full_page):
    page = full_page.page
    assert full_page.js("kgExplorer.nodes.get('org/jiuli').label") == "浙江久立特材科技股份有限公司"
    page.click("#lang-toggle")
    try:
        assert full_page.js("kgExplorer.nodes.get('org/jiuli').label") == \
            "Zhejiang JIULI Hi-Tech Metals Co., Ltd."
        assert full_page.js("kgExplorer.nodes.get('org/westlake-lab').label") == \
            "Westlake Laboratory of Life Sciences and Biomedicine"
        assert page.inner_text("#lang-toggle") == "中文"
        assert "Enterprise" in page.inner_text("#legend")
        edge = full_page.js("kgExplorer.edges.get().find("
                            "e => e.from === 'org/jiuli' && e.to.startsWith('consortium'))")
        assert edge["label"] == "lead"
    finally:
        page.click("#lang-toggle")
    assert full_page.js("kgExplorer.nodes.get('org/jiuli').label") == "浙江久立特材科技股份有限公司"


def test_filters_hide_nodes_and_say_so(full_page, views):
    page = full_page.page
    total = views["full"].graph.number_of_nodes()
    cities = sum(1 for n in views["full"].graph if views["full"].facts.info[n]["g"] == "city")
    assert cities > 0
    page.locator("#legend li", has_text="城市").locator("input").uncheck()
    assert full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).length") == total - cities
    assert f"显示 {total - cities} / {total} 个节点" in page.inner_text("#status")
    page.locator("#provinces li", has_text="安徽省").locator("input").check()
    shown = full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert "div/340000" in shown and "org/jiuli" not in shown
    page.click("#reset")
    assert full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).length") == total


def test_colour_and_filter_by_source(full_page):
    page = full_page.page
    page.click("#reset")
    data = full_page.js("kgExplorer.data")
    colour = {s["id"]: s["colour"] for s in data["sources"]}
    texts = {s["id"] for s in data["sources"] if not s["table"]}
    page.locator("#colour-by button[data-by=source]").click()
    try:
        got = full_page.js("Object.fromEntries(kgExplorer.nodes.get().map(n => [n.id, n.color.background]))")
        for n in data["nodes"]:
            t = [s for s in n["src"] if s in texts]
            want = colour[t[0]] if len(t) == 1 else data["severalSources"] if t else "#c3c9d2"
            assert got[n["id"]] == want, n["id"]
        assert got["org/jiuli"] == colour["src/zjrb-2024-06-yrd-forum"] != got["area/yrd-central-area"]
        assert "多个来源" in page.inner_text("#sources")
        page.locator("#sources li", has_text="长江三角洲区域一体化发展规划纲要").locator("input").check()
        shown = set(full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
        assert shown == {n["id"] for n in data["nodes"] if "src/yrd-outline-2019" in n["src"]}
        assert "org/jiuli" not in shown and "area/yrd-central-area" in shown
        page.screenshot(path=str(SCREENSHOT.with_name("explorer-sources.png")))
    finally:
        page.click("#reset")
        page.locator("#colour-by button[data-by=class]").click()
    assert full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).length") == len(data["nodes"])


def test_areas_are_drawn_as_groups_of_their_cities(full_page):
    page = full_page.page
    areas = full_page.js("kgExplorer.data.areas")
    assert sorted(full_page.js("kgExplorer.areasDrawn")) == sorted(a["id"] for a in areas)
    central = next(a for a in areas if a["id"] == "area/yrd-central-area")
    assert len(central["members"]) == 27
    row = page.locator("#areas li", has_text="长三角中心区")
    assert row.locator(".count").inner_text() == "27"
    row.locator("input").uncheck()
    page.wait_for_timeout(200)
    assert "area/yrd-central-area" not in full_page.js("kgExplorer.areasDrawn")
    row.locator("input").check()
    page.wait_for_timeout(200)
    assert "area/yrd-central-area" in full_page.js("kgExplorer.areasDrawn")


def test_page_says_how_many_nodes_were_left_out(browser, graph, tmp_path_factory):
    view = view_graph(graph, max_nodes=30)
    opened = Opened(browser, write_page(tmp_path_factory, view, "cut.html"))
    try:
        assert opened.js("kgExplorer.nodes.length") == 30
        assert f"省略了 {view.omitted} 个节点（共 {view.total} 个）" in opened.page.inner_text("#status")
    finally:
        opened.page.close()


def test_an_empty_view_still_becomes_ready(browser, graph, tmp_path_factory):
    view = view_graph(graph, classes=("Person",), provinces=("安徽省",))
    assert view.graph.number_of_nodes() == 0
    opened = Opened(browser, write_page(tmp_path_factory, view, "empty.html"))
    try:
        status = opened.page.inner_text("#status")
        assert "显示 0 / 0 个节点" in status and f"本视图省略了 {view.total} 个节点" in status
        assert opened.errors() == []
    finally:
        opened.page.close()


def test_injected_label_stays_text(browser, tmp_path_factory):
    opened = Opened(browser, write_page(tmp_path_factory, view_graph(malicious_graph()), "evil.html"))
    page = opened.page
    try:
        assert opened.js("kgExplorer.nodes.get('org/evil').label") == MALICIOUS_ZH
        page.fill("#search", "<img")
        page.press("#search", "Enter")
        page.wait_for_timeout(400)
        assert page.inner_text("#details h2") == MALICIOUS_ZH
        assert MALICIOUS_EN in opened.details()
        assert "<b onmouseover=alert(3)>引文</b>" in opened.details()
        page.click("#lang-toggle")
        assert page.inner_text("#details h2") == MALICIOUS_EN
        assert opened.js("document.querySelectorAll('img, b, #details script').length") == 0
        assert opened.dialogs == [] and opened.errors() == [] and opened.outside_requests() == []
    finally:
        page.close()


def test_synthetic_graph_of_5000_nodes_renders_and_stabilises(browser, tmp_path_factory):
    view = view_graph(synthetic_graph(5000), max_nodes=5000)
    assert view.graph.number_of_nodes() == 5000
    opened = Opened(browser, write_page(tmp_path_factory, view, "synthetic-5000.html"), timeout_s=400)
    try:
        assert opened.js("kgExplorer.nodes.length") == 5000
        assert opened.js("kgExplorer.edges.length") == view.graph.number_of_edges()
        assert opened.js("kgExplorer.network.physics.options.enabled") is False
        assert opened.js("kgExplorer.stabilisedMs") > 0
        assert opened.placed_as(view.positions)
        assert all(opened.drawn_inside().values())
        assert opened.errors() == [] and opened.outside_requests() == []
    finally:
        opened.page.close()


def _shown_as(gr, open_groups: set) -> list[str]:
    """What stands for each member once ``open_groups`` are open (the page's rule, restated)."""
    parent = {k: gid for gid, g in gr.groups.items() for k in g["kids"]}
    out = []
    for m in gr.members:
        chain, g = [], m["grp"]
        while g:
            chain.insert(0, g)
            g = parent.get(g)
        out.append(next((g for g in chain if g not in open_groups), m["id"]))
    return out


def test_a_folded_view_opens_its_groups_on_click(browser, tmp_path_factory):
    view = view_graph(synthetic_graph(1500), max_nodes=300, group_by="province")
    gr = view.grouping
    opened = Opened(browser, write_page(tmp_path_factory, view, "grouped.html"))
    try:
        assert sorted(opened.js("kgExplorer.nodes.getIds()")) == sorted(gr.top)
        assert all(opened.drawn_inside().values())
        assert "共 " + str(len(gr.members)) + " 个节点" in opened.page.inner_text("#status")
        top = max(gr.top, key=lambda t: gr.groups[t]["n"])
        opened.click_node(top)
        kids = gr.groups[top]["kids"]
        assert sorted(opened.js("kgExplorer.nodes.getIds()")) == sorted(set(gr.top) - {top} | set(kids))
        assert gr.groups[top]["zh"] in opened.details()
        leaf = kids[0]
        opened.click_node(leaf)
        members = [gr.members[i] for i in gr.groups[leaf]["members"]]
        ids = set(opened.js("kgExplorer.nodes.getIds()"))
        assert ids == set(gr.top) - {top} | set(kids) - {leaf} | {m["id"] for m in members}
        got = opened.positions()
        assert all(abs(got[m["id"]][0] - m["x"]) <= 1 and abs(got[m["id"]][1] - m["y"]) <= 1 for m in members)
        rep = _shown_as(gr, {top, leaf})
        pairs = {tuple(sorted((rep[i], rep[j]))) for i, j, _w in gr.edges if rep[i] != rep[j]}
        assert opened.js("kgExplorer.edges.length") == len(pairs) > 0
        opened.click_node(members[0]["id"])
        assert members[0]["zh"] in opened.details() and "id:" + members[0]["id"] in opened.details()
        opened.page.screenshot(path=str(SCREENSHOT.with_name("explorer-grouped.png")))
        assert opened.errors() == [] and opened.outside_requests() == []
    finally:
        opened.page.close()


# -- issue 14's bugs: each test fails on the page before its fix ---------------------------------
def faded(opened) -> list[str]:
    return opened.js("kgExplorer.nodes.get({filter: n => !n.hidden && n.color.background === '#e4e8ee'})"
                     ".map(n => n.id)")


def test_bug_search_list_stays_closed_after_switching_language(full_page):
    page = full_page.page
    page.fill("#search", "Westlake")
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert page.locator("#search-results").is_hidden()
    page.click("#lang-toggle")
    try:
        assert page.locator("#search-results").is_hidden()   # it reopened over the details panel
        assert page.inner_text("#details h2") == "Westlake Laboratory of Life Sciences and Biomedicine"
    finally:
        page.click("#lang-toggle")
        page.fill("#search", "")
    assert page.locator("#search-results").is_hidden()


def test_bug_a_filter_applied_with_a_node_selected_takes_effect(full_page):
    page = full_page.page
    assert full_page.js("kgExplorer.focusNode('org/jiuli')") is True
    page.wait_for_timeout(300)
    assert faded(full_page)
    page.locator("#legend li", has_text="企业").locator("input").uncheck()   # hides the selected node
    try:
        assert full_page.js("kgExplorer.nodes.get('org/jiuli').hidden") is True
        assert full_page.js("kgExplorer.network.getSelectedNodes()") == []
        assert faded(full_page) == []                 # the rest is drawn again, not left faded
        assert "浙江久立" not in full_page.details()
        assert full_page.js("kgExplorer.focusNode('org/westlake-lab')") is True   # a kept selection
        page.wait_for_timeout(300)
        page.locator("#legend li", has_text="城市").locator("input").uncheck()
        assert full_page.js("kgExplorer.network.getSelectedNodes()") == ["org/westlake-lab"]
        assert faded(full_page)                         # still highlighted among what is left
    finally:
        page.click("#reset")


def test_bug_clear_filters_clears_the_selection(full_page):
    page = full_page.page
    assert full_page.js("kgExplorer.focusNode('org/jiuli')") is True
    page.wait_for_timeout(300)
    page.locator("#provinces li", has_text="浙江省").locator("input").check()
    page.click("#reset")
    assert full_page.js("kgExplorer.network.getSelectedNodes()") == []
    assert faded(full_page) == [] and "浙江久立" not in full_page.details()
    assert full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).length") == \
        len(full_page.js("kgExplorer.data.nodes"))


def test_bug_an_empty_filter_result_says_so(full_page):
    page = full_page.page
    assert page.locator("#empty-note").is_hidden()
    for box in page.locator("#legend input").all():
        box.uncheck()
    try:
        assert full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).length") == 0
        assert page.locator("#empty-note").is_visible()
        assert "没有节点符合当前筛选条件" in page.inner_text("#empty-note")
        page.screenshot(path=str(SCREENSHOT.with_name("explorer-empty-filter.png")))
        page.click("#empty-reset")
        assert page.locator("#empty-note").is_hidden()
        assert full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).length") > 0
    finally:
        page.click("#reset")


def test_bug_the_graph_has_room_at_phone_width(browser, views, tmp_path_factory):
    path = write_page(tmp_path_factory, views["full"], "phone.html")
    page = browser.new_page(viewport={"width": 414, "height": 896}, is_mobile=True, has_touch=True)
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-state=ready]", state="attached", timeout=60000)
        box = page.locator("#graph").bounding_box()
        assert box["width"] >= 400 and box["height"] >= 300     # it had no width
        assert page.evaluate("document.documentElement.scrollWidth") <= 414
        assert page.evaluate("kgExplorer.network.getScale()") > 0
        page.screenshot(path=str(SCREENSHOT.with_name("explorer-414.png")))
        page.evaluate("kgExplorer.focusNode('org/jiuli')")
        page.wait_for_timeout(400)
        assert "浙江久立特材科技股份有限公司" in page.inner_text("#details")
        page.screenshot(path=str(SCREENSHOT.with_name("explorer-414-details.png")), full_page=True)
    finally:
        page.close()


def test_bug_a_focus_view_marks_its_focus_node(browser, graph, tmp_path_factory):
    view = view_graph(graph, focus="org/jiuli", depth=1)
    assert view.focus == "org/jiuli"
    opened = Opened(browser, write_page(tmp_path_factory, view, "focus.html"))
    try:
        assert opened.js("kgExplorer.network.getSelectedNodes()") == ["org/jiuli"]
        assert opened.js("kgExplorer.nodes.get('org/jiuli').borderWidth") == 4
        assert opened.js("kgExplorer.nodes.get('consortium/ultra-clean-stainless-steel').borderWidth") == 1
        assert opened.page.inner_text("#details h2") == "浙江久立特材科技股份有限公司"
        opened.page.screenshot(path=str(SCREENSHOT.with_name("explorer-focus.png")))
        assert opened.errors() == []
    finally:
        opened.page.close()


# -- issue 14's features -------------------------------------------------------------------------
def test_relation_types_are_filtered_from_the_legend(full_page):
    page = full_page.page
    edges = full_page.js("kgExplorer.data.edges")
    lead = [e["id"] for e in edges if e["fam"] == "lead"]
    assert lead
    row = page.locator("#edge-legend li[data-fam=lead]")
    assert row.locator(".count").inner_text() == str(len(lead))
    row.click()
    try:
        hidden = set(full_page.js("kgExplorer.edges.get({filter: e => e.hidden}).map(e => e.id)"))
        assert hidden == set(lead)
        assert row.get_attribute("aria-pressed") == "false"
        assert "rel=lead" in full_page.js("location.hash")
    finally:
        row.click()
    assert full_page.js("kgExplorer.edges.get({filter: e => e.hidden}).length") == 0


def test_double_click_expands_a_nodes_neighbours(browser, graph, tmp_path_factory):
    view = view_graph(graph, focus="org/jiuli", depth=1)
    assert view.reserve
    opened = Opened(browser, write_page(tmp_path_factory, view, "expand.html"))
    try:
        shown = set(opened.js("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
        assert shown == set(view.graph.nodes) - set(view.reserve)
        assert "双击节点展开其邻居" in opened.page.inner_text("#status")
        hub = "div/330000"
        near = set(view.graph.to_undirected().neighbors(hub))
        assert near - shown
        pos = opened.js("""id => { const n = kgExplorer.network;
            return n.canvasToDOM(n.getPositions([id])[id]); }""", hub)
        box = opened.page.locator("#graph canvas").bounding_box()
        opened.page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
        opened.page.wait_for_timeout(300)
        after = set(opened.js("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
        assert after == shown | near
        assert "open=div%2F330000" in opened.js("location.hash")
        assert opened.errors() == []
    finally:
        opened.page.close()


def test_the_view_state_lives_in_the_url(browser, views, tmp_path_factory):
    path = write_page(tmp_path_factory, views["full"], "state.html")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        state = "#lang=en&sel=org/westlake-lab&off=city&prov=div/330000&colour=source"
        page.goto(path.resolve().as_uri() + state)
        page.wait_for_selector("body[data-state=ready]", state="attached")
        assert page.evaluate("kgExplorer.lang") == "en"
        assert page.evaluate("kgExplorer.network.getSelectedNodes()") == ["org/westlake-lab"]
        assert page.inner_text("#details h2") == "Westlake Laboratory of Life Sciences and Biomedicine"
        data = views["full"].facts.info
        want = {n for n in views["full"].graph if data[n]["g"] != "city" and "div/330000" in data[n]["prov"]}
        assert set(page.evaluate("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)")) == want
        assert page.locator("#colour-by button[data-by=source]").get_attribute("aria-pressed") == "true"
        page.click("#lang-toggle")
        page.wait_for_timeout(100)
        assert "lang=" not in page.evaluate("location.hash")      # Chinese is the default
        assert "sel=org%2Fwestlake-lab" in page.evaluate("location.hash")
    finally:
        page.close()


def test_the_view_exports_as_png_and_svg(full_page, tmp_path):
    page = full_page.page
    with page.expect_download() as d:
        page.click("#export-png")
    png = Path(d.value.path()).read_bytes()
    assert d.value.suggested_filename == "yrd-kg-full.png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000
    with page.expect_download() as d:
        page.click("#export-svg")
    root = ElementTree.fromstring(Path(d.value.path()).read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    shown = full_page.js("kgExplorer.nodes.get({filter: n => !n.hidden}).length")
    assert len(root.findall(f"{ns}g[@class='nodes']/{ns}g")) == shown > 100
    texts = {t.text for t in root.iter(f"{ns}text")}
    assert "浙江久立特材科技股份有限公司" in texts


def test_the_geographic_view_places_nodes_at_their_coordinates(browser, graph, tmp_path_factory):
    from test_facts import located_graph

    view = view_graph(located_graph(graph))
    located = {n: view.facts.info[n]["geo"] for n in view.graph if view.facts.info[n]["geo"]}
    assert len(located) >= 3
    opened = Opened(browser, write_page(tmp_path_factory, view, "map.html"))
    page = opened.page
    try:
        page.locator("#layout-by button[data-by=map]").click()
        shown = set(opened.js("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
        assert shown == set(located)
        pos = opened.positions()
        zj, js, sh = pos["div/330000"], pos["div/320000"], pos["div/310000"]
        assert js[1] < sh[1] < zj[1]   # north is up: Jiangsu (33°) above Shanghai (31°) above Zhejiang
        assert js[0] < zj[0] < sh[0]              # east is right: 119° < 120° < 121.5°
        assert f"{len(located)} 个带坐标" in page.inner_text("#map-note")
        assert "layout=map" in opened.js("location.hash")
        page.screenshot(path=str(SCREENSHOT.with_name("explorer-map.png")))
        page.locator("#layout-by button[data-by=graph]").click()
        assert opened.placed_as(view.positions)   # back where the network layout put them
        assert opened.errors() == []
    finally:
        page.close()


GEO_QUERY = """
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?place ?lat ?long WHERE {
  ?pl rdfs:subPropertyOf* geo:lat . ?pg rdfs:subPropertyOf* geo:long .
  ?place ?pl ?lat ; ?pg ?long .
}"""


def test_the_geographic_view_places_the_curated_cities_by_their_coordinates(browser, graph, views,
                                                                            tmp_path_factory):
    # The real graph's coordinates (kg/data/reference/yrd-coordinates.csv), read from the RDF here,
    # not through the explorer's own code.
    from kg.names import entity_id

    coords = {entity_id(r.place): (float(r.lat), float(r.long)) for r in graph.query(GEO_QUERY)}
    view = views["full"]
    located = {n: coords[n] for n in view.graph if n in coords}
    cities = [n for n in located if "City" in view.facts.info[n]["cls"]]
    assert len(cities) >= 10
    opened = Opened(browser, write_page(tmp_path_factory, view, "curated-map.html"))
    page = opened.page
    try:
        page.locator("#layout-by button[data-by=map]").click()
        shown = set(opened.js("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
        assert shown == set(located)
        pos = opened.positions()
        for a in cities:
            for b in cities:
                (lat_a, long_a), (lat_b, long_b) = located[a], located[b]
                if long_a < long_b - 0.01:            # east is right
                    assert pos[a][0] < pos[b][0], (a, b)
                if lat_a < lat_b - 0.01:              # north is up
                    assert pos[a][1] > pos[b][1], (a, b)
        assert f"{len(located)} 个带坐标" in page.inner_text("#map-note")
        page.screenshot(path=str(SCREENSHOT.with_name("explorer-map-curated.png")))
        assert opened.errors() == []
    finally:
        page.close()


def test_the_geographic_view_says_when_the_graph_has_no_coordinates(browser, graph, tmp_path_factory):
    from test_facts import unlocated_graph

    opened = Opened(browser, write_page(tmp_path_factory, view_graph(unlocated_graph(graph)), "no-map.html"))
    try:
        assert opened.page.locator("#layout-by button[data-by=map]").is_disabled()
        assert "图谱中尚无坐标" in opened.page.inner_text("#map-note")
    finally:
        opened.page.close()


def test_the_time_slider_hides_what_is_dated_later(full_page, views):
    page = full_page.page
    info = views["full"].facts.info
    dated = {n: info[n]["d"] for n in views["full"].graph if info[n]["d"]}
    dates = sorted(set(dated.values()))
    assert len(dates) >= 2 and "event/yrd-wenzhou-2024" in dated
    page.focus("#time")
    page.keyboard.press("Home")                    # the slider moved to the earliest date
    try:
        hidden = set(full_page.js("kgExplorer.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
        assert hidden == {n for n, d in dated.items() if d > dates[0]}
        assert dates[0] in page.inner_text("#time-section")
        assert "until=" in full_page.js("location.hash")
    finally:
        page.keyboard.press("End")
    assert full_page.js("kgExplorer.nodes.get({filter: n => n.hidden}).length") == 0


def test_one_page_switches_between_the_three_views(browser, graph, tmp_path):
    from kg.render.page import write_explorer

    path = tmp_path / "views.html"
    full = write_explorer(graph, path)
    counts = {name: view_graph(graph, name, facts=full.facts).graph.number_of_nodes()
              for name in ("full", "organisations", "provinces")}
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-state=ready]", state="attached")
        assert page.evaluate("kgExplorer.nodes.length") == counts["full"]
        page.click("#lang-toggle")
        for name in ("organisations", "provinces", "full"):
            with page.expect_navigation():
                page.click(f"#view-switch button[data-view={name}]")
            page.wait_for_selector("body[data-state=ready]", state="attached")
            assert page.evaluate("kgExplorer.data.view") == name
            assert page.evaluate("kgExplorer.nodes.length") == counts[name]
            assert page.evaluate("kgExplorer.lang") == "en"          # the language carries over
            pressed = page.locator("#view-switch button[aria-pressed=true]").get_attribute("data-view")
            assert pressed == name
        assert errors == []
    finally:
        page.close()


def test_a_page_of_one_view_names_it_once(browser, graph, tmp_path):
    """A focused page has no other view to switch to: the header names its view, with no switch."""
    from kg.render.page import write_explorer

    path = tmp_path / "focus.html"
    write_explorer(graph, path, focus="org/jiuli")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-state=ready]", state="attached")
        assert page.locator("#view-switch").is_hidden() and page.locator("#view-name").is_visible()
        assert page.inner_text("header").count("全图") == 1
    finally:
        page.close()
