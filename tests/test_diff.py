"""kg.diff: facts added, removed and changed between two graphs, by entity, with quotes."""

from __future__ import annotations

from rdflib import SKOS, Graph, Literal

from kg.dataset import DATASET, with_description
from kg.diff import ONTOLOGY, as_json, counts, diff, markdown
from kg.ontology import ID, YRD


def copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def test_same_graph_no_differences_even_with_another_description(graph):
    other = with_description(copy(graph), "9.9.9")
    assert diff(graph, other) == []
    assert "No facts differ." in markdown([], graph, other)


def test_added_removed_changed_by_entity_with_quotes(graph):
    new = copy(graph)
    s, p, o = next(iter(new.triples((None, YRD.startDate, None))))
    new.remove((s, p, o))
    new.add((s, p, Literal("2001-01-01", datatype=o.datatype)))
    jiuli = ID["org/jiuli"]
    new.add((jiuli, SKOS.altLabel, Literal("测试名称", lang="zh")))
    gone = next(iter(new.triples((ID["org/westlake-lab"], SKOS.altLabel, None))), None)
    if gone is not None:
        new.remove(gone)
    changes = diff(graph, new)
    by = {d.entity: d for d in changes}
    (changed,) = by[str(s)].facts
    assert changed.kind == "changed" and changed.old == o and str(changed.new) == "2001-01-01"
    assert changed.quotes  # the statement's quote, from the old graph
    (added,) = by[str(jiuli)].facts
    assert added.kind == "added" and str(added.new) == "测试名称"
    assert any("久立" in q for q in added.quotes)  # the entity's own evidence
    c = counts(changes)
    assert c["changed"] == 1 and c["added"] == 1 and c["removed"] == (1 if gone is not None else 0)
    text = markdown(changes, graph, new)
    assert "~ changed `yrd:startDate`" in text and "+ added `skos:altLabel` \"测试名称\"@zh" in text
    assert str(DATASET) not in text
    assert '"kind": "changed"' in as_json(changes)


def test_ontology_changes_are_grouped(graph):
    new = copy(graph)
    new.add((YRD.City, SKOS.altLabel, Literal("市", lang="zh")))
    (only,) = diff(graph, new)
    assert only.entity == ONTOLOGY
