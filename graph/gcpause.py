"""Pause Python's cyclic garbage collector while a step builds many objects."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the ``with`` block with the cyclic garbage collector off, then restore it.

    Loading 100,000 statements allocates millions of small objects (YAML nodes,
    dicts, pydantic models), none of them garbage; each allocation burst makes the
    collector walk everything still alive, which made loading 2.6x slower (measured:
    21.7 s vs 8.4 s). Reference counting still frees what is dropped; only cycles
    wait until the block ends. Nests, and leaves the collector off if it was off.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
