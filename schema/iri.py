"""IRIs in seed files: every string that becomes an IRI is a valid absolute http(s) IRI.

A ``url``, ``licence`` or ``base_iri`` (and so every IRI minted under it) is written
into Turtle, N-Triples, RDF/XML and the Oxigraph store. pydantic's ``HttpUrl`` alone
is not enough: measured, it passes ``https://example.org/a|b`` and ``a^b`` unchanged
(rdflib then refuses to serialise them and Oxigraph raises "Invalid IRI code point"),
and it percent-encodes spaces, braces and backticks silently, so a typo is published
instead of reported. The rule here is therefore Oxigraph's own IRI parser (oxiri, an
RFC 3987 implementation, through ``pyoxigraph.NamedNode``) on the text as written and
on pydantic's normalised form, plus the http/https scheme, which also keeps
``javascript:`` out of every link the HTML view draws.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, HttpUrl

__all__ = ["iri_problem", "HttpIri"]

_CODE_POINT = re.compile(r"Invalid IRI code point '(.)'", re.S)
_SCHEME = re.compile(r"^https?://", re.I)


def _show(value: str) -> str:
    text = value if len(value) <= 80 else value[:80] + "…"
    return repr(text)


def iri_problem(value: str) -> str | None:
    """Why ``value`` is not a valid absolute http(s) IRI (RFC 3987), or None.

    Examples
    --------
    >>> iri_problem("https://example.org/a%7Cb")
    >>> iri_problem("https://example.org/a|b")
    "'https://example.org/a|b' is not a valid IRI (RFC 3987): Invalid IRI code point '|'; write it as %7C"
    >>> iri_problem("javascript:alert(1)//")
    "'javascript:alert(1)//' must be an http:// or https:// IRI"
    """
    from pyoxigraph import NamedNode

    if not _SCHEME.match(value):
        return f"{_show(value)} must be an http:// or https:// IRI"
    try:
        NamedNode(value)
    except ValueError as exc:  # UnicodeEncodeError (a lone surrogate) is one too
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, UnicodeEncodeError):
            reason = "holds an unpaired surrogate"
        found = _CODE_POINT.search(reason)
        hint = ""
        if found and ord(found.group(1)) < 0x80:
            hint = f"; write it as %{ord(found.group(1)):02X}"
        return f"{_show(value)} is not a valid IRI (RFC 3987): {reason[:120]!s}{hint}"
    return None


def _check_written(value: Any) -> Any:
    if isinstance(value, str):
        problem = iri_problem(value.strip())
        if problem:
            raise ValueError(problem)
    return value


def _check_normalised(value: HttpUrl) -> HttpUrl:
    problem = iri_problem(str(value))
    if problem:
        raise ValueError(problem)
    return value


HttpIri = Annotated[HttpUrl, BeforeValidator(_check_written), AfterValidator(_check_normalised)]
"""An absolute http(s) IRI valid by RFC 3987 as written, and after pydantic's normalisation."""
