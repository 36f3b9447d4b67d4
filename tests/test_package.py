"""yrd-kg outside its checkout: nothing reads the shared folder beside the checkout, the wheel
holds every file the commands read, an installed yrdkg runs from any folder, and a lone clone
runs `make run`.

The wheel and clone tests build from what is committed (``python -m build`` reads the working
tree; ``git clone`` takes HEAD), install into temporary folders and reuse pip's cache.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in
SCANNED = ["kg", "tests", "notebooks", "benchmarks", "Makefile", ".ci", "pyproject.toml"]
# Built from parts, so this file does not match itself.
SHARED = re.compile(r"\.\./" + "shared" + r"|/work/" + "shared" + r"|['\"]\.\.['\"]\s*,\s*['\"]" + "shared")


def tracked(*paths: str, new: bool = False) -> list[Path]:
    """The files git tracks under ``paths``; with ``new``, also those not yet added (not ignored)."""
    extra = ["--others", "--exclude-standard"] if new else []
    out = subprocess.run(["git", "ls-files", "-z", "--cached", *extra, "--", *paths], cwd=REPO,
                         capture_output=True, check=True).stdout.decode()
    return [REPO / p for p in out.split("\0") if p]


# -- the repository holds its inputs ------------------------------------------------------
def test_nothing_in_the_project_reads_the_shared_folder_beside_it():
    assert SHARED.search("Path('../" + "shared/sources/a.txt')")  # the pattern finds what it must
    files = [p for p in tracked(*SCANNED, new=True) if p.is_file() and not p.is_symlink()]
    assert len(files) > 50, files
    hits = []
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        hits += [f"{path.relative_to(REPO)}:{text[:m.start()].count(chr(10)) + 1}: {m.group(0)}"
                 for m in SHARED.finditer(text)]
    assert hits == []


# -- the wheel -----------------------------------------------------------------------------
def shipped() -> dict[str, Path]:
    """What the wheel must hold, by archive name: the package, its data, ontology/ and queries/."""
    out = {}
    for path in tracked("kg", "ontology", "queries"):
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("kg/share/"):
            continue  # the symlinks; their targets come next
        if rel.startswith(("ontology/", "queries/")):
            rel = "kg/share/" + rel
        out[rel] = path
    return out


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """Build the sdist, then the wheel from the sdist, as a release would."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    (path,) = dist.glob("yrd_kg-*.whl")
    return path


@pytest.mark.slow
def test_the_wheel_holds_exactly_the_package_and_its_files(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = {n for n in z.namelist() if ".dist-info/" not in n}
        expected = shipped()
        assert names == set(expected)
        for name, path in expected.items():
            assert z.read(name) == path.read_bytes(), name  # the files, never a symlink's target name
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt"))
        assert "yrdkg = kg.cli:main" in z.read(meta).decode()
    assert {"kg/share/ontology/yrd.ttl", "kg/share/ontology/context.jsonld",
            "kg/share/ontology/shapes/core.ttl", "kg/share/queries/consortium-leads-members.rq",
            "kg/templates/explorer.html", "kg/data/sources.yaml", "kg/data/README.md",
            "kg/data/sources/000_9c34a97e38f5307b.txt", "kg/data/reference/yrd-divisions.csv"} <= names


@pytest.mark.slow
def test_pip_install_dot_builds_the_same_wheel(wheel, tmp_path):
    """`pip install .` builds from the working tree, not from the sdist: the same files."""
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
                           str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (direct,) = tmp_path.glob("yrd_kg-*.whl")
    with zipfile.ZipFile(wheel) as a, zipfile.ZipFile(direct) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        assert all(a.read(n) == b.read(n) for n in a.namelist() if not n.endswith("RECORD"))


@pytest.mark.slow
def test_the_sdist_holds_the_repository_layout(dist):
    import tarfile

    (sdist,) = dist.glob("yrd_kg-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"ontology/yrd.ttl", "queries/timeline.rq", "kg/paths.py", "Makefile", "tests/conftest.py"} \
        <= names
    assert not any(n.startswith("kg/share/") for n in names)


# -- an installed yrdkg, from an unrelated folder --------------------------------------------
@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with the wheel installed (not editable)."""
    env = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=300)
    proc = subprocess.run([str(env / "bin" / "pip"), "install", "--quiet", str(wheel)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return env


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("YRDKG_DATA", "PYTHONPATH", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def anywhere(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("anywhere")


def yrdkg(venv: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "yrdkg"), *args], cwd=cwd, env={**clean_env(), **env},
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built(venv, anywhere) -> Path:
    run = yrdkg(venv, anywhere, "build", "--out", "out")
    assert run.returncode == 0, run.stderr
    return anywhere / "out"


@pytest.mark.slow
def test_the_installed_package_reads_only_its_own_files(venv, anywhere):
    code = "import kg.paths as p; print(p.ontology_file()); print(p.queries_dir()); print(p.packaged_data())"
    run = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=anywhere, env=clean_env(),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    for line in run.stdout.splitlines():
        path = Path(line).resolve()
        assert path.exists() and path.is_relative_to(venv.resolve()), line
        assert not path.is_relative_to(REPO), line


@pytest.mark.slow
def test_installed_build_writes_the_graph(built):
    assert sorted(p.name for p in built.iterdir()) == ["build-manifest.json", "explorer.html",
                                                       "validation-report.txt", "yrd.ttl"]
    assert (built / "validation-report.txt").read_text(encoding="utf-8").startswith("The graph conforms")


@pytest.mark.slow
def test_installed_validate_checks_the_built_file(venv, anywhere, built):
    run = yrdkg(venv, anywhere, "validate", "out/yrd.ttl")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("The graph conforms: 0 violations")


@pytest.mark.slow
def test_installed_queries_lists_the_catalogue(venv, anywhere):
    run = yrdkg(venv, anywhere, "queries")
    assert run.returncode == 0, run.stderr
    names = set(re.findall(r"^(\S+)", run.stdout, re.M))
    assert {p.stem for p in (REPO / "queries").glob("*.rq")} <= names


@pytest.mark.slow
@pytest.mark.parametrize("args, output, words", [
    (["query", "consortium-leads-members", "--format", "csv"], None, "长三角肺癌新药创新联合体"),
    (["render", "--view", "organisations"], "out/explorer.html", "<!DOCTYPE html>"),
    (["analyze", "--format", "json", "--out", "tables"], "tables/analysis.json", '"communities"'),
    (["export", "--format", "jsonld", "-o", "yrd.jsonld"], "yrd.jsonld", '"@context"'),
    (["docs", "--out", "docs"], "docs/index.html", "yrd-kg"),
    (["site", "--entity", "org/jiuli"], "out/site/en/org/jiuli.html", "Zhejiang JIULI"),
], ids=["query", "render", "analyze", "export", "docs", "site"])
def test_installed_command_runs_from_anywhere(venv, anywhere, args, output, words):
    run = yrdkg(venv, anywhere, *args)
    assert run.returncode == 0, run.stderr
    text = run.stdout if output is None else (anywhere / output).read_text(encoding="utf-8")
    assert words in text


@pytest.mark.slow
def test_installed_init_and_build_from_the_copy(venv, anywhere):
    run = yrdkg(venv, anywhere, "init", "mydata")
    assert run.returncode == 0, run.stderr
    people = anywhere / "mydata" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("en: Wu Jianming}", "en: Wu J.}"),
                      encoding="utf-8")
    run = yrdkg(venv, anywhere, "query", "search-labels", "--param", "text=Wu J.", "--format", "csv",
                YRDKG_DATA="mydata")
    assert run.returncode == 0, run.stderr
    assert "Wu J." in run.stdout
    run = yrdkg(venv, anywhere, "build", "--data", "mydata", "--out", "mine")
    assert run.returncode == 0, run.stderr
    assert '"Wu J."@en' in (anywhere / "mine" / "yrd.ttl").read_text(encoding="utf-8")
    again = yrdkg(venv, anywhere, "init", "mydata")
    assert again.returncode == 2 and "not a new or empty folder" in again.stderr


# -- a lone clone ----------------------------------------------------------------------------
@pytest.mark.slow
def test_a_lone_clone_runs_make_run(tmp_path):
    """`git clone` into an empty folder with nothing beside it, then `make run`."""
    alone = tmp_path / "alone"
    alone.mkdir()
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(alone / "yrd-kg")], check=True, timeout=300)
    assert [p.name for p in alone.iterdir()] == ["yrd-kg"]
    clone = alone / "yrd-kg"
    run = subprocess.run(["make", "run"], cwd=clone, env=clean_env(),
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (clone / "out" / "yrd.ttl").stat().st_size > 0
    assert (clone / "out" / "site" / "docs" / "index.html").exists()
    assert (clone / "out" / "site" / "zh" / "org" / "jiuli.html").exists()
    assert not (clone / "build").exists()  # build/ is left to the build tools
    assert (clone / "out" / "validation-report.txt").read_text(encoding="utf-8").startswith(
        "The graph conforms")
    # running needs the package and its dependencies only: no test extra, no setuptools warning box
    assert not any((clone / ".venv" / "bin" / tool).exists() for tool in ("pytest", "playwright", "ruff"))
    assert "setuptools" not in (run.stdout + run.stderr).lower() and "*****" not in run.stdout + run.stderr
