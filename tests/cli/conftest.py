"""What the CLI tests share: a copy of the curated records with one mistake in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.paths import packaged_data


@pytest.fixture
def bad_data(tmp_path, monkeypatch):
    """Return ``make(file, old, new)``: copy the records, replace ``old`` by ``new`` in ``file``
    (once), and point $YRDKG_DATA at the copy."""
    def make(file: str, old: str, new: str) -> Path:
        data = tmp_path / "data"
        shutil.copytree(packaged_data(), data, ignore=shutil.ignore_patterns("*.md"))
        text = (data / file).read_text(encoding="utf-8")
        assert text.count(old) == 1
        (data / file).write_text(text.replace(old, new), encoding="utf-8")
        monkeypatch.setenv("YRDKG_DATA", str(data))
        return data

    return make
