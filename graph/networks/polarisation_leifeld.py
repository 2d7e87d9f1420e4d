"""Polarisation as Leifeld's DNA defines it (``dna_polarization``): k balanced clusters of actors.

Beside it, :func:`~.analysis.polarisation_modularity` measures polarisation as the
modularity of Louvain coalitions; the two are different measures and named apart.

Source: dna/src/main/java/dna/export/Polarization.java (DNA 3.1, leifeld/dna) and
rDNA/rDNA/R/dna_polarization.R.

DNA's definition
----------------
* **Networks.** For each time slice (or the whole period) an actor congruence
  network *C* and conflict network *F*, one-mode, ``average`` normalisation,
  qualifier = stance. Whole period: DNA's ordinary networks
  (:func:`~.build.build_network`). Over time: kernel-smoothed slices
  (:mod:`.kernels`) whose nodes are the actors active in the slice and whose
  ``average`` factor uses the slice's own statement counts; the diagonal is 0.
* **Clusters.** A membership vector puts the *n* actors into *k* clusters of
  balanced sizes (⌈n/k⌉ or ⌊n/k⌋; the first ``n mod k`` clusters get the extra one).
* **Quality** (``qualityAbsdiff``). With ‖·‖ the entrywise 1-norm, n_c the cluster
  sizes, W = Σ_c n_c(n_c − 1) the ordered within-cluster dyads and B = n(n − 1) − W
  the between-cluster dyads, expected within-cluster congruence of cluster c
  E_c = (n_c(n_c − 1)/W)·(‖C‖/W), expected between-cluster conflict of clusters c, d
  E_cd = (n_c n_d/B)·(‖F‖/B), and over ordered dyads i ≠ j::

      Q = ½ Σ_within (|C_ij − E_c| + |F_ij|) + ½ Σ_between (|C_ij| + |F_ij − E_cd|)

  With ``normalise=True`` (DNA's ``normalizeScores``) Q = (the sum)/(2(‖C‖ + ‖F‖)),
  which lies in [0, 1]. The polarisation score is the largest Q found.
* **Greedy** (``greedyTimeStep``): a random balanced membership; then for i = 0…n−1,
  j = 1…n−1 with i < j in different clusters, swap i and j when that raises Q
  (first improvement, kept at once); repeat whole passes until a pass changes
  nothing. The convergence trace is Q after the start and after every accepted swap.
* **Genetic** (``geneticTimeStep``): ``parents`` random balanced memberships; each
  generation keeps the ⌊elite·parents⌉ best (at least one), fills up with children
  of two parents — the first drawn with probability proportional to Q, the second
  likewise or (coin flip) uniformly, never the first — made by relabelling the first
  parent's clusters to overlap the second's most, taking each actor's cluster from
  either at random and re-balancing the sizes; then non-elite children get
  round(mutation·n/2) swaps of two actors in different clusters. It stops after
  ``iterations`` generations, or early once, for 10 generations, the best and mean Q
  (rounded to 2 decimals) agree and DNA's spread Σ|Q − mean|/√parents rounds to 0.
  The trace (best, mean, spread per generation) is cut after the first generation
  that reached the final best value.
* A slice with n ≤ k actors or no congruence and conflict at all scores 0.
* Integer qualifiers (e.g. a DNA import on a 1…5 scale) enter both networks as in
  :mod:`.build` and :mod:`.kernels` (the values, DNA's observed range R). A single
  value (R = 0) makes every tie NaN in DNA (0/0) and its quality undefined; we
  refuse it in one line.

Note: the quality measures how far the networks are from the pattern expected of a
polarised partition, and DNA *maximises* it; E_c also divides by W twice (the Java
comment expects E_c "around 0.5" of the congruence per within dyad for two clusters).
On two clean camps the split across the camps therefore scores higher than the split
along them (worked in tests/test_networks_polarisation_leifeld.py). We reproduce the
measure exactly as DNA computes it.

Where we depart (DNA's defects, fixed)
--------------------------------------
* Kernel-smoothed slices: DNA passes both matrices through the exporter with its
  aggregation left at ``subtract``, so its "congruence" and "conflict" over time are
  the same subtract network; we compute congruence and conflict as named.
  DNA also leaves statements on a slice's first and last day out (open interval);
  we include them, as its exporter does.
* Greedy: DNA runs whenever n ≥ k *or* the network is empty, and tests
  ‖C‖ + ‖C‖ for emptiness; we skip exactly the slices described above. DNA shuffles
  the starting membership with Java's global random source, so even a seeded run
  differs between calls; ours comes from the seed. A swap must raise Q by more than
  10⁻¹² of the network's mass (rounding cannot make two swaps undo each other).
* Genetic: DNA's mutations change a copy of each child and are lost; ours are
  applied (at most as many swaps as there are pairs in different clusters). DNA
  reports the best Q of the last evaluated generation with the memberships of the
  *child* at that index; we report the memberships that scored it.
* Random numbers come from numpy's PCG64 seeded with ``seed`` (one stream per slice
  drawn from it), not Java's ``Random``: runs are reproducible, but not DNA's draws.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
from dataclasses import dataclass, field
from typing import Callable

import networkx as nx
import numpy as np

from ..errors import UsageError
from ..seeds.dataset import Dataset
from .build import NetworkOptions, build_network, qualifier_levels
from .kernels import Kernel, _counts, _even, _prepare, _weights, check_kernel_options, kernel_matrices, \
    slice_midpoints
from .options import Span, add_span

__all__ = ["PolarisationResult", "polarisation_leifeld", "quality_absdiff", "greedy_clusters",
           "genetic_clusters", "ALGORITHMS"]

ALGORITHMS = ("greedy", "genetic")


@dataclass(frozen=True)
class PolarisationResult:
    """Leifeld polarisation of one slice (or of the whole period).

    ``score`` is DNA's ``finalMaxQs`` entry, ``labels``/``memberships`` its
    ``labels``/``memberships`` (cluster 0 … k−1 per actor id), ``max_q``, ``avg_q``,
    ``sd_q`` its convergence traces (``maxQs``, ``avgQs``, ``sdQs``; one value per
    greedy improvement or per genetic generation) and ``early_convergence`` its flag.
    ``start``/``middle``/``end`` are the slice (None for the whole period without a
    date range).
    """

    start: _dt.date | None
    middle: _dt.date | None
    end: _dt.date | None
    score: float
    labels: tuple[str, ...]
    memberships: tuple[int, ...]
    max_q: tuple[float, ...]
    avg_q: tuple[float, ...]
    sd_q: tuple[float, ...]
    early_convergence: bool
    statements: int
    algorithm: str
    clusters: int = 2
    normalised: bool = False
    groups: tuple[tuple[str, ...], ...] = field(default=())

    def as_dict(self) -> dict:
        """A JSON-ready mapping (dates as ISO strings)."""
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"start": iso(self.start), "middle": iso(self.middle), "end": iso(self.end), "score": self.score,
                "labels": list(self.labels), "memberships": list(self.memberships), "max_q": list(self.max_q),
                "avg_q": list(self.avg_q), "sd_q": list(self.sd_q), "early_convergence": self.early_convergence,
                "statements": self.statements, "algorithm": self.algorithm, "clusters": self.clusters,
                "normalised": self.normalised, "groups": [list(g) for g in self.groups]}


# --- the quality function -----------------------------------------------------------------------------------------

def _expectations(memberships: np.ndarray, k: int, cong_norm: float, conf_norm: float):
    n = len(memberships)
    sizes = np.bincount(memberships, minlength=k).astype(float)
    within = float(np.sum(sizes * (sizes - 1)))
    between = n * (n - 1) - within
    e_within = sizes * (sizes - 1) / within * (cong_norm / within) if within else np.zeros(k)
    e_between = np.outer(sizes, sizes) / between * (conf_norm / between) if between else np.zeros((k, k))
    return e_within, e_between


def quality_absdiff(memberships, congruence: np.ndarray, conflict: np.ndarray, k: int,
                    normalise: bool = False) -> float:
    """DNA's ``qualityAbsdiff`` (module docstring) of one membership vector.

    Parameters
    ----------
    memberships : sequence of int, length n
        Cluster 0 … k−1 of each actor.
    congruence, conflict : ndarray, n × n
        Symmetric, zero diagonal.
    k : int
    normalise : bool

    Examples
    --------
    Two camps {a, b} and {c, d} that agree inside and disagree across (worked in
    tests/test_networks_polarisation_leifeld.py): the split along the camps scores 3,
    the split across them 7.

    >>> C = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], float)
    >>> F = np.array([[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 0, 0], [1, 1, 0, 0]], float)
    >>> quality_absdiff([0, 0, 1, 1], C, F, 2), quality_absdiff([0, 1, 0, 1], C, F, 2)
    (3.0, 7.0)
    """
    m = np.asarray(memberships, dtype=np.int64)
    cong_norm, conf_norm = float(np.abs(congruence).sum()), float(np.abs(conflict).sum())
    e_within, e_between = _expectations(m, k, cong_norm, conf_norm)
    same = m[:, None] == m[None, :]
    off = ~np.eye(len(m), dtype=bool)
    within = np.abs(congruence - e_within[m][:, None]) + np.abs(conflict)
    across = np.abs(congruence) + np.abs(conflict - e_between[m][:, m])
    total = float(np.sum(np.where(same, within, across)[off]))
    if normalise:
        mass = cong_norm + conf_norm
        return total / (2.0 * mass) if mass else 0.0
    return total * 0.5


def _balanced(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """DNA's ``createRandomMemberships``: 0, 1, …, k−1, 0, 1, … (n items), shuffled."""
    m = np.arange(n, dtype=np.int64) % k
    rng.shuffle(m)
    return m


# --- greedy ---------------------------------------------------------------------------------------------------------

def greedy_clusters(congruence: np.ndarray, conflict: np.ndarray, k: int = 2, normalise: bool = False,
                    rng: np.random.Generator | None = None, start=None) -> tuple[np.ndarray, list[float]]:
    """DNA's greedy membership swapping (module docstring).

    Returns the best memberships and the trace of Q (start, then after each accepted swap).
    ``start`` overrides the random starting memberships.

    Swaps keep the cluster sizes, so the expected values stay fixed and the change of
    Q from a swap is computed from per-actor costs in O(1) (the same sum, regrouped).
    """
    rng = rng or np.random.default_rng(0)
    n = congruence.shape[0]
    m = _balanced(n, k, rng) if start is None else np.array(start, dtype=np.int64)
    cong_norm, conf_norm = float(np.abs(congruence).sum()), float(np.abs(conflict).sum())
    e_within, e_between = _expectations(m, k, cong_norm, conf_norm)
    abs_c, abs_f = np.abs(congruence), np.abs(conflict)
    # g[c][i, l]: cost of dyad (i, l) with i in cluster c and l where it is now
    within_cost = [np.abs(congruence - e_within[c]) + abs_f for c in range(k)]
    between_cost = {(c, d): abs_c + np.abs(conflict - e_between[c, d]) for c in range(k) for d in range(k) if c != d}

    def g(i: int, l: int, c: int, d: int) -> float:
        return within_cost[c][i, l] if c == d else between_cost[(c, d)][i, l]

    def row_costs() -> np.ndarray:
        costs = np.zeros((n, k))
        for c in range(k):
            for d in range(k):
                cols = m == d
                block = within_cost[c] if c == d else between_cost[(c, d)]
                costs[:, c] += block[:, cols].sum(axis=1)
            costs[:, c] -= np.diag(within_cost[c]) * (m == c) + np.array(
                [0.0 if m[i] == c else between_cost[(c, m[i])][i, i] for i in range(n)])
        return costs

    scale = 0.5 / (cong_norm + conf_norm) if normalise and cong_norm + conf_norm else 0.5
    costs = row_costs()
    current = quality_absdiff(m, congruence, conflict, k, normalise)
    trace = [current]
    tolerance = 1e-12 * max(1.0, (cong_norm + conf_norm) * scale)
    changed = True
    while changed:
        changed = False
        for i in range(n):
            for j in range(1, n):
                if i >= j or m[i] == m[j]:
                    continue
                p, q = int(m[i]), int(m[j])
                delta = (costs[i, q] - g(i, j, q, q)) - (costs[i, p] - g(i, j, p, q)) \
                    + (costs[j, p] - g(j, i, p, p)) - (costs[j, q] - g(j, i, q, p))
                delta *= 2.0 * scale
                if delta <= tolerance:
                    continue
                m[i], m[j] = q, p
                costs = row_costs()
                current = quality_absdiff(m, congruence, conflict, k, normalise)
                trace.append(current)
                changed = True
    return m, trace


# --- genetic --------------------------------------------------------------------------------------------------------

def _round2(x: float) -> float:
    """Java's ``Math.round(x * 100) / 100`` (half up)."""
    return math.floor(x * 100 + 0.5) / 100


def _crossover(first: np.ndarray, second: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    overlap = np.zeros((k, k), dtype=np.int64)
    np.add.at(overlap, (first, second), 1)
    relabel = np.full(k, -1, dtype=np.int64)
    assigned = np.zeros(k, dtype=bool)
    for row in range(k):
        for col in sorted(range(k), key=lambda c: -overlap[row, c]):  # descending, ties by index (stable)
            if not assigned[col]:
                relabel[row], assigned[col] = col, True
                break
    relabelled = relabel[first]
    child = np.where(rng.random(len(first)) < 0.5, relabelled, second)
    # re-balance: move the first-listed actors of an oversized cluster to the first undersized one
    n = len(child)
    limit = [n // k + (1 if c < n % k else 0) for c in range(k)]
    members = [list(np.nonzero(child == c)[0]) for c in range(k)]
    counts = [len(x) for x in members]
    for c in range(k):
        while counts[c] > limit[c]:
            for d in range(k):
                if counts[d] < limit[d]:
                    index = members[c].pop(0)
                    child[index] = d
                    counts[c] -= 1
                    counts[d] += 1
                    members[d].append(index)
                    break
    return child


def _roulette(weights: np.ndarray, total: float, rng: np.random.Generator) -> int:
    r = rng.random() * total
    cumulative = np.cumsum(weights)
    return int(min(np.searchsorted(cumulative, r, side="left"), len(weights) - 1))


def genetic_clusters(congruence: np.ndarray, conflict: np.ndarray, k: int = 2, normalise: bool = False,
                     rng: np.random.Generator | None = None, parents: int = 50, iterations: int = 1000,
                     elite: float = 0.1, mutation: float = 0.1):
    """DNA's genetic algorithm (module docstring).

    Returns ``(memberships, max_q, avg_q, sd_q, early_convergence)``.
    """
    rng = rng or np.random.default_rng(0)
    n = congruence.shape[0]
    elites = max(1, math.floor(elite * parents + 0.5))
    mutations = math.floor(mutation * n / 2.0 + 0.5)
    population = [_balanced(n, k, rng) for _ in range(parents)]
    max_q: list[float] = []
    avg_q: list[float] = []
    sd_q: list[float] = []
    best_m = population[0]
    early = False
    for generation in range(iterations):
        q = np.array([quality_absdiff(m, congruence, conflict, k, normalise) for m in population])
        best = int(np.argmax(q))  # first index of the maximum, as DNA's strict '>' scan
        best_m = population[best].copy()
        mean = float(q.mean())
        spread = float(np.sum(np.sqrt((q - mean) ** 2 / parents)))
        max_q.append(float(q[best]))
        avg_q.append(mean)
        sd_q.append(spread)
        if generation >= 10 and _round2(spread) == 0 and _round2(q[best]) == _round2(mean) and all(
                _round2(max_q[j]) == _round2(q[best]) and _round2(avg_q[j]) == _round2(mean) and _round2(sd_q[j]) == 0
                for j in range(generation - 10, generation)):
            early = True
            break
        order = sorted(range(parents), key=lambda i: -q[i])  # stable: ties keep the lower index first
        rank = {index: r for r, index in enumerate(order)}
        children = [population[i].copy() for i in range(parents) if rank[i] < elites]
        weights = q - q.min() if q.min() < 0 else q.copy()
        total = float(weights.sum())
        if total == 0.0:
            weights, total = np.ones(parents), float(parents)
        while len(children) < parents:
            first = _roulette(weights, total, rng)
            second = first
            while second == first:
                second = _roulette(weights, total, rng) if rng.random() <= 0.5 else int(rng.integers(parents))
            children.append(_crossover(population[first], population[second], k, rng))
        for child in children[elites:]:
            pairs: set[tuple[int, int]] = set()
            possible = sum(int(np.sum(child == c)) * int(np.sum(child != c)) for c in range(k)) // 2
            while len(pairs) < min(mutations, possible):
                a, b = int(rng.integers(n)), int(rng.integers(n))
                if a != b and child[a] != child[b]:
                    pairs.add((min(a, b), max(a, b)))
            for a, b in sorted(pairs):
                child[a], child[b] = child[b], child[a]
        population = children
    last = len(max_q) - 1
    cut = last
    while cut > 0 and max_q[cut - 1] == max_q[last]:
        cut -= 1
    return best_m, max_q[: cut + 1], avg_q[: cut + 1], sd_q[: cut + 1], early


# --- slices ---------------------------------------------------------------------------------------------------------

def _matrices_whole(dataset: Dataset, level, start, end, options) -> tuple[list[str], np.ndarray, np.ndarray, int]:
    cong = build_network(dataset, "congruence", level, normalisation="average", start=start, end=end, **options)
    conf = build_network(dataset, "conflict", level, normalisation="average", start=start, end=end, **options)
    labels = sorted(cong.nodes)
    c = nx.to_numpy_array(cong, nodelist=labels, weight="weight")
    f = nx.to_numpy_array(conf, nodelist=labels, weight="weight")
    return labels, c, f, int(cong.graph["statement_count"])


def _refuse_single_value(statements) -> None:
    """Refuse one integer qualifier value: R = 0 makes DNA's congruence and conflict ties NaN (0/0)."""
    levels = qualifier_levels(statements)
    if levels is not None and len(levels) == 1:
        raise UsageError(f"every statement has the integer qualifier {levels[0]}: with one value the range is 0, "
                         "so DNA's congruence and conflict ties are all NaN and no polarisation can be scored")


def _one_blas_thread(func):
    """Run ``func`` with one BLAS thread: its matrices are small, and threads only cost (see :mod:`.backbone`)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return func(*args, **kwargs)
    return wrapper


@_one_blas_thread
def _enough_actors(actors: int, clusters: int) -> None:
    """Refuse k clusters of N actors unless N > k (DNA scores N ≤ k as 0: no partition to compare)."""
    if actors <= clusters:
        message = (f"k = {clusters} clusters need more actors than clusters; the network has "
                   f"{actors} actor{'' if actors == 1 else 's'}")
        raise UsageError(message + (f" (choose k below {actors})" if actors > 2 else ""))


def polarisation_leifeld(dataset: Dataset, level="organisation", *, algorithm: str = "greedy", clusters: int = 2,
                         normalise: bool = False, window=None, kernel="uniform", indent_time: bool = False,
                         start=None, end=None, seed: int = 0, parents: int = 50, iterations: int = 1000,
                         elite: float = 0.1, mutation: float = 0.1,
                         progress: Callable[[int, int], None] | None = None, **options) -> list[PolarisationResult]:
    """Leifeld polarisation (``dna_polarization``) per kernel-smoothed slice, or for the whole period.

    Parameters
    ----------
    dataset : Dataset
    level : {"person", "organisation"}
    algorithm : {"greedy", "genetic"}
    clusters : int
        k ≥ 2 (DNA's ``numClusters``).
    normalise : bool
        DNA's ``normalizeScores``: divide by 2(‖C‖ + ‖F‖), giving scores in [0, 1].
    window : str, optional
        Bandwidth of kernel-smoothed slices (e.g. ``"100d"``, ``"6m"``, ``"2y"``; DNA's
        ``timeWindow`` + ``windowSize``); None: one score for the whole period.
    kernel : {"uniform", "epanechnikov", "triangular", "gaussian"}
    indent_time : bool
        DNA's ``indentTime`` (rDNA's default for polarisation: False).
    start, end, **options
        Date range and selection options of :func:`~.build.build_network` (``duplicates``,
        ``exclude``, ``concept_depth``, ``unaffiliated``, ``date_rule``); ``kind``,
        ``normalisation`` and ``qualifier`` are fixed by the method.
    seed : int
        Seed of every random draw; the same seed gives the same result.
    parents, iterations, elite, mutation
        Genetic algorithm only (DNA's ``numParents``, ``numIterations``,
        ``elitePercentage``, ``mutationPercentage``).
    progress : callable(done, total), optional

    Returns
    -------
    list of PolarisationResult
        One per slice, in time order (one for the whole period).

    Raises
    ------
    UsageError
        For an unknown algorithm, k < 2, bad genetic settings or bad selection options;
        for the whole period, when the network has no more actors than k (a window
        slice with N ≤ k scores 0, as in DNA).
    """
    if algorithm not in ALGORITHMS:
        raise UsageError(f"unknown polarisation algorithm {algorithm!r} (expected one of: {', '.join(ALGORITHMS)})")
    for fixed in ("kind", "normalisation", "qualifier"):
        if fixed in options:
            raise UsageError(f"Leifeld polarisation uses average-normalised congruence and conflict networks; "
                             f"do not pass {fixed!r}")
    problems = []
    if not isinstance(clusters, int) or clusters < 2:
        problems.append(f"clusters must be a whole number ≥ 2 (got {clusters!r})")
    if algorithm == "genetic":
        if parents < 2:
            problems.append(f"parents must be ≥ 2 (got {parents!r})")
        if iterations < 1:
            problems.append(f"iterations must be ≥ 1 (got {iterations!r})")
        for name, value in (("elite", elite), ("mutation", mutation)):
            if not 0.0 <= value <= 1.0:
                problems.append(f"{name} must lie in [0, 1] (got {value!r})")
    if problems:
        raise UsageError("; ".join(problems))
    master = np.random.default_rng(seed)

    def solve(labels, c, f, statements, first, middle, last) -> PolarisationResult:
        rng = np.random.default_rng(master.integers(2**63))
        n = len(labels)
        if n <= clusters or float(np.abs(c).sum() + np.abs(f).sum()) == 0.0:
            return PolarisationResult(first, middle, last, 0.0, tuple(labels), (), (0.0,), (0.0,), (0.0,), True,
                                      statements, algorithm, clusters, normalise, ())
        if algorithm == "greedy":
            m, trace = greedy_clusters(c, f, clusters, normalise, rng)
            result = (m, trace, trace, [0.0] * len(trace), True)
        else:
            result = genetic_clusters(c, f, clusters, normalise, rng, parents, iterations, elite, mutation)
        m, max_q, avg_q, sd_q, early = result
        score = quality_absdiff(m, c, f, clusters, normalise)
        groups = tuple(tuple(label for label, g in zip(labels, m) if g == index) for index in range(clusters))
        return PolarisationResult(first, middle, last, float(score), tuple(labels), tuple(int(x) for x in m),
                                  tuple(map(float, max_q)), tuple(map(float, avg_q)), tuple(map(float, sd_q)),
                                  bool(early), statements, algorithm, clusters, normalise, groups)

    if window is None:
        _refuse_single_value(NetworkOptions.make(dataset, kind="congruence", level=level, start=start, end=end,
                                                 **options).select(dataset).pool)  # build_network's levels
        labels, c, f, count = _matrices_whole(dataset, level, start, end, options)
        _enough_actors(len(labels), clusters)
        opts = NetworkOptions.make(dataset, kind="congruence", level=level, start=start, end=end, **options)
        result = [solve(labels, c, f, count, opts.start, None, opts.end)]
        if progress:
            progress(1, 1)
        return result

    try:
        kernel = Kernel(kernel)
    except ValueError:
        raise UsageError(f"unknown kernel {kernel!r} (expected one of: {', '.join(k.value for k in Kernel)})") from None
    span = Span.parse(window)
    opts = NetworkOptions.make(dataset, kind="congruence", level=level, normalisation="average", start=start,
                               end=end, **options)
    check_kernel_options(opts)
    conf_opts = NetworkOptions.make(dataset, kind="conflict", level=level, normalisation="average", start=start,
                                    end=end, **options)
    selection = opts.select(dataset)
    _refuse_single_value(selection.retained)  # the slices' levels (kernels._prepare)
    prep = _prepare(opts, selection.retained, ())
    if not prep.coded:
        return []
    b = max(min(prep.first), opts.start) if opts.start else min(prep.first)
    e = min(max(prep.last), opts.end) if opts.end else max(prep.last)
    w = _even(span.count)
    half = Span(w // 2, span.unit)
    points = slice_midpoints(b, e, span, indent_time)
    results = []
    for number, gamma in enumerate(points, 1):
        if kernel is Kernel.GAUSSIAN:
            lo, hi = b, e
        else:
            lo, hi = max(b, add_span(gamma, half, -1)), min(e, add_span(gamma, half))
        weights = _weights(prep, gamma, lo, hi, w, span.unit, kernel)
        inside = weights > 0
        counts = _counts(prep, inside)
        active = sorted({int(r) for r in prep.row[inside]})
        _, c = kernel_matrices(prep, opts, weights, counts, tie="congruence")
        _, f = kernel_matrices(prep, conf_opts, weights, counts, tie="conflict")
        labels = [prep.rows[i] for i in active]
        c, f = c[np.ix_(active, active)], f[np.ix_(active, active)]
        results.append(solve(labels, c, f, int(np.count_nonzero(inside)), lo, gamma, hi))
        if progress:
            progress(number, len(points))
    return results
