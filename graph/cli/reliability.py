"""``agreement``: inter-coder reliability of two or more codings of the same texts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (
    CONTEXT_SETTINGS, EXIT_INVALID, OutputFile, console, err_console, handle_errors, is_quiet, note, output_format,
)
from .numbers import COUNT_MAX, SEED, BoundedInt, FiniteFloat
from .progress import quiet_option
from .text import line

FORMATS = ("table", "csv", "json")
ENDINGS = {".txt": "table", ".csv": "csv", ".json": "json"}
SHOW = ("all", "figures", "disagreements")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("codings", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--data", "data_option", metavar="DIR", type=click.Path(path_type=Path, file_okay=False),
              help="The first coding (a seed folder), as every command that reads seeds takes --data; "
                   "the CODING folders follow it.")
@click.option("--corpus", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder of the source texts (every quote is located in its text).")
@click.option("--concept-depth", type=BoundedInt(0, COUNT_MAX), default=1, show_default=True,
              help="Also compare concepts rolled up along `broader` to this depth (0 = top concepts).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="table (the default): figures and disagreements; csv: one table (see --show); json: everything. "
                   "With -o the file's ending names it (.txt, .csv, .json).")
@click.option("--show", type=click.Choice(SHOW), default=None,
              help="What to write: figures, disagreements or all (default: all; for csv: disagreements).")
@click.option("-o", "--output", type=OutputFile(ENDINGS, "an agreement report"),
              help="File to write (atomically); standard output when omitted.")
@click.option("--min-alpha", type=FiniteFloat(-1, 1), default=None,
              help="Exit 1 when an overall α (uα or any code's α) is below this value, for CI.")
@click.option("--bootstrap", type=BoundedInt(0, 100_000), default=2000, show_default=True,
              help="Bootstrap replicates for the 95%% intervals of α (0: none).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of the bootstrap.")
@quiet_option
@handle_errors
def agreement(codings: tuple[Path, ...], data_option: Path | None, corpus: Path, concept_depth: int,
              fmt: str | None, show: str | None, output: Path | None, min_alpha: float | None, bootstrap: int,
              seed: int, quiet: bool) -> None:
    """Inter-coder reliability of CODING folders (seed folders coding the same texts).

    Unitizing: Krippendorff's uα of the passages coded as statements. Coding:
    Krippendorff's α of speaker, organisation, concept (as coded and rolled up),
    stance (nominal and ordinal), attribution and date over the statements the
    alignment pairs, per text and overall, with bootstrapped 95% intervals.
    Then every disagreement: statements coded by only some coders, and paired
    statements whose codes differ, with file, line and quote.

    \b
    stancegraph agreement seeds codings/second-coder --corpus ../shared/corpus
    stancegraph agreement seeds other --corpus ../shared/corpus --format csv -o disagreements.csv
    stancegraph agreement seeds other --corpus ../shared/corpus --min-alpha 0.8   # for CI
    stancegraph agreement --data seeds other --corpus ../shared/corpus   # the same as seeds other

    Exit status: 0 it ran (the figures are data, not a verdict), 1 invalid input
    (or an α below --min-alpha), 2 could not run.
    """
    from ..errors import UsageError
    from ..reliability.report import agreement as run_agreement

    if data_option is not None:
        codings = (data_option, *codings)
    if not codings:
        raise click.UsageError("Missing argument 'CODINGS...': give two or more coding folders (or --data DIR "
                               "and the others)")
    fmt = output_format(output, fmt, ENDINGS, default="table")
    if show is None:
        show = "disagreements" if fmt == "csv" else "all"
    if fmt == "csv" and show == "all":
        raise UsageError("--format csv writes one table: choose --show figures or --show disagreements")
    err = err_console()
    shown = err.is_terminal and not is_quiet()  # progress only on a terminal, as every command's
    report = run_agreement(codings, corpus, concept_depth, bootstrap, seed,
                           progress=(lambda message: err.print(line((message, "dim")))) if shown else None)
    if fmt == "table":
        _print_tables(report, show, output)
    else:
        _write(report, fmt, show, output)
    if min_alpha is not None:
        below = report.below(min_alpha)
        if below:
            for item in below:
                err.print(line(("error", "red"), f": overall α below {min_alpha}: {item}"))
            sys.exit(EXIT_INVALID)


def _write(report, fmt: str, show: str, output: Path | None) -> None:
    import csv
    import io
    import json

    from ..atomic import atomic_write
    from ..reliability.tables import (
        DISAGREEMENT_COLUMNS, FIGURE_COLUMNS, disagreement_rows, figure_rows, report_dict,
    )

    if fmt == "json":
        data = report_dict(report)
        if show == "figures":
            data.pop("disagreements")
        elif show == "disagreements":
            data = {"disagreements": data["disagreements"]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        columns, rows = ((FIGURE_COLUMNS, figure_rows(report)) if show == "figures"
                         else (DISAGREEMENT_COLUMNS, disagreement_rows(report)))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text)
        note(line(f"wrote {output.resolve()}"))


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _print_tables(report, show: str, output: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..atomic import atomic_write
    from ..reliability.tables import figure_rows
    from .tables import print_table
    from .text import inline, line

    if output is not None:
        import io

        out = Console(record=True, width=160, file=io.StringIO(), highlight=False, soft_wrap=True)
    else:
        out = console()
    from ..wording import counted

    if show in ("all", "figures"):
        scopes = [report.overall, *report.documents]
        out.print(line(("Coders", "bold"), f": {inline(', '.join(report.coders))}; concept depth "
                       f"{report.concept_depth}; bootstrap {counted(report.bootstrap, 'replicate')} "
                       f"(seed {report.seed}), 95% intervals"))
        for scope in scopes:
            counts = ", ".join(f"{c} {n}" for c, n in scope.statements.items())
            out.print(line("\n", (inline(scope.scope), "bold"), inline(f": statements {counts}; aligned units "
                                                                         f"{scope.aligned}, coded by all {scope.matched}")))
            table = Table(show_edge=False, pad_edge=False)
            headers = ("measure", "α", "95% interval", "units", "pairable values", "coders")
            for column in headers:
                table.add_column(column, justify="left" if column == "measure" else "right")
            cells: list[list[str]] = [[column] for column in headers]
            for row in figure_rows(report):
                if row["scope"] != scope.scope:
                    continue
                interval = "" if row["ci_low"] is None else f"{row['ci_low']:.3f}–{row['ci_high']:.3f}"
                pairable = counted(row["pairable"], "char") if row["measure"] == "unitizing" else str(row["pairable"])
                values = (row["measure"], _fmt(row["alpha"]), interval, str(row["units"]), pairable,
                          str(row["coders"]))
                table.add_row(*(line(value) for value in values))
                for column, value in zip(cells, values):
                    column.append(value)
            print_table(out, table, cells)  # labels wrap, figures are never cut
    if show in ("all", "disagreements"):
        out.print(f"\n[bold]Disagreements[/bold]: {len(report.disagreements):,}")
        for n, item in enumerate(report.disagreements, 1):
            what = "coded by " + ", ".join(c for c, u in item.units.items() if u is not None) + " only" \
                if item.kind == "unitizing" else "differ on " + ", ".join(item.fields)
            out.print(line("\n", (str(n), "bold"), inline(f". {item.document}: {what}")))
            for coder, unit in item.units.items():
                if unit is None:
                    out.print(line(f"   {inline(coder)}: —"))
                    continue
                codes = unit.codes
                actor = " / ".join(x for x in (codes["speaker"], codes["organisation"]) if x != "(none)")
                out.print(line(inline(f"   {coder}: {unit.file or ''}:{unit.line} {unit.statement}: "
                                      f"{actor} {codes['stance']} {codes['concept']} "
                                      f"({codes['attribution']}, {codes['date']})")))
                out.print(line(f"      “{inline(unit.quote)}”"))
    if output is not None:
        atomic_write(output, out.export_text())
        note(line(f"wrote {output.resolve()}"))
COMMANDS = [agreement]
