"""Sentence segmentation of source texts, with offsets into the original text.

Sentences come from pySBD (Sadvilkar & Neumann 2020, "PySBD: Pragmatic Sentence
Boundary Disambiguation", the Golden Rules of the Pragmatic Segmenter), run on each
line of the text: the corpus keeps one paragraph per line, and headings, list items
and signatures stand on their own lines with no full stop.

Chosen by measurement on the five NHS corpus texts (22 KB, 138 coded quotes), with
``benchmarks/suggest_recall.py`` (which prints this table), each segmenter run line by line:

=============  ========  ==============================  =====================
segmenter      segments  coded quotes inside one         time, five texts
=============  ========  ==============================  =====================
pySBD 0.3.4    218       137 of 138                      0.06–0.2 s
syntok 1.4.4   205       136 of 138                      0.02–0.05 s
=============  ========  ==============================  =====================

syntok split a quoted two-sentence claim ("You can’t do that in a mutual. It
couldn’t happen …”) and attached a closing parenthesis's full stop to the next
sentence (". The same dangerous language …"), and it glued list numbers to the
next line's item ("1. No marketisation …"); pySBD kept each item apart from its
number. The quote neither keeps whole is a curator's quote over two sentences.
syntok is about four times faster, but both take well under a second for the whole
corpus (times vary with the shared machine's load), so quality decided.

pySBD's time grows with the square of a paragraph's length, though: the blog text's
10 KB made one line took 0.4 s, 41 KB 2.6 s, 165 KB 40 s (syntok: 0.1, 0.1 and 0.4 s;
660 KB 1.6 s). So a line longer than :data:`WINDOW` characters (the corpus's longest is
939) is first cut by syntok into sentences, regrouped into windows of at most
:data:`WINDOW` characters, and pySBD segments each window: syntok's boundaries between
windows, pySBD's inside, time linear in the text.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text.

    ``start`` and ``end`` are offsets (Unicode code points) into the NFC form of the
    text, which is how :func:`stancegraph.graph.seeds.quotes.locate_quote` counts;
    ``text`` is exactly ``nfc[start:end]`` (no surrounding whitespace).
    """

    start: int
    end: int
    text: str
    line: int
    """1-based line of the text where the sentence starts."""


WINDOW = 2000
"""Longest line (characters) given to pySBD whole; longer lines go by windows (see above)."""


@dataclass(frozen=True)
class _Whole:
    sent: str


@functools.cache
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, line by line (pySBD within each line).

    Parameters
    ----------
    text : str
        A whole source text.

    Returns
    -------
    list of Sentence
        In text order; blank lines give none. Offsets are into ``NFC(text)``.

    Examples
    --------
    >>> [s.text for s in split_sentences("Dr Dixon spoke. He said “yes.”\\nHeading")]
    ['Dr Dixon spoke.', 'He said “yes.”', 'Heading']
    """
    nfc = unicodedata.normalize("NFC", text)
    sentences: list[Sentence] = []
    position = 0
    for number, line in enumerate(nfc.split("\n"), start=1):
        if line.strip():
            for start, end in _windows(line):
                window = line[start:end]
                cursor = 0
                # one syntok "sentence" many windows long (no full stop anywhere) stays whole
                spans = _segmenter().segment(window) if len(window) <= 4 * WINDOW else [_Whole(window)]
                for span in spans:
                    # pySBD's spans can drift on repeated substrings: anchor each on the window itself
                    piece = span.sent.strip()
                    if not piece:
                        continue
                    found = window.find(piece, cursor)
                    if found < 0:
                        continue
                    cursor = found + len(piece)
                    sentences.append(Sentence(position + start + found, position + start + cursor, piece, number))
        position += len(line) + 1
    return sentences


def _windows(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``line`` for pySBD: the line itself, or syntok sentences
    grouped up to :data:`WINDOW` characters when the line is longer. The pieces cover the line."""
    if len(line) <= WINDOW:
        return [(0, len(line))]
    import syntok.segmenter

    cuts = [sentence[0].offset for paragraph in syntok.segmenter.analyze(line) for sentence in paragraph if sentence]
    windows, start, last = [], 0, 0
    for cut in [*cuts[1:], len(line)]:
        if cut - start > WINDOW and last > start:
            windows.append((start, last))
            start = last
        last = cut
    windows.append((start, len(line)))
    return windows
