"""Add what the ontology lets a reader infer: typing, inverses, transitivity, superproperties.

Two reasoners give the same kind of result:

- ``rules`` (the default): the few OWL 2 RL rules our ontology needs, applied
  to a fixpoint in Python: subclass typing (cax-sco), domain and range typing
  of object properties (prp-dom, prp-rng), superproperties (prp-spo1),
  inverses (prp-inv1/2) and transitive properties (prp-trp). See
  https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules
- ``owlrl``: the full OWL 2 RL closure computed by the owlrl package, minus
  tautologies it states for every term (``x owl:sameAs x``, ``C rdfs:subClassOf C``, ...)
  and the generalised triples with a literal subject (``"12" rdf:type xsd:integer``),
  which RDF cannot hold.

Inferred triples describe the graph, they are not curated facts: they carry no
quotes, so the reasoned export is written beside the validated one, never
validated against the provenance shapes.

>>> from kg.build import build_graph
>>> result = reason(build_graph())
>>> result.counts["inverse"] > 0
True
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef

from kg.errors import ToolError
from kg.ontology import ONTOLOGY_IRI

METHODS = ("rules", "owlrl")
KINDS = ("subclass typing", "domain/range typing", "superproperty", "inverse", "transitive")
TAUTOLOGIES = (OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)


@dataclass
class Inference:
    """What a reasoner added to a graph, and how long it took."""

    method: str
    asserted: int
    inferred: Graph
    seconds: float
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.inferred)

    def table(self) -> list[tuple[str, int]]:
        """Return (kind, triples) rows, the largest first, then the total."""
        rows = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return rows + [("total", self.total)]

    def merged(self, g: Graph) -> Graph:
        """Return a new graph holding ``g`` and the inferred triples."""
        out = Graph()
        for prefix, ns in g.namespaces():
            out.bind(prefix, ns)
        for t in g:
            out.add(t)
        for t in self.inferred:
            out.add(t)
        return out


def reason(g: Graph, method: str = "rules") -> Inference:
    """Infer from ``g`` (ontology + data) without changing it."""
    if method not in METHODS:
        raise ValueError(f"unknown reasoner {method!r}; reasoners are {', '.join(METHODS)}")
    t0 = time.perf_counter()
    inferred, counts = (_rules if method == "rules" else _owlrl)(g)
    return Inference(method, len(g), inferred, time.perf_counter() - t0, counts)


# -- rules -----------------------------------------------------------------------
def _closure(pairs: dict) -> dict:
    """Map each key to everything reachable from it (not itself unless on a cycle)."""
    out = {}
    for start in pairs:
        seen, todo = set(), list(pairs[start])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(pairs.get(x, ()))
        out[start] = seen
    return out


def _schema(g: Graph):
    sub_class, sub_prop = {}, {}
    for c, d in g.subject_objects(RDFS.subClassOf):
        if isinstance(d, URIRef):
            sub_class.setdefault(c, set()).add(d)
    for p, q in g.subject_objects(RDFS.subPropertyOf):
        sub_prop.setdefault(p, set()).add(q)
    inverse = {}
    for p, q in g.subject_objects(OWL.inverseOf):
        inverse.setdefault(p, set()).add(q)
        inverse.setdefault(q, set()).add(p)
    object_props = set(g.subjects(RDF.type, OWL.ObjectProperty))
    domains = {p: set(g.objects(p, RDFS.domain)) for p in object_props}
    ranges = {p: set(g.objects(p, RDFS.range)) for p in object_props}
    transitive = set(g.subjects(RDF.type, OWL.TransitiveProperty))
    return _closure(sub_class), _closure(sub_prop), inverse, transitive, domains, ranges


def _rules(g: Graph) -> tuple[Graph, Counter]:
    supers, super_props, inverse, transitive, domains, ranges = _schema(g)
    inferred, counts = Graph(), Counter()
    for prefix, ns in g.namespaces():
        inferred.bind(prefix, ns)

    def add(t, kind) -> bool:
        if t in g or t in inferred:
            return False
        inferred.add(t)
        counts[kind] += 1
        return True

    def triples():
        yield from g
        yield from inferred

    changed = True
    while changed:
        changed = False
        # superproperties, inverses, domains and ranges: one pass over the triples
        for s, p, o in list(triples()):
            for q in super_props.get(p, ()):
                changed |= add((s, q, o), "superproperty")
            if isinstance(o, Literal):
                continue
            for q in inverse.get(p, ()):
                changed |= add((o, q, s), "inverse")
            for c in domains.get(p, ()):
                changed |= add((s, RDF.type, c), "domain/range typing")
            for c in ranges.get(p, ()):
                changed |= add((o, RDF.type, c), "domain/range typing")
        # transitive properties: reachability per property
        for p in sorted(transitive):
            edges = {}
            for s, o in list(g.subject_objects(p)) + list(inferred.subject_objects(p)):
                edges.setdefault(s, set()).add(o)
            for s, reach in _closure(edges).items():
                for o in sorted(reach):
                    if o != s:
                        changed |= add((s, p, o), "transitive")
        # subclass typing last, so that types from domains and ranges climb too
        for x, c in list(g.subject_objects(RDF.type)) + list(inferred.subject_objects(RDF.type)):
            for d in supers.get(c, ()):
                changed |= add((x, RDF.type, d), "subclass typing")
    return inferred, counts


# -- owlrl -----------------------------------------------------------------------
def _owlrl(g: Graph) -> tuple[Graph, Counter]:
    import owlrl

    work = Graph()
    for t in g:
        work.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(work)
    inferred, counts = Graph(), Counter()
    for prefix, ns in g.namespaces():
        inferred.bind(prefix, ns)
    for s, p, o in work:
        if isinstance(s, Literal) or (s, p, o) in g or (p in TAUTOLOGIES and s == o) \
                or (isinstance(s, BNode) and p == OWL.sameAs):
            continue
        inferred.add((s, p, o))
        counts[_owlrl_kind(g, s, p, o)] += 1
    return inferred, counts


def _owlrl_kind(g: Graph, s, p, o) -> str:
    """Name an OWL RL inference by the rule most likely behind it, for the summary table."""
    if p == RDF.type:
        return "typing (subclass, domain, range)"
    if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
             RDFS.domain, RDFS.range, OWL.disjointWith, OWL.inverseOf):
        return "schema axioms"
    if p == OWL.sameAs:
        return "owl:sameAs"
    inverses = set(g.objects(p, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, p))
    if any((o, q, s) in g for q in inverses):
        return "inverse"
    if (p, RDF.type, OWL.TransitiveProperty) in g:
        return "transitive"
    return "superproperty"


# -- consistency -----------------------------------------------------------------
@dataclass
class Consistency:
    """The verdict of a DL reasoner on a graph."""

    consistent: bool
    seconds: float
    reasoner: str = "HermiT (owlready2)"


def check_consistency(g: Graph) -> Consistency:
    """Ask HermiT, through owlready2, whether ``g`` (ontology + data) is consistent.

    owlready2 reads RDF/XML, not Turtle, so rdflib converts the graph first.
    HermiT knows only the OWL 2 datatype map, which lacks xsd:date, xsd:gYear
    and xsd:gYearMonth; it is told to ignore those datatypes (their literals
    are not checked), which is all it skips. Needs Java (``java`` on PATH) and
    the owlready2 package (the ``test`` extra).
    """
    import io

    try:
        from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner_hermit
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ToolError("the consistency check needs owlready2: pip install owlready2") from exc
    if shutil.which("java") is None:
        raise ToolError("the consistency check runs HermiT, which needs Java: install a JRE (java on PATH)")

    data = g.serialize(format="xml", encoding="utf-8")
    world = World()
    t0 = time.perf_counter()
    try:
        world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=io.BytesIO(data))
        try:
            sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                 ignore_unsupported_datatypes=True)
            consistent = True
        except OwlReadyInconsistentOntologyError:
            consistent = False
    finally:
        world.close()
    return Consistency(consistent, time.perf_counter() - t0)
