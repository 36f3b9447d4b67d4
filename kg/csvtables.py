"""Write tidy CSV tables of the graph's cooperations and figures: one row per entity, one column per field.

``yrdkg tables --out DIR`` writes ``consortia.csv``, ``agreements.csv``,
``projects.csv``, ``events.csv`` and ``targets.csv``. Each row is one entity
(one target in ``targets.csv``); a field with several values (members, sectors,
participants) holds them sorted and joined by the one list separator
:data:`LIST_SEPARATOR` (``|``); ``roles`` pairs each participant with its role
(``id:org/x yrd:HostRole``). Identifiers are CURIEs (``id:org/jiuli``, ``yrd:LeadRole``),
numbers and dates their lexical forms; UTF-8 without a byte-order mark. The same
graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.files import write_atomic
from kg.names import curie

LIST_SEPARATOR = "|"

_PREFIXES = """PREFIX yrd: <https://w3id.org/yrd-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_LABELS = """?id skos:prefLabel ?label_zh, ?label_en .
  FILTER(LANG(?label_zh) = "zh" && LANG(?label_en) = "en")"""


def _zh(var: str, of: str) -> str:
    return f'OPTIONAL {{ {of} skos:prefLabel ?{var} . FILTER(LANG(?{var}) = "zh") }}'


@dataclass(frozen=True)
class Table:
    """One CSV file: the query giving its rows (first column the key) and its columns."""

    name: str
    columns: tuple[str, ...]
    query: str


TABLES = (
    Table("consortia", ("id", "label_zh", "label_en", "batch", "sectors", "lead", "lead_zh", "members",
                        "members_zh"), f"""
SELECT ?id ?label_zh ?label_en ?batch ?sectors ?lead ?lead_zh ?members ?members_zh WHERE {{
  ?id a yrd:InnovationConsortium . {_LABELS}
  OPTIONAL {{ ?id yrd:inBatch ?batch }}
  OPTIONAL {{ ?id yrd:sector ?sectors }}
  OPTIONAL {{ ?id yrd:ledBy ?lead . {_zh("lead_zh", "?lead")} }}
  OPTIONAL {{ ?id org:hasMember ?members . {_zh("members_zh", "?members")} }}
}}"""),
    Table("agreements", ("id", "label_zh", "label_en", "classes", "signed_at", "signed_on", "place",
                         "declared_parties", "signatories", "signatories_zh"), f"""
SELECT ?id ?label_zh ?label_en ?classes ?signed_at ?signed_on ?place ?declared_parties ?signatories
       ?signatories_zh WHERE {{
  ?id a ?classes . ?classes rdfs:subClassOf* yrd:Agreement . {_LABELS}
  OPTIONAL {{ ?id yrd:signedAt ?signed_at .
             OPTIONAL {{ ?signed_at yrd:startDate ?signed_on }} OPTIONAL {{ ?signed_at yrd:place ?place }} }}
  OPTIONAL {{ ?id yrd:declaredPartyCount ?declared_parties }}
  OPTIONAL {{ ?inv yrd:cooperation ?id ; yrd:role yrd:SignatoryRole ; yrd:agent ?signatories .
             {_zh("signatories_zh", "?signatories")} }}
}}"""),
    Table("projects", ("id", "label_zh", "label_en", "classes", "batch", "domains", "responsible",
                       "responsible_zh", "targets"), f"""
SELECT ?id ?label_zh ?label_en ?classes ?batch ?domains ?responsible ?responsible_zh ?targets WHERE {{
  ?id a ?classes . ?classes rdfs:subClassOf* yrd:CooperationProject . {_LABELS}
  OPTIONAL {{ ?id yrd:inBatch ?batch }}
  OPTIONAL {{ ?id yrd:domain ?domains }}
  OPTIONAL {{ ?id yrd:hasTarget ?targets }}
  OPTIONAL {{ ?inv yrd:cooperation ?id ; yrd:role yrd:ResponsibleRole ; yrd:agent ?responsible .
             {_zh("responsible_zh", "?responsible")} }}
}}"""),
    Table("events", ("id", "label_zh", "label_en", "classes", "start", "end", "year", "place", "place_zh",
                     "part_of", "participants", "participants_zh", "roles"), f"""
SELECT ?id ?label_zh ?label_en ?classes ?start ?end ?year ?place ?place_zh ?part_of ?participants
       ?participants_zh ?roles WHERE {{
  ?id a ?classes . ?classes rdfs:subClassOf* yrd:Event . {_LABELS}
  OPTIONAL {{ ?id yrd:startDate ?start }} OPTIONAL {{ ?id yrd:endDate ?end }}
  OPTIONAL {{ ?id yrd:year ?year }}
  OPTIONAL {{ ?id yrd:place ?place . {_zh("place_zh", "?place")} }}
  OPTIONAL {{ ?id yrd:subEventOf ?part_of }}
  OPTIONAL {{ ?inv yrd:cooperation ?id ; yrd:agent ?participants ; yrd:role ?role .
             {_zh("participants_zh", "?participants")}
             BIND(CONCAT("id:", STRAFTER(STR(?participants), "/id/"), " yrd:", STRAFTER(STR(?role), "#"))
                  AS ?roles) }}
}}"""),
    Table("targets", ("id", "owner", "owner_zh", "measures_zh", "measures_en", "comparator", "value", "unit",
                      "year", "applies_to", "quotes"), f"""
SELECT ?id ?owner ?owner_zh ?measures_zh ?measures_en ?comparator ?value ?unit ?year ?applies_to ?quotes
WHERE {{
  ?id a yrd:Target ; yrd:value ?value ; yrd:unit ?unit ; yrd:comparator ?comparator ;
      yrd:measures ?measures_zh, ?measures_en .
  FILTER(LANG(?measures_zh) = "zh" && LANG(?measures_en) = "en")
  ?owner yrd:hasTarget ?id . {_zh("owner_zh", "?owner")}
  OPTIONAL {{ ?id yrd:year ?year }} OPTIONAL {{ ?id yrd:appliesTo ?applies_to }}
  OPTIONAL {{ ?id yrd:evidence/yrd:text ?quotes }}
}}"""),
)


def rows(g: Graph, table: Table) -> list[list[str]]:
    """The table's rows: one per key, each field's values sorted and joined by LIST_SEPARATOR."""
    cells: dict[str, list[set[str]]] = defaultdict(lambda: [set() for _ in table.columns])
    for row in g.query(_PREFIXES + table.query):
        key = curie(row[0])
        for i, term in enumerate(row):
            if term is not None:
                cells[key][i].add(curie(term))
    return [[LIST_SEPARATOR.join(sorted(v)) for v in cells[key]] for key in sorted(cells)]


def to_csv(g: Graph, table: Table) -> str:
    """One table as CSV text (header first)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    w.writerows(rows(g, table))
    return buf.getvalue()


def write_tables(g: Graph, folder: Path | str) -> list[Path]:
    """Write every table as ``folder/<name>.csv``; return the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        write_atomic(path, to_csv(g, table).encode("utf-8"))
        out.append(path)
    return out
