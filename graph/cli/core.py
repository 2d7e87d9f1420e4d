"""``check``, ``build`` and ``export``: validate, build and serialise the graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (
    CONTEXT_SETTINGS, EXIT_INVALID, RDF_ENDINGS, OutputFile, OutputFolder, console, corpus_option,
    data_dir_argument, handle_errors, note, output_format, print_problems, store_option,
)
from .progress import progress_display, quiet_option
from .interop import ExportCommand
from .text import line

RDF_FORMAT_NAMES = ("turtle", "ntriples", "jsonld", "trig", "rdfxml")


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL validation of the built graph.")
@quiet_option
@handle_errors
def check(data_dir: Path | None, corpus: Path | None, no_shacl: bool, quiet: bool) -> None:
    """Validate seed files: models, references, dates, quotes (with --corpus) and SHACL.

    Exit status: 0 valid, 1 invalid data (one line per problem), 2 could not run.
    """
    from contextlib import nullcontext

    from ..gcpause import gc_paused

    # without SHACL nothing made here is garbage before the process ends; with the collector back on
    # after the loader's pause, the next allocations walked every record just loaded, and the triple
    # count's bursts walked them again (100k statements: 1.1 s of 8.3 s CPU)
    with gc_paused() if no_shacl else nullcontext():
        _check(data_dir, corpus, no_shacl, quiet)


def _check(data_dir: Path | None, corpus: Path | None, no_shacl: bool, quiet: bool) -> None:
    from ..pipeline import check as run_check

    with progress_display(quiet) as progress:
        report = run_check(data_dir, corpus, shacl=not no_shacl, progress=progress)
    if report.problems:
        print_problems(report.problems)
        sys.exit(EXIT_INVALID)
    from ..wording import counted, record_counts

    parts = record_counts(report.load.dataset.counts())
    quotes = f"; {counted(len(report.load.dataset.quote_matches), 'quote')} verified" if corpus else ""
    shacl = "" if no_shacl else "; SHACL conforms"
    console().print(f"[green]ok[/green]: {parts}; {counted(report.triples, 'triple')}{quotes}{shacl}")
    if corpus is None:
        _note_unverified(data_dir, "check")


def _note_unverified(data_dir: Path | None, command: str) -> None:
    """Say once that quotes were read but not checked against their source texts, and how to check them
    (the same command again, with ``--corpus``)."""
    import shlex

    where = f" {shlex.quote(str(data_dir))}" if data_dir is not None else ""
    note(f"note: quotes were not verified against their sources (no --corpus); to verify them: "
         f"stancegraph {command}{where} --corpus DIR")


def _note_leftovers(out_dir: Path, written) -> None:
    """Name the build outputs in ``out_dir`` this build did not write (an earlier build's, e.g. with other
    --format values): they are left as they are, and may hold another dataset."""
    from ..pipeline import HTML_VIEW_NAME, OUTPUT_STEM

    names = {Path(path).name for path in written}
    others = sorted(entry.name for entry in out_dir.glob(f"{OUTPUT_STEM}.*")
                    if entry.is_file() and entry.name not in names)
    if (out_dir / HTML_VIEW_NAME).is_file() and HTML_VIEW_NAME not in names:
        others.append(HTML_VIEW_NAME)
    if others:
        from .text import line

        note(line(f"note: {out_dir} also holds {', '.join(sorted(others))}, not written by this build (left as "
                  f"{'it is' if len(others) == 1 else 'they are'}; an earlier build's, maybe of other data)"))


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@click.option("-o", "--out", "out_dir", type=OutputFolder(), default=Path("out"),
              show_default=True, help="Output folder (made when missing).")
@click.option("--format", "formats", multiple=True, type=click.Choice(RDF_FORMAT_NAMES), default=("turtle",),
              show_default=True, help="Graph serialisations to write (repeatable).")
@store_option
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL validation (for very large datasets).")
@click.option("--no-html", is_flag=True, help="Skip the HTML network view (for very large datasets).")
@quiet_option
@handle_errors
def build(data_dir: Path | None, corpus: Path | None, out_dir: Path, formats: tuple[str, ...], store,
          no_shacl: bool, no_html: bool, quiet: bool) -> None:
    """Check the data, build the graph and write Turtle (and the HTML view) to --out.

    The files are written by Oxigraph's streaming writers straight from the
    mapping (no store is held; JSON-LD goes through an in-memory Oxigraph store),
    the same bytes with any --store.
    The files of one build are written together or not at all (a failed build
    leaves the previous ones). With --store the graph also goes into that store
    (replacing the dataset's graph there), e.g. --store oxigraph:graph.db to
    query it later without rebuilding.
    """
    from ..pipeline import build as run_build
    from ..rdf.export import RdfFormat

    with progress_display(quiet) as progress:
        result = run_build(data_dir, out_dir, corpus, tuple(RdfFormat(f) for f in formats), store=store,
                           shacl=not no_shacl, html=not no_html, progress=progress)
    from ..wording import counted, record_counts

    from .text import inline, line

    out = console()
    out.print(line(("built", "green"), f" {inline(result.dataset.info.title)} "
                                      f"(version {inline(result.dataset.info.version)})"))
    out.print(f"  {record_counts(result.dataset.counts())}; {counted(result.triples, 'triple')}")
    if store is not None:
        out.print(line(f"  stored in {store} as graph <{result.graph.identifier}>"))
    for filename, path in result.outputs.items():
        out.print(line(f"  wrote {path.resolve()}"))
    _note_leftovers(out_dir, result.outputs.values())
    if corpus is None:
        _note_unverified(data_dir, "build")


@click.command(cls=ExportCommand, context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@click.option("--format", "fmt", type=click.Choice(RDF_FORMAT_NAMES),
              help="RDF serialisation (default: from the -o ending: " + ", ".join(RDF_ENDINGS) + "; else turtle).")
@click.option("-o", "--output", type=OutputFile(RDF_ENDINGS, "an RDF graph"),
              help="File to write (atomically); standard output when omitted.")
@store_option
@quiet_option
@handle_errors
def export(data_dir: Path | None, corpus: Path | None, fmt: str | None, output: Path | None, store,
           quiet: bool) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD, TriG or RDF/XML (written by Oxigraph, as build does).

    With --store oxigraph:PATH (or sparql:URL) the graph that 'stancegraph build
    --store' put there is exported instead of one built from seed files: the same
    triples; N-Triples and JSON-LD the same bytes as build's, Turtle, TriG and
    RDF/XML in the store's index order.
    """
    from ..atomic import atomic_write
    from ..pipeline import export as run_export
    from ..rdf.export import RdfFormat

    fmt = output_format(output, fmt, RDF_ENDINGS, default="turtle")
    if store is not None:
        from ..errors import UsageError
        from ..pipeline import export_store
        from .common import refuse_seeds_with_store

        if store.kind.value == "memory":
            raise UsageError("--store memory keeps nothing between commands: export builds from the seed files "
                             "without --store")
        refuse_seeds_with_store(store, data_dir, corpus)
        payload, triples = export_store(store, RdfFormat(fmt))
    else:
        with progress_display(quiet) as progress:
            payload, triples = run_export(data_dir, corpus, RdfFormat(fmt), progress=progress)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        atomic_write(output, payload)
        from ..wording import counted

        note(line(f"wrote {output.resolve()} ({counted(triples, 'triple')})"))


COMMANDS = [check, build, export]
