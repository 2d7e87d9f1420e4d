"""Which characters DNA's ``Start``/``Stop`` offsets count, and converting them.

DNA stores a statement as ``Start``/``Stop`` offsets into its document's text.
The offsets are made by DNA's Java editor (a Swing text component), which counts
UTF-16 code units: a character outside the Basic Multilingual Plane (an emoji,
U+1F600) counts 2. DNA reads a statement's text back with SQL
``SUBSTRING(DOCUMENTS.Text, Start + 1, Stop - Start)`` (``Sql.java``), and SQLite,
MySQL and PostgreSQL count code points there, so after such a character DNA's own
statement text is shifted by one per astral character before the statement.

Rule (stancegraph): offsets are **UTF-16 code units** by default — the span the
coder highlighted, which is what the offsets were made from — and the exporter
writes UTF-16 offsets, so DNA's editor highlights exactly the quote. Both agree
on every text without astral characters. ``code-point`` reads offsets as
SQL's ``SUBSTRING`` does, for databases whose offsets were written by a tool that
counts code points.
"""

from __future__ import annotations

from bisect import bisect_left
from enum import Enum
from functools import lru_cache

__all__ = ["OffsetUnit", "to_code_points", "from_code_points"]


class OffsetUnit(str, Enum):
    """What one unit of ``Start``/``Stop`` is."""

    UTF16 = "utf-16"
    """A UTF-16 code unit (DNA's Java editor; the default)."""
    CODE_POINT = "code-point"
    """A Unicode code point (SQL ``SUBSTRING`` in SQLite, MySQL, PostgreSQL)."""


@lru_cache(maxsize=8)
def _utf16_boundaries(text: str) -> dict[int, int]:
    """UTF-16 offset → code point index, for every character boundary of ``text``."""
    table = {}
    units = 0
    for index, char in enumerate(text):
        table[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    table[units] = len(text)
    return table


@lru_cache(maxsize=8)
def _astral_indices(text: str) -> tuple[int, ...]:
    """Code point indices of the characters outside the BMP."""
    return tuple(i for i, char in enumerate(text) if ord(char) > 0xFFFF)


def to_code_points(text: str, start: int, stop: int, unit: OffsetUnit) -> tuple[int, int] | None:
    """``(start, stop)`` as code point indices into ``text``, or None when outside it.

    Also None when a UTF-16 offset falls inside a surrogate pair (between the two
    halves of one astral character).

    Examples
    --------
    >>> text = "\\U0001F600 Yes."
    >>> to_code_points(text, 3, 7, OffsetUnit.UTF16), to_code_points(text, 2, 6, OffsetUnit.CODE_POINT)
    ((2, 6), (2, 6))
    >>> to_code_points(text, 1, 3, OffsetUnit.UTF16) is None, to_code_points(text, 2, 9, OffsetUnit.UTF16) is None
    (True, True)
    """
    if not 0 <= start < stop:
        return None
    if unit is OffsetUnit.CODE_POINT:
        return (start, stop) if stop <= len(text) else None
    table = _utf16_boundaries(text)
    if start not in table or stop not in table:
        return None
    return table[start], table[stop]


def from_code_points(text: str, start: int, stop: int, unit: OffsetUnit) -> tuple[int, int]:
    """Code point indices ``(start, stop)`` of ``text`` as offsets in ``unit``.

    Examples
    --------
    >>> from_code_points("\\U0001F600 Yes.", 2, 6, OffsetUnit.UTF16)
    (3, 7)
    """
    if unit is OffsetUnit.CODE_POINT:
        return start, stop

    astral = _astral_indices(text)

    def units(index: int) -> int:
        return index + bisect_left(astral, index)

    return units(start), units(stop)
