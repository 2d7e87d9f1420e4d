"""Exceptions and problem reports raised by the library (it never prints or exits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = ["Problem", "StanceGraphError", "DataError", "UsageError", "problem_order"]


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
        return ": ".join(parts)


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
