"""Deterministic IRIs for every resource of a dataset, minted from curator-written ids."""

from __future__ import annotations

import re

from rdflib import URIRef

__all__ = ["Iris", "slugify"]


def slugify(text: str) -> str:
    """A lowercase slug of ``text`` for IRIs minted from free text (e.g. role names).

    >>> slugify("Shadow Care Minister")
    'shadow-care-minister'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class Iris:
    """IRI factory for one dataset: ``base`` + kind + ``/`` + id.

    >>> Iris("https://example.org/d/").person("ann-smith")
    rdflib.term.URIRef('https://example.org/d/person/ann-smith')
    """

    def __init__(self, base: str):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _mint(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def dataset(self) -> URIRef:
        """The dataset node (VoID / DCAT)."""
        return self._mint("dataset")

    def scheme(self) -> URIRef:
        """The SKOS concept scheme."""
        return self._mint("concepts")

    def person(self, pid: str) -> URIRef:
        return self._mint("person", pid)

    def organisation(self, oid: str) -> URIRef:
        return self._mint("organisation", oid)

    def concept(self, cid: str) -> URIRef:
        return self._mint("concept", cid)

    def document(self, did: str) -> URIRef:
        return self._mint("document", did)

    def statement(self, sid: str) -> URIRef:
        return self._mint("statement", sid)

    def evidence(self, sid: str) -> URIRef:
        return self._mint("statement", sid, "evidence")

    def quote_selector(self, sid: str) -> URIRef:
        return self._mint("statement", sid, "quote")

    def position_selector(self, sid: str) -> URIRef:
        return self._mint("statement", sid, "position")

    def membership(self, pid: str, index: int) -> URIRef:
        return self._mint("person", pid, "membership", str(index + 1))

    def interval(self, pid: str, index: int) -> URIRef:
        return self._mint("person", pid, "membership", str(index + 1), "during")

    def instant(self, pid: str, index: int, which: str) -> URIRef:
        return self._mint("person", pid, "membership", str(index + 1), which)

    def role(self, role: str) -> URIRef:
        return self._mint("role", slugify(role))

    def class_partition(self, name: str) -> URIRef:
        return self._mint("dataset", "partition", name)
