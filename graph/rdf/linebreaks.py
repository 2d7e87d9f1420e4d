"""N-Triples lines that stay lines: split only at LF, escape every other line break.

An N-Triples document is one triple per line, a line ending at LF (or CR LF). A
literal may hold U+2028, U+2029, U+0085, VT, FF or U+001C–U+001E raw (the grammar
only excludes ``"``, ``\\``, LF and CR), but Python's ``str.splitlines()`` — and
line-based tools and some readers — break a line at each of them, which cuts a
triple in two (measured: a quote holding U+2028, or a form feed from a pdftotext
corpus, gave two broken lines that rapper and rdflib refused). So:

* never split N-Triples with ``splitlines()``: :func:`ntriples_lines` splits at LF;
* every such character is written as an N-Triples escape — ECHAR ``\\f`` for form
  feed, UCHAR ``\\uXXXX`` for the others (W3C RDF 1.1 N-Triples §2.4 and grammar
  productions [8] UCHAR, [153s] ECHAR) — which every reader turns back into the
  same character, so the graph is unchanged.

``LINE_BREAK_ESCAPES`` is the translation table the N-Triples writer
(:func:`stancegraph.graph.rdf.ntriples.literal_nt`) adds to its own.
"""

from __future__ import annotations

__all__ = ["LINE_BREAK_ESCAPES", "escape_line_breaks", "ntriples_lines", "join_ntriples"]

LINE_BREAK_ESCAPES = {
    0x0B: "\\u000B",  # VT
    0x0C: "\\f",      # FF (ECHAR)
    0x1C: "\\u001C",  # file, group and record separators
    0x1D: "\\u001D",
    0x1E: "\\u001E",
    0x85: "\\u0085",  # NEL
    0x2028: "\\u2028",  # line separator
    0x2029: "\\u2029",  # paragraph separator
}
"""Characters ``str.splitlines()`` breaks at besides LF and CR, and their N-Triples escape."""


def escape_line_breaks(text: str) -> str:
    """``text`` with every character of :data:`LINE_BREAK_ESCAPES` escaped.

    Safe on whole N-Triples (or Turtle) documents: outside a literal these
    characters cannot occur except in an IRI, where a UCHAR means the same.

    >>> escape_line_breaks('<urn:a> <urn:p> "a\\u2028b\\x0cc" .')
    '<urn:a> <urn:p> "a\\\\u2028b\\\\fc" .'
    """
    return text.translate(LINE_BREAK_ESCAPES)


def ntriples_lines(text: str) -> list[str]:
    """The non-blank lines of an N-Triples document, split at LF only, line breaks escaped.

    >>> ntriples_lines('<urn:a> <urn:p> "x\\u2028y" .\\r\\n\\n<urn:a> <urn:p> "z" .\\n')
    ['<urn:a> <urn:p> "x\\\\u2028y" .', '<urn:a> <urn:p> "z" .']
    """
    lines = escape_line_breaks(text).split("\n")
    return [line.rstrip("\r") for line in lines if line.strip()]


def join_ntriples(lines) -> bytes:
    """Lines (as :func:`ntriples_lines` gives them) as one UTF-8 document, each line ending in LF."""
    return "".join(line + "\n" for line in lines).encode("utf-8")
