"""Exceptions and problem reports raised by the library (it never prints or exits)."""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass
from typing import Any, Iterable

__all__ = ["Problem", "StanceGraphError", "DataError", "UsageError", "problem_order", "one_line", "shown", "escaped"]

# Characters that would break "one problem, one line" or act on a terminal: C0 and C1
# controls (newline, CR, ESC, U+0085 ...), DEL, the Unicode line and paragraph
# separators, bidirectional overrides and isolates (they reorder what is printed),
# unpaired surrogates (not encodable) and U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
PART_LIMIT = 1000
"""Most characters of one part (file, record, field, message) of a printed problem."""


def _escape_char(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str, limit: int = PART_LIMIT) -> str:
    """``text`` escaped to one safe line and cut to ``limit`` characters.

    Control characters, line and paragraph separators, bidirectional controls and
    surrogates are written as escapes (``\\n``, ``\\x1b``, ``\\u2028``), so no value
    can start a new line or colour a terminal; the result has at most ``limit``
    characters (escapes counted), then says how many characters were cut.

    Examples
    --------
    >>> one_line("a\\nerror: forged\\x1b[31m")
    'a\\\\nerror: forged\\\\x1b[31m'
    >>> one_line("x" * 50, limit=10)
    'xxxxxxxxxx… (40 more characters)'
    """
    if len(text) <= limit and not _UNSAFE.search(text):
        return text
    out: list[str] = []
    used = 0
    for index, ch in enumerate(text):
        piece = _escape_char(ch) if _UNSAFE.match(ch) else ch
        if used + len(piece) > limit:
            return "".join(out) + f"… ({len(text) - index} more characters)"
        out.append(piece)
        used += len(piece)
    return "".join(out)


def escaped(text: str) -> str:
    """``text`` with every character ``repr`` would escape written as its escape, without quotes: an id or
    name shown bare in a message (``did you mean: bob-jones\\u200b?``) reads as :func:`shown` shows it.

    Examples
    --------
    >>> escaped("bob-jones\\u200b")
    'bob-jones\\\\u200b'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def shown(value: Any, limit: int = 80) -> str:
    """A short, one-line ``repr`` of a value for a problem message.

    Strings longer than ``limit`` are cut (with the number of characters cut); lists
    and mappings show their first items only, nested three levels at most, so a huge
    or recursive value can never make a huge message.

    Examples
    --------
    >>> shown("kari-lund")
    "'kari-lund'"
    >>> shown("a" * 100, limit=5)
    "'aaaaa'… (95 more characters)"
    >>> shown(list(range(100)))
    '[0, 1, 2, 3, 4, 5, ...]'
    """
    if isinstance(value, str):
        text = repr(value[:limit])
        if len(value) > limit:
            text += f"… ({len(value) - limit} more characters)"
        return one_line(text, limit=limit + 60)
    return one_line(_REPR.repr(value), limit=limit + 60)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the input, with everything needed to find it.

    Parameters
    ----------
    file : str or None
        The seed file (relative to the data folder), when known.
    line : int or None
        1-based line in ``file``, when known.
    record : str or None
        The record, e.g. ``"statement 'pf2010-dixon-cooperatives'"``.
    field : str or None
        The field path inside the record, e.g. ``"affiliations[0].end"``.
    message : str
        What is wrong.

    Examples
    --------
    >>> str(Problem("people.yaml", 12, "person 'ann-smith'", "name", "field required"))
    "people.yaml:12: person 'ann-smith': name: field required"
    """

    file: str | None
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file or "<data>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(one_line(str(part)) for part in parts)


class StanceGraphError(Exception):
    """Base class of every error stancegraph raises on purpose."""


class DataError(StanceGraphError):
    """The input data is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=problem_order)
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "no details"
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the data; first: {first}"
        )


class UsageError(StanceGraphError):
    """The call could not run (missing folder, unknown name, bad option value)."""


def problem_order(problem: Problem):
    """Sort key of problems: file, line, record, field, message."""
    return (problem.file or "", problem.line or 0, problem.record or "", problem.field or "", problem.message)
