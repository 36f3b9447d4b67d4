"""kg.sourcetext: sentences end at stops, markup is not prose, parts nest by heading level."""

from __future__ import annotations

from kg.sourcetext import Markup, parts, segments, sentences, smallest_part, squeeze


def test_sentences_end_at_stops_and_keep_closing_quotes():
    text = "甲说,“好。”乙走了!丙呢?\n丁来了？戊\n\n到了。"
    assert [s.text for s in sentences(text)] == ["甲说,“好。”", "乙走了!", "丙呢?", "丁来了？", "戊到了。"]


def test_line_breaks_inside_a_sentence_join_without_space_and_spaces_on_a_line_stay():
    (s,) = sentences("本报讯 (潮新闻记者 黄云灵\n\n汪江军) 开会了。")
    assert s.text == "本报讯 (潮新闻记者 黄云灵汪江军) 开会了。"
    assert (s.start, s.end) == (0, len(squeeze(s.text)))


def test_headings_table_of_contents_and_tags_are_markup_and_end_sentences():
    text = ("# 标题\n\n前言没有句号\n## 第一章\u3000背景\n\n- <a href=\"##前言\">前言</a>\n"
            "  - [第一节](###第一节)\n正文。\n\n</\n")
    segs = segments(text)
    kinds = [(type(s).__name__, s.text) for s in segs]
    assert kinds == [("Markup", "标题"), ("Sentence", "前言没有句号"), ("Markup", "第一章 背景"),
                     ("Markup", '- <a href="##前言">前言</a>'), ("Markup", "- [第一节](###第一节)"),
                     ("Sentence", "正文。"), ("Markup", "</")]
    assert [s.level for s in segs if isinstance(s, Markup)] == [1, 2, 0, 0, 0]


def test_a_sentence_opens_a_paragraph_when_it_begins_its_line():
    first, second, third = sentences("一。二。\n三。")
    assert (first.opens, second.opens, third.opens) == (True, False, True)


def test_parts_nest_and_run_to_the_next_heading_of_their_level():
    text = "# A\n甲。\n## B\n乙。\n### C\n丙。\n## D\n丁。\n"
    a, b, c, d = parts(text)
    assert [(p.title, p.level, p.parent) for p in (a, b, c, d)] == [("A", 1, None), ("B", 2, 1), ("C", 3, 2),
                                                                    ("D", 2, 1)]
    # squeezed: "#A甲。##B乙。###C丙。##D丁。": a part starts at its heading's first '#'
    assert (b.start, b.end) == (4, 15) and (c.start, c.end) == (9, 15) and d.end == len(squeeze(text))
    assert smallest_part([a, b, c, d], 10) == c and smallest_part([a, b, c, d], 5) == b
