"""Progress of long work, reported through one small callback (the library never prints).

A step that can take more than a moment calls ``progress(stage, done, total)``:

- a new ``stage`` (a short phrase: ``"reading 21 seed files"``, ``"loading triples
  into Oxigraph"``, ``"writing stancegraph.ttl"``) starts a step; ``done`` and
  ``total`` are None when the step cannot count its work;
- the same ``stage`` again with a larger ``done`` advances it (``total`` may stay
  None when the end is not known in advance, e.g. triples streamed from the mapping).

The command line turns these calls into rich's progress display on a terminal
(:mod:`stancegraph.graph.cli.progress`); tests record them (:class:`Recorder`);
everything else passes nothing and pays nothing (:data:`SILENT`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["Progress", "SILENT", "Recorder", "or_silent"]


class Progress(Protocol):
    """The callback: ``progress(stage, done=None, total=None)``."""

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None: ...


def _silent(stage: str, done: int | None = None, total: int | None = None) -> None:
    return None


SILENT: Progress = _silent
"""A callback that ignores every report."""


def or_silent(progress: Progress | None) -> Progress:
    """``progress``, or :data:`SILENT` when it is None."""
    return SILENT if progress is None else progress


@dataclass
class Recorder:
    """A callback that keeps every report, for tests and for tools that log.

    >>> record = Recorder()
    >>> record("building", 1, 2); record("building", 2, 2); record("writing x")
    >>> record.stages
    ['building', 'writing x']
    """

    calls: list[tuple[str, int | None, int | None]] = field(default_factory=list)

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        self.calls.append((stage, done, total))

    @property
    def stages(self) -> list[str]:
        """The stages reported, each once, in the order they started."""
        return list(dict.fromkeys(stage for stage, _done, _total in self.calls))
