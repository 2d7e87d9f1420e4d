"""Publication figures: they open, have the asked size, carry their text, never overlap labels, same bytes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.figures import figure_style, network_figure, save_figure, text_overlaps, texts_outside
from stancegraph.graph.figures.barplot import barplot_figure
from stancegraph.graph.figures.timeline import timeline_counts, timeline_figure
from stancegraph.graph.networks import build_network, coalitions
from stancegraph.graph.networks.barplot import stance_counts
from stancegraph.graph.seeds.load import load_dataset

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def nhs():
    return load_dataset()


# every network the HTML view draws, at page width; the crowded ones at column width too
VIEWS = [
    ("congruence", "organisation", "person", "page"),
    ("conflict", "organisation", "person", "page"),
    ("subtract", "person", "drop", "page"),
    ("twomode", "organisation", "person", "page"),
    ("twomode", "person", "drop", "column"),
    ("congruence", "organisation", "person", "column"),
    ("concept-congruence", "organisation", "drop", "column"),
]


@pytest.mark.parametrize("kind, level, unaffiliated, width", VIEWS)
def test_network_figure_labels_never_overlap_nor_leave_the_figure(nhs, kind, level, unaffiliated, width):
    graph = build_network(nhs, kind=kind, level=level, unaffiliated=unaffiliated)
    with figure_style():
        figure = network_figure(graph, width=width)
        assert text_overlaps(figure) == []
        assert texts_outside(figure) == []
    assert figure.get_size_inches()[0] == pytest.approx({"page": 7.2, "column": 3.5}[width])
    info = figure.stancegraph
    assert info["labels_drawn"] + info["labels_left_out"] == graph.number_of_nodes()
    if width == "page" and graph.number_of_nodes() <= 40:
        assert info["labels_left_out"] == 0  # a small network at page width is labelled whole


def test_overlap_measure_finds_overlapping_labels():
    """The measure the tests rely on sees a collision when there is one."""
    from stancegraph.graph.figures.journal import new_figure

    figure = new_figure(3.5, 2.0)
    figure.text(0.1, 0.5, "Socialist Health Association")
    figure.text(0.15, 0.5, "NHS Alliance")
    figure.text(0.1, 0.1, "alone")
    figure.text(0.95, 0.9, "clipped at the right edge")
    assert text_overlaps(figure) == [("Socialist Health Association", "NHS Alliance")]
    assert texts_outside(figure) == ["clipped at the right edge"]


def test_svg_pdf_png_open_with_their_size_and_text(nhs, tmp_path):
    graph = build_network(nhs, kind="congruence", level="organisation", unaffiliated="person")
    groups = coalitions(graph, seed=0)
    with figure_style():
        figure = network_figure(graph, colour_by="coalition", groups=groups, width="column")
        svg = save_figure(figure, tmp_path / "n.svg")
        pdf = save_figure(figure, tmp_path / "n.pdf")
        png = save_figure(figure, tmp_path / "n.png")
    root = ET.parse(svg).getroot()
    assert root.get("width") == "252pt"  # 3.5 in
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG_NS}text")}
    assert "coalition 1" in texts
    assert any("Socialist Health" in t for t in texts)
    assert any(t.startswith("Congruence network of organisations") for t in texts)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box and float(box.group(1)) == pytest.approx(252.0)
    import matplotlib.image

    pixels = matplotlib.image.imread(png)
    assert pixels.shape[1] == 1050  # 3.5 in at 300 dpi
    assert abs(pixels.shape[0] - figure.get_size_inches()[1] * 300) <= 1


@pytest.mark.parametrize("args, suffix", [
    (["network", "--colour", "coalition"], ".svg"),
    (["barplot", "--variable", "organisation", "--width", "2.5"], ".pdf"),  # wrapped and shortened labels
])
def test_figure_bytes_do_not_depend_on_the_process(tmp_path, args, suffix):
    def run(seed: str, name: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / (name + suffix)
        subprocess.run([sys.executable, "-m", "stancegraph.graph.cli", "plot", *args, "-o", str(out)], env=env,
                       check=True, capture_output=True)
        return out.read_bytes()

    assert run("1", "a") == run("2", "b")


def test_stance_counts_equal_a_plain_count_of_the_statements(nhs):
    expected: dict[str, Counter] = {}
    for statement in nhs.statements.values():
        expected.setdefault(statement.concept, Counter())[statement.stance.value] += 1
    rows = stance_counts(nhs, "concept", unaffiliated="person")
    assert {r.entity: {s: n for s, n in r.counts.items() if n} for r in rows} == \
        {c: dict(counter) for c, counter in expected.items()}
    totals = [r.total for r in rows]
    assert totals == sorted(totals, reverse=True)


def test_stance_counts_duplicates_and_actor_counts(nhs):
    # per document, one actor's repeated stance on a concept counts once (DNA's duplicates="document")
    seen = Counter()
    for s in nhs.statements.values():
        actor = s.organisation or s.speaker
        seen[(s.concept, s.stance.value, actor, s.document)] += 1
    expected = Counter((concept, stance) for concept, stance, _, _ in seen)
    rows = stance_counts(nhs, "concept", unaffiliated="person", duplicates="document")
    got = Counter({(r.entity, s): n for r in rows for s, n in r.counts.items() if n})
    assert got == expected
    actors = Counter((c, st) for c, st, _ in {(c, st, a) for c, st, a, _ in seen})
    rows = stance_counts(nhs, "concept", unaffiliated="person", count="actors")
    assert Counter({(r.entity, s): n for r in rows for s, n in r.counts.items() if n}) == actors


def test_timeline_counts_and_dates_vaguer_than_the_period(nhs):
    years = Counter(str(nhs.statement_date(s))[:4] for s in nhs.statements.values())
    timeline = timeline_counts(nhs)
    assert {y: sum(c.values()) for y, c in timeline.counts.items() if sum(c.values())} == dict(years)
    assert list(timeline.counts) == [str(y) for y in range(int(min(years)), int(max(years)) + 1)]
    monthly = timeline_counts(nhs, period="month")
    year_only = sum(1 for s in nhs.statements.values() if len(str(nhs.statement_date(s))) == 4)
    assert monthly.unplaced == year_only
    assert sum(sum(c.values()) for c in monthly.counts.values()) == len(nhs.statements) - year_only


def test_bar_timeline_and_polarisation_figures_have_no_overlaps(nhs):
    from stancegraph.graph.figures.polarisation import polarisation_figure
    from stancegraph.graph.networks import polarisation_leifeld, polarisation_modularity

    points = polarisation_modularity(nhs, window="3y", step="1y", start="2009", end="2018")
    slices = polarisation_leifeld(nhs, normalise=True, window="3y", start="2009", end="2018")
    series = {"Leifeld polarisation (greedy, k = 2, normalised)": [(r.start, r.end, r.score, r.middle) for r in slices],
              "modularity of the congruence coalitions": [(p.start, p.end, p.modularity) for p in points]}
    with figure_style():
        for width in ("column", "page"):
            figure = polarisation_figure(series, width=width, caption="Two measures of polarisation.")
            assert text_overlaps(figure) == []
            assert texts_outside(figure) == []
        for figure in (barplot_figure(stance_counts(nhs, unaffiliated="person"), caption="Statements per concept."),
                       barplot_figure(stance_counts(nhs, "organisation"), width="page", caption="By organisation."),
                       timeline_figure(timeline_counts(nhs, start="2010"), caption="Per year."),
                       timeline_figure(timeline_counts(nhs, period="month"), width="page", caption="Per month.")):
            assert text_overlaps(figure) == []
            assert texts_outside(figure) == []


@pytest.mark.parametrize("kind", ["network", "barplot", "timeline", "polarisation"])
def test_plot_command_writes_each_kind(kind, tmp_path, nhs):
    out = tmp_path / f"{kind}.svg"
    result = CliRunner().invoke(cli, ["plot", kind, "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    text = " ".join("".join(x.itertext()) for x in root.iter(f"{SVG_NS}text"))
    assert "support" in text or "modularity" in text or "coalition" in text or "Congruence" in text
    if kind in ("network", "barplot"):  # the caption says what was left out; network's summary line goes to stderr
        missing = sum(1 for st in nhs.statements.values() if not st.organisation)
        expected = f"{missing} of {len(nhs.statements)} statements are left out: {missing} name no organisation."
        assert expected in " ".join(text.split())
        hint = f"{missing} of {len(nhs.statements)} statements left out: {missing} name no organisation"
        assert f"note: {hint} (--unaffiliated person keeps their speakers)" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["plot", "network", "-o", "x.jpg"],
     "Invalid value for '-o' / '--output': unknown ending of 'x.jpg' for a figure (known: .png, .svg, .pdf)"),
    (["plot", "timeline", "--concept", "nope", "-o", "x.png"], "unknown concept 'nope'"),
    (["plot", "barplot", "--width", "wide", "-o", "x.png"],
     "Invalid value for '--width': 'wide' is not one of column, page or a number"),
])
def test_plot_refuses_bad_input_in_one_line_and_writes_nothing(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {message}"
    assert os.listdir(tmp_path) == []
