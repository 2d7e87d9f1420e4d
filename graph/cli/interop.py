"""``import dna`` and ``export dna``: Discourse Network Analyzer (DNA 3) databases.

``stancegraph export [DATA_DIR] --format …`` (RDF, in :mod:`.core`) stays as it
is; ``stancegraph export dna DATA_DIR -o FILE.dna`` is dispatched here by
:class:`ExportCommand`, which treats a first argument ``dna`` as the format
(a data folder called ``dna`` is written ``./dna``).
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONTEXT_SETTINGS, OutputFile, OutputFolder, console, data_dir_argument, handle_errors, note
from .numbers import FiniteFloat
from .progress import quiet_option
from .text import line

__all__ = ["import_group", "export_dna_command", "ExportCommand", "COMMANDS"]

_OFFSET_UNITS = ("utf-16", "code-point")


def _dataset_id(_ctx, _param, value: str | None) -> str | None:
    """``--dataset-id``: a slug, as a dataset's ``id`` (a usage error on the option, not on a seed file)."""
    import re

    from stancegraph.schema.models import SLUG_PATTERN

    if value is not None and not re.fullmatch(SLUG_PATTERN, value):
        from ..errors import shown

        raise click.BadParameter(f"{shown(value)} is not a slug: lowercase letters and digits in groups joined by "
                                 "single hyphens, e.g. nhs-ownership")
    return value


def _base_iri(_ctx, _param, value: str | None) -> str | None:
    """``--base-iri``: an absolute http(s) IRI, as a dataset's ``base_iri``."""
    if value is None:
        return None
    from pydantic import TypeAdapter, ValidationError

    from stancegraph.schema.iri import HttpIri

    try:
        TypeAdapter(HttpIri).validate_python(value)
    except ValidationError as exc:
        from ..errors import one_line

        raise click.BadParameter(one_line(exc.errors()[0]["msg"].removeprefix("Value error, "))) from None
    return value


@click.group("import", context_settings=CONTEXT_SETTINGS)
def import_group() -> None:
    """Import another tool's data as a new seed folder (DNA 3 databases)."""


@import_group.command("dna", context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("out_dir", type=OutputFolder())
@click.option("--statement-type", default="DNA Statement", show_default=True, help="DNA statement type to import.")
@click.option("--person-var", default="person", show_default=True, help="Short-text variable of the speaker.")
@click.option("--organisation-var", default="organization", show_default=True,
              help="Short-text variable of the organisation.")
@click.option("--concept-var", default="concept", show_default=True, help="Short-text variable of the concept.")
@click.option("--qualifier-var", default="agreement", show_default=True,
              help="Boolean (1 support, 0 oppose) or integer variable of the stance.")
@click.option("--neutral", type=FiniteFloat(-(2**31), 2**31 - 1), default=None,
              help="Integer qualifier value that means 'mixed' (default 0, or the middle of the observed "
                   "values when all are positive).")
@click.option("--offsets", type=click.Choice(_OFFSET_UNITS), default="utf-16", show_default=True,
              help="What Start/Stop count: UTF-16 code units (DNA's editor) or code points (SQL SUBSTRING).")
@click.option("--attribution", type=click.Choice(("reported", "direct")), default="reported", show_default=True,
              help="Attribution of every imported statement (DNA does not record it).")
@click.option("--dataset-id", default=None, callback=_dataset_id, help="Slug of the new dataset (default: the one a stancegraph export stored, else from the file name).")
@click.option("--base-iri", default=None, callback=_base_iri, help="IRI prefix of the dataset (default https://example.org/ID/).")
@quiet_option
@handle_errors
def import_dna_command(file: Path, out_dir: Path, statement_type: str, person_var: str, organisation_var: str,
                       concept_var: str, qualifier_var: str, neutral: float | None, offsets: str, attribution: str,
                       dataset_id: str | None, base_iri: str | None, quiet: bool) -> None:
    """Import a DNA 3 database FILE.dna into a new seed folder OUT_DIR (texts in OUT_DIR/corpus).

    The folder passes `stancegraph check OUT_DIR --corpus OUT_DIR/corpus` with
    every quote verified. Exit status: 0 imported, 1 invalid database (one line
    per problem, nothing written), 2 could not run.
    """
    from stancegraph.schema.models import Attribution

    from ..interop.dna import ImportOptions, OffsetUnit, import_dna

    options = ImportOptions(
        statement_type=statement_type, person_var=person_var, organisation_var=organisation_var,
        concept_var=concept_var, qualifier_var=qualifier_var, offsets=OffsetUnit(offsets),
        attribution=Attribution(attribution), neutral=neutral, dataset_id=dataset_id, base_iri=base_iri,
    )
    report = import_dna(file, out_dir, options)
    console().print(line(("ok", "green"), f": {report.summary()} → {out_dir}"))


@click.command("dna", context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@click.option("--corpus", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of the documents' texts (default: DATA_DIR/corpus when it exists).")
@click.option("-o", "--output", type=OutputFile({".dna": "dna"}, "a DNA database"), required=True,
              help="The .dna file to write (atomically).")
@click.option("--password", default="admin", show_default=True, help="Password of every coder in the database.")
@click.option("--offsets", type=click.Choice(_OFFSET_UNITS), default="utf-16", show_default=True,
              help="What Start/Stop count (DNA's editor: UTF-16 code units).")
@quiet_option
@handle_errors
def export_dna_command(data_dir: Path | None, corpus: Path | None, output: Path, password: str,
                       offsets: str, quiet: bool) -> None:
    """Export a dataset as a DNA 3 database (SQLite) that DNA opens.

    Every document needs its text (DNA stores it): give --corpus, or keep the texts
    in DATA_DIR/corpus. Exit status: 0 written, 1 invalid data, 2 could not run.
    """
    from ..interop.dna import OffsetUnit, export_dna
    from ..seeds.load import default_data_dir, load_dataset

    root = data_dir if data_dir is not None else default_data_dir()
    if corpus is None and (root / "corpus").is_dir():
        corpus = root / "corpus"
    dataset = load_dataset(root, corpus)
    if corpus is None and dataset.documents:
        from ..errors import UsageError

        raise UsageError(f"no corpus folder: {root / 'corpus'} does not exist; give --corpus, the folder of the "
                         "documents' texts (DNA stores every document's text)")
    report = export_dna(dataset, corpus, output, password=password, offsets=OffsetUnit(offsets))
    note(line(f"wrote {output.resolve()} ({report.summary()})"))


class ExportCommand(click.Command):
    """The ``export`` command, with ``export dna …`` dispatched to :func:`export_dna_command`."""

    formats = {"dna": export_dna_command}

    def make_context(self, info_name, args, parent=None, **extra):
        if args and args[0] in self.formats:
            command = self.formats[args[0]]
            return command.make_context(f"{info_name} {args[0]}", list(args[1:]), parent=parent, **extra)
        return super().make_context(info_name, args, parent=parent, **extra)

    def format_epilog(self, ctx, formatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("Other formats"):
            formatter.write_dl([("export dna DATA_DIR -o FILE.dna", "a DNA 3 database (see `export dna --help`)")])


COMMANDS = [import_group]
