"""``format``: keep seed files in canonical layout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT_SETTINGS, EXIT_INVALID, console, data_dir_argument, handle_errors, note, print_problems
from .progress import quiet_option
from .text import line


@click.command("format", context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@click.option("--check", "check_only", is_flag=True,
              help="Only report files that are not canonical (exit 1); change nothing.")
@quiet_option
@handle_errors
def format_(data_dir: Path | None, check_only: bool, quiet: bool) -> None:
    """Rewrite seed files in canonical YAML layout (comments and quoting kept)."""
    from ..seeds.canonical import NOT_CANONICAL, check_canonical, format_files
    from ..seeds.load import dataset_files
    from ..wording import counted

    root, paths = dataset_files(data_dir)  # as check: a missing folder exits 2, one without seed files 1
    problems = check_canonical(paths, root)
    if check_only:
        if problems:
            print_problems(problems)
            sys.exit(EXIT_INVALID)
        console().print(f"[green]ok[/green]: {counted(len(paths), 'seed file')} in canonical format")
        return
    invalid = [p for p in problems if p.message != NOT_CANONICAL]  # files that cannot be formatted
    if invalid:
        print_problems(invalid)
        sys.exit(EXIT_INVALID)
    changed = format_files(paths)
    for path in changed:
        note(line(f"formatted {path}"))
    console().print(f"{len(changed):,} of {counted(len(paths), 'seed file')} changed")


COMMANDS = [format_]
