"""Krippendorff's α for the codes of matched units, with Krippendorff's bootstrap.

α itself comes from the ``krippendorff`` package (Castro 2017, ``krippendorff.alpha``
on value counts): ``α = 1 − D_o / D_e`` over the coincidence matrix of pairable
values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"). A unit
coded by fewer than two coders has no pairable value and does not count; a
missing code is ``None`` in the reliability data.

The confidence interval is Krippendorff's bootstrap (Hayes & Krippendorff 2007;
Krippendorff, "Algorithm for bootstrapping a distribution of α", as implemented by
Hayes' KALPHA macro and the ``kripp.boot`` R package): the observed coincidences
define a probability for each pair of values ``(c, k)`` (``o_cc / n..`` on the
diagonal, ``2 o_ck / n..`` off it); each of ``B`` replicates draws ``M = min(25 q,
(m − 1) n.. / 2)`` pairs (``q`` the non-zero cells of the coincidence matrix, ``m``
coders) and gives ``α* = 1 − Σ δ²(drawn pairs) / (M · D_e)`` with ``D_e`` the
expected disagreement per pairable value, held fixed; α* below −1 is set to −1;
``round(B · Σ_c (o_cc/n..)^M)`` replicates at α* = 1 are set to 0 (those samples
would have shown no variation, α undefined). The interval is the replicates'
``(1 − level)/2`` and ``(1 + level)/2`` quantiles (as KALPHA: sorted replicates at
``trunc(p B)``). The random generator is numpy's PCG64 seeded by the caller, so a
seed gives the same interval every run.

The package has no bootstrap, which is why that part is our own; it reuses the
package only through its public ``alpha``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Sequence

import numpy as np

__all__ = ["AlphaResult", "coding_alpha", "LEVELS"]

LEVELS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's α of one field.

    Attributes
    ----------
    alpha : float or None
        α; None when undefined (fewer than two pairable values, or no variation:
        every pairable value the same, so D_e = 0).
    units : int
        Units with at least two values (pairable units).
    pairable : int
        Pairable values ``n..`` (values in pairable units).
    coders : int
        Coders with at least one pairable value.
    ci_low, ci_high : float or None
        Bootstrapped confidence interval (None without a bootstrap or when α is undefined).
    level : float
        Confidence level of the interval.
    """

    alpha: float | None
    units: int
    pairable: int
    coders: int
    ci_low: float | None = None
    ci_high: float | None = None
    level: float = 0.95


def _coincidences(value_counts: np.ndarray) -> np.ndarray:
    """Krippendorff's coincidence matrix ``o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1)``
    over units with ``m_u ≥ 2`` values (Krippendorff 2011, step B); shape (V, V)."""
    o = np.zeros((value_counts.shape[1],) * 2)
    for row in value_counts:
        m = row.sum()
        if m >= 2:
            o += (np.outer(row, row) - np.diag(row)) / (m - 1)
    return o


def _value_counts(data, index) -> np.ndarray:
    n_units = len(data[0]) if data else 0
    counts = np.zeros((n_units, len(index)), dtype=np.int64)
    for row in data:
        if len(row) != n_units:
            raise ValueError("every coder's row must have one value per unit")
        for u, value in enumerate(row):
            if value is not None:
                counts[u, index[value]] += 1
    return counts


def _delta(level: str, domain: Sequence, n_c: np.ndarray) -> np.ndarray:
    """Krippendorff's difference function δ²_ck (2011, section E)."""
    size = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        d = np.zeros((size, size))
        for c in range(size):
            for k in range(size):
                lo, hi = min(c, k), max(c, k)
                d[c, k] = (cum[hi + 1] - cum[lo] - (n_c[c] + n_c[k]) / 2.0) ** 2
        return d
    values = np.asarray(domain, dtype=float)
    diff = values[:, None] - values[None, :]
    if level == "interval":
        return diff ** 2
    total = values[:, None] + values[None, :]
    return np.divide(diff, total, out=np.zeros_like(diff), where=total != 0) ** 2


def coding_alpha(data: Sequence[Sequence[Hashable | None]], level: str = "nominal",
                 domain: Sequence[Hashable] | None = None, bootstrap: int = 0, seed: int = 0,
                 confidence: float = 0.95) -> AlphaResult:
    """Krippendorff's α of reliability data, with an optional bootstrapped interval.

    Parameters
    ----------
    data : sequence of sequences, shape (coders, units)
        One row per coder, one value per unit; None where the coder gave no value.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement (Krippendorff 2011, section E).
    domain : sequence, optional
        The values in their order (required for ordinal data given as labels;
        for interval and ratio data the values must be numbers). Default: the
        values present, sorted.
    bootstrap : int
        Number of bootstrap replicates (0: no interval). Krippendorff advises ≥ 1,000.
    seed : int
        Seed of the replicates' random generator.
    confidence : float
        Confidence level of the interval, e.g. 0.95.

    Returns
    -------
    AlphaResult

    Raises
    ------
    ValueError
        Unknown level, a value outside ``domain``, or ragged rows.

    Examples
    --------
    Krippendorff (2011), section C: 4 coders, 12 units, nominal α = 0.743.

    >>> nan = None
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(coding_alpha(data).alpha, 3), coding_alpha(data).pairable
    (0.743, 40)
    """
    import krippendorff

    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}; one of {', '.join(LEVELS)}")
    present = sorted({v for row in data for v in row if v is not None}, key=_sort_key)
    if domain is None:
        domain = present
    else:
        domain = list(domain)
        unknown = [v for v in present if v not in set(domain)]
        if unknown:
            raise ValueError(f"values outside the domain: {unknown}")
    index = {v: i for i, v in enumerate(domain)}
    counts = _value_counts(data, index) if data else np.zeros((0, len(domain)), dtype=np.int64)
    pairable_units = counts.sum(axis=1) >= 2
    units = int(pairable_units.sum())
    pairable = int(counts[pairable_units].sum())
    coders = sum(
        1 for row in data
        if any(v is not None and pairable_units[u] for u, v in enumerate(row))
    )
    used = counts[pairable_units].sum(axis=0) > 0
    if units == 0 or used.sum() < 2:
        # no pairable value, or no variation among them: D_e = 0 and α = 1 − 0/0
        return AlphaResult(None, units, pairable, coders, level=confidence)
    value_counts = counts[pairable_units]
    alpha = float(krippendorff.alpha(value_counts=value_counts, value_domain=list(range(len(domain)))
                                     if level in ("nominal", "ordinal") else np.asarray(domain, dtype=float),
                                     level_of_measurement=level))
    if bootstrap <= 0:
        return AlphaResult(alpha, units, pairable, coders, level=confidence)
    low, high = _bootstrap(value_counts, domain, level, len(data), bootstrap, seed, confidence)
    return AlphaResult(alpha, units, pairable, coders, low, high, confidence)


def _sort_key(value):
    return (type(value).__name__, value)


def _bootstrap(value_counts: np.ndarray, domain, level: str, n_coders: int, replicates: int, seed: int,
               confidence: float) -> tuple[float, float]:
    """Krippendorff's bootstrap of α (see the module docstring); returns the interval."""
    o = _coincidences(value_counts)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    delta = _delta(level, domain, n_c)
    e = (np.outer(n_c, n_c) - np.diag(n_c)) / (n - 1)
    d_e = (e * delta).sum() / n
    upper = np.triu_indices(len(domain))
    probabilities = np.where(upper[0] == upper[1], o[upper], 2 * o[upper]) / n
    deltas = delta[upper]
    q = int((o != 0).sum())
    draws = int(min(25 * q, (n_coders - 1) * n / 2))
    draws = max(draws, 1)
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(deltas), size=(replicates, draws), p=probabilities / probabilities.sum())
    sums = deltas[picks].sum(axis=1)
    alphas = 1.0 - sums / (draws * d_e)
    alphas = np.maximum(alphas, -1.0)
    # samples that would show no variation: α = 1 − 0/0, counted as 0 (Krippendorff's correction)
    no_variation = int(round(replicates * float(((np.diag(o) / n) ** draws).sum())))
    if no_variation:
        ones = np.flatnonzero(alphas == 1.0)[:no_variation]
        alphas[ones] = 0.0
    alphas.sort()
    low_p, high_p = (1 - confidence) / 2, (1 + confidence) / 2
    low_i = max(int(low_p * replicates), 1) - 1
    high_i = min(int(high_p * replicates) + 1, replicates) - 1
    return float(alphas[low_i]), float(alphas[high_i])
