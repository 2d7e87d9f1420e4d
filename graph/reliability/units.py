"""Codings and their units: statements as coded spans of the corpus texts.

A *coding* is a seed folder (the embedded dataset, a second coder's folder, a git
worktree of another branch). Each statement becomes a :class:`CodedUnit`: who
coded it, which corpus text, where its quote stands in that text (offsets in the
NFC text, from the quote verification of :func:`~stancegraph.graph.seeds.load.load_dataset`;
a quote that occurs more than once in its text stands at its first occurrence, as
there) and its codes. Documents of different codings are matched by ``corpus_file``
(by document id when a document has none); a coding that does not list a
document did not code it, one that lists it without statements found none.

The coder of a statement is its ``coder`` field when set (so one folder may hold
several coders' statements, as DNA exports do), else the coding's label (the
folder name, or the folder path as given when two folders share a name).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from ..errors import DataError, Problem, UsageError
from ..seeds.dataset import Dataset

__all__ = ["Coding", "CodedUnit", "CodedDocument", "read_codings", "coded_documents", "FIELDS", "concept_at_depth", "NONE"]

NONE = "(none)"
"""The code of an absent speaker or organisation: leaving it out is a coding decision."""

FIELDS = ("speaker", "organisation", "concept", "stance", "attribution", "date")
"""The codes of a statement compared between coders (the rolled-up concept is added per run)."""


@dataclass(frozen=True)
class Coding:
    """One coding: a label and its loaded, quote-verified dataset."""

    label: str
    path: Path
    dataset: Dataset


@dataclass(frozen=True)
class CodedUnit:
    """One statement as a coded span.

    Attributes
    ----------
    coder : str
        Who coded it.
    coding : str
        Label of the coding (folder) it was read from.
    statement : str
        Statement id.
    start, end : int
        Offsets of the quote in the NFC text of the document (half-open).
    codes : dict
        Field -> code (strings; :data:`NONE` for an absent actor).
    quote : str
        The quote as coded.
    file : str or None
        Seed file: the coding's folder as given, joined with the file's path in it.
    line : int or None
        Line of the statement in that file.
    """

    coder: str
    coding: str
    statement: str
    start: int
    end: int
    codes: dict = field(hash=False, compare=False)
    quote: str = field(compare=False)
    file: str | None = field(compare=False, default=None)
    line: int | None = field(compare=False, default=None)

    def sort_key(self) -> tuple:
        """Position, then codes, then id: independent of file layout."""
        return (self.start, self.end, tuple(sorted(self.codes.items())), self.statement)


@dataclass
class CodedDocument:
    """One corpus text and every coder's units on it."""

    key: str
    corpus_file: str | None
    document_ids: dict[str, str]
    """Coding label -> that coding's document id."""
    length: int
    coders: list[str]
    """The coders who coded this document (listed it), sorted."""
    units: list[CodedUnit]


def concept_at_depth(dataset: Dataset, concept: str, depth: int | None) -> str:
    """The concept rolled up along ``broader`` to ``depth`` (0 = a top concept).

    A concept at or above ``depth`` is kept; ``None`` keeps every concept as coded.
    """
    if depth is None or concept not in dataset.concepts:
        return concept
    chain = [concept] + dataset.concept_ancestors(concept)
    # chain[-1] is the top concept (depth 0); chain[-1 - d] is the ancestor at depth d
    own_depth = len(chain) - 1
    if own_depth <= depth:
        return concept
    return chain[own_depth - depth]


def _label_codings(paths: Sequence[Path]) -> list[str]:
    names = [p.resolve().name or str(p) for p in paths]
    return [str(p) if names.count(n) > 1 else n for p, n in zip(paths, names)]


def read_codings(paths: Sequence[str | Path], corpus: str | Path,
                 progress: Callable[[str], None] | None = None) -> list[Coding]:
    """Load and quote-verify each coding folder against ``corpus``.

    Parameters
    ----------
    paths : sequence of paths
        Two or more seed folders (fewer is allowed when statements carry coders).
    corpus : path
        Folder of the source texts.
    progress : callable, optional
        Called with a short message per folder.

    Returns
    -------
    list of Coding

    Raises
    ------
    UsageError
        A folder or the corpus does not exist, or the same folder is given twice.
    DataError
        Every problem of every coding (each message names its folder).
    """
    from ..seeds.load import read_dataset

    corpus = Path(corpus)
    if not corpus.is_dir():
        raise UsageError(f"corpus folder not found: {corpus}")
    paths = [Path(p) for p in paths]
    resolved = [p.resolve() for p in paths]
    for i, p in enumerate(resolved):
        if p in resolved[:i]:
            raise UsageError(f"the same coding is given twice: {paths[i]}")
    missing = [str(p) for p in paths if not p.is_dir()]
    if missing:
        raise UsageError(f"coding folder not found: {', '.join(missing)}")
    labels = _label_codings(paths)
    codings, problems = [], []
    for path, label in zip(paths, labels):
        if progress:
            progress(f"reading {label} ({path})")
        result = read_dataset(path, corpus)
        for problem in result.problems:
            # a file of the folder is named under the coding's label; the folder itself as given (as `check` does)
            where = (str(path) if problem.file == str(path) else f"{label}/{problem.file}") if problem.file else label
            problems.append(Problem(where, problem.line, problem.record, problem.field, problem.message))
        if result.dataset is not None:
            codings.append(Coding(label, path, result.dataset))
    if problems:
        raise DataError(problems)
    return codings


def coded_documents(codings: Sequence[Coding], corpus: str | Path, concept_depth: int | None = None) -> list[CodedDocument]:
    """Every corpus text coded by any coding, with every coder's units on it, sorted by key.

    Parameters
    ----------
    codings : sequence of Coding
    corpus : path
        Folder of the source texts (for each text's length).
    concept_depth : int, optional
        Adds the code ``concept@depth``: the concept rolled up to that depth.

    Returns
    -------
    list of CodedDocument
    """
    corpus = Path(corpus)
    documents: dict[str, CodedDocument] = {}
    for coding in codings:
        dataset = coding.dataset
        coders_here: dict[str, set[str]] = {}
        for doc_id, document in dataset.documents.items():
            key = document.corpus_file or doc_id
            doc = documents.get(key)
            if doc is None:
                length = 0
                if document.corpus_file:
                    text = (corpus / document.corpus_file).read_text(encoding="utf-8")
                    length = len(unicodedata.normalize("NFC", text))
                doc = documents[key] = CodedDocument(key, document.corpus_file, {}, length, [], [])
            doc.document_ids[coding.label] = doc_id
            coders_here[doc_id] = set()
        for sid, statement in dataset.statements.items():
            match = dataset.quote_matches.get(sid)
            if match is None:
                continue
            document = dataset.documents[statement.document]
            key = document.corpus_file or statement.document
            coder = statement.coder or coding.label
            coders_here[statement.document].add(coder)
            origin = dataset.origins.get(("statements", sid))
            codes = {
                "speaker": statement.speaker or NONE,
                "organisation": statement.organisation or NONE,
                "concept": statement.concept,
                "stance": statement.stance.value,
                "attribution": statement.attribution.value,
                "date": str(dataset.statement_date(statement)),
            }
            if concept_depth is not None:
                codes[f"concept@{concept_depth}"] = concept_at_depth(dataset, statement.concept, concept_depth)
            documents[key].units.append(CodedUnit(
                coder, coding.label, sid, match.start, match.end, codes, statement.quote,
                str(coding.path / origin.file) if origin else None, origin.line() if origin else None,
            ))
        has_coder_field = any(s.coder for s in dataset.statements.values())
        for doc_id, document in dataset.documents.items():
            doc = documents[document.corpus_file or doc_id]
            # without a coder field the folder's coder coded every document it lists
            coders = coders_here[doc_id] if has_coder_field else {coding.label}
            doc.coders = sorted(set(doc.coders) | coders)
    for doc in documents.values():
        doc.units.sort(key=CodedUnit.sort_key)
    return [documents[k] for k in sorted(documents)]
