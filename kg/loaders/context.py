"""Shared state of one load: the graph being filled, known identifiers, quotes."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import DCTERMS, RDF, SKOS, XSD, Graph, Literal, URIRef

from kg.errors import DataError
from kg.loaders.sources import Source, squeeze
from kg.loaders.yamlfile import LDict, LList, check_stray_text
from kg.ontology import ID, PROV, YRD, Ontology

LANGS = ("zh", "en")
# What an id may hold: it ends an IRI (id:org/name) and a Turtle prefixed name, so no
# space, no '<', '>', '|' or other character an IRI or a prefixed name cannot carry.
_SEGMENT = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?"
ID_GRAMMAR = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")


@dataclass
class Fact:
    """A fact as written, for the grounding check: the node carrying its quotes, the entities it
    joins (``obj`` is None when the object is a literal or absent) and where it was written."""

    node: URIRef
    subject: URIRef
    obj: URIRef | None
    quotes: list[URIRef]
    inferred: bool
    file: Path
    line: int
    field: str


@dataclass
class Entry:
    """What pass one learnt about an identifier: its classes and where it is defined."""

    types: set
    file: Path
    line: int


def digest(*parts: object) -> str:
    """Return a short stable hash naming a generated node."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class FileGraph(Graph):
    """A graph that notes, for each triple, the data file that wrote it first (``writer``)."""

    def __init__(self):
        super().__init__()
        self.writer: str | None = None
        self.by_file: dict[str, list] = {}

    def add(self, triple):
        if self.writer is not None and triple not in self:
            self.by_file.setdefault(self.writer, []).append(triple)
        return super().add(triple)


class Context:
    """Collect triples and check references for one build."""

    def __init__(self, onto: Ontology, sources: dict[str, Source]):
        self.onto = onto
        self.sources = sources
        self.graph = FileGraph()
        self.ids: dict[str, Entry] = {}
        self.minted: dict[URIRef, tuple[Path, int]] = {}
        self.facts: list[Fact] = []
        self.quote_texts: dict[URIRef, str] = {}  # quote node -> its text with whitespace removed

    # -- identifiers -------------------------------------------------------
    def register(self, ident, types: set, file: Path, line: int, field: str = "id") -> None:
        if not isinstance(ident, str) or not ID_GRAMMAR.fullmatch(ident):
            raise DataError(f"an id must be a word like 'org/name': ASCII letters, digits and - _ . /, "
                            f"each part between slashes starting with a letter or digit and not ending "
                            f"in '.'; not {ident!r}", file, line, field)
        if ident in self.ids:
            first = self.ids[ident]
            raise DataError(f"duplicate id '{ident}' (first defined in {first.file.name}, line "
                            f"{first.line})", file, line, field)
        self.ids[ident] = Entry(types, file, line)

    def resolve(self, ident, file: Path, line: int, field: str, expect: URIRef | None = None) -> URIRef:
        """Return the IRI of a known id whose class fits ``expect``."""
        if not isinstance(ident, str) or ident not in self.ids:
            near = difflib.get_close_matches(ident, list(self.ids), n=5) if isinstance(ident, str) else []
            if not near and isinstance(ident, str):
                prefix = ident.split("/")[0] + "/"
                near = sorted(i for i in self.ids if i.startswith(prefix))[:8]
            hint = f" Known ids like it: {', '.join(near)}." if near else ""
            raise DataError(f"unknown identifier {ident!r}.{hint}", file, line, field)
        entry = self.ids[ident]
        if expect is not None and not self.onto.is_a(entry.types, expect):
            have = ", ".join(sorted(self.onto.local(t) for t in entry.types))
            raise DataError(f"'{ident}' is of class {have}, but this field needs one of class "
                            f"{self.onto.local(expect)}", file, line, field)
        return ID[ident]

    def mint(self, kind: str, file: Path, line: int, *parts: object, field: str | None = None) -> URIRef:
        """Name a generated node; the same parts twice is a duplicate record."""
        node = ID[f"{kind}/{digest(*parts)}"]
        if node in self.minted:
            first_file, first_line = self.minted[node]
            raise DataError(f"this {kind} repeats the one in {first_file.name}, line {first_line}",
                            file, line, field)
        self.minted[node] = (file, line)
        return node

    # -- labels ------------------------------------------------------------
    def add_labels(self, node: URIRef, rec: LDict, key: str, file: Path,
                   predicates=(SKOS.prefLabel,), field: str | None = None) -> None:
        """Add one Chinese and one English label from ``rec[key]``."""
        value = rec.get(key)
        line = rec.line_of(key)
        field = field or key
        if isinstance(value, LDict):
            check_stray_text(value, LANGS, file, field)
        if not isinstance(value, dict) or set(value) != set(LANGS):
            raise DataError("expected exactly a Chinese and an English text: {zh: ..., en: ...}",
                            file, line, field)
        for lang in LANGS:
            text = value[lang]
            if not isinstance(text, str) or not text.strip():
                raise DataError(f"the '{lang}' text must be a non-empty string", file, line, field)
            for p in predicates:
                self.graph.add((node, p, Literal(" ".join(text.split()), lang=lang)))

    def lang_map(self, value, file: Path, line: int, field: str, many: bool = False):
        """Read {zh: ..., en: ...} (lists of texts when ``many``) into literals."""
        if isinstance(value, LDict):
            check_stray_text(value, LANGS, file, field)
        if not isinstance(value, dict) or not value or not set(value) <= set(LANGS):
            raise DataError("expected texts keyed by language: zh and/or en", file, line, field)
        out = []
        for lang, texts in value.items():
            texts = texts if many and isinstance(texts, list) else [texts]
            for text in texts:
                if not isinstance(text, str) or not text.strip():
                    raise DataError(f"the '{lang}' text must be a non-empty string", file, line, field)
                out.append(Literal(" ".join(text.split()), lang=lang))
        return out

    # -- provenance --------------------------------------------------------
    def quote(self, spec, default_source: str | None, file: Path, line: int, field: str) -> URIRef:
        """Check one quote against its source and return its node."""
        if isinstance(spec, LDict):
            check_stray_text(spec, ("source", "text"), file, field)
        if isinstance(spec, dict):
            unknown = set(spec) - {"source", "text"}
            if unknown or "text" not in spec:
                raise DataError("a quote is a string, or a mapping with 'text' and 'source'",
                                file, line, field)
            sid, text = spec.get("source", default_source), spec["text"]
        else:
            sid, text = default_source, spec
        if not isinstance(text, str) or not squeeze(text):
            raise DataError("a quote must be non-empty text", file, line, field)
        if sid is None:
            raise DataError("no source for this quote: give the file a 'source:' or the quote "
                            "a 'source'", file, line, field)
        if sid not in self.sources:
            raise DataError(f"unknown source {sid!r}; sources are listed in sources.yaml "
                            f"({', '.join(sorted(self.sources))})", file, line, field)
        src = self.sources[sid]
        offset = src.find(text)
        if offset < 0:
            raise DataError(f"quote not found in source {sid} ({src.path.name}), even with "
                            f"whitespace ignored: {text!r}", file, line, field)
        node = ID[f"quote/{digest(sid, squeeze(text))}"]
        self.quote_texts[node] = squeeze(text)
        g = self.graph
        if (node, RDF.type, YRD.Quote) not in g:
            g.add((node, RDF.type, YRD.Quote))
            g.add((node, YRD.text, Literal(" ".join(text.split()), lang=src.language)))
            g.add((node, PROV.wasQuotedFrom, src.iri))
            g.add((node, YRD.offset, Literal(offset, datatype=XSD.nonNegativeInteger)))
            part = src.part_at(offset)
            if part is not None:
                g.add((node, DCTERMS.isPartOf, part))
        return node

    def quotes(self, spec, default_source, file: Path, line: int, field: str) -> list[URIRef]:
        """Read one quote or a list of quotes."""
        items = spec if isinstance(spec, list) else [spec]
        if not items:
            raise DataError("expected at least one quote", file, line, field)
        # A list knows the line of each item; a single quote (text or {text, source}) is on ``line``.
        lines = spec.lines if isinstance(spec, LList) else [line] * len(items)
        return [self.quote(q, default_source, file, lines[i], field) for i, q in enumerate(items)]

    def statement(self, s: URIRef, p: URIRef, o, evidence: list[URIRef]) -> URIRef:
        """Assert s p o and record the quotes behind it on an rdf:Statement node; return the node."""
        g = self.graph
        g.add((s, p, o))
        st = ID[f"statement/{digest(s.n3(), p.n3(), o.n3())}"]
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        for q in evidence:
            g.add((st, YRD.evidence, q))
        return st

    # -- facts: marked inferences, and what the grounding check reads -------------------
    def mark_inferred(self, node: URIRef, item: LDict, file: Path, field: str) -> bool:
        """Write ``inferred: {en: why, zh: ...}`` as yrd:inferred true and yrd:inferenceNote."""
        if "inferred" not in item:
            return False
        value, line = item["inferred"], item.line_of("inferred")
        if not isinstance(value, dict) or "en" not in value:
            raise DataError("expected the curator's reason: inferred: {en: \"why the quote implies the "
                            "fact\", zh: ...} (zh optional)", file, line, field)
        self.graph.add((node, YRD.inferred, Literal(True)))
        for lit in self.lang_map(value, file, line, field):
            self.graph.add((node, YRD.inferenceNote, lit))
        return True

    def fact(self, node: URIRef, subject: URIRef, obj, quotes: list[URIRef], inferred: bool,
             file: Path, line: int, field: str) -> None:
        """Remember a fact for the grounding check (kg.loaders.grounding)."""
        self.facts.append(Fact(node, subject, obj if isinstance(obj, URIRef) else None, quotes,
                               inferred, file, line, field))
