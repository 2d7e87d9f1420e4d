"""User text on the console: printed as it is, never read as markup; line breaks never lost.

rich reads a printed ``str`` as console markup, and ``rich.markup.escape`` cannot make every
text safe inside it: it doubles a trailing backslash so that a tag after it stays a tag,
and the doubled backslash is printed when no tag follows (a name ``Bob Jones\\`` showed
as ``Bob Jones\\\\``), while text already ending in two backslashes loses one before a tag.
So the CLI never puts data into markup: :func:`line` builds a :class:`rich.text.Text`
from plain parts and styled parts (``("Error", "red")``), which rich prints without
parsing (no markup, no ``:emoji:`` codes).

Line breaks. rich's ``Text`` drops CR, VT and FF (its ``strip_control_codes``) and
breaks a line only at LF, so a lone CR vanished from a table cell and U+2028 reached the
terminal raw. :func:`cell` turns every line breaker Python's ``str.splitlines()`` knows
(CR LF, CR, LF, VT, FF, U+001C–U+001E, NEL, U+2028, U+2029) into LF, the one a table
shows (as a line break inside its cell); :func:`inline` writes each of them, and every
other control character, as its escape (``\\n``, ``\\r``, ``\\u2028``:
:func:`stancegraph.graph.errors.one_line`, as problem lines write them), so a value
never splits a one-line row of a summary.
"""

from __future__ import annotations

import re
import sys

__all__ = ["line", "cell", "inline", "LINE_BREAK"]

LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""One line break: CR LF, or any character ``str.splitlines()`` breaks a line at."""


def line(*parts):
    """A printable line from ``parts``, none of them read as markup.

    Parameters
    ----------
    *parts : str or tuple of (str, str)
        Text printed as it is, or ``(text, style)`` (a rich style such as ``"bold"``).

    Returns
    -------
    rich.text.Text
    """
    from rich.text import Text

    return Text.assemble(*parts)


def cell(value: str) -> str:
    """``value`` for a table cell: every line break (:data:`LINE_BREAK`) an LF, the break a table shows.

    >>> cell("tab\\r\\nCRLF\\rCR\\u2028LS")
    'tab\\nCRLF\\nCR\\nLS'
    """
    return LINE_BREAK.sub("\n", value)


def inline(value: str) -> str:
    """``value`` on one line: line breaks and other control characters written as escapes, nothing cut.

    >>> inline("Health\\nservice\\r\\n[b]\\\\")
    'Health\\\\nservice\\\\r\\\\n[b]\\\\'
    """
    from ..errors import one_line

    return one_line(value, limit=sys.maxsize)
