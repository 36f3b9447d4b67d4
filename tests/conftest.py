"""Build the curated graph once per test session; the fixtures the test folders share.

One conftest for all of tests/ (pytest collects kg's doctests too, and two conftest modules
would share a name)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.build import build_graph
from kg.catalogue import find
from kg.coverage import coverages
from kg.ontology import ID, YRD
from kg.paths import CACHE_ENV, packaged_data
from kg.render.facts import gather
from kg.render.views import view_graph
from kg.sparql import run
from kg.store import from_graph
from kg.synth import synthesise
from kg.validation.oxigraph import validate_graph


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory):
    """Keep the graphs the tests build (kg.cache) apart from the user's ~/.cache/yrd-kg."""
    old = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield Path(os.environ[CACHE_ENV])
    if old is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = old


@pytest.fixture(scope="session")
def graph():
    return build_graph()


@pytest.fixture(scope="session")
def report(graph):
    """The curated graph's validation report, by the default engine (tests/validation/test_oxigraph.py
    shows pyshacl gives the same)."""
    return validate_graph(graph, with_ontology=False)


@pytest.fixture(scope="session")
def oxigraph(graph):
    """The curated graph in an in-memory Oxigraph store (a kg.store.BigGraph), once per session."""
    return from_graph(graph)


@pytest.fixture(scope="session")
def synth_path(tmp_path_factory) -> Path:
    """A synthetic graph of at least 3,000 triples (kg.synth, seed 11), written once per session."""
    path = tmp_path_factory.mktemp("synth") / "synth.nt"
    synthesise(3000, path, seed=11)
    return path


@pytest.fixture
def synth_graph(synth_path):
    """Return ``parse()``: a new rdflib graph of the synthetic file at each call."""
    return lambda: Graph().parse(synth_path, format="nt")


# -- kg.coverage, kg.coverage_html ------------------------------------------------------
@pytest.fixture(scope="module")
def article(graph):
    """The coverage of the Zhejiang Daily article by the curated graph."""
    (cov,) = coverages(graph, packaged_data(), "src/zjrb-2024-06-yrd-forum")
    return cov


# -- tests/render ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def facts(graph):
    return gather(graph)


@pytest.fixture(scope="module")
def full(graph, facts):
    return view_graph(graph, "full", facts=facts)


# -- tests/test_catalogue.py, tests/test_catalogue_sources.py ----------------------------
def _plain(t):
    """A query result term as a Python-friendly value: an IRI of ours as ``org/jiuli`` or
    ``yrd:Project``, any other IRI or a literal as its text, None (unbound) as None."""
    if t is None:
        return None
    if isinstance(t, URIRef):
        s = str(t)
        for ns, p in ((str(ID), ""), (str(YRD), "yrd:")):
            if s.startswith(ns):
                return p + s[len(ns):]
        return s
    return str(t)


@pytest.fixture(scope="session")
def plain():
    """Return ``plain(term)``: the value `rows` gives a term."""
    return _plain


@pytest.fixture(scope="session")
def rows():
    """Return ``rows(graph, name, **params)``: run the catalogue query ``name`` with ``params``
    bound; its rows as dicts of Python-friendly values (see `plain`)."""
    def run_rows(graph, name: str, **params) -> list[dict]:
        res = run(graph, find(name), params)
        return [{v: _plain(t) for v, t in zip(res.vars, row, strict=True)} for row in res.rows]

    return run_rows


# -- yrdkg and the curators' records (tests/cli, tests/test_loaders.py, tests/test_coverage.py) --
@pytest.fixture
def cli(capsys):
    """Return ``yrdkg(*argv)``: run ``yrdkg ARGV`` in this process; ``(exit code, stdout, stderr)``."""
    from kg.cli import main

    def yrdkg(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return yrdkg


def _copy_records(folder: Path) -> Path:
    """Copy the packaged records (README.md left out) to ``folder``/data; return that folder."""
    data = folder / "data"
    shutil.copytree(packaged_data(), data, ignore=shutil.ignore_patterns("README.md"))
    return data


@pytest.fixture
def copy_data():
    """Return ``copy(folder)``: copy the packaged records to ``folder``/data, a curator's copy to
    break; return that folder."""
    return _copy_records


@pytest.fixture
def bad_data(tmp_path, monkeypatch):
    """Return ``make(file, old, new)``: copy the records, replace ``old`` by ``new`` in ``file``
    (once), and point $YRDKG_DATA at the copy."""
    def make(file: str, old: str, new: str) -> Path:
        data = _copy_records(tmp_path)
        text = (data / file).read_text(encoding="utf-8")
        assert text.count(old) == 1
        (data / file).write_text(text.replace(old, new), encoding="utf-8")
        monkeypatch.setenv("YRDKG_DATA", str(data))
        return data

    return make


# -- tests/site --------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site(graph, tmp_path_factory) -> Path:
    """A site (kg.site.write) with the pages of 浙江久立特材 and of its neighbours, written once."""
    from kg.site.write import write_site

    facts = gather(graph)
    near = {"org/jiuli"} | {o for s, o, *_ in facts.relations if s == "org/jiuli"} | \
        {s for s, o, *_ in facts.relations if o == "org/jiuli"}
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(graph, out, only=sorted(near))
    return out


# -- the browser tests (tests/render, tests/site, tests/remote, tests/test_coverage_browser.py) --
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium; never `playwright install`
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright, one per test module, closed after it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


# -- tests/docs -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def docs(tmp_path_factory) -> dict[str, str]:
    """The pages `yrdkg docs` writes, by key of kg.docs.frame.PAGES and DIAGRAMS ("diagram-en", ...)."""
    from kg.cli import main
    from kg.docs.frame import DIAGRAMS, PAGES

    out = tmp_path_factory.mktemp("docs")
    assert main(["docs", "--out", str(out)]) == 0
    pages = {key: (out / name).read_text(encoding="utf-8") for key, name in PAGES.items()}
    diagrams = {f"diagram-{lang}": (out / name).read_text(encoding="utf-8")
                for lang, name in DIAGRAMS.items()}
    return pages | diagrams


# -- hostile input (issue 15): run yrdkg with a bound on time and memory -------------------
@pytest.fixture
def limited(tmp_path):
    """Return ``run(*args, env=None, cpu=120, memory=3 GB)``: ``yrdkg ARGS`` in a child process
    with RLIMIT_CPU and RLIMIT_AS set, so a hang or a bomb fails the test instead of the machine.

    Runs in ``tmp_path``; returns the CompletedProcess (text). The wall-clock timeout is a guard
    against a child that sleeps, not a measure.
    """
    import os
    import resource
    import subprocess
    import sys

    def run(*args, env=None, cpu: int = 120, memory: int = 3 << 30, cwd=None):
        def limits():
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

        return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True,
                              text=True, cwd=cwd or tmp_path, env={**os.environ, **(env or {})},
                              preexec_fn=limits, timeout=cpu * 4)

    return run
