"""kg.lazy: networkx is loaded when first used, so commands answered from the cache never load it."""

from __future__ import annotations

import subprocess
import sys

from kg.lazy import lazy

PROBE = """
import sys
import kg.cli.outputs, kg.cli.queries, kg.render.page, kg.analytics, kg.network
print("networkx.classes" in sys.modules, "pyvis" in sys.modules, "IPython" in sys.modules)
from kg.lazy import nx
g = nx.Graph([(1, 2), (2, 3)])
print("networkx.classes" in sys.modules, nx.shortest_path(g, 1, 3))
"""


def test_importing_the_commands_runs_no_networkx_pyvis_or_ipython_code_until_used():
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines() == ["False False False", "True [1, 2, 3]"]


def test_a_module_already_imported_is_returned_as_it_is():
    assert lazy("json") is sys.modules["json"]
