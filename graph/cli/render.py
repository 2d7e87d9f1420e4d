"""``render``: write the interactive HTML network view of a dataset."""

from __future__ import annotations

import click

from .progress import progress_display, quiet_option
from .common import CONTEXT_SETTINGS, OutputFile, console, corpus_option, data_dir_argument, handle_errors, note, store_option
from .numbers import COUNT_MAX, SEED, BoundedInt
from .network import actor_options, normalise_option
from .text import line

VIEW_NAMES = ("twomode", "congruence", "conflict", "subtract", "cooccurrence", "concept-congruence",
              "concept-conflict", "concept-subtract", "concept-cooccurrence")  # every kind 'network' builds
HTML_ENDINGS = {".html": "html", ".htm": "html"}
_TYPE_KEY = "stancegraph.render.type"


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@click.option("--type", "view_type", type=click.Choice(VIEW_NAMES), expose_value=False,
              callback=lambda ctx, _param, value: ctx.meta.setdefault(_TYPE_KEY, value),
              help="The same as --view (network's word for it).")
@click.option("--view", "view", type=click.Choice(VIEW_NAMES), default=None, show_default="congruence",
              help="The network kind, as 'network --type': twomode (actors and concepts); congruence, conflict, "
                   "subtract, cooccurrence (actors tied by (dis)agreement or shared concepts); concept-… "
                   "(concepts tied through actors).")
@actor_options
@normalise_option
@click.option("--max-edges", type=BoundedInt(0, COUNT_MAX), default=5000, show_default=True,
              help="Draw the N strongest ties (|weight|), plus each actor's strongest tie; 0 = every tie. "
                   "The page says how many it shows.")
@click.option("--max-quotes", type=BoundedInt(0, COUNT_MAX), default=50, show_default=True,
              help="Statements shipped per tie and per node (the most recent); 0 = all.")
@click.option("--seed", type=SEED, default=7, show_default=True, help="Seed of the layout.")
@click.option("-o", "--output", type=OutputFile(HTML_ENDINGS, "an HTML view"), default="network.html",
              show_default=True, help="HTML file to write (atomically).")
@store_option
@quiet_option
@handle_errors
def render(data_dir, corpus, view, level, unaffiliated, normalisation, start, end, concept_depth, max_edges,
           max_quotes, seed, output, store, quiet) -> None:
    """Write one self-contained, offline HTML page of a discourse network.

    Opens from disk with no network: vis-network is inlined, the layout is computed
    in Python (no physics), and clicking a node or a tie lists the statements and
    quotes behind it. Filters (concept, stance, date, actor kind) and a search box
    are on the page. A large network shows its --max-edges strongest ties and says
    so; each tie carries its --max-quotes most recent quotes and names the command
    that lists the rest. Examples:

        stancegraph render --view twomode --level person -o twomode.html

        stancegraph render big-seeds/ --max-edges 2000 -o big.html
    """
    from ..atomic import atomic_write
    from ..errors import UsageError
    from ..view import render_view

    view_type = click.get_current_context().meta.get(_TYPE_KEY)
    if view is not None and view_type is not None and view != view_type:
        raise UsageError(f"--view {view} and --type {view_type} name two different networks: give one")
    view = view or view_type or "congruence"

    from .network import read_source  # the seed files, or the graph in --store

    summary = {}
    with progress_display(quiet) as progress:
        dataset = read_source(data_dir, corpus, store, progress)
        html = render_view(dataset, view, level, start=start, end=end, seed=seed, unaffiliated=unaffiliated,
                           normalisation=normalisation, concept_depth=concept_depth, max_edges=max_edges,
                           max_quotes=max_quotes, data_dir=data_dir, store=store, on_built=summary.update,
                           progress=progress)
        atomic_write(output, html)
    from ..wording import network_description

    print_view_summary(summary, network_description(view, level, unaffiliated, start, end))
    note(line(f"wrote {output.resolve()}"))


def print_view_summary(summary: dict, description: str) -> None:
    """What the page shows and what it left out: ``description`` (:func:`~stancegraph.graph.wording.network_description`,
    as every command words a network) and the counts the page's header gives."""
    from ..wording import counted
    from .text import inline, line

    out = console()
    ties = counted(summary["ties"], "tie")
    if summary["ties_total"] > summary["ties"]:
        ties += f" (the strongest of {summary['ties_total']:,}; --max-edges)"
    out.print(line(inline(f"{description}: {counted(summary['nodes'], 'node')}, {ties}")))
    out.print(line(inline(summary["left_out"])))


COMMANDS = [render]
