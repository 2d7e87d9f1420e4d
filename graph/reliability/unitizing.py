"""Krippendorff's unitizing α (uα): do coders mark the same stretches of a continuum?

Our statements are spans of a source text, so the first reliability question is
whether independent coders mark the same passages. This module computes
Krippendorff's α for unitizing contiguous data in the form of Krippendorff (1995)
and Krippendorff (2004, *Content Analysis*, 2nd ed., pp. 251–256; the same
measure is uα in the 2019 4th edition, ch. 12): each coder's segmentation of a
continuum of length ``L`` into sections (units of a category, and the gaps
between them) is compared with every other coder's, and the squared
misalignments of begins and ends are compared with those expected by chance
when all units are placed anywhere on the continuum.

For one category ``c``, ``m`` coders and sections ``g`` of coder ``i`` and ``h`` of
coder ``j`` (begin ``b``, length ``l``):

``uDo_c = Σ_{i≠j} Σ_g Σ_h δ²(ig, jh) / (m (m − 1) L²)``, with
``δ² = (b_ig − b_jh)² + (b_ig + l_ig − b_jh − l_jh)²`` when both sections are
units of ``c`` and overlap, ``l_ig²`` when a unit ``ig`` lies inside a gap ``jh``
(and symmetrically), and 0 otherwise;

``uDe_c = (2/L) Σ_u [ (N_c − 1)(2 l_u³ − 3 l_u² + l_u)/3 + l_u² Σ_{gaps γ, l_γ ≥ l_u} (l_γ − l_u + 1) ]
/ [ m L (m L − 1) − Σ_u l_u (l_u − 1) ]`` over the ``N_c`` units ``u`` of ``c`` of all
coders and the gaps of all coders;

``uα_c = 1 − uDo_c / uDe_c``; with several categories uα averages ``uDo`` and
``uDe`` over them (as DKPro Statistics does).

Why our own code: the brief preferred Mathet et al.'s γ through the maintained
``pygamma-agreement`` package (0.5.9). Measured on this machine (2 cores,
2026-11-30): it installs, bringing about 600 MB of packages stancegraph does not otherwise
need (llvmlite 173 MB, scs 145 MB, scipy 143 MB, cvxopt 45 MB, sparsediffpy,
numba, cvxpy, highspy, …; its own virtualenv is 818 MB against 680 MB for all of
stancegraph's),
``import pygamma_agreement`` takes 8.6 s even warm, and one γ takes 0.7–5.2 s per
continuum of 10–90 units a coder (its chance disorder is sampled with numpy's
*global* random state, and its GLPK MIP solver writes its log to the process's
standard output, which a library must not do). Krippendorff's uα is a closed
formula, deterministic, and runs in milliseconds on the NHS corpus, so we
implement it here and test it on the worked examples published with it
(Krippendorff 2004, p. 254: uDo_c = 0.0144, uDe_c = 0.0532, uα_c = 0.7286,
uα_k = 1; Krippendorff 1995, p. 57). The formula follows DKPro Statistics'
``KrippendorffAlphaUnitizingAgreement`` (Meyer et al. 2014), which was checked
against the same examples.

uα requires that one coder's units of one category do not overlap. Statements
of one coder may overlap (two concepts in one sentence are two statements), so
:func:`merge_spans` joins a coder's overlapping spans into one section before uα
is computed: uα then measures agreement on *which text carries stances*; how a
passage is split into statements is measured by the alignment in
:mod:`.alignment` (units coded by one coder only).

References
----------
Krippendorff, K. (1995). On the reliability of unitizing continuous data.
*Sociological Methodology* 25, 47–76.
Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*,
2nd ed., Sage, pp. 251–256.
Krippendorff, K., Mathet, Y., Bouvry, S., Widlöcher, A. (2016). On the reliability
of unitizing textual continua: Further developments. *Quality & Quantity* 50, 2347–2364.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Iterable, Sequence

__all__ = ["Section", "UnitizingResult", "merge_spans", "unitizing_alpha", "section_distance"]


@dataclass(frozen=True, order=True)
class Section:
    """One unit of a coder on the continuum: ``[begin, begin + length)`` in category ``category``."""

    coder: Hashable
    begin: int
    length: int
    category: Hashable = "unit"


@dataclass(frozen=True)
class UnitizingResult:
    """uα with its parts.

    Attributes
    ----------
    alpha : float or None
        uα; None when undefined (no unit at all, so uDe = 0).
    observed, expected : float
        uDo and uDe (averaged over categories).
    by_category : dict
        Category -> ``(alpha, observed, expected)``.
    units : int
        Number of units (all coders).
    coders : int
        Number of coders.
    length : int
        Length of the continuum (characters).
    """

    alpha: float | None
    observed: float
    expected: float
    by_category: dict
    units: int
    coders: int
    length: int


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping ``(start, end)`` spans (half-open) into disjoint ones, sorted.

    Touching spans (``end == next start``) stay apart: they are two units.

    >>> merge_spans([(5, 9), (0, 3), (2, 4), (9, 12)])
    [(0, 4), (5, 9), (9, 12)]
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def section_distance(begin1: int, length1: int, unit1: bool, begin2: int, length2: int, unit2: bool) -> float:
    """Krippendorff's δ² between two sections of two coders (2004, p. 252).

    Parameters
    ----------
    begin1, length1, unit1 : int, int, bool
        First section; ``unit1`` False for a gap.
    begin2, length2, unit2 : int, int, bool
        Second section.

    Returns
    -------
    float
        Squared begin and end differences for two overlapping units, the unit's
        squared length when a unit lies within the other coder's gap, else 0.

    Examples
    --------
    The published example (Krippendorff 2004, p. 254):

    >>> section_distance(225, 70, True, 220, 80, True)
    50.0
    >>> section_distance(400, 50, False, 400, 20, True)
    400.0
    """
    begin_diff = begin1 - begin2
    length_diff = length1 - length2
    if unit1 and unit2 and -length1 < begin_diff < length2:
        return float(begin_diff ** 2 + (begin_diff + length_diff) ** 2)
    if unit1 and not unit2 and 0 <= begin_diff <= -length_diff:
        return float(length1 ** 2)
    if unit2 and not unit1 and -length_diff <= begin_diff <= 0:
        return float(length2 ** 2)
    return 0.0


def _segmentation(units: Sequence[tuple[int, int]], begin: int, length: int) -> list[tuple[int, int, bool]]:
    """A coder's sections (units and the gaps between them) covering the continuum, in order."""
    sections = []
    pos = begin
    for start, end in sorted(units):
        if start > pos:
            sections.append((pos, start - pos, False))
        sections.append((start, end - start, True))
        pos = end
    if pos < begin + length:
        sections.append((pos, begin + length - pos, False))
    return sections


def _observed(segmentations: list[list[tuple[int, int, bool]]], length: int) -> float:
    coders = len(segmentations)
    total = 0.0
    for a in range(coders):
        for b in range(a + 1, coders):
            first, second = segmentations[a], segmentations[b]
            i = j = 0
            # walk both segmentations; each overlapping pair of sections is met once
            while i < len(first) and j < len(second):
                b1, l1, u1 = first[i]
                b2, l2, u2 = second[j]
                total += section_distance(b1, l1, u1, b2, l2, u2)
                if b1 + l1 <= b2 + l2:
                    i += 1
                if b2 + l2 <= b1 + l1:
                    j += 1
    return 2.0 * total / (coders * (coders - 1) * length * length)


def _expected(unit_lengths: list[int], gap_lengths: list[int], coders: int, length: int) -> float:
    n_units = len(unit_lengths)
    gaps = sorted(gap_lengths, reverse=True)
    total = 0.0
    for lu in unit_lengths:
        within = (n_units - 1) * (2 * lu ** 3 - 3 * lu ** 2 + lu) / 3.0
        fits = sum(g - lu + 1 for g in gaps if g >= lu)
        total += within + lu * lu * fits
    denominator = coders * length * (coders * length - 1) - sum(lu * (lu - 1) for lu in unit_lengths)
    return (2.0 / length) * total / denominator


def unitizing_alpha(sections: Iterable[Section], coders: Sequence[Hashable], begin: int, length: int) -> UnitizingResult:
    """Krippendorff's uα of the coders' units on one continuum.

    Parameters
    ----------
    sections : iterable of Section
        Every unit of every coder. One coder's units of one category must not
        overlap (use :func:`merge_spans` first).
    coders : sequence
        All coders, including any that marked no unit (their whole continuum is a gap).
    begin, length : int
        The continuum ``[begin, begin + length)``; every unit lies inside it.

    Returns
    -------
    UnitizingResult

    Raises
    ------
    ValueError
        Fewer than two coders, a non-positive length, a unit outside the
        continuum or of non-positive length, overlapping units of one coder and
        category, or a unit of an unknown coder.
    """
    coders = list(coders)
    if len(coders) < 2:
        raise ValueError("uα needs at least two coders")
    if length <= 0:
        raise ValueError("the continuum must have a positive length")
    known = set(coders)
    by_category: dict[Hashable, dict[Hashable, list[tuple[int, int]]]] = {}
    for section in sections:
        if section.coder not in known:
            raise ValueError(f"unit of unknown coder {section.coder!r}")
        if section.length <= 0 or section.begin < begin or section.begin + section.length > begin + length:
            raise ValueError(f"unit {section} is empty or outside the continuum")
        by_category.setdefault(section.category, {c: [] for c in coders})[section.coder].append(
            (section.begin, section.begin + section.length))
    results = {}
    units = 0
    for category in sorted(by_category, key=repr):
        spans = by_category[category]
        for coder, coder_spans in spans.items():
            ordered = sorted(coder_spans)
            if any(ordered[k][1] > ordered[k + 1][0] for k in range(len(ordered) - 1)):
                raise ValueError(f"coder {coder!r} has overlapping units of category {category!r}")
        segmentations = [_segmentation(spans[c], begin, length) for c in coders]
        unit_lengths = [l for seg in segmentations for (_, l, u) in seg if u]
        gap_lengths = [l for seg in segmentations for (_, l, u) in seg if not u]
        units += len(unit_lengths)
        observed = _observed(segmentations, length)
        expected = _expected(unit_lengths, gap_lengths, len(coders), length)
        results[category] = (_alpha(observed, expected), observed, expected)
    if not results:
        return UnitizingResult(None, 0.0, 0.0, {}, 0, len(coders), length)
    observed = sum(r[1] for r in results.values()) / len(results)
    expected = sum(r[2] for r in results.values()) / len(results)
    return UnitizingResult(_alpha(observed, expected), observed, expected, results, units, len(coders), length)


def _alpha(observed: float, expected: float) -> float | None:
    if expected == 0:
        return None
    return 1.0 - observed / expected
