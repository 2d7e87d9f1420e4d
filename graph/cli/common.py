"""Shared pieces of the CLI: consoles, error handling, common options."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

__all__ = [
    "CONTEXT_SETTINGS", "EXIT_OK", "EXIT_INVALID", "EXIT_CANNOT_RUN",
    "console", "err_console", "handle_errors", "data_dir_argument", "corpus_option", "store_option",
    "OutputFile", "OutputFolder", "CannotWriteOutput", "output_format", "require_output", "note", "is_quiet", "check_port_free", "OneLineGroup",
    "RDF_ENDINGS", "QUERY_ENDINGS", "set_quiet", "all_commands", "note_text", "given", "option_label",
    "unread_options", "refuse_unread_options", "refuse_seeds_with_store", "refuse_option_values",
]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_OK, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2


@functools.cache
def _console_class():
    from rich.console import Console

    class PipeConsole(Console):
        """rich's Console, leaving a closed pipe to :class:`OneLineGroup` (rich's own exits with 1)."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(32, "Broken pipe")

    return PipeConsole


@functools.cache
def console():
    """The rich console for results (stdout)."""
    return _console_class()(highlight=False, soft_wrap=True)


@functools.cache
def err_console():
    """The rich console for errors and progress (stderr)."""
    return _console_class()(stderr=True, highlight=False, soft_wrap=True)


def print_problems(problems) -> None:
    """One line per problem on stderr, then a count."""
    from .text import line

    err = err_console()
    for problem in problems:
        err.print(line(("error", "red"), f": {problem}"))
    from ..wording import counted

    err.print(f"[bold red]{counted(len(problems), 'problem')} found[/bold red]")


def _print_error(exc: BaseException) -> None:
    """``Error: …`` on stderr (rich imported here, not before every command: ~8 ms of a short ``query``)."""
    from .text import line

    err_console().print(line(("Error", "red"), f": {exc}"))


def refuse_option_values(refused: dict[str, str]) -> None:
    """``Error: Invalid value for '--OPTION': MESSAGE`` per option, as click words a bad value; exit 2.

    For values only the library can judge (a ``--size`` the data's concepts bound, a stub
    field ``check`` would refuse): ``refused`` maps each option to its message.
    """
    from .text import inline, line

    for option, message in refused.items():
        err_console().print(line(f"Error: Invalid value for '{option}': {inline(message)}"))
    sys.exit(EXIT_CANNOT_RUN)


def handle_errors(func):
    """Turn library exceptions into one-line messages and exit codes (1 data, 2 cannot run)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from ..errors import DataError, StanceGraphError

        try:
            return func(*args, **kwargs)
        except DataError as exc:
            print_problems(exc.problems)
            sys.exit(EXIT_INVALID)
        except StanceGraphError as exc:
            _print_error(exc)
            sys.exit(EXIT_CANNOT_RUN)
        except BrokenPipeError:
            raise  # a reader that stopped reading (| head): OneLineGroup.main ends quietly, exit 0
        except OSError as exc:
            _print_error(exc)
            sys.exit(EXIT_CANNOT_RUN)

    return wrapper


DATA_OPTION_HELP = ("The seed folder, the same as DATA_DIR (every command that reads seeds takes --data; "
                    "query only --data).")


def data_dir_argument(func):
    """The optional DATA_DIR argument (default: the embedded dataset), also accepted as ``--data DIR``.

    ``query`` cannot take a positional folder (its QUERY is a name or SPARQL text), so
    ``--data`` is the one spelling every command accepts. Both at once must agree.
    """

    @functools.wraps(func)
    def wrapper(*args, data_option=None, **kwargs):
        if data_option is not None:
            given = kwargs.get("data_dir")
            if given is not None and given != data_option:
                raise click.UsageError(f"two data folders: DATA_DIR {given} and --data {data_option} (give one)")
            kwargs["data_dir"] = data_option
        return func(*args, **kwargs)

    wrapper = click.option("--data", "data_option", metavar="DIR", help=DATA_OPTION_HELP,
                           type=click.Path(path_type=Path, file_okay=False))(wrapper)
    return click.argument(
        "data_dir", required=False, type=click.Path(path_type=Path, file_okay=False),
    )(wrapper)


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


def all_commands(group: click.Group):
    """Every command under ``group``: sub-groups' commands and ``export dna`` included, as ``(name, command)``."""
    for name, command in group.commands.items():
        yield name, command
        if isinstance(command, click.Group):
            for sub, inner in all_commands(command):
                yield f"{name} {sub}", inner
        for sub, inner in getattr(command, "formats", {}).items():  # export dna (ExportCommand)
            yield f"{name} {sub}", inner


def abbreviate_choices(group: click.Group) -> click.Group:
    """Make every plain :class:`click.Choice` option of ``group``'s commands an :class:`AbbreviatingChoice`."""
    for _name, command in all_commands(group):
        for param in command.params:
            if type(param.type) is click.Choice:
                param.type = AbbreviatingChoice(param.type.choices, case_sensitive=param.type.case_sensitive)
    return group


def refuse_seeds_with_store(store, data_dir, corpus, folder: str = "DATA_DIR") -> None:
    """Refuse seed options where the dataset is read from ``--store`` (an Oxigraph or SPARQL store).

    ``--store memory`` is built from the seed files, so they are read; any other store holds
    the graph a ``build --store`` put there, and a seed folder or ``--corpus`` beside it
    would be ignored silently. ``folder`` is how the command takes the seed folder.

    Raises
    ------
    UsageError
        Naming the store and the options it makes unread.
    """
    if store is None or store.kind.value == "memory" or (data_dir is None and corpus is None):
        return
    from ..errors import UsageError

    raise UsageError(f"--store {store} reads the dataset from the store; {folder} and --corpus are not read "
                     "(leave them out, or leave out --store)")


# --- one rule for every file a command writes ----------------------------------------------

from ..rdf.endings import RDF_ENDINGS  # noqa: E402 - the one table: export -o, query -o and serve FILE

QUERY_ENDINGS = {".csv": "csv", ".tsv": "tsv", ".srj": "json", ".json": "json", ".srx": "xml", ".xml": "xml",
                 **RDF_ENDINGS}  # a graph answer in TriG: its default graph (cli/query.py)
"""``query -o``'s endings: SPARQL results formats (SELECT, ASK) and RDF syntaxes (CONSTRUCT, DESCRIBE)."""


def _ending_of(name: str, endings) -> str | None:
    """The longest of ``endings`` that ``name`` ends with (case-insensitive), or None."""
    lowered = name.lower()
    matches = [ending for ending in endings if lowered.endswith(ending) and len(lowered) > len(ending)]
    return max(matches, key=len) if matches else None


class CannotWriteOutput(click.UsageError):
    """An output path that cannot be written, found when the command line is read: one line
    ``Error: cannot write PATH: REASON``, exit 2 (see :func:`stancegraph.graph.atomic.write_problem`)."""

    def __init__(self, path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")


class OutputFile(click.Path):
    """A ``-o`` file: its ending must be one of ``endings`` and it must be writable.

    Checked when the command line is read, before any work: an unknown ending is one
    line listing the known ones; a missing folder, a file where a folder should be, a
    folder that takes no new file and a target that is a folder are one line each,
    ``Error: cannot write PATH: REASON`` (nothing is created; ``build --out DIR`` is
    the one command that makes its folder). The same mechanism words a failure
    while writing (:class:`stancegraph.graph.atomic.CannotWrite`).
    ``endings`` maps each ending (``.matrix.csv`` longer than ``.csv`` wins) to the
    format it means; :func:`output_format` reads it back.
    """

    def __init__(self, endings, what: str) -> None:
        super().__init__(path_type=Path)
        self.endings = dict(endings)
        self.what = what

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        if _ending_of(path.name, self.endings) is None:
            self.fail(f"unknown ending of {path.name!r} for {self.what} (known: {', '.join(self.endings)})",
                      param, ctx)
        from ..atomic import write_problem

        problem = write_problem(path)
        if problem is not None:
            raise CannotWriteOutput(path, problem)
        return path


class OutputFolder(click.Path):
    """An output folder (``build --out``, ``import dna``'s OUT_DIR): writable, checked before any work.

    It may be missing (the command makes it); then its nearest existing ancestor must be
    a folder that takes new entries. Anything else is one line ``Error: cannot write
    PATH: REASON``, exit 2, as for :class:`OutputFile`.
    """

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        from ..atomic import write_problem

        problem = write_problem(path, folder=True)
        if problem is not None:
            raise CannotWriteOutput(path, problem)
        return path


def output_format(output: Path | None, fmt: str | None, endings, default: str | None = None) -> str | None:
    """The format of a command's output: from the ``-o`` ending, or ``--format``, or ``default``.

    A ``--format`` the ending contradicts is refused (:class:`~stancegraph.graph.errors.UsageError`)
    rather than writing one format under another's name.
    """
    if output is None:
        return fmt or default
    ending = _ending_of(output.name, endings)
    if ending is None:  # OutputFile refused it already; a caller without it gets the same line
        from ..errors import UsageError

        raise UsageError(f"unknown ending of {output.name!r} (known: {', '.join(endings)})")
    implied = endings[ending]
    if fmt is not None and fmt != implied:
        from ..errors import UsageError

        raise UsageError(f"--format {fmt} does not match the ending of {output.name!r} ({ending} is {implied}): "
                         "change one, or leave out --format")
    return implied


def require_output(output: Path | None, fmt: str | None) -> None:
    """Refuse ``--format`` without ``-o`` where the command writes a file only with ``-o``."""
    if fmt is not None and output is None:
        from ..errors import UsageError

        raise UsageError(f"--format {fmt} writes a file: give -o FILE (its ending can name the format)")


# --- options a mode does not read ------------------------------------------------------------

def given(ctx: click.Context, name: str) -> bool:
    """Whether the parameter ``name`` was given (command line or environment), not left at its default."""
    from click.core import ParameterSource

    return ctx.get_parameter_source(name) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT,
                                              ParameterSource.PROMPT)


def option_label(ctx: click.Context, name: str) -> str:
    """How the user writes parameter ``name``: its first long option (``--size``), or its metavar."""
    for param in ctx.command.params:
        if param.name == name:
            longs = [opt for opt in param.opts if opt.startswith("--")]
            return longs[0] if longs else (param.opts[0] if param.opts else name.upper())
    return name  # pragma: no cover - the tables name the command's own parameters (tests check)


def unread_options(ctx: click.Context, mode: str, where: str, reads) -> list[str]:
    """The options given that ``mode`` does not read, each as one phrase naming both.

    Parameters
    ----------
    ctx : click.Context
        The running command's context (which options were given, and how they are written).
    mode : str
        The chosen mode (a ``--method``, ``--algorithm``, ``--type`` value, plot's KIND …).
    where : str
        How the phrase names the mode, after "does not apply": ``to --method penalty``,
        ``to plot barplot``, ``without --window``.
    reads : mapping of parameter name to the modes that read it
        A parameter absent from ``reads`` is read by every mode.

    Returns
    -------
    list of str
        ``['--size does not apply to --method penalty']``, in the order of ``reads``.
    """
    return [f"{option_label(ctx, name)} does not apply {where}" for name, modes in reads.items()
            if mode not in modes and given(ctx, name)]


def refuse_unread_options(ctx: click.Context, *checks) -> None:
    """Raise one usage error listing every option given that its mode does not read.

    ``checks`` are ``(mode, where, reads)`` triples for :func:`unread_options` (a command
    with several mode switches, such as ``network --type`` and ``--window``, passes one
    triple per switch). Options are refused rather than silently ignored, so a command
    line does what it says.
    """
    problems = [problem for mode, where, reads in checks for problem in unread_options(ctx, mode, where, reads)]
    if problems:
        from ..errors import UsageError

        raise UsageError("; ".join(problems))


# --- chatter: -q/--quiet --------------------------------------------------------------------

_QUIET_KEY = "stancegraph.quiet"


def is_quiet() -> bool:
    """Whether the running command was given ``-q/--quiet``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get(_QUIET_KEY))


def set_quiet(ctx: click.Context, _param, value: bool) -> bool:
    """The ``-q`` option's callback: remember it for :func:`note` and the progress display."""
    if value:
        ctx.find_root().meta[_QUIET_KEY] = True
    return value


def note(message: str) -> None:
    """A line of chatter on standard error (``wrote …``, hints), left out with ``-q``.

    Results go to standard output and warnings and errors always print.
    """
    if not is_quiet():
        err_console().print(message, soft_wrap=True)


def note_text(message: str) -> None:
    """:func:`note` for plain text (no markup): written as it is, with ``click.echo``.

    ``wrote FILE`` is the one line a ``query … -o FILE`` prints, and importing rich for
    it was ~12 ms of CPU of that process; a path holding ``[red]`` is written as it is.
    """
    if not is_quiet():
        click.echo(message, err=True)


# --- servers ----------------------------------------------------------------------------------

def check_port_free(host: str, port: int) -> None:
    """Refuse a port another program listens on, before any banner (one line, exit 2).

    Binds a socket to ``(host, port)`` as uvicorn will (``SO_REUSEADDR``) and closes it.
    """
    import socket

    from ..errors import UsageError

    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"cannot listen on {host}: {exc.strerror}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except PermissionError:
            raise UsageError(f"port {port} on {host} needs more privileges: pick another with --port") from None
        except OSError as exc:
            import errno

            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} on {host} is in use: pick another with --port") from None
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


# --- the group: usage errors in one line, a closed pipe ends quietly --------------------------

class OneLineGroup(click.Group):
    """The top-level group: every click usage error is one line, ``Error: …``, exit 2.

    Click prints a usage block, a hint and a blank line before its message; here an
    unknown option, a bad number, a value out of range, a missing option or argument
    and a path that fails its check are each the message alone (the usage is one
    ``--help`` away). A reader that stops reading (``stancegraph … | head``) ends the
    command quietly with exit 0, as the Python documentation advises for SIGPIPE:
    standard output is pointed at ``os.devnull`` so that the final flush cannot fail.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # a bare group: its help, as click shows it
            exc.show()
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            message = " ".join(exc.format_message().split("\n"))
            click.echo(f"Error: {message}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:  # Ctrl-C: the shell's code for SIGINT, not 1 (invalid data)
            click.echo("Aborted!", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx):
        # here, not in main: click's main turns EPIPE into exit 1 even outside standalone mode
        import errno

        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            _silence_stdout()
            raise click.exceptions.Exit(EXIT_OK) from None


def _silence_stdout() -> None:
    """Point standard output at ``os.devnull`` (when it is a real file) so the exit flush cannot fail."""
    import os

    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
