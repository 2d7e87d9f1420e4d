"""``stancegraph`` imports a command's module only when the command is asked for (graph/cli/__init__.py):
the name -> module table must name every command of every CLI module, and running one command must not
import the others."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import stancegraph.graph.cli as cli_package
from stancegraph.graph.cli import COMMAND_MODULES, cli


def _modules_with_commands():
    for info in pkgutil.iter_modules(cli_package.__path__):
        if info.name == "__main__":  # runs the CLI
            continue
        module = importlib.import_module(f"{cli_package.__name__}.{info.name}")
        if hasattr(module, "COMMANDS"):
            yield info.name, module


def test_the_table_names_every_command_of_every_cli_module():
    found = {command.name: name for name, module in _modules_with_commands() for command in module.COMMANDS}
    assert found == COMMAND_MODULES


def test_every_command_is_reachable_by_name_and_listed():
    for name in COMMAND_MODULES:
        assert cli.commands.get(name) is not None, name
        assert name in cli.commands
    assert set(cli.commands) == set(COMMAND_MODULES)
    assert "no-such-command" not in cli.commands


def test_running_one_command_imports_only_its_own_module():
    code = ("import sys; from stancegraph.graph.cli import cli; "
            "cli.main(['query', '--list'], standalone_mode=False); "
            "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('stancegraph.graph.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    imported = set(eval(out.strip().splitlines()[-1]))  # noqa: S307 - our own printed list
    others = set(COMMAND_MODULES.values()) - {"query"}
    assert "query" in imported
    assert not imported & others, imported & others
