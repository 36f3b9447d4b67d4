"""Make synthetic graphs of a chosen size, shaped like the curated one, for scale tests.

Nothing here is a fact: every label says "synthetic". The graphs use the ontology's
classes and the same reification (involvements with quotes, based-in places), so
the renderer and the projections take the same paths as on real data.
"""

from __future__ import annotations

import random

from rdflib import RDF, SKOS, XSD, Graph, Literal, Namespace

from kg.ontology import PROV, YRD, ontology_graph

SYN = Namespace("https://w3id.org/yrd-kg/id/synthetic/")

ORG_CLASSES = (YRD.Enterprise, YRD.Enterprise, YRD.University, YRD.GovernmentBody, YRD.ResearchInstitute,
               YRD.MediaOrganisation, YRD.Association)
COOP_CLASSES = ((YRD.InnovationConsortium, YRD.MemberRole), (YRD.Agreement, YRD.SignatoryRole),
                (YRD.Forum, YRD.ParticipantRole), (YRD.PracticalProject, YRD.ResponsibleRole))


def _labelled(g: Graph, node, cls, zh: str, en: str) -> None:
    g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(zh, lang="zh")))
    g.add((node, SKOS.prefLabel, Literal(en, lang="en")))


def synthetic_graph(n_nodes: int = 5000, seed: int = 1, with_ontology: bool = True) -> Graph:
    """Return a graph of about ``n_nodes`` entities: 4 provinces, 40 cities, 10 sectors,
    and organisations and cooperations in a ratio of 7 to 3, each cooperation with
    2-6 participants chosen with a preference for already busy organisations.
    """
    rnd = random.Random(seed)
    g = Graph()
    if with_ontology:
        for t in ontology_graph():
            g.add(t)
    source = SYN["src/synthetic"]
    g.add((source, RDF.type, YRD.Source))
    provinces = []
    for k in range(4):
        p = SYN[f"div/p{k}"]
        _labelled(g, p, YRD.Province, f"合成省{k}", f"Synthetic province {k}")
        provinces.append(p)
    cities = []
    for k in range(40):
        c = SYN[f"div/c{k}"]
        _labelled(g, c, YRD.City, f"合成市{k}", f"Synthetic city {k}")
        g.add((c, YRD.locatedIn, provinces[k % 4]))
        cities.append(c)
    sectors = []
    for k in range(10):
        s = SYN[f"sector/s{k}"]
        _labelled(g, s, YRD.Sector, f"合成领域{k}", f"Synthetic sector {k}")
        sectors.append(s)
    rest = max(n_nodes - len(provinces) - len(cities) - len(sectors), 2)
    n_orgs = max(rest * 7 // 10, 2)
    n_coops = max(rest - n_orgs, 1)
    orgs = []
    for k in range(n_orgs):
        o = SYN[f"org/o{k}"]
        _labelled(g, o, ORG_CLASSES[k % len(ORG_CLASSES)], f"合成组织{k}", f"Synthetic organisation {k}")
        g.add((o, YRD.basedIn, rnd.choice(cities)))
        orgs.append(o)
    busy = list(orgs)  # preferential attachment: a hub-and-spoke shape like real networks
    n_quote = 0
    for k in range(n_coops):
        cls, role = COOP_CLASSES[k % len(COOP_CLASSES)]
        c = SYN[f"coop/k{k}"]
        _labelled(g, c, cls, f"合成合作{k}", f"Synthetic cooperation {k}")
        g.add((c, YRD.sector, rnd.choice(sectors)))
        agents = {rnd.choice(busy) for _ in range(rnd.randint(2, 6))}
        for j, a in enumerate(sorted(agents)):
            inv = SYN[f"involvement/k{k}-{j}"]
            g.add((inv, RDF.type, YRD.Involvement))
            g.add((inv, YRD.agent, a))
            g.add((inv, YRD.cooperation, c))
            g.add((inv, YRD.role, YRD.LeadRole if j == 0 else role))
            q = SYN[f"quote/q{n_quote}"]
            n_quote += 1
            g.add((q, RDF.type, YRD.Quote))
            g.add((q, YRD.text, Literal(f"合成引文{n_quote}")))
            g.add((q, PROV.wasQuotedFrom, source))
            g.add((q, YRD.offset, Literal(n_quote, datatype=XSD.integer)))
            g.add((inv, YRD.evidence, q))
            busy.append(a)
    return g
