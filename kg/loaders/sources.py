"""Sources: the texts facts come from, and the check that each quote occurs in one."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import DCTERMS, RDF, SKOS, XSD, Literal, URIRef

from kg.errors import DataError
from kg.loaders.yamlfile import LDict, read_yaml
from kg.ontology import ID, YRD
from kg.sourcetext import Part, parts, smallest_part, squeeze

FIELDS = {"id", "path", "sha256", "title", "publisher", "yearMonth", "language", "authors", "table",
          "parts", "note", "document"}
REQUIRED = {"id", "path", "sha256", "title"}
PART_FIELDS = {"heading", "authors"}


@dataclass
class Source:
    """One source text, ready to look quotes up in."""

    id: str
    path: Path
    text: str
    language: str | None
    record: LDict
    file: Path
    squeezed: str = field(init=False)
    parts: list[Part] = field(init=False)

    def __post_init__(self):
        self.squeezed = squeeze(self.text)
        self.parts = parts(self.text) if self.record.get("table") is None else []

    @property
    def iri(self) -> URIRef:
        return ID[self.id]

    def part_iri(self, part: Part) -> URIRef:
        """Name a part by the order of its heading: ``id:src/x/part/3``."""
        return ID[f"{self.id}/part/{part.ordinal}"]

    def part_at(self, offset: int) -> URIRef | None:
        """Return the IRI of the smallest part holding ``offset``, if any."""
        part = smallest_part(self.parts, offset)
        return self.part_iri(part) if part is not None else None

    def find(self, quote: str) -> int:
        """Return the offset of ``quote`` in the squeezed text, or -1."""
        q = squeeze(quote)
        return self.squeezed.find(q) if q else -1


def load_sources(path: Path) -> dict[str, Source]:
    """Read the source registry and every source text it names (paths relative to the registry)."""
    doc = read_yaml(path)
    if doc is None:
        raise DataError("the source registry is empty (or holds only comments); it needs a 'records' "
                        "list of the source texts", path)
    if not isinstance(doc, LDict) or not isinstance(doc.get("records"), list):
        raise DataError("expected a mapping with a 'records' list", path, getattr(doc, "line", 1))
    if not doc["records"]:
        raise DataError("the source registry has no records: every quote needs a source text", path,
                        doc.line_of("records"), "records")
    sources: dict[str, Source] = {}
    for i, rec in enumerate(doc["records"]):
        line = doc["records"].line_of(i)
        if not isinstance(rec, LDict):
            raise DataError("each source record must be a mapping", path, line)
        for key in rec:
            if key not in FIELDS:
                raise DataError(f"unknown field; a source has {', '.join(sorted(FIELDS))}",
                                path, rec.line_of(key), str(key))
        for key in sorted(REQUIRED - set(rec)):
            raise DataError("missing required field", path, rec.line, key)
        sid = rec["id"]
        if sid in sources:
            raise DataError(f"duplicate source id '{sid}'", path, rec.line_of("id"), "id")
        file = (path.parent / str(rec["path"])).resolve()
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            raise DataError(f"source file {file} not found", path, rec.line_of("path"), "path") from None
        except OSError as exc:  # a folder, a file that cannot be read
            raise DataError(f"cannot read the source file {file}: {exc.strerror or exc}", path,
                            rec.line_of("path"), "path") from None
        digest = hashlib.sha256(raw).hexdigest()
        if digest != str(rec["sha256"]).lower():
            raise DataError(f"the file {file.name} has sha256 {digest}, not the {rec['sha256']} recorded: "
                            "it changed since it was registered", path, rec.line_of("sha256"), "sha256")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(f"the source file {file.name} is not UTF-8 text ({exc.reason} at byte "
                            f"{exc.start})", path, rec.line_of("path"), "path") from None
        sources[sid] = Source(sid, file, text, rec.get("language"), rec, path)
    return sources


def source_triples(src: Source, ctx) -> None:
    """Describe a source in the graph; references are resolved by ``ctx``."""
    rec, g = src.record, ctx.graph
    g.add((src.iri, RDF.type, YRD.Source))
    ctx.add_labels(src.iri, rec, "title", src.file, predicates=(SKOS.prefLabel, DCTERMS.title))
    g.add((src.iri, YRD.fileName, Literal(src.path.name)))
    if src.language:
        g.add((src.iri, DCTERMS.language, Literal(src.language)))
    if "yearMonth" in rec:
        value = str(rec["yearMonth"])
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise DataError(f"'{value}' is not a year and month (YYYY-MM)", src.file,
                            rec.line_of("yearMonth"), "yearMonth")
        g.add((src.iri, YRD.yearMonth, Literal(value, datatype=XSD.gYearMonth)))
    if "publisher" in rec:
        org = ctx.resolve(rec["publisher"], src.file, rec.line_of("publisher"), "publisher",
                          expect=YRD.Organisation)
        g.add((src.iri, DCTERMS.publisher, org))
    if "document" in rec:
        doc = ctx.resolve(rec["document"], src.file, rec.line_of("document"), "document",
                          expect=YRD.Document)
        g.add((src.iri, YRD.textOf, doc))
    if "note" in rec:
        for lit in ctx.lang_map(rec["note"], src.file, rec.line_of("note"), "note"):
            g.add((src.iri, SKOS.editorialNote, lit))
    authors = _people(rec, "authors", src.file, ctx)
    own = _part_authors(src, ctx)
    for person in sorted(set(authors).union(*own.values())):
        g.add((src.iri, DCTERMS.creator, person))
    _part_triples(src, authors, own, ctx)


def _people(item: LDict, key: str, file: Path, ctx, field: str | None = None) -> list[URIRef]:
    people = item.get(key, [])
    if not isinstance(people, list):
        raise DataError("expected a list of person ids", file, item.line_of(key), field or key)
    return [ctx.resolve(a, file, people.line_of(i), field or key, expect=YRD.Person)
            for i, a in enumerate(people)]


def _part_authors(src: Source, ctx) -> dict[int, list[URIRef]]:
    """Read ``parts: [{heading: ..., authors: [...]}]``: the authors of each part that has its own."""
    items = src.record.get("parts", [])
    if not isinstance(items, list):
        raise DataError("expected a list of {heading: ..., authors: [...]}", src.file,
                        src.record.line_of("parts"), "parts")
    out: dict[int, list[URIRef]] = {}
    for i, item in enumerate(items):
        line = items.line_of(i)
        if not isinstance(item, LDict) or not set(item) <= PART_FIELDS or "heading" not in item:
            raise DataError("expected {heading: ..., authors: [...]}", src.file, line, "parts")
        part = _find_heading(src, item["heading"], item.line_of("heading"))
        if part.ordinal in out:
            raise DataError(f"the part '{part.title}' is given twice", src.file, line, "parts.heading")
        out[part.ordinal] = _people(item, "authors", src.file, ctx, "parts.authors")
    return out


def _find_heading(src: Source, heading, line: int) -> Part:
    """Find the part whose heading is ``heading`` (whitespace ignored); a trailing '...' matches a prefix."""
    text = squeeze(heading) if isinstance(heading, str) else ""
    prefix = re.sub(r"(\.\.\.|…+)$", "", text)
    if not prefix:
        raise DataError("a part is named by its heading's text", src.file, line, "parts.heading")
    exact = [p for p in src.parts if squeeze(p.title) == text]
    hits = exact or ([p for p in src.parts if squeeze(p.title).startswith(prefix)] if prefix != text else [])
    if len(hits) != 1:
        known = "; ".join(f"'{p.title}'" for p in src.parts) or "none"
        what = "matches several headings" if hits else "is no heading of the source"
        raise DataError(f"'{heading}' {what}; its headings are: {known}", src.file, line, "parts.heading")
    return hits[0]


def _part_triples(src: Source, authors: list[URIRef], own: dict[int, list[URIRef]], ctx) -> None:
    """Describe each part: its heading, span, enclosing part and authors (its own, else inherited)."""
    g = ctx.graph
    by_ordinal = {p.ordinal: p for p in src.parts}
    for part in src.parts:
        node = src.part_iri(part)
        g.add((node, RDF.type, YRD.SourcePart))
        parent = by_ordinal.get(part.parent)
        g.add((node, DCTERMS.isPartOf, src.part_iri(parent) if parent else src.iri))
        g.add((node, DCTERMS.title, Literal(part.title, lang=src.language)))
        g.add((node, YRD.startOffset, Literal(part.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, YRD.endOffset, Literal(part.end, datatype=XSD.nonNegativeInteger)))
        up = part
        while up is not None and up.ordinal not in own:
            up = by_ordinal.get(up.parent)
        for person in own[up.ordinal] if up is not None else authors:
            g.add((node, DCTERMS.creator, person))
