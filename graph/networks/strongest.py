"""The strongest ties of a network, chosen while the ties stream past.

A network of 100,000 statements at person level has millions of ties; a page or
a reader wants the strongest few thousand. :func:`strongest` keeps the ``limit``
ties of largest ``|weight|`` (equal weights by ``|raw weight|``, then by the two
node ids, so the choice is deterministic) plus, for every node that would otherwise
lose all its ties, its own strongest tie, so no node with a tie is left unconnected.
It holds ``limit`` ties and one tie per node, never the whole network.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any, Iterable

__all__ = ["Strongest", "strongest", "tie_key"]


def tie_key(u: Any, v: Any, raw_weight: float, weight: float) -> tuple:
    """Sort key of a tie, strongest first: ``-|weight|``, ``-|raw weight|``, then the two ids in order.

    Examples
    --------
    >>> sorted([tie_key("a", "b", 1, 1), tie_key("c", "a", -3, -3), tie_key("b", "c", 2, 1)])[0]
    (-3.0, -3.0, 'a', 'c')
    """
    first, second = sorted((str(u), str(v)))
    return (-abs(float(weight)), -abs(float(raw_weight)), first, second)


@dataclass(frozen=True)
class Strongest:
    """The chosen ties, strongest first, then the ties added so every node keeps one.

    Attributes
    ----------
    ties : list of tuple
        The chosen items as given to :func:`strongest` (``(u, v, raw weight, weight, …)``).
    total : int
        How many ties streamed past.
    added : int
        How many of ``ties`` (at the end) were kept beyond the limit.
    """

    ties: list[tuple]
    total: int
    added: int


def strongest(ties: Iterable[tuple], limit: int) -> Strongest:
    """Keep the ``limit`` strongest of ``ties``, and each otherwise tieless node's strongest tie.

    Parameters
    ----------
    ties : iterable of tuple
        ``(u, v, raw_weight, weight, *anything)``; each pair at most once.
    limit : int
        How many ties to keep before the per-node ones are added (at least 1).

    Returns
    -------
    Strongest

    Examples
    --------
    >>> ties = [("a", "b", 5, 5.0), ("b", "c", 4, 4.0), ("a", "c", 3, 3.0), ("b", "d", 2, 2.0), ("c", "d", 1, 1.0)]
    >>> kept = strongest(ties, 1)
    >>> [t[:2] for t in kept.ties], kept.total, kept.added
    ([('a', 'b'), ('b', 'c'), ('b', 'd')], 5, 2)
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    best: dict[Any, tuple] = {}
    total = 0

    def keyed():
        nonlocal total
        for item in ties:
            total += 1
            u, v, raw_weight, weight = item[:4]
            if u.__class__ is str and v.__class__ is str:  # the common case, without tie_key's call
                key = (-abs(weight), -abs(raw_weight), u, v) if u <= v else (-abs(weight), -abs(raw_weight), v, u)
            else:
                key = tie_key(u, v, raw_weight, weight)
            entry = (key, item)
            for node in (item[0], item[1]):
                held = best.get(node)
                if held is None or key < held[0]:
                    best[node] = entry
            yield entry

    top = heapq.nsmallest(limit, keyed(), key=lambda entry: entry[0])
    covered = {node for _, item in top for node in item[:2]}
    kept = {entry[0] for entry in top}
    extra = sorted({best[node][0]: best[node] for node in best if node not in covered}.values(),
                   key=lambda entry: entry[0])
    extra = [entry for entry in extra if entry[0] not in kept]
    return Strongest(ties=[item for _, item in top + extra], total=total, added=len(extra))
