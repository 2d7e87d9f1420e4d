"""Statements over time by stance: how much was said, and which way, per year or month.

Dates are partial (:mod:`stancegraph.schema.dates`): a statement dated only to a year
has a place in a yearly timeline but not in a monthly one. Such statements are never
spread over months (no day or month is invented); :func:`timeline_counts` reports how
many it could not place, and the figure's caption says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..errors import UsageError
from ..seeds.dataset import Dataset
from .frame import chart_frame
from .journal import FONT_SIZE, figure_width

__all__ = ["Timeline", "timeline_counts", "timeline_figure", "PERIODS"]

PERIODS = ("year", "month")
"""Timeline bins."""


@dataclass(frozen=True)
class Timeline:
    """Statement counts per period and stance.

    Attributes
    ----------
    period : str
        ``year`` or ``month``.
    counts : dict of str to dict of str to int
        Period (``YYYY`` or ``YYYY-MM``, every period from first to last, empty ones
        included) → stance → count.
    unplaced : int
        Statements whose date is vaguer than the period (a year-only date in a
        monthly timeline).
    selected : int
        Statements that matched the concept/actor filter.
    """

    period: str
    counts: dict[str, dict[str, int]]
    unplaced: int = 0
    selected: int = 0
    filters: tuple[str, ...] = field(default_factory=tuple)


def timeline_counts(dataset: Dataset, *, period: str = "year", concepts: Iterable[str] = (),
                    actors: Iterable[str] = (), narrower: bool = True, start=None, end=None) -> Timeline:
    """Count ``dataset``'s statements per ``period`` and stance.

    Parameters
    ----------
    dataset : Dataset
    period : {"year", "month"}
    concepts : iterable of str
        Keep statements on these concepts (and, with ``narrower``, on concepts below
        them in the SKOS hierarchy); empty: every concept.
    actors : iterable of str
        Keep statements whose speaker or organisation is one of these ids.
    narrower : bool
        Include narrower concepts of ``concepts``.
    start, end : str or date, optional
        Keep statements whose date lies wholly inside ``[start, end]`` (``YYYY``,
        ``YYYY-MM`` or ``YYYY-MM-DD``; the networks' ``within`` rule).

    Returns
    -------
    Timeline

    Raises
    ------
    UsageError
        For an unknown period, concept or actor.
    """
    if period not in PERIODS:
        raise UsageError(f"unknown period {period!r} (expected one of: {', '.join(PERIODS)})")
    concepts, actors = set(concepts), set(actors)
    for concept in sorted(concepts):
        if concept not in dataset.concepts:
            raise UsageError(f"unknown concept {concept!r}")
    for actor in sorted(actors):
        if actor not in dataset.people and actor not in dataset.organisations:
            raise UsageError(f"unknown person or organisation {actor!r}")
    wanted = set(concepts)
    if narrower and concepts:
        children: dict[str, list[str]] = {}
        for cid, concept in dataset.concepts.items():
            if concept.broader:
                children.setdefault(concept.broader, []).append(cid)
        stack = list(concepts)
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in wanted:
                    wanted.add(child)
                    stack.append(child)
    from ..networks.options import DateRule, parse_bound
    from ..networks.selection import in_range

    first, last = parse_bound(start, end=False), parse_bound(end, end=True)
    counter: Counter = Counter()
    unplaced = selected = 0
    for statement in dataset.statements.values():
        if wanted and statement.concept not in wanted:
            continue
        if actors and statement.speaker not in actors and statement.organisation not in actors:
            continue
        date = dataset.statement_date(statement)
        if (first or last) and not in_range(date, first, last, DateRule.WITHIN):
            continue
        selected += 1
        text = str(date)
        if period == "month" and len(text) < 7:
            unplaced += 1
            continue
        counter[(text[:4] if period == "year" else text[:7], statement.stance.value)] += 1
    keys = sorted({key for key, _ in counter})
    counts = {key: {s: counter.get((key, s), 0) for s in ("support", "mixed", "oppose")} for key in _every(keys, period)}
    filters = tuple(sorted(concepts)) + tuple(sorted(actors))
    return Timeline(period=period, counts=counts, unplaced=unplaced, selected=selected, filters=filters)


def _every(keys: list[str], period: str) -> list[str]:
    if not keys:
        return []
    if period == "year":
        return [str(y) for y in range(int(keys[0]), int(keys[-1]) + 1)]
    first, last = (int(keys[0][:4]), int(keys[0][5:])), (int(keys[-1][:4]), int(keys[-1][5:]))
    out, (y, m) = [], first
    while (y, m) <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_figure(timeline: Timeline, *, width: str | float = "column", caption: str | None = None):
    """Stacked bars of statements per period: support, mixed, oppose.

    Parameters
    ----------
    timeline : Timeline
    width : "column", "page" or float
    caption : str, optional
        A line under the chart (wrapped to the width).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.patches import Patch

    from ..view.style import STANCE_COLOURS

    width_in = figure_width(width)
    frame = chart_frame(width_in, plot_height=120.0, caption=caption, legend=("support", "mixed", "oppose"),
                        right=10.0, axis_space=34.0)
    axes = frame.axes
    periods = list(timeline.counts)
    x = list(range(len(periods)))
    bottom = [0] * len(periods)
    for stance in ("support", "mixed", "oppose"):
        values = [timeline.counts[p][stance] for p in periods]
        axes.bar(x, values, bottom=bottom, width=0.8, color=STANCE_COLOURS[stance], label=stance)
        bottom = [b + v for b, v in zip(bottom, values)]
    label_width = 24.0 if timeline.period == "year" else 30.0  # points per tick label: a year flat, a month at 45°
    step = max(1, -(-len(periods) // max(1, int((width_in * 72.0 - 44.0) / label_width))))
    flat = timeline.period == "year"
    axes.set_xticks(x[::step], periods[::step], rotation=0 if flat else 45, ha="center" if flat else "right")
    axes.set_ylabel("statements", fontsize=FONT_SIZE)
    axes.set_xlim(-0.6, max(len(periods), 1) - 0.4)
    axes.yaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return frame.finish([Patch(color=STANCE_COLOURS[s], label=s) for s in ("support", "mixed", "oppose")])


def outlying_start(dataset: Dataset, *, gap: int = 5, share: float = 0.1) -> tuple[str | None, int]:
    """A default first year that leaves out a few statements far before the rest.

    The NHS data holds two statements dated 1948 (Bevan) before 137 dated 2010–2018:
    a timeline or polarisation series over 1948–2018 is sixty empty years. The rule:
    sort the statements' years; if a gap of more than ``gap`` years separates an
    early group holding at most ``share`` of the statements from the rest, return the
    first year after the last such gap and how many statements lie before it. Callers
    say so (a caption) and let the user choose (``--from``).

    Returns
    -------
    (str or None, int)
        ``("YYYY", n)``, or ``(None, 0)`` when no such gap exists.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> outlying_start(load_dataset())
    ('2010', 2)
    """
    years = sorted(int(str(dataset.statement_date(s))[:4]) for s in dataset.statements.values())
    start, before = None, 0
    for i in range(1, len(years)):
        if years[i] - years[i - 1] > gap and i <= share * len(years):
            start, before = str(years[i]), i
    return start, before
