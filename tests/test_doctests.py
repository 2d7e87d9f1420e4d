"""The examples in the library's docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "stancegraph.schema.dates",
    "stancegraph.graph.atomic",
    "stancegraph.graph.canonical",
    "stancegraph.graph.errors",
    "stancegraph.graph.export",
    "stancegraph.graph.gcpause",
    "stancegraph.graph.iris",
    "stancegraph.graph.load",
    "stancegraph.graph.named_queries",
    "stancegraph.graph.quotes",
    "stancegraph.graph.rdf",
    "stancegraph.graph.view.layout",
    "stancegraph.graph.view.page",
    "stancegraph.graph.view.style",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
