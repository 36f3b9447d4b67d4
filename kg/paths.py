"""Find the files yrd-kg ships, and the curated records a build reads.

Every module finds the ontology, shapes, JSON-LD context, query catalogue,
explorer templates and curated data here, through ``importlib.resources``: the
package ``kg`` holds them all, so a wheel installed anywhere works without a
checkout. The top-level ``ontology/`` and ``queries/`` of the repository appear
in the package as ``kg/share/ontology`` and ``kg/share/queries``: in a checkout
(and so in an editable install) these are relative symlinks, in a wheel the
files themselves (``force-include`` in pyproject.toml). One code path serves both.

>>> ontology_file().name
'yrd.ttl'
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

DATA_ENV = "YRDKG_DATA"  # a folder of records to build from instead of the packaged ones
CACHE_ENV = "YRDKG_CACHE"  # where the last built graph is kept; "off" keeps none


def resource(*parts: str) -> Path:
    """Return the path of a file or folder inside the installed package ``kg``.

    pip installs packages as files (never zipped), so the resource is a real path
    that rdflib, Oxigraph and pyLODE can open.
    """
    return Path(files("kg").joinpath(*parts))


def ontology_file() -> Path:
    """``ontology/yrd.ttl``: the OWL ontology."""
    return resource("share", "ontology", "yrd.ttl")


def shapes_dir() -> Path:
    """``ontology/shapes/``: the SHACL shapes, one Turtle file per concern."""
    return resource("share", "ontology", "shapes")


def context_file() -> Path:
    """``ontology/context.jsonld``: the published JSON-LD context."""
    return resource("share", "ontology", "context.jsonld")


def queries_dir() -> Path:
    """``queries/``: the SPARQL catalogue, including the ``*-violation.rq`` checks."""
    return resource("share", "queries")


def templates_dir() -> Path:
    """``kg/templates/``: the explorer page, its style sheet and script."""
    return resource("templates")


def packaged_data() -> Path:
    """``kg/data/``: the curated records, source texts and reference tables."""
    return resource("data")


def data_dir(override: Path | str | None = None) -> Path:
    """Return the records to build from: ``override`` (``--data DIR``), else $YRDKG_DATA,
    else the packaged records."""
    chosen = override or os.environ.get(DATA_ENV)
    return Path(chosen) if chosen else packaged_data()


def cache_dir() -> Path | None:
    """Return the folder for the last built graph: $YRDKG_CACHE, else $XDG_CACHE_HOME/yrd-kg, else
    ~/.cache/yrd-kg; None when $YRDKG_CACHE is ``off``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "yrd-kg"


def relative(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it (a symlink as itself)."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)
