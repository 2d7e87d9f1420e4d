"""How counts are worded wherever stancegraph prints them: ``1 coder``, ``4,650 triples``.

One rule for every summary line (the command line's and the library's one-line
reports): thousands separated by commas, the noun singular for exactly one. Also
one wording of a network (:func:`network_description`: kind, actors, dates) for
every command that describes one, and one cap on the names a summary lists
(:func:`capped`, :data:`LIST_CAP`).
"""

from __future__ import annotations

__all__ = ["counted", "record_counts", "network_description", "date_range", "capped", "LIST_CAP"]

LIST_CAP = 40
"""Most names a printed summary lists in one line (a coalition's members, a cluster, a backbone);
the rest are counted (``… and 115 more``). Files written with -o carry every name."""


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


def date_range(start=None, end=None) -> str:
    """A date range as summaries word it: ``2010 to 2013``, ``from 2010``, ``to 2013`` or ``all dates``.

    >>> date_range("2010", "2013"), date_range(start="2010"), date_range()
    ('2010 to 2013', 'from 2010', 'all dates')
    """
    if start is not None and end is not None:
        return f"{start} to {end}"
    if start is not None:
        return f"from {start}"
    if end is not None:
        return f"to {end}"
    return "all dates"


def network_description(kind: str, level: str, unaffiliated: str = "drop", start=None, end=None,
                        dates: bool = True) -> str:
    """One network described as every command describes it: kind, actors and (with ``dates``) the range.

    ``kind`` is a network kind (``twomode``, ``congruence``, ``concept-conflict`` …; two joined
    by "and" name networks used together, as polarisation's), ``level`` ``person`` or
    ``organisation``, ``unaffiliated`` ``drop`` or ``person``; ``start``/``end`` as given
    (--from/--to), None for open.

    Examples
    --------
    >>> network_description("twomode", "person", start="2010", end="2013")
    'two-mode network of people, 2010 to 2013'
    >>> network_description("congruence", "organisation", "person")
    'congruence network of organisations and of people who speak for none, all dates'
    >>> network_description("concept-conflict", "person", dates=False)
    'conflict network of concepts (through people)'
    >>> network_description("congruence and conflict", "organisation", end="2015")
    'congruence and conflict networks of organisations, to 2015'
    """
    kind, level, unaffiliated = (str(getattr(x, "value", x)) for x in (kind, level, unaffiliated))
    name = "two-mode" if kind == "twomode" else kind.removeprefix("concept-")
    networks = "networks" if " and " in name else "network"
    actors = "people" if level == "person" else "organisations"
    if level != "person" and unaffiliated == "person":
        actors += " and of people who speak for none"
    text = (f"{name} {networks} of concepts (through {actors})" if kind.startswith("concept-")
            else f"{name} {networks} of {actors}")
    return f"{text}, {date_range(start, end)}" if dates else text


def capped(names, cap: int = LIST_CAP) -> str:
    """``names`` joined by commas, at most ``cap`` of them, the rest counted.

    >>> capped(["a", "b", "c"], cap=2)
    'a, b, … and 1 more'
    >>> capped(["a", "b"])
    'a, b'
    """
    names = list(names)
    more = f", … and {len(names) - cap:,} more" if len(names) > cap else ""
    return ", ".join(names[:cap]) + more
