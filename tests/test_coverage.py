"""kg.coverage: which sentences facts cover, skip lists named by file, line and field, the text report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.coverage import coverage, coverages, format_text, text_sources
from kg.errors import DataError
from kg.paths import packaged_data
from kg.sourcetext import sentences

DATA = packaged_data()

ARTICLE = "src/zjrb-2024-06-yrd-forum"
SKIPS = DATA / "coverage" / "zjrb-2024-06-yrd-forum.yaml"


# -- sentences and parts --------------------------------------------------------------------


def test_the_article_has_94_sentences_and_7_parts():
    src = text_sources(DATA)[ARTICLE]
    assert len(sentences(src.text)) == 94
    assert [p.title for p in src.parts][1:4] == ["生活更便捷", "创新更强劲", "市场更统一"]
    assert src.parts[4].title.startswith("长三角新全媒联合体第六届年会在温州举行 凝聚新媒体力量")
    assert len(src.parts) == 7


# -- the article's coverage -------------------------------------------------------------------


def test_every_sentence_of_the_article_is_covered_or_skipped(article):
    assert len(article.sentences) == 94
    assert article.uncovered() == []
    assert (article.count("covered"), article.count("skipped")) == (70, 24)
    assert article.share("covered", "skipped") == 1.0


def test_no_skipped_sentence_is_also_covered_and_every_reason_is_used(article):
    skipped = [s for s in article.sentences if s.skip]
    assert len(skipped) == 24 and not any(s.facts for s in skipped)
    assert {s.skip for s in skipped} == set(article.reasons) == {"opinion", "commentary", "exhortation",
                                                                 "question", "scene"}


def test_skipped_sentences_state_no_fact_the_graph_could_hold(article):
    """Guards the skip list against a checkable fact hiding in it: no skipped sentence holds a
    number or a date, or a quote naming an entity of the graph."""
    for s in article.sentences:
        if s.skip:
            text = s.sentence.text.replace("“0到1”", "")  # an idiom (from nothing to something), no number
            assert not re.search(r"\d", text), s.sentence.text
            assert s.mentions == [], (s.sentence.text, s.mentions)


def test_facts_are_listed_once_per_sentence_with_their_quotes(article):
    s44 = article.sentences[43]  # 浙皖、沪皖、苏皖可以两两“互换”电力 ...
    assert s44.sentence.text.startswith("在能源领域")
    nodes = [f.node for f in s44.facts]
    assert len(nodes) == len(set(nodes))
    pairs = {f.subject for f in s44.facts if f.predicate == "betweenDivision"}
    assert pairs == {"浙皖电力互换 [arrangement/power-swap-zhejiang-anhui]",
                     "沪皖电力互换 [arrangement/power-swap-shanghai-anhui]",
                     "苏皖电力互换 [arrangement/power-swap-jiangsu-anhui]"}
    inferred = [f for s in article.sentences for f in s.facts if f.inferred]
    assert {f.kind for f in inferred} == {"statement", "post", "provision"}


def test_text_report_gives_the_shares_and_lists_each_sentence(article):
    text = format_text(article)
    assert "  covered or skipped    94  100.0%" in text
    assert "Every sentence is covered by a fact or skipped with a reason." in text
    assert "[2] line 9, skipped (opinion):" in text
    assert "involvement: 沪苏浙皖17家单位 [org/belt-road-founding-units] | FounderRole |" in text


# -- skip lists: every mistake named by file, line and field --------------------------------------
def skip_error(graph, data: Path, old: str, new: str) -> DataError:
    path = data / "coverage" / SKIPS.name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as info:
        coverages(graph, data, ARTICLE)
    return info.value


ENTRY = "{text: '再出发,谱新篇', reason: exhortation}"
SKIP_CASES = [
    ("not-in-source", ENTRY, ENTRY.replace("谱新篇", "谱新章"), "skip.text", "is not in the source"),
    ("twice-in-source", ENTRY, ENTRY.replace("再出发,谱新篇", "长三角"), "skip.text",
     "times in the source; quote more of the sentence"),
    ("unknown-reason", ENTRY, ENTRY.replace("exhortation", "slogan"), "skip.reason",
     "unknown reason 'slogan'"),
    ("markup-only", ENTRY, ENTRY.replace("再出发,谱新篇", "生活更便捷"), "skip.text", "lies in markup"),
    ("same-sentence-twice", ENTRY, ENTRY + "\n  - {text: '谱新篇。', reason: exhortation}",
     "skip.text", "is already skipped by the entry on line"),
    ("wrong-source", "source: src/zjrb-2024-06-yrd-forum", "source: src/yrd-outline-2019", "source",
     "expected 'source: src/zjrb-2024-06-yrd-forum'"),
    ("reason-without-english",
     "  question:\n    en: A rhetorical question that leads into the facts that follow.\n",
     "  question:\n", "reasons.question", "a reason says in English"),
]


def test_skip_case_list_is_not_empty():
    assert len(SKIP_CASES) >= 7


@pytest.mark.parametrize("name, old, new, field, words", SKIP_CASES, ids=[c[0] for c in SKIP_CASES])
def test_skip_list_errors_name_file_line_and_field(graph, tmp_path, copy_data, name, old, new, field, words):
    err = skip_error(graph, copy_data(tmp_path), old, new)
    assert Path(err.file).name == SKIPS.name and err.line and err.field == field, str(err)
    assert words in str(err) and "\n" not in str(err)


def test_without_a_skip_list_the_skipped_sentences_are_uncovered(graph, tmp_path, copy_data):
    data = copy_data(tmp_path)
    (data / "coverage" / SKIPS.name).unlink()
    cov = coverage(graph, text_sources(data)[ARTICLE], data)
    assert cov.count("uncovered") == 24 and cov.skip_file is None
    assert "Uncovered sentences" in format_text(cov, details=False)


# -- the page --------------------------------------------------------------------------------


def test_cli_coverage_text_html_and_unknown_source(tmp_path, capsys):
    from kg.cli import main

    assert main(["coverage", "zjrb-2024-06-yrd-forum"]) == 0
    out = capsys.readouterr().out
    assert "covered or skipped    94  100.0%" in out
    page = tmp_path / "coverage.html"
    assert main(["coverage", "--format", "html", "--out", str(page)]) == 0
    # every text source: the article's 94 sentences and the Outline's 641
    assert page.read_text(encoding="utf-8").count('class="s ') == 94 + 641
    assert main(["coverage", "no-such-source"]) == 2
    assert "no text source is called 'no-such-source'" in capsys.readouterr().err


def test_build_warns_about_uncovered_sentences(tmp_path, copy_data, capsys, monkeypatch):
    from kg.cli import main

    data = copy_data(tmp_path)
    (data / "coverage" / SKIPS.name).unlink()
    monkeypatch.setenv("YRDKG_DATA", str(data))
    assert main(["build", "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"warning: 24 of 94 sentences of {ARTICLE} are neither quoted by a fact nor skipped" in err
