"""The ``stancegraph`` command line: a thin layer over the library.

Only this package prints, colours or exits. Command modules import heavy libraries
inside their functions so that ``stancegraph --help`` starts fast.
"""

from __future__ import annotations

import click

import importlib

from .common import CONTEXT_SETTINGS, OneLineGroup, abbreviate_choices

__all__ = ["main", "cli"]

COMMAND_MODULES = {
    "check": "core", "build": "core", "export": "core", "format": "curate", "suggest": "coding",
    "annotate": "coding", "import": "interop", "network": "network", "polarisation": "analysis",
    "backbone": "analysis", "plot": "plot", "query": "query", "agreement": "reliability", "render": "render",
    "serve": "serve",
}
"""Each command's module (its ``COMMANDS`` list); a command's module is imported when it is first asked for."""


class _LazyCommands(dict):
    """``cli.commands``: a command's module is imported when the command is looked up, so a run of
    one command imports only its own module (``query NAME --store oxigraph:`` is a whole process a
    user waits for: importing every command module cost ~30 ms of it). Listing or iterating (as
    ``--help`` does) imports them all."""

    def __init__(self):
        super().__init__()
        self._loaded: set[str] = set()  # modules imported

    def _load(self, name) -> None:
        if dict.__contains__(self, name):
            return
        module = COMMAND_MODULES.get(name)
        if module is None:  # not a name we know (a typo, or a command missing from COMMAND_MODULES)
            self._load_all()
            return
        self._load_module(module)

    def _load_module(self, module: str) -> None:
        if module in self._loaded:
            return
        self._loaded.add(module)
        commands = importlib.import_module(f".{module}", __name__).COMMANDS
        abbreviate_choices(click.Group(commands=commands))  # --level org; a wrong value is one line naming the choices
        for command in commands:
            dict.__setitem__(self, command.name, command)

    def _load_all(self) -> None:
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            self._load_module(module)

    def get(self, name, default=None):
        self._load(name)
        return dict.get(self, name, default)

    def __getitem__(self, name):
        self._load(name)
        return dict.__getitem__(self, name)

    def __contains__(self, name) -> bool:
        self._load(name)
        return dict.__contains__(self, name)

    def __iter__(self):
        self._load_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._load_all()
        return dict.__len__(self)

    def keys(self):
        self._load_all()
        return dict.keys(self)

    def items(self):
        self._load_all()
        return dict.items(self)

    def values(self):
        self._load_all()
        return dict.values(self)


@click.group(cls=OneLineGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="stancegraph")
def cli() -> None:
    """stancegraph: who stands where on policy, as a knowledge graph.

    Curated stances with verbatim quotes (YAML) → validated dataset → RDF graph
    (Turtle and more), SPARQL queries, discourse networks and an HTML view.
    DATA_DIR defaults to the embedded NHS ownership dataset.
    """


cli.commands = _LazyCommands()


def main() -> None:
    """Entry point of the console script (usage errors in one line and a closed pipe: :class:`OneLineGroup`)."""
    cli(prog_name="stancegraph")
