"""The curated graph against the article, by hand-written expectations.

Each expectation below was read off kg/data/sources/000_9c34a97e38f5307b.txt (the
Zhejiang Daily report of June 2024); the passage is quoted beside it. The second
half checks that the graph says nothing the article does not.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, SKOS, Literal

from kg.ontology import ID, ORG, PROV, YRD

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in

# rdflib.XSD is not imported by name: pytest's collector probes module attributes,
# and the closed XSD namespace warns on every unknown one.
DATE, COUNT, DECIMAL = rdflib.XSD.date, rdflib.XSD.nonNegativeInteger, rdflib.XSD.decimal


ARTICLE = REPO / "kg/data/sources/000_9c34a97e38f5307b.txt"
DIVISIONS = REPO / "kg/data/reference/yrd-divisions.csv"
# the Outline and the county table: their facts are pinned in tests/test_curated_outline.py;
# the coordinates table's in tests/test_loaders.py
OTHER_SOURCES = (REPO / "kg/data/sources/yrd-outline-2019.md",
                 REPO / "kg/data/reference/yrd-demo-zone-counties.csv",
                 REPO / "kg/data/reference/yrd-coordinates.csv")
SRC = ID["src/zjrb-2024-06-yrd-forum"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def zh(g, node) -> str:
    (label,) = (str(lit) for lit in g.objects(node, SKOS.prefLabel) if lit.language == "zh")
    return label


def covers(g, actor: str) -> set[str]:
    """The GB/T 2260 codes of the divisions a collective actor covers."""
    return {str(d)[len(str(ID)) + 4:] for d in g.objects(ID[actor], YRD.coversDivision)}


def agents(g, coop: str, role) -> set[str]:
    """The zh labels of who takes part in ``coop`` in ``role``."""
    return {zh(g, g.value(i, YRD.agent)) for i in g.subjects(YRD.cooperation, ID[coop])
            if (i, YRD.role, role) in g}


def quoted(g, node, p=None, o=None) -> list[str]:
    """The quote texts behind ``node`` (a relationship node), or behind the fact node p o."""
    if p is None:
        return [str(g.value(q, YRD.text)) for q in g.objects(node, YRD.evidence)]
    sts = [st for st in g.subjects(RDF.subject, node)
           if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]
    return [str(g.value(q, YRD.text)) for st in sts for q in g.objects(st, YRD.evidence)]


# -- consortia ------------------------------------------------------------------------
LEADS = [
    # 浙江久立特材科技股份有限公司牵头组建长三角超高洁净不锈钢材料创新联合体
    ("consortium/ultra-clean-stainless-steel", "浙江久立特材科技股份有限公司"),
    # 西湖实验室牵头成立的长三角肺癌新药创新联合体
    ("consortium/lung-cancer-drugs", "西湖实验室"),
    # 由杭州景业智能科技股份有限公司牵头,长三角核工业机器人创新联合会
    ("consortium/nuclear-industry-robots", "杭州景业智能科技股份有限公司"),
]


def test_every_consortium_named_in_the_first_batch_has_a_lead_case(graph):
    batch = ID["batch/first-innovation-consortia"]
    assert {ID[c] for c, _ in LEADS} == set(graph.subjects(YRD.inBatch, batch))


@pytest.mark.parametrize("consortium, lead", LEADS, ids=[c for c, _ in LEADS])
def test_who_leads_each_named_consortium(graph, consortium, lead):
    node = ID[consortium]
    assert [zh(graph, o) for o in graph.objects(node, YRD.ledBy)] == [lead]
    assert agents(graph, consortium, YRD.LeadRole) == {lead}
    (led,) = graph.objects(node, YRD.ledBy)
    assert (node, ORG.hasMember, led) in graph
    assert (node, YRD.inBatch, ID["batch/first-innovation-consortia"]) in graph


def test_members_of_the_stainless_steel_consortium(graph):
    # 成员单位有来自沪苏浙的高新企业,也有上海交通大学等高校
    assert agents(graph, "consortium/ultra-clean-stainless-steel", YRD.MemberRole) == {
        "上海交通大学", "沪苏浙的高新企业"}
    assert (ID["consortium/ultra-clean-stainless-steel"], ORG.hasMember, ID["org/sjtu"]) in graph
    assert covers(graph, "org/hsz-high-tech-enterprises") == {"310000", "320000", "330000"}  # 沪苏浙


def test_ultra_high_cleanliness_not_purity(graph):
    # 长三角超高洁净不锈钢材料创新联合体: 洁净 is cleanliness
    labels = {lit.language: str(lit) for lit in graph.objects(ID["consortium/ultra-clean-stainless-steel"],
                                                              SKOS.prefLabel)}
    assert "Ultra-High-Cleanliness Stainless Steel" in labels["en"] and "Purity" not in labels["en"]


def test_the_article_calls_the_robot_consortium_an_association_once(graph):
    node = ID["consortium/nuclear-industry-robots"]
    assert Literal("长三角核工业机器人创新联合会", lang="zh") in set(graph.objects(node, SKOS.altLabel))
    assert any("联合会" in str(n) for n in graph.objects(node, SKOS.editorialNote))


def test_first_batch_declares_12_and_names_3(graph):
    # 12个联合体涉及领域广阔 ... 其中,浙江单位牵头的联合体共有3个
    batch = ID["batch/first-innovation-consortia"]
    assert graph.value(batch, YRD.declaredCount) == Literal(12, datatype=COUNT)
    assert sorted(quoted(graph, batch, YRD.declaredCount, Literal(12, datatype=COUNT))) == \
        ["12个联合体涉及领域广阔", "二是成立首批长三角创新联合体"]
    assert len(set(graph.subjects(YRD.inBatch, batch))) == 3
    assert graph.value(batch, YRD.establishedAt) == ID["event/6th-yrd-forum"]


# -- agreements, associations, projects -----------------------------------------------
def test_ai_plus_agreement_declares_12_parties_and_names_7_signatories(graph):
    # 12家单位签署“长三角AI+场景联合创新战略合作协议”,除了三省一市的信息化行业协会,杭钢集团、
    # 南京康尼机电、合肥荣事达、正泰集团、科大讯飞、海康威视等不同行业的龙头企业齐步登台
    node = ID["agreement/ai-plus-scenarios"]
    assert graph.value(node, YRD.declaredPartyCount) == Literal(12, datatype=COUNT)
    assert agents(graph, "agreement/ai-plus-scenarios", YRD.SignatoryRole) == {
        "三省一市的信息化行业协会", "杭钢集团", "南京康尼机电", "合肥荣事达", "正泰集团", "科大讯飞",
        "海康威视"}
    collective = [a for i in graph.subjects(YRD.cooperation, node)
                  for a in graph.objects(i, YRD.agent) if (a, RDF.type, YRD.CollectiveActor) in graph]
    assert collective == [ID["org/yrd-informatization-associations"]]
    assert graph.value(node, YRD.signedAt) == ID["event/6th-yrd-forum"]


def test_belt_and_road_association_has_17_founders_named_only_as_a_group(graph):
    # 沪苏浙皖17家单位还共同发起成立了长三角“一带一路”高质量发展促进会
    node = ID["org/yrd-belt-road-association"]
    assert graph.value(node, YRD.declaredFounderCount) == Literal(17, datatype=COUNT)
    assert agents(graph, "org/yrd-belt-road-association", YRD.FounderRole) == {"沪苏浙皖17家单位"}
    assert {graph.value(i, YRD.agent) for i in graph.subjects(YRD.cooperation, node)} == {
        ID["org/belt-road-founding-units"]}
    assert covers(graph, "org/belt-road-founding-units") == {"310000", "320000", "330000", "340000"}


def test_practical_project_list_declares_10_and_names_5(graph):
    # 包含10项民生实事; 像这样的实事项目,三省一市今年首次推出共十项
    batch = ID["batch/practical-projects-2024"]
    assert graph.value(batch, YRD.declaredCount) == Literal(10, datatype=COUNT)
    named = {zh(graph, p) for p in graph.subjects(YRD.inBatch, batch)}
    assert len(named) == 5
    assert "充换电基础设施“一张网”" in named and "全域实施外国人144小时过境免签政策" in named


def test_charging_network_targets(graph):
    # 全年长三角区域要新建公共充电桩超7万个,充电桩比率达到1.9之内,累计公共充电桩达到60万个以上
    project = ID["project/charging-network"]
    targets = {(graph.value(t, YRD.value).toPython(), graph.value(t, YRD.comparator),
                graph.value(t, YRD.unit), str(graph.value(t, YRD.year)))
               for t in graph.objects(project, YRD.hasTarget)}
    assert targets == {
        (Decimal("70000"), YRD.MoreThan, YRD.PieceUnit, "2024"),
        (Decimal("1.9"), YRD.AtMost, YRD.RatioUnit, "2024"),
        (Decimal("600000"), YRD.AtLeast, YRD.PieceUnit, "2024"),
    }
    for t in graph.objects(project, YRD.hasTarget):
        assert (t, YRD.targetOf, project) in graph
        assert quoted(graph, t), t
    assert agents(graph, "project/charging-network", YRD.ResponsibleRole) == {"三省一市能源部门"}


# -- events and people -------------------------------------------------------------------
def test_event_dates_and_place(graph):
    # 6月5日至6日 ... 一系列重要活动在浙江省温州市举行; 6月6日,第六届长三角一体化发展高层论坛上
    series, forum = ID["event/yrd-wenzhou-2024"], ID["event/6th-yrd-forum"]
    assert graph.value(forum, YRD.startDate) == Literal("2024-06-06", datatype=DATE)
    assert graph.value(series, YRD.startDate) == Literal("2024-06-05", datatype=DATE)
    assert graph.value(series, YRD.endDate) == Literal("2024-06-06", datatype=DATE)
    wenzhou = ID["div/330300"]
    assert zh(graph, wenzhou) == "温州市"
    assert graph.value(series, YRD.place) == graph.value(forum, YRD.place) == wenzhou
    assert graph.value(wenzhou, YRD.locatedIn) == ID["div/330000"]
    assert (forum, YRD.subEventOf, series) in graph
    assert quoted(graph, forum, YRD.startDate, Literal("2024-06-06", datatype=DATE)) == \
        ["6月6日,第六届长三角一体化发展高层论坛上"]


def test_media_alliance_meeting_organisers(graph):
    # 由浙江省委宣传部、浙江省发展和改革委员会指导,浙江日报报业集团主办,潮新闻、温州市委宣传部承办
    meeting = "event/media-alliance-6th-annual-meeting"
    assert len(agents(graph, meeting, YRD.GuideRole)) == 2
    assert agents(graph, meeting, YRD.HostRole) == {"浙江日报报业集团"}
    assert len(agents(graph, meeting, YRD.OrganiserRole)) == 2


def test_wang_yiming_is_vice_chairman_of_cciee(graph):
    # 中国国际经济交流中心副理事长王一鸣表示
    person = ID["person/wang-yiming"]
    assert zh(graph, person) == "王一鸣"
    (post,) = graph.subjects(YRD.postHolder, person)
    assert zh(graph, post) == "副理事长"
    assert zh(graph, graph.value(post, YRD.postIn)) == "中国国际经济交流中心"
    assert quoted(graph, post) == ["中国国际经济交流中心副理事长王一鸣表示"]
    assert agents(graph, "event/6th-yrd-forum", YRD.SpeakerRole) == {"王一鸣"}


# -- places --------------------------------------------------------------------------------
def test_41_cities_each_in_one_of_the_4_provincial_divisions(graph):
    provinces = set(graph.subjects(RDF.type, YRD.Province)) | set(graph.subjects(RDF.type, YRD.Municipality))
    assert {zh(graph, p) for p in provinces} == {"上海市", "江苏省", "浙江省", "安徽省"}
    cities = set(graph.subjects(RDF.type, YRD.City))
    assert len(cities) == 41
    for city in cities:
        assert [p for p in graph.objects(city, YRD.locatedIn)] in ([p] for p in provinces), zh(graph, city)
    # Shanghai is a municipality; the table's cities are the prefecture-level ones of the 3 provinces
    assert (ID["div/310000"], RDF.type, YRD.Municipality) in graph
    per_province = {zh(graph, p): sum(1 for c in cities if (c, YRD.locatedIn, p) in graph) for p in provinces}
    assert sum(per_province.values()) == 41 and per_province["浙江省"] == 11


def test_cities_sharing_an_english_name_are_distinct(graph):
    for en in ("Suzhou", "Taizhou"):
        nodes = set(graph.subjects(SKOS.prefLabel, Literal(en, lang="en")))
        assert len(nodes) == 2, en


# -- provenance -------------------------------------------------------------------------------
def test_every_quote_occurs_in_its_source_at_its_offset(graph):
    texts = {p.name: squeeze(p.read_text(encoding="utf-8"))
             for p in (ARTICLE, DIVISIONS, *OTHER_SOURCES)}
    quotes = set(graph.subjects(RDF.type, YRD.Quote))
    assert len(quotes) > 150
    for q in quotes:
        text = squeeze(str(graph.value(q, YRD.text)))
        source = texts[str(graph.value(graph.value(q, PROV.wasQuotedFrom), YRD.fileName))]
        offset = int(graph.value(q, YRD.offset))
        assert source[offset:offset + len(text)] == text, text


def test_article_facts_quote_the_article(graph):
    n = sum(1 for q in graph.subjects(PROV.wasQuotedFrom, SRC))
    assert n > 100


# -- nothing the article does not state ----------------------------------------------------------
@pytest.mark.parametrize("org", ["org/chint", "org/iflytek", "org/hikvision", "org/hangzhou-iron-steel"])
def test_no_base_where_the_article_gives_none(graph, org):
    # 正泰集团、科大讯飞、海康威视、杭钢集团: the article names them without a place
    assert graph.value(ID[org], YRD.basedIn) is None


def test_lung_cancer_consortium_names_its_members_only_as_groups(graph):
    # 集聚杭州企业、南京高校和上海三甲医院的资源: groups, none of their units named
    node = ID["consortium/lung-cancer-drugs"]
    members = set(graph.objects(node, ORG.hasMember)) - {ID["org/westlake-lab"]}
    assert all((m, RDF.type, YRD.CollectiveActor) in graph for m in members) and len(members) == 3
    assert graph.value(node, YRD.sector) is None


def test_robot_consortium_names_its_members_only_as_a_group(graph):
    # 由杭州景业智能科技股份有限公司牵头,长三角核工业机器人创新联合会凝聚了沪宁杭科研院所和高校的科技力量
    node = ID["consortium/nuclear-industry-robots"]
    assert set(graph.objects(node, ORG.hasMember)) == {ID["org/jingye"],
                                                       ID["org/hnh-research-institutes-universities"]}


def test_agreements_without_stated_parties_have_none(graph):
    for a in graph.subjects(YRD.partiesUnstated, Literal(True)):
        assert not any((i, YRD.role, YRD.SignatoryRole) in graph for i in graph.subjects(YRD.cooperation, a))


def test_no_date_where_the_article_gives_none(graph):
    # the round-table followed (随后) the annual meeting; no date or place of its own
    node = ID["event/media-alliance-roundtable-2024"]
    for p in (YRD.startDate, YRD.endDate, YRD.year, YRD.yearMonth, YRD.place):
        assert graph.value(node, p) is None


# -- added with issue 10: every checkable claim, each with a quote that shows it ----------------
def provisions(g, node: str) -> set[str]:
    """The zh labels of the provisions of ``node``."""
    return {zh(g, p) for p in g.objects(ID[node], YRD.hasProvision)}


def inferred(g, node) -> bool:
    return (node, YRD.inferred, Literal(True)) in g


def statement(g, s: str, p, o):
    (st,) = [st for st in g.subjects(RDF.subject, ID[s]) if (st, RDF.predicate, p) in g
             and (st, RDF.object, o) in g]
    return st


def test_the_list_of_practical_projects_is_issued_by_the_three_provinces_and_one_city(graph):
    # 一是三省一市首次联合推出2024年度长三角一体化实事项目清单; 三省一市相关合作单位发布一批实事项目
    batch = ID["batch/practical-projects-2024"]
    issuers = {zh(graph, o) for o in graph.objects(batch, YRD.issuedBy)}
    assert issuers == {"三省一市", "三省一市相关合作单位"}
    assert graph.value(batch, YRD.firstOfItsKind) == Literal(True)  # 首次
    assert set(graph.objects(batch, YRD.releasedAt)) == {ID["event/6th-yrd-forum"],
                                                         ID["event/yrd-wenzhou-2024"]}
    for issuer in graph.objects(batch, YRD.issuedBy):
        assert len(set(graph.objects(issuer, YRD.coversDivision))) == 4


def test_firsts(graph):
    # 二是成立首批长三角创新联合体; 第一次沪苏浙三省市主要领导座谈会
    firsts = set(graph.subjects(YRD.firstOfItsKind, Literal(True)))
    assert firsts == {ID["batch/practical-projects-2024"], ID["batch/first-innovation-consortia"],
                      ID["event/first-hsz-leaders-symposium-2005"]}


COLLECTIVE_MEMBERS = [
    # 成员单位有来自沪苏浙的高新企业
    ("consortium/ultra-clean-stainless-steel", "org/hsz-high-tech-enterprises",
     {"310000", "320000", "330000"}),
    # 集聚杭州企业、南京高校和上海三甲医院的资源
    ("consortium/lung-cancer-drugs", "org/hangzhou-enterprises", {"330100"}),
    ("consortium/lung-cancer-drugs", "org/nanjing-universities", {"320100"}),
    ("consortium/lung-cancer-drugs", "org/shanghai-top-hospitals", {"310100"}),
    # 凝聚了沪宁杭科研院所和高校的科技力量
    ("consortium/nuclear-industry-robots", "org/hnh-research-institutes-universities",
     {"310100", "320100", "330100"}),
    # 以长三角主要主流媒体为成员单位的“长三角新全媒联合体”; 来自长三角三省一市的新全媒联合体成员单位
    ("org/yrd-media-alliance", "org/yrd-media-alliance-members", {"310000", "320000", "330000", "340000"}),
]


def test_collective_member_list_is_not_empty():
    assert len(COLLECTIVE_MEMBERS) == 6


@pytest.mark.parametrize("collaboration, member, places", COLLECTIVE_MEMBERS,
                         ids=[m for _, m, _ in COLLECTIVE_MEMBERS])
def test_members_named_as_groups_cover_the_places_they_name(graph, collaboration, member, places):
    assert (ID[member], RDF.type, YRD.CollectiveActor) in graph
    assert (ID[collaboration], ORG.hasMember, ID[member]) in graph
    assert covers(graph, member) == places


def test_the_power_swap_is_three_pairs(graph):
    # 浙皖、沪皖、苏皖可以两两“互换”电力
    arrangements = set(graph.subjects(YRD.arrangementOf, ID["agreement/power-mutual-aid"]))
    pairs = {frozenset(str(d)[-6:] for d in graph.objects(a, YRD.betweenDivision)) for a in arrangements}
    assert pairs == {frozenset({"330000", "340000"}), frozenset({"310000", "340000"}),
                     frozenset({"320000", "340000"})}
    assert all((a, RDF.type, YRD.Arrangement) in graph for a in arrangements)


PROVISIONS = {
    # 开展基础研究专家信息共享、合作发起长三角基础研究学术论坛、探索建立长三角基础研究联合基金等,
    # 提升长三角原始创新能力,打造科技创新策源地
    "agreement/basic-research": {"在长三角开展基础研究专家信息共享", "合作发起长三角基础研究学术论坛",
                                 "探索建立长三角基础研究联合基金",
                                 "提升长三角原始创新能力，打造科技创新策源地"},
    # 将联动完善一批产业链质量支撑、知识产权一体化发展机制,打造“满意消费长三角”等
    "agreement/market-regulation-pilot-zone": {"联动完善一批产业链质量支撑机制",
                                               "联动完善知识产权一体化发展机制", "打造“满意消费长三角”"},
    # 在金融领域,将合力建设长三角信用和信息一体化、科技金融一体化等体制机制
    "agreement/finance-action-plan": {"合力建设长三角信用和信息一体化体制机制",
                                      "合力建设科技金融一体化体制机制", "为市场要素流通和共享搭建桥梁"},
    # 人才方面,将推进跨区域协同人才“揭榜挂帅”制度,搭建互通共享人才服务平台等; and for the three signed by
    # the departments: 分别签署了...,为市场要素流通和共享搭建桥梁
    "agreement/talent-framework": {"推进跨区域协同人才“揭榜挂帅”制度", "搭建互通共享人才服务平台",
                                   "为市场要素流通和共享搭建桥梁"},
    # 这一组织计划推动长三角地区开展贸易、投资、商事法律和经济技术合作等中外交流活动,提升国际经贸信息平台
    # 综合功能,为长三角企业“走出去”提供支持
    "org/yrd-belt-road-association": {"推动长三角地区开展贸易、投资、商事法律和经济技术合作等中外交流活动",
                                      "提升国际经贸信息平台综合功能", "为长三角企业“走出去”提供支持"},
    # 将统一长三角地区医保支付范围 ... 争取社区(乡镇)卫生服务中心以上的医院全部实现跨省异地直接结算
    "project/medical-insurance-settlement": {"统一长三角地区医保支付范围",
                                             "争取社区（乡镇）卫生服务中心以上的医院全部实现跨省异地直接结算"},
    # 联动禁止涉食品安全严重失信人员从事食品行业,推动重点品种追溯信息贯通
    "project/food-safety": {"联动禁止涉食品安全严重失信人员从事食品行业", "推动重点品种追溯信息贯通"},
    # 推进跨省“一件事”和“免申即享”创新服务
    "project/remote-virtual-window": {"推进跨省“一件事”和“免申即享”创新服务"},
    # 在任一适用政策口岸过境前往第三国(地区) ... 享受短期商贸洽谈、文化交流、观光旅游、探亲访友等便利
    "doc/visa-free-transit-144h": {"符合条件的外国人可在任一适用政策口岸过境前往第三国（地区）",
                                   "享受短期商贸洽谈、文化交流、观光旅游、探亲访友等便利"},
    # 其中第二条明确提出进一步发挥浙江的区位优势,主动接轨上海、积极参与长江三角洲地区合作与交流
    "doc/eight-eight-strategy": {
        "第二条：进一步发挥浙江的区位优势，主动接轨上海、积极参与长江三角洲地区合作与交流"},
}


@pytest.mark.parametrize("node, expected", sorted(PROVISIONS.items()), ids=sorted(PROVISIONS))
def test_provisions(graph, node, expected):
    assert provisions(graph, node) == expected
    for p in graph.objects(ID[node], YRD.hasProvision):
        assert quoted(graph, p), p


def test_the_initiative_has_three_points(graph):
    # 一、做民营经济信心的提振者。 二、做优良营商环境的共建者。 三、做民营经济发展的推动者。
    points = {p for p in provisions(graph, "doc/private-economy-initiative-2024")
              if p[:2] in ("一、", "二、", "三、")}
    assert points == {"一、做民营经济信心的提振者", "二、做优良营商环境的共建者",
                      "三、做民营经济发展的推动者"}


def test_strategies_and_who_drew_them_up(graph):
    # 2003年,时任浙江省委书记习近平同志亲自擘画实施“八八战略”
    xi = ID["person/xi-jinping"]
    assert graph.value(ID["doc/eight-eight-strategy"], YRD.initiatedBy) == xi
    assert graph.value(ID["doc/eight-eight-strategy"], YRD.appliesTo) == ID["div/330000"]
    # 亲自谋划、亲自部署、亲自推动长三角一体化发展上升为国家战略
    strategy = ID["doc/yrd-integration-national-strategy"]
    assert graph.value(strategy, YRD.initiatedBy) == xi
    assert graph.value(strategy, YRD.appliesTo) == ID["region/yrd"]
    # 2005年,在习近平同志积极谋划推动下,第一次沪苏浙三省市主要领导座谈会杭州举行
    assert graph.value(ID["event/first-hsz-leaders-symposium-2005"], YRD.initiatedBy) == xi


def test_the_first_symposium_was_of_shanghai_jiangsu_and_zhejiang_without_anhui(graph):
    # 第一次沪苏浙三省市主要领导座谈会
    (party,) = {graph.value(i, YRD.agent) for i in graph.subjects(YRD.cooperation,
                                                                  ID["event/first-hsz-leaders-symposium-2005"])}
    assert covers(graph, str(party)[len(str(ID)):]) == {"310000", "320000", "330000"}


def test_the_2023_symposium_was_chaired_by_xi_who_spoke_there(graph):
    # 习近平总书记主持召开深入推动长三角一体化发展座谈会;
    # 习近平总书记在深入推进长三角一体化发展座谈会上重要讲话
    event = "event/deepening-yrd-symposium-2023"
    assert agents(graph, event, YRD.ChairRole) == agents(graph, event, YRD.SpeakerRole) == {"习近平"}


def test_the_opinions_are_a_policy_document_with_issuers_not_a_cooperation(graph):
    # 围绕中共中央、国务院关于促进民营经济发展壮大的意见
    doc = ID["doc/cpc-state-council-private-economy-opinions"]
    assert (doc, RDF.type, YRD.Policy) in graph and (doc, RDF.type, YRD.Cooperation) not in graph
    assert not set(graph.subjects(YRD.cooperation, doc))
    assert set(graph.objects(doc, YRD.issuedBy)) == {ID["org/cpc-central-committee"], ID["org/state-council"]}
    # 新闻行动 ... 接下来,三省一市党媒客户端将强强联动,围绕中共中央、国务院关于促进民营经济发展壮大的意见
    assert graph.value(ID["project/private-economy-news-action-2024"], YRD.centredOn) == doc


def test_what_the_zhejiang_departments_spoke_about_is_marked_inferred(graph):
    # “跨区域整合高端创新资源...”浙江省科技厅相关负责人表示; “我们将共同推动...”浙江省市场监管局相关负责人表示
    for org, topic in (("org/zj-science-tech-dept", "batch/first-innovation-consortia"),
                       ("org/zj-market-regulation", "agreement/market-regulation-pilot-zone")):
        assert graph.value(ID[org], YRD.spokeAbout) == ID[topic]
        assert inferred(graph, statement(graph, org, YRD.spokeAbout, ID[topic]))
    # 三省一市科技部门将以重大科技攻关任务为牵引,推动创新主体开展产业链关键核心技术联合攻关
    assert agents(graph, "project/key-technology-joint-research", YRD.ResponsibleRole) == {"三省一市科技部门"}


def test_dates_only_labels_gave(graph):
    # 2024年度长三角地区主要领导座谈会、...等一系列重要活动
    symposium = ID["event/yrd-leaders-symposium-2024"]
    assert str(graph.value(symposium, YRD.year)) == "2024"
    assert graph.value(symposium, YRD.subEventOf) == ID["event/yrd-wenzhou-2024"]
    # 6月6日下午,由浙江省委宣传部...
    meeting = ID["event/media-alliance-6th-annual-meeting"]
    assert set(graph.objects(meeting, YRD.partOfDay)) == {Literal("下午", lang="zh"),
                                                          Literal("afternoon", lang="en")}


def test_the_round_table_follows_the_annual_meeting(graph):
    # 随后,来自长三角三省一市的新全媒联合体成员单位还围绕...开展座谈交流
    table, meeting = ID["event/media-alliance-roundtable-2024"], ID["event/media-alliance-6th-annual-meeting"]
    assert graph.value(table, YRD.follows) == meeting
    assert graph.value(table, YRD.subEventOf) is None
    assert agents(graph, "event/media-alliance-roundtable-2024", YRD.ParticipantRole) == {
        "长三角新全媒联合体成员单位"}


def test_authorship_per_part(graph):
    # 本报记者 胡静漪 郑亚丽 周琳子 under the title; 本报讯 (潮新闻记者 黄云灵 汪江军) in the two pieces
    from rdflib.namespace import DCTERMS

    parts = {str(graph.value(p, DCTERMS.title)): {zh(graph, a) for a in graph.objects(p, DCTERMS.creator)}
             for p in graph.subjects(RDF.type, YRD.SourcePart)}
    byline, chao = {"胡静漪", "郑亚丽", "周琳子"}, {"黄云灵", "汪江军"}
    assert parts["生活更便捷"] == parts["市场更统一"] == byline
    assert parts["长三角新全媒联合体第六届年会在温州举行 凝聚新媒体力量 赋能民营经济创新发展"] == chao
    assert parts["长三角新全媒联合体发出倡议书"] == chao
    assert {zh(graph, a) for a in graph.objects(SRC, DCTERMS.creator)} == byline | chao
    quote = next(q for q in graph.subjects(YRD.text, Literal("潮新闻记者黄云灵汪江军", lang="zh")))
    part = graph.value(quote, DCTERMS.isPartOf)
    assert str(graph.value(part, DCTERMS.title)).startswith("长三角新全媒联合体第六届年会")


INFERRED = [
    # 其中,浙江单位牵头的联合体共有3个: then three consortia, none said to be in the batch
    ("consortium/ultra-clean-stainless-steel", YRD.inBatch, "batch/first-innovation-consortia"),
    ("consortium/lung-cancer-drugs", YRD.inBatch, "batch/first-innovation-consortia"),
    ("consortium/nuclear-industry-robots", YRD.inBatch, "batch/first-innovation-consortia"),
    # 西湖实验室: counted among the Zhejiang lead units, no place given
    ("org/westlake-lab", YRD.basedIn, "div/330000"),
    # 在项目签约环节,12家单位签署...: the forum is not named in the sentence
    ("agreement/ai-plus-scenarios", YRD.signedAt, "event/6th-yrd-forum"),
    # 现场,一系列...重大项目“牵手”成功
    ("agreement/market-regulation-pilot-zone", YRD.signedAt, "event/6th-yrd-forum"),
    ("agreement/power-mutual-aid", YRD.signedAt, "event/6th-yrd-forum"),
    ("agreement/finance-action-plan", YRD.signedAt, "event/6th-yrd-forum"),
    ("agreement/talent-framework", YRD.signedAt, "event/6th-yrd-forum"),
    # 生活在长三角...: the remote window among the examples of practical projects
    ("project/remote-virtual-window", YRD.inBatch, "batch/practical-projects-2024"),
    # “2024...新闻行动”也同步启动: at the same time as the initiative, at the meeting
    ("project/private-economy-news-action-2024", YRD.releasedAt, "event/media-alliance-6th-annual-meeting"),
]


@pytest.mark.parametrize("s, p, o", INFERRED, ids=[f"{s} {o}" for s, _, o in INFERRED])
def test_facts_no_sentence_states_are_marked_inferred_with_a_reason(graph, s, p, o):
    st = statement(graph, s, p, ID[o])
    assert inferred(graph, st)
    assert any(n.language == "en" for n in graph.objects(st, YRD.inferenceNote))


def test_the_curated_graph_marks_exactly_these_inferences(graph):
    # the article's facts (the Outline's inferences are pinned in tests/test_curated_outline.py)
    marked = {n for n in graph.subjects(YRD.inferred, Literal(True))
              if any((q, PROV.wasQuotedFrom, SRC) in graph for q in graph.objects(n, YRD.evidence))}
    assert {statement(graph, s, p, ID[o]) for s, p, o in INFERRED} <= marked
    # and: the leaders of 长三角地区 cover the four divisions (4 statements), the remarks of the two
    # Zhejiang departments (2), the post of 总书记 (1), the mission of November 2023 (1)
    assert len(marked) == len(INFERRED) + 8


def _names(g, node) -> list[str]:
    out = [squeeze(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, YRD.code)
           for o in g.objects(node, p)]
    return [n for n in out if n]


def _sides(g, fact):
    if (fact, RDF.type, RDF.Statement) in g:
        return g.value(fact, RDF.subject), g.value(fact, RDF.object)
    if g.value(fact, YRD.agent) is not None:
        return g.value(fact, YRD.agent), g.value(fact, YRD.cooperation)
    if g.value(fact, YRD.postHolder) is not None:
        return g.value(fact, YRD.postHolder), g.value(fact, YRD.postIn)
    owner = g.value(fact, YRD.targetOf) or g.value(fact, YRD.about) or g.value(None, YRD.hasProvision, fact)
    return owner, g.value(fact, YRD.appliesTo)  # a target's object: the area it applies to


def test_every_fact_not_marked_inferred_names_both_sides_in_its_quotes(graph):
    """The grounding rule, checked again on the built graph (the loader enforces it)."""
    facts = set()
    for cls in (RDF.Statement, YRD.Involvement, YRD.Membership, YRD.Post, YRD.Target, YRD.Statistic,
                YRD.Provision):
        facts |= set(graph.subjects(RDF.type, cls))
    assert len(facts) > 350
    for fact in facts:
        if inferred(graph, fact):
            continue
        texts = [squeeze(str(graph.value(q, YRD.text))) for q in graph.objects(fact, YRD.evidence)]
        # a quote from a document's own text (the Outline's) names that document
        speakers = {graph.value(graph.value(q, PROV.wasQuotedFrom), YRD.textOf)
                    for q in graph.objects(fact, YRD.evidence)}
        for side in _sides(graph, fact):
            if isinstance(side, rdflib.URIRef) and str(side).startswith(str(ID)) and side not in speakers:
                assert any(n in t for n in _names(graph, side) for t in texts), (fact, side, texts)
