"""The examples in the library's docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "stancegraph.schema.dates",
    "stancegraph.graph.atomic",
    "stancegraph.graph.seeds.canonical",
    "stancegraph.graph.errors",
    "stancegraph.graph.rdf.export",
    "stancegraph.graph.gcpause",
    "stancegraph.graph.rdf.iris",
    "stancegraph.graph.seeds.load",
    "stancegraph.graph.sparql.library",
    "stancegraph.graph.seeds.quotes",
    "stancegraph.graph.rdf.mapping",
    "stancegraph.graph.view.layout",
    "stancegraph.graph.view.page",
    "stancegraph.graph.view.style",
    "stancegraph.graph.view.views",
    "stancegraph.schema.models",
    "stancegraph.graph.serve.linked_data",
    "stancegraph.graph.sparql.unknown_iris",
    "stancegraph.graph.cli.common",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
