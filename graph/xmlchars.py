"""The rule for characters XML 1.0 cannot carry, in every XML file stancegraph writes.

XML 1.0 (W3C, 5th ed., production [2] ``Char``) allows tab, LF, CR, U+0020–U+D7FF,
U+E000–U+FFFD and U+10000–U+10FFFF — not the other C0 controls (U+0000–U+0008,
U+000B, U+000C, U+000E–U+001F), not U+FFFE/U+FFFF, not even as character
references (``&#11;`` is not well-formed either). GraphML, GEXF, RDF/XML and the
SPARQL XML results format are XML 1.0, and the writers stancegraph uses
(networkx, rdflib, Oxigraph, its own GraphML stream) emit such characters anyway,
giving files no XML parser reads (measured: networkx, igraph and rapper all
refused them).

The rule: a text that holds one of these characters is refused for the XML
formats — :class:`XmlCharacterError`, one problem per node, tie or triple, naming
the field and the character, raised before anything is written — and carried
unchanged by every other format (Turtle, N-Triples, JSON-LD, TriG, CSV, TSV, JSON).
``check`` refuses them in seed files already; a dataset can still reach the
writers by other routes (a graph read back from a store, the Python API).

A CR is allowed but would not survive: XML parsers turn a raw CR (and CR LF) into
LF (XML 1.0 §2.11). :func:`carry_carriage_returns` writes it as ``&#13;``, which
parsers keep, so ``\\r\\n`` reads back as ``\\r\\n``.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from .errors import DataError, Problem

__all__ = ["XML_REFUSED", "XmlCharacterError", "refused_character", "describe_character",
           "carry_carriage_returns", "has_refused_bytes", "refusal", "refusal_message", "checked_xml",
           "triple_places", "network_places"]

XML_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry (surrogates included: they are never characters)."""

_REFUSED_UTF8 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


class XmlCharacterError(DataError):
    """A value holds a character XML 1.0 cannot carry; ``problems`` names each place."""


def refused_character(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 cannot carry, or None.

    >>> refused_character("tab\\tand CR\\r are fine")
    >>> refused_character("form\\ffeed")
    '\\x0c'
    """
    found = XML_REFUSED.search(text)
    return found.group() if found else None


def describe_character(char: str) -> str:
    """``U+000B`` for a character.

    >>> describe_character("\\x0b")
    'U+000B'
    """
    return f"U+{ord(char):04X}"


def refusal_message(char: str, fmt: str) -> str:
    """The one-line reason a value is refused in ``fmt``."""
    instead = _CARRIERS.get(fmt, "a format that is not XML")
    return (f"holds {describe_character(char)}, a character XML 1.0 cannot carry, so it cannot be written "
            f"as {fmt}; write {instead}, or remove the character from the data")


_CARRIERS = {
    "GraphML": "CSV or JSON", "GEXF": "CSV or JSON",
    "RDF/XML": "Turtle, N-Triples, JSON-LD or TriG",
    "SPARQL XML results": "JSON, CSV or TSV results",
}
"""The formats that carry every character, suggested instead of each XML one."""


def refusal(places: Iterable[tuple[str, str, str]], fmt: str) -> XmlCharacterError:
    """An :class:`XmlCharacterError` from ``(record, field, value)`` places (values already found refused)."""
    problems = []
    for record, field, value in places:
        char = refused_character(value)
        if char is not None:
            problems.append(Problem(None, None, record, field, refusal_message(char, fmt)))
    return XmlCharacterError(problems)


def has_refused_bytes(data: bytes) -> bool:
    """True when UTF-8 ``data`` holds a character XML 1.0 cannot carry (a fast scan of a whole file)."""
    return _REFUSED_UTF8.search(data) is not None


def carry_carriage_returns(xml: bytes) -> bytes:
    """Write every raw CR of an XML document as ``&#13;``, so a reader gives it back.

    Only for documents whose writer puts no CR in markup (rdflib's, Oxigraph's and
    ElementTree's XML writers end lines with LF): a raw CR there is in character
    data or an attribute value, where ``&#13;`` means the same character. Inside a
    CDATA section (rdflib's RDF/XML writer puts a literal holding ``<`` in one) a
    character reference is not read as one, and a raw CR is read as LF too, so such
    a section is written as escaped text instead (one text event: Oxigraph's RDF/XML
    reader refuses a CDATA section followed by more text in one property).

    >>> carry_carriage_returns(b"<a>x\\r\\ny</a>")
    b'<a>x&#13;\\ny</a>'
    >>> carry_carriage_returns(b"<a><![CDATA[<x>\\r\\n]]></a>")
    b'<a>&lt;x&gt;&#13;\\n</a>'
    """
    if b"\r" not in xml:
        return xml
    parts = _CDATA.split(xml)  # the odd parts are CDATA sections
    return b"".join(_escaped_cdata(part) if index % 2 else part.replace(b"\r", b"&#13;")
                    for index, part in enumerate(parts))


def _escaped_cdata(section: bytes) -> bytes:
    """A CDATA section as escaped character data (the same text), when it holds a CR; else as it is."""
    if b"\r" not in section:
        return section
    text = section[len(b"<![CDATA["):-len(b"]]>")]
    return text.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;").replace(b"\r", b"&#13;")


_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.S)


Place = tuple[str, str, str]
"""Where a value sits, for a message: (record, field, value)."""


def checked_xml(data: bytes, places: Callable[[], Iterable[Place]], fmt: str) -> bytes:
    """An XML document as it may be written: CRs carried, or refused when it holds a character XML cannot carry.

    Parameters
    ----------
    data : bytes
        The document as a writer (rdflib, Oxigraph) made it, UTF-8.
    places : callable
        Gives every ``(record, field, value)`` of the data written; called only when
        ``data`` holds a refused character, to name each place.
    fmt : str
        The format's name, for the message.

    Raises
    ------
    XmlCharacterError
        With one problem per place that holds a character XML 1.0 cannot carry.
    """
    if has_refused_bytes(data):
        error = refusal(places(), fmt)
        if not error.problems:  # the writer put it somewhere no value explains: still never write it
            error = XmlCharacterError([Problem(None, None, None, None, refusal_message(
                _first_refused(data), fmt))])
        raise error
    return carry_carriage_returns(data)


def _first_refused(data: bytes) -> str:
    found = _REFUSED_UTF8.search(data)
    return found.group().decode("utf-8") if found else "\x00"


def triple_places(triples: Iterable[tuple]) -> Iterator[Place]:
    """``(subject, predicate, object)`` terms as places: the subject names the record, the predicate the field."""
    for s, p, o in triples:
        record = f"<{s}>" if not type(s).__name__ == "BNode" else f"_:{s}"
        yield record, f"<{p}>", str(o)
        yield record, "subject", str(s)


def network_places(graph) -> Iterator[Place]:
    """Every node id, tie end and attribute value of a networkx graph as places."""
    for node, data in graph.nodes(data=True):
        where = f"node {_short(node)}"
        yield where, "id", str(node)
        for key, value in data.items():
            yield where, str(key), str(value)
    for u, v, data in graph.edges(data=True):
        where = f"tie {_short(u)} – {_short(v)}"
        for key, value in data.items():
            yield where, str(key), str(value)
    for key, value in graph.graph.items():
        yield "the network", str(key), str(value)


def _short(value) -> str:
    """A node id for a message: repr'd (control characters escaped), at most 80 characters."""
    text = repr(str(value))
    return text if len(text) <= 80 else text[:77] + "…'"
