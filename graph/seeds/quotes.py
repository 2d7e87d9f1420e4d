"""Verbatim quote verification against the source texts.

A quote matches its document when it is a substring of the text after normalising
only Unicode composition (NFC), typographic quote marks, dashes and whitespace —
nothing looser. Offsets are reported in the original text, as Unicode code points,
which is what the W3C ``oa:TextPositionSelector`` counts — in the text as its file
holds it, also when that is NFD (as macOS writes) and the quote NFC.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from array import array
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
        ``offsets[i]`` is the index in ``text`` itself (not in its NFC form) where
        the character ``normalised[i]`` comes from: for a character composed from
        several (``e`` + U+0301 in an NFD file), the first of them.

    Examples
    --------
    >>> normalise("a  \u201cb\u201d \u2013 c")[0]
    'a "b" - c'
    >>> normalise("cafe\u0301 x")
    ('caf\xe9 x', [0, 1, 2, 3, 5, 6])
    """
    normalised, starts, _ends = _normalise_spans(text)
    return normalised, list(starts)


def _nfc_pieces(text: str):
    """``(character, start, end)`` of NFC(``text``), each with the span of ``text`` it
    comes from. Text already in NFC maps one to one; otherwise the text is cut into
    pieces that NFC treats independently (a starter with its combining marks, merged
    with the next piece whenever NFC would compose across them, as Hangul jamo do)."""
    if unicodedata.is_normalized("NFC", text):
        return [(ch, i, i + 1) for i, ch in enumerate(text)]
    nfc = unicodedata.normalize
    combining = unicodedata.combining
    pieces: list[tuple[str, int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text):
            ch = text[i]
            if combining(ch):
                continue
            group = text[start:i]
            if nfc("NFC", group + ch) != nfc("NFC", group) + nfc("NFC", ch):
                continue
        pieces.extend((out, start, i) for out in nfc("NFC", text[start:i]))
        start = i
    return pieces


def _normalise_spans(text: str) -> tuple[str, array, array]:
    """:func:`normalise`, with the end (exclusive) in ``text`` of each character too."""
    out: list[str] = []
    starts = array("q")
    ends = array("q")
    pending: tuple[int, int] | None = None  # the last whitespace of a run, after some text
    for ch, start, end in _nfc_pieces(text):
        if ch.isspace():
            if out:
                pending = (start, end)
            continue
        if pending is not None:
            out.append(" ")
            starts.append(pending[0])
            ends.append(pending[1])
            pending = None
        out.append(_CHAR_MAP.get(ch, ch))
        starts.append(start)
        ends.append(end)
    return "".join(out), starts, ends


_normalised_source = functools.lru_cache(maxsize=16)(_normalise_spans)
"""Every quote of a document is looked up in the same text: normalise it once."""


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote stands in its source text.

    ``start`` and ``end`` count code points of the source text itself, as read from
    its file (not of a normalised form), so ``text[start:end] == exact``, as the W3C
    ``oa:TextPositionSelector`` and ``oa:TextQuoteSelector`` require.
    """

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
        Offsets, ``exact``, ``prefix`` and ``suffix`` are taken from ``text`` as given,
        also when it is in another Unicode normalisation form than the quote (an NFD
        file written on macOS, an NFC quote): the span covers every code point of the
        matched characters.

    Examples
    --------
    >>> m = locate_quote('say "no"', "They  say \u201cno\u201d today.")
    >>> (m.start, m.end, m.exact, m.suffix)
    (6, 14, 'say \u201cno\u201d', ' today.')
    >>> m = locate_quote("caf\u00e9 owners", "The cafe\u0301 owners agree")  # NFC quote, NFD text
    >>> (m.start, m.end, m.exact == "cafe\u0301 owners")
    (4, 16, True)
    """
    norm_text, starts, ends = _normalised_source(text)
    norm_quote, _, _ = _normalise_spans(quote)
    if not norm_quote:
        return None
    pos = norm_text.find(norm_quote)
    if pos < 0:
        return None
    occurrences = norm_text.count(norm_quote)
    start = starts[pos]
    end = ends[pos + len(norm_quote) - 1]
    return QuoteMatch(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context):start],
        suffix=text[end:end + context],
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
