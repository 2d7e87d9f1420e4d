"""``plot``: publication figures (PNG, SVG, PDF) of networks, bar plots, timelines and polarisation."""

from __future__ import annotations

import click

from ..wording import counted
from .common import CONTEXT_SETTINGS, OutputFile, corpus_option, data_dir_argument, handle_errors, note, store_option
from .numbers import COUNT_MAX, SEED, BoundedInt, NumberOrName
from .network import actor_options, normalise_option
from .progress import progress_display, quiet_option

PLOTS = ("network", "barplot", "timeline", "polarisation")
KINDS = ("twomode", "congruence", "conflict", "subtract", "cooccurrence", "concept-congruence",
         "concept-conflict", "concept-subtract", "concept-cooccurrence")
FIGURE_ENDINGS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
"""``plot -o``'s endings (figures.journal.FORMATS; a test keeps them equal)."""
PLOT_READS = {
    "network_kind": ("network",), "colour_by": ("network",), "max_edges": ("network",), "normalisation": ("network",),
    "variable": ("barplot",), "count": ("barplot",), "top": ("barplot",),
    "period": ("timeline",), "concepts": ("timeline",), "actors": ("timeline",),
    "window": ("polarisation",), "step": ("polarisation",),
    "level": ("network", "barplot", "polarisation"), "unaffiliated": ("network", "barplot", "polarisation"),
    "concept_depth": ("network", "barplot"),
}
"""The options each KIND of figure reads (the others are refused; --from/--to, --width and --seed: every kind)."""


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("kind", type=click.Choice(PLOTS), metavar="KIND")
@data_dir_argument
@corpus_option
@click.option("-o", "--output", type=OutputFile(FIGURE_ENDINGS, "a figure"), required=True,
              help="Figure file: .png (300 dpi), .svg or .pdf (written atomically).")
@click.option("--width", type=NumberOrName(("column", "page"), 1.0, 20.0, " inches"), default=None,
              metavar="column|page|INCHES",
              help="Figure width: a journal column (3.5 in), the page (7.2 in) or inches. "
                   "Default: page for network, column otherwise.")
@click.option("--view", "network_kind", type=click.Choice(KINDS), default="congruence", show_default=True,
              help="network: which network to draw (as network --type).")
@actor_options
@normalise_option
@click.option("--colour", "colour_by", type=click.Choice(("kind", "coalition")), default="kind", show_default=True,
              help="network: node colours by actor kind, or by coalition (Louvain, --seed).")
@click.option("--max-edges", type=BoundedInt(0, COUNT_MAX), default=500, show_default=True,
              help="network: draw the N strongest ties (plus each actor's strongest); 0 = every tie.")
@click.option("--variable", type=click.Choice(("concept", "organisation", "person")), default="concept",
              show_default=True, help="barplot: one bar per concept, organisation or person.")
@click.option("--count", type=click.Choice(("statements", "actors")), default="statements", show_default=True,
              help="barplot: count statements, or distinct actors (concepts for actor bars).")
@click.option("--top", type=BoundedInt(0, COUNT_MAX), default=30, show_default=True,
              help="barplot: the N bars with most statements; 0 = all.")
@click.option("--period", type=click.Choice(("year", "month")), default="year", show_default=True,
              help="timeline: bin statements by year or month.")
@click.option("--concept", "concepts", multiple=True, metavar="ID",
              help="timeline: only statements on this concept (and narrower ones); repeatable.")
@click.option("--actor", "actors", multiple=True, metavar="ID",
              help="timeline: only statements of this person or organisation; repeatable.")
@click.option("--window", default="2y", show_default=True, metavar="SPAN",
              help="polarisation: moving window length (e.g. 2y, 6m).")
@click.option("--step", default="1y", show_default=True, metavar="SPAN",
              help="polarisation: step between windows.")
@click.option("--seed", type=SEED, default=7, show_default=True, help="Seed of the layout and the coalitions.")
@store_option
@quiet_option
@handle_errors
def plot(kind, data_dir, corpus, output, width, network_kind, level, unaffiliated, normalisation, start, end,
         concept_depth, colour_by, max_edges, variable, count, top, period, concepts, actors, window, step, seed,
         store, quiet) -> None:
    """Draw a figure for a paper: KIND is network, barplot, timeline or polarisation.

    Sized for a journal column or page, 7–8 pt text, labels that never cover each
    other, a legend and a caption saying what is drawn and what was left out, in
    words fit for a paper (the options that change what is left out are noted on
    standard error). SVG and PDF keep text as text; the same data and seed give the
    same bytes.
    Examples:

        stancegraph plot network --view congruence --colour coalition -o congruence.pdf

        stancegraph plot barplot --variable concept --top 20 -o concepts.svg

        stancegraph plot timeline --concept privatisation --period month -o privatisation.png

        stancegraph plot polarisation --window 3y --step 1y --from 2009 --to 2018 -o polarisation.pdf
    """
    from ..figures.journal import figure_format, figure_style, figure_width, save_figure

    from .network import read_source

    from .common import refuse_unread_options

    refuse_unread_options(click.get_current_context(), (kind, f"to plot {kind}", PLOT_READS))
    figure_format(output)  # an unknown suffix is refused before any work
    figure_width(width or "column")
    with progress_display(quiet) as progress:
        dataset = read_source(data_dir, corpus, store, progress)
    outliers, hints = None, []
    if kind in ("timeline", "polarisation") and start is None:
        from ..figures.timeline import outlying_start

        first, before = outlying_start(dataset)
        if first:
            start = first
            outliers = (first, before, min(str(dataset.statement_date(s))[:4] for s in dataset.statements.values()))
    with figure_style(seed):
        if kind == "network":
            figure = _network(dataset, network_kind, level, unaffiliated, normalisation, start, end, concept_depth,
                              colour_by, max_edges, width or "page", seed, hints)
        elif kind == "barplot":
            figure = _barplot(dataset, variable, count, top, level, unaffiliated, start, end, concept_depth,
                              width or "column", hints)
        elif kind == "timeline":
            figure = _timeline(dataset, period, concepts, actors, start, end, width or "column", outliers, hints)
        else:
            figure = _polarisation(dataset, window, step, start, end, level, unaffiliated, seed, width or "column",
                                   outliers, hints)
        save_figure(figure, output)
    from .text import inline, line

    note(line(f"wrote {output.resolve()}"))
    for hint in hints:  # the caption says what is left out in a paper's words; here, how to change it
        note(line(f"note: {inline(hint)}"))


def _outliers(outliers, before: int, hints: list) -> str:
    """The caption's sentence on the ``before`` statements ``outlying_start`` left out, and the hint."""
    from ..figures.captions import outlier_caption

    if not outliers or not before:
        return ""
    first, _, earliest = outliers
    hints.append(f"{counted(before, 'statement')} before {first} left out of the figure (years apart from the rest); "
                 f"--from {earliest} includes {'it' if before == 1 else 'them'}")
    return outlier_caption(before, first)


def _left_out(dataset, kind: str, level: str, hints: list, **options) -> str:
    """What the drawn network leaves out, as a caption says it; the hint ``network`` prints goes to ``hints``."""
    from ..networks.omissions import omissions

    report = omissions(dataset, kind, level, **options)
    if report.left_out:
        hints.append(report.sentence())
    return report.caption()


def _network(dataset, kind, level, unaffiliated, normalisation, start, end, concept_depth, colour_by, max_edges,
             width, seed, hints):
    from ..figures.captions import coalition_caption, join_sentences, strongest_caption, unlabelled_caption
    from ..figures.network import network_caption, network_figure
    from ..networks import build_network, coalitions

    one_mode = kind != "twomode"
    graph = build_network(dataset, kind=kind, level=level, unaffiliated=unaffiliated, normalisation=normalisation,
                          start=start, end=end, concept_depth=concept_depth,
                          strongest=max_edges if max_edges and one_mode else None)
    total = graph.graph.get("ties_total")
    strongest = ""
    if total is not None and total > graph.number_of_edges():
        strongest = strongest_caption(graph.number_of_edges(), total, graph.graph.get("strongest") or max_edges,
                                      graph.graph.get("strongest_added", 0))
        hints.append(f"{graph.number_of_edges():,} of {counted(total, 'tie')} drawn (--max-edges {max_edges:,}); "
                     "--max-edges 0 draws every tie")
    left_out = _left_out(dataset, kind, level, hints, unaffiliated=unaffiliated, normalisation=normalisation,
                         start=start, end=end, concept_depth=concept_depth)
    groups = None
    colours = ""
    if colour_by == "coalition":
        groups = coalitions(graph, seed=seed)
        colours = coalition_caption(len(groups), seed)
    caption = network_caption(graph, join_sentences(strongest, left_out, colours) or None)
    figure = network_figure(graph, colour_by=colour_by, groups=groups, width=width, seed=seed, caption=caption)
    left = figure.stancegraph["labels_left_out"]
    if left:
        caption = join_sentences(caption, unlabelled_caption(left))
        figure = network_figure(graph, colour_by=colour_by, groups=groups, width=width, seed=seed, caption=caption)
        hints.append(f"{counted(left, 'node label')} left out to keep the others legible; a larger --width "
                     "(inches) holds more")
    return figure


def _barplot(dataset, variable, count, top, level, unaffiliated, start, end, concept_depth, width, hints):
    from ..figures.barplot import barplot_figure
    from ..figures.captions import barplot_caption, join_sentences
    from ..networks.barplot import stance_counts

    if variable == "person":
        level = "person"
    rows = stance_counts(dataset, variable, level=level, count=count, unaffiliated=unaffiliated, start=start,
                         end=end, concept_depth=concept_depth)
    shown = rows[:top] if top else rows
    measure = count if variable == "concept" or count == "statements" else "concepts"
    left_out = _left_out(dataset, "twomode", level, hints, unaffiliated=unaffiliated, start=start, end=end,
                         concept_depth=concept_depth, qualifier="subtract")
    caption = join_sentences(barplot_caption(variable, measure, len(shown), len(rows), start, end), left_out)
    figure = barplot_figure(rows, width=width, caption=caption, count=measure, top=top or None)
    shortened = len(figure.stancegraph["shortened"])
    if shortened:
        hints.append(f"{counted(shortened, 'label')} shortened to fit (given in full in the caption); "
                     "a larger --width fits more")
    return figure


def _timeline(dataset, period, concepts, actors, start, end, width, outliers, hints):
    from ..figures.captions import join_sentences, timeline_caption
    from ..figures.timeline import timeline_counts, timeline_figure

    timeline = timeline_counts(dataset, period=period, concepts=concepts, actors=actors, start=start, end=end)
    before = 0
    if outliers:  # how many of the statements chosen are the early ones left out
        before = timeline_counts(dataset, period=period, concepts=concepts, actors=actors, end=end).selected \
            - timeline.selected
    labels = [dataset.concepts[c].label for c in sorted(concepts)]
    names = [dataset.people[a].name if a in dataset.people else dataset.organisations[a].name for a in sorted(actors)]
    caption = timeline_caption(period, timeline.selected, timeline.unplaced, labels, names)
    return timeline_figure(timeline, width=width, caption=join_sentences(caption, _outliers(outliers, before, hints)))


def _polarisation(dataset, window, step, start, end, level, unaffiliated, seed, width, outliers, hints):
    from ..errors import UsageError
    from ..figures.captions import join_sentences, polarisation_caption
    from ..figures.polarisation import polarisation_figure
    from ..networks import polarisation_leifeld, polarisation_modularity

    points = polarisation_modularity(dataset, window=window, step=step, start=start, end=end, level=level,
                                     unaffiliated=unaffiliated, seed=seed)
    if not points:
        raise UsageError(f"no window of {window} fits in the date range")
    slices = polarisation_leifeld(dataset, level=level, normalise=True, window=window, start=start, end=end,
                                  unaffiliated=unaffiliated, seed=seed)
    series = {
        "Leifeld polarisation (greedy, k = 2, normalised)": [(r.start, r.end, r.score, r.middle) for r in slices
                                                             if r.start and r.end],
        "modularity of the congruence coalitions": [(p.start, p.end, p.modularity) for p in points],
    }
    early = _outliers(outliers, outliers[1] if outliers else 0, hints)
    left_out = _left_out(dataset, "congruence", level, hints, unaffiliated=unaffiliated, start=start, end=end)
    caption = join_sentences(polarisation_caption(level, window, step, len(points)), early, left_out)
    return polarisation_figure(series, width=width, caption=caption, ylabel="score")


COMMANDS = [plot]
