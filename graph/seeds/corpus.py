"""Verify every quote of a dataset against the source texts in a corpus folder.

A document's ``corpus_file`` must name a regular file inside the corpus folder:
absolute paths, ``..`` and symbolic links that lead out of the folder are refused, so
no text from elsewhere on the machine can be published in ``oa:prefix``/``oa:suffix``.
Texts are read as written (no newline translation), so offsets count the file's own
code points.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable

from .dataset import Dataset
from ..errors import Problem, shown
from .quotes import closest_passage, locate_quote

__all__ = ["attach_corpus", "corpus_path"]


def corpus_path(corpus: Path, name: str) -> Path:
    """The file a ``corpus_file`` value names, checked to stay inside ``corpus``.

    Raises
    ------
    ValueError
        When ``name`` is absolute, climbs with ``..``, or resolves (through a
        symbolic link) to a place outside the corpus folder.
    """
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        raise ValueError("must be a file name inside the corpus folder, not an absolute path")
    if ".." in PurePosixPath(name).parts or ".." in PureWindowsPath(name).parts:
        raise ValueError("must be a file name inside the corpus folder ('..' is not allowed)")
    path = corpus / name
    root = corpus.resolve()
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise ValueError(f"leads out of the corpus folder (a symbolic link to {shown(str(resolved))})")
    return path


def attach_corpus(dataset: Dataset, corpus: Path, partials: Iterable = ()) -> list[Problem]:
    """Check each statement's quote against its document's text in ``corpus``.

    Found quotes are recorded in ``dataset.quote_matches`` (offsets, prefix,
    suffix); every quote that is not found, and every document whose text is
    missing, is returned as a :class:`Problem` naming the closest passage.
    ``partials`` (records that failed validation, see
    :class:`~stancegraph.graph.seeds.integrity.Partial`) are checked as far as
    their valid fields go, so a curator learns of a wrong quote in the same run.
    """
    from .load import read_seed_text

    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    documents = [(doc_id, document, f"document {shown(doc_id)}", dataset.origins.get(("documents", doc_id)), frozenset())
                 for doc_id, document in dataset.documents.items()]
    statements = [(sid, statement, f"statement {shown(sid)}", dataset.origins.get(("statements", sid)))
                  for sid, statement in dataset.statements.items()]
    partial_documents = {}
    for partial in partials:
        if partial.section == "documents" and partial.id is not None:
            documents.append((partial.id, partial.record, partial.label, partial.origin, partial.bad))
            partial_documents[partial.id] = partial.record
        elif partial.section == "statements":
            statements.append((None, partial.record, partial.label, partial.origin))
    for doc_id, document, label, origin, bad in documents:
        file, line = (origin.file, origin.line("corpus_file")) if origin else (None, None)
        if document.corpus_file is None:
            if "corpus_file" not in bad:
                problems.append(Problem(file, line, label, "corpus_file",
                                        "no corpus_file: its quotes cannot be verified"))
            texts.setdefault(doc_id, None)
            continue
        try:
            path = corpus_path(corpus, document.corpus_file)
            texts.setdefault(doc_id, read_seed_text(path))
        except ValueError as exc:  # outside the corpus, or not UTF-8
            reason = f"not UTF-8 text (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else str(exc)
            problems.append(Problem(file, line, label, "corpus_file", reason))
            texts.setdefault(doc_id, None)
        except OSError as exc:
            problems.append(Problem(file, line, label, "corpus_file",
                                    f"cannot read {corpus / document.corpus_file}: "
                                    f"{exc.strerror or exc}"))
            texts.setdefault(doc_id, None)
    matches = {}
    for sid, statement, label, origin in statements:
        if statement.document is None or statement.quote is None:
            continue
        text = texts.get(statement.document)
        if text is None:
            continue
        match = locate_quote(statement.quote, text)
        if match is None:
            document = dataset.documents.get(statement.document) or partial_documents.get(statement.document)
            passage, ratio = closest_passage(statement.quote, text)
            problems.append(Problem(
                origin.file if origin else None, origin.line("quote") if origin else None,
                label, "quote",
                f"not found in {document.corpus_file}; "
                f"closest passage ({ratio:.0%} alike): {shown(passage, limit=200)}",
            ))
            continue
        if sid is not None:
            matches[sid] = match
    dataset.quote_matches = dict(sorted(matches.items()))
    return problems
