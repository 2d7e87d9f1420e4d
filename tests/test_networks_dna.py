"""Hand-computed networks following DNA's definitions (DNA-NETWORKS.md), derivations written out.

Fixture FOUR (organisation level, boolean case: support = yes, oppose = no).
All statements in document d1 (2020-01-10) except s2 (document d2, 2021-01-15):

    A: s1 c1 support, s2 c1 support (d2), s3 c2 oppose
    B: s4 c1 support, s5 c2 oppose, s6 c2 support
    C: s7 c1 oppose,  s8 c3 support
    D: s9 c3 support

Array a[i, j, k] (k = yes/no) and totals n_i:
    A: (c1,yes)=2 (c2,no)=1            n_A = 3
    B: (c1,yes)=1 (c2,no)=1 (c2,yes)=1 n_B = 3
    C: (c1,no)=1 (c3,yes)=1            n_C = 2
    D: (c3,yes)=1                      n_D = 1
"""

from __future__ import annotations

import pytest

from network_fixtures import make_dataset, weights
from stancegraph.graph.errors import UsageError
from stancegraph.graph.networks import build_network, time_windows

FOUR_ROWS = [
    ("s1", "a", "c1", "support", "d1"),
    ("s2", "a", "c1", "support", "d2"),
    ("s3", "a", "c2", "oppose", "d1"),
    ("s4", "b", "c1", "support", "d1"),
    ("s5", "b", "c2", "oppose", "d1"),
    ("s6", "b", "c2", "support", "d1"),
    ("s7", "c", "c1", "oppose", "d1"),
    ("s8", "c", "c3", "support", "d1"),
    ("s9", "d", "c3", "support", "d1"),
]
AB, AC, AD, BC, BD, CD = (frozenset(p) for p in ("ab", "ac", "ad", "bc", "bd", "cd"))


@pytest.fixture(scope="module")
def four():
    return make_dataset(FOUR_ROWS, documents={"d1": "2020-01-10", "d2": "2021-01-15"})


def test_congruence_multiplies_counts(four):
    # congruence = Σ_j (yes·yes′ + no·no′)
    # A-B: c1 2·1 + c2 no 1·1 = 3;  C-D: c3 1·1 = 1;  A-C: c1 yes 2·0 + no 0·1 = 0;  B-C: 0
    g = build_network(four, "congruence")
    assert weights(g) == {AB: 3.0, CD: 1.0}
    # the tie A-B is made by A's c1 yeses with B's c1 yes and A's c2 no with B's c2 no — not by s6
    assert g.edges["a", "b"]["statements"] == ["s1", "s2", "s3", "s4", "s5"]
    assert g.edges["a", "b"]["concepts"] == ["c1", "c2"]


def test_conflict(four):
    # conflict = Σ_j (no·yes′ + yes·no′)
    # A-B: c2 no_A·yes_B = 1·1 = 1;  A-C: c1 yes_A·no_C = 2·1 = 2;  B-C: c1 1·1 = 1;  C-D: 0
    g = build_network(four, "conflict")
    assert weights(g) == {AB: 1.0, AC: 2.0, BC: 1.0}
    assert g.edges["a", "b"]["statements"] == ["s3", "s6"]
    assert g.edges["a", "c"]["statements"] == ["s1", "s2", "s7"]


def test_subtract(four):
    # subtract = Σ_j (yes−no)(yes′−no′): A-B c1 2·1 + c2 (−1)·0 = 2; A-C 2·(−1) = −2; B-C 1·(−1) = −1; C-D 1
    g = build_network(four, "subtract")
    assert weights(g) == {AB: 2.0, AC: -2.0, BC: -1.0, CD: 1.0}


def test_cooccurrence_ignores_the_stance(four):
    # DNA's one-mode "ignore": Σ_j n_ij·n_i′j — A-B: c1 2·1 + c2 1·2 = 4; A-C: c1 2·1 = 2; B-C: c1 1; C-D: c3 1
    g = build_network(four, "cooccurrence")
    assert weights(g) == {AB: 4.0, AC: 2.0, BC: 1.0, CD: 1.0}


def test_normalisations_use_dnas_denominators(four):
    # average: W / ((n_i + n_i′)/2): A-B 3/3 = 1; C-D 1/1.5
    assert weights(build_network(four, "congruence", normalisation="average")) == pytest.approx({AB: 1.0, CD: 2 / 3})
    # cosine (DNA's): W / (n_i·n_i′): A-B 3/9; C-D 1/2
    assert weights(build_network(four, "congruence", normalisation="cosine")) == pytest.approx({AB: 1 / 3, CD: 0.5})
    # jaccard: m10 + m01 + m11 over cells (j,k).
    #   A-B: m10 = 0; m01 = (c2,yes) 1; m11 = (c1,yes) 2·1 + (c2,no) 1·1 = 3 → 3/4
    #   C-D: m10 = (c1,no) 1; m01 = 0; m11 = (c3,yes) 1 → 1/2
    assert weights(build_network(four, "congruence", normalisation="jaccard")) == pytest.approx({AB: 0.75, CD: 0.5})
    #   conflict A-C = 2; m10 = 2 + 1 = 3, m01 = 1 + 1 = 2, m11 = 0 → 2/5
    assert weights(build_network(four, "conflict", normalisation="jaccard"))[AC] == pytest.approx(0.4)


def test_average_is_not_capped():
    # DNA does not rescale: X says yes on c1 three times, Y three times → 9 / ((3+3)/2) = 3
    ds = make_dataset([(f"x{i}", "x", "c1", "support", "d1") for i in range(3)]
                      + [(f"y{i}", "y", "c1", "support", "d1") for i in range(3)])
    assert weights(build_network(ds, "congruence", normalisation="average")) == {frozenset("xy"): 3.0}
    # counting each actor-concept-stance once over the range brings it back to 1
    assert weights(build_network(ds, "congruence", normalisation="average", duplicates="acrossrange")) == {
        frozenset("xy"): 1.0}


def test_two_mode_aggregations(four):
    cell = lambda g: {(u, v) if u < v else (v, u): d["weight"] for u, v, d in g.edges(data=True)}  # noqa: E731
    # ignore: Σ_k a[i,j,k]
    assert cell(build_network(four, "twomode")) == {
        ("a", "c1"): 2.0, ("a", "c2"): 1.0, ("b", "c1"): 1.0, ("b", "c2"): 2.0,
        ("c", "c1"): 1.0, ("c", "c3"): 1.0, ("c3", "d"): 1.0}
    # combine: 1 yes only, 2 no only, 3 both (B on c2)
    g = build_network(four, "twomode", qualifier="combine")
    assert cell(g)[("b", "c2")] == 3.0 and cell(g)[("a", "c2")] == 2.0 and cell(g)[("a", "c1")] == 1.0
    assert g.edges["b", "c2"]["stance"] == "support+oppose"
    assert g.edges["b", "c2"]["stances"] == {"support": 1, "oppose": 1, "mixed": 0}
    # subtract: yes − no; B on c2 is 0 but stays an edge (two statements behind it)
    s = cell(build_network(four, "twomode", qualifier="subtract"))
    assert (s[("a", "c1")], s[("a", "c2")], s[("b", "c2")], s[("c", "c1")]) == (2.0, -1.0, 0.0, -1.0)


def test_two_mode_normalisation(four):
    # activity, ignore: row sum — A: 2 + 1 = 3 → A-c1 = 2/3
    g = build_network(four, "twomode", normalisation="activity")
    assert g.edges["a", "c1"]["weight"] == pytest.approx(2 / 3)
    # activity, combine: number of non-zero cells of the row — B has 2 → B-c2 = 3/2
    g = build_network(four, "twomode", qualifier="combine", normalisation="activity")
    assert g.edges["b", "c2"]["weight"] == pytest.approx(1.5)
    # activity, subtract: n_i — A-c2 = −1/3
    g = build_network(four, "twomode", qualifier="subtract", normalisation="activity")
    assert g.edges["a", "c2"]["weight"] == pytest.approx(-1 / 3)
    # prominence, ignore: column sum — c1: 2 + 1 + 1 = 4 → A-c1 = 2/4
    g = build_network(four, "twomode", normalisation="prominence")
    assert g.edges["a", "c1"]["weight"] == pytest.approx(0.5)
    # prominence, combine (DNA reads this transposed; we divide by the column's non-zero cells):
    #   c2 has A (2) and B (3) → B-c2 = 3/2
    g = build_network(four, "twomode", qualifier="combine", normalisation="prominence")
    assert g.edges["b", "c2"]["weight"] == pytest.approx(1.5)


def test_node_attributes(four):
    g = build_network(four, "twomode")
    assert g.nodes["a"] == {"label": "A", "kind": "organisation", "org_kind": "other", "statements": 3, "bipartite": 0}
    assert g.nodes["c1"] == {"label": "Concept c1", "kind": "concept", "statements": 4, "bipartite": 1}


def test_concept_network_swaps_the_roles(four):
    # concepts as nodes, actors as the second variable: c1-c2 congruence =
    #   A: yes_c1·yes_c2 + no·no = 2·0 + 0·1 = 0;  B: 1·1 + 0·1 = 1  → 1
    # c1-c3: C: no_c1·no_c3 + yes·yes = 1·0 + 0·1 = 0 → no tie
    g = build_network(four, "concept-congruence")
    assert weights(g) == {frozenset(("c1", "c2")): 1.0}
    assert g.edges["c1", "c2"]["actors"] == ["b"]
    assert g.edges["c1", "c2"]["statements"] == ["s4", "s6"]


def test_date_range_and_isolates(four):
    # 2020 only: s2 (2021) drops out; A-B congruence = 1·1 + 1·1 = 2
    g = build_network(four, "congruence", start="2020", end="2020")
    assert weights(g) == {AB: 2.0, CD: 1.0}
    # as in DNA, the nodes are the actors of the kept statements, tied or not: D has no conflict
    g = build_network(four, "conflict")
    assert set(g) == {"a", "b", "c", "d"} and g.nodes["d"]["statements"] == 1 and g.degree("d") == 0


def test_exclusions(four):
    # leaving out document d2 removes s2; leaving out concept c2 removes s3, s5, s6
    assert weights(build_network(four, "congruence", exclude=["d2", "c2"])) == {AB: 1.0, CD: 1.0}
    # an excluded actor is gone, even with isolates
    assert "d" not in build_network(four, "congruence", exclude={"actors": ["d"]}, isolates=True)
    with pytest.raises(UsageError, match="'nobody', 'nothing'"):
        build_network(four, exclude=["nobody", "nothing"])


MIXED_ROWS = [("p1", "p", "c1", "support", "d1"), ("q1", "q", "c1", "mixed", "d1"), ("r1", "r", "c1", "oppose", "d1")]


def test_mixed_is_half_way():
    # stance as integer qualifier support +1, mixed 0, oppose −1, R = 2: s = 1 − |q−q′|/2
    # P-Q: s = 0.5 → congruence 0.5, conflict 0.5, subtract 0;  P-R: s = 0 → conflict 1, subtract −1
    ds = make_dataset(MIXED_ROWS)
    PQ, PR, QR = frozenset("pq"), frozenset("pr"), frozenset("qr")
    assert weights(build_network(ds, "congruence")) == {PQ: 0.5, QR: 0.5}
    assert weights(build_network(ds, "conflict")) == {PQ: 0.5, QR: 0.5, PR: 1.0}
    assert weights(build_network(ds, "subtract")) == {PR: -1.0}
    g = build_network(ds, "twomode", qualifier="combine")
    assert (g.edges["q", "c1"]["weight"], g.edges["q", "c1"]["stance"]) == (4.0, "mixed")


def test_mixed_without_oppose_keeps_its_meaning():
    # DNA would take R from the pool (support and mixed only: R = 1) and call support vs mixed
    # a full conflict; with the fixed scale it stays half agreement.
    ds = make_dataset(MIXED_ROWS[:2])
    assert weights(build_network(ds, "conflict")) == {frozenset("pq"): 0.5}


DUP_ROWS = [
    ("e1", "x", "c1", "support", "d1"),   # 2020-01-10, ISO week 2
    ("e2", "x", "c1", "support", "d2"),   # 2021-01-20, ISO week 3 of 2021
    ("e3", "x", "c1", "support", "d3"),   # 2020-01-25, ISO week 4
    ("e4", "x", "c1", "oppose", "d3"),
]
DUP_DOCS = {"d1": "2020-01-10", "d2": "2021-01-20", "d3": "2020-01-25"}


@pytest.mark.parametrize(("duplicates", "support", "oppose"), [
    ("include", 3, 1),
    ("document", 3, 1),      # each document has one support
    ("week", 3, 1),          # weeks 2/2020, 3/2021, 4/2020 all differ
    ("month", 2, 1),         # e3 repeats e1 in January 2020; DNA would also drop e2 (January, other year)
    ("year", 2, 1),          # e3 repeats e1 in 2020
    ("acrossrange", 1, 1),
])
def test_duplicates_compare_the_stance_and_the_whole_period(duplicates, support, oppose):
    ds = make_dataset(DUP_ROWS, documents=DUP_DOCS)
    g = build_network(ds, "twomode", qualifier="combine", duplicates=duplicates)
    assert g.edges["x", "c1"]["stances"] == {"support": support, "oppose": oppose, "mixed": 0}


def test_duplicates_ignore_the_stance_when_the_qualifier_is_ignored():
    # two-mode "ignore": e4 (oppose, d3) duplicates e3 (support, d3), which comes first (same date and
    # document, lower statement id) → 3 statements left per document
    ds = make_dataset(DUP_ROWS, documents=DUP_DOCS)
    g = build_network(ds, "twomode", duplicates="document")
    assert g.edges["x", "c1"]["statements"] == ["e1", "e2", "e3"]


def test_first_statement_in_date_order_is_kept():
    # the later e1 (2020-03) is the duplicate of the earlier e2 (2020-02), whatever the ids say
    ds = make_dataset([("e1", "x", "c1", "support", "d1"), ("e2", "x", "c1", "support", "d2")],
                      documents={"d1": "2020-03-01", "d2": "2020-02-01"})
    g = build_network(ds, "twomode", duplicates="year")
    assert g.edges["x", "c1"]["statements"] == ["e2"]


def test_levels_and_unaffiliated():
    # t1: ann speaking for org o; t2: ann for herself; t3: bob for o; t4: bob for himself
    rows = [("t1", "o", "c1", "support", "d1", "ann"), ("t2", None, "c1", "support", "d1", "ann"),
            ("t3", "o", "c1", "support", "d1", "bob"), ("t4", None, "c1", "oppose", "d1", "bob"),
            ("t5", "p", "c1", "support", "d1")]
    ds = make_dataset(rows)
    # person level: ann (2 yes) vs bob (1 yes, 1 no): congruence 2·1 = 2; p has no speaker → absent
    g = build_network(ds, "congruence", level="person")
    assert weights(g) == {frozenset(("ann", "bob")): 2.0} and g.nodes["ann"]["kind"] == "person"
    # organisation level: o (t1, t3: 2 yes) vs p (1 yes) = 2; t2 and t4 name no organisation → dropped
    assert weights(build_network(ds, "congruence")) == {frozenset("op"): 2.0}
    # ... unless the speaker stands in: ann (1 yes) with o 2, p 1; bob (1 no) in conflict only
    g = build_network(ds, "congruence", unaffiliated="person")
    assert weights(g) == {frozenset("op"): 2.0, frozenset(("ann", "o")): 2.0, frozenset(("ann", "p")): 1.0}


def test_concept_depth_rolls_up():
    # n1, n2 are narrower than top; X supports n1, Y supports n2: no shared concept ...
    ds = make_dataset([("u1", "x", "n1", "support", "d1"), ("u2", "y", "n2", "support", "d1")],
                      concepts={"top": None, "n1": "top", "n2": "top"})
    assert build_network(ds, "congruence").number_of_edges() == 0
    # ... until both roll up to "top" (depth 0)
    g = build_network(ds, "congruence", concept_depth=0)
    assert weights(g) == {frozenset("xy"): 1.0} and g.edges["x", "y"]["concepts"] == ["top"]


def test_partial_dates_fall_in_ranges_only_when_wholly_inside():
    # u1 dated "2013" (year only), u2 and u3 on days of 2013
    ds = make_dataset([("u1", "x", "c1", "support", "d1"), ("u2", "y", "c1", "support", "d2"),
                       ("u3", "z", "c1", "support", "d2")],
                      documents={"d1": "2013", "d2": "2013-06-15"})
    assert set(build_network(ds, start="2013", end="2013")) == {"x", "y", "z"}
    assert set(build_network(ds, start="2013-06", end="2014-05")) == {"y", "z"}
    assert set(build_network(ds, start="2013-01", end="2013-06", date_rule="earliest")) == {"x", "y", "z"}


def test_time_windows():
    # statements in 2010, 2011, 2012; 2-year windows stepping 1 year over 2010-2012:
    # [2010-2011] holds k1, k2 (tie x-y), [2011-2012] holds k2, k3 (tie y-z)
    ds = make_dataset([("k1", "x", "c1", "support", "d1"), ("k2", "y", "c1", "support", "d2"),
                       ("k3", "z", "c1", "support", "d3")],
                      documents={"d1": "2010-05-01", "d2": "2011-05-01", "d3": "2012-05-01"})
    windows = time_windows(ds, "congruence", window="2y", step="1y", start="2010", end="2012")
    assert [(str(a), str(b), sorted(weights(g)), sorted(g)) for a, b, g in windows] == [
        ("2010-01-01", "2011-12-31", [frozenset("xy")], ["x", "y"]),
        ("2011-01-01", "2012-12-31", [frozenset("yz")], ["y", "z"]),
    ]
    assert windows[0][2].graph["start"] == "2010-01-01" and windows[0][2].graph["statement_count"] == 2
    # with isolates every actor of the range is in every window (DNA §6), z without statements in the first
    first = time_windows(ds, "congruence", window="2y", step="1y", start="2010", end="2012", isolates=True)[0][2]
    assert sorted(first) == ["x", "y", "z"] and first.nodes["z"]["statements"] == 0
    # by default the range runs from the first to the last statement day: 2010-05-01 … 2012-05-01
    assert [(str(a), str(b)) for a, b, _ in time_windows(ds, window="2y", step="1y")] == [
        ("2010-05-01", "2012-04-30")]


@pytest.mark.parametrize(("options", "message"), [
    ({"kind": "congruence", "normalisation": "activity"}, "two-mode"),
    ({"kind": "twomode", "normalisation": "jaccard"}, "one-mode"),
    ({"kind": "congruence", "qualifier": "combine"}, "two-mode networks only"),
    ({"kind": "consensus"}, "unknown network kind 'consensus'"),
    ({"start": "2014", "end": "2013"}, "empty"),
    ({"start": "2013-13"}, "not a date"),
])
def test_invalid_settings_are_errors_not_silently_replaced(four, options, message):
    with pytest.raises(UsageError, match=message):
        build_network(four, **options)
