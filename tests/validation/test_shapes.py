"""kg.validation.shapes: the shapes, and no validation of nothing."""

from __future__ import annotations

import pytest
from rdflib import SH, Graph, Literal

from kg.errors import InputError
from kg.ontology import ID, ontology_graph
from kg.validation.shapes import has_data, owner, require_data, shapes_graph


def test_every_property_shape_has_a_named_owner():
    shapes = shapes_graph()
    props = list(shapes.objects(None, SH.property))
    assert props
    assert all((owner(shapes, p), SH.name, None) in shapes for p in props)


def test_the_ontology_alone_is_no_data():
    assert not has_data(ontology_graph())
    g = Graph()
    for t in ontology_graph():
        g.add(t)
    g.add((ID["org/a"], ID["p"], Literal("x")))
    assert has_data(g)
    with pytest.raises(InputError, match="nothing to validate") as info:
        require_data(ontology_graph(), "empty.ttl")
    assert info.value.file == "empty.ttl"
