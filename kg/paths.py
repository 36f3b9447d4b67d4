"""Locate the repository's inputs: ontology, shapes, curated data, queries."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
REPO = PACKAGE.parent
ONTOLOGY = REPO / "ontology" / "yrd.ttl"
SHAPES = REPO / "ontology" / "shapes"
DATA = PACKAGE / "data"
QUERIES = REPO / "queries"


def data_dir() -> Path:
    """Return the curated-data folder; YRDKG_DATA overrides it (tests, notebooks)."""
    return Path(os.environ.get("YRDKG_DATA", DATA))


def relative(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
