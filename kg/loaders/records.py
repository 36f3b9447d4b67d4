"""Entity records: any YAML record whose fields are the ontology's own terms.

A field such as ``basedIn`` or ``declaredCount`` is the local name of a yrd:
property; its domain, range and functionality come from ontology/yrd.ttl, so a
new property needs no Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SKOS, URIRef

from kg.errors import DataError
from kg.loaders import figures, involvements, posts, provisions
from kg.loaders.context import Context
from kg.loaders.values import DATATYPES
from kg.loaders.yamlfile import LDict, LList, check_stray_text, read_yaml
from kg.ontology import ID, YRD

RESERVED = ("id", "type", "label", "altLabel", "shortForm", "note", "evidence", "merge", "source")
NESTED = {
    "involvements": involvements.emit,
    "targets": figures.emit_targets,
    "statistics": figures.emit_statistics,
    "posts": posts.emit,
    "provisions": provisions.emit,
}
# A property field's mapping: the value, its quote(s), and optionally the curator's inference.
PROPERTY_FIELDS = ("value", "quote", "inferred")


@dataclass
class Record:
    """One curated record and where it came from."""

    data: LDict
    file: Path
    source: str | None
    types: set

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def iri(self) -> URIRef:
        return ID[self.id]

    def line(self, key=None) -> int:
        return self.data.line_of(key) if key is not None else self.data.line


def read_file(path: Path) -> tuple[str | None, list[LDict]]:
    """Return the file's default source and its records."""
    doc = read_yaml(path)
    if doc is None:
        return None, []
    if not isinstance(doc, LDict):
        raise DataError("expected a mapping with 'source' and 'records'", path, 1)
    for key in doc:
        if key not in ("source", "records"):
            raise DataError("unknown top-level field; a data file has 'source' and 'records'",
                            path, doc.line_of(key), str(key))
    records = doc.get("records", LList())
    if not isinstance(records, list):
        raise DataError("'records' must be a list of records", path, doc.line_of("records"), "records")
    for i, rec in enumerate(records):
        if not isinstance(rec, LDict):
            raise DataError("each record must be a mapping", path, records.line_of(i))
    return doc.get("source"), list(records)


def register(data: LDict, file: Path, default_source, ctx: Context) -> Record | None:
    """Pass one: check the record's id and classes; merges are resolved later."""
    if "id" not in data:
        raise DataError("missing required field", file, data.line, "id")
    source = data.get("source", default_source)
    if data.get("merge") is True:
        return Record(data, file, source, set())
    if "merge" in data:
        raise DataError("'merge' can only be true", file, data.line_of("merge"), "merge")
    if "type" not in data:
        raise DataError("missing required field", file, data.line, "type")
    names = data["type"] if isinstance(data["type"], list) else [data["type"]]
    types = set()
    for name in names:
        cls = ctx.onto.classes.get(name) if isinstance(name, str) else None
        if cls is None:
            raise DataError(f"unknown class {name!r}; classes are: "
                            f"{', '.join(sorted(ctx.onto.classes))}", file, data.line_of("type"), "type")
        types.add(cls)
    ctx.register(data["id"], types, file, data.line_of("id"))
    return Record(data, file, source, types)


def resolve_merge(rec: Record, ctx: Context) -> None:
    """Give a merge record the classes of the entity it adds to."""
    entry = ctx.ids.get(rec.id)
    if entry is None:
        raise DataError(f"'merge: true' adds to an existing entity, but '{rec.id}' is not "
                        f"defined anywhere", rec.file, rec.line("id"), "id")
    for key in ("type", "label"):
        if key in rec.data:
            raise DataError("a merge record cannot change the type or label of the entity it "
                            "adds to", rec.file, rec.line(key), key)
    rec.types = entry.types


def emit(rec: Record, ctx: Context) -> None:
    """Pass two: write the record's triples, each fact with its quotes."""
    g, data, node = ctx.graph, rec.data, rec.iri
    merge = data.get("merge") is True
    for cls in sorted(rec.types) if not merge else ():
        g.add((node, RDF.type, cls))
    if not merge:
        if "label" not in data:
            raise DataError("missing required field", rec.file, rec.line(), "label")
        ctx.add_labels(node, data, "label", rec.file)
    if "evidence" not in data:
        raise DataError("missing required field: every record needs the quote(s) that mention it",
                        rec.file, rec.line(), "evidence")
    for q in ctx.quotes(data["evidence"], rec.source, rec.file, rec.line("evidence"), "evidence"):
        g.add((node, YRD.evidence, q))
    if "altLabel" in data:
        for lit in ctx.lang_map(data["altLabel"], rec.file, rec.line("altLabel"), "altLabel", many=True):
            g.add((node, SKOS.altLabel, lit))
    if "shortForm" in data:  # names only for finding the entity in quotes (skos:hiddenLabel)
        for lit in ctx.lang_map(data["shortForm"], rec.file, rec.line("shortForm"), "shortForm", many=True):
            g.add((node, SKOS.hiddenLabel, lit))
    if "note" in data:
        for lit in ctx.lang_map(data["note"], rec.file, rec.line("note"), "note"):
            g.add((node, SKOS.editorialNote, lit))
    for key, value in data.items():
        if key in RESERVED:
            continue
        if key in NESTED:
            NESTED[key](rec, value, ctx)
        else:
            _property(rec, key, value, ctx)


def _property(rec: Record, key, value, ctx: Context) -> None:
    onto, line = ctx.onto, rec.line(key)
    p = onto.properties.get(key) if isinstance(key, str) else None
    if p is None:
        fields = sorted(set(RESERVED) | set(NESTED) | {
            name for name, prop in onto.properties.items()
            if onto.needs_evidence(prop)
            and (onto.domain(prop) is None or onto.is_a(rec.types, onto.domain(prop)))})
        raise DataError(f"unknown field; a record of this kind may have: {', '.join(fields)}",
                        rec.file, line, str(key))
    if not onto.needs_evidence(p):
        raise DataError("this property is written by the loader, not by hand", rec.file, line, key)
    domain = onto.domain(p)
    if domain is not None and not onto.is_a(rec.types, domain):
        raise DataError(f"'{key}' applies to a {onto.local(domain)}, and '{rec.id}' is not one",
                        rec.file, line, key)
    items = value if isinstance(value, list) else [value]
    if onto.is_functional(p) and len(items) != 1:
        raise DataError(f"'{key}' takes exactly one value", rec.file, line, key)
    for i, item in enumerate(items):
        iline = value.line_of(i) if isinstance(value, LList) else line
        if isinstance(item, LDict):
            check_stray_text(item, PROPERTY_FIELDS, rec.file, key)
        if not isinstance(item, LDict) or not {"value", "quote"} <= set(item) <= set(PROPERTY_FIELDS):
            raise DataError("expected {value: ..., quote: ...}, and optionally inferred: {en: why}",
                            rec.file, iline, key)
        evidence = ctx.quotes(item["quote"], rec.source, rec.file, item.line_of("quote"), key)
        for obj in _objects(p, item["value"], rec, key, item.line_of("value"), ctx):
            st = ctx.statement(rec.iri, p, obj, evidence)
            inferred = ctx.mark_inferred(st, item, rec.file, f"{key}.inferred")
            ctx.fact(st, rec.iri, obj, evidence, inferred, rec.file, item.line_of("quote"), key)


def _objects(p: URIRef, value, rec: Record, key: str, line: int, ctx: Context) -> list:
    onto = ctx.onto
    rng = onto.range(p)
    if onto.is_object_property(p):
        return [ctx.resolve(value, rec.file, line, key, expect=rng)]
    if rng == RDF.langString:
        return ctx.lang_map(value, rec.file, line, key)
    reader = DATATYPES.get(rng)
    if reader is None:
        raise DataError(f"the ontology gives '{key}' the range {rng}, which the loader cannot "
                        "read", rec.file, line, key)
    try:
        return [reader(value)]
    except (TypeError, ValueError) as exc:
        raise DataError(f"{value!r} is not {exc}", rec.file, line, key) from None
