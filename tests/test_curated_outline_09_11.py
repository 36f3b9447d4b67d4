"""The curated graph against chapters 9 and 11 of the 2019 Outline, by hand-written expectations.

Each expectation was read off kg/data/sources/yrd-outline-2019.md (第九章　创新一体化发展体制机制,
第十一章　高标准建设上海自由贸易试验区新片区); the passage is quoted beside it. The counts at the
end were counted by hand on the text and on kg/data/outline-09-mechanisms.yaml and
kg/data/outline-11-ftz-new-area.yaml.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import RDF, SKOS

from kg.coverage import SentenceCoverage, coverages
from kg.ontology import ID, PROV, YRD
from kg.paths import packaged_data

DATA = packaged_data()
OUTLINE = DATA / "sources" / "yrd-outline-2019.md"
SRC = ID["src/yrd-outline-2019"]
DOC = ID["doc/yrd-outline-2019"]
NEW_AREA = ID["area/shanghai-ftz-new-area"]
CHAPTERS = {9: ("第九章", "第十章"), 11: ("第十一章", "第十二章")}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def zh(g, node) -> str:
    (label,) = (str(lit) for lit in g.objects(node, SKOS.prefLabel) if lit.language == "zh")
    return label


def provisions(g, node) -> list[str]:
    return [zh(g, p) for p in g.objects(node, YRD.hasProvision)]


def quotes(g, fact) -> list[str]:
    return [squeeze(str(g.value(q, YRD.text))) for q in g.objects(fact, YRD.evidence)]


def provision(g, node, words: str):
    """The one provision of ``node`` whose label holds ``words``."""
    (p,) = [p for p in g.objects(node, YRD.hasProvision) if words in zh(g, p)]
    return p


def chapter_span(n: int) -> tuple[int, int]:
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    first, after = CHAPTERS[n]
    return text.rindex(f"##{first}"), text.rindex(f"##{after}")  # the headings, not the table of contents


# -- 第十一章: the new area of the Shanghai pilot free trade zone ----------------------------------------
def test_the_new_area_lies_by_a_river_a_canal_an_island_and_an_airport(graph):
    # 在上海大治河以南、金汇港以东以及小洋山岛、浦东机场南侧区域设置新片区
    assert set(graph.objects(NEW_AREA, YRD.includesPlace)) >= {ID["place/xiaoyangshan-island"]}
    for ident, name in [("place/dazhi-river", "大治河"), ("place/jinhui-canal", "金汇港"),
                        ("infra/pudong-airport", "浦东机场")]:
        assert zh(graph, ID[ident]) == name
        assert graph.value(ID[ident], YRD.locatedIn) == ID["div/310000"], ident
    # the Outline does not say which division the island belongs to
    assert graph.value(ID["place/xiaoyangshan-island"], YRD.locatedIn) is None
    siting = provision(graph, NEW_AREA, "大治河以南")
    assert any("设置新片区" in q for q in quotes(graph, siting))


def test_the_first_phase_is_at_most_120_km2(graph):
    # 先行启动面积控制在120平方公里以内
    (t,) = [t for t in graph.objects(DOC, YRD.hasTarget) if graph.value(t, YRD.appliesTo) == NEW_AREA]
    assert graph.value(t, YRD.value).toPython() == Decimal("120")
    assert (graph.value(t, YRD.unit), graph.value(t, YRD.comparator)) == (YRD.SquareKilometreUnit, YRD.AtMost)
    assert graph.value(t, YRD.year) is None  # the Outline gives no year
    assert any("先行启动面积控制在120平方公里以内" in q for q in quotes(graph, t))


def test_the_new_area_s_industries(graph):
    # 积极发展生物医药、集成电路、工业互联网、高端装备制造业等前沿产业;
    # 在新片区集成电路、人工智能、生物医药等重点产业领域的关键环节，研究税收支持政策
    sectors = {zh(graph, s) for s in graph.objects(NEW_AREA, YRD.sector)}
    assert sectors == {"集成电路", "高端装备制造", "人工智能"}
    labels = provisions(graph, NEW_AREA)
    assert any("重点发展跨国公司地区运营管理、订单中心、结算中心等总部经济" in lab for lab in labels)


@pytest.mark.parametrize("freedom", ["实行投资自由", "实行贸易自由", "实行资金自由", "实行国际运输自由", "实行人员从业自由"])
def test_the_five_freedoms(graph, freedom):
    # 以投资自由、贸易自由、资金自由、运输自由、人员从业自由等为重点; each is a paragraph of 第二节
    p = provision(graph, NEW_AREA, freedom)
    texts = quotes(graph, p)
    assert any(t.startswith(freedom + "。") for t in texts), texts
    # the paragraph says 区内, not 新片区: the chapter's opening sentence names the area beside it
    assert "加快中国（上海）自由贸易试验区新片区建设" in texts


def test_taxes_and_supervision_of_the_new_area(graph):
    labels = provisions(graph, NEW_AREA)
    # 扩大新片区服务出口增值税政策适用范围
    assert any("服务出口增值税" in lab for lab in labels)
    # 守住“一线”国门安全、“二线”经济社会安全
    assert any("“一线”国门安全" in lab for lab in labels)
    # 定期总结评估新片区在投资管理、贸易监管、金融开放、人才流动、运输管理、风险管控等方面的制度经验，制定推广清单
    assert any("推广清单" in lab for lab in labels)


def test_pudong_airport_and_yangshan_port(graph):
    # 推动浦东机场与“一带一路”国家（地区）扩大包括第五航权在内的航权安排
    # (chapter 8 gives it one more: 完善联通浦东机场和苏浙皖的轨道交通体系)
    airport = [p for p in provisions(graph, ID["infra/pudong-airport"]) if "航权" in p]
    assert len(airport) == 1 and "第五航权" in airport[0]
    assert len(provisions(graph, ID["infra/pudong-airport"])) == 2
    assert (ID["infra/pudong-airport"], RDF.type, YRD.Airport) in graph
    assert (ID["infra/yangshan-port"], RDF.type, YRD.Port) in graph
    # 研究在对等原则下外籍国际航行船舶开展以洋山港为国际中转港的外贸集装箱沿海捎带业务
    (port,) = provisions(graph, ID["infra/yangshan-port"])
    assert "国际中转港" in port
    # 洋山港 is not the Yangshan area of chapter 3 (加强浙沪洋山区域合作开发)
    assert ID["infra/yangshan-port"] != ID["area/yangshan-zhejiang-shanghai"]
    assert graph.value(ID["infra/yangshan-port"], YRD.locatedIn) is None


def test_free_trade_zones_in_general_are_the_outline_s_task(graph):
    # 加强自由贸易试验区与海关特殊监管区域、经济技术开发区联动
    assert any("海关特殊监管区域、经济技术开发区联动" in lab for lab in provisions(graph, DOC))


# -- 第九章: rules, markets and mechanisms -----------------------------------------------------------
def test_the_regional_standardisation_organisation(graph):
    # 协同建立长三角区域标准化联合组织，负责区域统一标准的立项、发布、实施、评价和监督
    org = ID["org/yrd-standardisation-organisation"]
    assert zh(graph, org) == "长三角区域标准化联合组织"
    assert (DOC, YRD.setsUp, org) in graph
    assert provisions(graph, org) == ["负责区域统一标准的立项、发布、实施、评价和监督"]
    assert graph.value(org, YRD.basedIn) is None  # the Outline does not say where


def test_the_shanghai_stock_exchange_and_shanghai(graph):
    # 支持上交所在长三角设立服务基地，搭建企业上市服务平台
    sse = ID["org/shanghai-stock-exchange"]
    assert "上交所" in {str(a) for a in graph.objects(sse, SKOS.altLabel)}
    assert provisions(graph, sse) == ["在长三角设立服务基地，搭建企业上市服务平台"]
    # 支持符合监管政策的地方法人银行在上海设立营运中心
    assert any("营运中心" in lab for lab in provisions(graph, ID["div/310000"]))


def test_wenzhou_and_taizhou_of_zhejiang_pilot_policy_coordination(graph):
    # 支持浙江温州、台州开展跨区域发展政策协同试验: 台州 of Zhejiang (331000), not 泰州 of Jiangsu (321200)
    for code in ("330300", "331000"):
        assert any("政策协同试验" in lab for lab in provisions(graph, ID[f"div/{code}"])), code
    assert not any("政策协同试验" in lab for lab in provisions(graph, ID["div/321200"]))


def test_named_instruments_and_markets(graph):
    # 全面实施全国市场准入负面清单
    assert (ID["doc/market-access-negative-list"], RDF.type, YRD.Policy) in graph
    # 用好跨省补充耕地国家统筹机制
    assert zh(graph, ID["doc/cross-province-farmland-mechanism"]) == "跨省补充耕地国家统筹机制"
    # 建设长三角产权交易共同市场
    market = ID["mechanism/yrd-property-rights-market"]
    assert zh(graph, market) == "长三角产权交易共同市场"
    assert len(provisions(graph, market)) == 1


def test_the_outline_s_own_tasks_in_chapter_9(graph):
    labels = provisions(graph, DOC)
    # 探索宅基地所有权、资格权、使用权“三权分置”改革
    assert any("“三权分置”" in lab for lab in labels)
    # 加快实现民生保障和企业登记等事项“一地受理、一次办理”
    assert any("“一地受理、一次办理”" in lab for lab in labels)
    # 依法合规扩大发行企业债券、绿色债券、自贸区债券、创新创业债券
    assert any("自贸区债券" in lab for lab in labels)
    # 鼓励地方政府联合设立长三角一体化发展投资专项资金
    assert any("长三角一体化发展投资专项资金" in lab for lab in labels)


# -- counts ---------------------------------------------------------------------------------------
FACT_CLASSES = (RDF.Statement, YRD.Provision, YRD.Target, YRD.Statistic, YRD.Involvement, YRD.Membership, YRD.Post)


def facts_in(g, n: int) -> set:
    """The facts with a quote from chapter ``n`` of the Outline."""
    start, end = chapter_span(n)
    out = set()
    for q in g.subjects(PROV.wasQuotedFrom, SRC):
        if start <= int(g.value(q, YRD.offset)) < end:
            out |= {f for f in g.subjects(YRD.evidence, q) if any((f, RDF.type, c) in g for c in FACT_CLASSES)}
    return out


def test_facts_per_chapter(graph):
    # 第九章: 32 provisions of the Outline, its setting up of the standardisation organisation, and one
    # provision each of the organisation, the negative list, the stock exchange, Shanghai, the farmland
    # mechanism, the property-rights market, Wenzhou and Taizhou
    assert len(facts_in(graph, 9)) == 32 + 1 + 8
    # 第十一章: 34 provisions of the new area, its island and 3 sectors, the 120 km² target, the Outline's
    # provision on free trade zones, 3 places in Shanghai, the airport's and the port's provisions
    assert len(facts_in(graph, 11)) == 34 + 1 + 3 + 1 + 1 + 3 + 2
    assert len([p for p in facts_in(graph, 11) if (NEW_AREA, YRD.hasProvision, p) in graph]) == 34


def _sentences(graph, n: int) -> list[SentenceCoverage]:
    (cov,) = coverages(graph, DATA, "src/yrd-outline-2019")
    start, end = chapter_span(n)
    return [s for s in cov.sentences if start <= s.sentence.start < end]


@pytest.mark.parametrize("chapter, covered, skipped", [(9, 45, 7), (11, 42, 0)])
def test_every_sentence_of_the_chapter_is_covered_or_skipped(graph, chapter, covered, skipped):
    # 第九章 has 52 sentences (7 of them a lead-in or a general direction), 第十一章 42
    sentences = _sentences(graph, chapter)
    assert [s.sentence.text for s in sentences if s.status == "uncovered"] == []
    assert (sum(s.status == "covered" for s in sentences), sum(s.status == "skipped" for s in sentences)) == \
        (covered, skipped)
