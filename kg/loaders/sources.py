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

_SPACE = re.compile(r"\s+")
FIELDS = {"id", "path", "sha256", "title", "publisher", "yearMonth", "language", "authors", "table",
          "document"}
REQUIRED = {"id", "path", "sha256", "title"}


def squeeze(text: str) -> str:
    """Drop all whitespace: the sources break lines inside sentences."""
    return _SPACE.sub("", text)


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

    def __post_init__(self):
        self.squeezed = squeeze(self.text)

    @property
    def iri(self) -> URIRef:
        return ID[self.id]

    def find(self, quote: str) -> int:
        """Return the offset of ``quote`` in the squeezed text, or -1."""
        q = squeeze(quote)
        return self.squeezed.find(q) if q else -1


def load_sources(path: Path) -> dict[str, Source]:
    """Read the source registry and every source text it names (paths relative to the registry)."""
    doc = read_yaml(path)
    if not isinstance(doc, LDict) or not isinstance(doc.get("records"), list):
        raise DataError("expected a mapping with a 'records' list", path, getattr(doc, "line", 1))
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
        digest = hashlib.sha256(raw).hexdigest()
        if digest != str(rec["sha256"]).lower():
            raise DataError(f"the file {file.name} has sha256 {digest}, not the {rec['sha256']} recorded: "
                            "it changed since it was registered", path, rec.line_of("sha256"), "sha256")
        text = raw.decode("utf-8")
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
    authors = rec.get("authors", [])
    if not isinstance(authors, list):
        raise DataError("expected a list of person ids", src.file, rec.line_of("authors"), "authors")
    for i, a in enumerate(authors):
        person = ctx.resolve(a, src.file, authors.line_of(i), "authors", expect=YRD.Person)
        g.add((src.iri, DCTERMS.creator, person))
