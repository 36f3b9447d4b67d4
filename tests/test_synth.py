"""The synthetic graph: deterministic, shaped like the curated one, and conforming."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, Graph

from kg.errors import InputError
from kg.ontology import ORG, YRD
from kg.synth import synthesise


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "synth.nt"
    n = synthesise(4000, path, seed=7)
    g = Graph()
    g.parse(path, format="nt")
    return path, n, g


def test_same_seed_same_bytes_other_seed_other_bytes(synth, tmp_path):
    path, n, _ = synth
    again, other = tmp_path / "again.nt", tmp_path / "other.nt"
    assert synthesise(4000, again, seed=7) == n
    synthesise(4000, other, seed=8)
    assert again.read_bytes() == path.read_bytes()
    assert other.read_bytes() != path.read_bytes()


def test_count_is_at_least_the_request_and_exact(synth):
    _, n, g = synth
    assert n >= 4000
    assert len(g) == n  # no line written twice


def test_has_every_kind_of_node_the_loaders_write(synth):
    g = synth[2]
    classes = Counter(g.objects(None, RDF.type))
    for cls in (YRD.Province, YRD.Municipality, YRD.City, YRD.InnovationConsortium, YRD.Membership,
                YRD.Involvement, YRD.PracticalProject, YRD.Target, YRD.Statistic, YRD.Batch, YRD.Quote,
                YRD.Source, RDF.Statement, YRD.CollectiveActor, YRD.Sector, YRD.Domain):
        assert classes[cls] > 0, cls
    assert classes[YRD.City] == 41 and classes[YRD.Province] + classes[YRD.Municipality] == 4
    event_classes = {YRD.Forum, YRD.Symposium, YRD.AnnualMeeting, YRD.Event}
    assert sum(classes[c] for c in event_classes) > 0
    assert sum(classes[c] for c in (YRD.Agreement, YRD.FrameworkAgreement)) > 0


def test_every_consortium_has_one_lead_who_is_a_member(synth):
    g = synth[2]
    consortia = list(g.subjects(RDF.type, YRD.InnovationConsortium))
    assert consortia
    for c in consortia:
        leads = list(g.objects(c, YRD.ledBy))
        assert len(leads) == 1
        assert (c, ORG.hasMember, leads[0]) in g


def test_conforms_to_the_shapes(synth):
    from kg.validation.shacl import validate

    report = validate(synth[2], with_ontology=False)
    assert report.conforms, report.summary()
    assert report.count("Warning") + report.count("Info") > 0  # advisories, as in the curated data


def test_rejects_a_non_positive_size(tmp_path):
    with pytest.raises(InputError):
        synthesise(0, tmp_path / "x.nt")
    assert not (tmp_path / "x.nt").exists()


def test_cli_writes_the_file(tmp_path, capsys):
    from kg.cli import main

    out = tmp_path / "s.nt"
    assert main(["synth", "--triples", "3000", "--out", str(out), "--seed", "1"]) == 0
    assert out.stat().st_size > 0
    assert "triples" in capsys.readouterr().err
