"""literal_nt skips str.translate when nothing needs escaping: the shortcut must never skip a character
the escape table changes (it tests printability, quotes and backslashes instead of the table)."""

from __future__ import annotations

import sys

from stancegraph.graph.rdf.ntriples import _ESCAPES, literal_nt


def test_every_escaped_character_is_caught_by_the_shortcut():
    for code in _ESCAPES:
        char = chr(code)
        assert char in '"\\' or not char.isprintable(), repr(char)


def test_every_code_point_is_escaped_as_the_table_says():
    # every Unicode code point (surrogates included), alone and inside plain text
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = char.translate(_ESCAPES)
        assert literal_nt(char) == f'"{expected}"'
        if code % 97 == 0:
            assert literal_nt(f"a {char} b", "urn:t") == f'"a {expected} b"^^<urn:t>'
