"""A command line that tells the truth: exact output of the CLI (CliRunner) for issue #17's items.

network and render agree on what they drew and say what they left out; --explain takes
labels; tables never wrap IRIs when piped and drop columns that repeat a parameter;
check says once that quotes were not verified; enum mistakes are one line; options
take abbreviations; an unknown IRI of the dataset's namespace is warned about;
make run ends with the next commands; the apt lock is waited for.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.seeds.load import load_dataset

REPO = Path(__file__).resolve().parents[1]


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def nhs():
    return load_dataset()


# --- network and render: one default, what was left out ------------------------------------


def test_network_and_render_draw_the_same_network_and_say_what_they_left_out(nhs, tmp_path):
    unaffiliated = sum(1 for s in nhs.statements.values() if not s.organisation)
    total = len(nhs.statements)
    left_out = (f"{unaffiliated} of {total} statements left out: {unaffiliated} name no organisation "
                "(--unaffiliated person keeps their speakers)")
    network = run("network")
    assert network.exit_code == 0
    head = network.stdout.splitlines()[0]
    nodes, edges = re.fullmatch(r"congruence network of organisations, all dates: (\d+) nodes, (\d+) ties, "
                                rf"{total - unaffiliated} statements", head).groups()
    assert network.stdout.splitlines()[-1] == left_out
    page = tmp_path / "view.html"
    render = run("render", "-o", page)
    assert render.exit_code == 0
    assert render.stdout.splitlines() == [
        f"congruence network of organisations, all dates: {nodes} nodes, {edges} ties",  # network's words
        left_out,
    ]
    assert render.stderr.splitlines() == [f"wrote {page.resolve()}"]  # a note on stderr, as every command's
    html = page.read_text(encoding="utf-8")
    assert f'data-nodes="{nodes}" data-edges="{edges}"' in html
    assert f'<p id="sg-left-out" class="sg-status">{left_out}</p>' in html


def test_render_with_unaffiliated_speakers_says_whom_it_shows(tmp_path):
    result = run("render", "--unaffiliated", "person", "-o", tmp_path / "v.html")
    assert result.stdout.splitlines()[0].startswith(
        "congruence network of organisations and of people who speak for none, all dates: ")
    assert result.stdout.splitlines()[1] == f"all {len(load_dataset().statements)} statements are in the network"


@pytest.mark.parametrize("kind", ["cooccurrence", "concept-congruence", "concept-conflict", "concept-subtract",
                                  "concept-cooccurrence"])
def test_render_offers_every_network_kind(kind, tmp_path):
    network = run("network", "--type", kind, "--level", "person")
    nodes, edges = re.search(r": (\d+) nodes, (\d+) ties", network.stdout).groups()
    result = run("render", "--type", kind, "--level", "person", "-o", tmp_path / "v.html")
    assert result.exit_code == 0, result.output
    assert re.search(rf": {nodes} nodes, {edges} ties$", result.stdout.splitlines()[0]), result.stdout


def test_left_out_reasons_are_each_counted(nhs):
    from stancegraph.graph.networks.omissions import omissions

    report = omissions(nhs, "congruence", "person", start="2012", end="2015", duplicates="document",
                       exclude=["labour-party"])
    no_speaker = sum(1 for s in nhs.statements.values() if not s.speaker)
    assert report.counts["no_actor"] == no_speaker
    assert report.kept + sum(report.counts.values()) == len(nhs.statements)
    assert report.counts["out_of_range"] > 0 and report.counts["excluded"] > 0
    assert report.sentence().startswith(f"{report.left_out} of {len(nhs.statements)} statements left out: "
                                        f"{no_speaker} name no speaker; ")


# --- --explain by label -----------------------------------------------------------------------


def test_explain_takes_labels_and_aliases_and_prints_only_the_evidence():
    by_id = run("network", "--explain", "labour-party", "socialist-health-association")
    by_label = run("network", "--explain", "The Labour Party", "SHA")
    assert by_id.exit_code == by_label.exit_code == 0
    assert by_label.stdout == by_id.stdout
    assert by_id.stdout.splitlines()[0].startswith("tie labour-party — socialist-health-association: weight ")
    assert all(line.startswith("  [") for line in by_id.stdout.splitlines()[1:])


def test_explain_suggests_close_matches():
    result = run("network", "--explain", "Labur Party", "socialist-health-asociation")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "Error: no node 'Labur Party' in this network; close matches: labour-party; no node "
        "'socialist-health-asociation' in this network; close matches: socialist-health-association"]


# --- tables -----------------------------------------------------------------------------------


def test_piped_tables_keep_each_row_on_one_line_and_drop_repeated_parameters(nhs):
    result = run("query", "supporters", "--param", "concept=co-operatives")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = lines[0].split()
    assert header == ["actor", "actorLabel", "about", "aboutLabel"]  # concept and conceptLabel repeat the parameter
    body = [line.split() for line in lines[2:] if line.strip()]
    assert result.stderr.strip() == f"{len(body)} rows (concept = concept:cooperatives on every row)"
    for cells in body:  # IRIs whole: never folded onto a second line
        assert re.fullmatch(r"(person|organisation):[a-z0-9-]+", cells[0]), cells
        assert re.fullmatch(r"concept:[a-z0-9-]+", [c for c in cells if c.startswith("concept:")][0]), cells
    csv_rows = list(csv.DictReader(io.StringIO(run("query", "supporters", "--param", "concept=cooperatives",
                                                   "--format", "csv").stdout)))
    assert len(csv_rows) == len(body) and {r["conceptLabel"] for r in csv_rows} == {"Co-operatives"}


def test_named_queries_answer_with_labels_and_stance_words():
    """--format csv loads into R or pandas as is: stances are words and every IRI has its label beside it."""
    from stancegraph.graph.sparql.library import named_queries

    for name, query in named_queries().items():
        args = [arg for example in query.examples[:1] for arg in example.split()[3:]]
        result = run("query", name, *args, "--format", "csv")
        assert result.exit_code == 0, (name, result.output)
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows, name
        for column in rows[0]:
            values = {row[column] for row in rows} - {""}
            if column.lower().endswith("stance"):
                assert values <= {"support", "oppose", "mixed"}, (name, column, values)
            if column == "attribution":
                assert values <= {"direct", "reported"}, (name, values)
            if values and all(v.startswith("https://w3id.org/stancegraph/nhs/") for v in values) \
                    and not column.endswith("tatement"):
                names = {column + "Label", column + "Title"} | ({"label"} if column == "concept" else set())
                assert names & set(rows[0]), (name, column)


# --- check without --corpus ---------------------------------------------------------------------


def test_check_without_corpus_says_once_that_quotes_were_not_verified(corpus, mini_seeds):
    result = run("check", "--no-shacl")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "note: quotes were not verified against their sources (no --corpus); to verify them: "
        "stancegraph check --corpus DIR"]
    result = run("check", mini_seeds, "--no-shacl")
    assert result.stderr.splitlines()[-1].endswith(f"stancegraph check {mini_seeds} --corpus DIR")
    assert "not verified" not in run("check", "--no-shacl", "--corpus", corpus).stderr


# --- small frictions -----------------------------------------------------------------------------


def test_enum_mistakes_are_one_line_with_the_choices():
    cases = [
        (["network", "--level", "org-level"],
         "Error: Invalid value for '--level': 'org-level' is not one of: person, organisation"),
        (["network", "--type", "co"], "Error: Invalid value for '--type': 'co' could mean congruence, conflict, "
                                      "cooccurrence, concept-congruence, concept-conflict, concept-subtract, "
                                      "concept-cooccurrence"),
        (["query", "--list", "--format", "xls"], "Error: Invalid value for '--format': 'xls' is not one of: table, "
                                                 "csv, tsv, json, xml, turtle, trig, jsonld, ntriples, rdfxml"),
        (["render", "--view", "radial"], "Error: Invalid value for '--view': 'radial' is not one of: "
                                         "twomode, congruence, conflict, subtract, cooccurrence, concept-congruence, "
                                         "concept-conflict, concept-subtract, concept-cooccurrence"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.splitlines() == [message], args


def test_options_take_unambiguous_abbreviations():
    assert run("network", "--level", "org").stdout == run("network", "--level", "organisation").stdout
    assert run("network", "--type", "concept-cooc", "--normalise", "jacc").stdout == \
        run("network", "--type", "concept-cooccurrence", "--normalise", "jaccard").stdout


def test_an_unknown_iri_of_the_dataset_is_warned_about():
    result = run("query", "SELECT ?who WHERE { ?who sg:opposes concept:privatization . ?who a foaf:Person }")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: concept:privatization is not in the dataset; close matches: concept:privatisation, "
        "concept:marketisation", "0 rows"]
    known = run("query", "SELECT ?who WHERE { ?who sg:opposes concept:privatisation }")
    assert "warning" not in known.stderr


def test_make_run_ends_with_the_next_commands():
    make = shutil.which("make")
    assert make, "make is needed to run the README's commands"
    result = subprocess.run([make, "-s", "-n", "run", "OUT=out", "BIN=.venv/bin"], cwd=REPO, capture_output=True,
                            text=True, check=True)
    echoed = [line[len("echo "):].strip('"') for line in result.stdout.splitlines() if line.startswith("echo ")]
    assert echoed == [
        "",
        "next:",
        "  open out/network.html in a browser        # the network view, offline",
        "  .venv/bin/stancegraph query --list              # the named questions; then e.g.:",
        "  .venv/bin/stancegraph query supporters --param concept=cooperatives",
        "  .venv/bin/stancegraph serve out/stancegraph.ttl  # SPARQL, a query page and a page per IRI: "
        "http://127.0.0.1:8000/",
    ]
    for line in echoed[3:]:  # each suggested command exists
        command = line.split("#")[0].split()
        assert run(*command[1:3], "--help").exit_code == 0, line


def test_install_system_deps_waits_for_the_apt_lock(tmp_path):
    """A fake apt-get holds the lock twice, then installs: the script waits, then succeeds."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "awk", "sleep", "id", "cat", "env"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    state = tmp_path / "calls"
    (bin_dir / "apt-get").write_text(f"""#!{shutil.which('bash')}
echo "$*" >> {state}
n=$(grep -c . {state})
if [ "$n" -le 2 ]; then echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 42" >&2; exit 100; fi
exit 0
""")
    (bin_dir / "debconf-set-selections").write_text(f"#!{shutil.which('bash')}\ncat >/dev/null\n")
    for script in ("apt-get", "debconf-set-selections"):
        (bin_dir / script).chmod(0o755)
    env = {"PATH": str(bin_dir), "APT_LOCK_POLL": "0.05", "APT_LOCK_WAIT": "5"}
    if os.getuid() != 0:
        (bin_dir / "sudo").write_text(f"#!{shutil.which('bash')}\nexec \"$@\"\n")
        (bin_dir / "sudo").chmod(0o755)
    result = subprocess.run([str(bin_dir / "bash"), str(REPO / "scripts" / "install-system-deps.sh")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    calls = state.read_text().splitlines()
    assert all(" update " in c for c in calls[:3]) and " install " in calls[3]
    assert calls[3].endswith("chromium raptor2-utils virtuoso-opensource")
    assert result.stderr.count("waiting for another apt or dpkg to release its lock") == 2
    # a lock that is never released: gives up after APT_LOCK_WAIT with apt's message
    state.write_text("")
    (bin_dir / "apt-get").write_text(f"#!{shutil.which('bash')}\necho 'E: Could not get lock' >&2\nexit 100\n")
    env["APT_LOCK_WAIT"] = "0.2"
    result = subprocess.run([str(bin_dir / "bash"), str(REPO / "scripts" / "install-system-deps.sh")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and result.stderr.strip().endswith("E: Could not get lock")


@pytest.mark.parametrize("kind", ["twomode", "congruence"])
def test_a_capped_render_says_what_the_page_draws(kind, tmp_path):
    page = tmp_path / "v.html"
    result = run("render", "--type", kind, "--max-edges", "10", "-o", page)
    nodes, ties, total = re.search(r": (\d+) nodes, (\d+) ties \(the strongest of (\d+); --max-edges\)$",
                                   result.stdout.splitlines()[0]).groups()
    network = run("network", "--type", kind)
    assert re.search(rf": \d+ nodes, {total} ties", network.stdout.splitlines()[0])
    assert f'data-nodes="{nodes}" data-edges="{ties}"' in page.read_text(encoding="utf-8")
    assert 10 <= int(ties) < int(total)


def test_windows_say_what_every_window_left_out():
    windows = run("network", "--level", "person", "--window", "2y", "--from", "2012", "--to", "2015")
    whole = run("network", "--level", "person", "--from", "2012", "--to", "2015")
    assert windows.exit_code == whole.exit_code == 0
    assert windows.stdout.splitlines()[-1] == whole.stdout.splitlines()[-1]
    assert re.fullmatch(r"\d+ of \d+ statements left out: \d+ name no speaker; \d+ are dated outside "
                        r"2012-01-01 to 2015-12-31", whole.stdout.splitlines()[-1])
