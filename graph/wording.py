"""How counts are worded wherever stancegraph prints them: ``1 coder``, ``4,650 triples``.

One rule for every summary line (the command line's and the library's one-line
reports): thousands separated by commas, the noun singular for exactly one.
"""

from __future__ import annotations

__all__ = ["counted", "record_counts"]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1, thousands separated.

    Examples
    --------
    >>> counted(1, "coder"), counted(4650, "triple"), counted(0, "entity", "entities")
    ('1 coder', '4,650 triples', '0 entities')
    """
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def record_counts(counts: dict[str, int]) -> str:
    """A dataset's record counts in one phrase, e.g. ``'1 document, 22 people, 31 organisations'``.

    ``counts`` maps section names (``documents``, ``people`` …; see
    :meth:`~stancegraph.graph.seeds.dataset.Dataset.counts`) to numbers.

    Examples
    --------
    >>> record_counts({"documents": 1, "people": 1, "concepts": 79})
    '1 document, 1 person, 79 concepts'
    """
    from .seeds.dataset import RECORD_NAMES

    return ", ".join(counted(n, RECORD_NAMES.get(section, section), section) for section, n in counts.items())
