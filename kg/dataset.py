"""Describe the graph as a dataset (VoID and DCAT): licence, version, sources, counts, downloads.

:func:`describe` returns the description of a graph; :func:`with_description`
adds it, which :func:`kg.build.build_graph` does, so every export, release,
store and server carries it. Every description node's IRI starts with
:data:`DATASET`, so the description is easy to find, strip (:func:`without_description`)
and keep in a named graph of its own (:mod:`kg.export`).

Counts follow VoID (https://www.w3.org/TR/void/#statistics): ``void:triples``
counts the whole graph, this description included (its size does not depend
on the numbers it states); ``void:entities`` counts the nodes of the ``id:``
namespace that have a label (entities, not quotes or reified statements).
Nothing depends on the clock: the same graph gives the same description.

>>> str(distribution_url("turtle", "0.1.0"))
'https://w3id.org/yrd-kg/dist/yrd-kg-0.1.0.ttl'
"""

from __future__ import annotations

from rdflib import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD, Graph, Literal, URIRef

from kg.files import RDF_FORMATS
from kg.ontology import ID, ONTOLOGY_IRI, PREFIXES, YRD
from kg.version import __version__

HOME = URIRef("https://w3id.org/yrd-kg/")
DATASET = URIRef("https://w3id.org/yrd-kg/dataset")
DIST = "https://w3id.org/yrd-kg/dist/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
DEFAULT_ENDPOINT = "http://127.0.0.1:7878/query"  # where `yrdkg serve` answers by default
RELEASE_FORMATS = ("turtle", "nt", "jsonld")  # what `yrdkg release` writes, in this order
# One example of each of these classes (the first by IRI) is a void:exampleResource.
EXAMPLE_CLASSES = (YRD.InnovationConsortium, YRD.Agreement, YRD.PracticalProject, YRD.Event, YRD.City,
                   YRD.Organisation)

TITLE = {"zh": "长三角合作知识图谱",
         "en": "yrd-kg: the knowledge graph of cooperation in the Yangtze River Delta"}
DESCRIPTION = {
    "zh": "上海、江苏、浙江、安徽三省一市合作的开放知识图谱：创新联合体、协议、实事项目及其量化目标、"
          "活动、文件、组织与人物；每一事实附有其出处的原文引文与来源。",
    "en": "An open knowledge graph of cooperation among Shanghai, Jiangsu, Zhejiang and Anhui: innovation "
          "consortia, agreements, practical projects with quantitative targets, events, documents, "
          "organisations and people; every fact carries the verbatim quote and the source it comes from.",
}
RIGHTS = {
    "zh": "图谱按 CC BY 4.0 许可；所引来源原文（yrd:text）不在此许可之内，"
          "仅为研究与评论而适当引用，见 LICENSE-DATA.md。",
    "en": "The graph is under CC BY 4.0; the quoted source text (yrd:text) is not covered by it and is "
          "quoted only for research and comment: see LICENSE-DATA.md.",
}
PUBLISHER_NAME = "yrd-kg contributors"


def node(*parts: str) -> URIRef:
    """Name a node of the description: ``dataset/<parts>`` (``dataset`` itself without parts)."""
    return URIRef("/".join([str(DATASET), *parts]))


def is_description(term) -> bool:
    """Tell whether ``term`` is a node of the description (the dataset, its distributions, ...)."""
    s = str(term)
    return s == str(DATASET) or s.startswith(str(DATASET) + "/")


def distribution_url(fmt: str, version: str = __version__) -> URIRef:
    """Where release ``version`` in ``fmt`` is downloaded: ``dist/yrd-kg-VERSION.SUFFIX``."""
    return URIRef(f"{DIST}yrd-kg-{version}{RDF_FORMATS[fmt].suffixes[0]}")


def without_description(g: Graph) -> Graph:
    """Return a copy of ``g`` without a description (e.g. one read from a release file)."""
    out = Graph()
    for t in g:
        if not is_description(t[0]):
            out.add(t)
    return out


def entities(g: Graph) -> set[URIRef]:
    """The entities VoID counts: ``id:`` nodes with a ``skos:prefLabel``."""
    return {s for s in g.subjects(SKOS.prefLabel) if isinstance(s, URIRef) and str(s).startswith(str(ID))}


def _vocabularies(g: Graph) -> list[URIRef]:
    """The namespaces (from the prefix table) of the classes and properties the data uses."""
    used = set(g.predicates()) | set(g.objects(None, RDF.type))
    found = {ns for ns in PREFIXES.values() if ns != str(ID) and any(str(t).startswith(ns) for t in used)}
    return sorted(ONTOLOGY_IRI if ns == str(YRD) else URIRef(ns) for ns in found)  # ours by its IRI


def describe(g: Graph, version: str = __version__, endpoint: str = DEFAULT_ENDPOINT) -> Graph:
    """Return the VoID + DCAT description of ``g`` (any description already in ``g`` is ignored)."""
    data = without_description(g) if any(is_description(s) for s in g.subjects(RDF.type, None)) else g
    d = Graph()
    ds = DATASET
    d.add((ds, RDF.type, DCAT.Dataset))
    d.add((ds, RDF.type, VOID.Dataset))
    for lang in ("zh", "en"):
        d.add((ds, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        d.add((ds, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))
        d.add((ds, DCTERMS.rights, Literal(RIGHTS[lang], lang=lang)))
    d.add((ds, DCTERMS.license, LICENCE))
    d.add((ds, OWL.versionInfo, Literal(version)))  # DCAT 2's version property (dcat:version is DCAT 3)
    d.add((ds, DCTERMS.publisher, node("publisher")))
    d.add((node("publisher"), RDF.type, FOAF.Agent))
    d.add((node("publisher"), FOAF.name, Literal(PUBLISHER_NAME)))
    d.add((ds, DCAT.landingPage, HOME))
    d.add((ds, FOAF.homepage, HOME))
    d.add((ds, DCTERMS.conformsTo, ONTOLOGY_IRI))
    d.add((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/zh")))
    d.add((ds, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/en")))
    for src in sorted(data.subjects(RDF.type, YRD.Source)):
        d.add((ds, DCTERMS.source, src))
    d.add((ds, VOID.uriSpace, Literal(str(ID))))
    for vocab in _vocabularies(data):
        d.add((ds, VOID.vocabulary, vocab))
    # counts
    ents = entities(data)
    d.add((ds, VOID.entities, Literal(len(ents), datatype=XSD.integer)))
    d.add((ds, VOID.distinctSubjects, Literal(len(set(data.subjects())), datatype=XSD.integer)))
    d.add((ds, VOID.properties, Literal(len(set(data.predicates())), datatype=XSD.integer)))
    per_class: dict[URIRef, int] = {}
    for s, c in data.subject_objects(RDF.type):
        if s in ents and str(c).startswith(str(YRD)):
            per_class[c] = per_class.get(c, 0) + 1
    d.add((ds, VOID.classes, Literal(len(set(data.objects(None, RDF.type))), datatype=XSD.integer)))
    for c in sorted(per_class):
        part = node("class", str(c)[len(str(YRD)):])
        d.add((ds, VOID.classPartition, part))
        d.add((part, VOID["class"], c))
        d.add((part, VOID.entities, Literal(per_class[c], datatype=XSD.integer)))
    for c in EXAMPLE_CLASSES:
        classes = set(data.transitive_subjects(RDFS.subClassOf, c))  # c and its sub-classes
        members = sorted(s for s in ents if any((s, RDF.type, k) in data for k in classes))
        if members:
            d.add((ds, VOID.exampleResource, members[0]))
    # access: the SPARQL endpoint and the downloads of this version
    service = node("sparql")
    d.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
    d.add((service, RDF.type, DCAT.DataService))
    d.add((service, DCAT.endpointURL, URIRef(endpoint)))
    d.add((service, DCAT.servesDataset, ds))
    d.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    d.add((service, DCTERMS.title, Literal("SPARQL 1.1 端点（yrdkg serve）", lang="zh")))
    d.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (yrdkg serve)", lang="en")))
    for fmt in RELEASE_FORMATS:
        dist = node("distribution", fmt)
        url = distribution_url(fmt, version)
        d.add((ds, DCAT.distribution, dist))
        d.add((ds, VOID.dataDump, url))
        d.add((dist, RDF.type, DCAT.Distribution))
        d.add((dist, DCAT.downloadURL, url))
        d.add((dist, DCAT.accessService, service))
        d.add((dist, DCAT.mediaType,
               URIRef(f"https://www.iana.org/assignments/media-types/{RDF_FORMATS[fmt].media_type}")))
        d.add((dist, DCTERMS.license, LICENCE))
        d.add((dist, DCTERMS.title, Literal(f"yrd-kg {version} ({fmt})")))
    # The triple count comes last: the description's own size does not depend on it.
    d.add((ds, VOID.triples, Literal(len(data) + len(d) + 1, datatype=XSD.integer)))
    return d


def with_description(g: Graph, version: str = __version__, endpoint: str = DEFAULT_ENDPOINT) -> Graph:
    """Add the description of ``g`` to ``g`` (replacing one it has); return ``g``."""
    for t in list(g):
        if is_description(t[0]):
            g.remove(t)
    for t in describe(g, version, endpoint):
        g.add(t)
    return g
