"""The README documents every CLI command, and its quickstart names the real targets."""

from __future__ import annotations

import re

from conftest import REPO
from stancegraph.graph.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_every_command_is_in_the_cli_reference():
    reference = _section("CLI reference")
    documented = set(re.findall(r"^### `stancegraph ([a-z-]+)", reference, flags=re.M))
    assert documented == set(cli.commands)


def test_quickstart_commands_exist_in_the_makefile():
    quickstart = _section("Quickstart")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", quickstart, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target


def test_ci_runs_the_readme_test_command():
    assert "make test" in _section("Quickstart")
    assert re.search(r"^make test$", (REPO / ".ci" / "run").read_text(), flags=re.M)
