"""kg.docs.shapes: every shape, its targets and constraints, escaped, linked to the terms."""

from __future__ import annotations

import html

from rdflib import RDF, SH, URIRef

from kg.docs.shapes import shape_rows, shapes_page
from kg.ontology import YRD
from kg.validation.shapes import shapes_graph


def test_shapes_page_names_every_shape_and_its_messages(docs):
    rows = shape_rows(shapes_graph())
    named = {s for s in shapes_graph().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert len(rows) == len(named) >= 20
    page = docs["shapes"]
    for r in rows:
        assert f"<code>{r['short']}</code>" in page
        for c in r["constraints"]:
            for m in c["messages"]:
                assert html.escape(m) in page, m


def test_shapes_page_reports_severity_and_targets(docs):
    page = docs["shapes"]
    i = page.index("yrds:ConsortiumSectorAdvice")
    section = page[i:page.index("</section>", i)]
    assert "Warning" in section and "class yrd:InnovationConsortium" in section
    i = page.index("yrds:FactProvenanceShape")
    section = page[i:page.index("</section>", i)]
    assert "subjects of yrd:locatedIn" in section and "Violation" in section


def test_shapes_page_escapes_what_it_shows(tmp_path):
    shapes = tmp_path / "evil.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:Evil a sh:NodeShape ; sh:name "<script>alert(1)</script>" ; sh:targetClass ex:C ;
  sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "a < b & \\"c\\"" ] .
""", encoding="utf-8")
    page = shapes_page([shapes])
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "a &lt; b &amp; &quot;c&quot;" in page


def test_targets_and_paths_link_the_terms_they_name(docs):
    page = docs["shapes"]
    i = page.index("yrds:ConsortiumSectorAdvice")
    section = page[i:page.index("</section>", i)]
    target = "<code>class yrd:InnovationConsortium</code>"
    assert f'<a href="ontology-en.html#InnovationConsortium">{target}</a>' in section
    for row in shape_rows(shapes_graph()):
        for c in row["constraints"]:
            if c["path_term"] is not None and str(c["path_term"]).startswith(str(YRD)):
                local = str(c["path_term"])[len(str(YRD)):]
                assert f'<a href="ontology-en.html#{local}"><code>{html.escape(c["path"])}</code></a>' in page
                assert f'id="{local}"' in docs["en"], local  # the link lands on the term
