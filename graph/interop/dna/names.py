"""Names and ids of imported records: DNA values as stancegraph slugs and names.

Ids are slugs of the DNA values (ASCII-folded, lowercase, words joined by
hyphens, at most 60 characters); :class:`Slugs` makes them unique in the order it
is asked, so a fixed order of asking gives the same ids for the same database.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["slugify", "Slugs", "clean", "split_names"]

_SLUG_MAX = 60


def slugify(value: str, fallback: str, limit: int = _SLUG_MAX) -> str:
    """A stancegraph slug for ``value``: ASCII-folded, lowercase, words joined by hyphens.

    Examples
    --------
    >>> slugify("Zürich Café & Co.", "organisation")
    'zurich-cafe-co'
    >>> s = slugify("北京", "person")  # no Latin letters: the kind and a hash of the value
    >>> s.startswith("person-"), len(s), s == slugify("北京", "person") != slugify("上海", "person")
    (True, 13, True)
    """
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    if not slug:
        slug = f"{fallback}-{hashlib.sha256(value.encode('utf-8')).hexdigest()[:6]}"
    return slug


class Slugs:
    """Hands out unique slugs: the second ``x`` becomes ``x-2``, and so on."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, base: str) -> str:
        slug, n = base, 1
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(slug)
        return slug


def clean(value: str) -> str:
    """A name or label: runs of whitespace (line breaks included) as one space."""
    return " ".join(value.split())


def split_names(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in (text or "").split(";"):
        part = " ".join(part.split())
        if part:
            seen.setdefault(part, None)
    return list(seen)
