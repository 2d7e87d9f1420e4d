"""Partial dates: a year, a year and month, or a full day — never an invented day.

Curated sources often give only a year ("2015, after the May election") or a month.
:class:`PartialDate` keeps exactly the precision the source gives and maps it to the
matching XML Schema datatype (``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``).

Supported years are 0001 to 9999 (Python's ``datetime.date``, which every later step
uses to compare and window dates; XML Schema's year 0000 does not exist in ISO 8601's
proleptic Gregorian calendar as ``datetime`` counts it). A year written as a YAML number
must have four digits (1000–9999), as the JSON Schema of seed files says; earlier years
are written as text (``'0800'``).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

__all__ = ["DatePrecision", "PartialDate", "PartialDateField", "PARTIAL_DATE_PATTERN"]

PARTIAL_DATE_PATTERN = r"^(?!0000)\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_PATTERN = re.compile(PARTIAL_DATE_PATTERN)


class DatePrecision(str, Enum):
    """How much of a date the source states."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Parameters
    ----------
    year, month, day : int
        ``month`` and ``day`` are ``None`` when the source does not state them.

    Examples
    --------
    >>> PartialDate.parse("2015")
    PartialDate(year=2015, month=None, day=None)
    >>> str(PartialDate.parse("2010-02"))
    '2010-02'
    >>> PartialDate.parse("2010-02-23").precision.value
    'day'
    >>> PartialDate.parse("2015") <= PartialDate.parse("2015-06-01")
    True
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: Any) -> "PartialDate":
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a ``date``/``int``).

        Raises
        ------
        ValueError
            When the value is not one of those forms or names no real day.
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            if value == 0:
                raise ValueError("year 0000 is out of range (years 0001 to 9999)")
            if 0 < value < 1000:
                raise ValueError(f"not a date: {value} (a year needs four digits: write it as text, '{value:04d}')")
            if value <= 9999:
                value = str(value)
        if not isinstance(value, str) or not _PATTERN.match(value.strip()):
            if isinstance(value, str) and value.strip().startswith("0000"):
                raise ValueError(f"year 0000 is out of range (years 0001 to 9999): {value.strip()[:10]!r}")
            shown = repr(value[:40]) + ("…" if len(value) > 40 else "") if isinstance(value, str) \
                else repr(value)[:40]
            raise ValueError(
                f"not a date: {shown} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
            )
        parts = [int(p) for p in value.strip().split("-")]
        if len(parts) == 3:
            try:
                _dt.date(*parts)
            except ValueError as exc:
                raise ValueError(f"impossible date {value!r}: {exc}") from None
        return cls(*parts)

    @property
    def precision(self) -> DatePrecision:
        """The precision the source gives."""
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def earliest(self) -> _dt.date:
        """The first day the date can mean."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> _dt.date:
        """The last day the date can mean."""
        if self.day is not None:
            return self.earliest
        if self.month is None:
            return _dt.date(self.year, 12, 31)
        return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def is_certainly_after(self, other: "PartialDate") -> bool:
        """True when this date is certainly later than every day ``other`` can mean."""
        return self.earliest > other.latest

    @property
    def sort_key(self) -> tuple[_dt.date, _dt.date]:
        """Order by first possible day, then last: ``2015`` sorts before ``2015-01-02``."""
        return (self.earliest, self.latest)

    def __lt__(self, other: "PartialDate") -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


PartialDateField = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the source.",
        }
    ),
]
"""A pydantic field type for :class:`PartialDate` (string in YAML and JSON)."""
