"""``stancegraph import dna``: a DNA 3 database → a checked, canonical seed folder.

The folder is built beside its destination, loaded and checked exactly as
``stancegraph check OUT_DIR --corpus OUT_DIR/corpus`` does (every quote
verified against its document), and only then renamed into place, so a failed
import leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import yaml

from ...errors import DataError, UsageError
from ...seeds.canonical import canonical_text
from ...seeds.load import read_dataset
from .mapping import ImportOptions, ImportReport, map_database
from .read import read_dna

__all__ = ["import_dna", "SEED_FILES"]

SEED_FILES = {
    "dataset": "dataset.yaml",
    "documents": "documents.yaml",
    "people": "people.yaml",
    "organisations": "organisations.yaml",
    "concepts": "concepts.yaml",
    "statements": "statements.yaml",
}
"""Seed file of each section in an imported folder."""


def _seed_text(section: str, data) -> str:
    header = "# Imported from a DNA database by `stancegraph import dna`.\n"
    text = yaml.safe_dump({section: data}, sort_keys=False, allow_unicode=True, width=4096,
                          default_flow_style=False)
    return canonical_text(header + text)


def import_dna(path: str | Path, out_dir: str | Path, options: ImportOptions = ImportOptions(),
               progress: Callable[[str], None] | None = None) -> ImportReport:
    """Import a DNA 3 database into a new seed folder ``out_dir`` (with ``out_dir/corpus``).

    Parameters
    ----------
    path : str or Path
        The ``.dna`` file.
    out_dir : str or Path
        Where the seed folder goes; it must not exist or be empty.
    options : ImportOptions
        Statement type, variables, offset unit (see :mod:`.mapping`, :mod:`.offsets`).
    progress : callable, optional
        Called with a short message at each stage.

    Returns
    -------
    ImportReport
        Counts of what was imported, and what was skipped and why.

    Raises
    ------
    DataError
        For an unreadable or inconsistent database (see :func:`~.read.read_dna`,
        :func:`~.mapping.map_database`); nothing is written.
    UsageError
        When ``out_dir`` exists and is not empty.
    """
    say = progress or (lambda message: None)
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UsageError(f"{out_dir} exists and is not an empty folder; choose a new one")
    say(f"reading {path}")
    mapped = map_database(read_dna(path), options)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        say(f"writing {len(mapped.sections['statements'])} statements")
        for section, filename in SEED_FILES.items():
            (tmp / filename).write_text(_seed_text(section, mapped.sections[section]), encoding="utf-8")
        corpus = tmp / "corpus"
        corpus.mkdir()
        for filename, text in mapped.corpus.items():
            with open(corpus / filename, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        say("checking the imported seeds and quotes")
        result = read_dataset(tmp, corpus)
        if result.problems:
            raise DataError(result.problems)
        if out_dir.exists():
            out_dir.rmdir()
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return mapped.report
