"""One rule for every number a command takes: finite, between two bounds, refused in one line.

Every numeric option of every command uses one of these click types (a test walks
the command tree and checks it): :class:`FiniteFloat` and :class:`BoundedInt` need
both bounds, so NaN, ±inf, ``1e309`` and a huge integer are each one line,
``Error: Invalid value for '--x': …`` with exit 2, before any work — never a
traceback from deep inside (``conn.poll(1e9)``'s OverflowError, numpy refusing a
negative seed) nor a NaN that silently passes every comparison (``--neutral nan``
read every statement as mixed, ``--min-alpha nan`` never failed).
"""

from __future__ import annotations

import click

from ..sparql import TIMEOUT_MAX  # the query runner's own bound (graph/sparql/__init__.py)

__all__ = ["FiniteFloat", "BoundedInt", "NumberOrName", "SEED", "COUNT_MAX", "TIMEOUT_MAX", "number_types"]


class FiniteFloat(click.FloatRange):
    """A float option between two finite bounds: NaN, ±inf and ``1e309`` (inf) are refused in one line.

    Click's :class:`~click.FloatRange` lets NaN through (every comparison with NaN is
    false) and an open bound lets ±inf through; here both bounds are required and
    finite, so every value a command gets is a number its code can compute with.

    >>> FiniteFloat(0, 1).convert("0.5", None, None)
    0.5
    """

    name = "float"

    def __init__(self, min: float, max: float, min_open: bool = False, max_open: bool = False) -> None:
        import math

        if not (math.isfinite(min) and math.isfinite(max)):
            raise ValueError("FiniteFloat needs finite bounds")
        super().__init__(min, max, min_open=min_open, max_open=max_open)

    def convert(self, value, param, ctx):
        import math

        number = value if isinstance(value, float) else click.types.FloatParamType.convert(self, value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return super().convert(number, param, ctx)


class BoundedInt(click.IntRange):
    """An integer option between two bounds, both required: a huge integer is one line, never an overflow
    deeper down (a seed numpy refuses, a timeout ``select`` cannot hold, a list of 10**30 parents).

    >>> BoundedInt(0, 9).convert("7", None, None)
    7
    """

    name = "integer"

    def __init__(self, min: int, max: int) -> None:
        super().__init__(min, max)


SEED = BoundedInt(0, 2**32 - 1)
"""A random seed: numpy's ``default_rng`` refuses a negative one; 32 bits is what igraph and numpy's
legacy seeding take."""
COUNT_MAX = 2**31 - 1
"""Most of a count option (``--top``, ``--max-edges``, ``--max-rows``, ``--size``…): a C ``int``."""


def number_types() -> tuple[type, ...]:
    """The click types of numeric options (tests find every numeric option of every command by them)."""
    return (click.types._NumberParamTypeBase, NumberOrName)


class NumberOrName(click.ParamType):
    """A value that is one of ``names`` or a finite number in ``[low, high]`` (``--width column|page|INCHES``).

    The value is returned as given (a name, or the text of the number), for the library to read.
    """

    name = "number"

    def __init__(self, names, low: float, high: float, unit: str = "") -> None:
        self.names, self.low, self.high, self.unit = tuple(names), low, high, unit

    def convert(self, value, param, ctx):
        import math

        if value in self.names:
            return value
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not one of {', '.join(self.names)} or a number", param, ctx)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            self.fail(f"{value!r} is not one of {', '.join(self.names)} or a number from {self.low:g} to "
                      f"{self.high:g}{self.unit}", param, ctx)
        return value
