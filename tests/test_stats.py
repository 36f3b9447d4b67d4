"""Counts of the curated graph: entities per class, facts per source."""

from kg.stats import entities_per_class, facts_per_source, sources_table


def test_entities_per_class(graph):
    counts = dict(entities_per_class(graph))
    assert counts["City"] == 41
    assert counts["Province"] == 3 and counts["Municipality"] == 1
    assert counts["InnovationConsortium"] == 3
    assert counts["Source"] == 5  # the article, the Outline, 3 tables (divisions, counties, points)
    assert list(counts.values()) == sorted(counts.values(), reverse=True)


def test_sources_table_names_sources_by_short_id_and_labels(graph):
    rows = {row[0]: row for row in sources_table(graph)}
    assert set(rows) == {"src/yrd-divisions", "src/zjrb-2024-06-yrd-forum", "src/yrd-outline-2019",
                         "src/yrd-demo-zone-counties", "src/cpca-coordinates"}
    short, zh, en, facts, quotes = rows["src/zjrb-2024-06-yrd-forum"]
    assert zh.endswith("长三角合作“上新”") and en.startswith("First list of practical projects")
    assert facts > quotes > 100
    # the divisions table: one quote per row (4 + 41), each quoted by the division and its facts
    assert rows["src/yrd-divisions"][4] == 45
    assert rows["src/cpca-coordinates"][4] == 48  # a point for each of those 45 and the 3 counties
    assert [(r[3], r[4]) for r in sources_table(graph)] == [(f, q) for _, f, q in facts_per_source(graph)]
