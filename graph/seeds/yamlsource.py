"""Read YAML while keeping the node tree, so every problem can name its line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import yaml

__all__ = ["YamlDocument", "parse_yaml", "line_of", "line_tree", "LineMap", "LineList"]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its plain data and the line numbers of every part of it.

    ``lines`` is the document's :func:`line_tree` (built in the same pass as the
    data); :func:`line_of` reads it.
    """

    data: Any
    lines: Any


class _SeedLoader(yaml.SafeLoader):
    """The safe loader without implicit timestamps: dates stay text for our own parser.

    PyYAML would turn ``2019-02-30`` into a crash and ``2010-02-24`` into a
    ``datetime.date``; stancegraph parses dates itself (partial dates included).
    """


_SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastSeedLoader(getattr(yaml, "CSafeLoader", _SeedLoader)):
    """:class:`_SeedLoader` on libyaml (about 4x faster on large seed folders)."""


_FastSeedLoader.yaml_implicit_resolvers = _SeedLoader.yaml_implicit_resolvers


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document with the safe loader, keeping the node tree.

    Raises
    ------
    yaml.YAMLError
        On a syntax error (its ``problem_mark`` carries the line).
    """
    # libyaml first; on a syntax error the pure-Python loader runs again, so the
    # message (and its line) is always the one PyYAML gives.
    try:
        return _parse_with(_FastSeedLoader, text)
    except yaml.YAMLError:
        pass
    return _parse_with(_SeedLoader, text)


def _parse_with(loader_class, text: str) -> YamlDocument:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data, lines = _construct(loader, node) if node is not None else (None, None)
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=lines)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _construct(loader, root: yaml.Node):
    """The data and the :func:`line_tree` of ``root`` in one walk.

    Plain mappings (scalar keys, no ``<<`` merge), sequences and strings -- all a
    seed file holds -- are built here; every other node (numbers, booleans, null,
    explicit tags, merges) goes to the loader's own constructor, so the data is
    what ``yaml.load`` with the same loader gives. At 100,000 statements this is
    about twice as fast as ``construct_document`` followed by :func:`line_tree`.
    """
    built: dict[int, tuple] = {}  # collections by node id: aliases share (and may recurse)
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode

    def build(node):
        cls = node.__class__
        if cls is scalar:
            line = node.start_mark.line + 1
            if node.tag == _STR:
                return node.value, line
            return loader.construct_object(node, deep=True), line
        done = built.get(id(node))
        if done is not None:
            return done
        line = node.start_mark.line + 1
        if cls is mapping and node.tag == _MAP and all(
                k.__class__ is scalar and k.tag != "tag:yaml.org,2002:merge" for k, _ in node.value):
            data: dict = {}
            keys: dict = {}
            result = built[id(node)] = (data, LineMap(line, keys))
            for key_node, value_node in node.value:
                key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node, deep=True)
                value, value_lines = build(value_node)
                data[key] = value
                if key_node.value not in keys:  # lines by the key's text, as line_tree keeps them
                    keys[key_node.value] = (key_node.start_mark.line + 1, value_lines)
            return result
        if cls is sequence and node.tag == _SEQ:
            items: list = []
            item_lines: list = []
            result = built[id(node)] = (items, None)
            for item in node.value:
                value, value_lines = build(item)
                items.append(value)
                item_lines.append(value_lines)
            result = built[id(node)] = (items, LineList(line, tuple(item_lines)))
            return result
        result = built[id(node)] = (loader.construct_object(node, deep=True), line_tree(node))
        return result

    return build(root)


@dataclass(frozen=True)
class LineMap:
    """The line numbers of a YAML mapping: its own, and each key's with its value's."""

    line: int
    keys: dict

    __slots__ = ("line", "keys")


@dataclass(frozen=True)
class LineList:
    """The line numbers of a YAML sequence: its own and its items'."""

    line: int
    items: tuple

    __slots__ = ("line", "items")


def line_tree(node: yaml.Node | None):
    """Only the line numbers of a node tree, for :func:`line_of` (a tenth of the memory).

    A scalar becomes its 1-based line, a mapping a :class:`LineMap`, a sequence a
    :class:`LineList`. Large datasets keep one per record, so this matters.
    """
    if node is None or isinstance(node, (int, LineMap, LineList)):
        return node
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        keys: dict = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                keys.setdefault(key_node.value, (key_node.start_mark.line + 1, line_tree(value_node)))
        return LineMap(line, keys)
    if isinstance(node, yaml.SequenceNode):
        return LineList(line, tuple(line_tree(item) for item in node.value))
    return line


def line_of(node: yaml.Node | None, path: Sequence[Any] = ()) -> int | None:
    """1-based line of the value at ``path`` below ``node`` (or of the deepest part found).

    A path step that names a mapping key gives the line of that key, so a
    wrong value and a missing sub-field both point at the right line. ``node``
    may also be a :func:`line_tree`.
    """
    if node is None:
        return None
    if not isinstance(node, yaml.Node):
        return _tree_line_of(node, path)
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == step:
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                return line
        else:
            return line
    return line


def _tree_line_of(tree, path: Sequence[Any]) -> int:
    line = tree if isinstance(tree, int) else tree.line
    for step in path:
        if isinstance(tree, LineMap) and isinstance(step, str) and step in tree.keys:
            line, tree = tree.keys[step]
        elif isinstance(tree, LineList) and isinstance(step, int) and 0 <= step < len(tree.items):
            tree = tree.items[step]
            line = tree if isinstance(tree, int) else tree.line
        else:
            return line
    return line
