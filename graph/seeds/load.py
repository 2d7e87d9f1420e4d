"""Load seed files into a validated :class:`~stancegraph.graph.seeds.dataset.Dataset`.

Every problem is collected — YAML syntax, model validation, duplicate ids, unknown
references, impossible dates, quotes missing from their source — and reported
together in one :class:`~stancegraph.graph.errors.DataError`, one
:class:`~stancegraph.graph.errors.Problem` each, with file, line, record and field.

All problems come in one run, and only real ones: a record with an invalid field is
still reference-checked (as a :class:`~.integrity.Partial` of its valid fields), an id
that is defined by an invalid record is not "unknown" elsewhere, an invalid
``dataset:`` section still lets every cross-reference be checked, and a value YAML
could not read (:mod:`.yamlsource`) is reported once, not again by the model.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import re
import stat
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from stancegraph.schema.models import SECTIONS, DatasetInfo

from .dataset import RECORD_NAMES, Dataset, Origin
from ..errors import DataError, Problem, UsageError, problem_order, shown
from .integrity import Partial, check_integrity
from .corpus import attach_corpus
from ..gcpause import gc_paused
from ..progress import Progress, or_silent
from .messages import _message, _optional_field
from .yamlsource import (
    MERGE_KEY, LineList, LineMap, Unreadable, holds_unreadable, leaf_of, line_of, parse_yaml,
)

__all__ = [
    "default_data_dir", "seed_files", "dataset_files", "read_seed_text", "yaml_syntax_problem", "file_problems",
    "load_dataset", "LoadResult", "read_dataset",
]


def default_data_dir() -> Path:
    """The folder of the embedded default dataset (installed as package data)."""
    return Path(str(importlib.resources.files("stancegraph.seeds")))


def seed_files(data_dir: Path) -> list[Path]:
    """The ``*.yaml`` seed files in ``data_dir`` (not its sub-folders), sorted, hidden files excluded.

    A dataset is the files of one folder (README): a folder holding datasets in
    sub-folders (a repository root: seeds/, codings/…, tests/data/…) is not read as
    one merged dataset. Anything named ``*.yaml`` is listed, also a folder, FIFO or
    device: reading it with :func:`read_seed_text` says what it is instead of blocking.
    """
    return sorted(p for p in data_dir.glob("*.yaml") if not p.name.startswith("."))


def dataset_files(data_dir: str | Path | None) -> tuple[Path, list[Path]]:
    """The folder of a dataset and its seed files, or why there are none.

    The one way every command finds seed files (``check``, ``build``, ``format`` ...),
    so all of them refuse a missing or empty folder alike.

    Parameters
    ----------
    data_dir : str, Path or None
        The data folder; None for the embedded default dataset.

    Returns
    -------
    (Path, list of Path)
        The folder and its :func:`seed_files` (at least one).

    Raises
    ------
    UsageError
        When the folder does not exist (``data folder not found: DIR``).
    DataError
        When it holds no ``*.yaml`` seed file (one problem naming the folder, and the
        sub-folders that hold seed files, if any).
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    if not root.is_dir():
        raise UsageError(f"data folder not found: {root}")
    files = seed_files(root)
    if not files:
        raise DataError([Problem(str(root), None, None, None, "no *.yaml seed files found" + _subfolder_hint(root))])
    return root, files


def _subfolder_hint(root: Path) -> str:
    """For a folder with no seed file: the sub-folders that hold some (a dataset is one folder)."""
    holders = []
    for folder, dirs, files in os.walk(root):  # hidden folders (.venv, .git) pruned
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if folder != str(root) and any(f.endswith(".yaml") and not f.startswith(".") for f in files):
            holders.append(Path(folder).relative_to(root).as_posix())
    if not holders:
        return ""
    shown_ = ", ".join(f"{h}/" for h in holders[:3]) + (f" and {len(holders) - 3} more" if len(holders) > 3 else "")
    return f" (sub-folders are not read; give one of these: {shown_})"


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_seed_text(path: Path) -> str:
    """The UTF-8 text of a regular file, without ever blocking on anything else.

    The file is opened non-blocking and checked with ``fstat`` on the open file (no
    race between the check and the read), so a FIFO, device or folder named like a
    seed file is refused at once.

    Raises
    ------
    OSError
        When the file cannot be opened or is not a regular file (the message says
        what it is).
    UnicodeDecodeError
        When it is not UTF-8.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise OSError(f"not a regular file ({kind})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            data = f.read()
    finally:
        if fd >= 0:
            os.close(fd)
    return data.decode("utf-8")


@dataclass
class LoadResult:
    """A dataset as far as it could be read, and every problem found."""

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems and self.dataset is not None


def load_dataset(data_dir: str | Path | None = None, corpus: str | Path | None = None) -> Dataset:
    """Read, validate and cross-check a dataset.

    Parameters
    ----------
    data_dir : path, optional
        Folder of ``*.yaml`` seed files; the embedded NHS dataset when omitted.
    corpus : path, optional
        Folder of source texts; when given, every quote is verified against the
        text of its document (``Document.corpus_file``) and offsets are recorded.

    Returns
    -------
    Dataset

    Raises
    ------
    DataError
        Listing every problem found, when the data is invalid.
    UsageError
        When a folder does not exist.

    Examples
    --------
    >>> ds = load_dataset()
    >>> ds.info.id
    'nhs-ownership-debate'
    """
    result = read_dataset(data_dir, corpus)
    if not result.ok:
        raise DataError(result.problems)
    return result.dataset


def read_dataset(data_dir: str | Path | None = None, corpus: str | Path | None = None,
                 progress: Progress | None = None, stage: str | None = None) -> LoadResult:
    """Like :func:`load_dataset`, but return the problems instead of raising.

    ``dataset`` is None when no valid ``dataset:`` section was found; the problems
    are complete either way.

    Parameters
    ----------
    progress : Progress, optional
        Told ``stage`` (default ``"reading N seed files"``) with the files read so
        far and the number of files, after each file.
    """
    with gc_paused():
        return _read_dataset(data_dir, corpus, or_silent(progress), stage)


class _Reader:
    """What the seed files of one folder hold so far."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.infos: list[tuple[DatasetInfo | None, Origin]] = []  # None: an invalid section
        self.records: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
        self.origins: dict[tuple[str, str], Origin] = {}
        self.partials: list[Partial] = []
        self.first_seen: dict[tuple[str, str], Origin] = {}  # every id, valid record or not
        self.unparsed_ids: set[str] = set()  # ids seen in files with a YAML syntax error

    def define(self, section: str, rid: Any, index: int, origin: Origin) -> bool:
        """Note that ``rid`` is defined here; False (and a problem) when it already was."""
        if not isinstance(rid, str):
            return True
        first = self.first_seen.get((section, rid))
        if first is not None:
            self.problems.append(Problem(
                origin.file, origin.line("id"), _label(section, rid, index), "id",
                f"duplicate id (first defined in {first.file}:{first.line('id')})",
            ))
            return False
        self.first_seen[(section, rid)] = origin
        return True


def _read_dataset(data_dir, corpus, progress: Progress, stage: str | None) -> LoadResult:
    try:
        root, files = dataset_files(data_dir)
    except DataError as exc:
        if corpus is not None and not Path(corpus).is_dir():
            raise UsageError(f"corpus folder not found: {corpus}") from None
        return LoadResult(None, exc.problems)
    if corpus is not None and not Path(corpus).is_dir():
        raise UsageError(f"corpus folder not found: {corpus}")

    reader = _Reader()
    stage = stage or f"reading {len(files)} seed file{'' if len(files) == 1 else 's'}"
    progress(stage, 0, len(files))
    for done, path in enumerate(files, 1):
        _read_file(path, path.relative_to(root).as_posix(), reader)
        progress(stage, done, len(files))
    problems = reader.problems

    actor_ids: dict[str, tuple[str, Origin]] = {}
    actors = [(key, origin) for key, origin in reader.first_seen.items() if key[0] == "people"]
    actors += [(key, origin) for key, origin in reader.first_seen.items() if key[0] == "organisations"]
    for (section, rid), origin in actors:
        if rid in actor_ids:
            other_section, other = actor_ids[rid]
            problems.append(Problem(
                origin.file, origin.line("id"), f"{RECORD_NAMES[section]} {shown(rid)}", "id",
                f"id also used by {RECORD_NAMES[other_section]} in {other.file}:{other.line('id')}"
                " (people and organisations share one id space)",
            ))
        else:
            actor_ids[rid] = (section, origin)

    infos = reader.infos
    if not infos:
        problems.append(Problem(None, None, None, "dataset", "no seed file has a 'dataset:' section"))
    for _info, origin in infos[1:]:
        problems.append(Problem(
            origin.file, origin.line(), None, "dataset",
            f"second 'dataset:' section (the first is in {infos[0][1].file})",
        ))
    info = infos[0][0] if infos else None

    dataset = Dataset(
        info=info if info is not None else _NO_INFO,
        **{section: dict(sorted(reader.records[section].items())) for section in SECTIONS},
        origins=reader.origins,
    )
    problems.extend(check_integrity(dataset, reader.partials, reader.unparsed_ids))
    if corpus is not None:
        problems.extend(attach_corpus(dataset, Path(corpus), reader.partials))
    return LoadResult(dataset if info is not None else None, sorted(problems, key=problem_order))


# Stands in for an invalid or missing dataset section while the records are cross-checked.
_NO_INFO = DatasetInfo.model_construct(id="unknown", title="unknown", base_iri=None, version="unknown")


def _read_file(path: Path, rel: str, reader: _Reader) -> None:
    problems = reader.problems
    try:
        text = read_seed_text(path)
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        problems.append(Problem(rel, None, None, None, f"cannot read file: {_reason(exc)}"))
        return
    try:
        doc = parse_yaml(text)
    except yaml.YAMLError as exc:
        problems.append(yaml_syntax_problem(rel, text, exc))
        reader.unparsed_ids.update(_ID_LINE.findall(text))
        if _DATASET_LINE.search(text):  # so no "no seed file has a 'dataset:' section" follows
            reader.infos.append((None, Origin(rel, None)))
        return
    for issue in doc.issues:
        problems.append(_issue_problem(rel, issue))
    if doc.data is None or isinstance(doc.data, Unreadable):
        return
    if not isinstance(doc.data, dict):
        problems.append(Problem(
            rel, line_of(doc.lines), None, None,
            "a seed file must be a mapping of sections (dataset, documents, people, "
            "organisations, concepts, statements)",
        ))
        return
    sections = [(key, value, _child(doc.lines, key), line_of(doc.lines, [key])) for key, value in doc.data.items()]
    sections += [(key, value, lines, line) for key, line, value, lines in doc.repeated]
    for key, value, lines, key_line in sections:
        if key == MERGE_KEY and isinstance(value, Unreadable):
            continue  # a refused merge key: reported by the YAML reader
        _read_section(rel, key, value, lines, key_line, reader)


def file_problems(path: Path, rel: str) -> list[Problem]:
    """The problems ``check`` finds in one seed file read alone (YAML, models; no cross-references).

    For a command that works file by file (``format``) to say what ``check`` says.
    """
    reader = _Reader()
    _read_file(path, rel, reader)
    return sorted(reader.problems, key=problem_order)


def yaml_syntax_problem(rel: str, text: str, exc: BaseException) -> Problem:
    """The one problem line for a file YAML cannot parse, with its line (and column).

    The one reader of YAML errors for every command (``check`` and ``format`` say the
    same). It takes PyYAML's errors and ruamel.yaml's (same attributes): a parser
    error's ``problem_mark`` (or ``context_mark``) gives the line; a reader error (a
    character YAML refuses, e.g. BEL) has only a character ``position`` in ``text``,
    from which the line and column are counted.

    Parameters
    ----------
    rel : str
        The file as shown (relative to the data folder).
    text : str
        The file's text (for a reader error's line).
    exc : Exception
        The YAML library's error.
    """
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if isinstance(position, int) and character is not None and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        code = ord(character) if isinstance(character, str) else int(character)
        kind = "control character" if code < 0x20 or 0x7F <= code <= 0x9F else "character"
        return Problem(rel, line, None, None, f"YAML syntax error: the {kind} U+{code:04X} (column {column}) "
                                              "is not allowed in YAML; remove it")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable"])[0]
    return Problem(rel, mark.line + 1 if mark else None, None, None, f"YAML syntax error: {reason}")


# "  - id: ann-smith" in a file YAML cannot parse: likely a record others refer to
_DATASET_LINE = re.compile(r"^dataset[ \t]*:", re.M)
_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([a-z0-9]+(?:-[a-z0-9]+)*)["']?[ \t]*(?:#.*)?\r?$""", re.M)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start}: {exc.reason})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _read_section(rel, key, value, lines, key_line, reader: _Reader) -> None:
    problems = reader.problems
    if key == "dataset":
        origin = Origin(rel, lines)
        if isinstance(value, Unreadable):
            reader.infos.append((None, origin))
            return
        info = _validate(DatasetInfo, value, origin, "dataset", problems)
        reader.infos.append((info, origin))
        return
    if key not in SECTIONS:
        problems.append(Problem(
            rel, key_line, None, str(key),
            f"unknown section (expected one of: dataset, {', '.join(SECTIONS)})",
        ))
        return
    if value is None or isinstance(value, Unreadable):
        return
    if not isinstance(value, list):
        problems.append(Problem(rel, key_line, None, key, "must be a list of records"))
        return
    model = SECTIONS[key]
    for index, item in enumerate(value):
        if isinstance(item, Unreadable):
            continue
        item_lines = lines.items[index] if isinstance(lines, LineList) else None
        origin = Origin.of_lines(rel, item_lines)  # a line tree already (parse_yaml made it)
        rid = item.get("id") if isinstance(item, dict) else None
        record = _validate(model, item, origin, (key, rid, index), problems)
        if not reader.define(key, rid, index, origin):
            continue
        if record is None:
            if isinstance(item, dict):
                reader.partials.append(_partial(model, key, item, _label(key, rid, index), origin))
            continue
        reader.records[key][record.id] = record
        reader.origins[(key, record.id)] = origin


def _label(section: str, rid: Any, index: int) -> str:
    name = RECORD_NAMES[section]
    return f"{name} {shown(rid)}" if isinstance(rid, str) else f"{name} #{index + 1}"


def _issue_problem(rel: str, issue) -> Problem:
    path = issue.path
    if len(path) >= 2 and path[0] in SECTIONS and isinstance(path[1], int):
        label = _label(path[0], issue.record_id, path[1])
        return Problem(rel, issue.line, label, _format_loc(path[2:]) or None, issue.message)
    if path[:1] == ("dataset",):
        return Problem(rel, issue.line, "dataset", _format_loc(path[1:]) or None, issue.message)
    return Problem(rel, issue.line, None, _format_loc(path) or None, issue.message)


def _child(lines, key):
    """The line tree of the value under ``key`` in a mapping's line tree."""
    if isinstance(lines, LineMap) and key in lines.keys:
        return lines.keys[key][1]
    return None


def _validate(model: type[BaseModel], data: Any, origin: Origin, label, problems) -> BaseModel | None:
    """The valid record, or None with its problems added. ``label`` is the record's
    label, or ``(section, id, index)`` to make it from only when a problem is found."""
    if not isinstance(data, dict):
        label = _label(*label) if isinstance(label, tuple) else label
        problems.append(Problem(origin.file, origin.line(), label, None, "must be a mapping of fields"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        label = _label(*label) if isinstance(label, tuple) else label
        for error in exc.errors(include_url=False):
            loc = [step for step in error["loc"] if not (isinstance(step, str) and step.startswith("function-"))]
            if _unreadable_at(data, loc, error["type"]):
                continue  # YAML could not read the value: that problem is already reported
            problems.append(Problem(
                origin.file, origin.line(*loc), label, _format_loc(loc) or None,
                _message(error, leaf_of(origin.node, loc), _optional_field(model, loc), model, loc),
            ))
        return None


def _unreadable_at(data: Any, loc, kind: str = "") -> bool:
    """True when the value at ``loc`` could not be read, or is in or holds such a value,
    or is a field missing from a mapping whose merge key (``<<``) was refused."""
    for index, step in enumerate(loc):
        if isinstance(data, Unreadable):
            return True
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return (kind == "missing" and index == len(loc) - 1 and isinstance(data, dict)
                    and isinstance(data.get(MERGE_KEY), Unreadable))
    return holds_unreadable(data)


def _format_loc(loc) -> str:
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


# -- partial records: the valid fields of an invalid record, for cross-checks -------

@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    return TypeAdapter(typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)


@functools.cache
def _item_adapter(model: type[BaseModel], name: str) -> tuple[TypeAdapter, type | None] | None:
    """The adapter of one item of a list field (and its model, for records in a list)."""
    annotation = model.model_fields[name].annotation
    if typing.get_origin(annotation) is not list:
        return None
    (item,) = typing.get_args(annotation)
    item_model = item if isinstance(item, type) and issubclass(item, BaseModel) else None
    return TypeAdapter(item), item_model


def _partial_values(model: type[BaseModel], data: dict) -> tuple[dict, set]:
    """The fields of ``data`` that are valid on their own (others None), and the bad ones.

    In a list field only the bad items become None (records in a list are made
    partial in turn), so the good items keep their index for problem paths.
    """
    values: dict = {}
    bad: set = set()
    for name in model.model_fields:
        if name not in data:
            if model.model_fields[name].is_required():
                values[name] = None
            continue
        raw = data[name]
        try:
            values[name] = _field_adapter(model, name).validate_python(raw)
            continue
        except ValidationError:
            bad.add(name)
        items = _item_adapter(model, name)
        if items is None or not isinstance(raw, list):
            values[name] = None
            continue
        adapter, item_model = items
        kept = []
        for item in raw:
            try:
                kept.append(adapter.validate_python(item))
            except ValidationError:
                if item_model is not None and isinstance(item, dict):
                    sub_values, _ = _partial_values(item_model, item)
                    kept.append(item_model.model_construct(**sub_values))
                else:
                    kept.append(None)
        values[name] = kept
    return values, bad


def _partial(model: type[BaseModel], section: str, data: dict, label: str, origin: Origin) -> Partial:
    values, bad = _partial_values(model, data)
    rid = data.get("id") if isinstance(data.get("id"), str) else None
    return Partial(section, rid, label, model.model_construct(**values), frozenset(bad), origin)
