"""Tables on the console that never cut a value: every rich table the CLI prints goes through here.

rich shrinks a table to the console's width and, by default, cuts what no longer fits
(``0.8…``, ``22…``: the figures themselves). :func:`print_table` gives each column at
least the width of its longest word (a number is one word, so it stays whole) and
shares the rest of the width out, so long cells wrap between words; when the console
is narrower than the columns' longest words, or is not a terminal (piped, a file),
each row is one line and the table is as wide as it needs to be (a terminal wraps it).
"""

from __future__ import annotations

__all__ = ["print_table", "column_widths"]


def print_table(out, table, cells: list[list[str]]) -> None:
    """Print ``table`` on ``out`` with no cell cut.

    Parameters
    ----------
    out : rich.console.Console
        Where to print (a recording console works: the table is printed on it).
    table : rich.table.Table
        The table, its columns and rows added.
    cells : list of list of str
        Per column, the plain text of its header and of every cell (what is measured; a cell's
        lines, split at LF, each measured alone).
    """
    from rich.measure import Measurement

    _, right, _, left = table.padding
    natural = [max((len(part) for cell in column for part in cell.split("\n")), default=1) for column in cells]
    least = [max((len(word) for cell in column for word in cell.split()), default=1) for column in cells]
    room = out.width - table._extra_width - (left + right) * len(cells)  # for the cells themselves
    one_line = not out.is_terminal or sum(least) > room
    widths = None if one_line or sum(natural) <= room else column_widths(natural, least, room)
    for index, column in enumerate(table.columns):
        column.overflow = "fold"
        column.no_wrap = one_line
        column.width = widths[index] if widths else None
    if not one_line:
        out.print(table)
        return
    width = Measurement.get(out, out.options.update(width=1_000_000), table).maximum
    wanted = max(width, out.width)
    if wanted == out.width:
        out.print(table)
        return
    # the same console (a recording one records it), as wide as the table; its own width setting put
    # back after (None: it follows COLUMNS and the terminal again)
    before = out._width
    out.width = wanted
    try:
        out.print(table)
    finally:
        out._width = before


def column_widths(natural: list[int], least: list[int], room: int) -> list[int]:
    """Widths of the columns in ``room`` characters: each its longest word, the rest shared out in
    proportion to how much more each column's longest cell needs (never more than that).

    Examples
    --------
    >>> column_widths([10, 30], [4, 6], 20)
    [6, 14]
    """
    widths = list(least)
    spare = room - sum(least)
    wants = [n - w for n, w in zip(natural, widths)]
    total = sum(wants)
    if total <= 0:
        return widths
    for index, want in enumerate(wants):
        widths[index] += min(want, spare * want // total)
    leftover = room - sum(widths)
    for index in sorted(range(len(widths)), key=lambda i: natural[i] - widths[i], reverse=True):
        if leftover <= 0:
            break
        extra = min(leftover, natural[index] - widths[index])
        widths[index] += extra
        leftover -= extra
    return widths
