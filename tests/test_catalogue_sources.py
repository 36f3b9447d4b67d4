"""The catalogue's cross-source queries (issue 11, section 2): facts per source, an entity's facts
by source, the Outline's 2025 targets beside the 2024 projects' targets, cities by membership.

Expected answers are read off the sources by hand (the Outline's preface and chapters 2 and 3,
the article, the reference tables) or computed from the graph in Python, independently of the
query under test, so they stay true while curators add the Outline's other chapters.
"""

from __future__ import annotations

from collections import Counter

import yaml
from rdflib import RDF, URIRef

from kg.catalogue import find
from kg.ontology import ID, PROV, YRD
from kg.paths import packaged_data
from kg.sparql import result_set, run
from kg.stats import facts_per_source

OUTLINE = "src/yrd-outline-2019"
ARTICLE = "src/zjrb-2024-06-yrd-forum"


def test_the_cross_source_queries_agree_on_both_engines(graph, oxigraph):
    for name in ("facts-per-source", "cities-by-membership", "targets-2025-beside-2024",
                 "entity-facts-by-source"):
        q = find(name)
        a, b = run(graph, q), run(oxigraph, q)
        assert a.rows, name
        assert a.vars == b.vars and result_set(a) == result_set(b), name


# -- facts per source ----------------------------------------------------------------
def _kind(graph, fact) -> str:
    """The kind of a fact, read off its triples in Python (the query reads it in SPARQL)."""
    if (fact, RDF.type, RDF.Statement) in graph:
        return "statements"
    for prop, kind in ((YRD.agent, "involvements"), (YRD.postHolder, "posts"), (YRD.value, "figures")):
        if graph.value(fact, prop) is not None:
            return kind
    if graph.value(None, YRD.hasProvision, fact) is not None:
        return "provisions"
    return "mentions"


def test_facts_per_source_counts_every_source_and_kind(graph, rows):
    got = {r["source"]: r for r in rows(graph, "facts-per-source")}
    registered = yaml.safe_load((packaged_data() / "sources.yaml").read_text(encoding="utf-8"))
    ids = {r["id"] for r in registered["records"]}
    assert ids and set(got) == ids  # every registered source, and nothing else
    for source, n_facts, n_quotes in facts_per_source(graph):  # kg.stats, in Python
        short = source[len(str(ID)):]
        assert int(got[short]["facts"]) == n_facts and int(got[short]["quotes"]) == n_quotes
        facts = {f for q in graph.subjects(PROV.wasQuotedFrom, URIRef(source))
                 for f in graph.subjects(YRD.evidence, q)}
        kinds = Counter(_kind(graph, f) for f in facts)
        for kind in ("statements", "involvements", "posts", "figures", "provisions", "mentions"):
            assert int(got[short][kind]) == kinds[kind], (short, kind)
    # the article as pinned in tests/test_catalogue.py (cq9), and its 9 posts (people.yaml)
    assert int(got[ARTICLE]["facts"]) == 414 and int(got[ARTICLE]["posts"]) == 9
    # the divisions table: 4 provincial-level divisions and 41 cities, each row quoted once
    assert int(got["src/yrd-divisions"]["mentions"]) == 45
    # the counties table: 青浦区, 吴江区, 嘉善县
    assert int(got["src/yrd-demo-zone-counties"]["mentions"]) == 3


# -- cities by membership ------------------------------------------------------------
# 以上海市，江苏省南京、无锡、常州、苏州、南通、扬州、镇江、盐城、泰州，浙江省杭州、宁波、温州、
# 湖州、嘉兴、绍兴、金华、舟山、台州，安徽省合肥、芜湖、马鞍山、铜陵、安庆、滁州、池州、宣城27个城市为中心区
CENTRAL_AREA = {
    "div/310000": {"上海市"},
    "div/320000": {"南京市", "无锡市", "常州市", "苏州市", "南通市", "扬州市", "镇江市", "盐城市", "泰州市"},
    "div/330000": {"杭州市", "宁波市", "温州市", "湖州市", "嘉兴市", "绍兴市", "金华市", "舟山市", "台州市"},
    "div/340000": {"合肥市", "芜湖市", "马鞍山市", "铜陵市", "安庆市", "滁州市", "池州市", "宣城市"},
}


def test_the_central_area_has_its_27_cities_by_province(graph, rows):
    got = {}
    for r in rows(graph, "cities-by-membership"):
        if r["area"] == "area/yrd-central-area":
            got.setdefault(r["province"], set()).add(r["memberZh"])
            assert r["city"] == r["member"] and r["inferred"] is None  # named, not read off a name
    assert got == CENTRAL_AREA
    assert sum(len(v) for v in got.values()) == 27  # 27个城市为中心区


def test_the_demonstration_zone_has_its_three_counties_with_city_and_province(graph, rows):
    got = {(r["memberZh"], r["cityZh"], r["provinceZh"]) for r in rows(graph, "cities-by-membership")
           if r["area"] == "area/yrd-demo-zone"}
    # 以上海青浦、江苏吴江、浙江嘉善为长三角生态绿色一体化发展示范区; the counties table gives
    # 吴江区 in 苏州市, 嘉善县 in 嘉兴市 and 青浦区 in Shanghai, a municipality with no city level
    assert got == {("青浦区", None, "上海市"), ("吴江区", "苏州市", "江苏省"), ("嘉善县", "嘉兴市", "浙江省")}


def test_the_metropolitan_areas_and_their_cities(graph, rows):
    got = {}
    for r in rows(graph, "cities-by-membership"):
        if r["kind"] == "yrd:MetropolitanArea":
            got.setdefault(r["area"], set()).add((r["memberZh"], r["provinceZh"], r["via"]))
    # 加快南京、杭州、合肥、苏锡常、宁波都市圈建设; 推动上海与近沪区域及苏锡常都市圈联动发展，构建上海大都市圈
    suxichang = {("苏州市", "江苏省"), ("无锡市", "江苏省"), ("常州市", "江苏省")}
    assert {(m, p) for m, p, _ in got["area/suxichang-metropolitan-area"]} >= suxichang
    assert ("南京市", "江苏省", None) in got["area/nanjing-metropolitan-area"]
    assert ("合肥市", "安徽省", None) in got["area/hefei-metropolitan-area"]
    assert ("杭州市", "浙江省", None) in got["area/hangzhou-metropolitan-area"]
    assert ("宁波市", "浙江省", None) in got["area/ningbo-metropolitan-area"]
    shanghai = got["area/shanghai-metropolitan-area"]
    assert ("上海市", "上海市", None) in shanghai
    assert {(m, p, "area/suxichang-metropolitan-area") for m, p in suxichang} <= shanghai  # via Su-Xi-Chang
    # members read off a name or an abbreviation are marked as inferred
    assert all(r["inferred"] == "true" for r in rows(graph, "cities-by-membership")
               if r["area"] == "area/suxichang-metropolitan-area")


def test_every_member_lies_in_the_province_the_divisions_table_gives(graph, rows):
    """The province column against the reference tables, read in Python."""
    province_of = {}
    for table in ("yrd-divisions.csv", "yrd-demo-zone-counties.csv"):
        lines = (packaged_data() / "reference" / table).read_text(encoding="utf-8").splitlines()
        head = lines[0].split(",")
        for line in lines[1:]:
            row = dict(zip(head, line.split(","), strict=True))
            if row.get("province_code"):
                province_of[f"div/{row['code']}"] = f"div/{row['province_code']}"
    got = rows(graph, "cities-by-membership")
    assert len(got) >= 27 + 3
    for r in got:
        assert r["province"] == province_of[r["member"]], r


# -- the Outline's 2025 targets beside the 2024 projects' -------------------------------
def test_targets_by_theme_show_both_sides(graph, rows):
    got = {(r["themeEn"], r["side"], r["measuresZh"], r["value"])
           for r in rows(graph, "targets-2025-beside-2024")}
    outline = {t for t in got if t[1] == "outline-2025"}
    projects = {t for t in got if t[1] == "projects-2024"}
    # 到2025年，铁路网密度达到507公里/万平方公里，高速公路密度达到5公里/百平方公里，5G网络覆盖率达到80%
    assert outline == {("rail", "outline-2025", "铁路网密度", "507.0"),
                       ("roads", "outline-2025", "高速公路密度", "5.0"),
                       ("network coverage", "outline-2025", "5G网络覆盖率", "80.0")}
    # the article: 全年长三角区域要新建公共充电桩超7万个 ...; 门诊慢特病跨省直接结算病种 ...
    assert {("charging piles", "长三角区域全年新建公共充电桩", "70000.0"),
            ("charging piles", "累计公共充电桩", "600000.0"),
            ("medical settlement", "门诊慢特病跨省直接结算病种", "8.0"),
            ("food safety", "米面油肉蛋奶等重点食品合格率", "99.0")} <= {(t, m, v) for t, _, m, v in projects}


def test_targets_by_theme_cover_every_2024_project_target(graph, rows):
    """Each of the practical projects' targets (project-targets) falls in a theme."""
    themed = {(r["owner"], r["measuresEn"]) for r in rows(graph, "targets-2025-beside-2024")
              if r["side"] == "projects-2024"}
    every = {(r["project"], r["measuresEn"]) for r in rows(graph, "project-targets")}
    assert every and themed == every
    outline_years = {r["year"] for r in rows(graph, "targets-2025-beside-2024")
                     if r["side"] == "outline-2025"}
    assert outline_years == {"2025"}


def test_outline_targets_by_theme_are_the_outlines_own(graph, rows):
    """Every Outline row is a target of the Outline's, set for 2025, quoted from the Outline."""
    outline = ID["doc/yrd-outline-2019"]
    ours = {str(m) for t in graph.objects(outline, YRD.hasTarget) for m in graph.objects(t, YRD.measures)}
    for r in rows(graph, "targets-2025-beside-2024"):
        if r["side"] == "outline-2025":
            assert r["owner"] == "doc/yrd-outline-2019" and r["measuresZh"] in ours
            assert r["area"] == "region/yrd"  # 到2025年 ... for the whole region (chapter 2)


# -- an entity's facts, grouped by source -------------------------------------------------
def test_entity_facts_by_source_are_entity_facts_grouped(graph, rows):
    """The same facts as entity-facts, each under the source its quote comes from."""
    for key in ("温州市", "org/jiuli", "长三角生态绿色一体化发展示范区", "Xi Jinping"):
        grouped = rows(graph, "entity-facts-by-source", key=key)
        flat = rows(graph, "entity-facts", key=key)
        fields = ("entity", "direction", "property", "value", "quote", "source")
        assert grouped and {tuple(r[f] for f in fields) for r in grouped} == \
            {tuple(r[f] for f in fields) for r in flat}, key
        sources = [r["source"] for r in grouped]
        assert sources == sorted(sources)  # grouped: one run of rows per source


def test_wenzhou_by_source(graph, rows):
    got = {}
    for r in rows(graph, "entity-facts-by-source", key="温州市"):
        got.setdefault(r["source"], set()).add((r["direction"], r["property"], r["value"]))
    # the divisions table: 330300,温州市,Wenzhou,city,330000
    assert {("out", "yrd:locatedIn", "div/330000"), ("out", "yrd:code", "330300")} <= got["src/yrd-divisions"]
    # the Outline's preface: ...浙江省杭州、宁波、温州...27个城市为中心区
    assert ("in", "yrd:includesPlace", "area/yrd-central-area") in got[OUTLINE]
    # the article: the 2024 events in Wenzhou, and 温州市委宣传部
    assert {("in", "yrd:place", "event/6th-yrd-forum"), ("in", "yrd:basedIn", "org/wz-publicity-dept")} <= \
        got[ARTICLE]
    # the coordinates table: 330300,温州市,120.699361,27.993828
    assert {("out", "yrd:longitude", "120.699361"), ("out", "yrd:latitude", "27.993828")} <= \
        got["src/cpca-coordinates"]
    assert set(got) == {"src/yrd-divisions", "src/cpca-coordinates", OUTLINE, ARTICLE}


def test_entity_facts_by_source_follow_the_text_within_a_source(graph, rows, plain):
    """Within a source, rows come in the order of the parts that hold their quotes."""
    start = {}
    for part, offset in graph.subject_objects(YRD.startOffset):
        start[plain(part)] = int(offset)
    got = rows(graph, "entity-facts-by-source", key="长三角生态绿色一体化发展示范区")
    outline = [start[r["part"]] for r in got if r["source"] == OUTLINE and r["part"]]
    assert len(set(outline)) >= 2 and outline == sorted(outline)
    titles = {r["partTitle"] for r in got if r["source"] == OUTLINE}
    assert "前言" in titles  # 以上海青浦、江苏吴江、浙江嘉善为长三角生态绿色一体化发展示范区
