"""Integer qualifiers (1…5 and other scales) in kernel-smoothed slices and in the backbone.

DNA's rules (Exporter.processTimeSlice, computeOneModeMatrix and the backbone's
initialize/iterate methods, DNA 3.1.2) are written out here independently of the
package: a pair-by-pair loop over statements as processTimeSlice runs it (with its
own similarity over the levels' *positions* in Java string order), a rebuild of
every backbone candidate network from its statements with the full selection's range R,
and hand-worked numbers for a small 1…5 fixture.

Fixture ROWS (organisation level; documents on 1, 3 and 5 January 2020):

    a: x 5 (1 Jan), x 4 (3 Jan), y 1 (1 Jan)      b: x 2 (3 Jan), y 1 (5 Jan)      c: y 3 (5 Jan)

Values 1…5 all used: R = 4, s(q, q′) = 1 − |q − q′|/4.
Window 8 days, Epanechnikov, no indent; the slice around γ = 3 Jan is [1, 5 Jan]:
u = 2Δ/8, ζ(Δ = ±2) = 0.75·(1 − 0.25) = 0.5625, ζ(0) = 0.75.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from itertools import combinations

import numpy as np
import pytest
from click.testing import CliRunner

from dna_fixtures import Doc, Stmt, Study, build_dna
from network_fixtures import make_dataset
from stancegraph.graph.cli import cli
from stancegraph.graph.errors import UsageError
from stancegraph.graph.interop.dna import import_dna
from stancegraph.graph.networks import backbone, build_network, kernel_slices, polarisation_leifeld
from stancegraph.graph.seeds.load import load_dataset

DAYS = {"d1": "2020-01-01", "d3": "2020-01-03", "d5": "2020-01-05"}
# (id, organisation, concept, stance, qualifier, document); the stance is the coarse reading of the value
ROWS = [
    ("s1", "a", "x", "support", 5, "d1"),
    ("s2", "a", "x", "support", 4, "d3"),
    ("s3", "b", "x", "oppose", 2, "d3"),
    ("s4", "b", "y", "oppose", 1, "d5"),
    ("s5", "a", "y", "oppose", 1, "d1"),
    ("s6", "c", "y", "mixed", 3, "d5"),
]
ROOT = math.sqrt(0.75)


def _dataset(rows, documents=DAYS):
    return make_dataset([(sid, org, concept, stance, doc) for sid, org, concept, stance, _, doc in rows],
                        documents=documents, qualifiers={row[0]: row[4] for row in rows})


def _weights(graph):
    return {frozenset((u, v)): w for u, v, w in graph.edges(data="weight")}


def _two_mode(graph):
    return {(u, v) if graph.nodes[u]["kind"] != "concept" else (v, u): w for u, v, w in graph.edges(data="weight")}


def _middle(slices, day):
    (found,) = [s for s in slices if s.middle.isoformat() == day]
    return found.graph


# -- DNA's kernel smoothing, statement pair by statement pair ----------------------------------------------------

def _zeta(delta_days: int, w: int, kernel: str) -> float:
    """Exporter.zeta in days (the triangular kernel as 1 − |u|, the package's documented fix)."""
    u = 2 * delta_days / w
    if kernel == "gaussian":
        return math.exp(-0.5 * u * u) / math.sqrt(2 * math.pi)
    if abs(u) > 1:
        return 0.0
    return {"uniform": 0.5, "epanechnikov": 0.75 * (1 - u * u), "triangular": 1 - abs(u)}[kernel]


def _dna_positions(values):
    """DNA's kernel levels: the distinct values as strings in Java String order (ASCII here), by position."""
    labels = sorted({str(q) for q in values})
    return {int(label): k for k, label in enumerate(labels)}, len(labels)


def _dna_slice(statements, gamma, lo, hi, w, kernel, tie, norm="none", *, positions=True):
    """processTimeSlice, one-mode: Σ over statement pairs on a shared concept of √(ζζ′)·f; ``average`` factor.

    ``statements`` are (actor, concept, value, date). With ``positions`` the similarity is DNA's own
    |1 − |k − k′|/(L − 1)| over the levels' positions; else 1 − |q − q′|/R over the values.
    """
    position, levels = _dna_positions(s[2] for s in statements)
    values = sorted({s[2] for s in statements})
    spread = values[-1] - values[0]

    def similarity(q1, q2):
        if positions:
            return abs(1 - abs(position[q1] - position[q2]) / (levels - 1))
        return 1 - abs(q1 - q2) / spread

    counts = defaultdict(Counter)  # DNA's |X[i][j][k]| over the whole selection
    for actor, concept, q, _ in statements:
        counts[actor][(concept, q)] += 1
    inside = [s for s in statements if kernel == "gaussian" or lo <= s[3] <= hi]
    ties = {}
    for i, i2 in combinations(sorted(counts), 2):
        m = 0.0
        for a1, c1, q1, d1 in inside:
            for a2, c2, q2, d2 in inside:
                if a1 != i or a2 != i2 or c1 != c2:
                    continue
                z = math.sqrt(_zeta((gamma - d1).days, w, kernel) * _zeta((gamma - d2).days, w, kernel))
                s = similarity(q1, q2)
                m += {"congruence": s, "conflict": 1 - s, "subtract": s - (1 - s), "cooccurrence": 1}[tie] * z
        if norm == "average" and m:
            m *= sum(2 / (counts[i][cell] + counts[i2][cell]) for cell in set(counts[i]) | set(counts[i2]))
        if m:
            ties[frozenset((i, i2))] = m
    return ties


def _statements(rows, documents=DAYS):
    return [(org, concept, q, dt.date.fromisoformat(documents[doc])) for _, org, concept, _, q, doc in rows]


# -- hand-worked slice ------------------------------------------------------------------------------------------

# γ = 3 Jan. a–b: x: s1 (5, ζ .5625) × s3 (2, ζ .75): √(.5625·.75) = .75·√.75, s = 1/4;
#                    s2 (4, ζ .75) × s3: √(.75·.75) = .75, s = 1/2;
#                 y: s5 (1, ζ .5625) × s4 (1, ζ .5625): .5625, s = 1.
# a–c and b–c: y: (1, ζ .5625) × s6 (3, ζ .5625): .5625, s = 1/2.
HAND = {
    "congruence": {"ab": .75 * ROOT * .25 + .75 * .5 + .5625, "ac": .5625 * .5, "bc": .5625 * .5},
    "conflict": {"ab": .75 * ROOT * .75 + .75 * .5, "ac": .5625 * .5, "bc": .5625 * .5},
    # 2s − 1: −1/2, 0, 1 for a–b; 0 for a–c and b–c (no tie)
    "subtract": {"ab": .75 * ROOT * -.5 + .5625},
}
# average: Σ over (concept, value) cells used by either actor of 2/(c + c′), counts of the whole selection:
# a–b: (x,5) 2/1 + (x,4) 2/1 + (x,2) 2/1 + (y,1) 2/2 = 7; a–c: 2 + 2 + 2 + 2 = 8; b–c: 2 + 2 + 2 = 6
AVERAGE = {"ab": 7, "ac": 8, "bc": 6}


@pytest.fixture(scope="module")
def likert():
    return _dataset(ROWS)


@pytest.mark.parametrize("norm", ["none", "average"])
@pytest.mark.parametrize("tie", sorted(HAND))
def test_slice_on_a_1_to_5_scale_by_hand(likert, tie, norm):
    graph = _middle(kernel_slices(likert, tie, window="8d", kernel="epanechnikov", indent_time=False,
                                  normalisation=norm), "2020-01-03")
    hand = {frozenset(pair): value * (AVERAGE[pair] if norm == "average" else 1)
            for pair, value in HAND[tie].items()}
    assert _weights(graph) == pytest.approx(hand, abs=1e-12)
    dna = _dna_slice(_statements(ROWS), dt.date(2020, 1, 3), dt.date(2020, 1, 1), dt.date(2020, 1, 5), 8,
                     "epanechnikov", tie, norm)
    assert _weights(graph) == pytest.approx(dna, abs=1e-12)


def test_the_stances_alone_would_give_other_ties(likert):
    # the coarse stances (a: x support twice, y oppose; b: x oppose, y oppose) make a–b
    # congruence .5625 (y) only — the integer values give 1.0999 (test above)
    stances = make_dataset([(sid, org, concept, stance, doc) for sid, org, concept, stance, _, doc in ROWS],
                           documents=DAYS)
    graph = _middle(kernel_slices(stances, "congruence", window="8d", kernel="epanechnikov", indent_time=False),
                    "2020-01-03")
    assert _weights(graph)[frozenset("ab")] == pytest.approx(.5625)  # s1, s2 (support) × s3 (oppose): s = 0
    assert _weights(graph)[frozenset("ab")] != pytest.approx(HAND["congruence"]["ab"])


def test_every_slice_and_kernel_equals_dna_on_a_1_to_5_scale(likert):
    statements = _statements(ROWS)
    checked = 0
    for kernel in ("uniform", "epanechnikov", "triangular", "gaussian"):
        for tie in ("congruence", "conflict", "subtract", "cooccurrence"):
            for norm in ("none", "average"):
                for found in kernel_slices(likert, tie, window="4d", kernel=kernel, indent_time=False,
                                           normalisation=norm):
                    dna = _dna_slice(statements, found.middle, found.start, found.end, 4, kernel, tie, norm)
                    assert _weights(found.graph) == pytest.approx(dna, abs=1e-12), (kernel, tie, norm, found.middle)
                    checked += len(dna)
    assert checked > 150


def test_evidence_lists_the_statements_with_a_non_zero_factor(likert):
    slices = kernel_slices(likert, "congruence", window="8d", kernel="epanechnikov", indent_time=False)
    edge = _middle(slices, "2020-01-03").edges["a", "b"]
    assert edge["statements"] == ["s1", "s2", "s3", "s4", "s5"] and edge["concepts"] == ["x", "y"]
    # subtract: s2 (4) × s3 (2) has 2s − 1 = 0, so the pair adds nothing; s2 is in no other pair with b
    slices = kernel_slices(likert, "subtract", window="8d", kernel="epanechnikov", indent_time=False)
    assert _middle(slices, "2020-01-03").edges["a", "b"]["statements"] == ["s1", "s3", "s4", "s5"]


def test_two_mode_subtract_weighs_the_value(likert):
    graph = _middle(kernel_slices(likert, "twomode", window="8d", kernel="epanechnikov", indent_time=False,
                                  qualifier="subtract"), "2020-01-03")
    # Σ q·ζ: (a,x) 5·.5625 + 4·.75; (a,y) 1·.5625; (b,x) 2·.75; (b,y) 1·.5625; (c,y) 3·.5625
    expected = {("a", "x"): 5.8125, ("a", "y"): .5625, ("b", "x"): 1.5, ("b", "y"): .5625, ("c", "y"): 1.6875}
    assert _two_mode(graph) == pytest.approx(expected, abs=1e-12)
    # DNA's processTimeSlice adds the level's position (value − 1 here): (a,x) 4·.5625 + 3·.75 = 4.5 and (a,y),
    # (b,y) 0 — unlike its own unsmoothed subtract Σ q·a; the module docstring records the departure
    ignore = _middle(kernel_slices(likert, "twomode", window="8d", kernel="epanechnikov", indent_time=False),
                     "2020-01-03")
    assert _two_mode(ignore) == pytest.approx({("a", "x"): 1.3125, ("a", "y"): .5625, ("b", "x"): .75,
                                               ("b", "y"): .5625, ("c", "y"): .5625}, abs=1e-12)


def test_a_statement_without_a_qualifier_counts_its_stance():
    # s3 (support, no qualifier) is +1: values 1, 2, 3 and R = 2; uniform over the whole timeline: ζ = 0.5
    rows = [("s1", "a", "x", "oppose", 2, "d1"), ("s2", "b", "x", "mixed", 3, "d3"),
            ("s3", "c", "x", "support", None, "d5")]
    graph = _middle(kernel_slices(_dataset(rows), "congruence", window="8d", kernel="uniform", indent_time=False),
                    "2020-01-03")
    # a–b |2 − 3| → ½·½; a–c |2 − 1| → ½·½; b–c |3 − 1| = R → 0
    assert _weights(graph) == pytest.approx({frozenset("ab"): .25, frozenset("ac"): .25}, abs=1e-12)


def test_a_single_value_makes_the_ties_nan_where_statements_meet():
    # every value 3: R = 0, DNA's similarity 0/0. a and b meet on x on 3 Jan's slice; c is alone on y
    rows = [("s1", "a", "x", "mixed", 3, "d1"), ("s2", "b", "x", "mixed", 3, "d5"), ("s3", "c", "y", "mixed", 3, "d3")]
    data = _dataset(rows)
    for tie in ("congruence", "conflict", "subtract"):
        slices = kernel_slices(data, tie, window="4d", kernel="uniform", indent_time=False, normalisation="average")
        middle = _weights(_middle(slices, "2020-01-03"))
        assert list(middle) == [frozenset("ab")] and math.isnan(middle[frozenset("ab")])
        assert _weights(_middle(slices, "2020-01-01")) == {}  # b's statement (5 Jan) is outside [1, 3 Jan]
    cooccurrence = kernel_slices(data, "cooccurrence", window="4d", kernel="uniform", indent_time=False)
    assert _weights(_middle(cooccurrence, "2020-01-03")) == pytest.approx({frozenset("ab"): 0.5}, abs=1e-12)


def test_a_subtract_tie_that_cancels_is_no_tie():
    # Stances only. γ = 1 Jan, 8 days, Epanechnikov: ζ = .75 on 1 Jan, .5625 on 3 Jan. subtract a–b:
    #   x: a oppose (3 Jan) × b support (1 Jan): −√(.5625·.75)
    #   y: b oppose (1 Jan) × a oppose (3 Jan) +√(.5625·.75), × a support (1 Jan) −.75, × a oppose (1 Jan) +.75
    # = 0: DNA's pair-by-pair sum is exactly 0; grouped as B = Σ√ζ per cell it left −2.2e-16, a tie
    rows = [("s0", "b", "y", "oppose", "d1"), ("s1", "b", "x", "support", "d1"), ("s2", "a", "y", "oppose", "d3"),
            ("s3", "a", "x", "oppose", "d3"), ("s4", "a", "y", "support", "d1"), ("s5", "a", "y", "oppose", "d1")]
    data = make_dataset(rows, documents=DAYS)
    graph = _middle(kernel_slices(data, "subtract", window="8d", kernel="epanechnikov", indent_time=False),
                    "2020-01-01")
    assert _weights(graph) == {}
    values = {"support": 1, "oppose": -1}
    dna = _dna_slice([(org, c, values[stance], dt.date.fromisoformat(DAYS[doc])) for _, org, c, stance, doc in rows],
                     dt.date(2020, 1, 1), dt.date(2020, 1, 1), dt.date(2020, 1, 5), 8, "epanechnikov", "subtract",
                     positions=False)
    assert dna == {}
    # congruence keeps its ties (terms of one sign never cancel): y, b oppose × a oppose on 3 Jan and on 1 Jan
    assert _weights(_middle(kernel_slices(data, "congruence", window="8d", kernel="epanechnikov", indent_time=False),
                            "2020-01-01")) == pytest.approx({frozenset("ab"): .75 * ROOT + .75}, abs=1e-12)


SCALES = {
    "1..5": [1, 2, 3, 4, 5],
    "-3..3": [-3, -2, -1, 0, 1, 2, 3],   # DNA's string order puts -1 before -2 and -3
    "gap": [1, 2, 5],                     # DNA's positions space 1, 2, 5 evenly
    "0..10": list(range(11)),             # "10" sorts before "2"
}


def _random_rows(scale, seed=5):
    rng = random.Random(seed)
    rows = []
    for n in range(24):
        q = scale[n % len(scale)] if n < len(scale) else rng.choice(scale)
        rows.append((f"s{n:02d}", rng.choice("abcde"), rng.choice("xyz"), "support", q, rng.choice(sorted(DAYS))))
    return rows


@pytest.mark.parametrize("scale", sorted(SCALES))
def test_a_wide_uniform_slice_is_half_the_unsmoothed_network_on_any_scale(scale):
    # uniform ζ = ½ for every statement: √(ζζ′) = ½, so each one-mode tie is half DNA's unsmoothed tie (which uses
    # the values and R) and each two-mode subtract cell half of Σ q·a — on every scale, whatever DNA's positions do
    rows = _random_rows(SCALES[scale])
    data = _dataset(rows)
    statements = _statements(rows)
    for tie in ("congruence", "conflict", "subtract"):
        (wide,) = [s for s in kernel_slices(data, tie, window="20d", kernel="uniform", indent_time=False)
                   if s.middle.isoformat() == "2020-01-03"]
        static = build_network(data, tie, "organisation")
        assert _weights(wide.graph) == pytest.approx({pair: w / 2 for pair, w in _weights(static).items()},
                                                     abs=1e-12), tie
        by_values = _dna_slice(statements, wide.middle, wide.start, wide.end, 20, "uniform", tie, positions=False)
        assert _weights(wide.graph) == pytest.approx(by_values, abs=1e-12)
        by_positions = _dna_slice(statements, wide.middle, wide.start, wide.end, 20, "uniform", tie)
        if scale == "1..5":
            assert by_positions == pytest.approx(by_values, abs=1e-12)
        else:
            assert by_positions != pytest.approx(by_values, abs=1e-12), (scale, tie)  # DNA's smoothing departs
    (wide,) = [s for s in kernel_slices(data, "twomode", window="20d", kernel="uniform", indent_time=False,
                                        qualifier="subtract") if s.middle.isoformat() == "2020-01-03"]
    static = build_network(data, "twomode", "organisation", qualifier="subtract")  # keeps cells summing to 0
    assert _two_mode(wide.graph) == pytest.approx({pair: w / 2 for pair, w in _two_mode(static).items() if w},
                                                  abs=1e-12)


# -- backbone --------------------------------------------------------------------------------------------------

def _spectrum(matrix):
    a = np.where(matrix < 0, 0.0, matrix)
    values = np.sort(np.linalg.eigvalsh(np.diag(a.sum(axis=1)) - a))[::-1]
    return values / values.sum() if values.sum() > 0 else values


def _dna_network(statements, actors, spread, tie="subtract", norm="average"):
    """computeOneModeMatrix of a statement list (actor, concept, value), the range R of the *full* selection."""
    a = defaultdict(Counter)
    for actor, concept, q in statements:
        a[actor][(concept, q)] += 1
    n = {i: sum(a[i].values()) for i in actors}
    index = {i: x for x, i in enumerate(actors)}
    matrix = np.zeros((len(actors), len(actors)))
    for i, i2 in combinations(actors, 2):
        w = 0.0
        for (c1, q1), n1 in a[i].items():
            for (c2, q2), n2 in a[i2].items():
                if c1 == c2:
                    s = 1 - abs(q1 - q2) / spread
                    w += n1 * n2 * {"congruence": s, "conflict": 1 - s, "subtract": 2 * s - 1}[tie]
        d = (n[i] + n[i2]) / 2 if norm == "average" else 1
        matrix[index[i], index[i2]] = matrix[index[i2], index[i]] = w / d if d else 0.0
    return matrix


def _dna_loss(statements, actors, spread, chosen, **kw):
    full = _spectrum(_dna_network(statements, actors, spread, **kw))
    part = _spectrum(_dna_network([s for s in statements if s[1] in chosen], actors, spread, **kw))
    return float(np.abs(full - part).sum())


def _dna_nested(statements, **kw):
    """iterateNestedBackbone: drop, step by step, every concept whose removal leaves the smallest loss."""
    actors = sorted({s[0] for s in statements})
    values = [s[2] for s in statements]
    spread = max(values) - min(values)
    remaining, order = sorted({s[1] for s in statements}), []
    while remaining:
        losses = {c: _dna_loss(statements, actors, spread, set(remaining) - {c}, **kw) for c in remaining}
        smallest = min(losses.values())
        for c in reversed(remaining):
            if losses[c] == pytest.approx(smallest, abs=1e-12):
                order.append((c, smallest))
                remaining.remove(c)
    return order


# a: x 5, y 1; b: x 4, y 2; c: x 1, z 3. R = 4; subtract f = 2s − 1 = 1 − |q − q′|/2; average (n + n′)/2 = 2:
# a–b: x f(5,4) = ½, y f(1,2) = ½ → 1/2 = 0.5;  a–c: x f(5,1) = −1 → −0.5;  b–c: x f(4,1) = −½ → −0.25.
# (The stances — a, b support x and oppose y — would give a–b (1 + 1)/2 = 1.)
BACKBONE = [("t1", "a", "x", "support", 5, "d1"), ("t2", "a", "y", "oppose", 1, "d1"),
            ("t3", "b", "x", "support", 4, "d1"), ("t4", "b", "y", "oppose", 2, "d1"),
            ("t5", "c", "x", "oppose", 1, "d1"), ("t6", "c", "z", "mixed", 3, "d1")]


def test_backbone_full_network_on_a_1_to_5_scale_by_hand():
    result = backbone(_dataset(BACKBONE), method="nested")
    assert result.labels == ("a", "b", "c")
    assert result.full_network.ravel().tolist() == pytest.approx([0, .5, -.5, .5, 0, -.25, -.5, -.25, 0], abs=1e-12)
    # Positive part: a–b only → Laplacian eigenvalues 1, 0, 0 → normalised (1, 0, 0). Removing any one concept
    # keeps a–b positive (without z: unchanged; without y: x alone gives a–b ½/1; without x: y gives ½/1) and
    # the rest negative, so all three tie at loss 0 and go in one step, DNA walking its list backwards: z, y, x.
    # Redundant sets: {z} has no tie → loss |1 − 0| = 1; {z, y}: a–b ½ → 0; {z, y, x} is the full network → 0.
    # Statements left: 6 − 1 (z), − 2 (y), − 3 (x).
    assert [(s.concept, s.step, s.statements) for s in result.nested] == [("z", 1, 5), ("y", 1, 3), ("x", 1, 0)]
    assert [(s.backbone_loss, s.redundant_loss) for s in result.nested] == [(0, 1), (0, 0), (0, 0)]
    dna = _dna_nested([(org, concept, q) for _, org, concept, _, q, _ in BACKBONE])
    assert [c for c, _ in dna] == ["z", "y", "x"]


def _likert_rows(seed=11, n=40):
    rng = random.Random(seed)
    return [(f"s{k:02d}", rng.choice("abcdef"), rng.choice(["p", "q", "r", "t", "u"]), "support",
             (k % 5) + 1 if k < 5 else rng.randint(1, 5), "d1") for k in range(n)]


@pytest.mark.parametrize("tie, norm", [("subtract", "average"), ("congruence", "none"), ("conflict", "average")])
def test_backbone_nested_equals_dna_on_a_1_to_5_scale(tie, norm):
    rows = _likert_rows()
    result = backbone(_dataset(rows), method="nested", kind=tie, normalisation=norm, duplicates="include")
    dna = _dna_nested([(org, concept, q) for _, org, concept, _, q, _ in rows], tie=tie, norm=norm)
    assert [s.concept for s in result.nested] == [c for c, _ in dna]
    assert [s.backbone_loss for s in result.nested] == pytest.approx([loss for _, loss in dna], abs=1e-9)


@pytest.mark.parametrize("method", ["penalty", "fixed"])
def test_backbone_annealing_losses_are_dna_losses_of_the_sets_found(method):
    rows = _likert_rows()
    statements = [(org, concept, q) for _, org, concept, _, q, _ in rows]
    actors = sorted({s[0] for s in statements})
    result = backbone(_dataset(rows), method=method, size=2, iterations=300, seed=3, duplicates="include")
    assert result.backbone_loss == pytest.approx(_dna_loss(statements, actors, 4, set(result.backbone)), abs=1e-9)
    assert result.redundant_loss == pytest.approx(_dna_loss(statements, actors, 4, set(result.redundant)), abs=1e-9)


def test_backbone_refuses_a_single_value():
    rows = [("s1", "a", "x", "mixed", 3, "d1"), ("s2", "b", "x", "mixed", 3, "d1"), ("s3", "b", "y", "mixed", 3, "d1")]
    with pytest.raises(UsageError, match="integer qualifier 3: with one value the range is 0") as caught:
        backbone(_dataset(rows))
    assert "\n" not in str(caught.value)
    # co-occurrence ignores the qualifier: a–b share x once each
    assert backbone(_dataset(rows), kind="cooccurrence", normalisation="none").full_network.tolist() == [[0, 1], [1, 0]]


@pytest.mark.parametrize("window", [None, "4d"])
def test_polarisation_refuses_a_single_value(window):
    # R = 0 makes DNA's congruence and conflict NaN, and the quality with them (greedy swapping never settled)
    rows = [("s1", "a", "x", "mixed", 3, "d1"), ("s2", "b", "x", "mixed", 3, "d3"), ("s3", "c", "x", "mixed", 3, "d5"),
            ("s4", "d", "y", "mixed", 3, "d3")]
    with pytest.raises(UsageError, match="with one value the range is 0") as caught:
        polarisation_leifeld(_dataset(rows), window=window)
    assert "\n" not in str(caught.value)


# -- the DNA interop path: a .dna database on a 1…5 scale, imported ---------------------------------------------

def _likert_study(agreement=None) -> Study:
    rng = random.Random(29)
    people = {"Ann": "Greens", "Bob": "Greens", "Cy": "Labour", "Di": "Labour", "Ed": "Tories"}
    docs, statements = [], []
    for d in range(6):
        sentences = []
        for k in range(7):
            person = rng.choice(sorted(people))
            sentence = f"Item {d}.{k}: {person} speaks on {rng.choice('ABC')}."
            sentences.append(sentence)
            value = agreement if agreement is not None else (d * 7 + k) % 5 + 1 if d == 0 else rng.randint(1, 5)
            statements.append(Stmt(d, sentence, person, people[person], rng.choice(["Tax", "Rail", "Health"]), value))
        docs.append(Doc(f"Debate {d}", " ".join(sentences), dt.datetime(2019, 3, 1 + 2 * d)))
    return Study(docs, statements, qualifier="integer")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("likert")
    study = _likert_study()
    build_dna(folder / "likert.dna", study)
    import_dna(folder / "likert.dna", folder / "seeds")
    return study, load_dataset(folder / "seeds", corpus=folder / "seeds" / "corpus")


def test_kernel_slices_of_a_dna_import_equal_dna(imported):
    study, data = imported
    assert sorted({s.agreement for s in study.statements}) == [1, 2, 3, 4, 5]
    statements = [(s.person, s.concept, s.agreement, study.docs[s.doc].date.date()) for s in study.statements]
    checked = 0
    for tie in ("congruence", "conflict", "subtract"):
        for norm in ("none", "average"):
            for found in kernel_slices(data, tie, "person", window="6d", kernel="epanechnikov", indent_time=False,
                                       normalisation=norm):
                ours = {frozenset(data.people[n].name for n in pair): w for pair, w in _weights(found.graph).items()}
                dna = _dna_slice(statements, found.middle, found.start, found.end, 6, "epanechnikov", tie, norm)
                assert ours == pytest.approx(dna, abs=1e-12), (tie, norm, found.middle)
                checked += len(dna)
    assert checked > 200


def test_backbone_of_a_dna_import_equals_dna(imported):
    study, data = imported
    result = backbone(data, "person", method="nested", duplicates="include")
    names = {c.label: c.id for c in data.concepts.values()}
    dna = _dna_nested([(s.person, s.concept, s.agreement) for s in study.statements])
    assert [s.concept for s in result.nested] == [names[c] for c, _ in dna]
    assert [s.backbone_loss for s in result.nested] == pytest.approx([loss for _, loss in dna], abs=1e-9)


def test_cli_backbone_of_a_single_valued_dna_import_is_one_line(tmp_path):
    build_dna(tmp_path / "flat.dna", _likert_study(agreement=3))
    import_dna(tmp_path / "flat.dna", tmp_path / "seeds")
    result = CliRunner().invoke(cli, ["backbone", str(tmp_path / "seeds"), "--level", "person"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "range is 0" in lines[0], result.output
