"""The curated graph against chapters 4 and 5 of the 2019 Outline, by hand-written expectations.

Each expectation was read off kg/data/sources/yrd-outline-2019.md (第四章　加强协同创新产业体系建设,
第五章　提升基础设施互联互通水平); the passage is quoted beside it. Places read off a name's
short forms (沪通: 上海、南通) must be marked as the curator's inference; places the name spells out
(黄山－金华) must not. The last part pins the counts: facts per chapter, sentences covered and
skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml
from rdflib import DCTERMS, RDF, RDFS, SKOS, Literal

from kg.coverage import coverages
from kg.ontology import ID, PROV, YRD, ontology_graph
from kg.paths import packaged_data

DATA = packaged_data()
OUTLINE = DATA / "sources" / "yrd-outline-2019.md"
SRC = ID["src/yrd-outline-2019"]
DOC = ID["doc/yrd-outline-2019"]
CENTRAL = ID["area/yrd-central-area"]
FACT_CLASSES = (RDF.Statement, YRD.Provision, YRD.Target, YRD.Statistic, YRD.Involvement, YRD.Membership, YRD.Post)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def zh(g, node) -> str:
    (label,) = (str(lit) for lit in g.objects(node, SKOS.prefLabel) if lit.language == "zh")
    return label


def texts(g, node) -> list[str]:
    """The squeezed quote texts behind a fact node (a provision, a figure, a statement)."""
    return [squeeze(str(g.value(q, YRD.text))) for q in g.objects(node, YRD.evidence)]


def provision_quotes(g, node) -> list[str]:
    return [t for p in g.objects(node, YRD.hasProvision) for t in texts(g, p)]


def statements(g, s, p, o=None):
    return [st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g
            and (o is None or (st, RDF.object, o) in g)]


def inferred(g, s, p, o) -> bool:
    (st,) = statements(g, s, p, o)
    return (st, YRD.inferred, Literal(True)) in g


def by_label(g, cls) -> dict[str, object]:
    return {zh(g, n): n for n in g.subjects(RDF.type, cls)}


def connects(g, node) -> set[str]:
    return {zh(g, p) for p in g.objects(node, YRD.connects)}


# -- 第四章 第一节: science centres and facilities -----------------------------------------------
def test_both_science_centres_are_to_be_built_up(graph):
    # 加强上海张江、安徽合肥综合性国家科学中心建设，健全开放共享合作机制
    for ident in ("area/zhangjiang-science-centre", "area/hefei-science-centre"):
        assert "加强上海张江、安徽合肥综合性国家科学中心建设，健全开放共享合作机制" in \
            provision_quotes(graph, ID[ident])


def test_the_five_major_science_facilities(graph):
    # 推动硬X射线自由电子激光装置、未来网络试验设施、超重力离心模拟与实验装置、高效低碳燃气轮机试验装置、
    # 聚变堆主机关键系统综合研究设施等重大科技基础设施集群化发展
    facilities = by_label(graph, YRD.ScienceFacility)
    assert set(facilities) == {"硬X射线自由电子激光装置", "未来网络试验设施", "超重力离心模拟与实验装置",
                               "高效低碳燃气轮机试验装置", "聚变堆主机关键系统综合研究设施"}
    for node in facilities.values():
        assert any(q.endswith("重大科技基础设施集群化发展") for q in provision_quotes(graph, node))
        assert graph.value(node, YRD.locatedIn) is None  # the Outline says not where


def test_alliances_institute_forum_and_challenge(graph):
    # 发挥长三角技术交易市场联盟作用; 发挥长三角双创示范基地联盟作用; 加强清华长三角研究院等创新平台建设，
    # 共同办好浦江创新论坛、长三角国际创新挑战赛
    alliances = by_label(graph, YRD.Collaboration)
    assert {"长三角技术交易市场联盟", "长三角双创示范基地联盟"} <= set(alliances)
    assert zh(graph, ID["org/tsinghua-yrd-research-institute"]) == "清华长三角研究院"
    assert (ID["org/tsinghua-yrd-research-institute"], RDF.type, YRD.ResearchInstitute) in graph
    assert (ID["event/pujiang-innovation-forum"], RDF.type, YRD.Forum) in graph
    assert zh(graph, ID["event/yrd-international-innovation-challenge"]) == "长三角国际创新挑战赛"
    assert graph.value(ID["platform/yrd-technology-transfer"], RDF.type) == YRD.Platform


def test_the_star_market_at_the_shanghai_stock_exchange(graph):
    # 在上海证券交易所设立科创板并试点注册制，鼓励长三角地区高成长创新企业到科创板上市融资
    star, sse = ID["org/star-market"], ID["org/shanghai-stock-exchange"]
    assert zh(graph, star) == "科创板" and zh(graph, sse) == "上海证券交易所"
    assert graph.value(star, YRD.unitOf) == sse
    assert graph.value(sse, YRD.basedIn) == ID["div/310000"]
    assert "鼓励长三角地区高成长创新企业到科创板上市融资" in provision_quotes(graph, star)


def test_the_plans_chapter_4_orders(graph):
    # 研究制定覆盖长三角全域的全面创新改革试验方案; 制定实施长三角制造业协同发展规划
    for ident, name in (("doc/yrd-comprehensive-innovation-reform-pilot-plan", "覆盖长三角全域的全面创新改革试验方案"),
                        ("doc/yrd-manufacturing-coordination-plan", "长三角制造业协同发展规划")):
        assert (ID[ident], RDF.type, YRD.Plan) in graph
        assert zh(graph, ID[ident]) == name
        assert graph.value(ID[ident], YRD.appliesTo) == ID["region/yrd"]


# -- 第四章 第二节: the fields of industry, as counted by the Outline --------------------------------
FIELDS = [
    # 围绕电子信息、生物医药、航空航天、高端装备、新材料、节能环保、汽车、绿色化工、纺织服装、智能家电十大领域
    ("十大领域", ["电子信息", "生物医药", "航空航天", "高端装备", "新材料", "节能环保", "汽车", "绿色化工", "纺织服装",
                "智能家电"]),
    # 聚焦集成电路、新型显示、物联网、大数据、人工智能、新能源汽车、生命健康、大飞机、智能制造、前沿新材料十大重点领域
    ("十大重点领域", ["集成电路", "新型显示", "物联网", "大数据", "人工智能", "新能源汽车", "生命健康", "大飞机", "智能制造",
                  "前沿新材料"]),
    # 面向量子信息、类脑芯片、第三代半导体、下一代人工智能、靶向药物、免疫细胞治疗、干细胞治疗、基因检测八大领域
    ("八大领域", ["量子信息", "类脑芯片", "第三代半导体", "下一代人工智能", "靶向药物", "免疫细胞治疗", "干细胞治疗", "基因检测"]),
    # 围绕现代金融、现代物流、科技服务、软件和信息服务、电子商务、文化创意、体育服务、人力资源服务、智慧健康养老九大服务业
    ("九大服务业", ["现代金融", "现代物流", "科技服务", "软件和信息服务", "电子商务", "文化创意", "体育服务", "人力资源服务",
                "智慧健康养老"]),
]
COUNT_WORDS = {"十": 10, "八": 8, "九": 9}


@pytest.mark.parametrize("words, fields", FIELDS, ids=[w for w, _ in FIELDS])
def test_each_list_of_fields_is_a_provision_with_all_its_named_fields(graph, words, fields):
    assert len(fields) == COUNT_WORDS[words[0]]  # the declared count matches the names listed
    provs = [p for p in graph.objects(DOC, YRD.hasProvision) if any(words in t for t in texts(graph, p))]
    (prov,) = [p for p in provs if any("、".join(fields) + words in t for t in texts(graph, p))]
    label = zh(graph, prov)
    assert all(f in label for f in fields), label


def test_the_central_area_keeps_headquarters_and_moves_general_manufacturing_out(graph):
    # 中心区重点布局总部经济、研发设计、高端制造、销售等产业链环节 ... 加快推动一般制造业转移
    quotes = provision_quotes(graph, CENTRAL)
    assert any(q.startswith("中心区重点布局总部经济、研发设计、高端制造、销售等产业链环节") for q in quotes)
    assert any("中心区以外城市和部分沿海地区升级转移" in q for q in quotes)


def test_the_sub_regions_distinctive_industries_and_grain_base(graph):
    # 支持苏北、浙西南、皖北和皖西大别山革命老区重点发展现代农业、文化旅游、大健康、医药产业、农产品加工等特色产业
    # 充分发挥皖北、苏北粮食主产区综合优势 ... 建设长三角绿色农产品生产加工供应基地
    for ident in ("place/subei", "place/zhexinan", "place/wanbei", "place/dabieshan-old-revolutionary-area"):
        assert any(q.startswith("支持苏北、浙西南、皖北和皖西大别山革命老区") for q in provision_quotes(graph, ID[ident]))
    grain = "充分发挥皖北、苏北粮食主产区综合优势"
    assert {i for i in ("place/subei", "place/zhexinan", "place/wanbei")
            if any(q.startswith(grain) for q in provision_quotes(graph, ID[i]))} == {"place/subei", "place/wanbei"}
    # 建设皖北承接产业转移集聚区
    assert graph.value(ID["area/wanbei-industrial-transfer-cluster"], YRD.locatedIn) == ID["place/wanbei"]


# -- 第五章 第一节: railways -------------------------------------------------------------------------
# 加快沪通铁路一期、商合杭铁路等在建项目建设，推动北沿江高铁、沿江高铁武合宁通道、沪通铁路二期、沪苏湖、通苏嘉甬、
# 杭临绩、沪乍杭、合新、镇宣、宁宣黄、宁扬宁马等规划项目开工建设，推进沿淮、黄山－金华、温武吉铁路、
# 安康（襄阳）－合肥、沪甬、甬台温福、宁杭二通道的规划对接和前期工作，积极审慎开展沪杭等磁悬浮项目规划研究
RAIL_STAGES = {
    "加快在建项目建设": {"沪通铁路一期", "商合杭铁路"},
    "推动规划项目开工建设": {"北沿江高铁", "沿江高铁武合宁通道", "沪通铁路二期", "沪苏湖", "通苏嘉甬", "杭临绩", "沪乍杭", "合新",
                   "镇宣", "宁宣黄", "宁扬宁马"},
    "推进规划对接和前期工作": {"沿淮铁路", "黄山－金华", "温武吉铁路", "安康（襄阳）－合肥", "沪甬", "甬台温福", "宁杭二通道"},
    "积极审慎开展规划研究": {"沪杭磁悬浮项目"},
}


def test_every_named_railway_with_its_stage(graph):
    lines = by_label(graph, YRD.RailwayLine)
    assert set(lines) == set().union(*RAIL_STAGES.values())
    assert len(lines) == 21
    for stage, names in RAIL_STAGES.items():
        for name in names:
            assert stage in {zh(graph, p) for p in graph.objects(lines[name], YRD.hasProvision)}, name


def test_railways_connect_the_cities_their_names_abbreviate(graph):
    lines = by_label(graph, YRD.RailwayLine)
    # 通苏嘉甬: 南通、苏州、嘉兴、宁波, all read off the short names
    assert connects(graph, lines["通苏嘉甬"]) == {"南通市", "苏州市", "嘉兴市", "宁波市"}
    assert all(inferred(graph, lines["通苏嘉甬"], YRD.connects, c) for c in graph.objects(lines["通苏嘉甬"], YRD.connects))
    # 甬台温福: 台 is Taizhou of Zhejiang (331000), not Taizhou of Jiangsu (321200); 福州 is outside the region
    assert set(graph.objects(lines["甬台温福"], YRD.connects)) == {ID["div/330200"], ID["div/331000"], ID["div/330300"]}
    # 黄山－金华 and 安康（襄阳）－合肥 spell the cities out: not inferred
    assert connects(graph, lines["黄山－金华"]) == {"黄山市", "金华市"}
    assert not inferred(graph, lines["黄山－金华"], YRD.connects, ID["div/341000"])
    assert connects(graph, lines["安康（襄阳）－合肥"]) == {"合肥市"}
    # 北沿江高铁 names no place
    assert connects(graph, lines["北沿江高铁"]) == set()


def test_roads_and_crossings(graph):
    # 加快推进宁马、合宁、京沪等高速公路改扩建; 规划建设常泰、龙潭、苏通第二、崇海等过江通道和东海二桥、沪舟甬等跨海通道
    roads = by_label(graph, YRD.Road)
    assert {"宁马高速公路", "合宁高速公路", "京沪高速公路", "常泰过江通道", "龙潭过江通道", "苏通第二过江通道", "崇海过江通道",
            "东海二桥", "沪舟甬跨海通道", "杭绍甬智慧高速公路"} == set(roads)
    # 常泰: 常州 and 泰州 of Jiangsu (321200), across the Yangtze
    assert set(graph.objects(roads["常泰过江通道"], YRD.connects)) == {ID["div/320400"], ID["div/321200"]}
    assert connects(graph, roads["沪舟甬跨海通道"]) == {"上海市", "舟山市", "宁波市"}


def test_airports(graph):
    # 规划建设南通新机场，成为上海国际航空枢纽的重要组成部分; 优化提升杭州、南京、合肥区域航空枢纽功能;
    # 加快合肥国际航空货运集散中心、淮安航空货运枢纽建设，规划建设嘉兴航空联运中心
    airports = by_label(graph, YRD.Airport)
    where = {name: {zh(graph, p) for p in graph.objects(node, YRD.locatedIn)} for name, node in airports.items()}
    # and chapter 8's: 完善联通浦东机场和苏浙皖的轨道交通体系，优化拓展虹桥机场国际航运服务功能; chapter 11 places
    # 浦东机场 in Shanghai: 在上海大治河以南、金汇港以东以及小洋山岛、浦东机场南侧区域
    assert where == {"上海国际航空枢纽": {"上海市"}, "南通新机场": {"南通市"}, "苏南硕放机场": set(),
                     "合肥国际航空货运集散中心": {"合肥市"}, "淮安航空货运枢纽": {"淮安市"}, "嘉兴航空联运中心": {"嘉兴市"},
                     "浦东机场": {"上海市"}, "虹桥机场": set()}
    hubs = {zh(graph, d) for d in graph.subjects(YRD.hasProvision, None)
            if any(zh(graph, p) == "优化提升区域航空枢纽功能" for p in graph.objects(d, YRD.hasProvision))}
    assert hubs == {"杭州市", "南京市", "合肥市"}


def test_ports(graph):
    ports = by_label(graph, YRD.Port)
    # 加快推进宁波舟山港现代化综合性港口建设
    assert {zh(graph, p) for p in graph.objects(ports["宁波舟山港"], YRD.locatedIn)} == {"宁波市", "舟山市"}
    # 苏州（太仓）港建设上海港远洋集装箱运输的喂给港: 苏州 of Jiangsu (320500), not 宿州
    assert graph.value(ports["苏州（太仓）港"], YRD.locatedIn) == ID["div/320500"]
    assert "上海港" in ports
    # 加快建设长江南京以下江海联运港区、舟山江海联运服务中心、芜湖马鞍山江海联运枢纽、连云港亚欧陆海联运通道、淮河出海通道，
    # 规划建设南通通州湾长江集装箱运输新出海口、小洋山北侧集装箱支线码头
    assert {"长江南京以下江海联运港区", "舟山江海联运服务中心", "芜湖马鞍山江海联运枢纽", "连云港亚欧陆海联运通道", "淮河出海通道",
            "南通通州湾长江集装箱运输新出海口", "小洋山北侧集装箱支线码头"} <= set(ports)
    # 以资本为纽带深化沪浙洋山开发合作: the Yangshan area of chapter 3, one node
    assert any("沪浙洋山开发合作" in q for q in provision_quotes(graph, ID["area/yangshan-zhejiang-shanghai"]))


# -- 第五章 第二节, 第三节: information and energy ---------------------------------------------------------
def test_information_infrastructure(graph):
    # 支持北斗导航系统率先应用，建设南京位置服务数据中心; 统筹布局和规划建设量子保密通信干线网
    info = by_label(graph, YRD.InformationInfrastructure)
    assert graph.value(info["南京位置服务数据中心"], YRD.locatedIn) == ID["div/320100"]
    assert {"北斗导航系统", "量子保密通信干线网", "国家广域量子保密通信骨干网络", "长三角数据中心"} <= set(info)


def test_uhv_lines_and_their_voltages(graph):
    # 加快建设淮南－南京－上海1000千伏特高压交流输电工程过江通道，实施南通－上海崇明500千伏联网工程
    for ident, kv, cities in (("infra/huainan-nanjing-shanghai-uhv-crossing", "1000", {"淮南市", "南京市", "上海市"}),
                              ("infra/nantong-chongming-500kv", "500", {"南通市", "上海市"})):
        (fig,) = graph.subjects(YRD.about, ID[ident])
        assert graph.value(fig, YRD.value).toPython() == Decimal(kv)
        assert graph.value(fig, YRD.unit) == YRD.KilovoltUnit
        assert connects(graph, ID[ident]) == cities
    # 支持安徽打造长三角特高压电力枢纽
    assert graph.value(ID["infra/yrd-uhv-power-hub"], YRD.locatedIn) == ID["div/340000"]


def test_pumped_storage_stations_by_province_and_stage(graph):
    # 加快推进浙江宁海、长龙山、衢江和安徽绩溪、金寨抽水蓄能电站建设，开展浙江磐安和安徽桐城、宁国等抽水蓄能电站前期工作
    stations = {n: node for n, node in by_label(graph, YRD.EnergyFacility).items() if n.endswith("抽水蓄能电站")}
    got = {(n[:-6], zh(graph, graph.value(node, YRD.locatedIn)), zh(graph, next(graph.objects(node, YRD.hasProvision))))
           for n, node in stations.items()}
    assert got == {("宁海", "浙江省", "加快推进建设"), ("长龙山", "浙江省", "加快推进建设"), ("衢江", "浙江省", "加快推进建设"),
                   ("绩溪", "安徽省", "加快推进建设"), ("金寨", "安徽省", "加快推进建设"),
                   ("磐安", "浙江省", "开展前期工作"), ("桐城", "安徽省", "开展前期工作"), ("宁国", "安徽省", "开展前期工作")}


def test_lng_terminals_named_only_in_a_list_are_marked_inferred(graph):
    # 加快上海、江苏如东、浙江温州LNG接收站扩建: 上海LNG接收站 is the curator's reading of the list
    node = ID["infra/shanghai-lng-terminal"]
    assert inferred(graph, node, YRD.locatedIn, ID["div/310000"])
    assert graph.value(ID["infra/wenzhou-lng-terminal"], YRD.locatedIn) == ID["div/330300"]


# -- 第五章 第四节: water ------------------------------------------------------------------------------
def test_the_water_layout_rivers_and_lakes(graph):
    # 以长江为纽带，淮河、大运河、钱塘江、黄浦江等河流为骨干河道，太湖、巢湖、洪泽湖、千岛湖、高邮湖、淀山湖等湖泊为关键节点
    def having(label):
        return {zh(graph, s) for s in graph.subjects(YRD.hasProvision, None)
                if any(zh(graph, p) == label for p in graph.objects(s, YRD.hasProvision))}
    assert having("作为区域水利发展布局的纽带") == {"长江"}
    assert having("作为区域水利发展布局的骨干河道") == {"淮河", "大运河", "钱塘江", "黄浦江"}
    assert having("作为区域水利发展布局的关键节点") == {"太湖", "巢湖", "洪泽湖", "千岛湖", "高邮湖", "淀山湖"}
    # 京杭大运河 is the same canal
    assert "京杭大运河" in {str(x) for x in graph.objects(ID["place/grand-canal"], SKOS.altLabel)}


def test_the_lake_tai_basin_works(graph):
    # 太湖流域，实施望虞河拓浚、吴淞江整治、太浦河疏浚、淀山湖综合整治和环太湖大堤加固等治理工程
    works = {n for n, node in by_label(graph, YRD.WaterProject).items()
             if any(q.startswith("太湖流域，实施望虞河拓浚") for q in provision_quotes(graph, node))}
    assert works == {"望虞河拓浚", "吴淞江整治", "太浦河疏浚", "淀山湖综合整治", "环太湖大堤加固"}
    assert {"引江济淮工程", "引江济太", "淮河入海水道二期", "海塘达标提标工程"} <= set(by_label(graph, YRD.WaterProject))


# -- counts ---------------------------------------------------------------------------------------------
def _chapter(g, prefix):
    (part,) = [p for p in g.subjects(RDF.type, YRD.SourcePart) if str(g.value(p, DCTERMS.title)).startswith(prefix)]
    return int(g.value(part, YRD.startOffset)), int(g.value(part, YRD.endOffset))


def _facts_in(g, span) -> set:
    start, end = span
    out = set()
    for q in g.subjects(PROV.wasQuotedFrom, SRC):
        if start <= int(g.value(q, YRD.offset)) < end:
            out |= {n for n in g.subjects(YRD.evidence, q) if any((n, RDF.type, c) in g for c in FACT_CLASSES)}
    return out


@pytest.fixture(scope="module")
def outline(graph):
    (cov,) = coverages(graph, DATA, "src/yrd-outline-2019")
    return cov


@pytest.mark.parametrize("prefix, facts, covered, skipped", [
    ("第四章", 63, 52, 4),
    ("第五章", 263, 57, 15),
])
def test_chapter_counts(graph, outline, prefix, facts, covered, skipped):
    span = _chapter(graph, prefix)
    assert len(_facts_in(graph, span)) == facts
    mine = [s for s in outline.sentences if span[0] <= s.sentence.start < span[1]]
    assert [s.sentence.text for s in mine if s.status == "uncovered"] == []
    assert (sum(s.status == "covered" for s in mine), sum(s.status == "skipped" for s in mine)) == (covered, skipped)


def test_the_skip_list_holds_the_chapters_entries_in_text_order(graph):
    doc = yaml.safe_load((DATA / "coverage" / "yrd-outline-2019.yaml").read_text(encoding="utf-8"))
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    spans = [_chapter(graph, p) for p in ("第四章", "第五章")]
    offsets = [text.index(squeeze(item["text"])) for item in doc["skip"]]
    at = [i for i, o in enumerate(offsets) if any(a <= o < b for a, b in spans)]
    mine = [offsets[i] for i in at]
    assert len(mine) == 19
    assert mine == sorted(mine)
    # in the chapters' place: one block, after the earlier chapters' entries and before the later ones'
    assert at == list(range(at[0], at[0] + len(at)))
    assert all(o < spans[0][0] for o in offsets[:at[0]])
    assert all(o >= spans[1][1] for o in offsets[at[-1] + 1:])


def test_infrastructure_records_by_kind(graph):
    # 21 railways, 10 roads and crossings, 6 airports, 12 ports and waterways, 27 energy, 9 water,
    # 5 science and 7 information facilities, all with infra/ ids; the classes are kinds of yrd:Place;
    # and chapter 8's two airports (浦东机场, 虹桥机场) and chapter 11's 洋山港
    kinds = (YRD.RailwayLine, YRD.Road, YRD.Airport, YRD.Port, YRD.EnergyFacility, YRD.WaterProject,
             YRD.ScienceFacility, YRD.InformationInfrastructure)
    nodes = {n for k in kinds for n in graph.subjects(RDF.type, k)}
    assert len(nodes) == 97 + 2 + 1
    assert all(str(n).startswith(str(ID["infra/"])) for n in nodes)
    onto = ontology_graph()
    for k in kinds:
        assert (k, RDFS.subClassOf, YRD.Infrastructure) in onto
    assert (YRD.Infrastructure, RDFS.subClassOf, YRD.Place) in onto
