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
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[count]}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
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
