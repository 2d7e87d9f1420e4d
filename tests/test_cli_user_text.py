"""User text on the console appears exactly as in the data: never read as rich markup, line breaks never lost
and never splitting a one-line row (graph/cli/text.py).

rich.markup.escape doubled a trailing backslash when no tag followed (``Bob Jones\\`` showed as
``Bob Jones\\\\``), and rich's Text dropped a lone CR from a table cell. Each hostile text below is put in
the data and looked for, as written, in every command's output that shows it.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli

MARKUP = {  # where it goes in the mini dataset -> the text; each is what rich's markup or escape would change
    "name: Bob Jones": "Bob Jones\\",                  # one trailing backslash (was shown doubled)
    "name: Ann Smith": "[b]Ann[/b] \\[x] [/] a\\\\",   # tags, an escaped tag, a closing tag, two trailing backslashes
    "label: Co-operatives": "[red]Co-ops[/red]\\",    # a style tag, then a trailing backslash
    "label: Privatisation": ":smile: [bold]Priv[/]",  # an emoji code (rich replaces it) and markup
    "label: Market mechanisms": "\\[Markets]\\",      # an escaped bracket (\[ reads as [ in markup)
}
EXTRA_PERSON = """  - id: cy-long
    name: Cy Long
    affiliations:
      - organisation: blue-party
        source: herald-2020-03-01
"""
EXTRA_STATEMENT = """  - id: long-coops
    speaker: cy-long
    concept: cooperatives
    stance: oppose
    quote: Co-operatives give patients a real say.
    document: herald-2020-03-01
    attribution: direct
"""


def _seeds(root, mini_seeds, replacements: dict[str, str]):
    """The mini dataset with each ``key: value`` line's value replaced, and a third speaker (polarisation
    needs more actors than its two clusters)."""
    shutil.copytree(mini_seeds, root)
    path = root / "records.yaml"
    text = path.read_text(encoding="utf-8")
    for line, value in replacements.items():
        key = line.split(":")[0]
        assert text.count(line + "\n") == 1, line
        text = text.replace(line + "\n", f"{key}: {json.dumps(value)}\n")  # JSON strings are YAML double-quoted
    text = text.replace("\nconcepts:\n", "\n" + EXTRA_PERSON + "\nconcepts:\n", 1)
    text = text.rstrip("\n") + "\n" + EXTRA_STATEMENT
    path.write_text(text, encoding="utf-8")
    return root


def run(*args):
    done = CliRunner().invoke(cli, [*map(str, args)], catch_exceptions=False)
    return done


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, mini_seeds):
    return _seeds(tmp_path_factory.mktemp("markup") / "seeds", mini_seeds, MARKUP)


def _outputs(data, tmp_path):
    """Every command's output that shows names or labels, by command."""
    out = {
        "network twomode": run("network", data, "--level", "person", "--type", "twomode"),
        "network coalitions": run("network", data, "--level", "person", "--type", "congruence", "--isolates"),
        "network explain": run("network", data, "--level", "person", "--type", "twomode", "--explain",
                               "bob-jones", "markets"),
        "backbone": run("backbone", data, "--level", "person"),
        "backbone fixed": run("backbone", data, "--level", "person", "--method", "fixed", "--size", "1"),
        "polarisation": run("polarisation", data, "--level", "person"),
        "render": run("render", data, "--level", "person", "--type", "twomode", "-o", tmp_path / "v.html"),
        "query": run("query", "SELECT ?n WHERE { { ?x foaf:name ?n } UNION { ?x skos:prefLabel ?n } } ORDER BY ?n",
                     "--data", data),
    }
    for name, done in out.items():
        assert done.exit_code == 0, (name, done.output)
    return {name: done.stdout for name, done in out.items()}


def test_names_and_labels_holding_markup_show_as_written(hostile, tmp_path):
    outputs = _outputs(hostile, tmp_path)
    people = [MARKUP["name: Bob Jones"], MARKUP["name: Ann Smith"]]
    concepts = [MARKUP[key] for key in MARKUP if key.startswith("label")]
    shows = {  # what each output names (every one it names must be shown as written)
        "network twomode": people + concepts[:3],
        "network coalitions": people,
        "network explain": [],
        "backbone": concepts,
        "backbone fixed": concepts,
        "polarisation": people,
        "query": people + concepts,
    }
    for name, texts in shows.items():
        for text in texts:
            assert text in outputs[name], (name, text, outputs[name])
    # the row of a tie, whole: a trailing backslash once, before the separator
    assert f"  1  {MARKUP['name: Bob Jones']} — {MARKUP['label: Market mechanisms']}  (1 statement, mixed)" \
           in outputs["network twomode"]
    # the query table's cells: each value alone on its line, not one character more
    cells = {row.strip() for row in outputs["query"].splitlines()}
    assert set(people + concepts) <= cells
    assert "😄" not in "".join(outputs.values())  # :smile: stays text


def test_check_and_usage_errors_show_values_as_written(tmp_path, mini_seeds, capsys):
    """check's lines give a value as its repr (errors.shown): one backslash of the value is two there, as
    repr writes it, not four; a problem or error line ending in a backslash keeps it single."""
    data = _seeds(tmp_path / "bad", mini_seeds, {})
    path = data / "records.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("concept: markets\n", 'concept: "[b]x\\\\"\n', 1),
                    encoding="utf-8")
    done = CliRunner().invoke(cli, ["check", str(data)])
    assert done.exit_code == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and f"concept: {repr('[b]x' + chr(92))} is not a valid id" in errors[0], done.stderr

    from stancegraph.graph.cli.common import _print_error, print_problems
    from stancegraph.graph.errors import Problem, UsageError

    capsys.readouterr()
    print_problems([Problem(file="a[b].yaml", line=1, record=None, field="name", message="ends in \\"),
                    Problem(file=None, line=None, record=None, field=None, message="[red]x[/red] \\[y] :smile:")])
    _print_error(UsageError("cannot write C:\\[b]\\"))
    assert capsys.readouterr().err.splitlines() == [
        "error: a[b].yaml:1: name: ends in \\", "error: <data>: [red]x[/red] \\[y] :smile:", "2 problems found",
        "Error: cannot write C:\\[b]\\"]


def test_agreement_shows_coder_names_as_written(tmp_path, mini_seeds, mini_corpus):
    first, second = tmp_path / "ann[b]\\", tmp_path / "bea\\"
    shutil.copytree(mini_seeds, first)
    shutil.copytree(mini_seeds, second)
    done = run("agreement", first, second, "--corpus", mini_corpus, "--bootstrap", "0")
    assert done.exit_code == 0, done.output
    assert "Coders: ann[b]\\, bea\\; concept depth" in done.stdout, done.stdout


BREAKS = {  # each line breaker str.splitlines() knows -> its escape in a one-line row (errors.one_line's)
    "\r\n": "\\r\\n", "\r": "\\r", "\n": "\\n", "\x0b": "\\x0b", "\x0c": "\\x0c", "\x1c": "\\x1c", "\x1d": "\\x1d",
    "\x1e": "\\x1e", "\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029",
}


def test_the_table_covers_every_line_breaker_splitlines_knows():
    every = {chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) == 2}
    assert every | {"\r\n"} == set(BREAKS)


XML_REFUSED = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"}
"""Controls XML 1.0 cannot carry: check refuses them in seeds (so no summary can show them); a query's own
literal can hold them."""


@pytest.mark.parametrize("breaker", sorted(BREAKS), ids=[repr(b) for b in sorted(BREAKS)])
def test_a_line_break_is_a_line_in_a_table_cell(breaker):
    """A value from the query itself (a SPARQL \\u escape), so every breaker reaches the table."""
    # SPARQL reads \\u escapes before the grammar, so LF and CR take their string escapes (ECHAR)
    escaped = "".join({"\n": "\\n", "\r": "\\r"}.get(ch, f"\\u{ord(ch):04X}") for ch in breaker)
    done = CliRunner().invoke(cli, ["query", f'SELECT ?n ?m WHERE {{ VALUES (?n ?m) {{ ("Market{escaped}mechanisms" '
                                             f'"tab{escaped}end") }} }}'], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    rows = [row.strip() for row in done.stdout.split("\n")]
    assert not any(ch in done.stdout for ch in BREAKS if ch != "\n"), done.stdout  # none dropped silently: below
    index = next(i for i, row in enumerate(rows) if row.startswith("Market"))
    assert rows[index].split() == ["Market", "tab"] and rows[index + 1].split() == ["mechanisms", "end"], rows


@pytest.mark.parametrize("breaker", sorted(BREAKS), ids=[repr(b) for b in sorted(BREAKS)])
def test_a_line_break_in_a_label_is_a_line_in_a_table_and_an_escape_in_a_one_line_row(tmp_path, mini_seeds,
                                                                                       breaker):
    data = _seeds(tmp_path / "seeds", mini_seeds, {"label: Market mechanisms": f"Market{breaker}mechanisms",
                                                   "name: Bob Jones": f"Bob{breaker}Jones"})
    if breaker in XML_REFUSED:
        done = CliRunner().invoke(cli, ["check", str(data)])
        assert done.exit_code == 1 and "which XML 1.0 cannot carry" in done.stderr, done.output
        return
    outputs = _outputs(data, tmp_path)
    shown_label, shown_name = f"Market{BREAKS[breaker]}mechanisms", f"Bob{BREAKS[breaker]}Jones"
    one_line = {  # the one-line rows in each summary
        "network twomode": f"  1  {shown_name} — {shown_label}  (1 statement, mixed)  bob-jones markets",
        "backbone": f"  {shown_label}",
        "backbone fixed": shown_label,
        "network coalitions": shown_name,
        "polarisation": shown_name,
    }
    for name, row in one_line.items():
        assert any(row in line for line in outputs[name].split("\n")), (name, row, outputs[name])
    for name, text in outputs.items():
        assert not any(ch in text for ch in BREAKS if ch != "\n"), (name, text)
        if name != "query":
            assert "Market\n" not in text and "Bob\n" not in text, (name, text)
    # the table: as LF shows, each breaker starts a new line inside the cell; nothing dropped
    cells = [row.strip() for row in outputs["query"].split("\n")]
    for first, second in (("Market", "mechanisms"), ("Bob", "Jones")):
        index = cells.index(first)
        assert cells[index + 1] == second, outputs["query"]


def test_a_progress_stage_naming_markup_shows_as_written():
    """The progress display's stage (a path, a file name) is drawn as it is, not read as markup."""
    import io

    from rich.console import Console
    from rich.progress import Progress

    from stancegraph.graph.cli.progress import _columns

    out = Console(file=io.StringIO(), force_terminal=True, width=120, color_system=None)
    with Progress(*_columns(120), console=out, transient=False) as bar:
        bar.add_task("reading /data/[b]x[/b]\\", total=None, count="")
    assert "reading /data/[b]x[/b]\\ " in out.file.getvalue()
