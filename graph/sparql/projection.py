"""The column order of a ``SELECT *`` answer: the order its variables first appear in the query.

SPARQL 1.1 (§18.2.4.1, "Projection") makes ``SELECT *`` project the *set* of
in-scope variables and leaves their order to the engine. The engines we answer
with disagree: rdflib lists a Python ``set`` (another order in every process, by
``PYTHONHASHSEED``), Oxigraph (spargebra, pyoxigraph 0.5) sorts the names. Apache
Jena's ARQ lists them in the order they appear in the query pattern, which is the
order a reader of the query expects (``?s ?p ?o`` → ``s, p, o``). Every path of
stancegraph (``query`` on any store, the endpoint's workers) puts a ``SELECT *``
answer's columns in that order, so one query gives the same columns everywhere.
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

__all__ = ["column_order"]

_STAR = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)
_NAME_END = r"(?![\w\u00B7\u0300-\u036F\u203F\u2040])"


def column_order(text: str, variables: Sequence[str]) -> list[int] | None:
    """The positions of ``variables`` in the order a ``SELECT *`` query's text first names them.

    Parameters
    ----------
    text : str
        The query text (comments, strings and IRIs are skipped).
    variables : sequence of str
        The variables the engine projected, in the engine's order.

    Returns
    -------
    list of int or None
        Indexes into ``variables``, or None when the order is kept: the query's
        top-level projection is not ``*`` (its own SELECT clause orders it), or the
        engine's order is the text's already. A variable the text never names
        (none should) goes last, by name.

    Examples
    --------
    >>> column_order("SELECT * WHERE { ?s ?p ?o }", ["o", "p", "s"])
    [2, 1, 0]
    >>> column_order("SELECT ?o ?s WHERE { ?s ?p ?o }", ["o", "s"]) is None
    True
    >>> column_order("SELECT * { ?b <x:?a> ?a # ?z\\n BIND('?c' AS ?c) }", ["a", "b", "c"])
    [1, 0, 2]
    """
    if len(variables) < 2 or not _star(text):
        return None
    clean = _clean(text)

    def key(index: int):
        found = re.search(r"[?$]" + re.escape(variables[index]) + _NAME_END, clean)
        return (found is None, found.start() if found else 0, variables[index])

    order = sorted(range(len(variables)), key=key)
    return None if order == list(range(len(variables))) else order


@functools.lru_cache(maxsize=256)
def _clean(text: str) -> str:
    from .engine import _strip_noise

    return _strip_noise(text)


@functools.lru_cache(maxsize=256)
def _star(text: str) -> bool:
    from .engine import _top_level_braces

    clean = _clean(text)
    first = next(iter(_top_level_braces(text)), len(clean))
    return bool(_STAR.search(clean[:first]))
