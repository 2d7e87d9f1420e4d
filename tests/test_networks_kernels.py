"""Kernel-smoothed slices worked by hand from DNA's rules (kernels.py docstring, Exporter.zeta/processTimeSlice).

Fixture KERNEL (organisation level, one concept c1, dates by statement):

    s1: A supports c1 on 2020-01-01
    s2: B supports c1 on 2020-01-03
    s3: B opposes  c1 on 2020-01-05

Window 4 days (w = 4, w/2 = 2), no indent: b = 1 Jan, e = 5 Jan, mid-points γ = 1 … 5 Jan.
A statement's weight is K(u), u = 2Δ/w, Δ = γ − date in days.
"""

from __future__ import annotations

import math

import pytest

from network_fixtures import make_dataset, weights
from stancegraph.graph.errors import UsageError
from stancegraph.graph.networks import kernel_slices, time_windows

ROWS = [
    ("s1", "a", "c1", "support", "d1", None, "2020-01-01"),
    ("s2", "b", "c1", "support", "d1", None, "2020-01-03"),
    ("s3", "b", "c1", "oppose", "d1", None, "2020-01-05"),
]
AB = frozenset("ab")


@pytest.fixture(scope="module")
def kernel_data():
    return make_dataset(ROWS, documents={"d1": "2020-01-01"})


def _slice(slices, day):
    (found,) = [s for s in slices if s.middle.isoformat() == day]
    return found


def test_mid_points_and_bounds(kernel_data):
    slices = kernel_slices(kernel_data, "congruence", window="4d", kernel="uniform", indent_time=False)
    assert [s.middle.day for s in slices] == [1, 2, 3, 4, 5]
    # a slice is [max(b, γ − 2), min(e, γ + 2)]
    assert [(s.start.day, s.end.day) for s in slices] == [(1, 3), (1, 4), (1, 5), (2, 5), (3, 5)]
    # indentTime: γ from b + 2 to e − 2 days: only 3 Jan; an odd window is rounded up (3d → 4d)
    indented = kernel_slices(kernel_data, "congruence", window="3d", kernel="uniform")
    assert [s.middle.day for s in indented] == [3]
    assert indented[0].graph.graph["window"] == "4 days"


def test_uniform_kernel(kernel_data):
    # γ = 3 Jan: Δ = 2, 0, −2 → u = 1, 0, −1 → ζ = 0.5 each
    # congruence A–B: s1·s2 same stance: √(0.5·0.5) = 0.5; s1·s3 opposite: similarity 0
    # conflict A–B: s1·s3: 0.5; subtract: 0.5 − 0.5 = 0, no tie
    slices = {kind: _slice(kernel_slices(kernel_data, kind, window="4d", kernel="uniform", indent_time=False),
                           "2020-01-03") for kind in ("congruence", "conflict", "subtract")}
    assert weights(slices["congruence"].graph) == {AB: pytest.approx(0.5)}
    assert weights(slices["conflict"].graph) == {AB: pytest.approx(0.5)}
    assert weights(slices["subtract"].graph) == {}
    assert slices["congruence"].graph.edges["a", "b"]["statements"] == ["s1", "s2"]
    # γ = 1 Jan: slice [1, 3]: s3 (5 Jan) is outside; congruence √(0.5·0.5)
    first = _slice(kernel_slices(kernel_data, "congruence", window="4d", kernel="uniform", indent_time=False),
                   "2020-01-01")
    assert weights(first.graph) == {AB: pytest.approx(0.5)}
    assert first.graph.graph["statement_count"] == 2


def test_epanechnikov_and_triangular(kernel_data):
    # γ = 2 Jan, slice [1, 4]: s1 Δ = 1 (u = 0.5), s2 Δ = −1 (u = −0.5), s3 outside
    # Epanechnikov 0.75·(1 − 0.25) = 0.5625 each → congruence √(0.5625²) = 0.5625
    ep = _slice(kernel_slices(kernel_data, "congruence", window="4d", kernel="epanechnikov", indent_time=False),
                "2020-01-02")
    assert weights(ep.graph) == {AB: pytest.approx(0.5625)}
    # triangular 1 − |u| = 0.5 for both sides (DNA's |1 − u| would give 0.5 and 1.5: √0.75)
    tri = _slice(kernel_slices(kernel_data, "congruence", window="4d", kernel="triangular", indent_time=False),
                 "2020-01-02")
    assert weights(tri.graph) == {AB: pytest.approx(0.5)}
    # γ = 3 Jan: s1 and s3 at |u| = 1 weigh 0 under Epanechnikov: no tie at all
    ep3 = _slice(kernel_slices(kernel_data, "congruence", window="4d", kernel="epanechnikov", indent_time=False),
                 "2020-01-03")
    assert weights(ep3.graph) == {}


def test_gaussian_kernel_uses_every_statement(kernel_data):
    # γ = 1 Jan: Δ = 0, −2, −4 → u = 0, −1, −2 → φ(0), φ(1), φ(2)
    phi = lambda u: math.exp(-u * u / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    cong = _slice(kernel_slices(kernel_data, "congruence", window="4d", kernel="gaussian", indent_time=False),
                  "2020-01-01")
    conf = _slice(kernel_slices(kernel_data, "conflict", window="4d", kernel="gaussian", indent_time=False),
                  "2020-01-01")
    assert weights(cong.graph) == {AB: pytest.approx(math.sqrt(phi(0) * phi(1)))}
    assert weights(conf.graph) == {AB: pytest.approx(math.sqrt(phi(0) * phi(2)))}
    assert (cong.start.day, cong.end.day) == (1, 5)  # the Gaussian slice is the whole timeline


def test_average_normalisation_factor(kernel_data):
    # DNA multiplies by Σ_{j,k} 2/(c[a,j,k] + c[b,j,k]) over the whole selection's counts:
    # (c1, support): 2/(1 + 1) = 1;  (c1, oppose): 2/(0 + 1) = 2  → factor 3;  0.5 · 3 = 1.5
    s = _slice(kernel_slices(kernel_data, "congruence", window="4d", kernel="uniform", indent_time=False,
                             normalisation="average"), "2020-01-03")
    assert weights(s.graph) == {AB: pytest.approx(1.5)}
    assert s.graph.edges["a", "b"]["raw_weight"] == pytest.approx(0.5)


def test_two_mode_cells_sum_signed_weights(kernel_data):
    # γ = 2 Jan, uniform, qualifier subtract: A–c1 = +0.5 (s1); B–c1 = +0.5 (s2), s3 outside [1, 4]
    # γ = 3 Jan: B–c1 = +0.5 − 0.5 = 0 → no edge; ignore: 0.5 + 0.5 = 1
    slices = kernel_slices(kernel_data, "twomode", window="4d", kernel="uniform", indent_time=False,
                           qualifier="subtract")
    assert weights(_slice(slices, "2020-01-02").graph) == {frozenset(("a", "c1")): pytest.approx(0.5), frozenset(("b", "c1")): pytest.approx(0.5)}
    assert weights(_slice(slices, "2020-01-03").graph) == {frozenset(("a", "c1")): pytest.approx(0.5)}
    ignore = kernel_slices(kernel_data, "twomode", window="4d", kernel="uniform", indent_time=False)
    assert weights(_slice(ignore, "2020-01-03").graph)[frozenset(("b", "c1"))] == 1.0


def test_every_slice_has_every_node(kernel_data):
    for s in kernel_slices(kernel_data, "congruence", window="2d", kernel="uniform", indent_time=False):
        assert sorted(s.graph.nodes) == ["a", "b"]


def test_months_count_whole_months():
    # window 2 months (w/2 = 1 month); with indent the only mid-point is γ = 15 Feb, slice [15 Jan, 15 Mar].
    # Δ(15 Jan → 15 Feb) = 1 month (u = 1); Δ(16 Jan → 15 Feb) = 0 whole months (u = 0); Δ(15 Mar) = −1 (u = −1)
    rows = [("s1", "a", "c1", "support", "d1", None, "2020-01-15"), ("s2", "b", "c1", "support", "d1", None,
                                                                   "2020-01-16"),
            ("s3", "b", "c1", "support", "d1", None, "2020-03-15")]
    ds = make_dataset(rows, documents={"d1": "2020-01-15"})
    slices = kernel_slices(ds, "congruence", window="2m", kernel="epanechnikov")
    assert [s.middle.isoformat() for s in slices] == ["2020-02-15"]
    # Epanechnikov: s1 Δ = 1 → u = 1 → 0; s2 Δ = 0 whole months → 0.75; s3 Δ = −1 → 0 — so no tie
    assert weights(slices[0].graph) == {}
    uniform = kernel_slices(ds, "congruence", window="2m", kernel="uniform")
    # uniform: every ζ = 0.5; A–B = s1·s2 + s1·s3 = 0.5 + 0.5
    assert weights(uniform[0].graph) == {AB: pytest.approx(1.0)}


def test_partial_dates_follow_the_date_rule():
    # s2 is dated "2020-01" only. within: it counts only in a slice holding all of January (never in 4-day
    # slices); earliest: as 1 January
    rows = [("s1", "a", "c1", "support", "d1", None, "2020-01-01"), ("s2", "b", "c1", "support", "d1", None,
                                                                   "2020-01")]
    ds = make_dataset(rows, documents={"d1": "2020-01-01"})
    within = kernel_slices(ds, "congruence", window="4d", kernel="uniform", indent_time=False)
    assert all(weights(s.graph) == {} for s in within)
    earliest = kernel_slices(ds, "congruence", window="4d", kernel="uniform", indent_time=False,
                             date_rule="earliest")
    assert weights(earliest[0].graph) == {AB: pytest.approx(0.5)}
    # a window wide enough for all of January: the month-only date gets the mean weight over its 31 days
    wide = kernel_slices(ds, "congruence", window="2m", kernel="uniform", indent_time=False)
    assert weights(wide[0].graph) == {AB: pytest.approx(0.5)}


def test_time_windows_with_a_kernel(kernel_data):
    windows = time_windows(kernel_data, "congruence", window="4d", kernel="uniform", indent_time=False)
    assert [(a.day, b.day) for a, b, _ in windows] == [(1, 3), (1, 4), (1, 5), (2, 5), (3, 5)]
    assert windows[2][2].graph["middle"] == "2020-01-03"
    with pytest.raises(UsageError, match="leave out step"):
        time_windows(kernel_data, window="4d", step="1d", kernel="uniform")


@pytest.mark.parametrize("bad, message", [
    (dict(kernel="box"), "unknown kernel"),
    (dict(normalisation="jaccard"), "not defined for kernel"),
    (dict(kind="twomode", qualifier="combine"), "combine"),
])
def test_settings_dna_would_replace_are_errors(kernel_data, bad, message):
    args = dict(kind="congruence", kernel="uniform")
    args.update(bad)
    with pytest.raises(UsageError, match=message):
        kernel_slices(kernel_data, window="4d", **args)
