"""Read YAML while keeping the node tree, so every problem can name its line.

Seed files come from people and from other programs, so the reader takes any text
and never raises anything but :class:`yaml.YAMLError` for a file it cannot parse at
all. What parses but is not plain seed data becomes an :class:`YamlIssue` (with its
line and path) and an :class:`Unreadable` in place of the value, and reading goes on,
so one run reports every problem of a file:

- explicit tags other than YAML's core scalars (``!!binary``, ``!!timestamp``,
  ``!!set``, ``!!python/...``, ``!custom``), merge keys (``<<``), and tagged scalars
  YAML itself cannot read (``!!int x``, ``!!bool maybe``);
- keys given twice in one mapping (PyYAML silently keeps the last); at the top of
  a file both sections are kept, so no record is lost;
- keys that are lists or mappings;
- recursive aliases (``a: &l [*l]``) and aliases that expand the document past
  :data:`ALIAS_BUDGET` values (a "billion laughs" bomb is refused, never expanded);
- values nested deeper than :data:`MAX_DEPTH`;
- text holding characters XML 1.0 cannot carry (:data:`FORBIDDEN_TEXT`).

Dates stay text (no implicit timestamps): stancegraph parses partial dates itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence

import yaml

from ..errors import one_line, shown

__all__ = [
    "YamlDocument", "YamlIssue", "Unreadable", "ScalarLine", "parse_yaml", "line_of", "leaf_of",
    "line_tree", "LineMap", "LineList", "MAX_DEPTH", "ALIAS_BUDGET", "FORBIDDEN_TEXT", "forbidden_text",
    "MERGE_KEY", "holds_unreadable",
]

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings read (a seed record needs five levels)."""
ALIAS_BUDGET = 200_000
"""How many values aliases may add to one file when expanded (a value costs 1, plus 1
per 64 characters of text): far above any real reuse, far below an alias bomb."""
MERGE_KEY = "<<"
"""Key under which a mapping's refused merge (an :class:`Unreadable`) stays in the data."""
MAX_ISSUES = 100
"""Issues reported per file; the rest are counted in one last issue."""

FORBIDDEN_TEXT = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff]")
"""Characters refused in seed text: the C0 controls other than tab, LF and CR, DEL, the
C1 controls (U+0085 included), surrogates and U+FFFE/U+FFFF. XML 1.0 (GraphML, GEXF,
RDF/XML, SPARQL XML results) cannot carry most of them, and none belongs in a record."""


def forbidden_text(text: str) -> str | None:
    """Why ``text`` cannot be a seed value (its first forbidden character), or None.

    Examples
    --------
    >>> forbidden_text("fine\\ttext")
    >>> forbidden_text("bell\\x07")
    'holds the control character U+0007, which XML 1.0 cannot carry; remove it'
    """
    match = FORBIDDEN_TEXT.search(text)
    if match is None:
        return None
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return (f"holds an unpaired surrogate U+{code:04X} (write the character itself, "
                f"or escape it as \\UXXXXXXXX); remove it")
    what = "the noncharacter" if code >= 0xFFFE else "the control character"
    return f"holds {what} U+{code:04X}, which XML 1.0 cannot carry; remove it"


class Unreadable:
    """Stands in the data for a value that could not be read; its issue is reported.

    A validator meeting it reports nothing more (the issue already says what is
    wrong), and the rest of the record is still checked.
    """

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message

    def __repr__(self) -> str:
        return "<unreadable>"


def holds_unreadable(value: Any, depth: int = MAX_DEPTH + 1) -> bool:
    """True when ``value`` is, or holds somewhere inside, an :class:`Unreadable`."""
    if isinstance(value, Unreadable):
        return True
    if depth <= 0:
        return False
    if isinstance(value, dict):
        return any(holds_unreadable(v, depth - 1) for v in value.values())
    if isinstance(value, list):
        return any(holds_unreadable(v, depth - 1) for v in value)
    return False


class ScalarLine(int):
    """The line of a scalar that YAML read as something other than text (a number,
    a boolean, null), with the text as written -- for the hint ``YAML read No as the
    boolean false; quote it``. Behaves as the plain line number everywhere else."""

    text: str

    def __new__(cls, line: int, text: str):
        self = super().__new__(cls, line)
        self.text = text
        return self

    def __getnewargs__(self):  # so a dataset's line trees pickle (spawned workers)
        return int(self), self.text


@dataclass(frozen=True)
class YamlIssue:
    """Something in a YAML file that parses but cannot be seed data.

    ``path`` is the keys and list indexes from the top of the document to the value
    (``("statements", 3, "stance")``); ``record_id`` is the ``id`` text of the record
    at ``path[:2]`` when it has one.
    """

    line: int
    path: tuple
    message: str
    record_id: str | None = None


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its plain data and the line numbers of every part of it.

    ``lines`` is the document's :func:`line_tree` (built in the same pass as the
    data); :func:`line_of` reads it. ``issues`` are the values that could not be read
    (each is an :class:`Unreadable` in ``data``). ``repeated`` holds top-level keys given
    a second time, as ``(key, key_line, data, lines)``, so a section given twice loses
    nothing.
    """

    data: Any
    lines: Any
    issues: tuple = ()
    repeated: tuple = ()


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


def _resolve(self, kind, value, implicit):
    """PyYAML's ``BaseResolver.resolve`` for loaders without path or wildcard resolvers (ours).

    The same tags: a plain scalar is matched against the implicit resolvers of its
    first character, anything else gets the default tag of its kind. libyaml's
    composer calls this (and the two methods below) once per node, in Python:
    at 100,000 statements (1.9 M nodes) these made composing 3.2 -> 2.8 s (best of
    two, one process) against PyYAML's general versions.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


def _no_path_resolvers(self, *_args) -> None:
    """``descend_resolver``/``ascend_resolver``: nothing to track without path resolvers."""


for _loader in (_SeedLoader, _FastSeedLoader):
    if not _loader.yaml_path_resolvers and None not in _loader.yaml_implicit_resolvers:
        _loader.resolve = _resolve
        _loader.descend_resolver = _loader.ascend_resolver = _no_path_resolvers


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document with the safe loader, keeping the node tree.

    Raises
    ------
    yaml.YAMLError
        When the text is not YAML at all (a syntax error, an invalid escape, nesting
        beyond the parser's limit); its ``problem_mark`` carries the line when known.
        Everything that parses is returned, its problems in ``issues``.
    """
    # libyaml first; on a syntax error the pure-Python loader runs again, so the
    # message (and its line) is the one PyYAML gives -- unless the pure-Python loader
    # itself fails otherwise (its recursion limit, an escape it cannot decode), when
    # libyaml's message is given.
    try:
        return _parse_with(_FastSeedLoader, text)
    except _ComposeError as exc:
        first = exc.__cause__
        if "maximum nesting depth" in str(getattr(first, "problem", "")):
            raise first from None  # the pure-Python parser is quadratic in nesting: do not ask it
    try:
        return _parse_with(_SeedLoader, text)
    except _ComposeError as exc:
        error = exc.__cause__
        if isinstance(error, yaml.YAMLError):
            raise error from None
        if isinstance(first, yaml.YAMLError):
            raise first from None
        raise yaml.YAMLError(f"cannot read YAML: {type(error).__name__}: {error}") from None


class _ComposeError(Exception):
    """The parser could not compose the text (the cause says why)."""


def _parse_with(loader_class, text: str) -> YamlDocument:
    loader = loader_class(text)
    try:
        try:
            node = loader.get_single_node()
        except Exception as exc:  # noqa: BLE001 -- PyYAML raises ValueError, RecursionError ... on some texts
            raise _ComposeError() from exc
        if node is None:
            return YamlDocument(data=None, lines=None)
        builder = _Builder(loader, check_text="\\" in text or "\x85" in text, aliases="*" in text)
        data, lines = builder.build_root(node)
    finally:
        loader.dispose()
    issues = _locate(node, builder.issues) if builder.issues else ()
    return YamlDocument(data=data, lines=lines, issues=issues, repeated=tuple(builder.repeated))


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_CORE = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null"))
_KEY_TAGS = _CORE | {_STR, "tag:yaml.org,2002:value"}
_OPEN = object()  # a collection being built: meeting it again is a recursive alias


def _tag_name(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    return tag


def _unsupported_tag(tag: str) -> str:
    return (f"YAML tag {one_line(_tag_name(tag), 60)} is not supported in seed files "
            "(they hold text, numbers, lists and mappings)")


class _Builder:
    """One walk over a composed node tree: the data and its :func:`line_tree`.

    Plain mappings, sequences and strings -- all a seed file holds -- are built
    here; YAML's core scalars (numbers, booleans, null) go to the loader's own
    constructor. At 100,000 statements this is about twice as fast as
    ``construct_document`` followed by :func:`line_tree`. Scalars are handled inside
    the collection loops (no call per scalar), which pays for the checks.
    """

    def __init__(self, loader, check_text: bool, aliases: bool):
        self.loader = loader
        self.check_text = check_text  # a forbidden character needs an escape or a raw U+0085
        self.aliases = aliases  # no '*' in the text: no alias anywhere
        self.built: dict[int, Any] = {}
        self.seen_scalars: set[int] = set()
        self.budget = ALIAS_BUDGET
        self.bombed = False
        self.sizes: dict[int, int] = {}
        self.issues: list[tuple[yaml.Node, str]] = []
        self.repeated: list = []

    def refuse(self, node, message: str) -> Unreadable:
        self.issues.append((node, message))
        return Unreadable(message)

    def scalar(self, node):
        """``(value, line leaf)`` of a scalar node that is not plain text."""
        line = node.start_mark.line + 1
        tag = node.tag
        if tag == _STR:  # plain text met through the checks (forbidden characters, aliases)
            value = node.value
            if self.aliases:
                if id(node) in self.seen_scalars and not self.spend(node):
                    return self.refuse(node, self.bomb_message()), line
                self.seen_scalars.add(id(node))
            if self.check_text:
                reason = forbidden_text(value)
                if reason is not None:
                    return self.refuse(node, reason), line
            return value, line
        if tag not in _CORE:
            return self.refuse(node, _unsupported_tag(tag)), line
        try:
            value = self.loader.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 -- !!int x, !!float '', !!bool maybe, 0x_ ...
            return self.refuse(node, f"YAML cannot read {shown(node.value)} as {_tag_name(tag)}"), line
        return value, ScalarLine(line, node.value)

    def build_root(self, node):
        return self.build(node, 0, root=True)

    def build(self, node, depth: int, root: bool = False):
        cls = node.__class__
        line = node.start_mark.line + 1
        if cls is yaml.ScalarNode:
            if node.tag == _STR and not self.check_text and not self.aliases:
                return node.value, line
            return self.scalar(node)
        key = id(node)
        done = self.built.get(key)
        if done is not None:
            if done is _OPEN:
                return self.refuse(node, "recursive alias: this value holds an alias of itself"), line
            if not self.spend(node):
                return self.refuse(node, self.bomb_message()), line
            return done
        if depth >= MAX_DEPTH:
            return self.refuse(node, f"nested more than {MAX_DEPTH} levels deep"), line
        if cls is yaml.MappingNode and node.tag == _MAP:
            self.built[key] = _OPEN
            result = self.mapping(node, line, depth, root)
        elif cls is yaml.SequenceNode and node.tag == _SEQ:
            self.built[key] = _OPEN
            result = self.sequence(node, line, depth)
        else:
            result = self.refuse(node, _unsupported_tag(node.tag)), line
        self.built[key] = result
        return result

    def mapping(self, node, line, depth, root):
        data: dict = {}
        keys: dict = {}
        fast = not self.check_text and not self.aliases
        scalar_node = yaml.ScalarNode
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar_node:
                self.refuse(key_node, "a key must be plain text, not a list or mapping")
                continue
            key_tag = key_node.tag
            if key_tag == _MERGE:  # kept as a marker: the fields it would bring are not "missing"
                data.setdefault(MERGE_KEY, self.refuse(
                    key_node, "YAML merge keys (<<) are not supported in seed files; write the fields out"))
                continue
            if key_tag not in _KEY_TAGS:
                self.refuse(key_node, _unsupported_tag(key_tag))
                continue
            name = key_node.value
            if self.check_text:
                reason = forbidden_text(name)
                if reason is not None:
                    self.refuse(key_node, "key " + reason)
                    continue
            if value_node.__class__ is scalar_node and value_node.tag == _STR and fast:
                value, value_lines = value_node.value, value_node.start_mark.line + 1
            else:
                value, value_lines = self.build(value_node, depth + 1)
            if name in keys:
                first = keys[name][0]
                if root:
                    self.refuse(key_node, f"section given twice (also on line {first}); "
                                          "both are read, but merge them into one")
                    self.repeated.append((name, key_node.start_mark.line + 1, value, value_lines))
                else:
                    self.refuse(key_node, f"key given twice (also on line {first}); YAML keeps only one value")
                continue
            data[name] = value
            keys[name] = (key_node.start_mark.line + 1, value_lines)
        return data, LineMap(line, keys)

    def sequence(self, node, line, depth):
        items: list = []
        item_lines: list = []
        fast = not self.check_text and not self.aliases
        scalar_node = yaml.ScalarNode
        for item in node.value:
            if item.__class__ is scalar_node and item.tag == _STR and fast:
                items.append(item.value)
                item_lines.append(item.start_mark.line + 1)
            else:
                value, value_lines = self.build(item, depth + 1)
                items.append(value)
                item_lines.append(value_lines)
        return items, LineList(line, tuple(item_lines))

    # -- aliases -------------------------------------------------------------------

    def spend(self, node) -> bool:
        """Charge the expanded size of a node met again through an alias; False when over."""
        if self.budget < 0:
            return False
        self.budget -= self.size(node)
        return self.budget >= 0

    def bomb_message(self) -> str:
        if self.bombed:  # reported once per file; later aliases are only refused
            return ""
        self.bombed = True
        return (f"aliases expand this file past {ALIAS_BUDGET:,} values (an alias bomb?); "
                "write the values out instead")

    def size(self, root) -> int:
        """Values (and text per 64 characters) the node stands for when fully expanded."""
        sizes = self.sizes
        if id(root) in sizes:
            return sizes[id(root)]
        stack = [(root, False)]
        visiting: set[int] = set()
        while stack:
            node, children_done = stack.pop()
            key = id(node)
            if key in sizes:
                continue
            if isinstance(node, yaml.ScalarNode):
                sizes[key] = 1 + len(node.value) // 64
                continue
            children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
            if children_done:
                visiting.discard(key)
                total = 1
                for child in children:
                    total += sizes.get(id(child), 1)  # a recursive child counts once
                    if total > ALIAS_BUDGET:
                        break
                sizes[key] = total
                continue
            if key in visiting:
                continue
            visiting.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
        return sizes[id(root)]


def _locate(root, found: list) -> tuple:
    """The issues of a walk with the path (and record id) of each node, in file order."""
    issues = list({(id(node), message): (node, message) for node, message in found if message}.values())
    paths: dict[int, tuple] = {}
    wanted = {id(node) for node, _ in issues}
    seen: set[int] = set()
    stack = [(root, ())]
    while stack and len(paths) < len(wanted):
        node, path = stack.pop()
        if id(node) in wanted and id(node) not in paths:
            paths[id(node)] = path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                if not isinstance(key_node, yaml.ScalarNode):  # a list or mapping as a key
                    if id(key_node) in wanted and id(key_node) not in paths:
                        paths[id(key_node)] = path
                    continue
                step = key_node.value
                if id(key_node) in wanted and id(key_node) not in paths:
                    paths[id(key_node)] = (*path, step)
                stack.append((value_node, (*path, step)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in reversed(list(enumerate(node.value))))
    records = _record_ids(root)
    located = []
    for node, message in issues:
        path = paths.get(id(node), ())
        located.append(YamlIssue(node.start_mark.line + 1, path, message, records.get(path[:2])))
    located.sort(key=lambda issue: issue.line)
    if len(located) > MAX_ISSUES:
        more = len(located) - MAX_ISSUES
        located = located[:MAX_ISSUES] + [YamlIssue(located[MAX_ISSUES].line, (),
                                                    f"{more} more problems of this kind in this file")]
    return tuple(located)


def _record_ids(root) -> dict:
    """``{(section, index): id text}`` for the records of a seed file's node tree."""
    ids = {}
    if not isinstance(root, yaml.MappingNode):
        return ids
    for key_node, section in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or not isinstance(section, yaml.SequenceNode):
            continue
        for index, record in enumerate(section.value):
            if isinstance(record, yaml.MappingNode):
                for field_node, value_node in record.value:
                    if (isinstance(field_node, yaml.ScalarNode) and field_node.value == "id"
                            and isinstance(value_node, yaml.ScalarNode) and value_node.tag == _STR):
                        ids.setdefault((key_node.value, index), value_node.value)
                        break
    return ids


@dataclass(frozen=True)
class LineMap:
    """The line numbers of a YAML mapping: its own, and each key's with its value's."""

    line: int
    keys: dict

    __slots__ = ("line", "keys")

    def __reduce__(self):  # frozen, with slots: pickle through the constructor
        return LineMap, (self.line, self.keys)


@dataclass(frozen=True)
class LineList:
    """The line numbers of a YAML sequence: its own and its items'."""

    line: int
    items: tuple

    __slots__ = ("line", "items")

    def __reduce__(self):  # frozen, with slots: pickle through the constructor
        return LineList, (self.line, self.items)


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
        return int(_tree_line_of(node, path))
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


def leaf_of(tree, path: Sequence[Any]):
    """The part of a :func:`line_tree` at exactly ``path`` (a line, :class:`ScalarLine`,
    :class:`LineMap` or :class:`LineList`), or None when the path leaves the tree."""
    for step in path:
        if isinstance(tree, LineMap) and isinstance(step, str) and step in tree.keys:
            tree = tree.keys[step][1]
        elif isinstance(tree, LineList) and isinstance(step, int) and 0 <= step < len(tree.items):
            tree = tree.items[step]
        else:
            return None
    return tree


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
