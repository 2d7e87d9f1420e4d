"""``plot``: publication figures (PNG, SVG, PDF) of networks, bar plots, timelines and polarisation."""

from __future__ import annotations

import click

from .common import CONTEXT_SETTINGS, OutputFile, corpus_option, data_dir_argument, handle_errors, note, store_option
from .numbers import COUNT_MAX, SEED, BoundedInt, NumberOrName
from .network import actor_options, normalise_option
from .progress import progress_display, quiet_option

PLOTS = ("network", "barplot", "timeline", "polarisation")
KINDS = ("twomode", "congruence", "conflict", "subtract", "cooccurrence", "concept-congruence",
         "concept-conflict", "concept-subtract", "concept-cooccurrence")
FIGURE_ENDINGS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
PLOT_READS = {
    "network_kind": ("network",), "colour_by": ("network",), "max_edges": ("network",), "normalisation": ("network",),
    "variable": ("barplot",), "count": ("barplot",), "top": ("barplot",),
    "period": ("timeline",), "concepts": ("timeline",), "actors": ("timeline",),
    "window": ("polarisation",), "step": ("polarisation",),
    "level": ("network", "barplot", "polarisation"), "unaffiliated": ("network", "barplot", "polarisation"),
    "concept_depth": ("network", "barplot"),
}
"""The options each KIND of figure reads (the others are refused; --from/--to, --width and --seed: every kind)."""
"""``plot -o``'s endings (figures.journal.FORMATS; a test keeps them equal)."""


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
    other, a legend and a caption line saying what is drawn and what was left out.
    SVG and PDF keep text as text; the same data and seed give the same bytes.
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
    outliers = ""
    if kind in ("timeline", "polarisation") and start is None:
        from ..figures.timeline import outlying_start

        first, before = outlying_start(dataset)
        if first:
            start = first
            outliers = (f" {before} earlier statement{'s' if before != 1 else ''} (before {first}, years apart from "
                        "the rest) left out; --from includes them.")
    with figure_style(seed):
        if kind == "network":
            figure = _network(dataset, network_kind, level, unaffiliated, normalisation, start, end, concept_depth,
                              colour_by, max_edges, width or "page", seed)
        elif kind == "barplot":
            figure = _barplot(dataset, variable, count, top, level, unaffiliated, start, end, concept_depth,
                              width or "column")
        elif kind == "timeline":
            figure = _timeline(dataset, period, concepts, actors, start, end, width or "column", outliers)
        else:
            figure = _polarisation(dataset, window, step, start, end, level, unaffiliated, seed, width or "column",
                                   outliers)
        save_figure(figure, output)
    note(f"wrote {output.resolve()}")


def _left_out(dataset, kind: str, level: str, **options) -> str:
    """What the drawn network leaves out, worded as ``network`` and ``render`` print it."""
    from ..networks.omissions import omissions

    report = omissions(dataset, kind, level, **options)
    return report.sentence().capitalize() + "." if report.left_out else ""


def _network(dataset, kind, level, unaffiliated, normalisation, start, end, concept_depth, colour_by, max_edges,
             width, seed):
    from ..networks import build_network, coalitions
    from ..figures.network import network_caption, network_figure

    one_mode = kind != "twomode"
    graph = build_network(dataset, kind=kind, level=level, unaffiliated=unaffiliated, normalisation=normalisation,
                          start=start, end=end, concept_depth=concept_depth,
                          strongest=max_edges if max_edges and one_mode else None)
    notes = []
    total = graph.graph.get("ties_total")
    if total is not None and total > graph.number_of_edges():
        notes.append(f"The {graph.number_of_edges():,} strongest of {total:,} ties are drawn (--max-edges).")
    left_out = _left_out(dataset, kind, level, unaffiliated=unaffiliated, normalisation=normalisation, start=start,
                         end=end, concept_depth=concept_depth)
    if left_out:
        notes.append(left_out)
    groups = None
    if colour_by == "coalition":
        groups = coalitions(graph, seed=seed)
        notes.append(f"Colours: {len(groups)} coalitions (Louvain modularity, seed {seed}).")
    caption = network_caption(graph, " ".join(notes) or None)
    figure = network_figure(graph, colour_by=colour_by, groups=groups, width=width, seed=seed, caption=caption)
    left = figure.stancegraph["labels_left_out"]
    if left:
        caption += f" Labels of the {left} nodes with fewest statements are left out to keep the others legible."
        figure = network_figure(graph, colour_by=colour_by, groups=groups, width=width, seed=seed, caption=caption)
    return figure


def _barplot(dataset, variable, count, top, level, unaffiliated, start, end, concept_depth, width):
    from ..figures.barplot import barplot_figure
    from ..networks.barplot import stance_counts

    if variable == "person":
        level = "person"
    rows = stance_counts(dataset, variable, level=level, count=count, unaffiliated=unaffiliated, start=start,
                         end=end, concept_depth=concept_depth)
    shown = rows[:top] if top else rows
    noun = {"concept": "concept", "organisation": "organisation", "person": "person"}[variable]
    measure = count if variable == "concept" or count == "statements" else "concepts"
    caption = f"{measure.capitalize()} per {noun} by stance"
    if start or end:
        caption += f", {start or '…'} to {end or '…'}"
    caption += f" ({len(shown)} of {len(rows)} {noun}s" + (", most statements first)." if len(shown) < len(rows)
                                                           else ").")
    left_out = _left_out(dataset, "twomode", level, unaffiliated=unaffiliated, start=start, end=end,
                         concept_depth=concept_depth, qualifier="subtract")
    if left_out:
        caption += " " + left_out
    return barplot_figure(rows, width=width, caption=caption, count=measure, top=top or None)


def _timeline(dataset, period, concepts, actors, start, end, width, outliers=""):
    from ..figures.timeline import timeline_counts, timeline_figure

    timeline = timeline_counts(dataset, period=period, concepts=concepts, actors=actors, start=start, end=end)
    what = "Statements"
    if concepts:
        what += " on " + ", ".join(dataset.concepts[c].label for c in sorted(concepts)) + " (and narrower concepts)"
    if actors:
        names = [dataset.people[a].name if a in dataset.people else dataset.organisations[a].name
                 for a in sorted(actors)]
        what += " by " + ", ".join(names)
    caption = f"{what} per {period} by stance: {timeline.selected} statements."
    if timeline.unplaced:
        caption += f" {timeline.unplaced} dated only to the year are not shown."
    return timeline_figure(timeline, width=width, caption=caption + outliers)


def _polarisation(dataset, window, step, start, end, level, unaffiliated, seed, width, outliers=""):
    from ..errors import UsageError
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
    caption = (f"Polarisation of the {level}s' debate: Leifeld's score (DNA's dna_polarization) in uniform "
               f"kernel slices of {window}, and the modularity (Newman 2006) of the Louvain coalitions of the "
               f"congruence network in {len(points)} windows of {window} stepping {step}; bars mark each "
               "window's span." + outliers)
    return polarisation_figure(series, width=width, caption=caption, ylabel="score")


COMMANDS = [plot]
