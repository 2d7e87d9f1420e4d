"""The library's progress callback (:mod:`stancegraph.graph.progress`) as rich's progress display.

Shown on standard error when it is a terminal; nothing at all when it is not (a
pipe, a file, a test's runner) or with ``-q``/``--quiet``. The display is transient:
when the command ends, its result lines stay and the progress lines go.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import click

from .common import err_console, is_quiet, set_quiet

__all__ = ["quiet_option", "progress_display"]

NARROW = 60
"""Below this many columns the display keeps the stage, its percentage and its count only."""


def quiet_option(func):
    """``-q/--quiet``: no progress display and no notes (:func:`.common.note`); results, warnings and errors stay."""
    return click.option("-q", "--quiet", is_flag=True, callback=set_quiet,
                        help="No progress and no notes on standard error (progress shows only on a terminal); "
                             "results, warnings and errors still print.")(func)


@contextmanager
def progress_display(quiet: bool = False) -> Iterator:
    """Yield a progress callback drawing on the terminal, or None when quiet or not a terminal."""
    err = err_console()
    if quiet or is_quiet() or not err.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(*_columns(err.width), console=err, transient=True, expand=True) as bar:
        current: dict = {"stage": None, "task": None}

        def finish() -> None:
            task = current["task"]
            if task is not None:
                done = bar.tasks[-1].completed or 1
                bar.update(task, total=done, completed=done)

        def report(stage: str, done: int | None = None, total: int | None = None) -> None:
            if stage != current["stage"]:
                finish()
                current["stage"] = stage
                current["task"] = bar.add_task(stage, total=total, completed=done or 0, count="")
            else:
                bar.update(current["task"], completed=done or 0, total=total)
            if done:
                bar.update(current["task"], count=f"{done:,}" + (f"/{total:,}" if total else ""))

        yield report
        finish()


def _columns(width: int) -> list:
    """The display's columns: the stage's words give way (cut with "…"); figures are never cut.

    rich shares a short line among its columns and would cut the count (``1…``) as
    readily as the words; the count and the percentage are therefore kept whole, the
    description takes what is left, and below :data:`NARROW` columns the spinner, the
    bar and the clock go.
    """
    from rich.progress import BarColumn, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
    from rich.table import Column

    stage = TextColumn("{task.description}", markup=False,  # a stage names paths and values: never markup
                       table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1))
    figures = [TaskProgressColumn(table_column=Column(no_wrap=True)),
               TextColumn("{task.fields[count]}", table_column=Column(no_wrap=True))]
    if width < NARROW:
        return [stage, *figures]
    return [SpinnerColumn(), stage, BarColumn(bar_width=20), *figures,
            TimeElapsedColumn(table_column=Column(no_wrap=True))]
