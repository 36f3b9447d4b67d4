"""Read a new source text for a curator: the known entities it names, candidate new names, its numbers.

Nothing here enters the graph. :func:`mentions` finds, in a text,

- every **known entity** it names, by label, alternative label or short form (the
  names of the curated graph, ``skos:prefLabel``, ``altLabel`` and ``hiddenLabel``;
  the longest name wins where names overlap);
- **candidate new names**: runs of text ending in the typical endings of an
  organisation, place or project name (集团, 公司, 大学, 实验室, 研究院, 厅, 局, 委员会,
  协会, 联盟, 走廊, 示范区, 铁路, 机场, ...) that no known name covers;
- every **number** (Arabic digits) with the unit after it (35.8万平方公里, 80%, 2.2∶1).

Each comes with its offset (in the text with whitespace removed, the coordinates of
``yrd:offset``), its line and its sentence. :func:`stub_yaml` writes stub records
for a curator: ``merge: true`` records giving each known entity its evidence in
the new text, and new records with their label's ``en`` left blank, so they do not
load until a curator completes and checks them.

>>> [n.text for n in numbers("面积35.8万平方公里，达到80%，G60走廊。")]
['35.8万平方公里', '80%']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

import yaml
from rdflib import SKOS, Graph, Literal, URIRef

from kg.names import curie, entity_id, label
from kg.ontology import ID
from kg.sourcetext import Sentence, segments, squeeze

# The endings of a name, and the kind of id and class a record for it starts from (a curator checks).
ENDINGS = {
    "集团": ("org", "Enterprise"), "公司": ("org", "Enterprise"), "大学": ("org", "University"),
    "学院": ("org", "University"), "实验室": ("org", "Laboratory"), "研究院": ("org", "ResearchInstitute"),
    "研究所": ("org", "ResearchInstitute"), "医院": ("org", "Hospital"), "厅": ("org", "GovernmentBody"),
    "局": ("org", "GovernmentBody"), "委员会": ("org", "GovernmentBody"), "办公室": ("org", "GovernmentBody"),
    "领导小组": ("org", "GovernmentBody"), "协会": ("org", "Association"), "联盟": ("org", "Collaboration"),
    "走廊": ("area", "Corridor"), "示范区": ("area", "DemonstrationZone"), "新区": ("area", "DesignatedArea"),
    "铁路": ("place", "Place"), "机场": ("place", "Place"),
}
# Words that end a name's run to the left: function words and the verbs a plan puts before a name.
STOPS = ("的", "和", "与", "及", "、", "在", "为", "以", "由", "对", "将", "把", "等", "是", "了", "向",
         "从", "同", "并", "或", "有", "其", "各", "之", "建设", "推进", "加快", "支持", "推动", "打造",
         "发挥", "依托", "成立", "设立", "组建", "联合", "建立", "完善", "加强", "提升", "深化", "实施",
         "开展", "共建", "规划", "培育", "发展", "探索", "鼓励", "引导", "优化", "构建", "形成", "促进",
         "高水平", "积极", "研究", "提高", "联通", "拓展", "推广", "总结")
NOT_NAMES = ("格局", "布局", "大局", "全局", "开局", "结局", "当局", "大厅")  # words ending in 局 or 厅
ENTITY_KINDS_SKIPPED = {"provision", "post", "involvement", "statement", "target", "statistic", "quote",
                        "src"}
_CJK = re.compile(r"[\u3400-\u9fff]")
_RUN = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+$")
UNITS = ("公里/万平方公里", "公里/百平方公里", "万平方公里", "平方公里", "万亿元", "亿元", "万元", "元",
         "万人次", "人次", "千瓦时", "万千瓦", "千瓦", "万吨", "吨", "万人", "万个", "万", "亿", "%", "‰",
         "个", "家", "项", "条", "座", "所", "批", "年", "月", "日", "岁", "倍", "小时", "天", "人", "名",
         "次", "届", "台", "辆", "公里", "米", "户", "期", "种", "类", "处", "省", "市", "县", "区")
NUMBER = re.compile(r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?(?:∶\d+(?:\.\d+)?)?)(?![A-Za-z])("
                    + "|".join(re.escape(u) for u in UNITS) + ")?")


@dataclass(frozen=True)
class Hit:
    """One thing found in the text: what, where (squeezed offset, line) and the sentence around it."""

    text: str
    offset: int
    line: int | None
    sentence: str


@dataclass
class Mentions:
    """Everything :func:`mentions` finds in one text."""

    known: dict[URIRef, list[Hit]] = field(default_factory=dict)   # entity -> where it is named
    candidates: dict[str, list[Hit]] = field(default_factory=dict)  # new name -> where
    numbers: list[Hit] = field(default_factory=list)
    sentences: int = 0


def known_names(g: Graph) -> dict[str, set[URIRef]]:
    """Map each Chinese name (two characters or more) of an entity of the graph to the entities it names."""
    out: dict[str, set[URIRef]] = defaultdict(set)
    for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for s, o in g.subject_objects(p):
            if not isinstance(s, URIRef) or not str(s).startswith(str(ID)) or not isinstance(o, Literal):
                continue
            if entity_id(s).split("/", 1)[0] in ENTITY_KINDS_SKIPPED:
                continue
            name = squeeze(str(o))
            if len(name) >= 2 and _CJK.search(name):
                out[name].add(s)
    return out


class _Locator:
    """Squeezed offset -> (line, sentence text); a heading is its own sentence."""

    def __init__(self, text: str):
        self.segments = segments(text)
        self.sentences = sum(isinstance(s, Sentence) for s in self.segments)
        self.starts = [s.start for s in self.segments]

    def at(self, offset: int) -> tuple[int | None, str]:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.segments[i].end:
            return self.segments[i].line, self.segments[i].text
        return None, ""


def numbers(text: str, where: _Locator | None = None) -> list[Hit]:
    """Every number in ``text`` with the unit after it, if any (whitespace ignored)."""
    flat = squeeze(text)
    where = where or _Locator(text)
    return [Hit(m.group(0), m.start(), *where.at(m.start())) for m in NUMBER.finditer(flat)]


def _candidate(flat: str, end: int, ending: str) -> str | None:
    """The name that ends at ``end`` with ``ending``: the run of text before it, cut at a stop word."""
    run = _RUN.search(flat[max(0, end - len(ending) - 14):end - len(ending)])
    head = run.group(0) if run else ""
    cut = max((head.rfind(w) + len(w) for w in STOPS if w in head), default=0)
    counted = re.search(r".*\d+\D", head)  # 30个城市112家三甲医院: a count with its measure word ends a run
    head = head[max(cut, counted.end() if counted else 0):]
    name = head + ending
    if len(head) < 2 or any(name.endswith(w) for w in NOT_NAMES):
        return None
    return name


def mentions(g: Graph, text: str) -> Mentions:
    """Find the known entities, candidate new names and numbers of ``text`` (see the module's doc)."""
    flat = squeeze(text)
    where = _Locator(text)
    out = Mentions(sentences=where.sentences)
    names = known_names(g)
    covered = [False] * len(flat)
    if names:
        pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))))
        for m in pattern.finditer(flat):
            hit = Hit(m.group(0), m.start(), *where.at(m.start()))
            for entity in sorted(names[m.group(0)]):
                out.known.setdefault(entity, []).append(hit)
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
    endings = re.compile("|".join(re.escape(e) for e in sorted(ENDINGS, key=len, reverse=True)))
    for m in endings.finditer(flat):
        name = _candidate(flat, m.end(), m.group(0))
        start = m.end() - len(name) if name else 0
        if name and not all(covered[start:m.end()]) and name not in names:
            out.candidates.setdefault(name, []).append(Hit(name, start, *where.at(start)))
    out.numbers = numbers(text, where)
    return out


# -- reports ---------------------------------------------------------------------------------
def _clip(s: str, n: int = 70) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def format_text(g: Graph, found: Mentions, name: str) -> str:
    """The report for people: known entities, candidates, numbers, each with offset, line, sentence."""
    lines = [f"Mentions in {name}: {found.sentences} sentences", "",
             f"Known entities: {len(found.known)} ({sum(len(h) for h in found.known.values())} mentions)"]
    for entity, hits in sorted(found.known.items(), key=lambda kv: kv[1][0].offset):
        lines.append(f"  {curie(entity)}  {label(g, entity, 'zh') or ''} / {label(g, entity, 'en') or ''}"
                     f"  x{len(hits)}")
        for h in hits[:3]:
            lines.append(f"      @{h.offset} line {h.line}  {h.text}  {_clip(h.sentence)}")
    lines += ["", f"Candidate new names: {len(found.candidates)} (check each: a name, or a phrase?)"]
    for cand, hits in sorted(found.candidates.items(), key=lambda kv: kv[1][0].offset):
        kind, cls = _kind(cand)
        lines.append(f"  {cand}  ({kind}/..., {cls})  x{len(hits)}")
        lines.append(f"      @{hits[0].offset} line {hits[0].line}  {_clip(hits[0].sentence)}")
    lines += ["", f"Numbers: {len(found.numbers)}"]
    for h in found.numbers:
        lines.append(f"  {h.text}  @{h.offset} line {h.line}  {_clip(h.sentence)}")
    return "\n".join(lines) + "\n"


def slug(path) -> str:
    """A source id's slug from a file name: lower-case ASCII words, else ``new-source``."""
    words = re.findall(r"[a-z0-9]+", str(path.stem).lower())
    return "-".join(words) or "new-source"


def _kind(name: str) -> tuple[str, str]:
    ending = next(e for e in sorted(ENDINGS, key=len, reverse=True) if name.endswith(e))
    return ENDINGS[ending]


def stub_yaml(g: Graph, found: Mentions, source_id: str, registered: bool) -> str:
    """Stub records for a curator: evidence of the known entities, new records with blanks to fill.

    The known entities' records are ``merge: true`` with the sentence naming them as
    ``evidence``; the candidates' records have an id to choose, a class to check and
    an English label left blank, which the loader refuses until it is filled in.
    """
    head = [f"# Stub records written by `yrdkg mentions` for {source_id}: NOT curated. Check every record",
            "# against the text, trim each quote to the passage that shows the fact, delete what is no",
            "# name, choose ids and fill in the blanks (label en); then move the file into kg/data.",
            "# The loader refuses the file while a label is blank."]
    if not registered:
        head.append(f"# First register the text in sources.yaml as {source_id} (id, path, sha256, title).")
    records = []
    for entity, hits in sorted(found.known.items(), key=lambda kv: kv[1][0].offset):
        quotes = list(dict.fromkeys(h.sentence for h in hits))
        records.append({"id": entity_id(entity), "merge": True,
                        "evidence": quotes[0] if len(quotes) == 1 else quotes})
    for n, (cand, hits) in enumerate(sorted(found.candidates.items(), key=lambda kv: kv[1][0].offset), 1):
        kind, cls = _kind(cand)
        records.append({"id": f"{kind}/new-{n}", "type": cls, "label": {"zh": cand, "en": ""},
                        "evidence": hits[0].sentence})
    body = yaml.safe_dump({"source": source_id, "records": records}, allow_unicode=True, sort_keys=False,
                          width=1000)
    figures = [f"#   {h.text}  (@{h.offset}): {h.sentence}" for h in found.numbers]
    tail = ["", "# Numbers, for figures (targets, statistics) on the records they are about:", *figures]
    return "\n".join(head) + "\n" + body + ("\n".join(tail) + "\n" if figures else "")

