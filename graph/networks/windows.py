"""Moving time windows (DNA-NETWORKS.md §6, calendar units), with or without a kernel.

Without a kernel, windows are ``[t, t + window − 1 day]`` for ``t = start, start +
step, …``, and a window is produced only while it lies entirely inside ``[start,
end]`` — as in DNA. DNA (``Exporter.computeTimeWindowMatrices``,
dna/src/main/java/dna/export/Exporter.java) instead centres a window on each time
unit *t* and takes the statements dated in ``[t − h units, t + h units]``, both
ends inclusive, with ``h = round((w − 1)/2)``. For **days** that is 2h + 1 days,
so an odd size with a one-day step gives exactly DNA's windows (an even size grows
by one day). For **weeks, months and years** DNA's window is 2h units *plus one
day* — 1 month is the single day *t*, 3 months run from the 15th of January to the
15th of March inclusive — which no calendar-anchored window of ours reproduces: we
anchor windows at their start and give them exactly the size asked for. Duplicates
are removed once over the whole range before windowing (as in DNA); each window is
then the ordinary network of the kept statements inside it, normalised with the
window's own counts. Partial dates fall into a window by the ``date_rule`` (default:
only when every day they can mean is inside it). DNA's ``events`` windows are not
provided (their random tie-breaking is not reproducible).

With ``kernel=`` the windows are DNA's kernel-smoothed time slices instead
(:mod:`.kernels`).
"""

from __future__ import annotations

import datetime as _dt

import networkx as nx

from ..seeds.dataset import Dataset
from ..errors import UsageError
from .build import NetworkOptions, assemble
from .options import Span, shift, span_last_day
from .selection import in_range

__all__ = ["time_windows", "window_bounds"]


def window_bounds(start: _dt.date, end: _dt.date, window, step=None) -> list[tuple[_dt.date, _dt.date]]:
    """The ``(first day, last day)`` of every window inside ``[start, end]``.

    Parameters
    ----------
    start, end : date
        The range (inclusive).
    window, step : str or Span
        Lengths such as ``"2y"``, ``"6m"``, ``"4w"``, ``"30d"``; ``step`` defaults
        to one unit of the window's unit (DNA's step).

    Examples
    --------
    >>> d = _dt.date
    >>> window_bounds(d(2010, 1, 1), d(2013, 12, 31), "2y", "1y")
    [(datetime.date(2010, 1, 1), datetime.date(2011, 12, 31)), \
(datetime.date(2011, 1, 1), datetime.date(2012, 12, 31)), \
(datetime.date(2012, 1, 1), datetime.date(2013, 12, 31))]
    """
    window = Span.parse(window)
    step = Span(1, window.unit) if step is None else Span.parse(step)
    bounds = []
    n = 0
    while True:
        first = shift(start, step, n)
        last = None if first is None else span_last_day(first, window)
        if last is None or last > end:  # past the range, or past the calendar's last day
            return bounds
        bounds.append((first, last))
        n += 1


def time_windows(dataset: Dataset, kind="congruence", level="organisation", *, window, step=None,
                 start=None, end=None, kernel=None, indent_time: bool = True,
                 **options) -> list[tuple[_dt.date, _dt.date, nx.Graph]]:
    """One network per moving time window (or per kernel-smoothed slice).

    Parameters
    ----------
    dataset : Dataset
    kind, level, **options
        As for :func:`~stancegraph.graph.networks.build_network`.
    window, step : str
        Window length and step, e.g. ``window="2y", step="6m"`` (step defaults to
        one unit of the window).
    kernel : {None, "uniform", "epanechnikov", "triangular", "gaussian"}
        With a kernel, DNA's kernel-smoothed slices instead (:func:`~.kernels.kernel_slices`):
        ``window`` is the bandwidth, the step is one unit of it (``step`` must be left out),
        and each graph also records its mid-point as ``middle``.
    indent_time : bool
        With a kernel: DNA's ``indentTime`` (slices lie inside the timeline).
    start, end : str or date, optional
        The range; by default from the first to the last day any statement of the
        pool can mean.

    Returns
    -------
    list of (first day, last day, networkx.Graph)
        The graph of each window also has graph attributes ``start`` and ``end``
        (the window) and ``range_start``/``range_end``.

    Raises
    ------
    UsageError
        For bad options, or when the range has no statement to take its bounds from.
    """
    if kernel is not None:
        from .kernels import kernel_slices

        if step is not None:
            raise UsageError("kernel-smoothed slices move one unit of the window at a time; leave out step "
                             "(--step)")
        return [(s.start, s.end, s.graph) for s in kernel_slices(
            dataset, kind, level, window=window, kernel=kernel, indent_time=indent_time, start=start, end=end,
            **options)]
    opts = NetworkOptions.make(dataset, kind=kind, level=level, start=start, end=end, **options)
    selection = opts.select(dataset)
    range_start, range_end = opts.start, opts.end
    if range_start is None or range_end is None:
        everything = opts.select(dataset, start=None, end=None).pool
        if not everything:
            raise UsageError("no statements to take the window range from; give start and end (--from and --to)")
        range_start = range_start or min(c.date.earliest for c in everything)
        range_end = range_end or max(c.date.latest for c in everything)
        if range_start != opts.start or range_end != opts.end:
            selection = opts.select(dataset, start=range_start, end=range_end)
    result = []
    for first, last in window_bounds(range_start, range_end, window, step):
        kept = [c for c in selection.retained if in_range(c.date, first, last, opts.date_rule)]
        graph = assemble(dataset, opts, kept, selection.pool if opts.isolates else (), start=first, end=last)
        graph.graph["range_start"] = range_start.isoformat()
        graph.graph["range_end"] = range_end.isoformat()
        graph.graph["window"] = str(Span.parse(window))
        result.append((first, last, graph))
    return result
