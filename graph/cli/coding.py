"""``suggest`` and ``annotate``: code a new source text."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONTEXT_SETTINGS, console, data_dir_argument, err_console, handle_errors

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("text_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@data_dir_argument
@click.option("--document", "document", required=True, metavar="ID",
              help="Id of the document the text is (new, or one of the dataset's).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Seed file to write (atomically); standard output when omitted.")
@click.option("--min-score", type=click.FloatRange(min=0), default=None,
              help="Least concept score of a suggested sentence (default 0.5: one concept label, alias "
                   "or distinctive key term).")
@handle_errors
def suggest(text_file: Path, data_dir: Path | None, document: str, output: Path | None,
            min_score: float | None) -> None:
    """Suggest candidate statements for a new source text, as a seed file to review.

    \b
    stancegraph suggest new-text.txt my-seeds/ --document herald-2020-03-01 \\
        -o my-seeds/statements-herald-2020-03-01.yaml

    Each sentence that mentions a known concept becomes a statement with the quote
    exactly as in the text, the best speaker/organisation/concept guesses and a note
    saying why; `stance:` is left empty, so `stancegraph check` reports every
    suggestion until it is reviewed. Passages already coded are not suggested.
    """
    import sys

    from ..atomic import atomic_write
    from ..curation.files import suggest_file
    from ..curation.suggest import MIN_SCORE

    result, text = suggest_file(text_file, data_dir, document, MIN_SCORE if min_score is None else min_score)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write(output, text)
    err_console().print(
        f"{len(result.suggestions)} statements suggested from {len(result.sentences)} sentences "
        f"({len(result.already_coded)} already coded, {len(result.new_actors)} possible new actors)"
        + (f"; wrote {output}" if output is not None else ""))


COMMANDS = [suggest]
