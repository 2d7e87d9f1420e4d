"""Shared pieces of the CLI: consoles, error handling, common options."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

__all__ = [
    "CONTEXT_SETTINGS", "EXIT_OK", "EXIT_INVALID", "EXIT_CANNOT_RUN",
    "console", "err_console", "handle_errors", "data_dir_argument", "corpus_option", "store_option",
]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_OK, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2


@functools.cache
def console():
    """The rich console for results (stdout)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@functools.cache
def err_console():
    """The rich console for errors and progress (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_problems(problems) -> None:
    """One line per problem on stderr, then a count."""
    from rich.markup import escape

    err = err_console()
    for problem in problems:
        err.print(f"[red]error[/red]: {escape(str(problem))}")
    count = len(problems)
    err.print(f"[bold red]{count} problem{'s' if count != 1 else ''} found[/bold red]")


def handle_errors(func):
    """Turn library exceptions into one-line messages and exit codes (1 data, 2 cannot run)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from rich.markup import escape

        from ..errors import DataError, StanceGraphError

        try:
            return func(*args, **kwargs)
        except DataError as exc:
            print_problems(exc.problems)
            sys.exit(EXIT_INVALID)
        except StanceGraphError as exc:
            err_console().print(f"[red]Error[/red]: {escape(str(exc))}")
            sys.exit(EXIT_CANNOT_RUN)
        except OSError as exc:
            err_console().print(f"[red]Error[/red]: {escape(str(exc))}")
            sys.exit(EXIT_CANNOT_RUN)

    return wrapper


def data_dir_argument(func):
    """The optional DATA_DIR argument (default: the embedded dataset)."""
    return click.argument(
        "data_dir", required=False, type=click.Path(path_type=Path, file_okay=False),
    )(func)


def corpus_option(func):
    """``--corpus DIR``: folder of source texts for quote verification."""
    return click.option(
        "--corpus", type=click.Path(path_type=Path, file_okay=False),
        help="Folder of source texts: verify every quote and record its offsets.",
    )(func)


def store_option(func):
    """``--store memory|oxigraph:PATH|sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]``.

    The value is checked here (a bad one is a usage error naming the accepted forms)
    and passed on as a :class:`stancegraph.graph.stores.store.StoreSpec`, or None for the
    default (an in-memory Oxigraph store; ``memory`` is rdflib's Memory store).
    """

    def convert(_ctx, _param, value):
        if value is None:
            return None
        from ..errors import UsageError
        from ..stores.store import parse_store

        try:
            spec = parse_store(value)
        except UsageError as exc:
            raise click.BadParameter(str(exc)) from None
        return spec

    return click.option(
        "--store", metavar="STORE", callback=convert,
        help="Where the graph lives: in memory in Oxigraph (the default), memory (rdflib's store: slow past "
             "~10,000 statements), oxigraph:PATH (on disk: query it later without rebuilding) or "
             "sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]] (a SPARQL 1.1 server; credentials from "
             "STANCEGRAPH_STORE_USER / STANCEGRAPH_STORE_PASSWORD).",
    )(func)


class OneLineBadParameter(click.BadParameter):
    """A bad option value shown as one line (no usage block): ``Error: --level: 'x' is not one of: …``."""

    def show(self, file=None) -> None:
        click.echo(f"Error: {self.format_message()}", file=file or click.get_text_stream("stderr"), err=True)


class AbbreviatingChoice(click.Choice):
    """A :class:`click.Choice` that takes any unambiguous prefix of a choice (``--level org``).

    A value that is no choice and no unique prefix is one line naming the choices
    (an ambiguous prefix: the choices it could mean).

    >>> AbbreviatingChoice(("person", "organisation")).convert("org", None, None)
    'organisation'
    """

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return super().convert(value, param, ctx)
        fold = (lambda text: text) if self.case_sensitive else str.casefold
        wanted = fold(value)
        for choice in self.choices:
            if fold(str(choice)) == wanted:
                return choice
        starts = [choice for choice in self.choices if wanted and fold(str(choice)).startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            raise OneLineBadParameter(f"{value!r} could mean {', '.join(map(str, starts))}", ctx=ctx, param=param)
        raise OneLineBadParameter(f"{value!r} is not one of: {', '.join(map(str, self.choices))}", ctx=ctx,
                                  param=param)


def abbreviate_choices(group: click.Group) -> click.Group:
    """Make every plain :class:`click.Choice` option of ``group``'s commands an :class:`AbbreviatingChoice`."""
    for command in group.commands.values():
        for param in command.params:
            if type(param.type) is click.Choice:
                param.type = AbbreviatingChoice(param.type.choices, case_sensitive=param.type.case_sensitive)
    return group
