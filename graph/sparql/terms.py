"""RDF terms of a query answer as their parts, lexical form kept: pyoxigraph's or rdflib's.

A query answer reaches the writers of :mod:`.results` as pyoxigraph terms (a named
query on an Oxigraph store, answered without rdflib) or as rdflib terms (rdflib's
engine, a remote store, a query worker's answer). Both are written from the same
parts, :func:`term_parts`, so the CLI and the endpoint write a term alike:

- a literal is written as its **lexical form**, exactly as the engine gave it:
  ``"NaN"^^xsd:double`` stays ``NaN`` (rdflib's ``str()`` of a normalised literal
  is Python's ``nan``), ``"00"^^xsd:integer`` stays ``00``, ``"1"^^xsd:boolean``
  stays ``1`` (RDF 1.1 Concepts §3.3: the lexical form *is* the literal; the value
  is derived from it). Oxigraph itself stores valid numbers and booleans in a
  canonical form (``"1e0"^^xsd:double`` is read back as ``1``): that is the
  engine's answer, and is written as given;
- a literal typed ``xsd:string`` is a simple literal (RDF 1.1 Concepts §3.3), so it
  is written without a datatype, as rdflib's own store and Oxigraph's serialisers
  write it (oxrdflib hands plain strings over as ``xsd:string`` terms);
- a language-tagged literal carries its tag and no datatype (its datatype is
  ``rdf:langString``);
- a blank node is its label.

rdflib is never imported here: an rdflib term exists only where rdflib was
imported already.
"""

from __future__ import annotations

from typing import Any

__all__ = ["XSD_STRING", "RDF_LANG_STRING", "term_parts", "sparql_term", "lexical"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_OX: dict[type, str] = {}
"""pyoxigraph's term classes by kind, filled on first use."""


def _ox_kinds() -> dict[type, str]:
    if not _OX:
        import pyoxigraph as ox

        _OX.update({ox.NamedNode: "uri", ox.BlankNode: "bnode", ox.Literal: "literal", ox.Triple: "triple"})
    return _OX


def term_parts(term: Any) -> tuple[str, str, str | None, str | None]:
    """``(kind, text, datatype, language)`` of an RDF term, pyoxigraph's or rdflib's.

    Parameters
    ----------
    term : pyoxigraph term or rdflib term
        A ``NamedNode``/``URIRef``, ``BlankNode``/``BNode`` or ``Literal``.

    Returns
    -------
    tuple
        ``kind`` is ``"uri"``, ``"bnode"`` or ``"literal"``; ``text`` the IRI, the blank
        node's label or the literal's lexical form; ``datatype`` the datatype IRI, or
        None for a simple (``xsd:string``) or language-tagged literal and for
        non-literals; ``language`` the language tag or None.

    Raises
    ------
    TypeError
        For anything else (an RDF-star triple term has no place in a results table).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> term_parts(ox.Literal("NaN", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")))
    ('literal', 'NaN', 'http://www.w3.org/2001/XMLSchema#double', None)
    >>> term_parts(ox.Literal("a", datatype=ox.NamedNode(XSD_STRING)))
    ('literal', 'a', None, None)
    >>> from rdflib import Literal, XSD
    >>> term_parts(Literal("00", datatype=XSD.integer, normalize=False))
    ('literal', '00', 'http://www.w3.org/2001/XMLSchema#integer', None)
    """
    kind = _ox_kinds().get(type(term))
    if kind == "literal":
        language = term.language
        if language:
            return "literal", term.value, None, language
        datatype = term.datatype.value
        return "literal", term.value, None if datatype == XSD_STRING else datatype, None
    if kind == "uri" or kind == "bnode":
        return kind, term.value, None, None
    return _rdflib_parts(term)


def _rdflib_parts(term: Any) -> tuple[str, str, str | None, str | None]:
    from rdflib.term import BNode, Literal, URIRef

    if isinstance(term, Literal):
        if term.language:
            return "literal", str(term), None, term.language
        datatype = None if term.datatype is None else str(term.datatype)
        return "literal", str(term), None if datatype == XSD_STRING else datatype, None
    if isinstance(term, URIRef):
        return "uri", str(term), None, None
    if isinstance(term, BNode):
        return "bnode", str(term), None, None
    raise TypeError(f"not an RDF term a results table can hold: {term!r}")


def lexical(term: Any) -> str:
    """The IRI, blank node label or lexical form of ``term`` (what rdflib's ``str()`` gives).

    >>> import pyoxigraph as ox
    >>> lexical(ox.Literal("Ann")), lexical(ox.NamedNode("urn:a"))
    ('Ann', 'urn:a')
    """
    return term_parts(term)[1]


_SPARQL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def sparql_term(term: Any) -> str:
    """``term`` in SPARQL (and N-Triples) syntax, for a ``VALUES`` block: ``<iri>``, ``"x"@en``, ``"3"^^<dt>``.

    Written from the parts, so a pyoxigraph term and the rdflib term of the same RDF
    term give the same text (W3C SPARQL 1.1 Query §19.8 grammar: IRIREF, RDFLiteral,
    ECHAR; a simple literal without its ``xsd:string`` datatype).

    >>> import pyoxigraph as ox
    >>> sparql_term(ox.Literal('say "hi"\\n'))
    '"say \\\\"hi\\\\"\\\\n"'
    >>> sparql_term(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    kind, text, datatype, language = term_parts(term)
    if kind == "uri":
        return f"<{text}>"
    if kind == "bnode":
        raise ValueError("a blank node cannot be bound as a parameter")
    quoted = '"' + text.translate(_SPARQL_ESCAPES) + '"'
    if language:
        return f"{quoted}@{language}"
    return f"{quoted}^^<{datatype}>" if datatype else quoted
