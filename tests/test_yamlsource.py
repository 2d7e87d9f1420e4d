"""The one-walk YAML reader gives PyYAML's data and the line tree of the node tree for plain
seed data, and an issue with line and path (never an exception) for everything else."""

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
    "nested": "statements:\n  - id: s1\n    mentions: [a, b]\n    notes: |\n      two\n      lines\n  - id: s2\n    x: {y: {z: [1, [2, 3]]}}\n",
    "empty": "a: []\nb: {}\nc:\n",
    "escapes": 'a: "tab\\there"\nb: "caf\\u00e9 \\U0001F600"\nc: \'back\\slash\'\nd: [x*y, "*"]\n',
}
"""YAML that is plain seed data: read exactly as PyYAML reads it."""

REFUSED = {
    # text -> (data, [(line, path, start of message)])
    "duplicate keys": ("a: 1\nb:\n  - c: 1\n    c: 2\n",
                       {"a": 1, "b": [{"c": 1}]}, [(4, ("b", 0, "c"), "key given twice (also on line 3)")]),
    "duplicate section": ("a: [1]\na: [2]\n", {"a": [1]}, [(2, ("a",), "section given twice (also on line 1)")]),
    "explicit tags": ("a: !!set {x, y}\nb: !!binary aGVsbG8=\nc: !!omap [{a: 1}]\n", None,
                      [(1, ("a",), "YAML tag !!set is not supported"), (2, ("b",), "YAML tag !!binary is not supported"),
                       (3, ("c",), "YAML tag !!omap is not supported")]),
    "merge": ("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n", None,
              [(3, ("child", "<<"), "YAML merge keys (<<) are not supported")]),
    "bad tagged scalars": ("a: !!int x\nb: !!float ''\nc: !!bool maybe\nd: 0x_\n", None,
                           [(1, ("a",), "YAML cannot read 'x' as !!int"), (2, ("b",), "YAML cannot read '' as !!float"),
                            (3, ("c",), "YAML cannot read 'maybe' as !!bool"), (4, ("d",), "YAML cannot read '0x_' as !!int")]),
    "recursive alias": ("a: &a [1, *a]\n", None, [(1, ("a",), "recursive alias")]),
    "complex key": ("? [a]\n: b\nc: d\n", {"c": "d"}, [(1, (), "a key must be plain text")]),
    "control characters": ('a: "x\\ay"\nb: ["ok", "\\x85"]\n"\\e": 1\n', None,
                           [(1, ("a",), "holds the control character U+0007"),
                            (2, ("b", 1), "holds the control character U+0085"),
                            (3, ("\x1b",), "key holds the control character U+001B")]),
    "too deep": ("a: " + "[" * 70 + "]" * 70 + "\n", None, [(1, ("a",) + (0,) * (yamlsource.MAX_DEPTH - 1),
                                                              "nested more than")]),
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
    assert doc.issues == ()


@pytest.mark.parametrize("loader_class", [yamlsource._FastSeedLoader, yamlsource._SeedLoader],
                         ids=["libyaml", "python"])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_is_not_seed_data_is_an_issue_with_its_line_and_path(name, loader_class):
    text, data, expected = REFUSED[name]
    doc = yamlsource._parse_with(loader_class, text)
    assert [(i.line, i.path) for i in doc.issues] == [(line, path) for line, path, _ in expected]
    for issue, (_, _, start) in zip(doc.issues, expected):
        assert issue.message.startswith(start), issue.message
    if data is not None:
        assert doc.data == data


def test_unpaired_surrogate_is_an_issue():
    """libyaml refuses the escape; the pure-Python reader then reads it, and the issue says why."""
    doc = parse_yaml('a: "\\ud800"\n')
    assert [(i.line, i.path) for i in doc.issues] == [(1, ("a",))]
    assert doc.issues[0].message.startswith("holds an unpaired surrogate U+D800")


def test_keys_are_their_text():
    """PyYAML would make ``1``, ``true`` and ``~`` keys a number, a boolean and None; a
    seed file's keys are field and section names, so they stay text (and messages name
    them as written)."""
    assert parse_yaml("1: one\ntrue: yes\n~: nothing\n2.5: x\n").data == {
        "1": "one", "true": True, "~": "nothing", "2.5": "x"}


def test_a_section_given_twice_keeps_both():
    doc = parse_yaml("s: [1]\nt: 0\ns: [2, 3]\n")
    assert doc.data == {"s": [1], "t": 0}
    assert [(key, line, data) for key, line, data, _ in doc.repeated] == [("s", 3, [2, 3])]


def test_aliases_share_one_object_as_pyyaml_does():
    data = parse_yaml(TRICKY["anchors"]).data
    assert data["base"] is data["other"] and data["list"] is data["again"]


def test_alias_bomb_is_refused_without_expanding():
    levels = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    doc = parse_yaml("\n".join(levels) + "\nstance: *j\n")
    assert len(doc.issues) == 1 and "alias bomb" in doc.issues[0].message
    assert len(repr(doc.data)) < 10 * yamlsource.ALIAS_BUDGET


def test_reused_scalars_and_lists_below_the_budget_are_read():
    doc = parse_yaml("a: &a [x, y]\nb: [*a, *a, *a]\nc: &c text\nd: [*c, *c]\n")
    assert doc.issues == ()
    assert doc.data["b"] == [["x", "y"]] * 3 and doc.data["d"] == ["text", "text"]


@pytest.mark.parametrize("text", ['a: "\\U00110000"\n', "a: " + "[" * 1000 + "]" * 1000 + "\n",
                                  "a: " + "[" * 5000 + "\n", "a: b\n---\nc: d\n", "a: [\n"])
def test_text_that_is_not_yaml_raises_only_yaml_error(text):
    with pytest.raises(yaml.YAMLError):
        parse_yaml(text)


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


def test_line_trees_pickle_with_their_yaml_texts():
    import pickle

    doc = parse_yaml("a: No\nb: [x, 010]\n")
    again = pickle.loads(pickle.dumps(doc.lines))
    assert again == doc.lines
    assert again.keys["a"][1].text == "No" and again.keys["b"][1].items[1].text == "010"
