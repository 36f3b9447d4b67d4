"""kg.mentions, `yrdkg mentions`: what a new text names; stubs that load once a curator fills them in."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml
from rdflib import SKOS, Literal

from kg.build import build_graph, init_data
from kg.cli import main
from kg.errors import DataError
from kg.mentions import ENDINGS, mentions, numbers, stub_yaml
from kg.ontology import ID, PROV, YRD
from kg.paths import packaged_data
from kg.sourcetext import squeeze

OUTLINE = packaged_data() / "sources" / "yrd-outline-2019.md"
ARTICLE = ID["src/zjrb-2024-06-yrd-forum"]
# A real paragraph of the Outline (第一章 第一节, 公共服务初步共享), the one notebooks/02 follows.
PARAGRAPH = next(line for line in OUTLINE.read_text(encoding="utf-8").splitlines()
                 if line.startswith("公共服务初步共享。"))


@pytest.fixture(scope="module")
def outline(graph):
    return mentions(graph, OUTLINE.read_text(encoding="utf-8"))


def _names(graph, entity) -> set[str]:
    return {squeeze(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for o in graph.objects(entity, p) if isinstance(o, Literal)}


def test_finds_in_the_outline_the_articles_entities_it_names(graph, outline):
    """Issue 11: every entity the article mentions whose name occurs in the Outline is found there."""
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    article = {e for q in graph.subjects(PROV.wasQuotedFrom, ARTICLE) for e in graph.subjects(YRD.evidence, q)
               if (e, SKOS.prefLabel, None) in graph and "/" in str(e)[len(str(ID)):]
               and str(e)[len(str(ID)):].split("/")[0] in {"org", "div", "region", "doc", "person", "area",
                                                            "domain", "sector", "event"}}
    named = {e for e in article if any(len(n) >= 2 and re.search(r"[\u4e00-\u9fff]", n) and n in text
                                       for n in _names(graph, e))}
    # read off the Outline by hand: 长三角, 上海市, 浙江省, 温州, 中共中央, 国务院, 习近平
    by_hand = {ID[i] for i in ("region/yrd", "div/310000", "div/330000", "div/330300",
                               "org/cpc-central-committee", "org/state-council", "person/xi-jinping")}
    assert by_hand <= named
    missing = named - set(outline.known)
    assert not missing, sorted(missing)


def test_each_mention_has_its_offset_line_and_sentence(outline):
    text = squeeze(OUTLINE.read_text(encoding="utf-8"))
    hits = [h for hs in outline.known.values() for h in hs]
    assert len(hits) > 100
    for h in hits:
        assert text[h.offset:h.offset + len(h.text)] == h.text
        assert h.text in squeeze(h.sentence) and h.line is not None
    wenzhou = outline.known[ID["div/330300"]]
    assert any("27个城市为中心区" in h.sentence for h in wenzhou)


def test_the_longest_name_wins(graph):
    found = mentions(graph, "长三角生态绿色一体化发展示范区建设。")
    assert set(found.known) == {ID["area/yrd-demo-zone"]}  # not 长三角 (the region) inside its name


def test_candidate_names_by_their_endings(graph, outline):
    known = set().union(*(_names(graph, e) for e in outline.known))
    # a candidate is a name by its ending that no entity of the graph bears
    assert outline.candidates and not known & set(outline.candidates)
    # 昆山杜克大学 and 清华长三角研究院 (第四章) were candidates until chapter 4 was curated
    assert {"昆山杜克大学", "清华长三角研究院"} <= known
    assert {"昆山杜克大学", "清华长三角研究院"}.isdisjoint(outline.candidates)
    assert all(any(c.endswith(e) for e in ENDINGS) for c in outline.candidates)
    assert not any(c.endswith(("格局", "布局")) for c in outline.candidates)  # 新格局 is no bureau


def test_every_ending_names_a_class_of_the_ontology():
    for kind, cls in ENDINGS.values():
        assert hasattr(YRD, cls) and kind in {"org", "area", "place"}


def test_numbers_with_their_units():
    got = [n.text for n in numbers(PARAGRAPH)]
    # 4家跨区域联合职业教育集团; 长三角30个城市112家三甲医院; 近23.6万人次; 约54亿元
    assert got == ["4家", "30个", "112家", "23.6万人次", "54亿元"]
    assert [n.text for n in numbers("中心区城乡居民收入差距控制在2.2∶1以内，5G网络覆盖率达到80%")] == \
        ["2.2∶1", "80%"]


# -- stubs -----------------------------------------------------------------------------
def _register(data, path, slug):
    sources = data / "sources.yaml"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sources.write_text(sources.read_text(encoding="utf-8") + (
        f"  - id: src/{slug}\n    path: sources/{path.name}\n    sha256: {digest}\n"
        f"    title: {{zh: 公共服务初步共享, en: Public services begin to be shared}}\n"), encoding="utf-8")


def test_stub_records_load_once_a_curator_fills_in_the_blanks(tmp_path, graph, monkeypatch):
    data = tmp_path / "data"
    init_data(data)
    text = data / "sources" / "new-text.md"
    text.write_text(PARAGRAPH + "\n", encoding="utf-8")
    _register(data, text, "new-text")
    stub = tmp_path / "stub.yaml"
    assert main(["mentions", str(text), "--yaml", "--data", str(data), "-o", str(stub)]) == 0
    doc = yaml.safe_load(stub.read_text(encoding="utf-8"))
    assert doc["source"] == "src/new-text"
    new = [r for r in doc["records"] if not r.get("merge")]
    known = {r["id"] for r in doc["records"] if r.get("merge")}
    assert new and {"org/yrd-city-hospital-alliance", "region/yrd"} <= known  # 城市医院协同发展联盟, 长三角
    assert all(r["label"]["en"] == "" and PARAGRAPH.find(r["label"]["zh"]) >= 0 for r in new)
    # as written, the stub does not load: nothing enters the graph unreviewed
    (data / "zz-new-text.yaml").write_text(stub.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataError, match="'en' text must be a non-empty string"):
        build_graph(data)
    # the curator fills in the English names (and would check ids, classes and quotes)
    count = iter(range(1, 1000))
    filled = re.sub(r"\ben: ''", lambda m: f"en: New name {next(count)}", stub.read_text(encoding="utf-8"))
    (data / "zz-new-text.yaml").write_text(filled, encoding="utf-8")
    g = build_graph(data)
    src = ID["src/new-text"]
    for r in new:
        node = ID[r["id"]]
        assert (node, SKOS.prefLabel, Literal(r["label"]["zh"], lang="zh")) in g
        assert any((q, PROV.wasQuotedFrom, src) in g for q in g.objects(node, YRD.evidence))
    region = {q for q in g.objects(ID["region/yrd"], YRD.evidence) if (q, PROV.wasQuotedFrom, src) in g}
    assert region  # the known entity gained its evidence in the new text


def test_stub_of_an_unregistered_text_says_to_register_it(tmp_path, graph):
    text = tmp_path / "Another Report.txt"
    text.write_text(PARAGRAPH, encoding="utf-8")
    out = stub_yaml(graph, mentions(graph, PARAGRAPH), "src/another-report", registered=False)
    assert "register the text in sources.yaml as src/another-report" in out


def test_cli_report_and_errors(tmp_path, capsys):
    text = tmp_path / "p.md"
    text.write_text(PARAGRAPH, encoding="utf-8")
    assert main(["mentions", str(text)]) == 0
    out = capsys.readouterr().out
    assert "Known entities:" in out and "Candidate new names:" in out and "23.6万人次" in out
    assert main(["mentions", "no-such-source"]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "no text source is called 'no-such-source'" in err and "Traceback" not in err
