"""Load seed files into a validated :class:`~stancegraph.graph.seeds.dataset.Dataset`.

Every problem is collected — YAML syntax, model validation, duplicate ids, unknown
references, impossible dates, quotes missing from their source — and reported
together in one :class:`~stancegraph.graph.errors.DataError`, one
:class:`~stancegraph.graph.errors.Problem` each, with file, line, record and field.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from stancegraph.schema.models import SECTIONS, DatasetInfo

from .dataset import RECORD_NAMES, Dataset, Origin
from ..errors import DataError, Problem, UsageError, problem_order
from .integrity import check_integrity
from .corpus import attach_corpus
from ..gcpause import gc_paused
from .yamlsource import LineList, LineMap, line_of, parse_yaml

__all__ = ["default_data_dir", "seed_files", "load_dataset", "LoadResult", "read_dataset"]


def default_data_dir() -> Path:
    """The folder of the embedded default dataset (installed as package data)."""
    return Path(str(importlib.resources.files("stancegraph.seeds")))


def seed_files(data_dir: Path) -> list[Path]:
    """The ``*.yaml`` seed files below ``data_dir``, sorted, hidden files excluded."""
    return sorted(
        p for p in data_dir.rglob("*.yaml")
        if not any(part.startswith(".") for part in p.relative_to(data_dir).parts)
    )


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


def read_dataset(data_dir: str | Path | None = None, corpus: str | Path | None = None) -> LoadResult:
    """Like :func:`load_dataset`, but return the problems instead of raising."""
    with gc_paused():
        return _read_dataset(data_dir, corpus)


def _read_dataset(data_dir, corpus) -> LoadResult:
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    if not root.is_dir():
        raise UsageError(f"data folder not found: {root}")
    if corpus is not None and not Path(corpus).is_dir():
        raise UsageError(f"corpus folder not found: {corpus}")
    files = seed_files(root)
    problems: list[Problem] = []
    if not files:
        problems.append(Problem(str(root), None, None, None, "no *.yaml seed files found"))
        return LoadResult(None, problems)


    infos: list[tuple[DatasetInfo, Origin]] = []
    records: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
    origins: dict[tuple[str, str], Origin] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        _read_file(path, rel, infos, records, origins, problems)

    actor_ids: dict[str, tuple[str, Origin]] = {}
    for section in ("people", "organisations"):
        for rid in records[section]:
            origin = origins[(section, rid)]
            if rid in actor_ids:
                other_section, other = actor_ids[rid]
                problems.append(Problem(
                    origin.file, origin.line("id"), f"{RECORD_NAMES[section]} '{rid}'", "id",
                    f"id also used by {RECORD_NAMES[other_section]} in {other.file}:{other.line('id')}"
                    " (people and organisations share one id space)",
                ))
            else:
                actor_ids[rid] = (section, origin)

    if not infos:
        problems.append(Problem(None, None, None, "dataset", "no seed file has a 'dataset:' section"))
        return LoadResult(None, sorted(problems, key=problem_order))
    if len(infos) > 1:
        for _info, origin in infos[1:]:
            problems.append(Problem(
                origin.file, origin.line(), None, "dataset",
                f"second 'dataset:' section (the first is in {infos[0][1].file})",
            ))

    dataset = Dataset(
        info=infos[0][0],
        **{section: dict(sorted(records[section].items())) for section in SECTIONS},
        origins=origins,
    )
    problems.extend(check_integrity(dataset))
    if corpus is not None:
        problems.extend(attach_corpus(dataset, Path(corpus)))
    return LoadResult(dataset, sorted(problems, key=problem_order))


def _read_file(path, rel, infos, records, origins, problems) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, None, None, None, f"cannot read file: {exc}"))
        return
    try:
        doc = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(
            rel, mark.line + 1 if mark else None, None, None, f"YAML syntax error: {reason}",
        ))
        return
    if doc.data is None:
        return
    if not isinstance(doc.data, dict):
        problems.append(Problem(
            rel, line_of(doc.lines), None, None,
            "a seed file must be a mapping of sections (dataset, documents, people, "
            "organisations, concepts, statements)",
        ))
        return
    for key, value in doc.data.items():
        if key == "dataset":
            origin = Origin(rel, _child(doc.lines, key))
            info = _validate(DatasetInfo, value, origin, "dataset", problems)
            if info is not None:
                infos.append((info, origin))
            continue
        if key not in SECTIONS:
            problems.append(Problem(
                rel, line_of(doc.lines, [key]), None, str(key),
                f"unknown section (expected one of: dataset, {', '.join(SECTIONS)})",
            ))
            continue
        section_lines = _child(doc.lines, key)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(Problem(rel, line_of(doc.lines, [key]), None, key, "must be a list of records"))
            continue
        model = SECTIONS[key]
        for index, item in enumerate(value):
            item_lines = section_lines.items[index] if isinstance(section_lines, LineList) else None
            origin = Origin(rel, item_lines)
            rid = item.get("id") if isinstance(item, dict) else None
            label = (
                f"{RECORD_NAMES[key]} '{rid}'" if isinstance(rid, str)
                else f"{RECORD_NAMES[key]} #{index + 1}"
            )
            record = _validate(model, item, origin, label, problems)
            if record is None:
                continue
            if record.id in records[key]:
                first = origins[(key, record.id)]
                problems.append(Problem(
                    rel, origin.line("id"), label, "id",
                    f"duplicate id (first defined in {first.file}:{first.line('id')})",
                ))
                continue
            records[key][record.id] = record
            origins[(key, record.id)] = origin


def _child(lines, key):
    """The line tree of the value under ``key`` in a mapping's line tree."""
    if isinstance(lines, LineMap) and key in lines.keys:
        return lines.keys[key][1]
    return None


def _validate(model: type[BaseModel], data: Any, origin: Origin, label: str, problems) -> BaseModel | None:
    if not isinstance(data, dict):
        problems.append(Problem(origin.file, origin.line(), label, None, "must be a mapping of fields"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = [step for step in error["loc"] if not (isinstance(step, str) and step.startswith("function-"))]
            problems.append(Problem(
                origin.file, origin.line(*loc), label, _format_loc(loc) or None, _message(error),
            ))
        return None


def _format_loc(loc) -> str:
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


def _message(error: dict) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not a valid id (lowercase letters, digits and single hyphens)"
    if kind == "string_too_short":
        return "must not be empty"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message
