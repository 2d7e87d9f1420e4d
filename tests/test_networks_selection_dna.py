"""DNA's selection rules: the empty-value rule after the pool, exclude/invert by document and value, windows.

Fixture DOCS (organisation level):
    d1 news,    publisher guardian, author ann:  s1 a c1 support (speaker pa, direct)
    d2 letters, publisher times,    author bob:  s2 b c1 oppose  (speaker pb, reported)
    d3 blog,    no publisher,       no author:   s3 c c2 support (speaker pc, direct)
"""

from __future__ import annotations

import datetime as _dt

import pytest
from click.testing import CliRunner

from network_fixtures import make_dataset
from stancegraph.graph.cli import cli
from stancegraph.graph.errors import UsageError
from stancegraph.graph.networks import build_network, window_bounds
from stancegraph.graph.networks.options import Span, add_span
from stancegraph.schema.models import Attribution, Document


def test_statements_without_an_actor_show_their_concept_as_an_isolate():
    # the example: speaker pa for organisation a supports c1; speaker pb with no organisation opposes c9.
    # DNA forms the pool first and drops the empty organisation after: with isolates its columns are c1, c9
    ds = make_dataset([("s1", "a", "c1", "support", "d1", "pa"), ("s2", None, "c9", "oppose", "d1", "pb")])
    with_isolates = build_network(ds, "twomode", "organisation", isolates=True)
    assert sorted(n for n, d in with_isolates.nodes(data=True) if d["kind"] == "concept") == ["c1", "c9"]
    assert sorted(n for n, d in with_isolates.nodes(data=True) if d["kind"] != "concept") == ["a"]
    assert list(with_isolates.edges) == [("a", "c1")]
    assert with_isolates.graph["statement_count"] == 1
    without = build_network(ds, "twomode", "organisation")
    assert sorted(without.nodes) == ["a", "c1"]
    # the same holds for concept networks (concepts as rows) and never adds an actor
    assert sorted(build_network(ds, "concept-congruence", "organisation", isolates=True).nodes) == ["c1", "c9"]
    assert sorted(build_network(ds, "congruence", "organisation", isolates=True).nodes) == ["a"]
    # with the speaker standing in, s2 is used
    assert "pb" in build_network(ds, "twomode", "organisation", unaffiliated="person")


@pytest.fixture(scope="module")
def docs():
    ds = make_dataset([("s1", "a", "c1", "support", "d1", "pa"), ("s2", "b", "c1", "oppose", "d2", "pb"),
                       ("s3", "c", "c2", "support", "d3", "pc")],
                      documents={"d1": "2020-01-01", "d2": "2020-01-02", "d3": "2020-01-03"},
                      organisations={"guardian", "times"}, people={"ann", "bob"})
    ds.documents = {
        "d1": Document(id="d1", title="d1", kind="news", date="2020-01-01", publisher="guardian", authors=["ann"]),
        "d2": Document(id="d2", title="d2", kind="letters", date="2020-01-02", publisher="times", authors=["bob"]),
        "d3": Document(id="d3", title="d3", kind="blog", date="2020-01-03"),
    }
    ds.statements["s2"] = ds.statements["s2"].model_copy(update={"attribution": Attribution("reported")})
    return ds


def _kept(ds, exclude) -> list[str]:
    g = build_network(ds, "twomode", exclude=exclude)
    return sorted(sid for _, _, d in g.edges(data=True) for sid in d["statements"])


@pytest.mark.parametrize("exclude, kept", [
    ({"authors": ["ann"]}, ["s2", "s3"]),
    ({"authors": ["ann"], "invert": ["authors"]}, ["s1"]),              # d3 has no author: not kept under invert
    ({"publishers": ["times"]}, ["s1", "s3"]),                           # DNA's excludeSources
    ({"publishers": ["times", "guardian"], "invert": ["publishers"]}, ["s1", "s2"]),
    ({"kinds": ["news", "blog"]}, ["s2"]),                               # DNA's excludeTypes
    ({"kinds": ["blog"], "invert": ["kinds"]}, ["s3"]),
    ({"speaker": ["pa"]}, ["s2", "s3"]),                                 # DNA's excludeValues
    ({"organisation": ["b"], "invert": ["organisation"]}, ["s2"]),       # … with invertValues
    ({"attribution": ["reported"]}, ["s1", "s3"]),
    ({"stances": ["support"], "invert": ["stances"]}, ["s1", "s3"]),
    ({"concepts": ["c1"], "invert": ["concepts"]}, ["s1", "s2"]),
    ({"ids": ["d2"], "kinds": ["blog"]}, ["s1"]),
])
def test_document_and_value_filters(docs, exclude, kept):
    assert _kept(docs, exclude) == kept


def test_excluded_values_never_show_as_isolates(docs):
    g = build_network(docs, "twomode", exclude={"kinds": ["blog"]}, isolates=True)
    assert "c2" not in g and "c" not in g  # document filters apply before the pool, as in DNA


@pytest.mark.parametrize("exclude, message", [
    ({"sections": ["sport"]}, "no section field"),
    ({"colours": ["red"]}, "unknown exclusion key 'colours'"),
    ({"authors": ["zed"]}, "authors 'zed'"),
    ({"kinds": ["tweet"]}, "kinds 'tweet'"),
    ({"invert": ["nothing"]}, "cannot invert 'nothing'"),
])
def test_bad_exclusions(docs, exclude, message):
    with pytest.raises(UsageError, match=message):
        build_network(docs, exclude=exclude)


def _dna_centred(t: _dt.date, size: int, unit: str) -> tuple[_dt.date, _dt.date]:
    """DNA's window around t (Exporter.computeTimeWindowMatrices): [t − h units, t + h units], h = round((w−1)/2).

    Java's Math.round rounds half up: h = floor((w − 1)/2 + 0.5).
    """
    h = int((size - 1) / 2 + 0.5)
    return add_span(t, Span(h, unit), -1) if h else t, add_span(t, Span(h, unit)) if h else t


def test_windows_docstring_rule_days_agree_with_dna():
    # odd size, one-day step: our windows [s, s + w − 1] are exactly DNA's centred windows [t − h, t + h]
    start, end = _dt.date(2020, 1, 1), _dt.date(2020, 3, 31)
    for size in (1, 3, 7, 31):
        ours = window_bounds(start, end, f"{size}d", "1d")
        t = start
        dna = []
        while t <= end:
            first, last = _dna_centred(t, size, "d")
            if first >= start and last <= end:
                dna.append((first, last))
            t += _dt.timedelta(days=1)
        assert ours == dna


@pytest.mark.parametrize("size, unit", [(1, "m"), (3, "m"), (1, "w"), (3, "w"), (1, "y"), (3, "y")])
def test_windows_docstring_rule_other_units_are_2h_units_plus_one_day(size, unit):
    t = _dt.date(2020, 1, 15)
    first, last = _dna_centred(t, size, unit)
    h = (size - 1) // 2
    # DNA's window spans 2h units plus one day (both ends inclusive); a 1-unit window is the single day t
    assert (last - first).days + 1 == (add_span(t, Span(h, unit)) - add_span(t, Span(h, unit), -1)).days + 1
    if size == 1:
        assert first == last == t
    ours = window_bounds(_dt.date(2019, 1, 1), _dt.date(2022, 12, 31), f"{size}{unit}", f"1{unit}")
    assert (first, last) not in ours  # no calendar-anchored window of ours reproduces it


# --- the CLI ---------------------------------------------------------------------------------------------------------

def _run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_network_unknown_ending_is_one_line_and_writes_nothing(tmp_path):
    result = _run("network", "-o", str(tmp_path / "x.gml"))
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if "x.gml" in line]
    assert len(lines) == 1 and ".matrix.csv" in lines[0] and ".net" in lines[0]
    assert not list(tmp_path.iterdir())


def test_network_writes_dna_formats_and_kernel_slices(tmp_path):
    assert _run("network", "--type", "twomode", "-o", str(tmp_path / "t.dl")).exit_code == 0
    assert (tmp_path / "t.dl").read_text().startswith("dl nr = ")
    result = _run("network", "--window", "4y", "--kernel", "gaussian", "--from", "2010", "--to", "2018",
                  "-o", str(tmp_path / "k.matrix.csv"))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.glob("k-*"))
    # w = 4 years, indented: mid-points 2012-02-01 … 2016-02-01 (the first statement in range is 2010-02-01),
    # one file per slice, named by its mid-point
    assert written == [f"k-{year}-02-01.matrix.csv" for year in range(2012, 2017)]
    assert _run("network", "--kernel", "uniform").exit_code != 0  # --kernel needs --window


def test_network_exclusion_options(tmp_path):
    out = tmp_path / "n.json"
    result = _run("network", "--type", "twomode", "--exclude-kind", "news", "--invert", "kinds", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "only:kinds=news" in out.read_text()
    assert _run("network", "--exclude-value", "colour=red").exit_code != 0


def test_polarisation_and_backbone_commands(tmp_path):
    result = _run("polarisation", "--normalise-scores", "-o", str(tmp_path / "p.json"))
    assert result.exit_code == 0, result.output
    assert "cluster 0:" in result.output and (tmp_path / "p.json").exists()
    result = _run("polarisation", "--window", "4y", "--kernel", "gaussian", "--from", "2010", "--to", "2018",
                  "-o", str(tmp_path / "p.csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.csv").read_text().startswith("start,middle,end,score")
    result = _run("backbone", "--method", "fixed", "--size", "3", "--iterations", "200", "-o", str(tmp_path / "b.json"))
    assert result.exit_code == 0, result.output
    assert "backbone (3 concepts," in result.output
    assert _run("backbone", "-o", str(tmp_path / "b.txt")).exit_code != 0
