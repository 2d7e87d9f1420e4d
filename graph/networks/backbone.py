"""The discourse backbone (``dna_backbone``): which concepts carry the structure of a discourse network.

Source: ``Exporter.initializeSimulatedAnnealingBackbone``,
``iterateSimulatedAnnealingBackbone``, ``initializeNestedBackbone``,
``iterateNestedBackbone``, ``computeNormalizedEigenvalues``, ``spectralLoss`` and
``penalizedLoss`` in dna/src/main/java/dna/export/Exporter.java (DNA 3.1.2), and
rDNA/rDNA/R/rDNA.R ``dna_backbone``.

DNA's definition
----------------
* **Networks.** Y is the one-mode actor network of all kept statements (rDNA's
  defaults: ``subtract`` ties, ``average`` normalisation, ``document`` duplicates);
  for a set B of concepts, Y^B is the same network built only from the statements on
  concepts in B, over the same actors (an actor without such statements is a zero
  row). Normalisation counts are those of the statements used (DNA recomputes the
  network from the filtered statement list).
* **Integer qualifiers** (``Statement.qualifier``, e.g. a DNA import on a 1…5 scale):
  when any kept statement carries one, the ties use the values (a statement without
  one counts as its stance's +1/0/−1) with s(q, q′) = 1 − |q − q′|/R, R = q_max − q_min
  observed over *all* kept statements — DNA's backbone sets ``originalStatements`` to
  the filtered statements, so every Y^B keeps the full network's R. (rDNA documents
  this integer similarity for ``dna_backbone``'s congruence and conflict.)
* **Spectrum.** Negative ties are set to 0; L = D − A is the graph Laplacian (D the
  diagonal of row sums); λ(Y) are its eigenvalues, sorted, divided by their sum
  when the sum is positive.
* **Loss.** The spectral loss is Σ_i |λ_i(Y) − λ_i(Y^B)| (DNA calls it a Euclidean
  spectral distance; it is the L1 distance of the sorted normalised spectra). The
  penalised loss multiplies it by exp(−p·(|C| − |B|)/|C|), C being all concepts:
  small backbones are penalised less, so a larger p gives a smaller backbone.
* **Simulated annealing** (``penalty`` and ``fixed``). Start: ``penalty`` one random
  concept, ``fixed`` ``size`` random concepts. Iteration t = 1…T: temperature
  τ_t = 1 − 1/(1 + exp(−(−5 + 12t/T))); a random move — ``penalty``: add, remove or
  swap (no remove at one concept, no add at |C| − 1; with two concepts, once both
  are in, only remove — DNA would fail drawing a swap), ``fixed``: swap only — each
  picking its concepts uniformly; the candidate is accepted when its (penalised, for
  ``penalty``) loss is lower than the current one, or else with probability
  exp(−(new − old))·τ_t; the best accepted set is kept (a tie replaces it).
* **Nested** (DNA's default method): start with B = C and remove, step by step, the
  concept whose removal gives the smallest backbone loss, until B is empty — a
  hierarchy of concepts. Concepts tied at the smallest loss all go in the same step
  (``iterateNestedBackbone`` removes every tie, walking its list backwards), but DNA
  gives each removed concept a row and an ``iteration`` number of its own (its
  counter counts removals, not steps); each row records the backbone loss of the
  step, the loss of the removed (redundant) set so far and the statements left.

Where we depart
---------------
* DNA reports the backbone and redundant *sets* of the best solution but the losses
  and networks of the *last accepted* one; we report those of the best solution.
* Random numbers are numpy's PCG64 seeded with ``seed``, not Java's
  ``ThreadLocalRandom`` (which cannot be seeded): runs are reproducible.
* Nested, statements left: DNA records for each concept of a tied step the statements
  of "B before the step minus that one concept" — a set that never exists once two
  tied concepts go together. We record the statements left after this concept and
  the ones before it in the step are removed, so the last row of a step gives what
  the step leaves. Each row also carries ``step``, the step it belongs to (tied
  concepts share it; DNA's ``iteration`` numbers are kept as they are).
* ``fixed`` needs 1 ≤ size < |C| and ``penalty`` at least two concepts (DNA logs an
  error and fails later).
* A single integer qualifier value (R = 0) makes every congruence, conflict or
  subtract tie NaN in DNA (0/0), and so every spectrum and loss; we refuse it (one
  line; co-occurrence, which ignores the qualifier, still runs).

The per-concept tie contributions add up (ties and normalisation denominators are
sums over concepts), so a move updates the network in O(actors²) instead of
rebuilding it. The eigenvalues run with one BLAS thread (threadpoolctl): on the
benchmark machine (2 shared cores) ``eigvalsh`` of a 247 × 247 Laplacian took 0.32 s
with OpenBLAS's default threads and 0.024 s with one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..errors import UsageError
from ..seeds.dataset import Dataset
from .build import NetworkOptions, level_similarity, qualifier_levels
from .options import NetworkKind, Normalisation, coerce

__all__ = ["BackboneResult", "BackboneSizeError", "NestedStep", "backbone", "normalised_spectrum", "spectral_loss", "penalised_loss",
           "METHODS"]

METHODS = ("penalty", "fixed", "nested")


def normalised_spectrum(matrix: np.ndarray) -> np.ndarray:
    """DNA's normalised Laplacian eigenvalues of a tie matrix (negatives set to 0), sorted descending.

    Examples
    --------
    >>> normalised_spectrum(np.array([[0.0, 1.0], [1.0, 0.0]])).round(6).tolist()
    [1.0, 0.0]
    """
    a = np.where(matrix < 0, 0.0, matrix)
    laplacian = np.diag(a.sum(axis=1)) - a
    values = np.linalg.eigvalsh(laplacian)[::-1]
    total = values.sum()
    return values / total if total > 0 else values


def spectral_loss(full: np.ndarray, other: np.ndarray) -> float:
    """Σ |λ_i − μ_i| of two normalised spectra (DNA's ``spectralLoss``)."""
    return float(np.sum(np.abs(full - other)))


def penalised_loss(loss: float, p: float, size: int, total: int) -> float:
    """DNA's ``penalizedLoss``: ``loss · exp(−p (total − size) / total)``.

    Examples
    --------
    >>> round(penalised_loss(1.0, 3.5, 3, 6), 6)  # exp(−1.75)
    0.173774
    """
    return loss * math.exp(-p * (total - size) / total)


@dataclass(frozen=True)
class NestedStep:
    """One removal of the nested backbone: the concept removed and the losses after removing it.

    ``iteration`` is DNA's removal counter (1, 2, … one per concept); ``step`` the
    step of the algorithm it belongs to (concepts tied at the smallest loss share a
    step and its ``backbone_loss``); ``statements`` the statements left in the
    backbone once this concept and those before it are removed.
    """

    iteration: int
    concept: str
    backbone_loss: float
    redundant_loss: float
    statements: int
    step: int = 0


@dataclass(frozen=True)
class BackboneResult:
    """The backbone and redundant concepts with their losses (rDNA's ``dna_backbone`` object).

    ``labels`` are the actor ids of the rows and columns of ``full_network``,
    ``backbone_network`` and ``redundant_network`` (n × n arrays). ``diagnostics``
    holds DNA's per-iteration logs (simulated annealing): ``temperature``,
    ``acceptance_probability`` (−1 when the candidate was better), ``accepted`` (0/1),
    ``penalised_loss`` (of the candidate), ``proposed_size``, ``current_size``,
    ``best_size`` and ``acceptance_ratio`` (over the last ≤ 100 iterations).
    ``nested`` lists the steps of the nested method.
    """

    method: str
    backbone: tuple[str, ...]
    redundant: tuple[str, ...]
    backbone_loss: float
    redundant_loss: float
    penalty: float | None
    size: int | None
    iterations: int
    statements: int
    labels: tuple[str, ...]
    full_network: np.ndarray = field(repr=False)
    backbone_network: np.ndarray = field(repr=False)
    redundant_network: np.ndarray = field(repr=False)
    diagnostics: dict = field(default_factory=dict, repr=False)
    nested: tuple[NestedStep, ...] = ()

    def as_dict(self) -> dict:
        """A JSON-ready mapping (networks as nested lists)."""
        return {
            "method": self.method, "backbone": list(self.backbone), "redundant": list(self.redundant),
            "backbone_loss": self.backbone_loss, "redundant_loss": self.redundant_loss, "penalty": self.penalty,
            "size": self.size, "iterations": self.iterations, "statements": self.statements,
            "labels": list(self.labels), "full_network": self.full_network.tolist(),
            "backbone_network": self.backbone_network.tolist(), "redundant_network": self.redundant_network.tolist(),
            "diagnostics": {k: list(v) for k, v in self.diagnostics.items()},
            "nested": [vars(step) for step in self.nested],
        }


class _ConceptTies:
    """Tie numerators and normalisation denominators of one concept at a time (they add up over concepts)."""

    def __init__(self, actors: list[str], concepts: list[str], counts: np.ndarray, sim: np.ndarray,
                 normalisation: Normalisation):
        self.actors, self.concepts, self.counts = actors, concepts, counts  # counts: actors × concepts × levels
        self.sim = sim  # f(k, k′) over the levels
        self.normalisation = normalisation
        n = len(actors)
        self.zero = (np.zeros((n, n)), np.zeros((n, n)) if normalisation is not Normalisation.NONE else None,
                     np.zeros(n))

    def of(self, j: int) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """(numerator, denominator or None, statements per actor) of concept ``j``."""
        x = self.counts[:, j, :]
        num = x @ self.sim @ x.T  # Σ_k Σ_k′ f(k, k′)·a[i,j,k]·a[i′,j,k′]
        n_i = x.sum(axis=1)
        norm = self.normalisation
        if norm is Normalisation.NONE:
            return num, None, n_i
        if norm is Normalisation.AVERAGE:
            den = (n_i[:, None] + n_i[None, :]) / 2.0
        elif norm is Normalisation.COSINE:
            den = np.outer(n_i, n_i)  # completed in _matrix: products do not add up
        else:  # jaccard: m10 + m01 + m11 over cells (j, k)
            present = (x > 0).astype(float)
            m11 = x @ x.T
            m10 = n_i[:, None] - x @ present.T
            den = m10 + m10.T + m11
        return num, den, n_i

    def matrix(self, num: np.ndarray, den: np.ndarray | None, n_i: np.ndarray) -> np.ndarray:
        """The normalised tie matrix from summed parts (zero denominators give 0; zero diagonal)."""
        if self.normalisation is Normalisation.COSINE:
            den = np.outer(n_i, n_i)
        if den is None:
            out = num.copy()
        else:
            out = np.divide(num, den, out=np.zeros_like(num), where=den != 0)
        np.fill_diagonal(out, 0.0)
        return out

    def total(self, chosen) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        num, den, n_i = (part.copy() if part is not None else None for part in self.zero)
        for j in chosen:
            a, b, c = self.of(j)
            num += a
            n_i += c
            if den is not None:
                den += b
        return num, den, n_i


def _prepare(dataset: Dataset, level, kind, normalisation, options):
    network_kind = coerce(NetworkKind, kind)
    if not network_kind.one_mode or network_kind.concept_nodes:
        raise UsageError(f"the backbone is defined on actor networks (congruence, conflict, subtract, cooccurrence), "
                         f"not {network_kind.value!r}")
    opts = NetworkOptions.make(dataset, kind=kind, level=level, normalisation=normalisation, **options)
    retained = opts.select(dataset).retained
    tie = opts.kind.tie
    # DNA's levels and range R: the filtered statements' values (its backbone sets originalStatements to them)
    levels = qualifier_levels(retained)
    if levels is not None and len(levels) == 1 and tie != "cooccurrence":
        raise UsageError(f"every statement has the integer qualifier {levels[0]}: with one value the range is 0, "
                         f"so DNA's {tie} ties are all NaN and the backbone has no spectrum (use cooccurrence)")
    keys, factor = level_similarity(tie, levels)
    actors = sorted({c.actor for c in retained})
    concepts = sorted({c.concept for c in retained})
    a_index = {a: i for i, a in enumerate(actors)}
    c_index = {c: i for i, c in enumerate(concepts)}
    level_of = {k: i for i, k in enumerate(keys)}
    counts = np.zeros((len(actors), len(concepts), len(keys)))
    for c in retained:
        counts[a_index[c.actor], c_index[c.concept], level_of[c.stance if levels is None else c.value]] += 1
    per_concept = counts.sum(axis=(0, 2))
    sim = np.array([[factor(k1, k2) for k2 in keys] for k1 in keys])
    return _ConceptTies(actors, concepts, counts, sim, opts.normalisation), per_concept, len(retained)


def backbone(dataset: Dataset, level="organisation", *, method: str = "nested", penalty: float = 3.5,
             size: int | None = None, iterations: int = 10000, seed: int = 0, kind="subtract",
             normalisation="average", duplicates="document",
             progress: Callable[[int, int], None] | None = None, **options) -> BackboneResult:
    """The discourse backbone of the actor network (module docstring), deterministic for a seed.

    Parameters
    ----------
    dataset : Dataset
    level : {"person", "organisation"}
    method : {"nested", "penalty", "fixed"}
        rDNA's methods (default ``nested``, as rDNA).
    penalty : float
        p ≥ 0 of the ``penalty`` method (rDNA default 3.5).
    size : int
        Backbone size of the ``fixed`` method, 1 ≤ size < number of concepts.
    iterations : int
        T of simulated annealing (rDNA default 10,000).
    seed : int
    kind, normalisation, duplicates
        The actor network (rDNA defaults: ``subtract``, ``average``, ``document``).
    progress : callable(done, total), optional
    **options
        Selection options of :func:`~.build.build_network` (``start``, ``end``,
        ``exclude``, ``concept_depth``, ``unaffiliated``, ``date_rule``).

    Returns
    -------
    BackboneResult

    Raises
    ------
    UsageError
        For an unknown method, impossible size, negative penalty, too few concepts or
        bad network options.
    """
    if method not in METHODS:
        raise UsageError(f"unknown backbone method {method!r} (expected one of: {', '.join(METHODS)})")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # small eigenproblems: threads only cost (module docstring)
        return _backbone(dataset, level, method, penalty, size, iterations, seed, kind, normalisation, duplicates,
                         progress, options)


class BackboneSizeError(UsageError):
    """A ``size`` the fixed backbone cannot take for these data (it needs ``1 <= size < concepts``).

    A usage error on the option, as :class:`~stancegraph.graph.curation.files.StubError`:
    ``refused`` maps the option (``"--size"``) to the message about its value.
    """

    def __init__(self, message: str):
        self.refused = {"--size": message}
        super().__init__(f"size: {message}")


def _backbone(dataset, level, method, penalty, size, iterations, seed, kind, normalisation, duplicates, progress,
              options) -> BackboneResult:
    ties, per_concept, statements = _prepare(dataset, level, kind, normalisation, dict(duplicates=duplicates, **options))
    concepts = ties.concepts
    total = len(concepts)
    problems = []
    if method == "fixed" and (size is None or not 1 <= size < total):
        problems.append(BackboneSizeError(
            f"the fixed backbone needs at least two concepts, the selection has {total}" if total < 2 else
            f"{size!r} is not in the range 1<=x<{total} (fewer than the selection's {total} concepts)"))
    if method == "penalty" and total < 2:
        problems.append(f"the penalty backbone needs at least two concepts, got {total}")
    if method == "penalty" and penalty < 0:
        problems.append(f"penalty must be 0 or more, got {penalty!r}")
    if method != "nested" and iterations < 1:
        problems.append(f"iterations must be 1 or more, got {iterations!r}")
    if method == "nested" and total < 1:
        problems.append("no concepts in the selection")
    if len(problems) == 1 and isinstance(problems[0], BackboneSizeError):
        raise problems[0]
    if problems:
        raise UsageError("; ".join(map(str, problems)))
    full_parts = ties.total(range(total))
    full = ties.matrix(*full_parts)
    spectrum_full = normalised_spectrum(full)

    def loss_of(parts) -> float:
        return spectral_loss(spectrum_full, normalised_spectrum(ties.matrix(*parts)))

    def finish(method_name, chosen, diagnostics, nested=()):
        chosen = sorted(chosen)
        rest = sorted(set(range(total)) - set(chosen))
        b_parts, r_parts = ties.total(chosen), ties.total(rest)
        return BackboneResult(
            method=method_name, backbone=tuple(concepts[j] for j in chosen), redundant=tuple(concepts[j] for j in rest),
            backbone_loss=loss_of(b_parts), redundant_loss=loss_of(r_parts),
            penalty=float(penalty) if method_name == "penalty" else None,
            size=size if method_name == "fixed" else None, iterations=iterations if method_name != "nested" else 0,
            statements=statements, labels=tuple(ties.actors), full_network=full,
            backbone_network=ties.matrix(*b_parts), redundant_network=ties.matrix(*r_parts),
            diagnostics=diagnostics, nested=tuple(nested))

    if method == "nested":
        return finish("nested", [], {}, _nested(ties, total, per_concept, loss_of, progress))

    rng = np.random.default_rng(seed)
    use_penalty = method == "penalty"
    if use_penalty:
        current = [int(rng.integers(total))]
    else:
        current = [int(j) for j in rng.choice(total, size=size, replace=False)]
    redundant = [j for j in range(total) if j not in current]
    parts = ties.total(current)

    def scored(parts_, n_backbone) -> float:
        loss = loss_of(parts_)
        return penalised_loss(loss, penalty, n_backbone, total) if use_penalty else loss

    old = scored(parts, len(current))
    best, best_loss = list(current), old
    log: dict[str, list] = {key: [] for key in ("temperature", "acceptance_probability", "accepted", "penalised_loss",
                                                "proposed_size", "current_size", "best_size", "acceptance_ratio")}
    for t in range(1, iterations + 1):
        temperature = 1.0 - 1.0 / (1.0 + math.exp(-(-5.0 + 12.0 / iterations * t)))
        if not use_penalty:
            actions = ["swap"]
        elif len(current) < 2:
            actions = ["add", "swap"]
        elif len(current) > total - 2:
            actions = ["remove", "swap"]
        else:
            actions = ["add", "remove", "swap"]
        if not redundant:  # only with two concepts: the backbone holds both, nothing to add or swap in
            actions = ["remove"]
        action = actions[int(rng.integers(len(actions)))]
        candidate, cand_redundant = list(current), list(redundant)
        num, den, n_i = (p.copy() if p is not None else None for p in parts)
        added, removed = None, None
        if action in ("add", "swap"):
            added = cand_redundant.pop(int(rng.integers(len(cand_redundant))))
        if action in ("remove", "swap"):
            removed = candidate.pop(int(rng.integers(len(candidate))))
        for j, sign in ((added, 1.0), (removed, -1.0)):
            if j is None:
                continue
            a, b, c = ties.of(j)
            num += sign * a
            n_i += sign * c
            if den is not None:
                den += sign * b
        if added is not None:
            candidate.append(added)
        if removed is not None:
            cand_redundant.append(removed)
        new = scored((num, den, n_i), len(candidate))
        log["temperature"].append(temperature)
        log["penalised_loss"].append(new)
        log["proposed_size"].append(len(candidate))
        accept = False
        if new < old:
            accept = True
            log["acceptance_probability"].append(-1.0)
            if new <= best_loss:
                best, best_loss = list(candidate), new
        else:
            probability = math.exp(-(new - old)) * temperature
            log["acceptance_probability"].append(probability)
            accept = rng.random() < probability
        if accept:
            current, redundant, parts, old = candidate, cand_redundant, (num, den, n_i), new
        log["accepted"].append(1 if accept else 0)
        log["current_size"].append(len(current))
        log["best_size"].append(len(best))
        window = log["accepted"][-100:]
        log["acceptance_ratio"].append(sum(window) / len(window))
        if progress and (t % 500 == 0 or t == iterations):
            progress(t, iterations)
    return finish(method, best, {key: tuple(values) for key, values in log.items()})


def _nested(ties: _ConceptTies, total: int, per_concept: np.ndarray, loss_of, progress) -> list[NestedStep]:
    remaining = list(range(total))
    removed: list[int] = []
    steps: list[NestedStep] = []
    parts = ties.total(remaining)

    def minus(base, j):
        a, b, c = ties.of(j)
        return base[0] - a, (base[1] - b) if base[1] is not None else None, base[2] - c

    left = int(sum(per_concept[x] for x in remaining))
    step = 0
    while remaining:
        losses = [loss_of(minus(parts, j)) for j in remaining]
        smallest = min(losses)
        step += 1
        for index in range(len(remaining) - 1, -1, -1):  # DNA walks the list backwards, removing every tie
            if losses[index] != smallest:
                continue
            j = remaining.pop(index)
            parts = minus(parts, j)
            removed.append(j)
            left -= int(per_concept[j])  # statements left once this concept (and the tied ones before it) went
            steps.append(NestedStep(len(steps) + 1, ties.concepts[j], float(smallest),
                                    loss_of(ties.total(removed)), left, step))
        if progress:
            progress(len(steps), total)
    return steps
