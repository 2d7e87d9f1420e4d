"""The one-walk YAML reader gives PyYAML's data and the line tree of the node tree."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import yaml

from stancegraph.graph.seeds import yamlsource
from stancegraph.graph.gcpause import gc_paused
from stancegraph.graph.seeds.load import read_dataset
from stancegraph.graph.seeds.yamlsource import line_of, line_tree, parse_yaml

TRICKY = {
    "scalars": "a: 1\nb: true\nc: ~\nd: 1.5\ne: '2010'\nf: 2010-02-24\ng: !!str 12\nh: 0x1f\n",
    "anchors": "base: &b {x: 1, y: [1, 2]}\nother: *b\nlist: &l [a, b]\nagain: *l\n",
    "merge": "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n",
    "duplicate keys": "a: 1\na: 2\nb:\n  - c: 1\n    c: 2\n",
    "non-string keys": "1: one\ntrue: yes\n~: nothing\n2.5: x\n",
    "nested": "statements:\n  - id: s1\n    mentions: [a, b]\n    notes: |\n      two\n      lines\n  - id: s2\n    x: {y: {z: [1, [2, 3]]}}\n",
    "explicit tags": "a: !!set {x, y}\nb: !!binary aGVsbG8=\nc: !!omap [{a: 1}]\n",
    "empty": "a: []\nb: {}\nc:\n",
}


def _reference(text: str, loader_class):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return loader.construct_document(node), line_tree(node)
    finally:
        loader.dispose()


@pytest.mark.parametrize("loader_class", [yamlsource._FastSeedLoader, yamlsource._SeedLoader],
                         ids=["libyaml", "python"])
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_one_walk_equals_pyyaml_then_line_tree(name, loader_class):
    data, lines = _reference(TRICKY[name], loader_class)
    doc = yamlsource._parse_with(loader_class, TRICKY[name])
    assert doc.data == data
    assert doc.lines == lines


def test_aliases_share_one_object_as_pyyaml_does():
    data = parse_yaml(TRICKY["anchors"]).data
    assert data["base"] is data["other"] and data["list"] is data["again"]


def test_recursive_alias_does_not_loop():
    data = parse_yaml("a: &a [1, *a]\n").data
    assert data["a"][1] is data["a"]


def test_dates_stay_text_and_lines_point_at_keys():
    doc = parse_yaml(TRICKY["nested"])
    assert parse_yaml(TRICKY["scalars"]).data["f"] == "2010-02-24"
    assert line_of(doc.lines, ["statements", 1, "x", "y", "z"]) == 8
    assert line_of(doc.lines, ["statements", 0, "mentions", 1]) == 3
    assert line_of(doc.lines, ["statements", 0, "notes"]) == 4


def test_every_seed_file_reads_as_pyyaml_reads_it():
    from stancegraph.graph.seeds.load import default_data_dir

    seeds = default_data_dir()
    files = sorted(seeds.glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_yaml(text).data == yaml.load(text, Loader=yamlsource._SeedLoader), path.name


def test_gc_paused_restores_the_collector_also_after_an_error(mini_seeds):
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with gc_paused():
            assert not gc.isenabled()
            1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert read_dataset(mini_seeds).ok and gc.isenabled()
