"""Inter-coder reliability: textbook values, limits, invariances, alignment, the CLI.

Published values are from Krippendorff (2011), "Computing Krippendorff's
Alpha-Reliability" (sections A–C), Krippendorff (2004), *Content Analysis*, 2nd
ed., p. 254 (unitizing), and Krippendorff (1995), "On the reliability of unitizing
continuous data", p. 57.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.reliability import (
    Section, agreement, align, coding_alpha, concept_at_depth, merge_spans, unitizing_alpha,
)
from stancegraph.graph.reliability.alignment import pair_cost
from stancegraph.graph.reliability.units import CodedUnit

from conftest import MINI, REPO

NAN = None

# Krippendorff (2011), section C: 4 observers, 12 units, values 1-5, missing data
K2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


# ----------------------------------------------------------------- coding α


@pytest.mark.parametrize("level, published", [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797),
])
def test_krippendorff_2011_four_coders_twelve_units(level, published):
    result = coding_alpha(K2011_C, level)
    assert round(result.alpha, 3) == published
    # 11 units have two or more values (the 12th has one); 40 pairable values; 4 coders
    assert (result.units, result.pairable, result.coders) == (11, 40, 4)


def test_krippendorff_2011_binary_two_coders():
    # section A: α = 0.095
    result = coding_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]])
    assert round(result.alpha, 3) == 0.095


def test_krippendorff_2011_nominal_two_coders_labels():
    # section B: α = 0.692, with letters as values
    result = coding_alpha([list("aabbdcccedda"), list("babbbccceddd")])
    assert round(result.alpha, 3) == 0.692


def test_ordinal_needs_the_order_not_the_labels():
    forward = coding_alpha([["oppose", "mixed", "support", "support"], ["mixed", "mixed", "support", "oppose"]],
                           "ordinal", ("oppose", "mixed", "support"))
    numbers = coding_alpha([[0, 1, 2, 2], [1, 1, 2, 0]], "ordinal", (0, 1, 2))
    assert forward.alpha == pytest.approx(numbers.alpha)


def test_perfect_agreement_is_one_and_no_variation_is_undefined():
    assert coding_alpha([list("abcab"), list("abcab"), list("abcab")]).alpha == pytest.approx(1.0)
    undefined = coding_alpha([list("aaaa"), list("aaaa")])
    assert undefined.alpha is None and undefined.pairable == 8


def test_systematic_disagreement_is_at_most_zero():
    assert coding_alpha([list("abab"), list("baba")]).alpha <= 0
    assert coding_alpha([[1, 2, 3, 1, 2, 3], [3, 1, 2, 3, 1, 2]], "ordinal").alpha <= 0


def test_missing_values_leave_units_unpairable():
    result = coding_alpha([["a", "b", None, "a"], ["a", "b", "c", None]])
    assert (result.units, result.pairable, result.coders) == (2, 4, 2)
    assert coding_alpha([["a", None], [None, "b"]]).alpha is None


def test_values_outside_the_domain_are_refused():
    with pytest.raises(ValueError, match="outside the domain"):
        coding_alpha([["support", "maybe"], ["support", "oppose"]], "ordinal", ("oppose", "mixed", "support"))


def test_bootstrap_is_seeded_and_brackets_alpha():
    first = coding_alpha(K2011_C, "nominal", bootstrap=1000, seed=7)
    again = coding_alpha(K2011_C, "nominal", bootstrap=1000, seed=7)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.ci_low < first.alpha < first.ci_high <= 1.0
    # more data with the same agreement gives a narrower interval
    wide = coding_alpha([row * 1 for row in K2011_C], "nominal", bootstrap=1000, seed=7)
    narrow = coding_alpha([row * 8 for row in K2011_C], "nominal", bootstrap=1000, seed=7)
    assert narrow.ci_high - narrow.ci_low < wide.ci_high - wide.ci_low


def test_coder_order_does_not_change_alpha():
    for level in ("nominal", "ordinal", "interval"):
        reordered = [K2011_C[2], K2011_C[0], K2011_C[3], K2011_C[1]]
        assert coding_alpha(reordered, level).alpha == pytest.approx(coding_alpha(K2011_C, level).alpha)


# ----------------------------------------------------------------- unitizing uα


def _k2004():
    """Krippendorff (2004, p. 254): continuum 150-450, observers i (0) and j (1)."""
    return [
        Section(0, 225, 70, "c"), Section(0, 370, 30, "c"), Section(1, 220, 80, "c"),
        Section(1, 355, 20, "c"), Section(1, 400, 20, "c"),
        Section(0, 180, 60, "k"), Section(0, 300, 50, "k"), Section(1, 180, 60, "k"), Section(1, 300, 50, "k"),
    ]


def test_unitizing_krippendorff_2004_worked_example():
    result = unitizing_alpha(_k2004(), [0, 1], 150, 300)
    alpha_c, observed_c, expected_c = result.by_category["c"]
    assert round(observed_c, 4) == 0.0144
    assert round(expected_c, 4) == 0.0532
    assert round(alpha_c, 4) == 0.7286
    alpha_k, observed_k, expected_k = result.by_category["k"]
    assert (alpha_k, observed_k, round(expected_k, 4)) == (1.0, 0.0, 0.0490)


def _k1995(stretch: int):
    units = [(2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
             (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"), (5, 1, 1, "B"),
             (6, 3, 1, "B"), (9, 1, 1, "B"),
             (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"), (4, 4, 1, "C"),
             (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
             (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"), (0, 4, 1, "D"),
             (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D")]
    return [Section(coder, begin * stretch, length * stretch, category) for begin, length, coder, category in units]


def test_unitizing_krippendorff_1995_examples():
    # observed disagreements of the four pairs of observers (published to 5 decimals)
    observed = unitizing_alpha(_k1995(1), [0, 1], 0, 24).by_category
    assert {c: round(v[1], 5) for c, v in observed.items()} == {"A": 0.03125, "B": 2.26736, "C": 0.02778, "D": 0.38715}
    # α of the continuous limit, published to 3 decimals (the paper's expected
    # disagreements carry a small error; DKPro Statistics found the same)
    limit = unitizing_alpha(_k1995(50000), [0, 1], 0, 24 * 50000).by_category
    for category, published in {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}.items():
        assert limit[category][0] == pytest.approx(published, abs=0.02)


def test_unitizing_boundaries_a_few_characters_apart():
    # two coders mark the same three quotes of a 1,000-character text, boundaries 2-3 characters apart
    a = [Section("a", 100, 80), Section("a", 400, 120), Section("a", 700, 60)]
    near = [Section("b", 102, 77), Section("b", 397, 125), Section("b", 700, 58)]
    far = [Section("b", 130, 90), Section("b", 440, 120), Section("b", 720, 20)]
    same = unitizing_alpha(a + [Section("b", s.begin, s.length) for s in a], ["a", "b"], 0, 1000).alpha
    close = unitizing_alpha(a + near, ["a", "b"], 0, 1000).alpha
    apart = unitizing_alpha(a + far, ["a", "b"], 0, 1000).alpha
    assert same == 1.0
    assert 0.99 < close < 1.0
    assert apart < close


def test_unitizing_disjoint_units_at_most_zero_and_order_free():
    a = [Section("a", 0, 100), Section("a", 400, 100)]
    b = [Section("b", 200, 100), Section("b", 700, 100)]
    assert unitizing_alpha(a + b, ["a", "b"], 0, 1000).alpha <= 0
    assert unitizing_alpha(b + a, ["b", "a"], 0, 1000).alpha == pytest.approx(
        unitizing_alpha(a + b, ["a", "b"], 0, 1000).alpha)


def test_unitizing_refuses_what_it_cannot_measure():
    with pytest.raises(ValueError, match="overlapping"):
        unitizing_alpha([Section("a", 0, 10), Section("a", 5, 10), Section("b", 0, 10)], ["a", "b"], 0, 100)
    with pytest.raises(ValueError, match="outside"):
        unitizing_alpha([Section("a", 95, 10)], ["a", "b"], 0, 100)
    with pytest.raises(ValueError, match="two coders"):
        unitizing_alpha([], ["a"], 0, 100)
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 12)]) == [(0, 4), (5, 9), (9, 12)]


# ----------------------------------------------------------------- alignment


def _unit(coder, sid, start, end, concept, stance="support", speaker="x"):
    return CodedUnit(coder, coder, sid, start, end,
                     {"speaker": speaker, "organisation": "(none)", "concept": concept, "stance": stance}, "")


def test_alignment_pairs_a_split_sentence_with_its_own_concept():
    # A codes one sentence as two statements (two concepts), B codes one of them
    a1, a2 = _unit("A", "a1", 0, 60, "markets"), _unit("A", "a2", 30, 100, "cooperatives")
    b = _unit("B", "b", 10, 100, "cooperatives")
    groups = align([a1, a2, b], ["A", "B"])
    assert {frozenset((c, u.statement) for c, u in g.items()) for g in groups} == {
        frozenset({("A", "a1")}), frozenset({("A", "a2"), ("B", "b")})}


def test_alignment_never_pairs_disjoint_quotes():
    assert pair_cost(_unit("A", "a", 0, 10, "c"), _unit("B", "b", 10, 20, "c")) is None
    groups = align([_unit("A", "a", 0, 10, "c"), _unit("B", "b", 10, 20, "c")], ["A", "B"])
    assert len(groups) == 2


def test_alignment_three_coders_independent_of_order():
    units = [_unit("A", "a", 0, 50, "c"), _unit("B", "b", 5, 50, "c"), _unit("C", "c", 0, 45, "c", "oppose"),
             _unit("C", "c2", 60, 90, "d"), _unit("A", "a2", 62, 90, "d")]
    first = align(units, ["A", "B", "C"])
    second = align(list(reversed(units)), ["C", "A", "B"])

    def as_set(groups):
        return {frozenset((c, u.statement) for c, u in g.items()) for g in groups}

    assert as_set(first) == as_set(second) == {
        frozenset({("A", "a"), ("B", "b"), ("C", "c")}), frozenset({("A", "a2"), ("C", "c2")})}


# ----------------------------------------------------------------- codings on disk


def _mini_records() -> dict:
    return yaml.safe_load((MINI / "seeds" / "records.yaml").read_text(encoding="utf-8"))


def _write_coding(folder: Path, statements: list[dict], split: bool = False) -> Path:
    """A copy of the mini dataset whose statements are replaced by ``statements``."""
    folder.mkdir(parents=True)
    shutil.copy(MINI / "seeds" / "dataset.yaml", folder / "dataset.yaml")
    records = _mini_records()
    records["statements"] = statements
    if split:  # another layout: statements reversed, in a file of their own
        records.pop("statements")
        (folder / "zz-statements.yaml").write_text(
            yaml.safe_dump({"statements": list(reversed(statements))}, allow_unicode=True), encoding="utf-8")
    (folder / "records.yaml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    return folder


def _statements(**changes) -> list[dict]:
    """The mini statements, with ``id=dict(field=value or None to drop)`` changes; id=None removes one."""
    out = []
    for statement in _mini_records()["statements"]:
        change = changes.get(statement["id"].replace("-", "_"), {})
        if change is None:
            continue
        statement = dict(statement, **{k: v for k, v in change.items() if v is not None})
        for key in [k for k, v in change.items() if v is None]:
            statement.pop(key, None)
        out.append(statement)
    return out


def _figures(report) -> dict:
    scopes = [report.overall, *report.documents]
    out = {}
    for scope in scopes:
        out[(scope.scope, "unitizing")] = scope.unitizing.alpha if scope.unitizing else None
        for name, result in scope.alphas.items():
            out[(scope.scope, name)] = (result.alpha, result.units, result.pairable, result.coders,
                                        result.ci_low, result.ci_high)
    return out


def test_a_coding_agrees_perfectly_with_itself(tmp_path, mini_corpus):
    a = _write_coding(tmp_path / "ann", _statements())
    b = _write_coding(tmp_path / "bea", _statements(), split=True)
    report = agreement([a, b], mini_corpus, concept_depth=0, bootstrap=200)
    assert report.disagreements == []
    assert report.overall.unitizing.alpha == 1.0
    defined = {n: r.alpha for n, r in report.overall.alphas.items() if r.alpha is not None}
    assert defined and all(v == pytest.approx(1.0) for v in defined.values())
    assert report.overall.alphas["concept"].units == 4 and report.overall.alphas["concept"].pairable == 8


def test_disagreements_name_both_codings_file_and_line(tmp_path, mini_corpus):
    a = _write_coding(tmp_path / "ann", _statements())
    b = _write_coding(tmp_path / "bea", _statements(jones_markets={"stance": "oppose"}, blue_privatisation=None))
    report = agreement([a, b], mini_corpus, concept_depth=None, bootstrap=0)
    kinds = sorted((d.kind, d.fields) for d in report.disagreements)
    assert kinds == [("coding", ("stance",)), ("unitizing", ())]
    coding = next(d for d in report.disagreements if d.kind == "coding")
    assert {c: (u.statement, u.codes["stance"]) for c, u in coding.units.items()} == {
        "ann": ("jones-markets", "mixed"), "bea": ("jones-markets", "oppose")}
    unit = coding.units["ann"]
    assert unit.file == str(a / "records.yaml")
    lines = Path(unit.file).read_text(encoding="utf-8").splitlines()
    assert lines[unit.line - 1].strip() == "- id: jones-markets"
    missing = next(d for d in report.disagreements if d.kind == "unitizing")
    assert missing.units["bea"] is None and missing.units["ann"].statement == "blue-privatisation"
    # stance is ordinal: mixed -> oppose is a smaller disagreement than support -> oppose
    assert report.overall.alphas["stance (ordinal)"].alpha > report.overall.alphas["stance"].alpha


def test_coder_order_and_file_layout_do_not_change_figures(tmp_path, mini_corpus):
    a = _write_coding(tmp_path / "ann", _statements())
    b = _write_coding(tmp_path / "bea", _statements(jones_markets={"stance": "oppose"}, smith_coops={
        "quote": "Co-operatives give  patients a real say."}))
    c = _write_coding(tmp_path / "cy", _statements(blue_privatisation=None, smith_privatisation={"stance": "mixed"}))
    c_split = _write_coding(tmp_path / "other" / "cy", _statements(
        blue_privatisation=None, smith_privatisation={"stance": "mixed"}), split=True)
    base = agreement([a, b, c], mini_corpus, bootstrap=300, seed=3)
    assert _figures(agreement([c, a, b], mini_corpus, bootstrap=300, seed=3)) == _figures(base)
    assert _figures(agreement([b, c_split, a], mini_corpus, bootstrap=300, seed=3)) == _figures(base)
    assert base.coders == ["ann", "bea", "cy"] and base.overall.alphas["stance"].coders == 3


def test_coder_field_splits_one_folder_into_coders(tmp_path, mini_corpus):
    first = _statements()
    second = [dict(s, id=s["id"] + "-b", coder="bea") for s in _statements(jones_markets={"stance": "oppose"})]
    folder = _write_coding(tmp_path / "both", [dict(s, coder="ann") for s in first] + second)
    report = agreement([folder], mini_corpus, bootstrap=0)
    assert report.coders == ["ann", "bea"]
    assert [(d.kind, d.fields) for d in report.disagreements] == [("coding", ("stance",))]


def test_concept_rolled_up_along_broader(mini_dataset):
    assert concept_at_depth(mini_dataset, "privatisation", 0) == "markets"
    assert concept_at_depth(mini_dataset, "privatisation", 1) == "privatisation"
    assert concept_at_depth(mini_dataset, "markets", 1) == "markets"
    assert concept_at_depth(mini_dataset, "privatisation", None) == "privatisation"


# ----------------------------------------------------------------- the CLI


def test_cli_exit_codes_and_formats(tmp_path, mini_corpus):
    a = _write_coding(tmp_path / "ann", _statements())
    b = _write_coding(tmp_path / "bea", _statements(jones_markets={"stance": "oppose"}))
    runner = CliRunner()
    args = ["agreement", str(a), str(b), "--corpus", str(mini_corpus), "--bootstrap", "100"]

    table = runner.invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "Disagreements: 1" in table.output and "jones-markets" in table.output

    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, args + ["--format", "csv"]).stdout)))
    assert [(r["coder"], r["stance"], r["differing"]) for r in rows] == [
        ("ann", "mixed", "stance"), ("bea", "oppose", "stance")]

    out = tmp_path / "figures.csv"
    assert runner.invoke(cli, args + ["--format", "csv", "--show", "figures", "-o", str(out)]).exit_code == 0
    figures = {(r["scope"], r["measure"]): r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert figures[("overall", "speaker")]["alpha"] == "1.0"
    assert figures[("overall", "unitizing")]["pairable"] == str(len(
        (mini_corpus / "herald-2020-03-01.txt").read_text(encoding="utf-8")))

    data = json.loads(runner.invoke(cli, args + ["--format", "json"]).stdout)
    assert data["coders"] == ["ann", "bea"] and len(data["disagreements"]) == 1

    below = runner.invoke(cli, args + ["--min-alpha", "0.99"])
    assert below.exit_code == 1 and "error: overall α below 0.99: stance " in below.stderr
    assert runner.invoke(cli, args + ["--min-alpha", "0.0"]).exit_code == 0
    assert runner.invoke(cli, args + ["--format", "csv", "--show", "all"]).exit_code == 2
    assert runner.invoke(cli, ["agreement", str(a), str(tmp_path / "nope"), "--corpus", str(mini_corpus)]).exit_code == 2
    assert runner.invoke(cli, ["agreement", str(a), str(a), "--corpus", str(mini_corpus)]).exit_code == 2


def test_cli_invalid_coding_is_one_line_per_problem_and_exit_1(tmp_path, mini_corpus):
    a = _write_coding(tmp_path / "ann", _statements())
    b = _write_coding(tmp_path / "bea", _statements(jones_markets={"quote": "not in the text"},
                                                    smith_coops={"concept": "co-ops"}))
    result = CliRunner().invoke(cli, ["agreement", str(a), str(b), "--corpus", str(mini_corpus)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and all(line.startswith("error: bea/records.yaml:") for line in errors)
    single = CliRunner().invoke(cli, ["agreement", str(a), "--corpus", str(mini_corpus)])
    assert single.exit_code == 1 and "two or more coders" in single.output


# ----------------------------------------------------------------- the NHS double coding


def test_nhs_double_coding_is_aligned_whole(corpus):
    report = agreement([REPO / "seeds", REPO / "codings" / "second-coder"], corpus, bootstrap=0)
    assert report.coders == ["second-coder", "seeds"] and len(report.documents) == 5
    paired = report.overall.alphas["stance"].units
    unpaired = sum(1 for d in report.disagreements if d.kind == "unitizing")
    # every statement of both codings is in exactly one aligned unit
    statements = report.overall.statements
    assert 2 * paired + unpaired == statements["seeds"] + statements["second-coder"]
    assert report.overall.aligned == paired + unpaired
    for scope in [report.overall, *report.documents]:
        assert -1.0 <= scope.unitizing.alpha <= 1.0
        assert all(r.alpha is None or -1.0 <= r.alpha <= 1.0 for r in scope.alphas.values())


@pytest.mark.parametrize("name", ["unitizing", "coding", "alignment"])
def test_docstring_examples(name):
    import doctest
    import importlib

    module = importlib.import_module(f"stancegraph.graph.reliability.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
