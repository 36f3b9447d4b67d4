"""Ontology lint: every yrd: term used anywhere is declared and documented; other terms are known.

"Anywhere" is the ontology, the SHACL shapes, the SPARQL under queries/, the
curated graph, and the Python and notebooks that name terms (``YRD.x``,
``YRD["x"]`` or ``yrd:x`` in query text). External terms must come from an
allowed vocabulary and exist in it: rdflib's closed namespaces list the terms
of each, so a typo such as ``org:subOrganzationOf`` fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SH, SKOS, BNode, Graph, Literal, URIRef
from rdflib import namespace as vocab

from kg.ontology import BASE, ONTOLOGY_IRI, ontology_graph
from kg.paths import queries_dir
from kg.validation.shapes import shapes_graph

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in

# The vocabularies we reuse, as rdflib's closed namespaces (kept off the module's top level:
# pytest probes module attributes, and some of these namespaces warn on unknown names).
ALLOWED = {prefix: getattr(vocab, name) for prefix, name in (
    ("rdf", "RDF"), ("rdfs", "RDFS"), ("owl", "OWL"), ("xsd", "XSD"), ("skos", "SKOS"), ("org", "ORG"),
    ("prov", "PROV"), ("foaf", "FOAF"), ("dcterms", "DCTERMS"), ("schema", "SDO"), ("dcat", "DCAT"),
    ("void", "VOID"))}
# W3C Basic Geo (yrd:latitude's super-property); rdflib's WGS namespace misspells it with https.
ALLOWED["geo"] = vocab.ClosedNamespace(URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#"),
                                       ["SpatialThing", "Point", "lat", "long", "alt", "location"])
# Where Python and notebooks may name terms; tests/ is left out on purpose (its fixtures
# hold deliberate mistakes).
CODE_DIRS = ("kg", "benchmarks", "notebooks")
TERM_IN_CODE = re.compile(r"\bYRD\.([A-Za-z_]\w*)|\bYRD\[\s*[\"']([^\"']+)[\"']\s*\]|"
                          r"(?<![\w.])yrd:([A-Za-z_][\w-]*)|" + re.escape(BASE) + r"([A-Za-z_][\w-]*)")


def _terms_in_graph(g: Graph) -> set[URIRef]:
    return {n for t in g for n in t if isinstance(n, URIRef) and str(n).startswith(BASE)}


def _terms_in_text(text: str) -> set[URIRef]:
    out = set()
    for m in TERM_IN_CODE.finditer(text):
        local = next(x for x in m.groups() if x)
        out.add(URIRef(BASE + local))
    return out


def _code_files() -> list[Path]:
    files = []
    for d in CODE_DIRS:
        files += sorted((REPO / d).rglob("*.py")) + sorted((REPO / d).rglob("*.ipynb"))
    return [f for f in files if ".ipynb_checkpoints" not in f.parts]


def _code_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n".join("".join(c.get("source", "")) for c in nb["cells"] if c["cell_type"] == "code")
    return path.read_text(encoding="utf-8")


def _used(graph: Graph) -> dict[str, set[URIRef]]:
    """Map each place terms are used in to the yrd: terms it uses."""
    python = set()
    for f in _code_files():
        python |= _terms_in_text(_code_text(f))
    queries = set()
    for f in sorted(queries_dir().glob("*.rq")):
        queries |= _terms_in_text(f.read_text(encoding="utf-8"))
    return {"ontology": _terms_in_graph(ontology_graph()), "shapes": _terms_in_graph(shapes_graph()),
            "data": _terms_in_graph(graph), "python": python, "queries": queries}


PLACES = ("ontology", "shapes", "data", "python", "queries")


@pytest.fixture(scope="module")
def used(graph):
    return _used(graph)


def test_places_are_collected(used):
    assert set(used) == set(PLACES)
    assert len(used["ontology"]) >= 100
    assert len(used["data"]) >= 50 and len(used["shapes"]) >= 30 and len(used["python"]) >= 30


def test_text_scanner_finds_every_spelling():
    text = 'YRD.Batch, YRD["locatedIn"], "?x yrd:role yrd:LeadRole", <https://w3id.org/yrd-kg/ontology#about>'
    assert {str(t)[len(BASE):] for t in _terms_in_text(text)} == {"Batch", "locatedIn", "role", "LeadRole",
                                                                    "about"}
    assert _terms_in_text("yrds:prefixes, kg.yrd:x") == set()


@pytest.mark.parametrize("place", PLACES)
def test_terms_used_are_declared(used, place):
    onto = ontology_graph()
    undeclared = sorted(str(t)[len(BASE):] for t in used[place] if (t, RDF.type, None) not in onto)
    assert not undeclared, f"yrd: terms used in {place} but not declared in ontology/yrd.ttl: {undeclared}"


def _documented_problems(term: URIRef, onto: Graph) -> list[str]:
    problems = []
    for p, name in ((RDFS.label, "rdfs:label"), (SKOS.definition, "skos:definition")):
        langs = [o.language for o in onto.objects(term, p) if isinstance(o, Literal)]
        for lang in ("zh", "en"):
            if langs.count(lang) != 1:
                problems.append(f"{name} @{lang} x{langs.count(lang)}")
    if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto:
        problems.append("no rdfs:isDefinedBy <https://w3id.org/yrd-kg/ontology>")
    return problems


def test_every_term_has_labels_definitions_and_is_defined_by(used):
    onto = ontology_graph()
    terms = set().union(*used.values()) | {s for s in onto.subjects() if str(s).startswith(BASE)}
    assert len(terms) >= 100
    problems = {str(t)[len(BASE):]: p for t in sorted(terms) if (p := _documented_problems(t, onto))}
    assert not problems, problems


def test_the_ontology_itself_is_documented_in_both_languages():
    onto = ontology_graph()
    for p in (vocab.DCTERMS.title, vocab.DCTERMS.description, RDFS.label):
        assert {o.language for o in onto.objects(ONTOLOGY_IRI, p)} == {"zh", "en"}, p
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) is not None


def _external_terms(g: Graph) -> set[URIRef]:
    """IRIs used as terms: predicates, classes, and both ends of schema axioms."""
    axioms = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
              OWL.equivalentClass, OWL.equivalentProperty, OWL.disjointWith)
    out = set()
    for s, p, o in g:
        out.add(p)
        if p == RDF.type:
            out.add(o)
        if p in axioms:
            out |= {s, o}
    return {t for t in out if isinstance(t, URIRef) and not str(t).startswith(BASE)}


def _shape_terms(shapes: Graph) -> set[URIRef]:
    out = set()
    for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH["class"], SH.path,
              SH.datatype, SH.inversePath):
        out |= {o for o in shapes.objects(None, p) if isinstance(o, URIRef) and not isinstance(o, BNode)}
    return {t for t in out if not str(t).startswith(BASE)}


def _vocabulary(term: URIRef):
    return next(((prefix, ns) for prefix, ns in ALLOWED.items() if str(term).startswith(str(ns))), None)


def test_external_terms_come_from_allowed_vocabularies_and_exist(graph):
    terms = _external_terms(graph) | _shape_terms(shapes_graph())
    assert len(terms) >= 30
    foreign = sorted(str(t) for t in terms if _vocabulary(t) is None)
    assert not foreign, f"terms from vocabularies not in the allowed list {sorted(ALLOWED)}: {foreign}"
    unknown = sorted(f"{_vocabulary(t)[0]}:{str(t)[len(str(_vocabulary(t)[1])):]}" for t in terms
                     if t not in _vocabulary(t)[1])
    assert not unknown, f"terms that their vocabulary does not define (typos?): {unknown}"


def test_external_check_catches_a_typo():
    g = Graph()
    org = ALLOWED["org"]
    g.add((URIRef(BASE + "X"), RDFS.subClassOf, URIRef(str(org) + "subOrganzationOf")))
    terms = [t for t in _external_terms(g) if _vocabulary(t) and _vocabulary(t)[0] == "org"]
    assert terms and all(t not in org for t in terms)
