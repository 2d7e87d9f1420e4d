"""``render``: write the interactive HTML network view of a dataset."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONTEXT_SETTINGS, console, corpus_option, data_dir_argument, handle_errors

VIEW_NAMES = ("twomode", "congruence", "conflict", "subtract")
NORMALISATIONS = ("none", "average", "jaccard", "cosine", "activity", "prominence")


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@click.option("--view", type=click.Choice(VIEW_NAMES), default="congruence", show_default=True,
              help="twomode: actors and concepts; congruence/conflict/subtract: actors tied by (dis)agreement.")
@click.option("--level", type=click.Choice(("person", "organisation")), default="organisation", show_default=True,
              help="Actors: the speaking person, or the organisation spoken for.")
@click.option("--unaffiliated", type=click.Choice(("person", "drop")), default="person", show_default=True,
              help="Organisation level: show a speaker who names no organisation as a person, or leave them out.")
@click.option("--normalise", "normalisation", type=click.Choice(NORMALISATIONS), default="none", show_default=True,
              help="DNA normalisation of the tie weights (average/jaccard/cosine one-mode; activity/prominence two-mode).")
@click.option("--from", "start", metavar="DATE", help="First day of the range (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Last day of the range (YYYY = to 31 December).")
@click.option("--concept-depth", type=click.IntRange(min=0), help="Roll concepts up to this SKOS depth (0 = top).")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the layout.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("network.html"),
              show_default=True, help="HTML file to write (atomically).")
@handle_errors
def render(data_dir, corpus, view, level, unaffiliated, normalisation, start, end, concept_depth, seed,
           output) -> None:
    """Write one self-contained, offline HTML page of a discourse network.

    Opens from disk with no network: vis-network is inlined, the layout is computed
    in Python (no physics), and clicking a node or a tie lists the statements and
    quotes behind it. Filters (concept, stance, date, actor kind) and a search box
    are on the page. Example:

        stancegraph render --view twomode --level person -o twomode.html
    """
    from ..atomic import atomic_write
    from ..load import load_dataset
    from ..view import render_view

    dataset = load_dataset(data_dir, corpus)
    html = render_view(dataset, view, level, start=start, end=end, seed=seed, unaffiliated=unaffiliated,
                       normalisation=normalisation, concept_depth=concept_depth)
    atomic_write(output, html)
    console().print(f"wrote {output.resolve()}")


COMMANDS = [render]
