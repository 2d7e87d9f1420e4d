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
            cursor = 0
            for span in _segmenter().segment(line):
                # pySBD's spans can drift on repeated substrings: anchor each on the line itself
                piece = span.sent.strip()
                if not piece:
                    continue
                found = line.find(piece, cursor)
                if found < 0:
                    continue
                cursor = found + len(piece)
                sentences.append(Sentence(position + found, position + cursor, piece, number))
        position += len(line) + 1
    return sentences
