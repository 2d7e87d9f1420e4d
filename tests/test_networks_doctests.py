"""The examples in the networks package docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["options", "selection", "build", "windows", "analysis", "exports", "evidence", "ties", "strongest",
           "kernels", "formats", "polarisation_leifeld", "backbone", "omissions", "lookup"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"stancegraph.graph.networks.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
