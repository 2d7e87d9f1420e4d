"""``suggest`` and ``annotate``: code a new source text."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    CONTEXT_SETTINGS, OutputFile, check_port_free, data_dir_argument, err_console, handle_errors, note,
    refuse_option_values,
)
from .numbers import BoundedInt, FiniteFloat
from .progress import quiet_option
from .text import inline, line

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("text_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@data_dir_argument
@click.option("--document", "document", required=True, metavar="ID",
              help="Id of the document the text is (new, or one of the dataset's).")
@click.option("-o", "--output", type=OutputFile({".yaml": "yaml", ".yml": "yaml"}, "a seed file"),
              help="Seed file to write (atomically); standard output when omitted.")
@click.option("--min-score", type=FiniteFloat(0, 1e6), default=None,
              help="Least concept score of a suggested sentence (default 0.5: one concept label, alias "
                   "or distinctive key term).")
@click.option("--force", is_flag=True, help="Overwrite FILE when it exists (it may hold reviewed statements).")
@click.option("--title", help="Title of a new document (default: the text's first line).")
@click.option("--kind", type=click.Choice(["news", "letters", "blog", "report", "speech", "interview",
                                           "press-release", "other"]), help="Kind of a new document.")
@click.option("--date", "date", metavar="DATE", help="Date of a new document: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--publisher", metavar="ID", help="Organisation id of a new document's publisher.")
@quiet_option
@handle_errors
def suggest(text_file: Path, data_dir: Path | None, document: str, output: Path | None,
            min_score: float | None, force: bool, title: str | None, kind: str | None, date: str | None,
            publisher: str | None, quiet: bool) -> None:
    """Suggest candidate statements for a new source text, as a seed file to review.

    \b
    stancegraph suggest new-text.txt my-seeds/ --document herald-2020-03-01 \\
        --kind news --date 2020-03-01 -o my-seeds/statements-herald-2020-03-01.yaml

    Each sentence that mentions a known concept becomes a statement with the quote
    exactly as in the text, the best speaker/organisation/concept guesses and a note
    saying why; `stance:` is left empty, so `stancegraph check` reports every
    suggestion until it is reviewed. Passages already coded are not suggested.
    A new document gets a stub (--title, --kind, --date, --publisher fill it in).
    """
    import sys

    from ..atomic import atomic_write
    from ..curation.files import StubError, suggest_file
    from ..curation.suggest import MIN_SCORE
    from ..wording import counted

    if output is not None and output.exists() and not force:
        from ..errors import UsageError

        raise UsageError(f"{output} exists (it may hold reviewed statements): write to another file, "
                         "or add --force to overwrite it")
    stub = {"title": title, "kind": kind, "date": date, "publisher": publisher}
    try:
        result, text = suggest_file(text_file, data_dir, document, MIN_SCORE if min_score is None else min_score,
                                    stub)
    except StubError as exc:  # a value check would refuse: a usage error on its option, as click words one
        refuse_option_values(exc.refused)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write(output, text)
    if result.new_document and not (kind and date):
        note(line(("note", "yellow"), f": the new document '{inline(document)}' has no "
                  + " and no ".join(n for n, v in (("kind", kind), ("date", date)) if not v)
                  + " yet: fill them in (the coding page's \"Document record\", or --kind and --date) "
                    "before its statements can be saved"))
    note(line(
        f"{counted(len(result.suggestions), 'statement')} suggested from {counted(len(result.sentences), 'sentence')} "
        f"({len(result.already_coded):,} already coded, {counted(len(result.new_actors), 'possible new actor')})"
        + (f"; wrote {output.resolve()}" if output is not None else "")))


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@click.option("--corpus", required=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Folder of the source texts (each document's corpus_file).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else exposes the page).")
@click.option("--port", type=BoundedInt(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--no-shacl", is_flag=True, help="Validate saves without the SHACL shapes (faster on large data).")
@quiet_option
@handle_errors
def annotate(data_dir: Path | None, corpus: Path, host: str, port: int, no_shacl: bool, quiet: bool) -> None:
    """A local coding page: select a passage, fill in the statement, save to the seed files.

    \b
    stancegraph annotate my-seeds/ --corpus texts/        # then open http://127.0.0.1:8001/

    Every save is validated as `stancegraph check --corpus` validates (nothing is
    written when it finds a new problem), written with comments and canonical layout
    kept, and refused when the file changed since the page loaded it. Stop with Ctrl-C.
    """
    import uvicorn

    from ..curation.annotate import LOOPBACK_HOSTS, AnnotateSettings, create_app
    from ..errors import UsageError
    from ..seeds.load import default_data_dir

    root = data_dir if data_dir is not None else default_data_dir()
    if not root.is_dir():
        raise UsageError(f"data folder not found: {root}")
    check_port_free(host, port)  # before the banner: one line, exit 2
    hosts = list(LOOPBACK_HOSTS)
    err = err_console()
    if host not in _LOOPBACK:
        err.print(line(("warning", "yellow"), f": listening on {host}: the coding page can write to {root} "
                                              "from other machines that know its token"))
        hosts.append(host)
    app = create_app(AnnotateSettings(root, corpus, shacl=not no_shacl, allowed_hosts=hosts))
    shown = f"[{host}]" if ":" in host else host
    err.print(line(f"coding page for {root} at http://{shown}:{port}/ (texts from {corpus})"))
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = [suggest, annotate]
