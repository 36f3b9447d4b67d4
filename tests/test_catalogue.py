"""kg.catalogue and queries/: headers, parameters, and the pinned competency answers.

Expected answers were written by hand from the article
(kg/data/sources/000_9c34a97e38f5307b.txt) and kg/data/*.yaml, not copied from output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef

from kg.catalogue import bind, bindings, catalogue, find, load_query
from kg.errors import InputError
from kg.ontology import ID, YRD
from kg.paths import queries_dir
from kg.sparql import Result, result_set, run
from kg.store import converter

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
CATALOGUE = catalogue()
NAMES = [q.name for q in CATALOGUE]


# -- the catalogue -----------------------------------------------------------------
def test_catalogue_has_enough_queries_with_headers():
    assert len(CATALOGUE) >= 20
    for q in CATALOGUE:
        assert q.title_zh and q.title_en and q.question, q.name
        assert re.search(r"[\u4e00-\u9fff]", q.title_zh), q.name


def test_every_competency_question_has_a_query():
    covered = {c for q in CATALOGUE for c in q.competency}
    assert covered >= set(range(1, 19))


def test_checks_are_named_violation():
    checks = [q for q in CATALOGUE if q.is_violation]
    assert len(checks) >= 5
    assert all(q.name.endswith("-violation") for q in checks)


def test_the_docs_list_every_query():
    readme = (REPO / "docs" / "queries.md").read_text(encoding="utf-8")
    missing = [n for n in NAMES if n not in readme]
    assert not missing, missing


# -- competency questions ------------------------------------------------------------
def test_cq1_consortium_leads_and_members(graph, rows):
    got = {(r["consortium"], r["role"], r["unit"], r["province"])
           for r in rows(graph, "consortium-leads-members")}
    steel, lung, robots = ("consortium/ultra-clean-stainless-steel", "consortium/lung-cancer-drugs",
                           "consortium/nuclear-industry-robots")
    member = "yrd:MemberRole"
    assert got == {
        (steel, "yrd:LeadRole", "org/jiuli", "div/330000"),
        (steel, member, "org/sjtu", "div/310000"),
        # 成员单位有来自沪苏浙的高新企业: a collective actor, one row per province it covers
        (steel, member, "org/hsz-high-tech-enterprises", "div/310000"),
        (steel, member, "org/hsz-high-tech-enterprises", "div/320000"),
        (steel, member, "org/hsz-high-tech-enterprises", "div/330000"),
        (lung, "yrd:LeadRole", "org/westlake-lab", "div/330000"),
        # 集聚杭州企业、南京高校和上海三甲医院的资源
        (lung, member, "org/hangzhou-enterprises", "div/330000"),
        (lung, member, "org/nanjing-universities", "div/320000"),
        (lung, member, "org/shanghai-top-hospitals", "div/310000"),
        (robots, "yrd:LeadRole", "org/jingye", "div/330000"),
        # 沪宁杭科研院所和高校
        (robots, member, "org/hnh-research-institutes-universities", "div/310000"),
        (robots, member, "org/hnh-research-institutes-universities", "div/320000"),
        (robots, member, "org/hnh-research-institutes-universities", "div/330000"),
    }


def test_cq2_consortia_led_from_zhejiang_by_default(graph, rows):
    got = {(r["consortium"], r["lead"], r["basedIn"]) for r in rows(graph, "consortia-led-from-province")}
    # 其中,浙江单位牵头的联合体共有3个; 景业智能 is based in Hangzhou, a city of Zhejiang.
    assert got == {("consortium/ultra-clean-stainless-steel", "org/jiuli", "div/330000"),
                   ("consortium/lung-cancer-drugs", "org/westlake-lab", "div/330000"),
                   ("consortium/nuclear-industry-robots", "org/jingye", "div/330100")}


@pytest.mark.parametrize("province", ["id:div/310000", "id:div/320000", "id:div/340000"])
def test_cq2_no_consortium_led_from_other_provinces(graph, rows, province):
    # SJTU (Shanghai) is a member, not a lead.
    assert rows(graph, "consortia-led-from-province", province=province) == []


def test_cq3_signatories_place_and_date(graph, rows):
    got = rows(graph, "agreement-signatories")
    ai = {r["signatory"] for r in got if r["agreement"] == "agreement/ai-plus-scenarios"}
    assert ai == {"org/yrd-informatization-associations", "org/hangzhou-iron-steel", "org/kangni",
                  "org/royalstar", "org/chint", "org/iflytek", "org/hikvision"}
    one = {r["agreement"]: r["signatory"] for r in got if r["agreement"] != "agreement/ai-plus-scenarios"}
    assert one == {"agreement/basic-research": None, "agreement/market-regulation-pilot-zone": None,
                   "agreement/rail-transit-operator": None,
                   "agreement/power-mutual-aid": "org/yrd-energy-depts",
                   "agreement/finance-action-plan": "org/yrd-finance-offices",
                   "agreement/talent-framework": "org/yrd-organisation-hr-depts"}
    when = {r["agreement"]: (r["signedAt"], r["place"], r["date"]) for r in got}
    assert when["agreement/ai-plus-scenarios"] == ("event/6th-yrd-forum", "div/330300", "2024-06-06")
    assert when["agreement/rail-transit-operator"] == ("event/yrd-wenzhou-2024", "div/330300", "2024-06-05")
    assert when["agreement/basic-research"] == (None, None, None)


def test_cq3_declared_versus_named_parties(graph, rows):
    got = {r["agreement"]: (r["declared"], r["named"], r["partiesUnstated"])
           for r in rows(graph, "agreement-party-counts")}
    assert got == {
        # 12家单位签署: the four associations (one collective actor) and six enterprises are named
        "agreement/ai-plus-scenarios": ("12", "7", None),
        "agreement/basic-research": (None, "0", "true"),
        "agreement/market-regulation-pilot-zone": (None, "0", "true"),
        "agreement/rail-transit-operator": (None, "0", "true"),
        "agreement/power-mutual-aid": (None, "1", None),
        "agreement/finance-action-plan": (None, "1", None),
        "agreement/talent-framework": (None, "1", None),
    }


def test_cq4_project_targets(graph, rows):
    got = {(r["project"], r["comparator"], r["value"], r["unit"], r["year"], r["responsible"])
           for r in rows(graph, "project-targets")}
    energy, market = "org/yrd-energy-depts", "org/yrd-market-regulators"
    # values in canonical xsd:decimal form, as the Turtle export writes them
    assert got == {
        ("project/charging-network", "yrd:MoreThan", "70000.0", "yrd:PieceUnit", "2024", energy),  # 超7万个
        ("project/charging-network", "yrd:AtMost", "1.9", "yrd:RatioUnit", "2024", energy),  # 1.9之内
        ("project/charging-network", "yrd:AtLeast", "600000.0", "yrd:PieceUnit", "2024", energy),  # 60万个
        ("project/food-safety", "yrd:AtLeast", "99.0", "yrd:PercentUnit", "2024", market),  # 99%以上
        ("project/medical-insurance-settlement", "yrd:AtLeast", "8.0", "yrd:PieceUnit", "2024", None),
        ("project/remote-virtual-window", "yrd:AtLeast", "200.0", "yrd:PieceUnit", "2024", None),
        ("project/remote-virtual-window", "yrd:AtLeast", "200.0", "yrd:ItemUnit", "2024", None),
        ("project/remote-virtual-window", "yrd:Exactly", "41.0", "yrd:PieceUnit", "2024", None),
    }


def test_cq5_events_in_wenzhou_2024_in_date_order(graph, rows):
    got = rows(graph, "events-in-city")
    order = list(dict.fromkeys(r["event"] for r in got))
    assert order == ["event/yrd-leaders-symposium-2024", "event/yrd-wenzhou-2024", "event/6th-yrd-forum",
                     "event/media-alliance-6th-annual-meeting"]
    meeting = {(r["agent"], r["role"]) for r in got
               if r["event"] == "event/media-alliance-6th-annual-meeting"}
    # 由浙江省委宣传部、浙江省发展和改革委员会指导,浙江日报报业集团主办,潮新闻、温州市委宣传部承办
    assert meeting == {("org/zj-publicity-dept", "yrd:GuideRole"), ("org/zj-drc", "yrd:GuideRole"),
                       ("org/zjdaily-press-group", "yrd:HostRole"), ("org/chao-news", "yrd:OrganiserRole"),
                       ("org/wz-publicity-dept", "yrd:OrganiserRole"),
                       ("org/yrd-media-alliance", "yrd:ParticipantRole"),
                       ("person/wu-jianming", "yrd:ParticipantRole")}
    forum = {(r["agent"], r["role"]) for r in got if r["event"] == "event/6th-yrd-forum"}
    # 高层论坛上,中国国际经济交流中心副理事长王一鸣表示; 高层论坛上,三省一市相关合作单位发布一批实事项目
    assert forum == {("person/wang-yiming", "yrd:SpeakerRole"),
                     ("org/yrd-cooperation-units", "yrd:ParticipantRole")}


def test_cq5_period_and_city_parameters(graph, rows):
    assert rows(graph, "events-in-city", **{"from": "2024-06-07"}) == []
    hangzhou = rows(graph, "events-in-city", city="id:div/330100",
                    **{"from": "2005-01-01", "to": "2005-12-31"})
    assert [r["event"] for r in hangzhou] == ["event/first-hsz-leaders-symposium-2005"]  # 2005年…杭州举行


MATRIX = {  # (p1, p2): (agreements, consortia, events, arrangements)
    ("310000", "310000"): (4, 5, 4, 1), ("310000", "320000"): (4, 5, 4, 0),
    ("310000", "330000"): (4, 5, 4, 0), ("310000", "340000"): (4, 2, 3, 1),
    ("320000", "320000"): (4, 5, 4, 1), ("320000", "330000"): (4, 5, 4, 0),
    ("320000", "340000"): (4, 2, 3, 1), ("330000", "330000"): (4, 5, 5, 1),
    ("330000", "340000"): (4, 2, 3, 1), ("340000", "340000"): (4, 2, 3, 3),
}


def test_cq6_province_cooperation_matrix(graph, rows):
    # Agreements: every agreement with named signatories involves a collective actor of all four.
    # Consortia (collaborations): the three consortia reach Shanghai, Jiangsu and Zhejiang through
    # their members named as groups (沪苏浙的高新企业; 杭州企业、南京高校和上海三甲医院;
    # 沪宁杭科研院所和高校);
    # the alliance (members of 三省一市) and the association (沪苏浙皖17家单位) reach all four.
    # Events: the forum (三省一市相关合作单位), the 2024 symposium (长三角地区主要领导) and the round-table
    # (三省一市 member units) reach all four; the 2005 symposium only 沪苏浙; the annual meeting Zhejiang.
    # Arrangements: 浙皖、沪皖、苏皖 swap power pairwise, so Anhui is in all three.
    got = {(r["p1"][4:], r["p2"][4:]): (int(r["agreements"]), int(r["consortia"]), int(r["events"]),
                                        int(r["arrangements"]))
           for r in rows(graph, "province-cooperation-matrix")}
    assert got == MATRIX


def test_cq6_matrix_equals_the_analytics_province_matrix(graph):
    from kg.analytics import province_matrix

    columns = ("agreements", "consortia", "events", "arrangements")
    got = {(str(r["p1"])[-6:], str(r["p2"])[-6:]): tuple(r[c] for c in columns)
           for r in province_matrix(graph)}
    assert got == MATRIX


def test_cq7_organisations_in_several_cooperations(graph, rows):
    got = {r["org"]: (r["cooperations"], r["agreements"], r["consortia"], r["events"], r["projects"],
                      r["documents"]) for r in rows(graph, "multi-cooperation-organisations")}
    # the alliance: its annual meeting and the initiative (the round-table is of its member units);
    # its member units: the alliance and the round-table; the energy departments: the power
    # agreement and the charging network
    assert got == {"org/yrd-media-alliance": ("2", "0", "0", "1", "0", "1"),
                   "org/yrd-media-alliance-members": ("2", "0", "1", "1", "0", "0"),
                   "org/yrd-energy-depts": ("2", "1", "0", "0", "1", "0")}


@pytest.mark.parametrize("key", ["久立特材", "浙江久立特材科技股份有限公司", "org/jiuli", "id:org/jiuli",
                                 "https://w3id.org/yrd-kg/id/org/jiuli"])
def test_cq8_entity_facts_by_label_or_identifier(graph, rows, key):
    got = {(r["direction"], r["property"], r["value"]) for r in rows(graph, "entity-facts", key=key)}
    assert got == {("mention", "yrd:evidence", "浙江久立特材科技股份有限公司"),
                   ("out", "yrd:LeadRole", "consortium/ultra-clean-stainless-steel"),
                   ("out", "yrd:basedIn", "div/330000")}
    quotes = {r["quote"] for r in rows(graph, "entity-facts", key=key)}
    assert "其中,浙江单位牵头的联合体共有3个" in quotes


def test_cq8_entity_facts_of_a_person_and_a_place(graph, rows):
    xi = {(r["direction"], r["property"], r["value"]) for r in rows(graph, "entity-facts", key="Xi Jinping")}
    assert xi == {("mention", "yrd:evidence", "习近平"),
                  ("out", "yrd:ChairRole", "event/deepening-yrd-symposium-2023"),
                  ("out", "yrd:SpeakerRole", "event/deepening-yrd-symposium-2023"),
                  ("out", "yrd:postIn", "org/cpc-central-committee"),
                  ("out", "yrd:postIn", "org/zj-party-committee"),
                  # 亲自擘画实施“八八战略”; 在习近平同志积极谋划推动下,第一次...座谈会;
                  # 亲自推动...上升为国家战略
                  ("in", "yrd:initiatedBy", "doc/eight-eight-strategy"),
                  ("in", "yrd:initiatedBy", "event/first-hsz-leaders-symposium-2005"),
                  ("in", "yrd:initiatedBy", "doc/yrd-integration-national-strategy"),
                  # the Outline: 习近平总书记在首届中国国际进口博览会上宣布，
                  # 支持长江三角洲区域一体化发展并上升为国家战略
                  ("out", "yrd:SpeakerRole", "event/first-ciie-2018"),
                  ("out", "yrd:spokeAbout", "doc/yrd-integration-national-strategy")}
    inferred = {(r["property"], r["value"]) for r in rows(graph, "entity-facts", key="Xi Jinping")
                if r["inferred"]}
    assert inferred == {("yrd:postIn", "org/cpc-central-committee")}  # 总书记: the Committee is not named
    wenzhou = {(r["property"], r["value"]) for r in rows(graph, "entity-facts", key="温州市")
               if r["direction"] == "in"}
    assert wenzhou == {("yrd:basedIn", "org/wz-publicity-dept"), ("yrd:place", "event/6th-yrd-forum"),
                       ("yrd:place", "event/media-alliance-6th-annual-meeting"),
                       ("yrd:place", "event/yrd-leaders-symposium-2024"),
                       ("yrd:place", "event/yrd-wenzhou-2024"),
                       # the Outline: 以上海市，...浙江省杭州、宁波、温州...27个城市为中心区
                       ("yrd:includesPlace", "area/yrd-central-area"),
                       # chapter 5: 温武吉铁路、...、甬台温福; 加快上海、江苏如东、浙江温州LNG接收站扩建
                       ("yrd:connects", "infra/wenzhou-wuyishan-jian-railway"),
                       ("yrd:connects", "infra/ningbo-taizhou-wenzhou-fuzhou-railway"),
                       ("yrd:locatedIn", "infra/wenzhou-lng-terminal")}
    assert rows(graph, "entity-facts", key="no such entity") == []


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_cq9_facts_from_the_article(graph, rows):
    got = rows(graph, "source-facts")
    facts = {r["fact"] for r in got}
    assert len(facts) == 414  # the same count as `yrdkg stats`
    article = _squash((REPO / "kg/data/sources/000_9c34a97e38f5307b.txt").read_text(encoding="utf-8"))
    assert all(_squash(r["quote"]) in article for r in got)
    assert {"subject": "org/jiuli", "predicate": "yrd:LeadRole",
            "object": "consortium/ultra-clean-stainless-steel"}.items() <= \
        next(r for r in got if r["subject"] == "org/jiuli" and r["predicate"] == "yrd:LeadRole").items()
    offsets = [int(r["offset"]) for r in got]
    assert offsets == sorted(offsets)


def test_cq9_leaves_inferred_facts_out_on_request(graph, rows):
    everything = rows(graph, "source-facts")
    stated = rows(graph, "source-facts", withInferred="false")
    inferred = {r["fact"] for r in everything if r["inferred"]}
    assert len(inferred) == 19  # as inferred-facts lists
    assert {r["fact"] for r in stated} == {r["fact"] for r in everything} - inferred
    provisions = {r["fact"] for r in everything if r["predicate"] == "yrd:hasProvision"}
    assert len(provisions) == 53


def test_cq9_facts_from_the_division_table(graph, rows):
    got = rows(graph, "source-facts", source="id:src/yrd-divisions")
    assert len({r["fact"] for r in got}) == 131
    assert {r["subject"] for r in got if r["predicate"] == "yrd:locatedIn"} >= {"div/330300", "div/340100"}


def test_cq10_cities_in_cooperation(graph, rows):
    got = {(r["province"], r["city"], r["how"]) for r in rows(graph, "cities-in-cooperation")}
    assert got == {("div/310000", "div/310100", "participant"),  # 上海交通大学
                   ("div/320000", "div/320100", "participant"),  # 南京康尼机电
                   ("div/330000", "div/330100", "participant"),  # 杭州景业智能
                   ("div/330000", "div/330100", "place"),  # 2005 symposium in Hangzhou
                   ("div/330000", "div/330300", "participant"),  # 温州市委宣传部
                   ("div/330000", "div/330300", "place"),  # the 2024 events in Wenzhou
                   ("div/340000", "div/340100", "participant")}  # 合肥荣事达
    coverage = {r["province"]: (int(r["cities"]), int(r["citiesInCooperation"]))
                for r in rows(graph, "city-coverage-per-province")}
    assert coverage == {"div/310000": (1, 1), "div/320000": (13, 1), "div/330000": (11, 2),
                        "div/340000": (16, 1)}
    assert sum(c for c, _ in coverage.values()) == 41


def test_cq11_posts(graph, rows):
    got = {(r["person"], r["titleZh"], r["organisation"], r["year"]) for r in rows(graph, "posts")}
    assert got == {
        ("person/wang-yiming", "副理事长", "org/cciee", None),
        ("person/wu-jianming", "总裁", "org/wanyang", None),
        ("person/xi-jinping", "总书记", "org/cpc-central-committee", None),
        ("person/xi-jinping", "书记", "org/zj-party-committee", "2003"),
        ("person/hu-jingyi", "记者", "org/zhejiang-daily", None),
        ("person/zheng-yali", "记者", "org/zhejiang-daily", None),
        ("person/zhou-linzi", "记者", "org/zhejiang-daily", None),
        ("person/huang-yunling", "记者", "org/chao-news", None),
        ("person/wang-jiangjun", "记者", "org/chao-news", None),
    }


def test_cq12_timeline(graph, rows):
    got = rows(graph, "timeline")
    dated = [(r["date"], r["property"], r["subject"]) for r in got]
    assert dated[0] == ("2003", "yrd:year", "doc/eight-eight-strategy")
    assert dated[-1] == ("2035", "yrd:outlookYear", "doc/yrd-outline-2019")
    assert [d for d, _, _ in dated] == sorted(d for d, _, _ in dated)
    assert {("2005", "yrd:year", "event/first-hsz-leaders-symposium-2005"),
            ("2023-11", "yrd:yearMonth", "event/deepening-yrd-symposium-2023"),
            ("2024-06", "yrd:yearMonth", "src/zjrb-2024-06-yrd-forum"),
            ("2024-06-05", "yrd:startDate", "event/yrd-wenzhou-2024"),
            ("2024-06-06", "yrd:endDate", "event/yrd-wenzhou-2024"),
            ("2024-06-06", "yrd:startDate", "event/6th-yrd-forum"),
            ("2024-06-06", "yrd:startDate", "event/media-alliance-6th-annual-meeting"),
            ("2024", "yrd:periodStart", "doc/three-year-action-plan-2024-2026")} <= set(dated)
    targets = {(d, s) for d, p, s in dated if p == "yrd:year" and s.startswith("target/")}
    assert len({s for d, s in targets if d == "2024"}) == 8  # 8 targets of 2024
    # the Outline's 15 targets for 2025 (第四节　发展目标: 到2025年，...)
    assert len({s for d, s in targets if d == "2025"}) == 15
    # 2024年度长三角地区主要领导座谈会: the symposium's year
    assert ("2024", "yrd:year", "event/yrd-leaders-symposium-2024") in set(dated)
    # the Outline: 2018年11月5日 ... 首届中国国际进口博览会上宣布; 新华社北京12月1日电 (2019);
    # 规划期至2025年，展望到2035年
    outline = {("2018", "yrd:year", "event/first-ciie-2018"),
               ("2018-11-05", "yrd:releaseDate", "doc/yrd-integration-national-strategy"),
               ("2019-12", "yrd:yearMonth", "src/yrd-outline-2019"),
               ("2019-12-01", "yrd:releaseDate", "doc/yrd-outline-2019"),
               ("2025", "yrd:periodEnd", "doc/yrd-outline-2019"),
               ("2035", "yrd:outlookYear", "doc/yrd-outline-2019")}
    assert outline <= set(dated)
    assert len({(d, p, s) for d, p, s in dated}) == 23 + len(outline) + 15
    # rows per quote: 7 targets of 2024, the annual meeting's date and 13 of the Outline's
    # targets have two
    assert len(got) == 31 + len(outline) + 15 + 13
    assert all(r["quote"] for r in got if not r["subject"].startswith("src/"))


def test_cq13_sectors(graph, rows):
    got = {(r["sector"], r["status"], r["consortium"], r["otherCooperation"]) for r in rows(graph, "sectors")}
    assert got == {
        ("sector/integrated-circuits", "covered", "consortium/ultra-clean-stainless-steel", None),
        ("sector/artificial-intelligence", "no known consortium", None, "agreement/ai-plus-scenarios"),
        # 三省一市能源部门瞄准长三角新能源汽车出行,准备构建充换电基础设施“一张网”
        ("sector/new-energy-vehicles", "no known consortium", None, "project/charging-network"),
        ("sector/high-end-equipment", "no known consortium", None, None),
        ("sector/new-materials", "no known consortium", None, None),
        ("sector/quantum-communication", "no known consortium", None, None),
    }



def test_cq13_sectors_lists_each_cooperation_once(graph, rows):
    """A sector with consortia and other cooperations: one row each, not every pairing of the two."""
    g = Graph()
    for t in graph:
        g.add(t)
    ic = ID["sector/integrated-circuits"]
    consortium = ID["consortium/ultra-clean-stainless-steel"]
    agreement = ID["agreement/ai-plus-scenarios"]
    added = {"consortium": [ID[f"consortium/test-{i}"] for i in range(2)],
             "other": [ID[f"agreement/test-{i}"] for i in range(3)]}
    for kind, like in (("consortium", consortium), ("other", agreement)):
        for node in added[kind]:
            g.add((node, YRD.sector, ic))
            for p in (RDF.type, SKOS.prefLabel):
                for o in graph.objects(like, p):
                    g.add((node, p, o))
    got = [(r["consortium"], r["otherCooperation"], r["status"])
           for r in rows(g, "sectors") if r["sector"] == "sector/integrated-circuits"]
    assert sorted(got, key=str) == sorted(
        [(c, None, "covered") for c in ("consortium/ultra-clean-stainless-steel",
                                        "consortium/test-0", "consortium/test-1")]
        + [(None, a, "covered") for a in ("agreement/test-0", "agreement/test-1", "agreement/test-2")],
        key=str)

def test_cq14_provisions(graph, rows):
    got = {}
    for r in rows(graph, "provisions"):
        got.setdefault(r["entity"], set()).add(r["provisionZh"])
    # “加强基础研究合作框架协议”就是要在长三角开展基础研究专家信息共享、合作发起长三角基础研究学术论坛、
    # 探索建立长三角基础研究联合基金等,提升长三角原始创新能力,打造科技创新策源地
    assert got["agreement/basic-research"] == {
        "在长三角开展基础研究专家信息共享", "合作发起长三角基础研究学术论坛",
        "探索建立长三角基础研究联合基金", "提升长三角原始创新能力，打造科技创新策源地"}
    # 在能源领域,通过研究不同省份间用电高峰时段的差异,...接下来互济置换规模还将提升
    # ...接下来互济置换规模还将提升; 分别签署了...,为市场要素流通和共享搭建桥梁
    assert len(got["agreement/power-mutual-aid"]) == 3
    article = _squash((REPO / "kg/data/sources/000_9c34a97e38f5307b.txt").read_text(encoding="utf-8"))
    from_article = {}
    for r in rows(graph, "provisions"):
        if _squash(r["quote"]) in article:
            from_article.setdefault(r["entity"], set()).add(r["provisionZh"])
    assert sum(len(v) for v in from_article.values()) == 53 and len(from_article) == 20
    # and the Outline's (pinned in tests/test_curated_outline.py; chapters 4 and 5, 209 provisions
    # on 130 more entities, in tests/test_curated_outline_04_05.py; chapters 6-8, 205 provisions
    # (69, 59, 77) on 73 more entities: the rivers and lakes of chapter 5 already have provisions;
    # chapters 9 and 11, 40 and 37 provisions on 7 more entities (in tests/test_curated_outline_09_11.py;
    # Wenzhou has chapter 5's and Pudong Airport chapter 8's already)
    assert sum(len(v) for v in got.values()) == 53 + 171 + 209 + 205 + 40 + 37
    assert len(got) == 20 + 72 + 130 + 73 + 7
    inferred = {r["provisionZh"] for r in rows(graph, "provisions") if r["inferred"]}
    assert inferred == {
        "新使命：在深入推进长三角一体化发展中走在前列，更好发挥先行探路、引领示范、辐射带动作用",
        # chapter 5: 加快上海、江苏如东、浙江温州LNG接收站扩建，宁波舟山LNG接收站和江苏沿海输气管道、
        # 滨海LNG接收站及外输管道 (a terminal's name read off a list; a clause with no verb of its own)
        "加快扩建", "加快建设"}


def test_cq15_members_named_as_groups(graph, rows):
    got = {(r["collaboration"], r["role"][4:], r["group"], r["place"])
           for r in rows(graph, "collective-members")}
    steel, lung, robots = ("consortium/ultra-clean-stainless-steel", "consortium/lung-cancer-drugs",
                           "consortium/nuclear-industry-robots")
    four = ("div/310000", "div/320000", "div/330000", "div/340000")
    assert got == {
        # 来自沪苏浙的高新企业
        *((steel, "MemberRole", "org/hsz-high-tech-enterprises", d) for d in four[:3]),
        (lung, "MemberRole", "org/hangzhou-enterprises", "div/330100"),  # 杭州企业
        (lung, "MemberRole", "org/nanjing-universities", "div/320100"),  # 南京高校
        (lung, "MemberRole", "org/shanghai-top-hospitals", "div/310100"),  # 上海三甲医院
        *((robots, "MemberRole", "org/hnh-research-institutes-universities", d)  # 沪宁杭科研院所和高校
          for d in ("div/310100", "div/320100", "div/330100")),
        *(("org/yrd-media-alliance", "MemberRole", "org/yrd-media-alliance-members", d) for d in four),
        *(("org/yrd-belt-road-association", "FounderRole", "org/belt-road-founding-units", d) for d in four),
    }


def test_cq16_pairwise_arrangements(graph, rows):
    # 浙皖、沪皖、苏皖可以两两“互换”电力
    got = {}
    for r in rows(graph, "pairwise-arrangements"):
        assert r["agreement"] == "agreement/power-mutual-aid"
        got.setdefault(r["arrangement"], set()).add(r["division"])
    assert got == {"arrangement/power-swap-zhejiang-anhui": {"div/330000", "div/340000"},
                   "arrangement/power-swap-shanghai-anhui": {"div/310000", "div/340000"},
                   "arrangement/power-swap-jiangsu-anhui": {"div/320000", "div/340000"}}


def test_cq17_inferred_facts(graph, rows):
    got = {(r["subject"], r["predicate"], r["object"]) for r in rows(graph, "inferred-facts")}
    signed = {(f"agreement/{a}", "yrd:signedAt", "event/6th-yrd-forum")
              for a in ("ai-plus-scenarios", "market-regulation-pilot-zone", "power-mutual-aid",
                        "finance-action-plan", "talent-framework")}
    batch = {(f"consortium/{c}", "yrd:inBatch", "batch/first-innovation-consortia")
             for c in ("ultra-clean-stainless-steel", "lung-cancer-drugs", "nuclear-industry-robots")}
    leaders = {("org/yrd-principal-leaders", "yrd:coversDivision", f"div/3{c}0000") for c in "1234"}
    assert signed | batch | leaders <= got
    assert {("org/westlake-lab", "yrd:basedIn", "div/330000"),
            ("project/remote-virtual-window", "yrd:inBatch", "batch/practical-projects-2024"),
            ("person/xi-jinping", "yrd:Post", "org/cpc-central-committee")} <= got
    # and the Outline's 23: the five parts of 一极三区一高地, 17 memberships read off names and
    # abbreviations (南京都市圈, 苏锡常, 杭绍甬, 宁杭, 合芜蚌, 上海大都市圈), the Outline's basis
    # chapters 4 and 5 add 67: 59 places a line's name abbreviates (yrd:connects), 6 provisions and
    # 2 locations of LNG facilities and a waterway read off a list or a name; chapters 6-8 add 10:
    # 9 places read off the names of corridors, zones, a project and a tourist route, and the UAE
    # read off 中阿（联酋）产能合作示范园
    assert len(got) == 19 + 23 + 67 + 10
    assert all(r["reasonEn"] for r in rows(graph, "inferred-facts"))


def test_cq18_source_parts_and_their_authors(graph, rows):
    got = rows(graph, "source-parts")
    authors = {}
    for r in got:
        authors.setdefault(r["title"], set()).add(r["authorZh"])
    # 本报记者 胡静漪 郑亚丽 周琳子; 本报讯 (潮新闻记者 黄云灵 汪江军) twice
    byline, chao = {"胡静漪", "郑亚丽", "周琳子"}, {"黄云灵", "汪江军"}
    assert authors == {"首次发布实事项目清单、成立首批创新联合体…… 长三角合作“上新”": byline,
                       "生活更便捷": byline, "创新更强劲": byline, "市场更统一": byline,
                       "长三角新全媒联合体第六届年会在温州举行 凝聚新媒体力量 赋能民营经济创新发展": chao,
                       "赋能民营经济创新发展": chao, "长三角新全媒联合体发出倡议书": chao}
    within = {r["title"]: r["within"] for r in got}
    assert within["长三角新全媒联合体发出倡议书"] == "src/zjrb-2024-06-yrd-forum/part/6"
    facts = {r["title"]: int(r["facts"]) for r in got}
    chapter = "赋能民营经济创新发展"  # holds nothing but its one section
    assert facts[chapter] == 0 and all(n > 0 for t, n in facts.items() if t != chapter)


def test_documents_and_their_issuers(graph, rows):
    got = {(r["document"], r["issuer"]) for r in rows(graph, "documents") if r["issuer"]}
    assert got == {
        # 一是三省一市首次联合推出...清单; 三省一市相关合作单位发布一批实事项目
        ("batch/practical-projects-2024", "org/yrd-three-provinces-one-city"),
        ("batch/practical-projects-2024", "org/yrd-cooperation-units"),
        # 中共中央、国务院关于促进民营经济发展壮大的意见
        ("doc/cpc-state-council-private-economy-opinions", "org/cpc-central-committee"),
        ("doc/cpc-state-council-private-economy-opinions", "org/state-council"),
        # 长三角新全媒联合体发出倡议书
        ("doc/private-economy-initiative-2024", "org/yrd-media-alliance"),
        # the Outline: 中共中央、国务院印发了《长江三角洲区域一体化发展规划纲要》;
        # 党中央、国务院作出将长三角一体化发展上升为国家战略的重大决策
        ("doc/yrd-outline-2019", "org/cpc-central-committee"),
        ("doc/yrd-outline-2019", "org/state-council"),
        ("doc/yrd-integration-national-strategy", "org/cpc-central-committee"),
        ("doc/yrd-integration-national-strategy", "org/state-council"),
    }


def test_batches_declared_versus_known(graph, rows):
    got = {r["batch"]: (r["declared"], r["known"]) for r in rows(graph, "batches")}
    assert got == {"batch/first-innovation-consortia": ("12", "3"),
                   "batch/practical-projects-2024": ("10", "5"),
                   "batch/major-cooperation-items-2024": ("10", "1")}


def test_checks_return_no_rows_on_the_curated_graph(graph):
    for q in CATALOGUE:
        if q.is_violation:
            assert run(graph, q).rows == [], q.name


# -- parameters ----------------------------------------------------------------------
def test_parameter_types_are_declared():
    q = find("events-in-city")
    assert [(p.name, p.type, p.default) for p in q.params] == [
        ("city", "iri", "id:div/330300"), ("from", "xsd:date", "2024-01-01"),
        ("to", "xsd:date", "2024-12-31")]
    terms = bindings(q, {"city": "https://w3id.org/yrd-kg/id/div/320100"})
    assert terms == {"city": ID["div/320100"], "from": Literal("2024-01-01", datatype=XSD_DATE),
                     "to": Literal("2024-12-31", datatype=XSD_DATE)}


def test_unknown_parameter_is_a_clear_error():
    with pytest.raises(InputError, match="has no parameter 'provnce'; its parameters: province"):
        bindings(find("consortia-led-from-province"), {"provnce": "id:div/330000"})


@pytest.mark.parametrize("name,params,message", [
    ("events-in-city", {"from": "2024-13-01"}, "not a valid xsd:date"),
    ("events-in-city", {"city": "not an iri"}, "is not an IRI"),
    ("events-in-city", {"city": "nope:x"}, "does not declare"),
])
def test_bad_parameter_values(name, params, message):
    with pytest.raises(InputError, match=message):
        bindings(find(name), params)


def test_values_are_bound_not_spliced(graph, rows):
    """A value that would break out of a spliced query is just a string that matches nothing."""
    evil = '") } SELECT * WHERE { ?s ?p ?o } #'
    assert rows(graph, "entity-facts", key=evil) == []
    assert rows(graph, "search-labels", text=evil) == []


def test_language_tagged_parameter(tmp_path, graph):
    path = tmp_path / "by-label.rq"
    path.write_text("# title@en: By label\n# question: Which entity has this Chinese label?\n"
                    "# param: ?name literal@zh\n"
                    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                    "SELECT ?name ?e WHERE {\n  VALUES ?name { \"西湖实验室\"@zh }\n"
                    "  ?e skos:prefLabel ?name }\n", encoding="utf-8")
    q = load_query(path)
    assert [t for _, t in run(graph, q).rows] == [ID["org/westlake-lab"]]
    assert run(graph, q, {"name": "Westlake Laboratory"}).rows == []  # not @zh


# -- malformed queries -------------------------------------------------------------------
def test_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# title@en: Bad\nSELECT ?x WHERE {\n  ?x ?y\n}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_query(path)
    assert err.value.line is not None
    assert re.search(r"line \d+, column \d+", str(err.value))


@pytest.mark.parametrize("header,body,message", [
    ("# titel: Typo\n", "", "unknown header field 'titel'"),
    ("# param: province iri\n", "", "cannot read the parameter"),
    ("# param: ?province place\n", "", "cannot read the parameter"),
    ("# param: ?k literal = x\n", 'VALUES (?k) { ("x") }', "goes in the query's VALUES line"),
    ("# param: ?k literal\n", "", "no VALUES line binds the parameters ?k"),
    ("# param: ?k literal\n", 'VALUES (?k) { ("x") }\nVALUES ?k { "y" }', "more than one VALUES line"),
    ("# param: ?k iri\n", 'VALUES (?k) { ("x") }', 'the default "x" of ?k in the VALUES line is not a iri'),
    ("# param: ?k xsd:date\n", 'VALUES (?k) { ("2024-01-01") }', "is not a xsd:date"),
    ("# param: ?nowhere literal\n", 'VALUES (?nowhere) { ("x") }', "does not occur in the query"),
    ("# competency: one\n", "", "not a list of competency-question numbers"),
])
def test_malformed_headers(tmp_path, header, body, message):
    path = tmp_path / "q.rq"
    uses = " FILTER(?s = ?k)" if "?k" in body else ""
    path.write_text(f"# title@en: Q\n{header}SELECT ?s WHERE {{\n{body}\n?s ?p ?o{uses} }}\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_query(path)


def test_a_parameter_without_default_is_required(tmp_path, graph):
    path = tmp_path / "q.rq"
    path.write_text("# title@en: Q\n# param: ?name literal@zh\n"
                    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                    "SELECT ?e WHERE {\n  VALUES (?name) { (UNDEF) }\n  ?e skos:prefLabel ?name }\n",
                    encoding="utf-8")
    q = load_query(path)
    assert q.params[0].required
    with pytest.raises(InputError, match="needs the parameter name"):
        run(graph, q)
    assert [e for (e,) in run(graph, q, {"name": "西湖实验室"}).rows] == [ID["org/westlake-lab"]]


def test_bind_replaces_only_the_values_line():
    q = find("events-in-city")
    text = bind(q, {"city": "id:div/330100", "from": "2005-01-01"})
    changed = [(a, b) for a, b in zip(q.text.splitlines(), text.splitlines(), strict=True) if a != b]
    assert changed == [(q.text.splitlines()[q.values_line], "  VALUES (?city ?from ?to) { "
                        "(<https://w3id.org/yrd-kg/id/div/330100> "
                        '"2005-01-01"^^<http://www.w3.org/2001/XMLSchema#date> '
                        '"2024-12-31"^^<http://www.w3.org/2001/XMLSchema#date>) }')]
    assert bind(find("posts")) == find("posts").text  # no parameters, no change


PARAMETERISED = [q for q in CATALOGUE if q.params]


def test_parameterised_case_list_is_not_empty():
    assert len(PARAMETERISED) >= 8


@pytest.mark.parametrize("q", PARAMETERISED, ids=[q.name for q in PARAMETERISED])
def test_the_file_as_pasted_gives_the_documented_answer(q, graph, oxigraph):
    """Issue 14: the .rq file itself, run by a SPARQL client that knows nothing of our tool
    (here Oxigraph's and rdflib's own query methods), gives the answer of its defaults."""
    expected = result_set(run(graph, q), lenient=True)
    pasted = oxigraph.store.query(q.text)
    names = [v.value for v in pasted.variables]
    conv = converter()
    got = Result(names, [tuple(conv(s[n]) for n in names) for s in pasted])
    assert expected and result_set(got, lenient=True) == expected
    plain = graph.query(q.text)
    plain = Result([str(v) for v in plain.vars], [tuple(r) for r in plain])
    assert result_set(plain, lenient=True) == expected


def test_unknown_query_name_suggests_close_names():
    with pytest.raises(InputError, match="did you mean: consortia-led-from-province"):
        find("consortia-led")


# -- the command line ----------------------------------------------------------------------


def test_queries_folder_is_the_repositorys():
    """In a checkout kg/share/queries is a symlink to the top-level queries/."""
    assert queries_dir().resolve() == REPO / "queries"
    assert queries_dir().is_symlink()


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes("# title@en: x\nSELECT * { ?s ?p '长' }".encode("gb18030")), "not UTF-8"),
    (lambda p: p.mkdir(), "not a query file"),
])
def test_a_query_file_that_cannot_be_read_is_an_input_error(tmp_path, make, words):
    """A query file in GB 18030, or a folder named like one, once gave a traceback (issue 15)."""
    from kg.catalogue import load_query
    from kg.errors import InputError

    path = tmp_path / "q.rq"
    make(path)
    with pytest.raises(InputError, match=words):
        load_query(path)


@pytest.fixture(scope="module")
def reordered(graph):
    """The same triples, added in the reverse of their sorted order: rdflib then walks them (and
    answers a query's ties) in another order than in ``graph``."""
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns)
    for t in sorted(graph, reverse=True):
        g.add(t)
    return g


@pytest.mark.parametrize("name", [q.name for q in catalogue()
                                  if all(p.default is not None for p in q.params)])
def test_every_query_orders_its_rows_fully(graph, reordered, name):
    """A query's rows come in one order whatever order the store holds the triples in (the site's
    catalogue page once differed between two writes: `documents` and `statistics` left ties)."""
    q = find(name)
    assert run(graph, q).rows == run(reordered, q).rows
