"""kg.cache: the kept graph equals a fresh build, and any changed input is built afresh."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import SKOS, Graph, Literal
from rdflib.compare import to_isomorphic

import kg.cache
from kg.build import build_graph, init_data
from kg.cache import BY_FILE, GRAPH, Cache, inputs_key
from kg.changes import MANIFEST, read_manifest
from kg.cli import main
from kg.errors import YrdkgError
from kg.export import serialize
from kg.ontology import ID
from kg.paths import CACHE_ENV, resource
from kg.store import triples

JIULI_EN = "Zhejiang JIULI Hi-Tech Metals Co., Ltd."


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def no_builds(monkeypatch):
    """From here on, building the graph fails: what is returned comes from the cache."""
    def refuse(data=None, by_file=None):
        raise AssertionError("built again, although the inputs did not change")
    monkeypatch.setattr(kg.cache, "build_graph", refuse)


@pytest.fixture
def records(tmp_path):
    """A copy of the packaged records, to change."""
    init_data(tmp_path / "data")
    return tmp_path / "data"


def test_the_kept_graph_equals_a_fresh_build(cache_dir, graph, request):
    first = Cache().graph()
    assert (cache_dir / inputs_key() / GRAPH).is_file()
    request.getfixturevalue("no_builds")
    kept = Cache().graph()
    assert kept is not first
    assert to_isomorphic(kept) == to_isomorphic(graph)
    assert serialize(kept, "turtle") == serialize(build_graph(), "turtle")  # prefixes kept too


def test_the_kept_store_holds_the_graph_numbers_as_written(cache_dir, graph):
    Cache().graph()
    kept = Graph()
    for t in triples(Cache().store()):
        kept.add(t)
    assert to_isomorphic(kept) == to_isomorphic(graph)


def test_a_changed_record_is_built_afresh(cache_dir, records):
    before = Cache(records).graph()
    assert (ID["org/jiuli"], SKOS.prefLabel, Literal(JIULI_EN, lang="en")) in before
    path = records / "organisations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(JIULI_EN, "JIULI, renamed"), encoding="utf-8")
    after = Cache(records).graph()
    assert (ID["org/jiuli"], SKOS.prefLabel, Literal("JIULI, renamed", lang="en")) in after
    assert (ID["org/jiuli"], SKOS.prefLabel, Literal(JIULI_EN, lang="en")) not in after


def test_a_changed_source_text_is_built_afresh(cache_dir, records):
    Cache(records).graph()
    text = records / "sources" / "000_9c34a97e38f5307b.txt"
    body = text.read_text(encoding="utf-8")
    assert body.count("久立特材") >= 1
    text.write_text(body.replace("久立特材", "某公司"), encoding="utf-8")
    with pytest.raises(YrdkgError, match="changed since it was registered"):  # read again, not kept
        Cache(records).graph()


def test_every_file_of_the_package_is_an_input(tmp_path):
    """Shapes, queries, ontology, templates and code live in the package: a change to any is a new key."""
    package = tmp_path / "kg"
    shutil.copytree(resource(), package, ignore=shutil.ignore_patterns("__pycache__"))  # symlinks followed
    key = inputs_key(package=package)
    assert inputs_key(package=package) == key
    for name in ("share/ontology/shapes/core.ttl", "share/queries/timeline.rq", "share/ontology/yrd.ttl",
                 "render/page.py", "data/consortia.yaml"):
        path = package / name
        assert path.is_file(), name
        old = path.read_bytes()
        path.write_bytes(old + b"\n")
        assert inputs_key(package=package) != key, name
        path.write_bytes(old)
    assert inputs_key(package=package) == key


def test_a_broken_entry_is_built_again(cache_dir, graph):
    Cache().graph()
    (cache_dir / inputs_key() / GRAPH).write_bytes(b"not a pickle")
    assert len(Cache().graph()) == len(graph)


def test_off_keeps_nothing(tmp_path, monkeypatch, graph):
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Cache().dir is None
    assert len(Cache().graph()) == len(graph)
    assert list(tmp_path.iterdir()) == []


def test_build_twice_reads_the_cache_and_writes_the_same_files(cache_dir, tmp_path, capsys, request):
    first, second = tmp_path / "one", tmp_path / "two"
    assert main(["build", "--out", str(first)]) == 0
    request.getfixturevalue("no_builds")
    assert main(["build", "--out", str(second)]) == 0
    for name in ("yrd.ttl", "validation-report.txt", "explorer.html"):
        assert (second / name).read_bytes() == (first / name).read_bytes(), name
    err = capsys.readouterr().err
    assert err.count("The graph conforms") == 2


def test_build_after_a_changed_record_reports_it(cache_dir, records, tmp_path, capsys):
    """The same --data folder, changed between two builds: the second build sees the change."""
    assert main(["build", "--data", str(records), "--out", str(tmp_path / "one")]) == 0
    lead = "{agent: org/westlake-lab, role: LeadRole, quote: '西湖实验室牵头成立的长三角肺癌新药创新联合体'}"
    second = lead.replace("org/westlake-lab", "org/sjtu").replace("'}", "', inferred: {en: a test}}")
    path = records / "consortia.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(lead, lead + "\n      - " + second),
                    encoding="utf-8")
    assert main(["build", "--data", str(records), "--out", str(tmp_path / "two")]) == 1
    assert "Violation: Innovation consortium" in (tmp_path / "two" / "validation-report.txt").read_text(
        encoding="utf-8")


def test_a_build_from_the_cache_reports_changes_and_writes_the_manifest_as_a_real_one(
        cache_dir, records, tmp_path, capsys, request):
    """Since issue 15 a build compares what each data file wrote with the previous build's manifest;
    the graph from the cache must bring what its build noted per file, or the comparison is wrong."""
    out = tmp_path / "out"
    assert main(["build", "--out", str(out)]) == 0  # the packaged records: built and kept
    packaged = (out / MANIFEST).read_bytes()
    events = records / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text[:text.index("  - id: event/deepening-yrd-symposium-2023")], encoding="utf-8")
    assert main(["build", "--data", str(records), "--out", str(out)]) == 0
    cut = read_manifest(out / MANIFEST)
    request.getfixturevalue("no_builds")
    capsys.readouterr()
    assert main(["build", "--out", str(out)]) == 0  # the packaged records again: from the cache
    assert (out / MANIFEST).read_bytes() == packaged
    restored = len(set(json.loads(packaged)["files"]["events.yaml"]) - cut["events.yaml"])
    assert restored > 0
    assert f"events.yaml: +{restored} -0" in capsys.readouterr().err
    (cache_dir / inputs_key() / BY_FILE).unlink()  # kept graph, lost digests: built again, not wrong
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setattr(kg.cache, "build_graph", build_graph)
    assert Cache().by_file() == {name: set(found) for name, found in json.loads(packaged)["files"].items()}


def test_the_reference_tables_and_a_source_outside_the_records_are_inputs(tmp_path, records):
    """The coordinates table (issue 14) is read by the build: a change to it is a new key; so is a
    change to a source text the registry names outside the records' folder (``path: ../x``)."""
    key = inputs_key(records)
    table = records / "reference" / "yrd-coordinates.csv"
    old = table.read_bytes()
    table.write_bytes(old.replace(b",", b", ", 1))
    assert inputs_key(records) != key
    table.write_bytes(old)
    assert inputs_key(records) == key
    outside = tmp_path / "elsewhere.txt"
    (records / "reference" / "yrd-coordinates.csv").rename(outside)
    registry = records / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "path: reference/yrd-coordinates.csv", "path: ../elsewhere.txt"), encoding="utf-8")
    moved = inputs_key(records)
    outside.write_bytes(old + b"\n")
    assert inputs_key(records) != moved
