"""The evidence behind one-mode ties, stored once per network and read per edge on demand.

Why
---
A one-mode tie between nodes *i* and *i′* is created by every kept statement of
*i* or *i′* on a column node *j* that both have a statement on, with stances
whose factor for the tie kind is not 0 (see :mod:`.build`). Listing those ids on
every edge costs memory in proportion to Σ over edges of the statements behind
each — at 100,000 statements, 818,139 congruence edges held ~1.3 GB of lists.
The same information is already in the *cells* (row → column → stance →
statement ids), which hold each statement id once.

Representation
--------------
One :class:`TieIndex` per network holds the cells of the kept statements and
the tie kind. A one-mode edge's ``statements`` is a :class:`TieStatements` and
its ``concepts`` (``actors`` in concept networks) a :class:`TieVia`: read-only
:class:`collections.abc.Sequence` objects of 56 bytes that hold only the index
and the two node ids. Reading one (``len``, iteration, indexing, ``in``,
comparison) computes the sorted ids from the index — O(columns of the smaller
node × stances) — and keeps the last tie's result in the index, so reading
``statements`` and then ``concepts`` of one edge, or indexing item by item,
computes it once. Nothing else is cached: iterating over every edge of a large
network (an export) never holds more than one tie's ids at a time.

A lazy sequence compares equal to a list or tuple of the same ids, so
``g.edges[u, v]["statements"] == ["s1", "s2"]`` works; slicing gives a list;
``list(seq)`` gives a plain copy. It is not JSON-serialisable by itself:
:func:`plain` turns a value into a list when it is one of these.
Two-mode edges keep plain lists (each statement is on exactly one two-mode
edge, so lists there cost no more than the statements themselves).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Iterable, Iterator, Mapping

from stancegraph.schema.models import Stance

__all__ = ["TieIndex", "TieSequence", "TieStatements", "TieVia", "plain"]

Cells = Mapping[str, Mapping[str, Mapping[Stance, Sequence[str]]]]


class TieIndex:
    """The cells of one network's kept statements, shared by all its one-mode edges.

    Parameters
    ----------
    cells : mapping
        Row node → column node → stance → statement ids (each id once in all).
    counting : iterable of (Stance, Stance)
        The stance pairs whose factor is not 0 for the tie kind: a column links two
        rows when one has a statement with the first stance and the other with the
        second.

    Examples
    --------
    >>> S, O = Stance.SUPPORT, Stance.OPPOSE
    >>> index = TieIndex({"a": {"c1": {S: ["s1"]}, "c2": {O: ["s2"]}},
    ...                   "b": {"c1": {S: ["s3"]}, "c2": {S: ["s4"]}}}, [(S, S), (O, O)])
    >>> index.statements("a", "b"), index.via("a", "b")
    (('s1', 's3'), ('c1',))
    """

    __slots__ = ("_cells", "_counting", "_last")

    def __init__(self, cells: Cells, counting: Iterable[tuple[Stance, Stance]]) -> None:
        self._cells = cells
        self._counting = frozenset(counting) | frozenset((k2, k1) for k1, k2 in counting)
        self._last: tuple[Any, tuple[str, ...], tuple[str, ...]] = (None, (), ())

    def _tie(self, u: str, v: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        key = (u, v)
        last = self._last
        if last[0] == key:
            return last[1], last[2]
        first, second = self._cells.get(u, {}), self._cells.get(v, {})
        if len(first) > len(second):
            first, second = second, first
        counting = self._counting
        ids: set[str] = set()
        via: list[str] = []
        for column, stances1 in first.items():
            stances2 = second.get(column)
            if stances2 is None:
                continue
            linked = False
            for k1, ids1 in stances1.items():
                for k2, ids2 in stances2.items():
                    if (k1, k2) in counting:
                        ids.update(ids1)
                        ids.update(ids2)
                        linked = True
            if linked:
                via.append(column)
        result = (tuple(sorted(ids)), tuple(sorted(via)))
        self._last = (key, *result)
        return result

    def statements(self, u: str, v: str) -> tuple[str, ...]:
        """The sorted ids of the statements that create the tie ``u``–``v`` (empty when none)."""
        return self._tie(u, v)[0]

    def via(self, u: str, v: str) -> tuple[str, ...]:
        """The sorted column nodes (concepts, or actors in concept networks) the tie runs through."""
        return self._tie(u, v)[1]

    def __reduce__(self):
        return (TieIndex, (self._cells, self._counting))


class TieSequence(Sequence):
    """A read-only sequence of one tie's ids, computed from a :class:`TieIndex` when read."""

    __slots__ = ("_index", "_u", "_v")

    def __init__(self, index: TieIndex, u: str, v: str) -> None:
        self._index, self._u, self._v = index, u, v

    def _items(self) -> tuple[str, ...]:  # pragma: no cover - overridden
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._items())

    def __getitem__(self, item):
        items = self._items()
        return list(items[item]) if isinstance(item, slice) else items[item]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __contains__(self, value: object) -> bool:
        return value in self._items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TieSequence):
            return self._items() == other._items()
        if isinstance(other, (list, tuple)):
            return self._items() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are unhashable

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._items())!r})"

    def __reduce__(self):
        return (type(self), (self._index, self._u, self._v))


class TieStatements(TieSequence):
    """The sorted statement ids behind one one-mode tie.

    Examples
    --------
    >>> S = Stance.SUPPORT
    >>> index = TieIndex({"a": {"c1": {S: ["s1"]}}, "b": {"c1": {S: ["s2", "s3"]}}}, [(S, S)])
    >>> ids = TieStatements(index, "a", "b")
    >>> len(ids), ids[0], ids[1:], ids == ["s1", "s2", "s3"], "s2" in ids
    (3, 's1', ['s2', 's3'], True, True)
    """

    __slots__ = ()

    def _items(self) -> tuple[str, ...]:
        return self._index.statements(self._u, self._v)


class TieVia(TieSequence):
    """The sorted column nodes (concepts, or actors) through which one one-mode tie runs."""

    __slots__ = ()

    def _items(self) -> tuple[str, ...]:
        return self._index.via(self._u, self._v)


def plain(value: Any) -> Any:
    """``value`` as a list when it is a :class:`TieSequence`, else unchanged (for JSON and copies).

    Examples
    --------
    >>> S = Stance.SUPPORT
    >>> index = TieIndex({"a": {"c": {S: ["s1"]}}, "b": {"c": {S: ["s2"]}}}, [(S, S)])
    >>> plain(TieVia(index, "a", "b")), plain(2.0)
    (['c'], 2.0)
    """
    return list(value) if isinstance(value, TieSequence) else value
