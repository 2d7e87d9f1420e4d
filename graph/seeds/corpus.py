"""Verify every quote of a dataset against the source texts in a corpus folder."""

from __future__ import annotations

from pathlib import Path

from .dataset import Dataset
from ..errors import Problem
from .quotes import closest_passage, locate_quote

__all__ = ["attach_corpus"]


def attach_corpus(dataset: Dataset, corpus: Path) -> list[Problem]:
    """Check each statement's quote against its document's text in ``corpus``.

    Found quotes are recorded in ``dataset.quote_matches`` (offsets, prefix,
    suffix); every quote that is not found, and every document whose text is
    missing, is returned as a :class:`Problem` naming the closest passage.
    """
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    for doc_id, document in dataset.documents.items():
        origin = dataset.origins.get(("documents", doc_id))
        file, line = (origin.file, origin.line("corpus_file")) if origin else (None, None)
        if document.corpus_file is None:
            problems.append(Problem(file, line, f"document '{doc_id}'", "corpus_file",
                                    "no corpus_file: its quotes cannot be verified"))
            texts[doc_id] = None
            continue
        path = corpus / document.corpus_file
        try:
            texts[doc_id] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(file, line, f"document '{doc_id}'", "corpus_file",
                                    f"cannot read {path}: {exc.__class__.__name__}"))
            texts[doc_id] = None
    matches = {}
    for sid, statement in dataset.statements.items():
        text = texts.get(statement.document)
        if text is None:
            continue
        match = locate_quote(statement.quote, text)
        if match is None:
            origin = dataset.origins.get(("statements", sid))
            passage, ratio = closest_passage(statement.quote, text)
            problems.append(Problem(
                origin.file if origin else None, origin.line("quote") if origin else None,
                f"statement '{sid}'", "quote",
                f"not found in {dataset.documents[statement.document].corpus_file}; "
                f"closest passage ({ratio:.0%} alike): {passage!r}",
            ))
            continue
        matches[sid] = match
    dataset.quote_matches = dict(sorted(matches.items()))
    return problems
