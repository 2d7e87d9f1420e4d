"""The examples in the library's docstrings run and give what they say — every module that has any.

The modules are found, not listed: a new module's examples run without anyone
remembering to add it (a hand list missed most of this round's new modules).
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"graph": "stancegraph.graph", "schema": "stancegraph.schema"}


def _modules_with_examples() -> list[str]:
    found = []
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            if ">>>" not in path.read_text(encoding="utf-8"):
                continue
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found.append(".".join([package, *parts]))
    return found


MODULES = _modules_with_examples()


def test_examples_are_found_in_every_stage():
    stages = {name.split(".")[2] for name in MODULES if name.startswith("stancegraph.graph.")}
    assert {"seeds", "rdf", "sparql", "serve", "networks", "view", "figures", "cli"} <= stages


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
