"""kg.validation.compiler: the compiler knows what it translates and refuses the rest."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.validation.compiler import Compiler, Unsupported, not_exists_to_minus
from kg.validation.shapes import shapes_graph

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""


def test_every_shape_of_ours_compiles():
    checks = Compiler(shapes_graph(), {}).compile()
    components = {c.component for c in checks}
    assert len(checks) >= 90
    assert {"Count", "Datatype", "Pattern", "Class", "In", "LanguageIn", "MinLength",
            "LessThanOrEquals", "QualifiedCount", "SPARQL"} <= components


def test_unknown_constraints_are_refused():
    shapes = Graph().parse(data=PREFIXES + """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:hasValue ex:v ; sh:message "m" ] .""", format="turtle")
    with pytest.raises(Unsupported):
        Compiler(shapes, {}).compile()


def test_a_shape_without_message_is_refused():
    shapes = Graph().parse(data=PREFIXES + """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .""",
                           format="turtle")
    with pytest.raises(Unsupported):
        Compiler(shapes, {}).compile()


@pytest.mark.parametrize("group, rewritten", [
    ("?this ex:p ?v . FILTER NOT EXISTS { ?this ex:q ?v } }", True),
    ("FILTER NOT EXISTS { ?i ex:c ?this ; ex:r ex:R } }", True),              # ?this: joined with targets
    ("?this ex:p ?v . FILTER NOT EXISTS { ?this ex:q ?w FILTER (?w > ?v) } }", False),  # outer var in FILTER
    ("?this ex:p ?v . FILTER NOT EXISTS { ?this ex:q ?v { ?v ex:r ?x } } }", False),     # nested group
    ("?this ex:p ?v . OPTIONAL { ?this ex:o ?w } FILTER NOT EXISTS { ?this ex:q ?w } }", False),
    ("{ ?this ex:p ?v . FILTER NOT EXISTS { ?this ex:q ?v } } }", False),     # not at the top level
])
def test_not_exists_becomes_minus_only_where_they_agree(group, rewritten):
    out = not_exists_to_minus(group)
    assert ("MINUS" in out) == rewritten
    assert ("NOT EXISTS" in out) != rewritten
    assert out.rstrip().endswith("}")
