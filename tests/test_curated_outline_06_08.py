"""The curated graph against chapters 6, 7 and 8 of the 2019 Outline, by hand-written expectations.

Each expectation below was read off kg/data/sources/yrd-outline-2019.md (第六章　强化生态环境共保联治,
第七章　加快公共服务便利共享, 第八章　推进更高水平协同开放); the passage is quoted beside it. The
counts at the end pin how many facts quote each chapter and how many of its sentences are covered
or skipped, so a lost or an extra record shows up.
"""

from __future__ import annotations

import re

import pytest
import yaml
from rdflib import OWL, RDF, RDFS, SKOS

from kg.coverage import coverages
from kg.ontology import ID, PROV, YRD
from kg.paths import packaged_data

DATA = packaged_data()
OUTLINE = DATA / "sources" / "yrd-outline-2019.md"
SKIPS = DATA / "coverage" / "yrd-outline-2019.yaml"
SRC = ID["src/yrd-outline-2019"]
DOC, REGION = ID["doc/yrd-outline-2019"], ID["region/yrd"]
CHAPTERS = ("第六章", "第七章", "第八章")
FACT_CLASSES = (RDF.Statement, YRD.Provision, YRD.Target, YRD.Statistic, YRD.Involvement, YRD.Post)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def zh(g, node) -> str:
    (label,) = (str(lit) for lit in g.objects(node, SKOS.prefLabel) if lit.language == "zh")
    return label


def names(g, nodes) -> set[str]:
    return {zh(g, n) for n in nodes}


def quotes_of(g, fact) -> list[str]:
    return [str(g.value(q, YRD.text)) for q in g.objects(fact, YRD.evidence)]


def statements(g, s, p, o) -> list:
    return [st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]


def provisions(g, node) -> dict[str, list[str]]:
    """The zh labels of an entity's provisions, each with its quotes."""
    return {zh(g, p): quotes_of(g, p) for p in g.objects(node, YRD.hasProvision)}


def provision_quoting(g, node, words: str) -> list[str]:
    """The quotes of the entity's provision(s) whose quote holds these words; fails if there is none."""
    found = [q for qs in provisions(g, node).values() if any(words in q for q in qs) for q in qs]
    assert found, f"no provision of {node} quotes {words!r}"
    return found


def located(g, node) -> set[str]:
    return names(g, g.objects(node, YRD.locatedIn))


def is_inferred(g, s, p, o) -> bool:
    (st,) = statements(g, s, p, o)
    return bool(g.value(st, YRD.inferred))


def chapter_spans() -> dict[str, tuple[int, int]]:
    """Squeezed [start, end) of each chapter: from its ## heading to the next ## heading."""
    text = OUTLINE.read_text(encoding="utf-8")
    heads = [(m.start(), m.group(1)) for m in re.finditer(r"^## (\S+)", text, flags=re.M)]
    out = {}
    for (pos, title), nxt in zip(heads, heads[1:] + [(len(text), "")], strict=True):
        for ch in CHAPTERS:
            if title.startswith(ch):
                out[ch] = (len(squeeze(text[:pos])), len(squeeze(text[:nxt[0]])))
    return out


# -- 第六章: corridors, barriers, park ------------------------------------------------------------
def test_the_two_ecological_corridors(graph):
    # 加快长江生态廊道、淮河－洪泽湖生态廊道建设
    yangtze, huai = ID["area/yangtze-eco-corridor"], ID["area/huaihe-hongze-eco-corridor"]
    assert (yangtze, RDF.type, YRD.Corridor) in graph and (huai, RDF.type, YRD.Corridor) in graph
    assert zh(graph, huai) == "淮河－洪泽湖生态廊道"
    assert names(graph, graph.objects(huai, YRD.includesPlace)) == {"淮河", "洪泽湖"}
    assert names(graph, graph.objects(yangtze, YRD.includesPlace)) == {"长江"}
    # the name gives the river and the lake, the text does not delimit the corridor
    assert is_inferred(graph, huai, YRD.includesPlace, ID["place/hongze-lake"])
    assert "加快长江生态廊道、淮河－洪泽湖生态廊道建设" in provision_quoting(graph, huai, "生态廊道建设")[0]


def test_the_green_barrier_mountains_and_their_provinces(graph):
    # 以皖西大别山区和皖南－浙西－浙南山区为重点，共筑长三角绿色生态屏障
    assert located(graph, ID["place/wanxi-dabie-mountains"]) == {"安徽省"}
    assert located(graph, ID["place/wannan-zhexi-zhenan-mountains"]) == {"安徽省", "浙江省"}
    assert any("共筑长三角绿色生态屏障" in q for q in provision_quoting(graph, REGION, "皖西大别山区"))


def test_qianjiangyuan_national_park_lies_in_zhejiang(graph):
    # 提升浙江开化钱江源国家公园建设水平
    park = ID["area/qianjiangyuan-national-park"]
    assert zh(graph, park) == "钱江源国家公园"
    assert "浙江开化钱江源国家公园" in {str(a) for a in graph.objects(park, SKOS.altLabel)}
    assert located(graph, park) == {"浙江省"}
    assert provision_quoting(graph, park, "建设水平") == ["提升浙江开化钱江源国家公园建设水平"]


def test_chongming_and_chaohu_get_ecological_construction_without_a_place(graph):
    # 加强环巢湖地区、崇明岛生态建设 (the text says not where they lie)
    for ident in ("place/around-chaohu-lake", "place/chongming-island"):
        assert provision_quoting(graph, ID[ident], "生态建设") == ["加强环巢湖地区、崇明岛生态建设"]
        assert located(graph, ID[ident]) == set()


# -- 第六章: rivers, lakes, bays --------------------------------------------------------------------
JOINT_PLAN = "共同制定长江、新安江－千岛湖、京杭大运河、太湖、巢湖、太浦河、淀山湖等重点跨界水体联保专项治理方案"


def test_the_key_cross_boundary_water_bodies_share_one_joint_plan(graph):
    # 共同制定长江、新安江－千岛湖、京杭大运河、太湖、巢湖、太浦河、淀山湖等重点跨界水体联保专项治理方案
    holders = set()
    for s, prov in graph.subject_objects(YRD.hasProvision):
        if JOINT_PLAN in quotes_of(graph, prov):
            holders.add(zh(graph, s))
    assert holders == {"长江", "新安江", "千岛湖", "大运河", "太湖", "巢湖", "太浦河", "淀山湖"}


def test_main_streams_with_a_cross_provincial_mechanism(graph):
    # 建立长江、淮河等干流跨省联防联控机制
    holders = {zh(graph, s) for s, prov in graph.subject_objects(YRD.hasProvision)
               if any("干流跨省联防联控机制" in q for q in quotes_of(graph, prov))}
    assert holders == {"长江", "淮河"}


def test_lake_tai_tasks(graph):
    # 继续实施太湖流域水环境综合治理。 / 在太湖流域建立生态补偿机制
    tai = ID["place/taihu-lake"]
    assert sorted(provision_quoting(graph, tai, "继续实施")) == ["推动跨界水体环境治理", "继续实施太湖流域水环境综合治理"]
    assert provision_quoting(graph, tai, "生态补偿") == ["在太湖流域建立生态补偿机制"]


def test_the_grand_canal_is_one_node_under_both_names(graph):
    # 建设沿海、长江、淮河、京杭大运河、太湖等江河湖岸防护林体系 (chapter 3 says 大运河)
    canal = ID["place/grand-canal"]
    assert zh(graph, canal) == "大运河"
    assert "京杭大运河" in {str(a) for a in graph.objects(canal, SKOS.altLabel)}


def test_blue_bays(graph):
    # 持续加强长江口、杭州湾等蓝色海湾整治
    for ident in ("place/yangtze-estuary", "place/hangzhou-bay"):
        assert provision_quoting(graph, ID[ident], "蓝色海湾") == ["持续加强长江口、杭州湾等蓝色海湾整治"]


# -- 第六章: projects, pilots, zone, platforms ---------------------------------------------------------
def test_the_three_named_ecological_projects(graph):
    # 实施...长江流域露天矿山和尾矿库复绿工程、淮河行蓄洪区安全建设工程、两淮矿区塌陷区治理工程; 实施黄河故道造林绿化工程
    projects = set(graph.subjects(RDF.type, YRD.EcologicalProject))
    assert names(graph, projects) == {"黄河故道造林绿化工程", "长江流域露天矿山和尾矿库复绿工程",
                                      "淮河行蓄洪区安全建设工程", "两淮矿区塌陷区治理工程"}
    assert names(graph, graph.objects(ID["project/yangtze-mines-regreening"], YRD.appliesTo)) == {"长江"}
    assert names(graph, graph.objects(ID["project/huaihe-flood-storage-safety"], YRD.appliesTo)) == {"淮河"}
    lianghuai = ID["project/lianghuai-subsidence-treatment"]
    assert names(graph, graph.objects(lianghuai, YRD.appliesTo)) == {"淮南市", "淮北市"}
    assert is_inferred(graph, lianghuai, YRD.appliesTo, ID["div/340600"])  # 两淮 is not spelt out


def test_lishui_pilot_and_the_xinan_qiandao_zone(graph):
    # 在浙江丽水开展生态产品价值实现机制试点。 建设新安江－千岛湖生态补偿试验区。
    assert provision_quoting(graph, ID["div/331100"], "丽水") == ["在浙江丽水开展生态产品价值实现机制试点"]
    zone = ID["area/xinan-qiandao-eco-compensation-zone"]
    assert (zone, RDF.type, YRD.DemonstrationZone) in graph
    assert names(graph, graph.objects(zone, YRD.includesPlace)) == {"新安江", "千岛湖"}


def test_xinan_compensation_pilot_is_the_chapter_1_node(graph):
    # 在总结新安江建立生态补偿机制试点经验的基础上，研究建立跨流域生态补偿、污染赔偿标准和水质考核体系
    pilot = ID["doc/xinan-river-eco-compensation"]
    assert zh(graph, pilot) == "新安江流域生态补偿"
    assert any("水质考核体系" in q for q in provision_quoting(graph, pilot, "试点经验"))


def test_chapter_6_platforms(graph):
    # 建立重点区域环境风险应急统一管理平台 / 发挥区域空气质量监测超级站作用，建设重点流域水环境综合治理信息平台
    for ident, name in (("platform/environmental-risk-emergency", "重点区域环境风险应急统一管理平台"),
                        ("platform/air-quality-supersites", "区域空气质量监测超级站"),
                        ("platform/key-basins-water-information", "重点流域水环境综合治理信息平台")):
        assert (ID[ident], RDF.type, YRD.Platform) in graph
        assert zh(graph, ID[ident]) == name


def test_ultra_low_emission_and_china_vi_are_region_wide_tasks(graph):
    # 基本完成钢铁、水泥行业和燃煤锅炉超低排放改造 / 实施国Ⅵ排放标准和相应油品标准
    assert provision_quoting(graph, DOC, "超低排放改造")
    assert provision_quoting(graph, DOC, "国Ⅵ排放标准")


# -- 第七章 ---------------------------------------------------------------------------------------
def test_the_region_is_to_be_healthy_safe_and_trustworthy(graph):
    # 打造健康长三角。 / 共同建设平安长三角。 / 打造诚信长三角。 / 全域推广网格化服务管理
    for words in ("打造健康长三角", "共同建设平安长三角", "打造诚信长三角", "全域推广网格化服务管理"):
        assert provision_quoting(graph, REGION, words)


def test_universities_of_the_rest_open_branches_in_anhui(graph):
    # 鼓励沪苏浙一流大学、科研院所到安徽设立分支机构
    quote = ["鼓励沪苏浙一流大学、科研院所到安徽设立分支机构"]
    assert provision_quoting(graph, ID["div/340000"], "分支机构") == quote
    assert provision_quoting(graph, ID["org/hu-su-zhe"], "分支机构") == quote


def test_two_universities_as_models_of_international_education(graph):
    # 打造浙江大学国际联合学院、昆山杜克大学等一批国际合作教育样板区
    for ident in ("org/zju-international-campus", "org/duke-kunshan-university"):
        assert (ID[ident], RDF.type, YRD.University) in graph
        assert provision_quoting(graph, ID[ident], "国际合作教育样板区")
        assert graph.value(ID[ident], YRD.basedIn) is None  # the Outline does not say where


def test_four_vocational_education_groups_by_province(graph):
    # 做大做强上海电子信息、江苏软件、浙江智能制造、安徽国际商务等联合职业教育集团
    expected = {"上海电子信息联合职业教育集团": "上海市", "江苏软件联合职业教育集团": "江苏省",
                "浙江智能制造联合职业教育集团": "浙江省", "安徽国际商务联合职业教育集团": "安徽省"}
    groups = {zh(graph, s): s for s in graph.subjects(RDF.type, YRD.Collaboration)
              if zh(graph, s).endswith("联合职业教育集团")}
    assert set(groups) == set(expected)
    assert {n: zh(graph, graph.value(s, YRD.basedIn)) for n, s in groups.items()} == expected


def test_alliances_expo_competition(graph):
    # 建立长三角体育产业联盟 / 成立区域公共创业服务联盟，开展长三角创新创业大赛 / 继续办好长三角国际文化产业博览会
    assert (ID["org/yrd-sports-industry-alliance"], RDF.type, YRD.Collaboration) in graph
    assert (ID["org/regional-public-entrepreneurship-alliance"], RDF.type, YRD.Collaboration) in graph
    assert (ID["event/yrd-innovation-entrepreneurship-competition"], RDF.type, YRD.Event) in graph
    expo = ID["event/yrd-international-cultural-industry-expo"]
    assert zh(graph, expo) == "长三角国际文化产业博览会"
    assert graph.value(expo, YRD.startDate) is None and graph.value(expo, YRD.place) is None


def test_credit_platforms(graph):
    # 建设长三角公共信用信息共享平台，与全国信用信息共享平台实现信息交换共享
    regional, national = ID["platform/yrd-public-credit-information"], ID["platform/national-credit-information"]
    quote = ["建设长三角公共信用信息共享平台，与全国信用信息共享平台实现信息交换共享"]
    assert provision_quoting(graph, regional, "全国信用信息共享平台") == quote
    assert provision_quoting(graph, national, "全国信用信息共享平台") == quote


def test_hangzhou_huangshan_route(graph):
    # 推出杭黄国际黄金旅游线等精品线路和特色产品
    route = ID["area/hangzhou-huangshan-tourist-route"]
    assert names(graph, graph.objects(route, YRD.includesPlace)) == {"杭州市", "黄山市"}
    assert is_inferred(graph, route, YRD.includesPlace, ID["div/341000"])


# -- 第八章 ---------------------------------------------------------------------------------------
def test_the_import_expo_and_its_first_edition(graph):
    # 协力办好中国国际进口博览会。 ... 强化进口博览会参展商对接服务
    ciie = ID["event/ciie"]
    assert zh(graph, ciie) == "中国国际进口博览会"
    assert (ID["event/first-ciie-2018"], YRD.subEventOf, ciie) in graph
    assert len(provisions(graph, ciie)) == 3


def test_hongqiao_hub_airports_and_platforms(graph):
    # 全面提升虹桥综合交通枢纽管理水平，完善联通浦东机场和苏浙皖的轨道交通体系，优化拓展虹桥机场国际航运服务功能
    for ident in ("place/hongqiao-transport-hub", "infra/hongqiao-airport", "infra/pudong-airport"):
        assert provision_quoting(graph, ID[ident], "虹桥机场国际航运服务功能")
    # 加快建设虹桥进口商品展示交易中心、虹桥海外贸易中心、长三角区域城市展示中心、长三角电子商务中心等功能性平台
    platforms = {zh(graph, s) for s, prov in graph.subject_objects(YRD.hasProvision)
                 if any("等功能性平台" in q for q in quotes_of(graph, prov)) and (s, RDF.type, YRD.Platform) in graph}
    assert platforms == {"虹桥进口商品展示交易中心", "虹桥海外贸易中心", "长三角区域城市展示中心", "长三角电子商务中心"}
    assert located(graph, ID["area/hongqiao-international-hub"]) == set()  # the text does not delimit it


def test_eight_cross_border_ecommerce_pilot_zones(graph):
    # 加快上海、南京、杭州、合肥、宁波、苏州、无锡、义乌跨境电子商务综合试验区建设
    zones = {s for s in graph.subjects(RDF.type, YRD.DemonstrationZone) if "跨境电子商务综合试验区" in zh(graph, s)}
    assert len(zones) == 8
    cities = [c for z in zones for c in located(graph, z)]
    assert sorted(cities) == sorted(["上海市", "南京市", "杭州市", "合肥市", "宁波市", "苏州市", "无锡市"])
    assert located(graph, ID["area/yiwu-cross-border-ecommerce-zone"]) == set()  # 义乌 is not in the tables


def test_international_cooperation_parks_at_home(graph):
    # 中韩（盐城）产业园、中意宁波生态园、中德（合肥）合作智慧产业园及太仓、芜湖、嘉兴等中德中小企业合作区
    expected = {"area/china-korea-yancheng-park": {"盐城市"}, "area/sino-italian-ningbo-eco-park": {"宁波市"},
                "area/sino-german-hefei-smart-park": {"合肥市"}, "area/taicang-sino-german-sme-zone": set(),
                "area/wuhu-sino-german-sme-zone": {"芜湖市"}, "area/jiaxing-sino-german-sme-zone": {"嘉兴市"}}
    for ident, where in expected.items():
        assert (ID[ident], RDF.type, YRD.IndustrialPark) in graph
        assert located(graph, ID[ident]) == where, ident
    # 加快推进中国（宁波）“16+1”经贸合作示范区建设
    assert located(graph, ID["area/ningbo-16-1-demo-zone"]) == {"宁波市"}


def test_overseas_parks_and_their_countries(graph):
    # 稳步推进建设中阿（联酋）产能合作示范园、泰国泰中罗勇工业园、莫桑比克贝拉经贸合作区等一批境外园区
    assert located(graph, ID["area/thai-chinese-rayong-park"]) == {"泰国"}
    assert located(graph, ID["area/mozambique-beira-zone"]) == {"莫桑比克"}
    assert located(graph, ID["area/china-uae-capacity-park"]) == {"阿拉伯联合酋长国"}
    assert is_inferred(graph, ID["area/china-uae-capacity-park"], YRD.locatedIn, ID["place/uae"])
    assert not is_inferred(graph, ID["area/thai-chinese-rayong-park"], YRD.locatedIn, ID["place/thailand"])


def test_headquarters_clusters_in_four_central_cities(graph):
    # 依托上海国际大都市和南京、杭州、合肥等中心城市，高水平打造国际组织和总部经济聚集区
    holders = {zh(graph, s) for s, prov in graph.subject_objects(YRD.hasProvision)
               if any("总部经济聚集区" in q for q in quotes_of(graph, prov))}
    assert holders == {"上海市", "南京市", "杭州市", "合肥市"}


def test_five_major_international_events(graph):
    # 办好世界互联网大会、世界智能制造大会、世界制造业大会、联合国世界地理信息大会、第十九届亚运会等重大国际会议展会
    events = {zh(graph, s) for s, prov in graph.subject_objects(YRD.hasProvision)
              if any("重大国际会议展会" in q for q in quotes_of(graph, prov))}
    assert events == {"世界互联网大会", "世界智能制造大会", "世界制造业大会", "联合国世界地理信息大会", "第十九届亚运会"}


def test_alliance_stock_connect_single_window_and_talent_zone(graph):
    # 依托长三角一体化对外投资合作发展联盟 / 研究推进基于沪港通的债券市场互联互通 /
    # 加快建设具有国际先进水平的国际贸易“单一窗口” / 总结推广张江国家自主创新示范区国际人才试验区经验
    assert (ID["org/yrd-outbound-investment-alliance"], RDF.type, YRD.Collaboration) in graph
    assert zh(graph, ID["doc/shanghai-hong-kong-stock-connect"]) == "沪港通"
    assert zh(graph, ID["platform/international-trade-single-window"]) == "国际贸易“单一窗口”"
    zone = ID["area/zhangjiang-international-talent-pilot-zone"]
    assert any("外国人永久居留" in q for q in provision_quoting(graph, zone, "国际人才试验区"))
    assert zone != ID["area/zhangjiang-science-centre"]


def test_the_chapter_opens_under_the_belt_and_road(graph):
    # 以“一带一路”建设为统领，在更高层次、更宽领域，以更大力度协同推进对外开放
    assert provision_quoting(graph, ID["doc/belt-and-road"], "为统领")


# -- the ontology terms these chapters add --------------------------------------------------------------
@pytest.mark.parametrize("term", [YRD.EcologicalProject, YRD.Platform])
def test_new_terms_are_bilingual_classes(graph, term):
    assert (term, RDF.type, OWL.Class) in graph
    assert {lit.language for lit in graph.objects(term, RDFS.label)} == {"zh", "en"}
    assert {lit.language for lit in graph.objects(term, SKOS.definition)} == {"zh", "en"}


# -- provenance, coverage and counts -------------------------------------------------------------------
def _chapter_of(offset: int, spans) -> str | None:
    return next((ch for ch, (a, b) in spans.items() if a <= offset < b), None)


def test_every_quote_of_these_chapters_occurs_verbatim(graph):
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    spans = chapter_spans()
    inside = 0
    for q in graph.subjects(PROV.wasQuotedFrom, SRC):
        off = int(graph.value(q, YRD.offset))
        if _chapter_of(off, spans):
            t = squeeze(str(graph.value(q, YRD.text)))
            assert text[off:off + len(t)] == t, t
            assert "," not in t  # the Outline's commas are full-width
            inside += 1
    assert inside > 150


def test_facts_per_chapter(graph):
    spans = chapter_spans()
    counts = dict.fromkeys(CHAPTERS, 0)
    for node in {n for c in FACT_CLASSES for n in graph.subjects(RDF.type, c)}:
        chapters = {_chapter_of(int(graph.value(q, YRD.offset)), spans) for q in graph.objects(node, YRD.evidence)
                    if (q, PROV.wasQuotedFrom, SRC) in graph}
        for ch in chapters - {None}:
            counts[ch] += 1
    # one per provision, per property value and per figure of outline-06/07/08 (chapter 8's
    # subEventOf quotes the preface, so it counts there)
    assert counts == {"第六章": 82, "第七章": 65, "第八章": 93}


def _chapter_sentences(graph):
    cov = next(c for c in coverages(graph, DATA, "src/yrd-outline-2019"))
    spans = chapter_spans()
    out = {ch: [] for ch in CHAPTERS}
    for s in cov.sentences:
        ch = _chapter_of(s.sentence.start, spans)
        if ch:
            out[ch].append(s.status)
    return out


def test_every_sentence_of_these_chapters_is_covered_or_skipped(graph):
    by_chapter = _chapter_sentences(graph)
    # 第六章 sentences [304]-[347], 第七章 [348]-[414], 第八章 [415]-[473] in yrdkg coverage
    assert {ch: len(v) for ch, v in by_chapter.items()} == {"第六章": 44, "第七章": 67, "第八章": 59}
    assert {ch: v.count("skipped") for ch, v in by_chapter.items()} == {"第六章": 2, "第七章": 6, "第八章": 0}
    assert all("uncovered" not in v for v in by_chapter.values())


def test_the_skip_block_of_these_chapters(graph):
    doc = yaml.safe_load(SKIPS.read_text(encoding="utf-8"))
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    spans = chapter_spans()
    mine = [i for i in doc["skip"] if _chapter_of(text.index(squeeze(i["text"])), spans)]
    assert len(mine) == 8
    assert {i["reason"] for i in mine} == {"commentary", "exhortation"}
    # the block sits in the text's order, opening with the comment the curators agreed on
    raw = SKIPS.read_text(encoding="utf-8")
    assert raw.index("# 第六章") < raw.index(mine[0]["text"]) < raw.index("# 第十二章")
