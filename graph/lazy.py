"""Lazy re-exports for package ``__init__`` modules.

Each stage package re-exports its public names without importing its modules at
import time, so ``import stancegraph.graph.rdf`` (and ``stancegraph --help``) stays
fast; a name's module is imported on first access (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module ``__getattr__`` and ``__dir__`` for a package that re-exports names lazily.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : dict of str to str
        Public name -> module path relative to the package (``".load"``).

    Returns
    -------
    (__getattr__, __dir__)
        Assign both in the package ``__init__``. Unknown names raise ``AttributeError``.
    """

    def __getattr__(name: str) -> Any:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        return getattr(importlib.import_module(module, package), name)

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
