"""Mutating the exported graph makes `yrdkg validate FILE` fail with a readable report.

Each case breaks one fact of the exported Turtle the way a careless edit would; the
report must name the shape and the entity by its labels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import rdflib
from rdflib import RDF, SKOS, Graph, Literal

from kg.cli import main
from kg.export import serialize
from kg.ontology import ID, ORG, YRD

# rdflib.XSD is not imported by name: pytest's collector probes module attributes,
# and the closed XSD namespace warns on every unknown one.
DATE, COUNT, DECIMAL = rdflib.XSD.date, rdflib.XSD.nonNegativeInteger, rdflib.XSD.decimal



def drop_english_label(g: Graph) -> None:
    g.remove((ID["org/jiuli"], SKOS.prefLabel, Literal("Zhejiang JIULI Hi-Tech Metals Co., Ltd.", lang="en")))


def add_second_lead(g: Graph) -> None:
    c = ID["consortium/lung-cancer-drugs"]
    g.add((c, YRD.ledBy, ID["org/sjtu"]))
    g.add((c, ORG.hasMember, ID["org/sjtu"]))


def _replace_object(g: Graph, s, p, new) -> None:
    """Change s p o to s p new, in the fact and in the rdf:Statement that quotes it."""
    (old,) = g.objects(s, p)
    g.set((s, p, new))
    for st in g.subjects(RDF.object, old):
        if (st, RDF.subject, s) in g and (st, RDF.predicate, p) in g:
            g.set((st, RDF.object, new))


def malform_date(g: Graph) -> None:
    _replace_object(g, ID["event/6th-yrd-forum"], YRD.startDate, Literal("2024-6-6", datatype=DATE))


def text_for_number(g: Graph) -> None:
    (target,) = (t for t in g.subjects(YRD.targetOf, ID["project/charging-network"])
                 if g.value(t, YRD.value) == Literal("70000.0", datatype=DECIMAL))
    g.set((target, YRD.value, Literal("超7万个")))


@dataclass
class Mutation:
    name: str
    apply: Callable[[Graph], None]
    shape: str          # the group header of the text report
    label: str          # how the report names the broken entity
    message: str


MUTATIONS = [
    Mutation("drop-label", drop_english_label, "One English preferred label (yrds:PrefLabelEnShape)",
             "浙江久立特材科技股份有限公司 / (no English label) [id:org/jiuli]",
             "Needs exactly one English preferred label"),
    Mutation("second-lead", add_second_lead, "Innovation consortium (yrds:InnovationConsortiumShape)",
             "长三角肺癌新药创新联合体 / Yangtze River Delta Lung Cancer New Drugs Innovation Consortium "
             "[id:consortium/lung-cancer-drugs]", "exactly one lead organisation"),
    Mutation("malformed-date", malform_date, "Event (yrds:EventShape)",
             "第六届长三角一体化发展高层论坛 / 6th Yangtze River Delta Integrated Development High-level "
             "Forum [id:event/6th-yrd-forum]",
             "(path yrd:startDate, value '2024-6-6')"),
    Mutation("string-for-number", text_for_number, "Quantitative figure (yrds:QuantitativeFigureShape)",
             "figure of 充换电基础设施“一张网”", "(path yrd:value, value '超7万个')"),
]


def test_each_mutation_breaks_a_different_shape_of_the_shapes_graph():
    """A renamed shape, or a mutation aimed at a shape that is not there, fails here."""
    from rdflib import SH

    from kg.validation.shapes import shapes_graph

    base = "https://w3id.org/yrd-kg/shapes#"
    shapes = shapes_graph()
    headers = {f"{name} (yrds:{str(s)[len(base):]})" for s, name in shapes.subject_objects(SH.name)
               if str(s).startswith(base)}
    assert {m.shape for m in MUTATIONS} <= headers
    assert len({m.shape for m in MUTATIONS}) == len(MUTATIONS)


@pytest.fixture(scope="module")
def exported(graph) -> bytes:
    return serialize(graph, "turtle")


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_validate_reports_the_mutation(mutation, exported, tmp_path, capsys, caplog):
    g = Graph().parse(data=exported, format="turtle")
    before = set(g)
    mutation.apply(g)
    assert set(g) != before
    path = tmp_path / "mutated.ttl"
    path.write_bytes(g.serialize(format="turtle", encoding="utf-8"))

    logging.getLogger("rdflib.term").setLevel(logging.NOTSET)
    caplog.clear()
    code = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("The graph does NOT conform")
    groups = out.split("\n\n")
    group = next((grp for grp in groups if grp.startswith("Violation: " + mutation.shape)), None)
    assert group is not None, out
    assert mutation.label in group and mutation.message in group, group
    # no traceback: rdflib's log of the ill-typed literal is silenced by the CLI
    assert not [r for r in caplog.records if r.exc_info], caplog.text
