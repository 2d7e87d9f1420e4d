"""Curation: from a new source text to reviewed, verified statements.

``suggest`` proposes candidate statements for a text (sentences by
:mod:`.segment`, known actors and concepts by :mod:`.mentions`, guesses and
exclusions by :mod:`.suggest`, the reviewable seed file by :mod:`.emit`);
``annotate`` is a local coding page (:mod:`.annotate`) that writes seed files only
through :mod:`.edit`, after validating the would-be folder as ``check`` does.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "Sentence": ".segment",
    "split_sentences": ".segment",
    "Mention": ".mentions",
    "build_gazetteer": ".mentions",
    "find_mentions": ".mentions",
    "Suggestion": ".suggest",
    "SuggestResult": ".suggest",
    "suggest_statements": ".suggest",
    "quote_text": ".suggest",
    "suggestions_yaml": ".emit",
    "suggest_file": ".files",
    "read_folder": ".records",
    "create_app": ".annotate",
    "AnnotateSettings": ".annotate",
    "save_records": ".edit",
    "SaveRequest": ".edit",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
