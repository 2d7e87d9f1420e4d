"""Kernel-smoothed time slices, as DNA 3.1 defines them (DNA-NETWORKS.md §6).

Source: ``Exporter.computeKernelSmoothedTimeSlices``, ``Exporter.processTimeSlice``
and ``Exporter.zeta`` in dna/src/main/java/dna/export/Exporter.java (DNA 3.1.2),
and ``Polarization.computeKernelSmoothedTimeSlices`` in
dna/src/main/java/dna/export/Polarization.java.

DNA's rules
-----------
* The window size *w* (in days, weeks, months or years) is rounded up to an even
  number.
* ``b`` and ``e`` are the first and last statement dates, clipped to the date range.
  Mid-points γ run from ``b`` to ``e`` one unit at a time (γ ← γ + 1 unit, so month
  ends are clamped as they go, as Java's ``plusMonths`` does); with ``indent_time``
  (DNA's ``indentTime``) from ``b + w/2`` to ``e − w/2`` units, so every slice lies
  inside the timeline.
* A slice is ``[max(b, γ − w/2), min(e, γ + w/2)]`` (``[b, e]`` for the Gaussian
  kernel, whose support is unbounded); a statement counts when its date is inside
  (always, for the Gaussian kernel).
* A statement's weight is ζ = K(u) with u = 2Δ/w, where Δ is the number of *whole*
  units between the statement and γ (Java's ``Duration.toDays``, ``toDays()/7``
  and ``Period.between``: truncated towards zero). Kernels K on |u| ≤ 1:
  uniform 0.5; Epanechnikov 0.75(1 − u²); triangular 1 − |u|; Gaussian
  φ(u) = exp(−u²/2)/√(2π) for every u.
* Two-mode cells sum ±ζ (``qualifier="subtract"``: the stance value q·ζ, with
  support +1, mixed 0, oppose −1) or ζ (``"ignore"``).
* One-mode ties sum √(ζ_s ζ_s′)·f(k, k′) over pairs of statements s of *i* and s′
  of *i′* on the same concept, f being the kind's similarity (congruence s,
  conflict 1 − s, subtract 2s − 1, co-occurrence 1; :mod:`.build`). Grouping the
  statements of a cell, this is Σ_j Σ_k Σ_k′ B[i,j,k]·B[i′,j,k′]·f(k,k′) with
  B = Σ √ζ over the cell's statements in the slice — computed that way here. As
  √ζ·√ζ′ is not √(ζζ′) to the last bit, a tie whose terms of both signs cancel
  (``subtract``) is set to 0 when |W| ≤ 10⁻¹² · Σ|terms|, where DNA's per-pair sum
  gives 0 (e.g. uniform ζ = ½: DNA's √¼ is exact, √½·√½ is not).
* ``normalisation="average"``: a tie is multiplied by
  Σ_{j,k} 2/(c[i,j,k] + c[i′,j,k]) over the cells where the sum is positive, c
  being the statement counts of the whole selection (DNA's array ``X``).
* Every slice has the nodes of the whole selection (DNA includes them all "to make
  the networks comparable").
* Integer qualifiers (``Statement.qualifier``, e.g. a DNA import on a 1…5 scale):
  when any statement of the selection carries one, the levels are the distinct
  values of the selected statements (of the pool with ``isolates``, as DNA's
  ``extractLabels`` takes them; a statement without a qualifier counts as its
  stance's +1/0/−1), B and the ``average`` counts are kept per value, and f uses
  s(q, q′) = 1 − |q − q′|/R with the observed range R = q_max − q_min. With a single
  value (R = 0) DNA's similarity is 0/0: every tie backed by a pair of weighted
  statements on a shared concept is NaN (co-occurrence excepted), the others 0.

Where we depart
---------------
* DNA's triangular kernel is ``|1 − u|``, which weights a statement after γ up to
  2 and one before γ down to 0 (§6); we use the triangular kernel 1 − |u|.
* DNA silently replaces ``jaccard``, ``cosine``, ``activity`` and ``prominence`` by
  ``average`` and ``combine`` by ``subtract``; here they are errors.
* Integer qualifiers, two-mode ``subtract``: ``processTimeSlice`` adds k·ζ, k being
  the value's *position* among the levels (0 for the lowest), not the value: on a
  −1…1 scale an oppose statement adds 0 and support 2ζ, unlike DNA's own unsmoothed
  subtract Σ q·a. We add q·ζ, the value (as for stances).
* Integer qualifiers, one-mode: ``processTimeSlice`` measures similarity by position,
  1 − |k − k′|/(L − 1) over the L levels sorted as *strings* ("-1" < "-2" < "0", "10"
  < "2"). That equals the value formula above only when the levels are consecutive
  integers within −1…9 (a 1…5 scale with every value used); with a gap (1, 2, 5), a
  value below −1 or one from 10 up, DNA's smoothed ties disagree with its own
  unsmoothed network and backbone. We use the values, as those do.
* DNA fills the diagonal of one-mode slices (i = i′); a graph has no self-ties, so
  the diagonal is not an edge (DNA's polarisation sets it to 0 too).
* Partial dates follow ``date_rule`` (:class:`~.options.DateRule`): ``earliest``
  takes the first day; ``within`` counts a statement only when every day its date
  can mean lies in the slice (Gaussian: always), with the mean weight ζ over those
  days — so no day is invented, and an exact date gets DNA's weight.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from typing import Callable, Sequence

import networkx as nx
import numpy as np

from ..errors import UsageError
from ..seeds.dataset import Dataset
from .build import STANCE_ORDER, NetworkOptions, _graph_attributes, _node_attributes, level_similarity, \
    qualifier_levels
from .options import DateRule, Normalisation, Qualifier, Span, add_span
from .selection import Coded

__all__ = ["Kernel", "zeta", "whole_units", "slice_midpoints", "KernelSlice", "kernel_slices",
           "kernel_matrices"]


class Kernel(str, Enum):
    """DNA's kernel functions (``kernel=`` of ``dna_network``)."""

    UNIFORM = "uniform"
    EPANECHNIKOV = "epanechnikov"
    TRIANGULAR = "triangular"
    GAUSSIAN = "gaussian"


def zeta(delta: float, w: int, kernel: Kernel | str) -> float:
    """The weight of a statement ``delta`` whole units from the mid-point, window ``w`` (even).

    Examples
    --------
    >>> zeta(0, 4, "uniform"), zeta(2, 4, "uniform"), zeta(3, 4, "uniform")
    (0.5, 0.5, 0.0)
    >>> zeta(1, 4, "epanechnikov"), zeta(-1, 4, "triangular")
    (0.5625, 0.5)
    >>> round(zeta(0, 4, "gaussian"), 6)
    0.398942
    """
    kernel = Kernel(kernel)
    u = 2.0 * delta / w
    if kernel is Kernel.GAUSSIAN:
        return math.exp(-0.5 * u * u) / math.sqrt(2.0 * math.pi)
    if u < -1.0 or u > 1.0:
        return 0.0
    if kernel is Kernel.UNIFORM:
        return 0.5
    if kernel is Kernel.EPANECHNIKOV:
        return 0.75 * (1.0 - u * u)
    return 1.0 - abs(u)


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // b
    return q if a >= 0 else -q


def whole_units(day: _dt.date, gamma: _dt.date, unit: str) -> int:
    """Whole ``unit``s (d, w, m, y) from ``day`` to ``gamma``, truncated towards zero as Java does.

    Months and years follow ``java.time.Period.between``: a part month does not count.

    Examples
    --------
    >>> d = _dt.date
    >>> whole_units(d(2020, 1, 1), d(2020, 1, 15), "w"), whole_units(d(2020, 1, 15), d(2020, 1, 1), "w")
    (2, -2)
    >>> whole_units(d(2020, 1, 31), d(2020, 2, 29), "m"), whole_units(d(2020, 1, 15), d(2020, 3, 15), "m")
    (0, 2)
    >>> whole_units(d(2021, 6, 1), d(2020, 6, 2), "y")
    0
    """
    days = (gamma - day).days
    if unit == "d":
        return days
    if unit == "w":
        return _trunc_div(days, 7)
    months = (gamma.year * 12 + gamma.month) - (day.year * 12 + day.month)
    rest = gamma.day - day.day
    if months > 0 and rest < 0:
        months -= 1
    elif months < 0 and rest > 0:
        months += 1
    return months if unit == "m" else _trunc_div(months, 12)


def slice_midpoints(b: _dt.date, e: _dt.date, window: Span, indent_time: bool = True) -> list[_dt.date]:
    """DNA's mid-points γ from ``b`` to ``e`` (``window.count`` rounded up to even), one unit apart.

    Examples
    --------
    >>> d = _dt.date
    >>> slice_midpoints(d(2020, 1, 1), d(2020, 1, 6), Span(3, "d"))  # w = 4: from b + 2 to e − 2
    [datetime.date(2020, 1, 3), datetime.date(2020, 1, 4)]
    >>> len(slice_midpoints(d(2020, 1, 1), d(2020, 1, 6), Span(4, "d"), indent_time=False))
    6
    """
    half = Span(_even(window.count) // 2, window.unit)
    one = Span(1, window.unit)
    gamma, last = b, e
    if indent_time:
        gamma = add_span(b, half)
        last = add_span(e, half, -1)
    points = []
    while gamma <= last:
        points.append(gamma)
        following = add_span(gamma, one)
        if following == gamma:  # the calendar's end (add_span stops there)
            break
        gamma = following
    return points


_CANCELLED = 1e-12
"""A one-mode tie with terms of both signs is 0 when |W| is at most this share of Σ|terms| (rounding noise)."""


def _even(w: int) -> int:
    return w + 1 if w % 2 else w


@dataclass(frozen=True)
class KernelSlice:
    """One kernel-smoothed slice: its bounds, mid-point and network."""

    start: _dt.date
    middle: _dt.date
    end: _dt.date
    graph: nx.Graph


@dataclass
class _Prepared:
    """The selection indexed for smoothing (rows, columns, qualifier levels, dates).

    ``keys`` are the levels: the three stances, or the integer qualifier values
    ascending (``levels`` then lists them, else None); ``level`` is each statement's
    index into ``keys`` and ``value`` its value (the stance as −1/0/+1, or the integer).
    """

    rows: list[str]
    cols: list[str]
    kinds: dict[str, str]
    coded: list[Coded]
    row: np.ndarray
    col: np.ndarray
    level: np.ndarray
    keys: tuple
    levels: list[int] | None
    value: np.ndarray
    first: list[_dt.date]
    last: list[_dt.date]
    ordinal: np.ndarray
    last_ordinal: np.ndarray
    month_index: np.ndarray
    day: np.ndarray
    vague: list[int]


def _prepare(options: NetworkOptions, retained: Sequence[Coded], pool: Sequence[Coded]) -> _Prepared:
    swap = options.kind.concept_nodes
    kinds: dict[str, str] = {}
    rows: set[str] = set()
    cols: set[str] = set()
    for c in [*retained, *pool]:
        if c.actor is None:
            if not options.kind.one_mode or swap:
                (cols if not swap else rows).add(c.concept)
                kinds[c.concept] = "concept"
            continue
        actor, concept = (c.concept, c.actor) if swap else (c.actor, c.concept)
        rows.add(actor)
        cols.add(concept)
        kinds[c.actor] = c.actor_kind
        kinds[c.concept] = "concept"
    rows_sorted, cols_sorted = sorted(rows), sorted(cols)
    r_index = {n: i for i, n in enumerate(rows_sorted)}
    c_index = {n: i for i, n in enumerate(cols_sorted)}
    used = list(retained)
    # DNA's levels: the values of the filtered statements (of the pool with isolates; Exporter.extractLabels)
    levels = qualifier_levels([*used, *pool])
    level_keys = STANCE_ORDER if levels is None else tuple(levels)
    level_of = {k: i for i, k in enumerate(level_keys)}
    keys = [((c.concept, c.actor) if swap else (c.actor, c.concept)) for c in used]
    date_rule = options.date_rule
    first = [c.date.earliest for c in used]
    last = [c.date.latest if date_rule is DateRule.WITHIN else c.date.earliest for c in used]
    return _Prepared(
        rows=rows_sorted, cols=cols_sorted, kinds=kinds, coded=used,
        row=np.array([r_index[k[0]] for k in keys], dtype=np.int64),
        col=np.array([c_index[k[1]] for k in keys], dtype=np.int64),
        level=np.array([level_of[c.stance if levels is None else c.value] for c in used], dtype=np.int64),
        keys=level_keys, levels=levels, value=np.array([c.value for c in used], dtype=float),
        first=first, last=last,
        ordinal=np.array([d.toordinal() for d in first], dtype=np.int64),
        last_ordinal=np.array([d.toordinal() for d in last], dtype=np.int64),
        month_index=np.array([d.year * 12 + d.month for d in first], dtype=np.int64),
        day=np.array([d.day for d in first], dtype=np.int64),
        vague=[i for i, (f, t) in enumerate(zip(first, last)) if f != t],
    )


def _whole_units_vec(ordinal: np.ndarray, month_index: np.ndarray, day: np.ndarray, gamma: _dt.date,
                     unit: str) -> np.ndarray:
    """:func:`whole_units` for many exact days at once (ordinals, year·12 + month, day of month)."""
    days = gamma.toordinal() - ordinal
    if unit == "d":
        return days
    if unit == "w":
        return np.sign(days) * (np.abs(days) // 7)
    months = (gamma.year * 12 + gamma.month) - month_index
    rest = gamma.day - day
    months = np.where((months > 0) & (rest < 0), months - 1, np.where((months < 0) & (rest > 0), months + 1, months))
    return months if unit == "m" else np.sign(months) * (np.abs(months) // 12)


def _zeta_vec(delta: np.ndarray, w: int, kernel: Kernel) -> np.ndarray:
    u = 2.0 * delta / w
    if kernel is Kernel.GAUSSIAN:
        return np.exp(-0.5 * u * u) / math.sqrt(2.0 * math.pi)
    inside = np.abs(u) <= 1.0
    if kernel is Kernel.UNIFORM:
        value = np.full(u.shape, 0.5)
    elif kernel is Kernel.EPANECHNIKOV:
        value = 0.75 * (1.0 - u * u)
    else:
        value = 1.0 - np.abs(u)
    return np.where(inside, value, 0.0)


def _weights(prep: _Prepared, gamma: _dt.date, lo: _dt.date, hi: _dt.date, w: int, unit: str,
             kernel: Kernel) -> np.ndarray:
    """ζ of every statement for the slice around ``gamma`` (0 outside ``[lo, hi]`` unless Gaussian)."""
    out = _zeta_vec(_whole_units_vec(prep.ordinal, prep.month_index, prep.day, gamma, unit), w, kernel)
    if kernel is not Kernel.GAUSSIAN:
        out = np.where((prep.ordinal >= lo.toordinal()) & (prep.last_ordinal <= hi.toordinal()), out, 0.0)
    for index in prep.vague:  # partial dates under ``within``: the mean weight over their days
        if out[index] == 0.0 and kernel is not Kernel.GAUSSIAN:
            continue
        first, last = prep.first[index], prep.last[index]
        days = (last - first).days + 1
        out[index] = sum(zeta(whole_units(first + _dt.timedelta(days=n), gamma, unit), w, kernel)
                         for n in range(days)) / days
    return out


def _similarity(tie: str, prep: _Prepared) -> np.ndarray:
    """f(k, k′) of the kind over the levels (the stances, or the integer values with DNA's observed range)."""
    keys, factor = level_similarity(tie, prep.levels)
    return np.array([[factor(a, b) for b in keys] for a in keys])


def kernel_matrices(prep: _Prepared, options: NetworkOptions, weights: np.ndarray, counts: np.ndarray | None,
                    tie: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The slice's (raw, normalised) matrices: rows × columns (two-mode) or rows × rows (one-mode, diagonal 0).

    ``counts`` (rows × columns × levels) are the statement counts for DNA's ``average``
    factor; ``tie`` overrides the kind's tie (congruence, conflict, …). Two-mode
    ``subtract`` weighs ζ by the statement's value (stance −1/0/+1 or integer qualifier).
    """
    n_rows, n_cols = len(prep.rows), len(prep.cols)
    if not options.kind.one_mode:
        signed = weights if options.qualifier is Qualifier.IGNORE else weights * prep.value
        matrix = np.zeros((n_rows, n_cols))
        np.add.at(matrix, (prep.row, prep.col), signed)
        return matrix, matrix
    b = np.zeros((n_rows, n_cols, len(prep.keys)))
    np.add.at(b, (prep.row, prep.col, prep.level), np.sqrt(weights))
    tie = tie or options.kind.tie
    if prep.levels is not None and len(prep.levels) == 1 and tie != "cooccurrence":
        # R = 0: DNA's similarity 0/0 is NaN, so every pair of weighted statements on a concept makes the tie NaN
        flat = b.sum(axis=2)
        matrix = np.where(flat @ flat.T > 0, math.nan, 0.0)
    else:
        sim = _similarity(tie, prep)
        matrix = np.zeros((n_rows, n_rows))
        mass = np.zeros((n_rows, n_rows)) if (sim < 0).any() and (sim > 0).any() else None
        for k1 in range(len(prep.keys)):
            for k2 in range(len(prep.keys)):
                if sim[k1, k2]:
                    product = b[:, :, k1] @ b[:, :, k2].T
                    matrix += sim[k1, k2] * product
                    if mass is not None:
                        mass += abs(sim[k1, k2]) * product
        if mass is not None:  # terms of both signs: a sum that cancels to rounding noise (√ζ·√ζ′ ≠ √(ζζ′)) is 0
            matrix[np.abs(matrix) <= _CANCELLED * mass] = 0.0
    np.fill_diagonal(matrix, 0.0)
    if options.normalisation is Normalisation.AVERAGE and counts is not None:
        return matrix, matrix * _average_factor(counts, matrix != 0)
    return matrix, matrix


def _average_factor(counts: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Σ_{j,k} 2/(c[i,j,k] + c[i′,j,k]) over positive sums, for the pairs in ``where`` (else 1)."""
    factor = np.ones(where.shape)
    flat = counts.reshape(counts.shape[0], -1)
    for i, i2 in zip(*np.nonzero(where)):
        total = flat[i] + flat[i2]
        positive = total > 0
        factor[i, i2] = float(np.sum(2.0 / total[positive]))
    return factor


def _counts(prep: _Prepared, mask: np.ndarray | None = None) -> np.ndarray:
    counts = np.zeros((len(prep.rows), len(prep.cols), len(prep.keys)))
    rows, cols, levels = (prep.row, prep.col, prep.level) if mask is None else \
        (prep.row[mask], prep.col[mask], prep.level[mask])
    np.add.at(counts, (rows, cols, levels), 1.0)
    return counts


def check_kernel_options(options: NetworkOptions) -> None:
    """:class:`UsageError` for settings DNA silently replaces under a kernel (see the module docstring)."""
    if options.normalisation not in (Normalisation.NONE, Normalisation.AVERAGE) or \
            (options.normalisation is Normalisation.AVERAGE and not options.kind.one_mode):
        raise UsageError(f"normalisation {options.normalisation.value!r} is not defined for kernel-smoothed slices "
                         "(one-mode: none or average; two-mode: none) — DNA would silently use 'average'")
    if options.qualifier is Qualifier.COMBINE:
        raise UsageError("qualifier 'combine' is not defined for kernel-smoothed slices "
                         "(DNA would silently use 'subtract'); use ignore or subtract")


def kernel_slices(dataset: Dataset, kind="congruence", level="organisation", *, window, kernel="uniform",
                  indent_time: bool = True, start=None, end=None,
                  progress: Callable[[int, int], None] | None = None, **options) -> list[KernelSlice]:
    """DNA's kernel-smoothed time slices of any network kind (module docstring).

    Parameters
    ----------
    dataset : Dataset
    kind, level, start, end, **options
        As for :func:`~stancegraph.graph.networks.build_network`; ``normalisation`` is
        ``none`` or (one-mode) ``average``; ``qualifier`` ``ignore`` or ``subtract``.
    window : str or Span
        The bandwidth *w*, e.g. ``"100d"``, ``"8w"``, ``"6m"``, ``"2y"`` (rounded up to even).
    kernel : {"uniform", "epanechnikov", "triangular", "gaussian"}
    indent_time : bool
        DNA's ``indentTime``: first and last mid-points half a window inside the timeline.
    progress : callable(done, total), optional
        Called after each slice.

    Returns
    -------
    list of KernelSlice
        ``start``/``middle``/``end`` dates and a graph whose nodes are every node of the
        selection; edges where the smoothed weight is not 0, with ``weight``,
        ``raw_weight`` (before ``average``), ``statements`` (ids with ζ > 0 behind the
        tie) and, one-mode, ``concepts`` (``actors`` in concept networks). Graph
        attributes: ``start``, ``middle``, ``end``, ``kernel``, ``window``,
        ``statement_count`` (statements with ζ > 0).

    Raises
    ------
    UsageError
        For bad options or when the selection has no statement.
    """
    try:
        kernel = Kernel(kernel)
    except ValueError:
        raise UsageError(f"unknown kernel {kernel!r} (expected one of: {', '.join(k.value for k in Kernel)})") from None
    span = Span.parse(window)
    opts = NetworkOptions.make(dataset, kind=kind, level=level, start=start, end=end, **options)
    check_kernel_options(opts)
    selection = opts.select(dataset)
    prep = _prepare(opts, selection.retained, selection.pool if opts.isolates else ())
    if not prep.coded:
        raise UsageError("no statements to smooth in the date range")
    b = max(min(prep.first), opts.start) if opts.start else min(prep.first)
    e = min(max(prep.last), opts.end) if opts.end else max(prep.last)
    w = _even(span.count)
    half = Span(w // 2, span.unit)
    counts = _counts(prep)
    result = []
    points = slice_midpoints(b, e, span, indent_time)
    for number, gamma in enumerate(points, 1):
        if kernel is Kernel.GAUSSIAN:
            lo, hi = b, e
        else:
            lo, hi = max(b, add_span(gamma, half, -1)), min(e, add_span(gamma, half))
        weights = _weights(prep, gamma, lo, hi, w, span.unit, kernel)
        raw, matrix = kernel_matrices(prep, opts, weights, counts)
        graph = _slice_graph(dataset, opts, prep, weights, matrix, raw)
        graph.graph.update(start=lo.isoformat(), middle=gamma.isoformat(), end=hi.isoformat(), kernel=kernel.value,
                           window=str(Span(w, span.unit)), indent_time=indent_time,
                           statement_count=int(np.count_nonzero(weights)))
        result.append(KernelSlice(lo, gamma, hi, graph))
        if progress:
            progress(number, len(points))
    return result


def _slice_graph(dataset: Dataset, opts: NetworkOptions, prep: _Prepared, weights: np.ndarray,
                 matrix: np.ndarray, raw: np.ndarray) -> nx.Graph:
    graph = nx.Graph()
    active = [c for c, z in zip(prep.coded, weights) if z > 0]
    graph.graph.update(_graph_attributes(dataset, opts, active, None, None))
    swap = opts.kind.concept_nodes
    counts: dict[str, int] = defaultdict(int)
    for c in active:
        counts[c.actor] += 1
        counts[c.concept] += 1
    nodes = prep.rows if opts.kind.one_mode else prep.rows + prep.cols
    for node in nodes:
        graph.add_node(node, **_node_attributes(dataset, node, prep.kinds[node], counts[node], opts.kind))
    # cells keyed by stance (two-mode: the edge's stance words) or, one-mode, by level (the similarity's keys)
    cells: dict[tuple[int, int], dict] = defaultdict(lambda: defaultdict(list))
    for index in np.nonzero(weights > 0)[0]:
        c = prep.coded[index]
        key = c.stance if not opts.kind.one_mode else prep.keys[prep.level[index]]
        cells[(int(prep.row[index]), int(prep.col[index]))][key].append(c.id)
    if not opts.kind.one_mode:
        for (i, j), stances in sorted(cells.items()):
            if matrix[i, j] != 0:
                graph.add_edge(prep.rows[i], prep.cols[j], weight=float(matrix[i, j]), raw_weight=float(raw[i, j]),
                               statements=sorted(x for ids in stances.values() for x in ids),
                               stance="+".join(s.value for s in STANCE_ORDER if stances.get(s)))
        return graph
    by_row: dict[int, dict[int, dict]] = defaultdict(dict)
    for (i, j), stances in cells.items():
        by_row[i][j] = stances
    _, factor = level_similarity(opts.kind.tie, prep.levels)
    via_name = "actors" if swap else "concepts"
    for i, i2 in zip(*np.nonzero(np.triu(matrix, 1))):
        ids: set[str] = set()
        via: set[str] = set()
        for j in by_row[i].keys() & by_row[i2].keys():
            for k1, a in by_row[i][j].items():
                for k2, b2 in by_row[i2][j].items():
                    if factor(k1, k2):
                        ids.update(a)
                        ids.update(b2)
                        via.add(prep.cols[j])
        graph.add_edge(prep.rows[i], prep.rows[i2], weight=float(matrix[i, i2]), raw_weight=float(raw[i, i2]),
                       statements=sorted(ids), **{via_name: sorted(via)})
    return graph
