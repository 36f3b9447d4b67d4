"""The notebooks: stored without outputs, and every cell runs (nbmake, in a child pytest)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def test_notebook_cases_are_collected():
    assert [p.name for p in NOTEBOOKS] == ["01-explore.ipynb", "02-add-a-source.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} hold outputs; clear them before committing"
    assert "widgets" not in nb.get("metadata", {}), "widget state is output too"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_calls_the_package(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "from kg" in code
    # no logic of its own: a notebook may wrap a call, but defines no classes
    assert "\nclass " not in "\n" + code


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs(path, tmp_path):
    """Execute every cell with nbmake; a failing cell fails the test with its traceback."""
    cmd = [sys.executable, "-m", "pytest", "--nbmake", "--nbmake-timeout=600", "-q", "-p", "no:cacheprovider",
           "--rootdir", str(tmp_path), str(path)]
    run = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout, run.stdout[-2000:]
