"""Coverage of a source text by the graph: which sentences facts quote, which are skipped, which not.

A sentence (:func:`kg.sourcetext.sentences`) is **covered** when the quote of some fact
overlaps it: a reified statement, an involvement, a post, a figure or a provision.
An entity's mention (its ``evidence``) is listed but covers nothing: it states no
fact. A sentence no fact quotes is **skipped** when the source's skip list
(``kg/data/coverage/<source slug>.yaml``) holds a passage of it with a reason, and
**uncovered** otherwise. A quote is placed at its ``yrd:offset`` (its first
occurrence in the source, whitespace removed).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Literal, URIRef

from kg.errors import DataError
from kg.loaders.sources import Source, load_sources
from kg.loaders.yamlfile import LDict, check_stray_text, read_yaml
from kg.ontology import ID, PROV, YRD
from kg.paths import relative
from kg.sourcetext import Markup, Sentence, segments, squeeze

SKIP_FOLDER = "coverage"
STATUSES = ("covered", "skipped", "uncovered")
KINDS = ("statement", "involvement", "post", "figure", "provision", "mention")


@dataclass
class FactRef:
    """A fact (or a mention) whose quote overlaps a sentence, named for people."""

    node: URIRef
    kind: str               # one of KINDS
    subject: str            # labels, with ids in brackets
    predicate: str
    obj: str
    quotes: list[str]       # those of its quotes that overlap the sentence
    inferred: str | None    # the curator's reason (English) if the fact is marked inferred


@dataclass
class SentenceCoverage:
    sentence: Sentence
    facts: list[FactRef] = field(default_factory=list)
    mentions: list[FactRef] = field(default_factory=list)
    skip: str | None = None          # the reason's name
    skip_line: int | None = None     # its entry in the skip list

    @property
    def status(self) -> str:
        return "covered" if self.facts else "skipped" if self.skip else "uncovered"


@dataclass
class Coverage:
    """One source, sentence by sentence, with the markup between."""

    source: str
    title: str
    file: str
    segments: list                   # SentenceCoverage or Markup, in order
    reasons: dict[str, dict]         # reason name -> {lang: text}
    skip_file: Path | None

    @property
    def sentences(self) -> list[SentenceCoverage]:
        return [s for s in self.segments if isinstance(s, SentenceCoverage)]

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.sentences)

    def share(self, *statuses: str) -> float:
        total = len(self.sentences)
        return sum(self.count(s) for s in statuses) / total if total else 0.0

    def uncovered(self) -> list[SentenceCoverage]:
        return [s for s in self.sentences if s.status == "uncovered"]


# -- skip lists ------------------------------------------------------------------------
def skip_file(data: Path, source_id: str) -> Path:
    """``kg/data/coverage/<slug>.yaml`` for ``src/<slug>``."""
    return Path(data) / SKIP_FOLDER / f"{source_id.split('/', 1)[-1]}.yaml"


def _reasons(doc: LDict, path: Path) -> dict:
    reasons = doc.get("reasons") or LDict()
    if not isinstance(reasons, LDict):
        raise DataError("expected reasons by name: {name: {en: ..., zh: ...}}", path, doc.line_of("reasons"),
                        "reasons")
    for name, text in reasons.items():
        if isinstance(text, LDict):
            check_stray_text(text, ("en", "zh"), path, f"reasons.{name}")
        if not isinstance(text, dict) or "en" not in text or not set(text) <= {"en", "zh"} \
                or not all(isinstance(v, str) and v.strip() for v in text.values()):
            raise DataError("a reason says in English (and optionally Chinese) why such sentences state "
                            "no checkable fact: {en: ..., zh: ...}", path, reasons.line_of(name),
                            f"reasons.{name}")
    return {str(k): dict(v) for k, v in reasons.items()}


def read_skip_list(path: Path, src: Source) -> tuple[dict, list[tuple[int, int, str, int]]]:
    """Read a skip list: its reasons, and (start, end, reason, line) of each passage it skips."""
    doc = read_yaml(path)
    if not isinstance(doc, LDict):
        raise DataError("expected a mapping with 'source', 'reasons' and 'skip'", path, 1)
    for key in doc:
        if key not in ("source", "reasons", "skip"):
            raise DataError("unknown field; a skip list has 'source', 'reasons' and 'skip'", path,
                            doc.line_of(key), str(key))
    if doc.get("source") != src.id:
        raise DataError(f"this is the skip list of {src.id}: expected 'source: {src.id}'", path,
                        doc.line_of("source"), "source")
    reasons = _reasons(doc, path)
    items = doc.get("skip") or []
    if not isinstance(items, list):
        raise DataError("expected a list of {text: ..., reason: ...}", path, doc.line_of("skip"), "skip")
    out = []
    for i, item in enumerate(items):
        line = items.line_of(i)
        if isinstance(item, LDict):
            check_stray_text(item, ("text", "reason"), path, "skip")
        if not isinstance(item, LDict) or set(item) != {"text", "reason"}:
            raise DataError("expected {text: ..., reason: ...}", path, line, "skip")
        text = squeeze(item["text"]) if isinstance(item["text"], str) else ""
        found = src.squeezed.count(text) if text else 0
        if found != 1:
            what = "is not in the source, even with whitespace ignored" if not found else \
                f"occurs {found} times in the source; quote more of the sentence"
            raise DataError(f"the passage {item['text']!r} {what}", path, item.line_of("text"), "skip.text")
        if item["reason"] not in reasons:
            raise DataError(f"unknown reason {item['reason']!r}; the reasons are: {', '.join(reasons)}",
                            path, item.line_of("reason"), "skip.reason")
        start = src.squeezed.index(text)
        out.append((start, start + len(text), item["reason"], line))
    return reasons, out


# -- facts quoting the source ---------------------------------------------------------------
def _label(g: Graph, node) -> str:
    if isinstance(node, Literal):
        return str(node)
    labels = {lit.language: str(lit) for lit in g.objects(node, SKOS.prefLabel) if isinstance(lit, Literal)}
    name = labels.get("zh") or labels.get("en")
    ident = str(node)[len(str(ID)):] if str(node).startswith(str(ID)) else str(node).rsplit("#", 1)[-1]
    return f"{name} [{ident}]" if name else ident


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1]


def describe(g: Graph, node: URIRef) -> FactRef:
    """Say what the node states, in the terms of kg.loaders' fact kinds (quotes left empty)."""
    inferred = None
    if (node, YRD.inferred, Literal(True)) in g:
        inferred = next((str(n) for n in g.objects(node, YRD.inferenceNote) if n.language == "en"), "")
    if (node, RDF.type, RDF.Statement) in g:
        s, p, o = (g.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        return FactRef(node, "statement", _label(g, s), _local(p), _label(g, o), [], inferred)
    if g.value(node, YRD.agent) is not None:
        agent, role, coop = (g.value(node, p) for p in (YRD.agent, YRD.role, YRD.cooperation))
        return FactRef(node, "involvement", _label(g, agent), _local(role), _label(g, coop), [], inferred)
    if g.value(node, YRD.postHolder) is not None:
        return FactRef(node, "post", _label(g, g.value(node, YRD.postHolder)), _label(g, node),
                       _label(g, g.value(node, YRD.postIn)), [], inferred)
    owner = g.value(node, YRD.targetOf) or g.value(node, YRD.about)
    if owner is not None:
        measures = next((str(m) for m in g.objects(node, YRD.measures) if m.language == "zh"), "")
        comparator, value, unit = (g.value(node, p) for p in (YRD.comparator, YRD.value, YRD.unit))
        value = f"{_local(comparator)} {value} {_local(unit)}"
        return FactRef(node, "figure", _label(g, owner), measures, value, [], inferred)
    owner = g.value(None, YRD.hasProvision, node)
    if owner is not None:
        return FactRef(node, "provision", _label(g, owner), "hasProvision", _label(g, node), [], inferred)
    return FactRef(node, "mention", _label(g, node), "evidence", "", [], None)


def quoted(g: Graph, src: Source) -> list[tuple[int, int, URIRef, str]]:
    """Every (start, end, node, quote text) of a node whose evidence quotes ``src``, placed at the
    quote's offset."""
    out = []
    for q in g.subjects(PROV.wasQuotedFrom, src.iri):
        offset, text = g.value(q, YRD.offset), g.value(q, YRD.text)
        if offset is None or text is None:
            continue
        start = int(offset)
        end = start + len(squeeze(str(text)))
        out += [(start, end, node, str(text)) for node in g.subjects(YRD.evidence, q)]
    return sorted(out, key=lambda x: (x[0], x[1], str(x[2])))


# -- coverage ---------------------------------------------------------------------------------
def _place_facts(g: Graph, src: Source, sentences: list[SentenceCoverage]) -> None:
    """List on each sentence the facts whose quotes overlap it, once each, with those quotes."""
    known: dict[URIRef, FactRef] = {}
    placed: dict[tuple[int, URIRef], FactRef] = {}   # (sentence number, node) -> its entry there
    for start, end, node, text in quoted(g, src):
        if node not in known:
            known[node] = describe(g, node)
        for s in sentences:
            if not (s.sentence.start < end and start < s.sentence.end):
                continue
            key = (s.sentence.number, node)
            if key not in placed:
                f = known[node]
                placed[key] = FactRef(f.node, f.kind, f.subject, f.predicate, f.obj, [], f.inferred)
                (s.mentions if f.kind == "mention" else s.facts).append(placed[key])
            placed[key].quotes.append(text)
    for s in sentences:
        s.facts.sort(key=lambda f: (KINDS.index(f.kind), f.subject, f.predicate, f.obj))


def coverage(g: Graph, src: Source, data: Path) -> Coverage:
    """Place every fact quoting ``src`` and every skip-list entry on the sentences of ``src``."""
    segs = [SentenceCoverage(s) if isinstance(s, Sentence) else s for s in segments(src.text)]
    sentences = [s for s in segs if isinstance(s, SentenceCoverage)]
    _place_facts(g, src, sentences)
    path = skip_file(data, src.id)
    reasons = {}
    if path.exists():
        reasons, skips = read_skip_list(path, src)
        for start, end, reason, line in skips:
            hit = [s for s in sentences if s.sentence.start < end and start < s.sentence.end]
            if not hit:
                raise DataError("the passage lies in markup (a heading or the table of contents), not in a "
                                "sentence", path, line, "skip.text")
            for s in hit:
                if s.skip is not None:
                    raise DataError(f"sentence {s.sentence.number} is already skipped by the entry on line "
                                    f"{s.skip_line}", path, line, "skip.text")
                s.skip, s.skip_line = reason, line
    title = next((str(t) for t in g.objects(src.iri, SKOS.prefLabel) if t.language == "zh"), src.id)
    return Coverage(src.id, title, src.path.name, segs, reasons, path if path.exists() else None)


def text_sources(data: Path) -> dict[str, Source]:
    """The registered sources that are texts (not tables), by id."""
    sources = load_sources(Path(data) / "sources.yaml")
    return {sid: s for sid, s in sources.items() if s.record.get("table") is None}


def find_source(sources: dict[str, Source], name: str) -> Source:
    """Pick a source by id (``src/x``), slug (``x``) or file name."""
    for src in sources.values():
        if name in (src.id, src.id.split("/", 1)[-1], src.path.name):
            return src
    raise DataError(f"no text source is called {name!r}; the text sources are: "
                    f"{', '.join(sorted(sources))}")


def coverages(g: Graph, data: Path, name: str | None = None) -> list[Coverage]:
    """Coverage of one text source (by id, slug or file name), or of every one."""
    sources = text_sources(data)
    chosen = [find_source(sources, name)] if name else list(sources.values())
    return [coverage(g, src, data) for src in chosen]


# -- text report --------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _fact_line(f: FactRef) -> str:
    mark = f"  [inferred: {f.inferred}]" if f.inferred is not None else ""
    return f"      {f.kind}: {f.subject} | {f.predicate} | {f.obj}{mark}"


def summary(cov: Coverage) -> list[str]:
    """The shares, the skips by reason, and the sentences neither covered nor skipped."""
    total = len(cov.sentences)
    n_facts = len({f.node for s in cov.sentences for f in s.facts})
    lines = [f"{total} sentences; {n_facts} facts quote them.",
             f"  covered             {cov.count('covered'):>4}  {_pct(cov.share('covered'))}",
             f"  skipped             {cov.count('skipped'):>4}  {_pct(cov.share('skipped'))}",
             f"  covered or skipped  {cov.count('covered') + cov.count('skipped'):>4}  "
             f"{_pct(cov.share('covered', 'skipped'))}",
             f"  uncovered           {cov.count('uncovered'):>4}  {_pct(cov.share('uncovered'))}"]
    reasons = Counter(s.skip for s in cov.sentences if s.status == "skipped")
    if reasons:
        lines.append("Skipped, by reason: " + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items())))
    redundant = [s.sentence.number for s in cov.sentences if s.skip and s.facts]
    if redundant:
        lines.append("Skipped but covered by a fact (drop these entries from the skip list): "
                     + ", ".join(map(str, redundant)))
    lines.append(f"Skip list: {relative(cov.skip_file) if cov.skip_file else 'none'}")
    missing = cov.uncovered()
    if missing:
        lines.append("Uncovered sentences (add a fact that quotes each, or skip it with a reason):")
        lines += [f"  [{s.sentence.number}] line {s.sentence.line}: {s.sentence.text}" for s in missing]
    else:
        lines.append("Every sentence is covered by a fact or skipped with a reason.")
    return lines


def format_text(cov: Coverage, details: bool = True) -> str:
    """Each sentence with its status and facts (``details``), then the summary."""
    lines = [f"Coverage of {cov.source} ({cov.file})", ""]
    if details:
        for seg in cov.segments:
            if isinstance(seg, Markup):
                if seg.level:
                    lines.append(f"{'#' * seg.level} {seg.text}")
                continue
            s = seg.sentence
            why = f" ({seg.skip})" if seg.status == "skipped" else ""
            lines.append(f"  [{s.number}] line {s.line}, {seg.status}{why}: {s.text}")
            lines += [_fact_line(f) for f in seg.facts]
        lines.append("")
    return "\n".join(lines + summary(cov)) + "\n"
