"""Load networkx on first use: 0.1 s that the commands answered from the cache never need.

``from kg.lazy import nx`` gives the networkx module; its code runs the first time
one of its names is read (:class:`importlib.util.LazyLoader`, Python's own recipe),
so ``yrdkg render`` copying a kept page starts as fast as ``import rdflib``.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """Return the module ``name`` (a third-party package), loaded when first used."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


nx = lazy("networkx")
