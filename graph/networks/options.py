"""Network options as enums, and the parsing of dates and window lengths.

Every option of :func:`~stancegraph.graph.networks.build_network` is an
:class:`enum.Enum` whose values are the strings the CLI accepts, so a mistyped
option is a :class:`~stancegraph.graph.errors.UsageError` naming the valid
values — DNA instead silently replaces invalid settings (DNA-NETWORKS.md §5).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from stancegraph.schema.dates import PartialDate

from ..errors import UsageError

__all__ = [
    "NetworkKind",
    "Level",
    "Normalisation",
    "Duplicates",
    "Qualifier",
    "Unaffiliated",
    "DateRule",
    "Span",
    "coerce",
    "parse_bound",
    "add_span",
]


class NetworkKind(str, Enum):
    """Which network to build.

    ``twomode`` is DNA's two-mode network (actors × concepts). The one-mode
    kinds are DNA's one-mode networks with ``qualifierAggregation`` set to the
    same word; ``cooccurrence`` is DNA's one-mode ``ignore`` (the stance plays no
    part). The ``concept-`` kinds are the same networks with concepts as nodes
    (DNA with variable1 = concept, variable2 = actor).
    """

    TWOMODE = "twomode"
    CONGRUENCE = "congruence"
    CONFLICT = "conflict"
    SUBTRACT = "subtract"
    COOCCURRENCE = "cooccurrence"
    CONCEPT_CONGRUENCE = "concept-congruence"
    CONCEPT_CONFLICT = "concept-conflict"
    CONCEPT_SUBTRACT = "concept-subtract"
    CONCEPT_COOCCURRENCE = "concept-cooccurrence"

    @property
    def one_mode(self) -> bool:
        """True for every kind but ``twomode``."""
        return self is not NetworkKind.TWOMODE

    @property
    def concept_nodes(self) -> bool:
        """True when the nodes of the one-mode network are concepts."""
        return self.value.startswith("concept-")

    @property
    def tie(self) -> str:
        """``congruence``, ``conflict``, ``subtract`` or ``cooccurrence`` (one-mode only)."""
        return self.value.removeprefix("concept-")


class Level(str, Enum):
    """Who the actors are: the speaking person, or the organisation spoken for."""

    PERSON = "person"
    ORGANISATION = "organisation"


class Normalisation(str, Enum):
    """DNA's normalisations: ``average``, ``jaccard``, ``cosine`` (one-mode);
    ``activity``, ``prominence`` (two-mode)."""

    NONE = "none"
    AVERAGE = "average"
    JACCARD = "jaccard"
    COSINE = "cosine"
    ACTIVITY = "activity"
    PROMINENCE = "prominence"

    @property
    def one_mode(self) -> bool:
        return self in (Normalisation.AVERAGE, Normalisation.JACCARD, Normalisation.COSINE)

    @property
    def two_mode(self) -> bool:
        return self in (Normalisation.ACTIVITY, Normalisation.PROMINENCE)


class Duplicates(str, Enum):
    """When a repeated actor–concept(–stance) statement is counted only once."""

    INCLUDE = "include"
    DOCUMENT = "document"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ACROSSRANGE = "acrossrange"


class Qualifier(str, Enum):
    """DNA's qualifier aggregation of a two-mode network."""

    IGNORE = "ignore"
    COMBINE = "combine"
    SUBTRACT = "subtract"


class Unaffiliated(str, Enum):
    """At organisation level: what happens to a statement that names no organisation.

    ``drop`` (default) follows DNA's empty-value rule: the statement has no actor
    at this level, so no tie or count uses it — applied after the pool is formed, as
    DNA does, so with ``isolates=True`` its concept still shows (:mod:`.selection`).
    ``person`` lets the speaker stand in as an actor of their own (node kind ``person``).
    """

    DROP = "drop"
    PERSON = "person"


class DateRule(str, Enum):
    """When a partially known date (a year, a month) is inside a date range.

    ``within`` (default): every day the date can mean lies in the range — so
    "2013" is in 2010–2013 but in no window shorter than the year 2013; no day is
    ever invented. ``earliest``: the date counts as its first day ("2013" as
    2013-01-01), which is what a DNA user entering it would usually type.
    """

    WITHIN = "within"
    EARLIEST = "earliest"


_ENUM_NAMES = {
    NetworkKind: "network kind",
    Level: "level",
    Normalisation: "normalisation",
    Duplicates: "duplicates",
    Qualifier: "qualifier",
    Unaffiliated: "unaffiliated",
    DateRule: "date rule",
}


def coerce(enum: type[Enum], value: Any):
    """``value`` as a member of ``enum``, or a :class:`UsageError` listing the choices.

    Examples
    --------
    >>> coerce(Level, "person")
    <Level.PERSON: 'person'>
    >>> try:
    ...     coerce(Level, "people")
    ... except UsageError as exc:
    ...     print(exc)
    unknown level 'people' (expected one of: person, organisation)
    """
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise UsageError(
            f"unknown {_ENUM_NAMES.get(enum, enum.__name__)} {value!r} (expected one of: {choices})"
        ) from None


def parse_bound(value: Any, *, end: bool) -> _dt.date | None:
    """A date-range bound: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, a date, or None.

    A partial start bound means its first day, a partial end bound its last day,
    so ``start="2010", end="2013"`` is 2010-01-01 to 2013-12-31 inclusive.

    Examples
    --------
    >>> parse_bound("2013", end=True)
    datetime.date(2013, 12, 31)
    >>> parse_bound("2014-02", end=False)
    datetime.date(2014, 2, 1)
    """
    if value is None:
        return None
    try:
        date = PartialDate.parse(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return date.latest if end else date.earliest


_SPAN = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_UNIT_NAMES = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


@dataclass(frozen=True)
class Span:
    """A calendar length: ``count`` days, weeks, months or years.

    Examples
    --------
    >>> Span.parse("18m")
    Span(count=18, unit='m')
    >>> str(Span.parse("2y")), str(Span.parse("1m"))
    ('2 years', '1 month')
    """

    count: int
    unit: str

    @classmethod
    def parse(cls, value: Any) -> "Span":
        """Read ``<n>d``, ``<n>w``, ``<n>m`` or ``<n>y`` (n ≥ 1)."""
        if isinstance(value, Span):
            return value
        match = _SPAN.match(str(value))
        if not match or int(match.group(1)) < 1:
            raise UsageError(
                f"not a time span: {value!r} (expected a positive count and a unit d, w, m "
                "or y, e.g. 6m or 2y)"
            )
        return cls(int(match.group(1)), match.group(2).lower())

    def __str__(self) -> str:
        name = _UNIT_NAMES[self.unit]
        return f"{self.count} {name[:-1] if self.count == 1 else name}"


def add_span(date: _dt.date, span: Span, times: int = 1) -> _dt.date:
    """``date`` moved on by ``times`` × ``span`` (month ends are clamped).

    The calendar ends at 0001-01-01 and 9999-12-31 (what a seed date can be): a move
    past either end stops there (``date.min``/``date.max``), so a window or slice
    reaching beyond the calendar is simply past every statement; callers that step
    must stop when a step no longer moves.

    Examples
    --------
    >>> add_span(_dt.date(2010, 1, 31), Span(1, "m"))
    datetime.date(2010, 2, 28)
    >>> add_span(_dt.date(2010, 1, 1), Span(2, "y"), 3)
    datetime.date(2016, 1, 1)
    >>> add_span(_dt.date(9999, 6, 1), Span(5000, "y")), add_span(_dt.date(2, 1, 1), Span(3, "w"), -1000)
    (datetime.date(9999, 12, 31), datetime.date(1, 1, 1))
    """
    moved = shift(date, span, times)
    if moved is not None:
        return moved
    return _dt.date.max if span.count * times > 0 else _dt.date.min


def shift(date: _dt.date, span: Span, times: int = 1) -> _dt.date | None:
    """``date`` moved on by ``times`` × ``span`` exactly, or None outside the calendar.

    Months and years keep the day of the month, clamped to the month's end
    (2010-01-31 + 1 month = 2010-02-28), as DNA's ``LocalDateTime.plusMonths`` does.

    Examples
    --------
    >>> shift(_dt.date(9999, 12, 30), Span(1, "d")), shift(_dt.date(9999, 12, 31), Span(1, "d"))
    (datetime.date(9999, 12, 31), None)
    """
    n = span.count * times
    if span.unit in ("d", "w"):
        ordinal = date.toordinal() + n * (7 if span.unit == "w" else 1)
        if not _dt.date.min.toordinal() <= ordinal <= _dt.date.max.toordinal():
            return None
        return _dt.date.fromordinal(ordinal)
    year, month = _month_index(date, n * 12 if span.unit == "y" else n)
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        return None
    return _dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def span_last_day(first: _dt.date, span: Span) -> _dt.date | None:
    """The last day of ``span`` starting on ``first`` (the day before ``first + span``).

    None when that day lies past 9999-12-31. A span ending on the calendar's last day
    exactly (its day after would be 10000-01-01) is inside.

    Examples
    --------
    >>> span_last_day(_dt.date(2010, 1, 1), Span(2, "y"))
    datetime.date(2011, 12, 31)
    >>> span_last_day(_dt.date(9998, 1, 1), Span(2, "y")), span_last_day(_dt.date(9998, 1, 2), Span(2, "y"))
    (datetime.date(9999, 12, 31), None)
    >>> span_last_day(_dt.date(9999, 12, 25), Span(1, "w")), span_last_day(_dt.date(9999, 12, 26), Span(1, "w"))
    (datetime.date(9999, 12, 31), None)
    """
    after = shift(first, span)
    if after is not None:
        return after - _dt.timedelta(days=1)
    if span.unit in ("d", "w"):
        days = span.count * (7 if span.unit == "w" else 1)
        return _dt.date.max if first.toordinal() + days - 1 == _dt.date.max.toordinal() else None
    year, month = _month_index(first, span.count * 12 if span.unit == "y" else span.count)
    return _dt.date.max if (year, month, first.day) == (_dt.MAXYEAR + 1, 1, 1) else None


def _month_index(date: _dt.date, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after ``date``'s month; the year may lie outside the calendar."""
    year, month = divmod(date.year * 12 + date.month - 1 + months, 12)
    return year, month + 1
