"""The ``stancegraph`` command line: a thin layer over the library.

Only this package prints, colours or exits. Command modules import heavy libraries
inside their functions so that ``stancegraph --help`` starts fast.
"""

from __future__ import annotations

import click

from .common import CONTEXT_SETTINGS, OneLineGroup, abbreviate_choices
from . import analysis, coding, core, curate, interop, network, plot, query, reliability, render, serve

__all__ = ["main", "cli"]


@click.group(cls=OneLineGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="stancegraph")
def cli() -> None:
    """stancegraph: who stands where on policy, as a knowledge graph.

    Curated stances with verbatim quotes (YAML) → validated dataset → RDF graph
    (Turtle and more), SPARQL queries, discourse networks and an HTML view.
    DATA_DIR defaults to the embedded NHS ownership dataset.
    """


for _module in (core, curate, coding, interop, network, analysis, plot, query, reliability, render, serve):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
abbreviate_choices(cli)  # --level org; a wrong value is one line naming the choices


def main() -> None:
    """Entry point of the console script (usage errors in one line and a closed pipe: :class:`OneLineGroup`)."""
    cli(prog_name="stancegraph")
