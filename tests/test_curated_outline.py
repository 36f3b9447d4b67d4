"""The curated graph against the 2019 Outline, by hand-written expectations.

Each expectation below was read off kg/data/sources/yrd-outline-2019.md (《长江三角洲区域一体化发展
规划纲要》, as released by Xinhua) and, for the county-level divisions, off
kg/data/reference/yrd-demo-zone-counties.csv; the passage is quoted beside it. The last part
checks that the graph says nothing the Outline does not.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import rdflib
from rdflib import RDF, SKOS, Literal

from kg.ontology import ID, PROV, YRD
from kg.paths import packaged_data

# rdflib.XSD is not imported by name: pytest's collector probes module attributes,
# and the closed XSD namespace warns on every unknown one.
DATE, COUNT, GYEAR = rdflib.XSD.date, rdflib.XSD.nonNegativeInteger, rdflib.XSD.gYear

DATA = packaged_data()
OUTLINE = DATA / "sources" / "yrd-outline-2019.md"
SRC = ID["src/yrd-outline-2019"]
DOC = ID["doc/yrd-outline-2019"]
REGION, CENTRAL, ZONE = ID["region/yrd"], ID["area/yrd-central-area"], ID["area/yrd-demo-zone"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def zh(g, node) -> str:
    (label,) = (str(lit) for lit in g.objects(node, SKOS.prefLabel) if lit.language == "zh")
    return label


def quoted(g, s, p, o) -> list[str]:
    """The quote texts behind the fact s p o."""
    sts = [st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]
    return [str(g.value(q, YRD.text)) for st in sts for q in g.objects(st, YRD.evidence)]


def outline_quotes(g, s, p, o) -> list[str]:
    """The quotes from the Outline behind the fact s p o."""
    sts = [st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]
    return [str(g.value(q, YRD.text)) for st in sts for q in g.objects(st, YRD.evidence)
            if (q, PROV.wasQuotedFrom, SRC) in g]


def members(g, area) -> set[str]:
    return {zh(g, p) for p in g.objects(area, YRD.includesPlace)}


def province_of(g, city) -> str:
    (prov,) = (p for p in g.objects(city, YRD.locatedIn)
               if (p, RDF.type, YRD.Province) in g or (p, RDF.type, YRD.Municipality) in g)
    return zh(g, prov)


# -- the document --------------------------------------------------------------------------
def test_the_outline_is_a_plan_issued_by_the_central_committee_and_the_state_council(graph):
    # 新华社北京12月1日电 中共中央、国务院印发了《长江三角洲区域一体化发展规划纲要》
    assert (DOC, RDF.type, YRD.Plan) in graph
    assert zh(graph, DOC) == "长江三角洲区域一体化发展规划纲要"
    assert set(graph.objects(DOC, YRD.issuedBy)) == {ID["org/cpc-central-committee"], ID["org/state-council"]}
    assert graph.value(DOC, YRD.releaseDate) == Literal("2019-12-01", datatype=DATE)
    assert quoted(graph, DOC, YRD.issuedBy, ID["org/state-council"]) == \
        ["中共中央、国务院印发了《长江三角洲区域一体化发展规划纲要》"]


def test_the_source_is_the_outline_s_text_released_by_xinhua(graph):
    assert graph.value(SRC, YRD.textOf) == DOC
    assert zh(graph, graph.value(SRC, rdflib.DCTERMS.publisher)) == "新华社"
    assert str(graph.value(SRC, YRD.yearMonth)) == "2019-12"


def test_planning_period_to_2025_with_an_outlook_to_2035(graph):
    # 规划期至2025年，展望到2035年
    assert graph.value(DOC, YRD.periodEnd) == Literal("2025", datatype=GYEAR)
    assert graph.value(DOC, YRD.outlookYear) == Literal("2035", datatype=GYEAR)
    assert graph.value(DOC, YRD.periodStart) is None  # the Outline gives no first year


def test_planning_scope_is_the_region_of_four_divisions_and_358000_km2(graph):
    # 规划范围包括上海市、江苏省、浙江省、安徽省全域（面积35.8万平方公里）
    assert graph.value(DOC, YRD.appliesTo) == REGION
    for code in ("310000", "320000", "330000", "340000"):
        assert "规划范围包括上海市、江苏省、浙江省、安徽省全域" in \
            outline_quotes(graph, ID[f"div/{code}"], YRD.locatedIn, REGION)
    (area,) = [s for s in graph.subjects(YRD.about, REGION) if graph.value(s, YRD.unit) == YRD.SquareKilometreUnit]
    assert graph.value(area, YRD.value).toPython() == Decimal("358000")
    assert graph.value(area, YRD.comparator) == YRD.Exactly


# -- the central area ------------------------------------------------------------------------
# 以上海市，江苏省南京、无锡、常州、苏州、南通、扬州、镇江、盐城、泰州，浙江省杭州、宁波、温州、湖州、嘉兴、
# 绍兴、金华、舟山、台州，安徽省合肥、芜湖、马鞍山、铜陵、安庆、滁州、池州、宣城27个城市为中心区（面积22.5万平方公里）
CENTRAL_CITIES = {
    "上海市": ["上海市"],
    "江苏省": ["南京市", "无锡市", "常州市", "苏州市", "南通市", "扬州市", "镇江市", "盐城市", "泰州市"],
    "浙江省": ["杭州市", "宁波市", "温州市", "湖州市", "嘉兴市", "绍兴市", "金华市", "舟山市", "台州市"],
    "安徽省": ["合肥市", "芜湖市", "马鞍山市", "铜陵市", "安庆市", "滁州市", "池州市", "宣城市"],
}


def test_central_area_has_its_27_cities_by_province(graph):
    assert sum(len(v) for v in CENTRAL_CITIES.values()) == 27
    cities = list(graph.objects(CENTRAL, YRD.includesPlace))
    assert len(cities) == 27
    assert all((c, RDF.type, YRD.City) in graph for c in cities)
    got = {}
    for c in cities:
        got.setdefault(province_of(graph, c), []).append(zh(graph, c))
    assert {p: sorted(v) for p, v in got.items()} == {p: sorted(v) for p, v in CENTRAL_CITIES.items()}
    assert graph.value(CENTRAL, YRD.declaredMemberCount) == Literal(27, datatype=COUNT)


def test_central_area_tells_the_two_suzhous_and_taizhous_apart(graph):
    # 江苏省...苏州...泰州，浙江省...台州: 苏州 (320500) and 泰州 (321200) of Jiangsu, 台州 (331000) of Zhejiang
    cities = set(graph.objects(CENTRAL, YRD.includesPlace))
    assert {ID["div/320500"], ID["div/321200"], ID["div/331000"], ID["div/310100"]} <= cities
    assert ID["div/341300"] not in cities  # 宿州 (Anhui) is not among them
    assert ID["div/310000"] not in cities  # Shanghai is listed as a city: div/310100


def test_central_area_is_225000_km2(graph):
    # 27个城市为中心区（面积22.5万平方公里）
    (area,) = graph.subjects(YRD.about, CENTRAL)
    assert graph.value(area, YRD.value).toPython() == Decimal("225000")
    assert graph.value(area, YRD.unit) == YRD.SquareKilometreUnit


# -- the demonstration zone -------------------------------------------------------------------
def test_demonstration_zone_is_qingpu_wujiang_and_jiashan_about_2300_km2(graph):
    # 以上海青浦、江苏吴江、浙江嘉善为长三角生态绿色一体化发展示范区（面积约2300平方公里）
    assert (ZONE, RDF.type, YRD.DemonstrationZone) in graph
    assert zh(graph, ZONE) == "长三角生态绿色一体化发展示范区"
    assert members(graph, ZONE) == {"青浦区", "吴江区", "嘉善县"}
    (area,) = graph.subjects(YRD.about, ZONE)
    assert graph.value(area, YRD.value).toPython() == Decimal("2300")
    assert graph.value(area, YRD.comparator) == YRD.Approximately


def test_zone_counties_lie_in_their_city_or_in_shanghai(graph):
    # yrd-demo-zone-counties.csv: 310118,青浦区,...,district,,310000; 320509,吴江区,...,320500,320000;
    # 330421,嘉善县,...,county,330400,330000
    assert graph.value(ID["div/310118"], YRD.locatedIn) == ID["div/310000"]
    assert graph.value(ID["div/320509"], YRD.locatedIn) == ID["div/320500"]
    assert graph.value(ID["div/330421"], YRD.locatedIn) == ID["div/330400"]
    for code in ("310118", "320509", "330421"):
        assert (ID[f"div/{code}"], RDF.type, YRD.CountyDivision) in graph
        assert str(graph.value(ID[f"div/{code}"], YRD.code)) == code


# -- the 2025 targets --------------------------------------------------------------------------
# (value, unit, comparator, area, measures@zh, the words of the quote), each read off 第四节　发展目标
TARGETS_2025 = [
    # 到2025年，中心区城乡居民收入差距控制在2.2∶1以内，中心区人均GDP与全域人均GDP差距缩小到1.2∶1，常住人口城镇化率达到70%
    ("2.2", YRD.RatioUnit, YRD.AtMost, CENTRAL, "中心区城乡居民收入差距", "控制在2.2∶1以内"),
    ("1.2", YRD.RatioUnit, YRD.AtMost, CENTRAL, "中心区人均GDP与全域人均GDP差距", "差距缩小到1.2∶1"),
    ("70", YRD.PercentUnit, YRD.AtLeast, REGION, "常住人口城镇化率", "常住人口城镇化率达到70%"),
    # 到2025年，研发投入强度达到3%以上，科技进步贡献率达到65%，高技术产业产值占规模以上工业总产值比重达到18%
    ("3", YRD.PercentUnit, YRD.AtLeast, REGION, "研发投入强度", "研发投入强度达到3%以上"),
    ("65", YRD.PercentUnit, YRD.AtLeast, REGION, "科技进步贡献率", "科技进步贡献率达到65%"),
    ("18", YRD.PercentUnit, YRD.AtLeast, REGION, "高技术产业产值占规模以上工业总产值比重", "比重达到18%"),
    # 到2025年，铁路网密度达到507公里/万平方公里，高速公路密度达到5公里/百平方公里，5G网络覆盖率达到80%
    ("507", YRD.KilometrePer10000SquareKilometreUnit, YRD.AtLeast, REGION, "铁路网密度", "507公里/万平方公里"),
    ("5", YRD.KilometrePer100SquareKilometreUnit, YRD.AtLeast, REGION, "高速公路密度", "5公里/百平方公里"),
    ("80", YRD.PercentUnit, YRD.AtLeast, REGION, "5G网络覆盖率", "5G网络覆盖率达到80%"),
    # 地级及以上城市空气质量优良天数比率达到80%以上，跨界河流断面水质达标率达到80%，单位GDP能耗较2017年下降10%
    ("80", YRD.PercentUnit, YRD.AtLeast, REGION, "地级及以上城市空气质量优良天数比率", "优良天数比率达到80%以上"),
    ("80", YRD.PercentUnit, YRD.AtLeast, REGION, "跨界河流断面水质达标率", "水质达标率达到80%"),
    ("10", YRD.PercentUnit, YRD.Exactly, REGION, "单位GDP能耗较2017年的降幅", "单位GDP能耗较2017年下降10%"),
    # 到2025年，人均公共财政支出达到2.1万元，劳动年龄人口平均受教育年限达到11.5年，人均期望寿命达到79岁
    ("21000", YRD.YuanUnit, YRD.AtLeast, REGION, "人均公共财政支出", "人均公共财政支出达到2.1万元"),
    ("11.5", YRD.YearUnit, YRD.AtLeast, REGION, "劳动年龄人口平均受教育年限", "平均受教育年限达到11.5年"),
    ("79", YRD.YearUnit, YRD.AtLeast, REGION, "人均期望寿命", "人均期望寿命达到79岁"),
]


def _targets(g):
    out = {}
    for t in g.objects(DOC, YRD.hasTarget):
        (m,) = [str(x) for x in g.objects(t, YRD.measures) if x.language == "zh"]
        out[m] = t
    return out


def test_target_list_is_complete():
    assert len(TARGETS_2025) == 15


@pytest.mark.parametrize("value, unit, comparator, area, measures, words", TARGETS_2025,
                         ids=[t[4] for t in TARGETS_2025])
def test_each_2025_target(graph, value, unit, comparator, area, measures, words):
    targets = _targets(graph)
    (t,) = [n for m, n in targets.items() if m.startswith(measures)]
    assert (t, RDF.type, YRD.Target) in graph and graph.value(t, YRD.targetOf) == DOC
    assert graph.value(t, YRD.value).toPython() == Decimal(value)
    assert (graph.value(t, YRD.unit), graph.value(t, YRD.comparator)) == (unit, comparator)
    assert graph.value(t, YRD.appliesTo) == area
    assert str(graph.value(t, YRD.year)) == "2025"
    texts = [squeeze(str(graph.value(q, YRD.text))) for q in graph.objects(t, YRD.evidence)]
    assert all((q, PROV.wasQuotedFrom, SRC) in graph for q in graph.objects(t, YRD.evidence))
    assert any(words in x for x in texts), texts


def test_the_outline_sets_exactly_15_targets_for_2025(graph):
    # 第二章 第四节 sets them; a later chapter's target without a year (the FTZ new area's first
    # phase, 第十一章) is pinned in its chapter's test
    targets = [t for t in graph.objects(DOC, YRD.hasTarget) if graph.value(t, YRD.year) is not None]
    assert len(targets) == 15
    assert {str(graph.value(t, YRD.year)) for t in targets} == {"2025"}


# -- the strategic positioning ----------------------------------------------------------------------
# 第三节　战略定位: 全国发展强劲活跃增长极。... 全国高质量发展样板区。... 率先基本实现现代化引领区。...
# 区域一体化发展示范区。... 新时代改革开放新高地。...
POSITIONINGS = {
    "positioning/growth-pole": ("全国发展强劲活跃增长极", "加强创新策源能力建设"),
    "positioning/high-quality-model-area": ("全国高质量发展样板区", "坚定不移贯彻新发展理念"),
    "positioning/modernisation-pilot-area": ("率先基本实现现代化引领区", "着眼基本实现现代化"),
    "positioning/integration-demonstration-area": ("区域一体化发展示范区", "深化跨区域合作"),
    "positioning/reform-opening-highland": ("新时代改革开放新高地", "坚决破除条条框框、思维定势束缚"),
}
WHOLE = ID["doc/one-pole-three-zones-one-highland"]


def test_the_five_parts_of_one_pole_three_zones_one_highland(graph):
    parts = set(graph.subjects(YRD.partOfPositioning, WHOLE))
    assert {zh(graph, p) for p in parts} == {name for name, _ in POSITIONINGS.values()}
    assert zh(graph, WHOLE) == "一极三区一高地"  # the article's node: one entity across sources
    for p in parts:
        assert (p, RDF.type, YRD.StrategicPositioning) in graph
    # the Outline never writes 一极三区一高地: the link is the curator's inference, with a reason
    assert "一极三区一高地" not in squeeze(OUTLINE.read_text(encoding="utf-8"))
    for p in parts:
        (st,) = [st for st in graph.subjects(RDF.subject, p) if (st, RDF.predicate, YRD.partOfPositioning) in graph]
        assert (st, YRD.inferred, Literal(True)) in graph


@pytest.mark.parametrize("ident", sorted(POSITIONINGS))
def test_each_positioning_says_what_it_means(graph, ident):
    name, opening = POSITIONINGS[ident]
    (prov,) = graph.objects(ID[ident], YRD.hasProvision)
    (text,) = [str(graph.value(q, YRD.text)) for q in graph.objects(prov, YRD.evidence)]
    assert squeeze(text).startswith(squeeze(name + "。" + opening))


# -- the metropolitan areas and city groupings ---------------------------------------------------------
# 加快南京、杭州、合肥、苏锡常、宁波都市圈建设; 推动上海与近沪区域及苏锡常都市圈联动发展，构建上海大都市圈;
# 实现杭绍甬一体化; 建设宁杭生态经济带
GROUPINGS = {
    "area/nanjing-metropolitan-area": ("南京都市圈", {"南京市"}),
    "area/hangzhou-metropolitan-area": ("杭州都市圈", {"杭州市"}),
    "area/hefei-metropolitan-area": ("合肥都市圈", {"合肥市"}),
    "area/ningbo-metropolitan-area": ("宁波都市圈", {"宁波市"}),
    "area/suxichang-metropolitan-area": ("苏锡常都市圈", {"苏州市", "无锡市", "常州市"}),
    "area/shanghai-metropolitan-area": ("上海大都市圈", {"上海市", "苏锡常都市圈"}),
    "area/hangshaoyong": ("杭绍甬", {"杭州市", "绍兴市", "宁波市"}),
    "area/ning-hang-eco-belt": ("宁杭生态经济带", {"南京市", "杭州市"}),
    "area/hewubeng-innovation-demo-zone": ("合芜蚌自主创新示范区", {"合肥市", "芜湖市", "蚌埠市"}),
}


@pytest.mark.parametrize("ident", sorted(GROUPINGS))
def test_groupings_and_their_members(graph, ident):
    name, expected = GROUPINGS[ident]
    node = ID[ident]
    assert zh(graph, node) == name
    assert members(graph, node) == expected
    # no name lists these members outright: each membership is marked as the curator's inference
    for m in graph.objects(node, YRD.includesPlace):
        (st,) = [st for st in graph.subjects(RDF.subject, node)
                 if (st, RDF.predicate, YRD.includesPlace) in graph and (st, RDF.object, m) in graph]
        assert (st, YRD.inferred, Literal(True)) in graph


def test_the_six_metropolitan_areas(graph):
    areas = {zh(graph, a) for a in graph.subjects(RDF.type, YRD.MetropolitanArea)}
    assert areas == {"南京都市圈", "杭州都市圈", "合肥都市圈", "苏锡常都市圈", "宁波都市圈", "上海大都市圈"}


def test_suxichang_is_the_jiangsu_suzhou(graph):
    # 苏锡常: 苏州 of Jiangsu (320500), not 宿州 of Anhui (341300)
    assert ID["div/320500"] in set(graph.objects(ID["area/suxichang-metropolitan-area"], YRD.includesPlace))


# -- governance (第十二章) --------------------------------------------------------------------------------
def test_the_leading_group_and_its_office(graph):
    # 成立推动长三角一体化发展领导小组 ... 领导小组办公室设在国家发展改革委，承担领导小组日常工作
    group, office = ID["org/yrd-leading-group"], ID["org/yrd-leading-group-office"]
    assert zh(graph, group) == "推动长三角一体化发展领导小组"
    assert (DOC, YRD.setsUp, group) in graph
    assert graph.value(office, YRD.unitOf) == group
    assert zh(graph, graph.value(office, YRD.housedIn)) == "国家发展改革委"
    remit = {zh(graph, p) for p in graph.objects(group, YRD.hasProvision)}
    assert any("研究审议重大规划、重大政策、重大项目和年度工作安排" in r for r in remit)
    assert len(list(graph.objects(office, YRD.hasProvision))) == 3


def test_the_four_divisions_are_the_responsible_subjects(graph):
    # 上海市、江苏省、浙江省、安徽省作为推进长三角一体化发展的责任主体
    for code in ("310000", "320000", "330000", "340000"):
        labels = {zh(graph, p) for p in graph.objects(ID[f"div/{code}"], YRD.hasProvision)}
        assert any(lab.startswith("作为推进长三角一体化发展的责任主体") for lab in labels), code


def test_the_special_plans_it_orders(graph):
    # 抓紧组织编制基础设施互联互通、科创产业协同发展、城乡区域融合发展、生态环境共同保护、公共服务便利共享等专项规划，
    # 组织制定实施长三角生态绿色一体化发展示范区总体方案、中国（上海）自由贸易试验区新片区建设方案
    based = {zh(graph, p) for p in graph.subjects(YRD.basedOn, DOC)}
    assert based == {"基础设施互联互通专项规划", "科创产业协同发展专项规划", "城乡区域融合发展专项规划",
                     "生态环境共同保护专项规划", "公共服务便利共享专项规划"}
    office = ID["org/yrd-leading-group-office"]
    planned = {zh(graph, p) for p in graph.subjects(YRD.preparedBy, office)}
    assert planned == based | {"长三角生态绿色一体化发展示范区总体方案", "中国（上海）自由贸易试验区新片区建设方案"}
    assert graph.value(ID["doc/demo-zone-master-plan"], YRD.appliesTo) == ZONE
    # 会同三省一市: the article's collective actor of the four divisions, one node across sources
    assert (ID["doc/special-plan-ecology"], YRD.preparedBy, ID["org/yrd-three-provinces-one-city"]) in graph


def test_the_national_strategy_is_one_node_with_both_sources(graph):
    # 2018年11月5日，习近平总书记在首届中国国际进口博览会上宣布，支持长江三角洲区域一体化发展并上升为国家战略
    strategy = ID["doc/yrd-integration-national-strategy"]
    assert graph.value(strategy, YRD.releaseDate) == Literal("2018-11-05", datatype=DATE)
    assert graph.value(strategy, YRD.releasedAt) == ID["event/first-ciie-2018"]
    # 党中央、国务院作出将长三角一体化发展上升为国家战略的重大决策
    assert set(graph.objects(strategy, YRD.issuedBy)) == {ID["org/cpc-central-committee"], ID["org/state-council"]}
    sources = {graph.value(q, PROV.wasQuotedFrom) for q in graph.objects(strategy, YRD.evidence)}
    assert sources == {SRC, ID["src/zjrb-2024-06-yrd-forum"]}
    # 同“一带一路”建设、京津冀协同发展、长江经济带发展、粤港澳大湾区建设相互配合
    assert {zh(graph, d) for d in graph.objects(strategy, YRD.coordinatedWith)} == \
        {"“一带一路”建设", "京津冀协同发展", "长江经济带发展", "粤港澳大湾区建设"}


# -- the background (第一章) -----------------------------------------------------------------------------
def test_background_figures_of_the_region(graph):
    figures = {str(graph.value(f, YRD.measures)): f for f in graph.subjects(YRD.about, REGION)}
    by_zh = {str(m): f for f in graph.subjects(YRD.about, REGION) for m in graph.objects(f, YRD.measures)
             if m.language == "zh"}
    # 拥有开放口岸46个; 进出口总额、外商直接投资、对外投资分别占全国的37%、39%和29%
    assert graph.value(by_zh["开放口岸"], YRD.value).toPython() == Decimal("46")
    assert graph.value(by_zh["进出口总额占全国的比重"], YRD.value).toPython() == Decimal("37")
    assert graph.value(by_zh["外商直接投资占全国的比重"], YRD.value).toPython() == Decimal("39")
    assert graph.value(by_zh["对外投资占全国的比重"], YRD.value).toPython() == Decimal("29")
    # 常住人口城镇化率超过60%
    assert graph.value(by_zh["常住人口城镇化率"], YRD.comparator) == YRD.MoreThan
    assert len(figures) >= 20


def test_four_cities_with_rd_intensity_above_3_percent(graph):
    # 上海、南京、杭州、合肥研发强度均超过3%
    cities = {zh(graph, graph.value(f, YRD.about)) for f in graph.subjects(RDF.type, YRD.Statistic)
              if any(str(m) == "研发强度" for m in graph.objects(f, YRD.measures))}
    assert cities == {"上海市", "南京市", "杭州市", "合肥市"}


def test_the_two_comprehensive_national_science_centres(graph):
    # 拥有上海张江、安徽合肥2个综合性国家科学中心
    centres = {zh(graph, c): zh(graph, graph.value(c, YRD.locatedIn))
               for c in graph.subjects(RDF.type, YRD.ScienceCentre)}
    assert centres == {"上海张江综合性国家科学中心": "上海市", "安徽合肥综合性国家科学中心": "合肥市"}


# -- the demonstration zone (第十章) ---------------------------------------------------------------------
def test_the_zone_uses_one_telephone_code(graph):
    # 按可达性统筹120服务、110服务范围，统一使用021电信区号
    labels = [zh(graph, p) for p in graph.objects(ZONE, YRD.hasProvision)]
    assert any("021电信区号" in lab for lab in labels)
    assert len(labels) >= 30


def test_hu_su_zhe_covers_three_divisions_not_anhui(graph):
    # 沪苏浙共同制定实施示范区饮用水水源保护法规
    covered = set(graph.objects(ID["org/hu-su-zhe"], YRD.coversDivision))
    assert covered == {ID["div/310000"], ID["div/320000"], ID["div/330000"]}


# -- coverage of the curated chapters --------------------------------------------------------------------
COVERAGE = DATA / "coverage" / "yrd-outline-2019.yaml"


FACT_CLASSES = (RDF.Statement, YRD.Provision, YRD.Target, YRD.Statistic, YRD.Involvement, YRD.Membership, YRD.Post)


def _fact_spans(g) -> list[tuple[int, int]]:
    """The squeezed spans of the Outline that some fact (not a mere mention) quotes."""
    out = []
    for q in g.subjects(PROV.wasQuotedFrom, SRC):
        if any((n, RDF.type, c) in g for n in g.subjects(YRD.evidence, q) for c in FACT_CLASSES):
            off = int(g.value(q, YRD.offset))
            out.append((off, off + len(squeeze(str(g.value(q, YRD.text))))))
    return out


def test_skip_list_texts_occur_once_and_quote_no_fact(graph):
    import yaml

    doc = yaml.safe_load(COVERAGE.read_text(encoding="utf-8"))
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    assert doc["source"] == "src/yrd-outline-2019"
    assert set(doc["reasons"]) == {"lead-in", "commentary", "exhortation"}
    assert all(set(r) == {"en", "zh"} for r in doc["reasons"].values())
    assert len(doc["skip"]) == 61  # 27 of phase 1, 19 of chapters 4 and 5, 8 of chapters 6-8, 7 of chapter 9
    # the chapters curated in phase 1; chapters 4-9 and 11 pin their own counts
    # (the headings: rindex, as the table of contents links to each chapter by "##" and its title too)
    later = [(text.rindex("##第四章"), text.rindex("##第十章")), (text.rindex("##第十一章"), text.rindex("##第十二章"))]
    phase1 = [i for i in doc["skip"] if not any(a <= text.find(squeeze(i["text"])) < b for a, b in later)]
    assert len(phase1) == 27
    spans = _fact_spans(graph)
    for item in doc["skip"]:
        t = squeeze(item["text"])
        assert text.count(t) == 1, item["text"]
        assert item["reason"] in doc["reasons"]
        start, end = text.index(t), text.index(t) + len(t)
        assert not [s for s in spans if s[0] < end and s[1] > start], \
            f"a fact quotes the skipped sentence {item['text']!r}"


# -- provenance ---------------------------------------------------------------------------------
def test_every_outline_quote_occurs_at_its_offset(graph):
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    quotes = set(graph.subjects(PROV.wasQuotedFrom, SRC))
    assert len(quotes) > 50
    for q in quotes:
        t = squeeze(str(graph.value(q, YRD.text)))
        offset = int(graph.value(q, YRD.offset))
        assert text[offset:offset + len(t)] == t, t


def test_outline_quotes_keep_full_width_punctuation(graph):
    texts = [str(graph.value(q, YRD.text)) for q in graph.subjects(PROV.wasQuotedFrom, SRC)]
    assert not [t for t in texts if "," in t], "the Outline uses full-width commas (，)"


# -- nothing the Outline does not state -----------------------------------------------------------
def test_no_members_for_the_zone_beyond_the_three_counties(graph):
    assert len(list(graph.objects(ZONE, YRD.includesPlace))) == 3
    assert graph.value(ZONE, YRD.declaredMemberCount) is None  # the Outline gives no count
