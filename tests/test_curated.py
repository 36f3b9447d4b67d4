"""The curated graph against the article, by hand-written expectations.

Each expectation below was read off kg/data/sources/000_9c34a97e38f5307b.txt (the
Zhejiang Daily report of June 2024); the passage is quoted beside it. The second
half checks that the graph says nothing the article does not.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import rdflib
from rdflib import RDF, SKOS, Literal

from kg.ontology import ID, ORG, PROV, YRD
from kg.paths import REPO

# rdflib.XSD is not imported by name: pytest's collector probes module attributes,
# and the closed XSD namespace warns on every unknown one.
DATE, COUNT, DECIMAL = rdflib.XSD.date, rdflib.XSD.nonNegativeInteger, rdflib.XSD.decimal


ARTICLE = REPO / "kg/data/sources/000_9c34a97e38f5307b.txt"
DIVISIONS = REPO / "kg/data/reference/yrd-divisions.csv"
# the Outline and the county table: their facts are pinned in tests/test_curated_outline.py
OTHER_SOURCES = (REPO / "kg/data/sources/yrd-outline-2019.md",
                 REPO / "kg/data/reference/yrd-demo-zone-counties.csv")
SRC = ID["src/zjrb-2024-06-yrd-forum"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def zh(g, node) -> str:
    (label,) = (str(lit) for lit in g.objects(node, SKOS.prefLabel) if lit.language == "zh")
    return label


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


def test_lead_list_is_not_empty():
    assert len(LEADS) == 3


@pytest.mark.parametrize("consortium, lead", LEADS, ids=[c for c, _ in LEADS])
def test_who_leads_each_named_consortium(graph, consortium, lead):
    node = ID[consortium]
    assert [zh(graph, o) for o in graph.objects(node, YRD.ledBy)] == [lead]
    assert agents(graph, consortium, YRD.LeadRole) == {lead}
    (led,) = graph.objects(node, YRD.ledBy)
    assert (node, ORG.hasMember, led) in graph
    assert (node, YRD.inBatch, ID["batch/first-innovation-consortia"]) in graph


def test_sjtu_is_a_member_of_the_stainless_steel_consortium(graph):
    # 成员单位有来自沪苏浙的高新企业,也有上海交通大学等高校
    assert agents(graph, "consortium/ultra-clean-stainless-steel", YRD.MemberRole) == {"上海交通大学"}
    assert (ID["consortium/ultra-clean-stainless-steel"], ORG.hasMember, ID["org/sjtu"]) in graph


def test_the_article_calls_the_robot_consortium_an_association_once(graph):
    node = ID["consortium/nuclear-industry-robots"]
    assert Literal("长三角核工业机器人创新联合会", lang="zh") in set(graph.objects(node, SKOS.altLabel))
    assert any("联合会" in str(n) for n in graph.objects(node, SKOS.editorialNote))


def test_first_batch_declares_12_and_names_3(graph):
    # 12个联合体涉及领域广阔 ... 其中,浙江单位牵头的联合体共有3个
    batch = ID["batch/first-innovation-consortia"]
    assert graph.value(batch, YRD.declaredCount) == Literal(12, datatype=COUNT)
    assert quoted(graph, batch, YRD.declaredCount, Literal(12, datatype=COUNT)) == \
        ["12个联合体涉及领域广阔"]
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


def test_belt_and_road_association_has_17_founders_none_named(graph):
    # 沪苏浙皖17家单位还共同发起成立了长三角“一带一路”高质量发展促进会
    node = ID["org/yrd-belt-road-association"]
    assert graph.value(node, YRD.declaredFounderCount) == Literal(17, datatype=COUNT)
    assert not set(graph.subjects(YRD.cooperation, node))


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


def test_lung_cancer_consortium_names_no_member_but_its_lead(graph):
    # 集聚杭州企业、南京高校和上海三甲医院的资源: none of them named
    node = ID["consortium/lung-cancer-drugs"]
    assert set(graph.objects(node, ORG.hasMember)) == {ID["org/westlake-lab"]}
    assert graph.value(node, YRD.sector) is None


def test_robot_consortium_names_no_member_but_its_lead(graph):
    node = ID["consortium/nuclear-industry-robots"]
    assert set(graph.objects(node, ORG.hasMember)) == {ID["org/jingye"]}


def test_agreements_without_stated_parties_have_none(graph):
    for a in graph.subjects(YRD.partiesUnstated, Literal(True)):
        assert not any((i, YRD.role, YRD.SignatoryRole) in graph for i in graph.subjects(YRD.cooperation, a))


def test_no_date_where_the_article_gives_none(graph):
    # the round-table followed (随后) the annual meeting; no date or place of its own
    node = ID["event/media-alliance-roundtable-2024"]
    for p in (YRD.startDate, YRD.endDate, YRD.year, YRD.yearMonth, YRD.place):
        assert graph.value(node, p) is None
