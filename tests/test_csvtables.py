"""kg.csvtables and `yrdkg tables`: tidy CSV tables, one row per entity, one list separator."""

from __future__ import annotations

import csv
import io

from rdflib import RDF, RDFS, URIRef

from kg.cli import main
from kg.csvtables import LIST_SEPARATOR, TABLES, to_csv
from kg.names import curie
from kg.ontology import ID, ORG, YRD


def read(graph, name) -> list[dict]:
    table = next(t for t in TABLES if t.name == name)
    text = to_csv(graph, table)
    got = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0].split(",") == list(table.columns)
    return got


def _instances(graph, cls) -> set[str]:
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {curie(s) for c in classes for s in graph.subjects(RDF.type, c)
            if isinstance(s, URIRef) and str(s).startswith(str(ID))}


def test_one_row_per_entity(graph):
    for name, cls in (("consortia", YRD.InnovationConsortium), ("agreements", YRD.Agreement),
                      ("projects", YRD.CooperationProject), ("events", YRD.Event), ("targets", YRD.Target)):
        ids = [r["id"] for r in read(graph, name)]
        assert ids == sorted(ids) and len(ids) == len(set(ids)), name
        assert set(ids) == _instances(graph, cls), name


def test_lists_use_the_one_separator(graph):
    for r in read(graph, "consortia"):
        node = ID[r["id"][3:]]
        members = {curie(m) for m in graph.objects(node, ORG.hasMember)}
        assert set(r["members"].split(LIST_SEPARATOR)) == members
    steel = next(r for r in read(graph, "consortia")
                 if r["id"] == "id:consortium/ultra-clean-stainless-steel")
    # 久立特材牵头 ... 上海交通大学 ... 沪苏浙的高新企业
    assert steel["lead"] == "id:org/jiuli"
    assert {"id:org/sjtu", "id:org/hsz-high-tech-enterprises"} <= set(steel["members"].split("|"))


def test_agreements_and_events_as_the_article_gives_them(graph):
    ai = next(r for r in read(graph, "agreements") if r["id"] == "id:agreement/ai-plus-scenarios")
    # 12家单位签署 ... at the forum in Wenzhou on 6 June 2024
    assert (ai["declared_parties"], ai["signed_at"], ai["signed_on"], ai["place"]) == \
        ("12", "id:event/6th-yrd-forum", "2024-06-06", "id:div/330300")
    assert len(ai["signatories"].split(LIST_SEPARATOR)) == 7
    meeting = next(r for r in read(graph, "events")
                   if r["id"] == "id:event/media-alliance-6th-annual-meeting")
    # 浙江日报报业集团主办
    assert "id:org/zjdaily-press-group yrd:HostRole" in meeting["roles"].split(LIST_SEPARATOR)


def test_targets_carry_owner_value_and_quote(graph):
    got = read(graph, "targets")
    charging = [r for r in got if r["owner"] == "id:project/charging-network"]
    assert {r["value"] for r in charging} == {"70000.0", "600000.0", "1.9"}  # 超7万个, 60万个, 1.9之内
    outline = [r for r in got if r["owner"] == "id:doc/yrd-outline-2019"]
    assert outline and all(r["quotes"] for r in outline)
    # 15 targets for 2025 (第二章), and chapter 11's first phase of the new area, which gives no year
    assert sum(r["year"] == "2025" for r in outline) == 15
    assert {r["year"] for r in outline} == {"2025", ""}


def test_cli_writes_every_table_deterministically(tmp_path):
    assert main(["tables", "--out", str(tmp_path / "a")]) == 0
    assert main(["tables", "--out", str(tmp_path / "b")]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(f"{t.name}.csv" for t in TABLES)
    for name in names:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes() and not a.startswith(b"\xef\xbb\xbf")
