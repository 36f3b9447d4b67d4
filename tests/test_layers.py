"""The shape of kg/: layers that hold (and fail when broken), no hidden imports, small modules, a true map.

The import-linter contract in pyproject.toml says which module may import which;
`make test` runs it, and so does this file, once on the tree and once on a copy
with one bad import added, to show that it can fail.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]  # the checkout the tests run in
KG = REPO / "kg"
MODULES = sorted(p for p in KG.rglob("*.py") if "share" not in p.relative_to(KG).parts)
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")
MAX_LINES = 400


def _name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


def test_the_module_list_is_the_tree():
    assert len(MODULES) >= 40
    assert {"kg.paths", "kg.files", "kg.ontology", "kg.store", "kg.validation.report", "kg.cli"} <= \
        {_name(p) for p in MODULES}


# -- the contract ---------------------------------------------------------------------
def lint_imports(root: Path, config: Path) -> subprocess.CompletedProcess:
    """Run lint-imports on the package ``kg`` found under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([LINT_IMPORTS, "--config", str(config), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_contract_holds():
    run = lint_imports(REPO, REPO / "pyproject.toml")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"Contracts: (\d+) kept, 0 broken", run.stdout)
    assert int(re.search(r"Contracts: (\d+) kept", run.stdout).group(1)) >= 6


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The Python modules of kg and the contract, copied: what lint-imports reads, nothing else."""
    root = tmp_path_factory.mktemp("layers")
    for path in MODULES:
        target = root / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    run = lint_imports(root, root / "pyproject.toml")
    assert run.returncode == 0, "the copy must keep the contract before it is broken"
    return root


@pytest.mark.parametrize("module, line, broken", [
    # L0 importing the command line, at the top of the module
    ("kg/paths.py", "import kg.cli  # noqa\n", r"kg\.paths -> kg\.cli"),
    # the store importing validation, hidden in a function: a circle all the same
    ("kg/store.py", "\n\ndef _late():\n    from kg.validation.oxigraph import validate_store\n"
                    "    return validate_store\n", r"kg\.store -> kg\.validation\.oxigraph"),
    # within a package: the report importing the engine that fills it
    ("kg/validation/report.py", "from kg.validation import shacl  # noqa\n",
     r"kg\.validation\.report -> kg\.validation\.shacl"),
], ids=["L0-imports-L5", "local-import-circle", "within-validation"])
def test_the_contract_fails_on_an_import_that_breaks_a_layer(copy, tmp_path, module, line, broken):
    root = tmp_path / "tree"
    shutil.copytree(copy, root)
    target = root / module
    text = target.read_text(encoding="utf-8")
    target.write_text(text + line if line.startswith("\n") else line + text, encoding="utf-8")
    run = lint_imports(root, root / "pyproject.toml")
    assert run.returncode == 1, run.stdout[-3000:]
    assert re.search(r"Contracts: \d+ kept, [1-9]\d* broken", run.stdout)
    assert re.search(broken, run.stdout), run.stdout[-3000:]


# -- what import-linter does not see ------------------------------------------------------
def _imports(path: Path):
    """Yield (node, inside a function or class) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            nested |= {id(n) for n in ast.walk(node) if n is not node}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, id(node) in nested


def _kg_modules(node) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [node.module] if node.module and node.module.split(".")[0] == "kg" else []
    return [a.name for a in node.names if a.name.split(".")[0] == "kg"]


def test_no_kg_import_hides_in_a_function():
    """A function-local import hides a circle from Python; heavy optional tools (owlrl, owlready2,
    pyLODE) are imported late in their own modules, which is not a kg import."""
    hidden = [f"{p.relative_to(REPO)}:{node.lineno}" for p in MODULES for node, nested in _imports(p)
              if nested and _kg_modules(node)]
    assert hidden == []


def _dynamic_imports(path: Path) -> list[int]:
    """Lines of ``path`` that import a module by name at run time (importlib, __import__, LazyLoader)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__")) or
        (isinstance(node.func, ast.Attribute) and node.func.attr in ("import_module", "LazyLoader")))]


def test_only_the_cli_imports_by_name_and_only_its_own_command_modules():
    """The deliberate on-demand imports: kg.cli loads the module of the command that runs (so
    `yrdkg query` never loads pyshacl), reaching down into its own package, never up or across, so
    it hides no circle; kg.lazy defers networkx's code, a third-party module, until it is used.
    Every other import stands at the top of its module."""
    from kg.cli import COMMANDS

    found = {str(p.relative_to(REPO)): lines for p in MODULES if (lines := _dynamic_imports(p))}
    assert set(found) == {"kg/cli/__init__.py", "kg/lazy.py"}, found
    assert len(found["kg/cli/__init__.py"]) == 1 and len(found["kg/lazy.py"]) == 1, found
    lazy = (KG / "lazy.py").read_text(encoding="utf-8")
    assert re.findall(r'^(\w+) = lazy\("([\w.]+)"\)$', lazy, re.M) == [("nx", "networkx")]
    for name, module in COMMANDS:
        path = KG / "cli" / f"{module}.py"
        assert f"def add_{name}(" in path.read_text(encoding="utf-8"), (name, module)
    layer = re.search(r'id = "cli".*?layers = \[(.*?)\]', (REPO / "pyproject.toml").read_text(), re.S)
    assert {m for _, m in COMMANDS} <= set(re.findall(r"\w+", layer.group(1)))


def test_no_module_imports_another_modules_private_names():
    private = [f"{p.relative_to(REPO)}:{node.lineno} {node.module}.{a.name}" for p in MODULES
               for node, _ in _imports(p) if isinstance(node, ast.ImportFrom) and _kg_modules(node)
               for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    assert private == []


def test_modules_are_small():
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert {p: n for p, n in sizes.items() if n > MAX_LINES} == {}


def test_every_module_says_what_it_is_for():
    """The first line of each module's docstring: one sentence, in the imperative or naming its job."""
    missing = []
    for p in MODULES:
        doc = ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
        first = (doc or "").splitlines()[0] if doc else ""
        if not (first and first[0].isupper() and first.endswith((".", ":")) and len(first) <= 110):
            missing.append(f"{p.relative_to(REPO)}: {first!r}")
    assert missing == []


# -- the maps in the READMEs -------------------------------------------------------------
MAP = re.compile(r"<!-- package map -->\n```text\n(.*?)```", re.S)


def readme_map() -> dict[str, str]:
    """Read the README's map of kg/: {path below kg/: its line}, packages ending in '/'."""
    block = MAP.search((REPO / "README.md").read_text(encoding="utf-8")).group(1)
    out, stack = {}, []
    for line in block.splitlines()[1:]:  # the first line is kg/ itself
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2 - 1
        name = line.split()[0]
        stack[depth:] = [name]
        out["".join(stack)] = line.strip()
    return out


def test_the_readme_maps_every_module_of_the_tree():
    """One line per module and per package, each top-level one with its layer."""
    listed = readme_map()
    tree = {p.relative_to(KG).as_posix() for p in MODULES}
    tree |= {p.parent.relative_to(KG).as_posix() + "/" for p in MODULES if p.parent != KG}
    assert set(listed) == tree
    top = {path: line.split()[1] for path, line in listed.items()
           if path.count("/") == (1 if path.endswith("/") else 0) and path != "__init__.py"}
    assert set(top.values()) == {"L0", "L1", "L2", "L3", "L4", "L5"}, top


DOCS = ["README.md", "kg/data/README.md",
        *sorted(p.relative_to(REPO).as_posix() for p in (REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("readme", DOCS)
def test_every_path_a_readme_names_exists(readme):
    """Module and test paths (kg/..., tests/...) named in a README exist: renames leave none behind."""
    text = (REPO / readme).read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:kg|tests)/[\w./-]+)`", text))
    assert named, readme
    assert sorted(p for p in named if not (REPO / p).exists()) == []


@pytest.mark.parametrize("page", DOCS)
def test_every_relative_link_of_the_docs_leads_to_a_file(page):
    """Links between the README and docs/*.md (moved there from the README) still land on files."""
    path = REPO / page
    targets = [t for t in re.findall(r"\]\(([^)\s]+)\)", path.read_text(encoding="utf-8"))
               if not re.match(r"^[a-z]+:", t) and not t.startswith("#")]
    missing = [t for t in targets if not (path.parent / t.split("#")[0]).exists()]
    assert missing == []
