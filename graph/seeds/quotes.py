"""Verbatim quote verification against the source texts.

A quote matches its document when it is a substring of the text after normalising
only Unicode composition (NFC), typographic quote marks, dashes and whitespace —
nothing looser. Offsets are reported in the original text, as Unicode code points,
which is what the W3C ``oa:TextPositionSelector`` counts.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

__all__ = ["normalise", "QuoteMatch", "locate_quote", "closest_passage", "CONTEXT_CHARS"]

CONTEXT_CHARS = 40
"""Characters of ``oa:prefix`` / ``oa:suffix`` kept on each side of a quote."""

_CHAR_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and map each output character to its input offset.

    Returns
    -------
    normalised : str
        NFC text with typographic quotes and dashes made plain and every run of
        whitespace (including non-breaking spaces) made one space, stripped at both ends.
    offsets : list of int
        ``offsets[i]`` is the index in the NFC input of ``normalised[i]``.

    Examples
    --------
    >>> normalise("a  \u201cb\u201d \u2013 c")[0]
    'a "b" - c'
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        out.append(_CHAR_MAP.get(ch, ch))
        offsets.append(i)
    return "".join(out), offsets


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote stands in its source text (offsets in the NFC original)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    occurrences: int


def locate_quote(quote: str, text: str, context: int = CONTEXT_CHARS) -> QuoteMatch | None:
    """Find ``quote`` in ``text`` after normalisation.

    Parameters
    ----------
    quote, text : str
        The quote and the full source text.
    context : int
        How many characters of prefix and suffix to return.

    Returns
    -------
    QuoteMatch or None
        The first occurrence (with how many there are), or ``None`` when absent.

    Examples
    --------
    >>> m = locate_quote('say "no"', "They  say \u201cno\u201d today.")
    >>> (m.start, m.end, m.exact, m.suffix)
    (6, 14, 'say \u201cno\u201d', ' today.')
    """
    nfc = unicodedata.normalize("NFC", text)
    norm_text, offsets = normalise(nfc)
    norm_quote, _ = normalise(quote)
    if not norm_quote:
        return None
    pos = norm_text.find(norm_quote)
    if pos < 0:
        return None
    occurrences = norm_text.count(norm_quote)
    start = offsets[pos]
    end = offsets[pos + len(norm_quote) - 1] + 1
    return QuoteMatch(
        start=start,
        end=end,
        exact=nfc[start:end],
        prefix=nfc[max(0, start - context):start],
        suffix=nfc[end:end + context],
        occurrences=occurrences,
    )


def closest_passage(quote: str, text: str) -> tuple[str, float]:
    """Return the passage of ``text`` most like ``quote`` and its similarity (0–1).

    Used to tell a curator what the source actually says when a quote fails.
    """
    norm_text, _ = normalise(text)
    norm_quote, _ = normalise(quote)
    if not norm_text or not norm_quote:
        return "", 0.0
    words = norm_text.split(" ")
    width = max(1, len(norm_quote.split(" ")))
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(norm_quote)
    for i in range(0, max(1, len(words) - width + 1)):
        candidate = " ".join(words[i:i + width])
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best, best_ratio
