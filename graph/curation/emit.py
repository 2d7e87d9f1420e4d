"""Suggested statements as a canonical seed file, to be reviewed before it is data.

The file holds a document stub (when the document is new) and one statement per
candidate sentence, with ``stance:`` left empty and the three stances in a comment
beside it. An empty stance is not a valid statement, so ``stancegraph check``
reports the empty ``stance`` of every suggestion not yet reviewed — a suggestions
file can never pass as coded data. Reviewing one means setting its stance (and fixing the guesses), or deleting
it; the coding page (``stancegraph annotate``) shows suggestions as "to review".

The layout is the project's canonical one (:mod:`stancegraph.graph.seeds.canonical`),
so ``stancegraph format --check`` is clean on the file as written.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..seeds.canonical import _yaml, canonical_text
from ..seeds.dataset import Dataset
from .suggest import UNQUOTABLE, SuggestResult

__all__ = ["suggestions_yaml", "statement_id", "STANCE_OPTIONS"]

STANCE_OPTIONS = "support | oppose | mixed"
"""The comment written beside every empty ``stance:``."""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def statement_id(document: str, actor: str | None, concept: str, taken: set[str]) -> str:
    """A fresh statement id: document prefix, actor's last word, concept; numbered if taken.

    Examples
    --------
    >>> statement_id("pharmafile-2010-02-24-x", "michael-dixon", "cooperatives", {"pharmafile-2010-dixon-cooperatives"})
    'pharmafile-2010-dixon-cooperatives-2'
    """
    parts = document.split("-")
    prefix = parts[0][:12] + (f"-{parts[1]}" if len(parts) > 1 and parts[1].isdigit() else "")
    who = actor.split("-")[-1] if actor else "unknown"
    base = _slug(f"{prefix}-{who}-{concept}")
    rid, n = base, 1
    while rid in taken:
        n += 1
        rid = f"{base}-{n}"
    taken.add(rid)
    return rid


def suggestions_yaml(result: SuggestResult, dataset: Dataset, text_file: str | Path,
                     taken_ids: set[str] | None = None, stub: dict[str, str] | None = None) -> str:
    """The suggestions of :func:`~.suggest.suggest_statements` as seed-file text.

    Parameters
    ----------
    result : SuggestResult
    dataset : Dataset
        The dataset the suggestions are for (a document stub is written when
        ``result.document`` is not one of its documents).
    text_file : path
        The source text; its file name becomes the stub's ``corpus_file``.
    taken_ids : set of str, optional
        Statement ids already in use (the dataset's and any other file's).
    stub : dict, optional
        Known fields of a new document (``title``, ``kind``, ``date``,
        ``publisher``); missing ``kind`` and ``date`` are left empty for the
        curator (``check`` reports them), the title defaults to the text's first line.

    Returns
    -------
    str
        Canonical YAML (a fixed point of
        :func:`~stancegraph.graph.seeds.canonical.canonical_text`).
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    taken = set(taken_ids if taken_ids is not None else dataset.statements)
    text_file = Path(text_file)
    top = CommentedMap()
    header = [
        f"Suggested statements for document '{result.document}' from {text_file.name}",
        f"(stancegraph suggest: {len(result.sentences)} sentences read, {len(result.suggestions)} suggested, "
        f"{len(result.already_coded)} already coded).",
        "Review each: set `stance:` (support, oppose or mixed), correct speaker,",
        "organisation, concept and attribution, trim the quote to the words that carry",
        "the stance, delete what is not a statement. `stancegraph check` reports every",
        "statement whose stance is still empty.",
    ]
    if result.new_actors:
        header.append("Possible new actors (capitalised names the dataset does not know):")
        header.extend(f"  {name} (line {line})" for name, line in result.new_actors)
    top.yaml_set_start_comment("\n".join(header))

    if result.new_document:
        given = {k: v for k, v in (stub or {}).items() if v}
        record = CommentedMap()
        record["id"] = result.document
        record["title"] = given.get("title") or _title(result)
        record["kind"] = given.get("kind")
        if not given.get("kind"):
            record.yaml_add_eol_comment("news | letters | blog | report | speech | interview | press-release | other",
                                        "kind")
        record["date"] = _date(given.get("date"))
        if not given.get("date"):
            record.yaml_add_eol_comment("YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source", "date")
        if given.get("publisher"):
            record["publisher"] = given["publisher"]
        record["corpus_file"] = text_file.name
        top["documents"] = CommentedSeq([record])

    statements = CommentedSeq()
    for index, s in enumerate(result.suggestions):
        record = CommentedMap()
        record["id"] = statement_id(result.document, s.speaker or s.organisation, s.concept, taken)
        if s.speaker:
            record["speaker"] = s.speaker
        if s.organisation:
            record["organisation"] = s.organisation
        record["concept"] = s.concept
        if s.alternatives:
            record.yaml_add_eol_comment("or: " + ", ".join(s.alternatives), "concept")
        record["stance"] = None
        record.yaml_add_eol_comment(STANCE_OPTIONS, "stance")
        record["quote"] = SingleQuotedScalarString(s.quote)
        record["document"] = result.document
        record["attribution"] = s.attribution
        record.yaml_add_eol_comment("guessed: direct | reported", "attribution")
        record["note"] = f"Suggested (line {s.sentence.line}): " + "; ".join(s.reasons) + "."
        statements.append(record)
        if index:
            statements.yaml_set_comment_before_after_key(index, before="\n")
    top["statements"] = statements
    out = io.StringIO()
    _yaml().dump(top, out)
    text = out.getvalue()
    return canonical_text(text)


def _date(value):
    import datetime

    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)  # written plain, as the seed files write dates
        except ValueError:
            pass
    return value


def _title(result: SuggestResult) -> str:
    """The text's first line (its sentences), as a headline usually is; characters no seed may hold dropped,
    and the bidirectional controls check refuses in a title (they reorder what is shown)."""
    if not result.sentences:
        return result.document
    first = result.sentences[0].line
    line = " ".join(s.text for s in result.sentences if s.line == first)
    line = re.sub("[\u202a-\u202e\u2066-\u2069]", "", line)
    return " ".join(UNQUOTABLE.sub(" ", line).split()) or result.document
