"""Invent graphs in our ontology, shaped like the curated one and passing the shapes, for scale tests.

Nothing here is a fact: every organisation, cooperation and quote is invented
(labels say so). The real 4 provincial-level divisions and 41 cities are reused,
and every node is written as the loaders write it (same IRIs, same reification).
:func:`synthesise` writes N-Triples (also valid Turtle) of a number of triples,
the same bytes for the same seed; :func:`synthetic_graph` returns a graph of a
number of entities (the explorer's nodes), for the explorer's tests and benchmark.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from pathlib import Path

from rdflib import DCTERMS, RDF, SKOS, XSD, Graph

from kg.errors import DataError, InputError
from kg.files import open_atomic
from kg.loaders.context import digest
from kg.loaders.divisions import LEVELS
from kg.loaders.sources import squeeze
from kg.ontology import ID, ORG, PROV, YRD, ontology_graph
from kg.paths import packaged_data

DIVISIONS_CSV = packaged_data() / "reference" / "yrd-divisions.csv"

_XSD = str(XSD)
_RDF = str(RDF)
SKOS_PREF = f"<{SKOS.prefLabel}>"
ORG_MEMBER = f"<{ORG.hasMember}>"
PROV_FROM = f"<{PROV.wasQuotedFrom}>"
DCT_TITLE = f"<{DCTERMS.title}>"
DCT_LANG = f"<{DCTERMS.language}>"
A = f"<{_RDF}type>"

ORG_KINDS = [  # class, zh suffix, en suffix, share of new organisations
    ("Enterprise", "科技有限公司", "Technology Co.", 40), ("University", "大学", "University", 10),
    ("ResearchInstitute", "研究院", "Research Institute", 10), ("Laboratory", "实验室", "Laboratory", 4),
    ("Hospital", "医院", "Hospital", 6),
    ("GovernmentBody", "市发展和改革委员会", "Development and Reform Commission", 12),
    ("IndustryAssociation", "行业协会", "Industry Association", 6),
    ("Association", "促进会", "Promotion Association", 4),
    ("ThinkTank", "发展研究中心", "Development Research Centre", 4),
    ("MediaOrganisation", "日报社", "Daily", 4),
]
STEMS = [("智联", "Zhilian"), ("华创", "Huachuang"), ("新源", "Xinyuan"), ("东方", "Dongfang"),
         ("博远", "Boyuan"), ("申江", "Shenjiang"), ("江海", "Jianghai"), ("之江", "Zhijiang"),
         ("徽商", "Huishang"), ("长风", "Changfeng"), ("启明", "Qiming"), ("同济", "Tongji")]
SECTORS = [("人工智能", "Artificial intelligence"), ("集成电路", "Integrated circuits"),
           ("生物医药", "Biomedicine"), ("新能源汽车", "New energy vehicles"),
           ("高端装备", "High-end equipment"), ("新材料", "New materials"),
           ("量子通信", "Quantum communication"), ("绿色低碳", "Green and low-carbon")]
DOMAINS = [("交通", "Transport"), ("医疗", "Health care"), ("教育", "Education"),
           ("文旅", "Culture and tourism"), ("养老", "Elderly care"), ("生态环境", "Ecology and environment"),
           ("政务服务", "Government services")]
EVENT_KINDS = [("Forum", "论坛", "Forum"), ("Symposium", "座谈会", "Symposium"),
               ("AnnualMeeting", "年会", "Annual Meeting"), ("Event", "推介会", "Promotion Event")]
UNITS = ["ItemUnit", "PercentUnit", "PersonUnit", "PieceUnit", "HourUnit"]
COMPARATORS = ["AtLeast", "MoreThan", "AtMost", "Exactly"]


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def lang(text: str, tag: str | None = None) -> str:
    """A literal in N-Triples: language-tagged, or plain without ``tag``."""
    return f'"{_esc(text)}"@{tag}' if tag else f'"{_esc(text)}"'


def typed(value, datatype: str) -> str:
    return f'"{value}"^^<{_XSD}{datatype}>'


def y(local: str) -> str:
    """An IRI of our ontology, checked against it (a misspelt term raises)."""
    return f"<{YRD[local]}>"


def node(path: str) -> str:
    return f"<{ID}{path}>"


def read_divisions(path: Path = DIVISIONS_CSV) -> list[dict]:
    """Read the reference table of the 4 divisions and 41 cities."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except FileNotFoundError:
        raise DataError("the reference table of divisions is missing", path) from None


class Synth:
    """Emit triples one line at a time and count them."""

    def __init__(self, fh, rng: random.Random):
        self.fh, self.rng, self.count = fh, rng, 0
        self.entities = 0                  # nodes of the explorer's full view written so far
        self.orgs: list[str] = []          # agents that may take part in cooperations
        self.gov: list[str] = []           # government bodies, hosts of events
        self.cities: list[tuple[str, str, str]] = []  # (node, zh, en)
        self.provinces: list[str] = []
        self.sectors: list[str] = []
        self.domains: list[str] = []
        self.events: list[str] = []
        self.source = ""
        self.offset = 0
        self.quoted: set[str] = set()

    def t(self, s: str, p: str, o: str) -> None:
        self.fh.write(f"{s} {p} {o} .\n")
        self.count += 1

    # -- the loaders' building blocks ---------------------------------------
    def quote(self, text: str) -> str:
        q = node(f"quote/{digest(self.source_id, squeeze(text))}")
        if q in self.quoted:
            return q
        self.quoted.add(q)
        self.t(q, A, y("Quote"))
        self.t(q, y("text"), lang(text, "zh"))
        self.t(q, PROV_FROM, self.source)
        self.t(q, y("offset"), typed(self.offset, "nonNegativeInteger"))
        self.offset += len(squeeze(text))
        return q

    def statement(self, s: str, p: str, o: str, quote: str) -> None:
        """Assert s p o with an rdf:Statement carrying its quote, as Context.statement does."""
        self.t(s, p, o)
        st = node(f"statement/{digest(s, p, o)}")
        self.t(st, A, f"<{_RDF}Statement>")
        self.t(st, f"<{_RDF}subject>", s)
        self.t(st, f"<{_RDF}predicate>", p)
        self.t(st, f"<{_RDF}object>", o)
        self.t(st, y("evidence"), quote)

    def entity(self, n: str, classes: list[str], zh: str, en: str, quote: str | None = None) -> str:
        """Type, label and quote an entity (by default, an invented quote); return the quote."""
        for c in classes:
            self.t(n, A, y(c))
        self.t(n, SKOS_PREF, lang(zh, "zh"))
        self.t(n, SKOS_PREF, lang(en, "en"))
        q = self.quote(quote or f"{zh}（合成数据，非事实）")
        self.t(n, y("evidence"), q)
        self.entities += 1
        return q

    def involvement(self, coop_id: str, agent: str, role: str, membership: bool = False) -> None:
        coop, agent_id = node(coop_id), agent[len(str(ID)) + 1:-1]
        inv = node(f"involvement/{digest(coop_id, role, agent_id)}")
        self.t(inv, A, y("Membership" if membership else "Involvement"))
        self.t(inv, y("agent"), agent)
        self.t(inv, y("cooperation"), coop)
        self.t(inv, y("role"), y(role))
        self.t(inv, y("evidence"), self.quote(f"{agent_id}以{role}身份参与{coop_id}"))
        if membership:
            self.t(coop, ORG_MEMBER, agent)
            if role == "LeadRole":
                self.t(coop, y("ledBy"), agent)

    def figure(self, rec_id: str, cls: str, zh: str, en: str) -> str:
        r = self.rng
        value = r.choice([r.randint(1, 500), round(r.uniform(0.5, 99.5), 1)])
        n = node(f"{cls.lower()}/{digest(rec_id, zh, value)}")
        self.t(n, A, y(cls))
        self.t(n, y("value"), typed(value, "decimal"))
        self.t(n, y("unit"), y(r.choice(UNITS)))
        self.t(n, y("comparator"), y(r.choice(COMPARATORS)))
        self.t(n, y("measures"), lang(zh, "zh"))
        self.t(n, y("measures"), lang(en, "en"))
        self.t(n, y("year"), typed(r.randint(2024, 2030), "gYear"))
        self.t(n, y("evidence"), self.quote(f"{rec_id}{zh}{value}"))
        return n

    # -- the fixed part: places, sectors, domains ---------------------------
    def places(self, rows: list[dict]) -> None:
        self.source_id, self.source = "src/yrd-divisions", node("src/yrd-divisions")
        self.describe_source("长三角三省一市及41个设区市行政区划代码表（GB/T 2260）",
                             "Yangtze River Delta divisions and 41 cities (GB/T 2260)", "yrd-divisions.csv")
        region = node("region/yrd")
        self.entity(region, ["Region"], "长三角", "Yangtze River Delta")
        for row in rows:
            n = node(f"div/{row['code']}")
            cls = LEVELS[row["level"]]
            raw = ",".join(row[k] for k in ("code", "name_zh", "name_en", "level", "province_code",
                                            "wikidata"))
            q = self.entity(n, [cls], row["name_zh"], row["name_en"], raw)
            self.statement(n, y("code"), lang(row["code"]), q)
            if cls == "City":
                self.statement(n, y("locatedIn"), node(f"div/{row['province_code']}"), q)
                self.cities.append((n, row["name_zh"], row["name_en"]))
            else:
                self.statement(n, y("locatedIn"), region, q)
                self.provinces.append(n)

    def describe_source(self, zh: str, en: str, file_name: str, year_month: str | None = None) -> None:
        s = self.source
        self.t(s, A, y("Source"))
        for p in (SKOS_PREF, DCT_TITLE):
            self.t(s, p, lang(zh, "zh"))
            self.t(s, p, lang(en, "en"))
        self.t(s, y("fileName"), lang(file_name))
        self.t(s, DCT_LANG, lang("zh"))
        if year_month:
            self.t(s, y("yearMonth"), typed(year_month, "gYearMonth"))
        self.offset = 0
        self.quoted = set()

    def concepts(self) -> None:
        for i, (zh, en) in enumerate(SECTORS):
            n = node(f"sector/synth-{i}")
            self.entity(n, ["Sector"], zh, en)
            self.sectors.append(n)
        for i, (zh, en) in enumerate(DOMAINS):
            n = node(f"domain/synth-{i}")
            self.entity(n, ["Domain"], zh, en)
            self.domains.append(n)

    # -- one cluster: an article's worth of cooperation ---------------------
    def cluster(self, k: int) -> None:
        r = self.rng
        self.source_id, self.source = f"src/synth-{k:06d}", node(f"src/synth-{k:06d}")
        self.describe_source(f"合成报道第{k}篇", f"Synthetic article {k}", f"synth-{k:06d}.txt",
                             f"{r.randint(2019, 2025)}-{r.randint(1, 12):02d}")
        for i in range(20):
            self.organisation(f"org/synth-{k:06d}-{i:02d}")
        if k % 4 == 0:
            self.collective(f"org/synth-{k:06d}-collective")
        events = [self.event(f"event/synth-{k:06d}-{i}") for i in range(2)]
        self.consortia(k, events[0])
        self.agreements(k, events)
        self.projects(k)
        for i in range(2):
            about = r.choice(self.orgs)
            n = self.figure(f"stat-{k}-{i}", "Statistic", f"成员数量{i}", f"number of members {i}")
            self.t(n, y("about"), about)

    def organisation(self, ident: str) -> None:
        r = self.rng
        cls, zh_kind, en_kind, _ = r.choices(ORG_KINDS, weights=[w for *_, w in ORG_KINDS])[0]
        city, city_zh, city_en = r.choice(self.cities)
        stem_zh, stem_en = r.choice(STEMS)
        serial = ident.rsplit("-", 2)[-2:]
        n = node(ident)
        q = self.entity(n, [cls], f"{city_zh}{stem_zh}{zh_kind}（合成{'-'.join(serial)}）",
                        f"{city_en} {stem_en} {en_kind} (synthetic {'-'.join(serial)})")
        if r.random() < 0.85:
            self.statement(n, y("basedIn"), city, q)
        self.orgs.append(n)
        if cls == "GovernmentBody":
            self.gov.append(n)

    def collective(self, ident: str) -> None:
        n = node(ident)
        q = self.entity(n, ["CollectiveActor"], f"三省一市合作办公室（合成{ident[-16:]}）",
                        f"Cooperation offices of the three provinces and one city (synthetic {ident[-16:]})")
        for p in self.provinces:
            self.statement(n, y("coversDivision"), p, q)
        self.orgs.append(n)

    def event(self, ident: str) -> str:
        r = self.rng
        cls, zh_kind, en_kind = r.choice(EVENT_KINDS)
        city, city_zh, city_en = r.choice(self.cities)
        n = node(ident)
        q = self.entity(n, [cls], f"{city_zh}长三角合作{zh_kind}（合成{ident[-8:]}）",
                        f"{city_en} Yangtze River Delta Cooperation {en_kind} (synthetic {ident[-8:]})")
        year, month, day = r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 26)
        self.statement(n, y("startDate"), typed(f"{year}-{month:02d}-{day:02d}", "date"), q)
        if r.random() < 0.3:
            self.statement(n, y("endDate"), typed(f"{year}-{month:02d}-{day + 2:02d}", "date"), q)
        self.statement(n, y("place"), city, q)
        self.statement(n, y("theme"), lang("协同创新", "zh"), q)
        self.statement(n, y("theme"), lang("Collaborative innovation", "en"), q)
        if self.events and r.random() < 0.2:
            self.statement(n, y("subEventOf"), r.choice(self.events), q)
        coop_id = ident
        hosts = r.sample(self.gov, min(len(self.gov), 2)) if self.gov else []
        for h in hosts:
            self.involvement(coop_id, h, "HostRole")
        for o in r.sample(self.orgs, 3):
            if o not in hosts:
                self.involvement(coop_id, o, r.choice(["OrganiserRole", "GuideRole", "ParticipantRole"]))
        self.events.append(n)
        return n

    def batch(self, ident: str, zh: str, en: str, items: int, event: str | None) -> str:
        n = node(ident)
        q = self.entity(n, ["Batch"], zh, en)
        self.statement(n, y("declaredCount"), typed(items + self.rng.randint(0, 5), "nonNegativeInteger"), q)
        if event:
            self.statement(n, y("establishedAt"), event, q)
        return n

    def consortia(self, k: int, event: str) -> None:
        r = self.rng
        ids = [f"consortium/synth-{k:06d}-{i}" for i in range(3)]
        b = self.batch(f"batch/synth-{k:06d}-consortia", f"第{k}批长三角创新联合体（合成）",
                       f"Batch {k} of innovation consortia (synthetic)", len(ids), event)
        for ident in ids:
            n = node(ident)
            sector = r.choice(self.sectors)
            q = self.entity(n, ["InnovationConsortium"], f"长三角创新联合体（合成{ident[-8:]}）",
                            f"Yangtze River Delta Innovation Consortium (synthetic {ident[-8:]})")
            self.statement(n, y("inBatch"), b, q)
            self.statement(n, y("sector"), sector, q)
            members = r.sample(self.orgs, r.randint(3, 9))
            self.involvement(ident, members[0], "LeadRole", membership=True)
            for m in members[1:]:
                self.involvement(ident, m, "MemberRole", membership=True)

    def agreements(self, k: int, events: list[str]) -> None:
        r = self.rng
        for i in range(2):
            ident = f"agreement/synth-{k:06d}-{i}"
            n = node(ident)
            cls = r.choice(["Agreement", "FrameworkAgreement"])
            q = self.entity(n, [cls], f"长三角战略合作协议（合成{ident[-8:]}）",
                            f"Yangtze River Delta Strategic Cooperation Agreement (synthetic {ident[-8:]})")
            parties = r.sample(self.orgs, r.randint(2, 6))
            for p in parties:
                self.involvement(ident, p, "SignatoryRole")
            self.statement(n, y("declaredPartyCount"),
                           typed(len(parties) + r.randint(0, 4), "nonNegativeInteger"), q)
            self.statement(n, y("signedAt"), r.choice(events), q)
            self.statement(n, y("sector"), r.choice(self.sectors), q)

    def projects(self, k: int) -> None:
        r = self.rng
        ids = [f"project/synth-{k:06d}-{i}" for i in range(3)]
        b = self.batch(f"batch/synth-{k:06d}-projects", f"第{k}批长三角实事项目清单（合成）",
                       f"List {k} of practical projects (synthetic)", len(ids), None)
        for ident in ids:
            n = node(ident)
            q = self.entity(n, ["PracticalProject"], f"长三角民生实事项目（合成{ident[-8:]}）",
                            f"Yangtze River Delta practical project (synthetic {ident[-8:]})")
            self.statement(n, y("inBatch"), b, q)
            if r.random() < 0.9:  # some projects lack a domain: the advisory warns, as in the curated data
                self.statement(n, y("domain"), r.choice(self.domains), q)
            for j in range(r.randint(1, 3)):
                t = self.figure(ident, "Target", f"目标指标{j}", f"target indicator {j}")
                self.t(t, y("targetOf"), n)
                self.t(n, y("hasTarget"), t)
            for o in r.sample(self.orgs, r.randint(1, 2)):
                self.involvement(ident, o, "ResponsibleRole")


def _generate(fh, seed: int, size: Callable[[Synth], int], target: int,
              progress: Callable[[int, int], None] | None = None) -> Synth:
    """Write the ontology, the fixed part, then whole clusters until ``size(synth)`` reaches ``target``."""
    s = Synth(fh, random.Random(seed))
    onto = sorted(set(ontology_graph().serialize(format="nt").splitlines()) - {""})
    fh.write("\n".join(onto) + "\n")
    s.count += len(onto)
    s.places(read_divisions())
    s.source_id, s.source = "src/synth-concepts", node("src/synth-concepts")
    s.describe_source("合成概念表", "Synthetic concepts", "synth-concepts.txt")
    s.concepts()
    k, shown, step = 0, 0, max(target // 100, 1)
    while size(s) < target:
        s.cluster(k)
        k += 1
        if progress and size(s) - shown >= step:
            shown = size(s)
            progress(min(shown, target), target)
    if progress:
        progress(size(s), target)
    return s


def synthesise(triples: int, out: Path, seed: int = 0,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Write a synthetic graph of at least ``triples`` triples to ``out``; return the count.

    The graph grows in whole clusters (one invented article each, ~1,500 triples),
    so every node it writes is complete and the count slightly exceeds the request.
    """
    if triples < 1:
        raise InputError(f"the number of triples must be positive, not {triples}", out)
    with open_atomic(Path(out), "w", encoding="utf-8", buffering=1 << 20) as fh:
        return _generate(fh, seed, lambda s: s.count, triples, progress).count


def synthetic_graph(nodes: int = 5000, seed: int = 0) -> Graph:
    """Return a synthetic graph (ontology included) of at least ``nodes`` entities, in memory.

    Entities are the nodes of the explorer's full view (:mod:`kg.render.views`):
    organisations, cooperations, events, batches, places and concepts. The graph
    grows in whole clusters (about 30 entities each), so it conforms to the shapes.
    """
    if nodes < 1:
        raise InputError(f"the number of nodes must be positive, not {nodes}")
    buf = io.StringIO()
    _generate(buf, seed, lambda s: s.entities, nodes)
    return Graph().parse(data=buf.getvalue(), format="nt")
