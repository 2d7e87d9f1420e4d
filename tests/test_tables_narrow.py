"""Every table the CLI prints keeps its figures whole on a narrow console (COLUMNS=40), piped or on a terminal."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.cli.common import console

CLI = Path(__file__).resolve().parents[1] / "graph" / "cli"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
NUMBER = re.compile(r"\d[\d.,–]*\d|\d")  # 0.863, 22,138, 0.964–1.000, 7: each whole, as printed wide


def test_every_table_printing_command_is_covered_here():
    """A rich table printed anywhere in the CLI goes through tables.print_table, and is a case below."""
    printing = {path.name for path in CLI.glob("*.py") if "Table(" in path.read_text(encoding="utf-8")}
    assert printing == {"query.py", "reliability.py"}  # a new one: add its command to COMMANDS
    for name in printing:
        source = (CLI / name).read_text(encoding="utf-8")
        assert "print_table(" in source and not re.search(r"\.print\(table\)", source), name


@pytest.fixture(scope="module")
def codings(tmp_path_factory, mini_seeds):
    root = tmp_path_factory.mktemp("codings")
    ann, bea = root / "ann", root / "bea"
    shutil.copytree(mini_seeds, ann)
    shutil.copytree(mini_seeds, bea)
    records = (bea / "records.yaml").read_text(encoding="utf-8")
    # a stance the other coder saw differently, so α is no round 1
    at = records.index("  - id: jones-markets")
    records = records[:at] + records[at:].replace("stance: mixed", "stance: oppose", 1)
    (bea / "records.yaml").write_text(records, encoding="utf-8")
    return ann, bea


def _commands(codings, mini_corpus, mini_seeds):
    ann, bea = codings
    return {
        "agreement": ["agreement", str(ann), str(bea), "--corpus", str(mini_corpus), "--bootstrap", "50",
                      "--show", "figures"],
        "query named": ["query", "contested-concepts", "--data", str(mini_seeds)],
        "query sparql": ["query", "--data", str(mini_seeds),
                         "SELECT ?s (COUNT(*) AS ?triples) (12345.678 AS ?x) WHERE { ?s ?p ?o } GROUP BY ?s"],
    }


def _run(args, **env):
    console.cache_clear()  # a fresh console reads COLUMNS (the cached one keeps the width it was made with)
    try:
        result = CliRunner().invoke(cli, [*args, "-q"], env={"COLUMNS": "250", **env})
    finally:
        console.cache_clear()  # and one made in this environment is not left to the next test
    assert result.exit_code == 0, result.output
    return ANSI.sub("", result.stdout)


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize("name", ["agreement", "query named", "query sparql"])
def test_narrow_output_keeps_every_number_of_the_wide_one(codings, mini_corpus, mini_seeds, name, terminal):
    args = _commands(codings, mini_corpus, mini_seeds)[name]
    tty = {"TTY_COMPATIBLE": "1"} if terminal else {}
    wide = _run(args, **tty)
    narrow = _run(args, COLUMNS="40", **tty)
    assert "━" in wide or "─" in wide  # a table was drawn
    numbers = Counter(NUMBER.findall(wide))
    assert numbers
    missing = numbers - Counter(NUMBER.findall(narrow))  # every occurrence, each whole
    assert not missing, narrow
    assert "…" not in narrow


def test_a_terminal_wide_enough_wraps_labels_and_keeps_figures(codings, mini_corpus, mini_seeds):
    args = _commands(codings, mini_corpus, mini_seeds)["agreement"]
    wide = _run(args, TTY_COMPATIBLE="1")
    table = _run(args, COLUMNS="64", TTY_COMPATIBLE="1")
    rows = [line for line in table.splitlines() if set(line) & set("│┃━")]
    assert rows and max(len(line) for line in rows) <= 64  # wrapped to fit, not one line a row
    assert not Counter(NUMBER.findall(wide)) - Counter(NUMBER.findall(table))
    assert "(ordinal)" in table.split() and "interval" in table.split()  # a label wrapped between words
