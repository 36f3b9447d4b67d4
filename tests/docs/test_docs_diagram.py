"""kg.docs.diagram: the data model drawn from the ontology, every class and arrow, escaped, byte-stable."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg.docs.diagram import data_model_svg, model
from kg.ontology import YRD, ontology_graph


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_diagram_is_drawn_from_the_ontology(docs, lang):
    svg = docs[f"diagram-{lang}"]
    ET.fromstring(svg)  # well-formed
    boxes, arrows, loops = model(ontology_graph(), lang)
    assert len(boxes) >= 10 and len(arrows) >= 10
    for root, rows in boxes:
        assert f'<g id="{str(root).rsplit("#", 1)[1]}">' in svg
        for label, _depth in rows:
            assert f">{html.escape(label)}</text>" in svg
    for names in arrows.values():
        assert f">{html.escape(', '.join(names))}</text>" in svg
    assert svg.count("<line ") + svg.count("<path d=") - 1 == len(arrows)  # the marker's path is one
    assert svg == data_model_svg(ontology_graph(), lang)


def test_the_diagram_follows_the_ontology(tmp_path):
    g = ontology_graph()
    extra = URIRef(str(YRD) + "Extra")
    g2 = Graph()
    g2 += g
    g2.add((extra, RDF.type, OWL.Class))
    g2.add((extra, RDFS.label, Literal("<额外>", lang="zh")))
    svg = data_model_svg(g2, "zh")
    assert "&lt;额外&gt;" in svg and '<g id="Extra">' in svg and "<额外>" not in svg
