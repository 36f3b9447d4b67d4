"""kg.changes: a build says what each data file added and removed since the previous one."""

from __future__ import annotations

from kg.changes import MANIFEST, compare, describe, digests, manifest, read_manifest
from kg.loaders import load
from kg.paths import packaged_data


def test_a_file_cut_short_shows_as_facts_removed(tmp_path, copy_data):
    """A data file cut short (still valid YAML) once built a smaller graph in silence (issue 15)."""
    data = copy_data(tmp_path)
    before: dict = {}
    load(data, by_file=before)
    assert {"people.yaml", "agreements.yaml", "sources.yaml"} <= set(before)
    assert sum(map(len, before.values())) > 1000
    (tmp_path / MANIFEST).write_bytes(manifest(digests(before)))

    events = data / "events.yaml"
    text = events.read_text(encoding="utf-8")
    cut = text.index("  - id: event/deepening-yrd-symposium-2023")  # the last record, referred to nowhere
    events.write_text(text[:cut], encoding="utf-8")
    after: dict = {}
    load(data, by_file=after)
    previous = read_manifest(tmp_path / MANIFEST)
    (change,) = compare(previous, digests(after))
    assert change.file == "events.yaml" and change.added == 0
    assert change.removed == change.before - change.after > 0
    lines = describe(previous, digests(after))
    assert any(line.strip().startswith(f"events.yaml: +0 -{change.removed}") for line in lines)


def test_the_same_data_is_no_change_and_the_manifest_is_deterministic(tmp_path):
    one: dict = {}
    two: dict = {}
    load(packaged_data(), by_file=one)
    load(packaged_data(), by_file=two)
    assert manifest(digests(one)) == manifest(digests(two))
    (tmp_path / MANIFEST).write_bytes(manifest(digests(one)))
    previous = read_manifest(tmp_path / MANIFEST)
    assert describe(previous, digests(two)) == ["no change since the previous build"]
    assert describe(None, digests(two)) == ["no previous build to compare with"]
    assert read_manifest(tmp_path / "nothing.json") is None
