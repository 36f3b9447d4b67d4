"""The grounding rule: a fact's quote shows the fact.

For every fact the loaders write (a reified statement, an involvement, a post, a
figure, a provision), a name of its subject and, when its object is an entity, a
name of its object occur in its quote or in one of its quotes, whitespace
ignored, unless the fact is marked ``inferred``. A name is a ``skos:prefLabel``,
``skos:altLabel`` or ``skos:hiddenLabel`` (a record's ``shortForm``) in any
language, or a division's GB/T 2260 code (the reference table names a city's
province by its code).

The subject of an involvement is its agent and its object the cooperation; of a
post, the person and the organisation; of a figure or a provision, the entity it
belongs to (and a target's object is the area it applies to).

A quote from a document's own text (a source registered with ``document:``, written
as ``yrd:textOf``) names that document: in the Outline, the Outline is the speaker.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import SKOS, URIRef

from kg.errors import DataError
from kg.loaders.context import Context, Fact
from kg.ontology import ID, PROV, YRD
from kg.sourcetext import squeeze

NAME_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, YRD.code)


def names(ctx: Context) -> dict[URIRef, list[str]]:
    """Every name of every entity, whitespace removed: labels first, Chinese before English."""
    out = defaultdict(list)
    for p in NAME_PROPERTIES:
        found = sorted(ctx.graph.subject_objects(p),
                       key=lambda so: (str(so[0]), getattr(so[1], "language", None) != "zh", str(so[1])))
        for s, o in found:
            name = squeeze(str(o))
            if name and name not in out[s]:
                out[s].append(name)
    return dict(out)


def speakers(ctx: Context) -> dict[URIRef, URIRef]:
    """Map each quote taken from a document's own text to that document."""
    g = ctx.graph
    return {q: doc for q, src in g.subject_objects(PROV.wasQuotedFrom)
            if (doc := g.value(src, YRD.textOf)) is not None}


def ungrounded(fact: Fact, ctx: Context, known: dict, own: dict | None = None) -> URIRef | None:
    """Return the side of ``fact`` (subject or object) that none of its quotes names, if any."""
    if fact.inferred:
        return None
    texts = [ctx.quote_texts[q] for q in fact.quotes]
    for side in (fact.subject, fact.obj):
        if side is None or not str(side).startswith(str(ID)):
            continue
        if own and any(own.get(q) == side for q in fact.quotes):
            continue
        if not any(n in t for n in known.get(side, ()) for t in texts):
            return side
    return None


def check(ctx: Context) -> None:
    """Raise DataError on the first fact (by file and line) whose quotes do not show it."""
    known, own = names(ctx), speakers(ctx)
    failing = [(f, side) for f in ctx.facts if (side := ungrounded(f, ctx, known, own)) is not None]
    if not failing:
        return
    failing.sort(key=lambda fs: (str(fs[0].file), fs[0].line, fs[0].field))
    fact, side = failing[0]
    ident = str(side)[len(str(ID)):]
    role = "subject" if side == fact.subject else "object"
    shown = ", ".join(known.get(side, [])[:4]) or "no names"
    more = f" ({len(failing) - 1} more facts fail this rule.)" if len(failing) > 1 else ""
    raise DataError(f"the quote does not show the fact: no name of its {role} '{ident}' ({shown}) "
                    "occurs in it. Quote a passage that names both sides (a list of quotes is fine), "
                    "give the entity a shortForm if the source calls it otherwise, or mark the fact "
                    f"as your inference with inferred: {{en: \"why\"}}.{more}",
                    fact.file, fact.line, fact.field)
