"""Figure captions fit for a paper, and entity labels drawn whole (wrapped) or shortened only with a key.

Captions: every plot kind × every case in which something is left out (statements
without an actor, out of the date range, early outliers, vague dates, weak ties,
crowded labels, bars beyond --top, shortened labels) says so in words, names no
option and no command; the command prints the option that changes it on stderr.
Labels: at page and column width on the NHS data, every bar label is drawn whole,
within the figure, over no other text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.figures import figure_style, text_overlaps, texts_outside
from stancegraph.graph.figures.barplot import barplot_figure
from stancegraph.graph.figures.text import ELLIPSIS, fit_label, text_extents, text_size, wrap_width, wrap_words
from stancegraph.graph.networks.barplot import BarplotRow, stance_counts
from stancegraph.graph.networks.omissions import REASONS, Omissions, omissions
from stancegraph.graph.seeds.load import load_dataset

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def nhs():
    return load_dataset()


def _plot_options() -> set[str]:
    """Every long option name of ``plot`` without its dashes (``max-edges``, ``unaffiliated`` …)."""
    command = cli.get_command(None, "plot")
    return {name[2:] for param in command.params for name in getattr(param, "opts", []) if name.startswith("--")}


DOMAIN_WORDS = {"network", "polarisation", "agreement"}
"""Command names that are also the field's words for what a figure draws (a congruence network, an agreement tie)."""


def assert_fit_for_a_paper(text: str) -> None:
    """No option (``--x``, or a hyphenated option name bare), no program or command name, no code identifier."""
    assert "--" not in text
    assert "stancegraph" not in text.lower()
    for command in set(cli.list_commands(None)) - DOMAIN_WORDS:  # plot, render, export, query …
        assert not re.search(rf"\b{command}\b", text, re.IGNORECASE), command
    assert not re.search(r"\b\w+_\w+\b", text), text  # dna_polarization, max_edges …
    for name in _plot_options():
        if "-" in name:
            assert name not in text, name


def _svg_text(path) -> str:
    root = ET.parse(path).getroot()
    return " ".join(" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG_NS}text"))


# kind, extra options, words the caption must hold (what is left out), words the hint on stderr must hold
CASES = [
    ("network", [], ["31 of 138 statements are left out: 31 name no organisation."], ["--unaffiliated person"]),
    ("network", ["--level", "person"], ["75 of 138 statements are left out: 75 name no speaker."], []),
    ("network", ["--from", "2013", "--to", "2014"], ["dated outside 2013-01-01 to 2014-12-31"], []),
    ("network", ["--unaffiliated", "person"], ["people speaking for none)", "from 138 statements"], []),
    ("network", ["--max-edges", "3"], [" of 32 ties are drawn: the 3 strongest"], ["--max-edges 0"]),
    ("network", ["--level", "person", "--colour", "coalition", "--width", "column", "--max-edges", "5"],
     ["Colours:", "nodes with fewest statements are left out"], ["--width"]),
    ("network", ["--view", "twomode"], ["Two-mode network", "left out: 31 name no organisation."], []),
    ("barplot", [], ["for the 30 of 68 concepts with most statements", "31 name no organisation."],
     ["--unaffiliated person"]),
    ("barplot", ["--top", "0"], ["(all 68 concepts)"], []),
    ("barplot", ["--variable", "organisation", "--width", "2.5"],
     ["Shortened labels: “", "” is Local activists in Cornwall opposing the accountable care system"],
     ["shortened to fit", "--width"]),
    ("barplot", ["--variable", "person", "--count", "actors"], ["Concepts per person", "(all 17 people)"], []),
    ("barplot", ["--from", "2013", "--to", "2014"], ["2013 to 2014", "dated outside 2013-01-01 to 2014-12-31"], []),
    ("timeline", [], ["2 earlier statements, dated before 2010 and years apart from the rest, are left out."],
     ["--from 1948"]),
    ("timeline", ["--period", "month"], ["of which 73 dated only to the year are not drawn."], []),
    ("timeline", ["--concept", "privatisation", "--period", "month"], ["Statements on Privatisation"], []),
    ("timeline", ["--actor", "aneurin-bevan"], ["by Aneurin Bevan"], ["--from 1948"]),
    ("timeline", ["--from", "1948"], ["Statements per year by stance: 138 statements."], []),
    ("polarisation", [], ["2 earlier statements", "31 of 138 statements are left out"], ["--from 1948"]),
    ("polarisation", ["--level", "person", "--window", "3y"], ["people's debate", "kernel slices of 3 years"], []),
]


@pytest.mark.parametrize("kind, options, caption, hints", CASES,
                         ids=[f"{c[0]}-{'_'.join(c[1]) or 'default'}" for c in CASES])
def test_captions_say_what_is_left_out_in_words_and_the_hint_goes_to_stderr(kind, options, caption, hints,
                                                                               tmp_path, nhs):
    out = tmp_path / "f.svg"
    result = CliRunner().invoke(cli, ["plot", kind, *options, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = _svg_text(out)
    assert_fit_for_a_paper(text)
    for words in caption:
        assert words in text
    for words in hints:
        assert words in result.stderr
    assert "note: " not in result.stdout


def test_counts_in_the_cases_are_counts_of_the_data(nhs):
    """The numbers the cases above expect, counted from the statements directly."""
    statements = list(nhs.statements.values())
    assert len(statements) == 138
    assert sum(1 for s in statements if not s.organisation) == 31
    assert sum(1 for s in statements if not s.speaker) == 75
    assert sum(1 for s in statements if len(str(nhs.statement_date(s))) == 4
               and str(nhs.statement_date(s)) >= "2010") == 73
    assert sum(1 for s in statements if str(nhs.statement_date(s)) < "2010") == 2
    assert len({s.concept for s in statements if s.organisation}) == 68
    assert len({s.speaker for s in statements if s.speaker}) == 17


@pytest.mark.parametrize("level, unaffiliated", [("organisation", "drop"), ("organisation", "person"),
                                                 ("person", "drop")])
@pytest.mark.parametrize("duplicates", ["include", "document", "week", "month", "year", "acrossrange"])
def test_every_reason_has_a_caption_form_without_options(level, unaffiliated, duplicates):
    counts = {reason: n for reason, n in zip(REASONS, (3, 1, 2, 1))}
    report = Omissions(20, 13, counts, level=level, unaffiliated=unaffiliated, duplicates=duplicates,
                       start="2010-01-01", end="2012-12-31")
    caption = report.caption()
    assert_fit_for_a_paper(caption)
    assert caption.startswith("7 of 20 statements are left out: 3 name ")
    assert "1 is dated outside 2010-01-01 to 2012-12-31; 2 repeat a stance" in caption
    assert caption.endswith("; 1 is excluded from the analysis.")
    assert "--" in report.sentence()  # the command line keeps its hints


def test_duplicates_and_exclusions_worded_for_a_caption_on_real_data(nhs):
    report = omissions(nhs, "congruence", "person", duplicates="document", exclude=["privatisation"])
    assert report.counts.get("duplicate") and report.counts.get("excluded")
    assert_fit_for_a_paper(report.caption())
    assert "in the same document" in report.caption()
    assert Omissions(5, 5).caption() == ""


# --- labels -------------------------------------------------------------------------------------

@pytest.mark.parametrize("variable", ["concept", "organisation", "person"])
@pytest.mark.parametrize("width", ["column", "page"])
def test_bar_labels_are_whole_inside_the_figure_and_over_no_text(nhs, variable, width):
    rows = stance_counts(nhs, variable, level="person" if variable == "person" else "organisation",
                         unaffiliated="person")
    with figure_style():
        figure = barplot_figure(rows, width=width, caption="Caption.", top=None)
        extents = text_extents(figure)
        assert text_overlaps(figure) == []
        assert texts_outside(figure) == []
    assert figure.stancegraph["shortened"] == []
    drawn = {" ".join(text.get_text().split("\n")): (text, box) for text, box in extents}
    axes_left = figure.axes[0].get_window_extent().x0
    for row in rows:
        assert row.label in drawn, row.label  # whole: its lines joined give the label back
        text, box = drawn[row.label]
        assert text.get_text().count("\n") <= 1
        assert ELLIPSIS not in text.get_text()
        assert box.x1 <= axes_left  # left of the bars
    two_lines = [t for t, _ in drawn.values() if "\n" in t.get_text()]
    if width == "column" and variable != "person":  # the long NHS labels do wrap there, and only there
        assert two_lines
    if width == "page" or variable == "person":
        assert two_lines == []


def test_a_label_too_long_even_for_two_lines_is_shortened_and_given_in_full():
    long = "A coalition of " + "very " * 40 + "long-named campaigners"
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    rows = [BarplotRow(entity="a", label=long, kind="concept", counts={"support": 3}),
            BarplotRow(entity="b", label=word, kind="concept", counts={"oppose": 2}),
            BarplotRow(entity="c", label="Short", kind="concept", counts={"mixed": 1})]
    with figure_style():
        figure = barplot_figure(rows, width="column", caption="Three bars.")
        assert text_overlaps(figure) == []
        assert texts_outside(figure) == []
        texts = [t.get_text() for t, _ in text_extents(figure)]
    shortened = dict(figure.stancegraph["shortened"])
    assert set(shortened.values()) == {long, word}
    for short in shortened:
        assert short.endswith(ELLIPSIS) and short in [" ".join(t.split("\n")) for t in texts]
    caption = "".join(t for t in texts if t.startswith("Three bars."))
    assert "Short" in texts and "Shortened labels:" in " ".join(caption.split())
    assert "".join(long.split()) in "".join(caption.split())  # whole, though wrapped (the long word within)
    assert word in "".join(caption.split())


def test_fit_label_wraps_at_spaces_and_shortens_only_what_cannot_fit():
    label = "Co-ownership by professionals and local people"
    one = text_size(label, 7.0)[0]
    assert fit_label(label, 7.0, one) == ([label], False)
    narrowest = wrap_width(label, 7.0)
    lines, cut = fit_label(label, 7.0, narrowest)
    assert not cut and len(lines) == 2 and " ".join(lines) == label
    assert max(text_size(line, 7.0)[0] for line in lines) == pytest.approx(narrowest)
    # a hair narrower, two lines cannot hold it: shortened at a word, with the ellipsis, within the width
    lines, cut = fit_label(label, 7.0, narrowest - 0.5)
    assert cut and lines[-1].endswith(ELLIPSIS) and len(lines) == 2
    assert all(text_size(line, 7.0)[0] <= narrowest - 0.5 for line in lines)
    assert " ".join(lines)[:-1].rstrip() in label and label.startswith(" ".join(lines)[:-1].rstrip())
    # every split of the words into two lines is at least as wide as the narrowest
    words = label.split()
    best = min(max(text_size(" ".join(words[:i]), 7.0)[0], text_size(" ".join(words[i:]), 7.0)[0])
               for i in range(1, len(words)))
    assert narrowest == pytest.approx(best)
    assert len(wrap_words(label, 7.0, narrowest)) == 2


@pytest.mark.parametrize("width", [1.2, 1.5])
def test_legend_labels_and_date_ticks_fit_narrow_figures(width):
    from stancegraph.graph.figures.polarisation import polarisation_figure

    name = "Leifeld polarisation (greedy, k = 2, normalised)"
    series = {name: [("2010-01-01", "2011-12-31", 0.5)],
              "modularity of the congruence coalitions": [("2011-01-01", "2012-12-31", 0.3)]}
    with figure_style():
        figure = polarisation_figure(series, width=width, caption="Two measures.")
        assert texts_outside(figure) == []
        assert text_overlaps(figure) == []  # five date ticks at least (matplotlib's default) overlapped here
        texts = [t.get_text() for t, _ in text_extents(figure)]
    wrapped = [t for t in texts if t.startswith("Leifeld")]
    assert len(wrapped) == 1 and "\n" in wrapped[0] and " ".join(wrapped[0].split("\n")) == name


@pytest.mark.parametrize("period", ["year", "month"])
@pytest.mark.parametrize("width", ["column", "page"])
def test_timelines_fit_page_and_column(nhs, period, width):
    from stancegraph.graph.figures.timeline import timeline_counts, timeline_figure

    counts = timeline_counts(nhs, period=period, concepts=["privatisation"] if period == "month" else ())
    with figure_style():
        figure = timeline_figure(counts, width=width, caption="Statements on Privatisation (and narrower concepts) "
                                 "per month by stance: 12 statements, of which 6 dated only to the year are not drawn.")
        assert text_overlaps(figure) == []
        assert texts_outside(figure) == []
