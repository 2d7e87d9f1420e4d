"""The command line's shared rules, checked on every command they apply to.

Each rule is tested over the commands the ``stancegraph`` group actually has (sub-commands
and ``export dna`` included), so a new command cannot escape it:

- a file a command writes takes its format from its ending; an unknown ending, a
  ``--format`` the ending contradicts and a missing folder are one line each, exit 2;
- every click usage error (unknown option, bad number, out of range, missing option,
  failed path check) is one line ``Error: …``, exit 2;
- ``-q/--quiet`` on every command; progress and notes only on a terminal;
- a reader that stops reading (``| head``) ends the command with exit 0 and no message;
- counts are worded one way (thousands separated, ``ties``, singular for one);
- ``serve`` and ``annotate`` refuse a port in use before their banner.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.cli.common import OutputFile, all_commands

REPO = Path(__file__).resolve().parents[1]

# The rule's specification, written here independently of the code: every command that
# writes a file with -o, what it writes and the endings it knows (in the order it lists them).
WRITERS = {
    "export": ("an RDF graph", ".ttl, .nt, .jsonld, .trig, .rdf"),
    "export dna": ("a DNA database", ".dna"),
    "network": ("a network", ".graphml, .gexf, .matrix.csv, .csv, .json, .dl, .net"),
    "render": ("an HTML view", ".html, .htm"),
    "plot": ("a figure", ".png, .svg, .pdf"),
    "polarisation": ("polarisation results", ".json, .csv"),
    "backbone": ("a backbone result", ".json"),
    "query": ("a query answer", ".csv, .tsv, .srj, .json, .srx, .xml, .ttl, .nt, .jsonld, .trig, .rdf"),
    "agreement": ("an agreement report", ".txt, .csv, .json"),
    "suggest": ("a seed file", ".yaml, .yml"),
}
COMMANDS = {name: command for name, command in all_commands(cli) if not hasattr(command, "commands")}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line(result) -> str:
    """The single line a refused command printed (stdout and stderr together)."""
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


# ---------------------------------------------------------------- files written with -o


def test_every_command_writing_a_file_checks_its_ending_and_folder():
    writers = {name for name, command in COMMANDS.items() if any(p.name == "output" for p in command.params)}
    assert writers == set(WRITERS)  # a new writer joins the table below, and with it the rule
    for name in writers:
        output = next(p for p in COMMANDS[name].params if p.name == "output")
        assert isinstance(output.type, OutputFile), name


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_an_unknown_ending_is_one_line_listing_the_known_ones(name):
    what, known = WRITERS[name]
    result = run(*name.split(), "-o", "x.foo")
    assert result.exit_code == 2
    assert one_line(result) == (f"Error: Invalid value for '-o' / '--output': unknown ending of 'x.foo' for {what} "
                                f"(known: {known})")


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_missing_folder_is_one_line_naming_it_and_nothing_is_created(name, tmp_path):
    ending = WRITERS[name][1].split(", ")[0]
    folder = tmp_path / "no" / "such"
    result = run(*name.split(), "-o", str(folder / f"x{ending}"))
    assert result.exit_code == 2
    assert one_line(result) == (f"Error: cannot write {folder / f'x{ending}'}: folder {folder} does not exist "
                                "(create it first)")
    assert not (tmp_path / "no").exists()


MISMATCHES = [  # (command line, the ending's format): --format must agree with the ending
    (["export", "--format", "turtle", "-o", "x.nt"], ".nt is ntriples", "turtle", "x.nt"),
    (["network", "--format", "matrix", "-o", "x.graphml"], ".graphml is graphml", "matrix", "x.graphml"),
    (["query", "contested-concepts", "--format", "json", "-o", "x.csv"], ".csv is csv", "json", "x.csv"),
    (["agreement", "a", "b", "--corpus", "c", "--format", "csv", "-o", "x.json"], ".json is json", "csv", "x.json"),
]


@pytest.mark.parametrize("args, implied, asked, name", MISMATCHES, ids=[m[0][0] for m in MISMATCHES])
def test_a_format_the_ending_contradicts_is_refused(args, implied, asked, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert one_line(result) == (f"Error: --format {asked} does not match the ending of '{name}' ({implied}): "
                                "change one, or leave out --format")
    assert list(tmp_path.iterdir()) == []


def test_every_command_with_format_and_output_is_covered_by_the_mismatch_test():
    both = {name for name, command in COMMANDS.items()
            if {"fmt", "output"} <= {p.name for p in command.params}}
    assert both == {args[0] for args, *_ in MISMATCHES}


def test_network_format_without_output_is_refused():
    result = run("network", "--format", "dl")
    assert result.exit_code == 2
    assert one_line(result) == "Error: --format dl writes a file: give -o FILE (its ending can name the format)"


def test_export_takes_the_format_from_the_ending(tmp_path):
    from rdflib import Graph

    for name, syntax in (("x.nt", "nt"), ("x.jsonld", "json-ld"), ("x.rdf", "xml")):
        result = run("export", "-q", "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert len(Graph().parse(tmp_path / name, format=syntax)) > 1000
    first = (tmp_path / "x.nt").read_text(encoding="utf-8").splitlines()[0]
    assert re.fullmatch(r"<[^>]+> <[^>]+> .+ \.", first)  # an N-Triples line, not Turtle's @prefix


def test_query_takes_the_format_from_the_ending(tmp_path):
    result = run("query", "contested-concepts", "-q", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "concept,conceptLabel,supporters,opponents,mixed"
    result = run("query", "contested-concepts", "-q", "-o", str(tmp_path / "x.srj"))
    assert set(json.loads((tmp_path / "x.srj").read_text(encoding="utf-8"))) == {"head", "results"}


@pytest.mark.parametrize("ending", WRITERS["query"][1].split(", "))
def test_every_query_ending_writes_its_format(ending, tmp_path):
    text = ("CONSTRUCT { ?c a ?t } WHERE { ?c a ?t } LIMIT 3" if ending in (".ttl", ".nt", ".jsonld", ".trig", ".rdf")
            else "SELECT ?x WHERE { VALUES ?x { 0 } }")
    result = run("query", text, "-q", "-o", str(tmp_path / f"x{ending}"))
    assert result.exit_code == 0, result.output
    body = (tmp_path / f"x{ending}").read_text(encoding="utf-8")
    first = {".csv": "x", ".tsv": "?x", ".srj": "{", ".json": "{", ".srx": "<?xml", ".xml": "<?xml", ".ttl": "@prefix",
             ".nt": "<", ".jsonld": '{\n "@context"', ".trig": "@prefix", ".rdf": "<?xml"}[ending]
    assert body.startswith(first), body[:80]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_query_results_end_with_a_newline(fmt):
    result = run("query", "SELECT ?x WHERE { VALUES ?x { 0 } }", "--format", fmt)
    assert result.exit_code == 0 and result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


def test_a_select_asked_for_an_rdf_syntax_names_every_table_format():
    result = run("query", "SELECT ?x WHERE { VALUES ?x { 0 } }", "--format", "turtle")
    assert result.exit_code == 2
    assert one_line(result) == ("Error: a SELECT answer is a table: use --format table, csv, tsv, json or xml "
                                "(or -o FILE.csv, .tsv, .json, .xml)")


# ---------------------------------------------------------------- usage errors in one line


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_unknown_option_is_one_line_on_every_command(name):
    result = run(*name.split(), "--no-such-option")
    assert result.exit_code == 2
    assert one_line(result) == "Error: No such option '--no-such-option'."


USAGE_ERRORS = [
    (["network", "--levle", "org"], "Error: No such option '--levle'. (Did you mean one of: '--exclude', '--level', "
                                    "'--seed'?)"),
    (["network", "--concept-depth", "-1"], "Error: Invalid value for '--concept-depth': -1 is not in the range 0<=x<=2147483647."),
    (["network", "--seed", "abc"], "Error: Invalid value for '--seed': 'abc' is not a valid integer."),
    (["polarisation", "-k", "1"], "Error: Invalid value for '--clusters' / '-k': 1 is not in the range 2<=x<=2147483647."),
    (["backbone", "--penalty", "-1"], "Error: Invalid value for '--penalty': -1.0 is not in the range 0<=x<=1000000.0."),
    (["serve", "--port", "99999"], "Error: Invalid value for '--port': 99999 is not in the range 0<=x<=65535."),
    (["serve", "--workers", "0"], "Error: Invalid value for '--workers': 0 is not in the range 1<=x<=256."),
    (["annotate"], "Error: Missing option '--corpus'."),
    (["agreement", "seeds"], "Error: Missing option '--corpus'."),
    (["agreement", "seeds", "--corpus", "c", "--min-alpha", "2"],
     "Error: Invalid value for '--min-alpha': 2.0 is not in the range -1<=x<=1."),
    (["check", "seeds/concepts.yaml"], "Error: Invalid value for '[DATA_DIR]': Directory 'seeds/concepts.yaml' is a file."),
    (["query", "--file", "/nonexist.rq"], "Error: Invalid value for '-f' / '--file': File '/nonexist.rq' does not exist."),
    (["suggest", "/nonexist.txt", "--document", "x"],
     "Error: Invalid value for 'TEXT_FILE': File '/nonexist.txt' does not exist."),
    (["import", "dna", "--offsets", "utf16", "a.dna", "out"],
     "Error: Invalid value for '--offsets': 'utf16' is not one of: utf-16, code-point"),
    (["import", "dna", "--offsets", "code", "nope.dna", "out"], None),  # a prefix is taken: the next check speaks
]


@pytest.mark.parametrize("args, line", USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_are_one_line(args, line, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run(*args)
    if line is None:
        assert "--offsets" not in result.output
        return
    assert result.exit_code == 2
    assert one_line(result) == line


# ---------------------------------------------------------------- -q and progress


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_quiet(name):
    options = {opt for p in COMMANDS[name].params for opt in getattr(p, "opts", ())}
    assert {"-q", "--quiet"} <= options, name


QUIET_WRITES = [
    ["export", "-o", "{tmp}/g.ttl"],
    ["network", "-o", "{tmp}/n.graphml"],
    ["render", "-o", "{tmp}/v.html"],
    ["backbone", "--method", "fixed", "--size", "2", "--iterations", "50", "-o", "{tmp}/b.json"],
    ["query", "contested-concepts", "-o", "{tmp}/q.csv"],
    ["polarisation", "-o", "{tmp}/p.json"],
    ["suggest", str(REPO.parent / "shared" / "corpus" / "civitas-2013-10-15-nhs-mutuals-review.txt"),
     "--document", "new-document", "-o", "{tmp}/s.yaml"],
]


@pytest.mark.parametrize("args", QUIET_WRITES, ids=[a[0] for a in QUIET_WRITES])
def test_quiet_leaves_out_the_notes_and_keeps_the_results(args, tmp_path):
    args = [a.format(tmp=tmp_path) for a in args]
    loud = CliRunner().invoke(cli, args)
    assert loud.exit_code == 0, loud.output
    assert "wrote " in loud.stderr
    for written in tmp_path.iterdir():
        written.unlink()  # suggest refuses to overwrite
    quiet = CliRunner().invoke(cli, [*args, "-q"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == "" and quiet.stdout == loud.stdout


def test_agreement_prints_no_progress_off_a_terminal(corpus):
    result = CliRunner().invoke(cli, ["agreement", str(REPO / "seeds"), str(REPO / "codings" / "second-coder"),
                                      "--corpus", str(corpus), "--bootstrap", "0", "--show", "figures"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("Coders: second-coder, seeds;")


# ---------------------------------------------------------------- a closed pipe


@pytest.mark.parametrize("args", [["query", "--list"], ["network"], ["export"]], ids=lambda a: a[0])
def test_a_reader_that_stops_reading_ends_the_command_quietly(args):
    process = subprocess.Popen([sys.executable, "-m", "stancegraph.graph.cli", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=REPO)
    process.stdout.close()  # as `| head` does once it has its lines: every write meets a closed pipe
    stderr = process.stderr.read()
    assert process.wait(60) == 0
    assert stderr == b""


# ---------------------------------------------------------------- counts


def test_counts_are_worded_one_way(tmp_path):
    from stancegraph.graph.interop.dna.write import ExportReport
    from stancegraph.graph.wording import counted

    assert [counted(1, "coder"), counted(2, "coder"), counted(12345, "triple")] == \
        ["1 coder", "2 coders", "12,345 triples"]
    report = ExportReport(**{f: 1 for f in ExportReport.__dataclass_fields__ if f not in ("qualifier", "shortened")},
                          qualifier="boolean", shortened=0)
    assert report.summary().startswith("1 document, 1 statement, 1 entity, 1 coder;")
    for args in (["check", "--no-shacl"], ["build", "--out", str(tmp_path), "--no-html", "--no-shacl"], ["network"]):
        result = run(*args)
        assert result.exit_code == 0, result.output
        summary = [line for line in result.stdout.splitlines() if " triples" in line or " nodes" in line]
        assert summary and not re.search(r"\b\d{4,}\b", " ".join(summary)), summary  # 4,650, not 4650
        assert " edges" not in result.stdout and " 1 statements" not in result.stdout


# ---------------------------------------------------------------- ports


@pytest.mark.parametrize("args", [["serve"], ["annotate", "--corpus", "."]], ids=lambda a: a[0])
def test_a_port_in_use_is_one_line_before_any_banner(args):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(*args, "--port", str(port))
    assert result.exit_code == 2
    assert one_line(result) == f"Error: port {port} on 127.0.0.1 is in use: pick another with --port"


# ---------------------------------------------------------------- the endpoint's ?format=


def test_an_unknown_format_parameter_is_a_400_naming_the_formats(mini_graph):
    from starlette.testclient import TestClient

    from stancegraph.graph.serve.endpoint import EndpointSettings, create_app
    from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

    with QueryRunner(mini_graph, RunnerSettings(workers=1, timeout=5.0)) as runner:
        client = TestClient(create_app(runner, EndpointSettings(title="mini")))
        query = {"query": "SELECT ?x WHERE { VALUES ?x { 1 } }"}
        bad = client.get("/sparql", params={**query, "format": "foo"})
        good = client.get("/sparql", params={**query, "format": "csv"})
        # what SPARQLWrapper sends besides names (media type lists, empty values) is left to negotiation
        sent = [client.get("/sparql", params={**query, "format": value}).status_code
                for value in ("application/ld+json,application/x-json+ld", "", "TSV")]
    assert sent == [200, 200, 200]
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/json")
    message = bad.json()["error"]["message"]
    assert "'foo'" in message and all(name in message for name in ("json", "xml", "csv", "tsv", "turtle"))
    assert good.status_code == 200 and good.text.splitlines()[0] == "x"


# ---------------------------------------------------------------- the data folder


def test_every_command_reading_seeds_takes_data():
    readers = {name for name, command in COMMANDS.items() if any(p.name == "data_dir" for p in command.params)}
    assert {"check", "build", "export", "network", "query", "format"} <= readers
    for name in readers:
        options = {opt for p in COMMANDS[name].params for opt in getattr(p, "opts", ())}
        assert "--data" in options, name


def test_data_is_data_dir_and_two_different_folders_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    positional, option = run("check", "seeds", "--no-shacl", "-q"), run("check", "--data", "seeds", "--no-shacl", "-q")
    assert positional.exit_code == option.exit_code == 0 and positional.output == option.output
    result = run("check", "seeds", "--data", "tests")
    assert result.exit_code == 2
    assert one_line(result) == "Error: two data folders: DATA_DIR seeds and --data tests (give one)"
