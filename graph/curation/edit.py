"""Save records from the coding page into seed files: validate the would-be folder, then write.

A save names one statement (new, or an existing one by id) and any new people,
organisations and concepts it needs. :func:`save_records`:

1. picks the files: an existing statement stays in its file; a new one goes to the
   file that holds its document's statements, else ``statements-<document>.yaml``;
   a new person, organisation or concept goes to the first file with that section,
   else ``<section>.yaml``. Every file is inside the data folder (resolved paths,
   symbolic links included) or the save is refused;
2. refuses the save when a file it would write changed since the page read it (its
   SHA-256 differs from the version the page sent), so two tabs cannot lose an edit;
3. edits the files with ruamel.yaml's round-trip loader (comments, quoting and the
   canonical layout of :mod:`stancegraph.graph.seeds.canonical` kept);
4. copies the folder with the edited files to a temporary folder and runs exactly
   what ``stancegraph check --corpus`` runs (:func:`stancegraph.graph.pipeline.check`).
   The save is refused when that finds a problem the folder did not have before, or
   any problem in a record being saved or in the statement's document (whose text
   verifies the quote); the problems are the ``check`` lines;
5. writes each edited file atomically (:func:`stancegraph.graph.atomic.atomic_path`): all
   temporary files are written first, then renamed one after another, so a failure
   while writing leaves every file as it was.

The problems of the folder as a save left it are kept, so the next save (from any
tab) checks only its would-be folder: one ``check`` per save.

Saving a statement that ``suggest`` wrote also drops the comments it put beside the
fields (the stance options, "guessed", the alternative concepts): it is reviewed now.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stancegraph.schema.models import SLUG_PATTERN

from ..atomic import atomic_path
from ..errors import Problem
from .records import read_folder

__all__ = ["SaveRequest", "SaveOutcome", "save_records", "FIELD_ORDER"]

FIELD_ORDER = {
    "documents": ("id", "title", "kind", "date", "publisher", "authors", "url", "corpus_file", "inferred", "note"),
    "statements": ("id", "speaker", "organisation", "concept", "stance", "quote", "document", "date",
                   "attribution", "mentions", "note"),
    "people": ("id", "name", "aliases", "affiliations", "note"),
    "organisations": ("id", "name", "kind", "aliases", "parent", "url", "note"),
    "concepts": ("id", "label", "definition", "broader", "related", "aliases"),
}
"""Field order of new records (the order of the models, as the seed files write them)."""

MANAGED = {
    "documents": ("title", "kind", "date", "publisher"),
    "statements": tuple(f for f in FIELD_ORDER["statements"] if f != "mentions"),
}
"""Fields the page edits in an existing record: one it sends empty is removed; others stay as written."""

_NAMES = {"documents": "document", "statements": "statement", "people": "person", "organisations": "organisation", "concepts": "concept"}


@dataclass
class SaveRequest:
    """What the page asks to save.

    ``statement`` holds the statement's fields (strings; lists for ``mentions``), or
    None when only a document is edited; ``original_id`` names the statement being
    edited (None for a new one); ``new`` holds new records by section (``people``,
    ``organisations``, ``concepts``); ``document`` edits an existing document's
    title, kind, date and publisher (its ``id`` names it); ``versions`` maps each seed
    file (relative path) to the SHA-256 the page read.
    """

    statement: dict[str, Any] | None
    original_id: str | None = None
    new: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    document: dict[str, Any] | None = None


@dataclass
class SaveOutcome:
    """What a save did: ``ok`` and the files written, or why nothing was written."""

    ok: bool
    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    conflict: str | None = None
    refused: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    records: list[str] = field(default_factory=list)
    """Labels of the saved records, as problems name them (``statement 'x'``)."""


def _clean(record: dict[str, Any], section: str) -> dict[str, Any]:
    out = {}
    for key in FIELD_ORDER[section]:
        value = record.get(key)
        if isinstance(value, str):
            value = value.strip()
            if key == "quote":
                value = " ".join(value.split())
        if isinstance(value, list):
            value = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        if value in (None, "", []):
            continue
        out[key] = value
    return out


def _confined(root: Path, rel: str) -> Path | None:
    if not rel or rel.startswith("/") or "\\" in rel or any(part in ("", ".", "..") for part in rel.split("/")):
        return None
    path = (root / rel).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def save_records(root: str | Path, corpus: str | Path | None, request: SaveRequest, *, shacl: bool = True) -> SaveOutcome:
    """Validate and write one save of the coding page (see the module docstring).

    Parameters
    ----------
    root : path
        The seed folder.
    corpus : path or None
        Source texts, for quote verification (as ``check --corpus``).
    request : SaveRequest
    shacl : bool
        Run the SHACL shapes too, as ``check`` does by default.

    Returns
    -------
    SaveOutcome
        Nothing is written unless ``ok``.
    """
    root = Path(root)
    folder = read_folder(root)
    statement = _clean(request.statement, "statements") if isinstance(request.statement, dict) else None
    document = None
    if isinstance(request.document, dict):
        document = {k: v for k, v in _clean(request.document, "documents").items() if k in MANAGED["documents"]}
        document_id = str(request.document.get("id", ""))
    new = {section: [_clean(r, section) for r in request.new.get(section, []) if isinstance(r, dict)]
           for section in ("people", "organisations", "concepts")}
    labels = ([f"statement '{statement.get('id', '')}'"] if statement is not None else []) + [
        f"{_NAMES[s]} '{r.get('id', '')}'" for s, rs in new.items() for r in rs] + (
        [f"document '{document_id}'"] if document is not None else [])
    if statement is None and document is None:
        return SaveOutcome(False, refused="nothing to save: send a statement or a document", records=labels)

    # 1. the files
    edits: dict[str, list[tuple[str, str, int | None, dict]]] = {}
    if document is not None:
        existing = folder.find("documents", document_id)
        if existing is None:
            return SaveOutcome(False, conflict=f"document '{document_id}' is no longer in the data folder "
                                               "(changed since the page was loaded): reload the page", records=labels)
        edits.setdefault(existing.file, []).append(("documents", existing.id, existing.index, document))
    if statement is None:
        pass
    elif request.original_id:
        existing = folder.find("statements", request.original_id)
        if existing is None:
            return SaveOutcome(False, conflict=f"statement '{request.original_id}' is no longer in the data folder "
                                               "(changed since the page was loaded): reload the page", records=labels)
        edits.setdefault(existing.file, []).append(("statements", existing.id, existing.index, statement))
    else:
        document = str(statement.get("document", ""))
        files = [r.file for r in folder.section("statements") if r.data.get("document") == document]
        if files:
            target = files[0]
        elif re.match(SLUG_PATTERN, document):
            target = f"statements-{document}.yaml"
        else:
            target = "statements.yaml"
        edits.setdefault(target, []).append(("statements", None, None, statement))
    for section, records in new.items():
        for record in records:
            target = (folder.files_with(section) or [f"{section}.yaml"])[0]
            edits.setdefault(target, []).append((section, None, None, record))

    for rel in edits:
        path = _confined(root, rel)
        if path is None:
            return SaveOutcome(False, refused=f"{rel} is outside the data folder: refused", records=labels)
        if path.exists() and not path.is_file():
            return SaveOutcome(False, refused=f"{rel} is not a regular file: refused", records=labels)

    # 2. changed since the page read it?
    for rel in edits:
        current = folder.versions.get(rel)
        if current != request.versions.get(rel):
            if current is None and rel not in request.versions and not (root / rel).exists():
                continue  # a new file, still new
            return SaveOutcome(False, conflict=f"{rel} changed since this page was loaded (another tab or an editor "
                                               "saved it); nothing was written — reload the page and save again",
                               records=labels)

    # 3. the edited texts
    texts: dict[str, str] = {}
    for rel, changes in edits.items():
        path = root / rel
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        texts[rel] = _edit_text(old, changes)

    # 4. validate the would-be folder exactly as check does
    state = (str(root.resolve()), str(corpus), shacl, tuple(sorted(folder.versions.items())))
    before = _LAST_CHECK[1] if _LAST_CHECK and _LAST_CHECK[0] == state else _check(root, corpus, shacl)
    with tempfile.TemporaryDirectory(prefix="stancegraph-save-") as tmp:
        shadow = Path(tmp) / "seeds"
        for rel in folder.versions:
            (shadow / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / rel, shadow / rel)
        for rel, text in texts.items():
            (shadow / rel).parent.mkdir(parents=True, exist_ok=True)
            (shadow / rel).write_text(text, encoding="utf-8")
        after = _check(shadow, corpus, shacl)
    known = {_key(p) for p in before}
    # the statement's document counts as saved too: its quote is verified against that text
    involved = set(labels) | ({f"document '{statement.get('document', '')}'"} if statement is not None else set())
    blocking = [p for p in after if _key(p) not in known or (p.record or "") in involved]
    if blocking:
        return SaveOutcome(False, problems=blocking, records=labels)

    # 5. write: every file to its temporary first, then the renames one after another
    with contextlib.ExitStack() as stack:
        for rel, text in texts.items():
            stack.enter_context(atomic_path(root / rel)).write_text(text, encoding="utf-8")
    written = list(texts)
    now = read_folder(root)
    # the folder now is the one just checked: the next save need not check it again
    _LAST_CHECK[:] = [(str(root.resolve()), str(corpus), shacl, tuple(sorted(now.versions.items()))), after]
    return SaveOutcome(True, written=written, versions=now.versions, records=labels)


_LAST_CHECK: list = []
"""The problems of the folder as last written (its state, problems): what a save compares with."""


def _key(problem: Problem):
    return (problem.file, problem.record, problem.field, problem.message)


def _check(root: Path, corpus, shacl: bool) -> list[Problem]:
    from ..pipeline import check

    return check(root, corpus, shacl=shacl).problems


def _edit_text(old: str, changes) -> str:
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    from ..seeds.canonical import _yaml, canonical_text

    yaml = _yaml()
    data = yaml.load(old) if old.strip() else None
    if data is None:
        data = CommentedMap()
    for section, _rid, index, record in changes:
        seq = data.get(section)
        if seq is None:
            seq = data[section] = CommentedSeq()
        values = {k: _scalar(k, v, SingleQuotedScalarString) for k, v in record.items()}
        if index is not None:
            item = seq[index]
            _drop_suggestion_comments(item)
            for key in list(item):
                if key in MANAGED.get(section, ()) and key not in values:
                    del item[key]
            order = FIELD_ORDER[section]
            for key, value in values.items():
                if key in item:
                    if str(item[key]) != str(value):
                        item[key] = value
                else:
                    position = sum(1 for k in item if k in order and order.index(k) < order.index(key))
                    item.insert(position, key, value)
        else:
            item = CommentedMap()
            for key, value in values.items():
                item[key] = CommentedSeq(value) if isinstance(value, list) else value
            trailing = _take_trailing_lines(seq[-1]) if len(seq) else None
            seq.append(item)
            if trailing is not None:
                _put_trailing_lines(item, trailing)
            if len(seq) > 1 and _blank_between(old):
                seq.yaml_set_comment_before_after_key(len(seq) - 1, before="\n")
    out = io.StringIO()
    yaml.dump(data, out)
    text = canonical_text(out.getvalue())
    return _blank_lines_between_records(text) if _blank_between(old) else text


def _last_slot(node):
    """Where ruamel.yaml keeps the comment after ``node``'s last line: (comments, key, position), or None.

    The comment after a collection hangs on its last scalar, however deep (a
    mapping's on its last key at position 2, a sequence's on its last index at 0).
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        inner = _last_slot(node[key])
        return inner if inner is not None else (node.ca.items, key, 2)
    if isinstance(node, CommentedSeq) and len(node):
        inner = _last_slot(node[-1])
        return inner if inner is not None else (node.ca.items, len(node) - 1, 0)
    return None


def _take_trailing_lines(node):
    """Remove and return the lines after ``node``'s last line (blank lines, comments leading into what follows).

    ruamel.yaml keeps them in the comment of the last scalar, so a record appended
    after ``node`` would be written below them: the blank line before the next section
    and the comments leading into it would end up above the new record. The end-of-line
    comment of the last line stays. None when there are no such lines.
    """
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = _last_slot(node)
    if slot is None:
        return None
    comments, key, position = slot
    tokens = comments.get(key)
    token = tokens[position] if tokens and len(tokens) > position else None
    value = getattr(token, "value", None)
    if not isinstance(value, str) or "\n" not in value:
        return None
    own, rest = value.split("\n", 1)
    if not rest:
        return None
    if own.strip():
        token.value = own + "\n"
    else:
        tokens[position] = None
        if not any(tokens):
            del comments[key]
    return CommentToken("\n" + rest, CommentMark(0), None)


def _put_trailing_lines(node, token) -> None:
    """Hang ``token`` (from :func:`_take_trailing_lines`) after ``node``'s last line."""
    slot = _last_slot(node)
    if slot is None:
        return
    comments, key, position = slot
    tokens = comments.setdefault(key, [None, None, None, None])
    tokens[position] = token


def _blank_lines_between_records(text: str) -> str:
    """A blank line before every record that follows another record's last line.

    ruamel.yaml keeps a blank line as part of the comment of the key above it, so the
    blank line after a record goes when its last field is removed or loses a comment
    (a reviewed suggestion's note or ``# guessed: …``); the file's layout (the canonical
    one of the NHS files: records separated by blank lines) is put back here.
    """
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("  - ") and out and out[-1].startswith("    "):
            out.append("\n")
        out.append(line)
    return "".join(out)


_SUGGESTION_COMMENTS = ("# support | oppose | mixed", "# guessed: direct | reported", "# or: ",
                        "# news | letters | blog", "# YYYY, YYYY-MM or YYYY-MM-DD")


def _drop_suggestion_comments(item) -> None:
    """Drop the comments ``suggest`` wrote beside fields (options, guesses): the record is reviewed now."""
    for key, tokens in list(item.ca.items.items()):
        token = tokens[2] if len(tokens) > 2 else None
        value = getattr(token, "value", None)
        # the comment, and any blank lines after it (put back by _blank_lines_between_records), but not
        # further comment lines it carries
        if (isinstance(value, str) and value.strip().startswith(_SUGGESTION_COMMENTS)
                and all(not line.strip() for line in value.split("\n")[1:])):
            del item.ca.items[key]


def _scalar(key: str, value, quoted):
    """Quotes single-quoted (as the seed files write them); full dates as dates, so they stay plain."""
    import datetime

    if key == "quote":
        return quoted(value)
    if key in ("date", "start", "end") and isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _blank_between(text: str) -> bool:
    """True when the file separates its records with blank lines (the NHS files do)."""
    lines = text.splitlines()
    return any(not a.strip() and b.lstrip().startswith("- id:") for a, b in zip(lines, lines[1:]))
