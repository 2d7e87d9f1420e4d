"""``stancegraph import dna``: a DNA 3 database → a checked, canonical seed folder.

The folder is built beside its destination, loaded and checked exactly as
``stancegraph check OUT_DIR --corpus OUT_DIR/corpus`` does (every quote
verified against its document), and only then renamed into place, so a failed
import leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import yaml

from ...atomic import CannotWrite
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


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SAFE_LENGTH = 1000
"""Strings up to this length and without a YAML line break are laid out by libyaml as by ruamel."""
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
"""YAML 1.1's line-break characters."""


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _record_text(section: str, record: dict) -> str:
    """One record as an item of its section's list, in the canonical layout."""
    if not any(len(s) > _SAFE_LENGTH or _LINE_BREAKS.intersection(s) for s in _strings(record)):
        text = yaml.dump([record], Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=4096,
                         default_flow_style=False)
        if "\\U" in text:
            # libyaml writes a character outside the BMP as an escape in double quotes; ruamel
            # writes the character itself (still double-quoted): unescape, then make sure the
            # text still means the record
            text = _ASTRAL_ESCAPE.sub(_unescape, text)
            if yaml.load(text, Loader=_LOADER) != [record]:
                text = None
        if text is not None:
            return _indented(text)
    text = canonical_text(yaml.safe_dump({section: [record]}, sort_keys=False, allow_unicode=True, width=4096))
    return text.split("\n", 1)[1]


_ASTRAL_ESCAPE = re.compile(r"\\(\\|U[0-9A-Fa-f]{8})")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _unescape(match: re.Match) -> str:
    escape = match.group(1)
    return "\\\\" if escape == "\\" else chr(int(escape[1:], 16))


def _indented(text: str) -> str:
    """PyYAML writes list items flush with their key; the canonical layout indents them."""
    lines = text.splitlines()
    out = ["  " + lines[0]]
    for line in lines[1:]:
        out.append(("      " + line[2:]) if line.startswith("  - ") else "  " + line)
    return "\n".join(out) + "\n"


def _seed_text(section: str, data) -> str:
    """The canonical text of one seed file (:func:`~stancegraph.graph.seeds.canonical.canonical_text`).

    PyYAML's C emitter writes each record (a character outside the BMP, which
    libyaml escapes, written back as itself), re-indented to the canonical layout;
    ruamel's round trip, which defines that layout, is run only for a record with a
    string that could be laid out differently — longer than ``_SAFE_LENGTH`` or
    holding a YAML line break (``\\n``, ``\\r``, U+0085, U+2028, U+2029: the only
    characters of U+0000–U+30FF and astral samples that libyaml lays out otherwise)
    — because it costs ~3 s per 1,000 statements against ~0.05 s. Tests check
    that the result is canonical.
    """
    header = "# Imported from a DNA database by `stancegraph import dna`.\n"
    if isinstance(data, dict):
        return canonical_text(header + yaml.safe_dump({section: data}, sort_keys=False, allow_unicode=True,
                                                      width=4096))
    if not data:
        return f"{header}{section}: []\n"
    return header + f"{section}:\n" + "".join(_record_text(section, record) for record in data)


def _new_folder_mode() -> int:
    """``0777`` less the process's umask: the mode ``mkdir`` gives a new folder."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


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
    CannotWrite
        When the folder ``out_dir`` goes in does not exist (it is not made: a mistyped
        path is refused, as for an ``-o`` file, in the same words: ``cannot write
        OUT_DIR: folder PARENT does not exist (create it first)``).
    """
    say = progress or (lambda message: None)
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UsageError(f"{out_dir} exists and is not an empty folder; choose a new one")
    parent = out_dir.parent
    if not parent.is_dir():  # as -o FILE: the folder it goes in must exist (nothing is made but OUT_DIR)
        raise CannotWrite(out_dir, f"{parent} is not a folder" if parent.exists() else
                          f"folder {parent} does not exist (create it first)")  # as atomic.write_problem words it
    say(f"reading {path}")
    mapped = map_database(read_dna(path), options)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    except OSError as exc:
        raise CannotWrite.from_os_error(out_dir, exc) from exc
    try:
        os.chmod(tmp, _new_folder_mode())  # mkdtemp makes it 0700; OUT_DIR gets the usual mode, as build --out
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
    except OSError as exc:  # writing the new folder (its reason in words, naming OUT_DIR, not the temporary)
        shutil.rmtree(tmp, ignore_errors=True)
        raise CannotWrite.from_os_error(out_dir, exc) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return mapped.report
