"""Leifeld polarisation worked by hand from DNA's Polarization.java (qualityAbsdiff, greedy, genetic).

Fixture CAMPS (organisation level, one concept c1, one document):
    a, b support c1;  c, d oppose c1.
Congruence (average-normalised; every actor has one statement, so every denominator is 1):
    a–b = 1, c–d = 1.   Conflict: a–c = a–d = b–c = b–d = 1.
As matrices over both triangles: ‖C‖ = 4, ‖F‖ = 8. k = 2, clusters of 2: W = 2·1 + 2·1 = 4 ordered
within-cluster dyads, B = 4·3 − 4 = 8 between. Expected within congruence E_c = (2/4)·(4/4) = 0.5,
expected between conflict E_cd = (2·2/8)·(8/8) = 0.5.

Split {a,b}|{c,d}: within dyads ab, ba, cd, dc: |1 − 0.5| = 0.5 each → 2; within conflict 0.
    Between (8 ordered dyads): congruence 0; |1 − 0.5| = 0.5 each → 4.  Q = (2 + 4)/2 = 3.
Split {a,c}|{b,d}: within: |0 − 0.5|·4 = 2, within conflict |1|·4 = 4;
    between: congruence ab, ba, cd, dc = 4; conflict ad, da, bc, cb |1 − 0.5| = 2, ab, ba, cd, dc |0 − 0.5| = 2.
    Q = (2 + 4 + 4 + 2 + 2)/2 = 7.   {a,d}|{b,c} is the same by symmetry: 7.
Normalised: the sum over 2(‖C‖ + ‖F‖) = 24: 6/24 = 0.25 and 14/24 = 7/12.

So DNA's quality, which its algorithms maximise, picks a split *across* the camps on this network: it
measures the distance from the expected polarised pattern (and E_c divides by W twice). We reproduce it.
"""

from __future__ import annotations

import numpy as np
import pytest

from network_fixtures import make_dataset
from stancegraph.graph.errors import UsageError
from stancegraph.graph.networks import polarisation_leifeld
from stancegraph.graph.networks.polarisation_leifeld import genetic_clusters, greedy_clusters, quality_absdiff

C = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], float)
F = np.array([[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 0, 0], [1, 1, 0, 0]], float)
CAMPS = [("s1", "a", "c1", "support", "d1"), ("s2", "b", "c1", "support", "d1"),
         ("s3", "c", "c1", "oppose", "d1"), ("s4", "d", "c1", "oppose", "d1")]


def test_quality_worked_by_hand():
    assert quality_absdiff([0, 0, 1, 1], C, F, 2) == 3.0
    assert quality_absdiff([0, 1, 0, 1], C, F, 2) == 7.0
    assert quality_absdiff([0, 1, 1, 0], C, F, 2) == 7.0
    assert quality_absdiff([0, 0, 1, 1], C, F, 2, normalise=True) == pytest.approx(0.25)
    assert quality_absdiff([0, 1, 0, 1], C, F, 2, normalise=True) == pytest.approx(7 / 12)


def _crossing(memberships) -> bool:
    return memberships[0] != memberships[1]


def test_greedy_from_the_camp_split_swaps_to_the_best_quality():
    # from {a,b}|{c,d} (Q = 3) the first pair tried, a–c (i = 0, j = 2), gives Q = 7: accepted; no swap beats 7
    memberships, trace = greedy_clusters(C, F, 2, start=[0, 0, 1, 1])
    assert trace == [3.0, 7.0]
    assert memberships.tolist() == [1, 0, 0, 1]


def test_greedy_result_is_a_local_optimum_on_random_networks():
    rng = np.random.default_rng(5)
    for n, k in ((7, 2), (9, 3)):
        c = np.triu(rng.random((n, n)), 1)
        f = np.triu(rng.random((n, n)) * (rng.random((n, n)) < 0.4), 1)
        c, f = c + c.T, f + f.T
        m, trace = greedy_clusters(c, f, k, rng=np.random.default_rng(1))
        q = quality_absdiff(m, c, f, k)
        assert trace[-1] == pytest.approx(q)
        assert all(a < b for a, b in zip(trace, trace[1:]))  # every accepted swap raised Q
        assert sorted(np.bincount(m, minlength=k)) == sorted(np.bincount(np.arange(n) % k, minlength=k))
        for i in range(n):  # no single swap improves it
            for j in range(n):
                if m[i] != m[j]:
                    swapped = m.copy()
                    swapped[i], swapped[j] = m[j], m[i]
                    assert quality_absdiff(swapped, c, f, k) <= q + 1e-9


def test_genetic_finds_the_best_split_and_is_reproducible():
    first = genetic_clusters(C, F, 2, rng=np.random.default_rng(7), parents=10, iterations=50)
    again = genetic_clusters(C, F, 2, rng=np.random.default_rng(7), parents=10, iterations=50)
    assert first[0].tolist() == again[0].tolist() and first[1] == again[1]
    assert first[1][-1] == 7.0 and _crossing(first[0].tolist())
    assert all(a <= b for a, b in zip(first[1], first[1][1:]))  # elites keep the best


def test_whole_period_from_a_dataset():
    ds = make_dataset(CAMPS)
    (greedy,) = polarisation_leifeld(ds, seed=3)
    assert greedy.labels == ("a", "b", "c", "d")
    assert greedy.score == 7.0 and _crossing(greedy.memberships)
    assert greedy.statements == 4
    (normalised,) = polarisation_leifeld(ds, normalise=True, algorithm="genetic", parents=8, iterations=30, seed=3)
    assert normalised.score == pytest.approx(7 / 12)
    assert len(normalised.max_q) == len(normalised.avg_q) == len(normalised.sd_q) >= 1
    assert sorted(len(g) for g in normalised.groups) == [2, 2]


def test_same_seed_same_result_over_time():
    rows = [(f"s{i}", org, f"c{i % 3}", stance, "d1", None, f"2020-01-{1 + i:02d}")
            for i, (org, stance) in enumerate([("a", "support"), ("b", "support"), ("c", "oppose"), ("d", "oppose"),
                                               ("e", "support"), ("a", "oppose"), ("c", "support"), ("b", "mixed"),
                                               ("d", "support"), ("e", "oppose")])]
    ds = make_dataset(rows, documents={"d1": "2020-01-01"})
    runs = [polarisation_leifeld(ds, window="4d", kernel="gaussian", algorithm="genetic", parents=6, iterations=20,
                                 seed=11) for _ in range(2)]
    assert [r.as_dict() for r in runs[0]] == [r.as_dict() for r in runs[1]]
    assert [r.middle.day for r in runs[0]] == list(range(1, 11))


def test_small_or_empty_slices_score_zero():
    # a window slice of two actors (n ≤ k) scores 0, as in DNA; the whole period of two actors is refused
    ds = make_dataset([*CAMPS[:2], ("s3", "c", "c1", "oppose", "d2"), ("s4", "d", "c1", "oppose", "d2")],
                      documents={"d1": "2020-01-10", "d2": "2021-06-10"})
    slices = polarisation_leifeld(ds, window="1m")
    small = [r for r in slices if len(r.labels) <= 2]
    assert small and all(r.score == 0.0 and r.memberships == () for r in small)
    with pytest.raises(UsageError, match="need more actors than clusters; the network has 2 actors$"):
        polarisation_leifeld(make_dataset(CAMPS[:2]))


@pytest.mark.parametrize("kwargs, message", [
    (dict(algorithm="swapping"), "unknown polarisation algorithm"),
    (dict(clusters=1), "clusters"),
    (dict(algorithm="genetic", elite=1.5), "elite"),
    (dict(kind="conflict"), "do not pass"),
])
def test_bad_settings(kwargs, message):
    with pytest.raises(UsageError, match=message):
        polarisation_leifeld(make_dataset(CAMPS), **kwargs)
