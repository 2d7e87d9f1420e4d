"""How counts are worded wherever stancegraph prints them: ``1 coder``, ``4,650 triples``.

One rule for every summary line (the command line's and the library's one-line
reports): thousands separated by commas, the noun singular for exactly one.
"""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1, thousands separated.

    Examples
    --------
    >>> counted(1, "coder"), counted(4650, "triple"), counted(0, "entity", "entities")
    ('1 coder', '4,650 triples', '0 entities')
    """
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
