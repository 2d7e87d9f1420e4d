"""Correctness fixes from a new user's test (tester items A5, A7, B12, B14, B15, C21, C22, C23, C24):
each test names its item and is worked from the README's promise, not from the code's output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.seeds.load import default_data_dir, read_dataset, seed_files

REPO = Path(__file__).resolve().parents[1]


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [*map(str, args)], catch_exceptions=False, **kwargs)


# --- A5: a dataset is the *.yaml files of one folder, not its sub-folders ------------------------------


def test_a5_sub_folders_are_not_read(tmp_path, mini_seeds):
    shutil.copytree(mini_seeds, tmp_path / "data")
    (tmp_path / "data" / "old").mkdir()
    (tmp_path / "data" / "old" / "records.yaml").write_text("people: [{id: not-a-slug!}]\n", encoding="utf-8")
    assert [p.name for p in seed_files(tmp_path / "data")] == sorted(p.name for p in mini_seeds.glob("*.yaml"))
    assert read_dataset(tmp_path / "data").ok  # the broken file one level down is not part of the dataset


@pytest.mark.parametrize("holders, hint", [
    (["seeds"], "seeds/"),
    (["b", "a/deep"], "a/deep/, b/"),
    (["a", "b", "c", "d", "e"], "a/, b/, c/ and 2 more"),
])
def test_a5_an_empty_folder_names_the_sub_folders_holding_seeds(tmp_path, holders, hint):
    for holder in holders:
        (tmp_path / holder).mkdir(parents=True)
        (tmp_path / holder / "x.yaml").write_text("people: []\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "y.yaml").write_text("people: []\n", encoding="utf-8")
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"error: {tmp_path}: no *.yaml seed files found "
                                             f"(sub-folders are not read; give one of these: {hint})")


def test_a5_an_empty_folder_without_seeds_below_has_no_hint(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("check", tmp_path)
    assert result.stderr.splitlines()[0] == f"error: {tmp_path}: no *.yaml seed files found"


def test_a5_the_repository_root_is_not_one_merged_dataset():
    result = run("check", REPO)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "sub-folders are not read" in lines[0] and "seeds/" in lines[0]


# --- A7: the DNA round trip does not depend on the file names ------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _rich_study():
    from test_dna_interop import _rich_study as study

    return study()


@pytest.mark.parametrize("first, second", [("study.dna", "back.dna"), ("Ann's study 2020.dna", "x.dna")])
def test_a7_round_trip_with_other_file_names(tmp_path, first, second):
    from dna_fixtures import build_dna
    from stancegraph.graph.interop.dna import import_dna

    build_dna(tmp_path / first, _rich_study())
    import_dna(tmp_path / first, tmp_path / "seeds1")
    result = run("export", "dna", tmp_path / "seeds1", "-o", tmp_path / second)
    assert result.exit_code == 0, result.output
    import_dna(tmp_path / second, tmp_path / "seeds2")
    assert _tree(tmp_path / "seeds1") == _tree(tmp_path / "seeds2")
    info = read_dataset(tmp_path / "seeds2", tmp_path / "seeds2" / "corpus").dataset.info
    stem = Path(first).stem
    assert (info.title, str(info.base_iri)) == (f"{stem} (imported from DNA)", f"https://example.org/{info.id}/")


def test_a7_export_keeps_the_dataset_section_and_dna_rows(tmp_path):
    import json
    import sqlite3

    result = run("export", "dna", default_data_dir(), "--corpus", REPO.parent / "shared" / "corpus",
                 "-o", tmp_path / "nhs.dna")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "nhs.dna") as conn:
        settings = dict(conn.execute("SELECT Property, Value FROM SETTINGS"))
    assert set(settings) == {"version", "date", "stancegraph dataset"}
    nhs = read_dataset(default_data_dir()).dataset.info
    stored = json.loads(settings["stancegraph dataset"])
    assert (stored["id"], stored["title"], stored["base_iri"]) == (nhs.id, nhs.title, str(nhs.base_iri))


def test_a7_id_option_still_wins_and_a_broken_row_is_one_line(tmp_path):
    import sqlite3

    from dna_fixtures import build_dna
    from stancegraph.graph.interop.dna import ImportOptions, import_dna

    build_dna(tmp_path / "a.dna", _rich_study())
    import_dna(tmp_path / "a.dna", tmp_path / "seeds1")
    assert run("export", "dna", tmp_path / "seeds1", "-o", tmp_path / "b.dna").exit_code == 0
    import_dna(tmp_path / "b.dna", tmp_path / "seeds2", ImportOptions(dataset_id="other"))
    assert read_dataset(tmp_path / "seeds2", tmp_path / "seeds2" / "corpus").dataset.info.id == "other"
    with sqlite3.connect(tmp_path / "b.dna") as conn:
        conn.execute("UPDATE SETTINGS SET Value = '[1]' WHERE Property = 'stancegraph dataset'")
    result = run("import", "dna", tmp_path / "b.dna", tmp_path / "seeds3")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:1] == [
        "error: b.dna: SETTINGS row 'stancegraph dataset' is not a JSON object (stancegraph's export writes the "
        "dataset section there); delete the row to import the file as DNA's"]
    assert not (tmp_path / "seeds3").exists()


# --- B12: a coding folder's own problem names the folder as given ---------------------------------------


@pytest.mark.parametrize("relative", [False, True])
def test_b12_agreement_names_an_empty_coding_folder_once(tmp_path, monkeypatch, relative, mini_corpus):
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    folder = "empty" if relative else str(tmp_path / "empty")
    result = run("agreement", default_data_dir(), folder, "--corpus", REPO.parent / "shared" / "corpus")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {folder}: no *.yaml seed files found"


# --- B14: suggest refuses a stub field check would refuse ------------------------------------------------

STUB_CASES = [
    (["--date", "2013-02-30"],
     ["Error: Invalid value for '--date': impossible date '2013-02-30': day is out of range for month"]),
    (["--date", "2013-13"], None),
    (["--date", "yesterday"], None),
    (["--publisher", "nobody"], ["Error: Invalid value for '--publisher': unknown organisation 'nobody'"]),
    (["--publisher", "Not A Slug"], None),
    (["--date", "2013-02-29", "--publisher", "nobody"], [
        "Error: Invalid value for '--date': impossible date '2013-02-29': day is out of range for month",
        "Error: Invalid value for '--publisher': unknown organisation 'nobody'"]),
]


@pytest.mark.parametrize("args, expected", STUB_CASES)
def test_b14_suggest_refuses_what_check_refuses(tmp_path, args, expected):
    text = tmp_path / "t.txt"
    text.write_text("The NHS should stay public, said the union.\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run("suggest", text, "--document", "new-doc", *args, "-o", out)
    assert result.exit_code == 2, result.output  # a usage error on the option, as click reports a bad --kind
    assert not out.exists()
    errors = result.stderr.splitlines()
    if expected is not None:
        assert errors == expected
    else:  # the same message check gives for the value in a seed file
        field = args[0][2:]
        seeds = tmp_path / "seeds"
        shutil.copytree(default_data_dir(), seeds, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
        (seeds / "new.yaml").write_text(
            f"documents:\n  - id: new-doc\n    title: T\n    kind: news\n    {field}: '{args[1]}'\n"
            "    corpus_file: t.txt\n", encoding="utf-8")
        checked = [line for line in run("check", seeds).stderr.splitlines()
                   if "new.yaml" in line and f": {field}: " in line]
        assert len(checked) == 1 and len(errors) == 1
        assert errors[0] == f"Error: Invalid value for '--{field}': " + checked[0].split(f": {field}: ", 1)[1]


def test_b14_valid_stub_fields_are_written(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("The NHS should stay public, said the union.\n", encoding="utf-8")
    result = run("suggest", text, "--document", "new-doc", "--date", "2012-02-29", "--publisher", "civitas",
                 "--kind", "news", "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "    date: 2012-02-29\n" in written and "    publisher: civitas\n" in written


# --- B15: export dna without a corpus: one line naming the folder it tried ------------------------------


@pytest.mark.parametrize("own_folder", [False, True])
def test_b15_export_dna_without_corpus_is_one_line(tmp_path, own_folder):
    if own_folder:
        root = tmp_path / "seeds"
        shutil.copytree(default_data_dir(), root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
        args = [root]
    else:
        root, args = default_data_dir(), []
    result = run("export", "dna", *args, "-o", tmp_path / "x.dna")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: no corpus folder: {root / 'corpus'} does not exist; give --corpus, the folder of the documents' "
        "texts (DNA stores every document's text)"]
    assert not (tmp_path / "x.dna").exists()


def test_b15_the_library_refuses_once(tmp_path):
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.interop.dna import export_dna

    with pytest.raises(UsageError, match="^no corpus folder given"):
        export_dna(read_dataset(default_data_dir()).dataset, None, tmp_path / "x.dna")
    assert not (tmp_path / "x.dna").exists()


# --- C21: polarisation: the whole period's table, and k must be below the number of actors --------------


def test_c21_whole_period_table_has_no_slice_columns():
    lines = run("polarisation", "-q").stdout.splitlines()
    assert lines[1].split() == ["period", "actors", "statements", "score", "iterations"]
    assert lines[2].split()[:2] == ["all", "dates"] and "first" not in lines[2] and "last" not in lines[2]
    dated = run("polarisation", "-q", "--from", "2011-01-01", "--to", "2016-12-31").stdout.splitlines()
    assert dated[2].split()[:3] == ["2011-01-01", "to", "2016-12-31"]


def test_c21_window_table_keeps_its_slice_columns():
    lines = run("polarisation", "-q", "--window", "5y").stdout.splitlines()
    assert lines[1].split() == ["middle", "start", "end", "actors", "statements", "score", "iterations"]
    assert all(len(line.split()) == 7 for line in lines[2:])


@pytest.mark.parametrize("k", [15, 16, 100])
def test_c21_k_not_below_the_actors_is_one_line(k):
    # the embedded dataset's organisation network has 15 actors (the table above counts them)
    actors = int(run("polarisation", "-q").stdout.splitlines()[2].split()[2])
    assert actors == 15
    result = run("polarisation", "-q", "-k", k)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: k = {k} clusters need more actors than clusters; the network has 15 actors (choose k below 15)"]


def test_c21_k_one_below_the_actors_runs():
    result = run("polarisation", "-q", "-k", 14)
    assert result.exit_code == 0 and float(result.stdout.splitlines()[2].split()[-2]) > 0


@pytest.mark.parametrize("actors, k, tail", [(2, 2, "2 actors"), (1, 2, "1 actor"), (3, 3, "3 actors (choose k below 3)")])
def test_c21_library_refuses_small_networks(actors, k, tail):
    from network_fixtures import make_dataset
    from stancegraph.graph.errors import UsageError
    from stancegraph.graph.networks.polarisation_leifeld import polarisation_leifeld

    rows = [(f"s{i}", f"a{i}", "x", "support" if i % 2 else "oppose", "d1") for i in range(actors)]
    with pytest.raises(UsageError) as caught:
        polarisation_leifeld(make_dataset(rows), clusters=k)
    assert str(caught.value) == f"k = {k} clusters need more actors than clusters; the network has {tail}"


# --- C22: check's advice and escaping; bidirectional controls in displayed names ------------------------

EMPTY_HINT = "the value is empty (YAML reads nothing as null); write the value"


def _mini_with(tmp_path, mini_seeds, *edits):
    folder = tmp_path / "seeds"
    shutil.copytree(mini_seeds, folder)
    path = folder / "records.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return [line for line in run("check", folder).stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize("old, new, where", [
    ("    stance: mixed\n", "    stance:\n", "records.yaml:83: statement 'jones-markets': stance"),
    ("    title: Co-ops for all, says Smith\n", "    title:\n", "records.yaml:3: document 'herald-2020-03-01': title"),
    ("    name: Jo Writer\n", "    name:\n", "records.yaml:24: person 'jo-writer': name"),
    ("    label: Privatisation\n", "    label:\n", "records.yaml:50: concept 'privatisation': label"),
    ("      - organisation: village-health-coop\n        role: chair\n",
     "      - organisation:\n        role: chair\n", "records.yaml:28: person 'ann-smith': affiliations[0].organisation"),
])
def test_c22_an_empty_required_field_says_write_the_value(tmp_path, mini_seeds, old, new, where):
    errors = _mini_with(tmp_path, mini_seeds, (old, new))
    assert f"error: {where}: {EMPTY_HINT}" in errors
    assert not any("remove the field" in e for e in errors)


@pytest.mark.parametrize("old, new, where", [
    ("    authors: [jo-writer]\n", "    authors:\n", "records.yaml:7: document 'herald-2020-03-01': authors"),
    ("    aliases: [Blues]\n", "    aliases:\n", "records.yaml:20: organisation 'blue-party': aliases"),
])
def test_c22_an_empty_field_with_a_default_may_be_removed(tmp_path, mini_seeds, old, new, where):
    assert _mini_with(tmp_path, mini_seeds, (old, new)) == [f"error: {where}: {EMPTY_HINT}, or remove the field"]


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u00ad", "\u2060", "\ufeff"])
def test_c22_did_you_mean_is_escaped_like_the_value(tmp_path, mini_seeds, hidden):
    code = repr(hidden)[1:-1]
    errors = _mini_with(tmp_path, mini_seeds, ("  - id: jo-writer\n", f"  - id: jo-writer{hidden}\n"))
    wanted = f"unknown person 'jo-writer' (did you mean: jo-writer{code}?)"
    assert any(e.endswith(wanted) for e in errors), errors
    assert all(e.isprintable() for e in errors)


BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
@pytest.mark.parametrize("old, new, where", [
    ("    name: Ann Smith\n", "    name: Ann {c}Smith\n", "records.yaml:26: person 'ann-smith': name"),
    ("    aliases: [Blues]\n", "    aliases: [Blues, 'B{c}lue']\n", "records.yaml:20: organisation 'blue-party': aliases[1]"),
    ("    label: Privatisation\n", "    label: Privat{c}isation\n", "records.yaml:50: concept 'privatisation': label"),
    ("    title: Co-ops for all, says Smith\n", "    title: Co-ops for all, says {c}Smith\n",
     "records.yaml:3: document 'herald-2020-03-01': title"),
])
def test_c22_bidirectional_controls_in_displayed_names_are_refused(tmp_path, mini_seeds, char, old, new, where):
    errors = _mini_with(tmp_path, mini_seeds, (old, new.format(c=char)))
    assert errors == [f"error: {where}: holds the bidirectional control character U+{ord(char):04X} (it reorders "
                      "how the text is shown, so what is shown is not what is stored); remove it"]


@pytest.mark.parametrize("mark", ["\u200e", "\u200f"])
def test_c22_direction_marks_stay_allowed(tmp_path, mini_seeds, mark):
    assert _mini_with(tmp_path, mini_seeds, ("    name: Ann Smith\n", f"    name: Ann {mark}Smith\n")) == []


# --- C23: suggest's guesses: no page furniture, roles or concepts as new actors; no statement from a date -


@pytest.fixture(scope="module")
def nhs():
    return read_dataset(default_data_dir()).dataset


@pytest.mark.parametrize("phrase", [
    "Related Content", "Sign Up Here", "Read More", "Click Here", "Share This", "Follow Us",  # page furniture
    "Managing Director", "Health Secretary", "Chief Executive", "Policy Director",  # roles without a name
    "Big Society", "The Big Society", "Big society", "Accountable Care Systems",  # concepts' labels, any case
])
def test_c23_not_a_new_actor(nhs, phrase):
    from stancegraph.graph.curation.suggest import suggest_statements

    text = f"{phrase}\n\nZed Quux of Northwind Analytics said the plan would help patients.\n"
    names = [name for name, _ in suggest_statements(text, nhs, "new-doc").new_actors]
    assert sorted(names) == ["Northwind Analytics", "Zed Quux"]


@pytest.mark.parametrize("name", ["Ewen Cameron", "Sabina Syed", "Open Democracy", "Young Foundation",
                                  "Save the Children", "Kettering General Hospital", "New Economics Foundation"])
def test_c23_real_new_actors_stay(nhs, name):
    from stancegraph.graph.curation.suggest import suggest_statements

    text = f"{name} said the plan would help patients.\n"
    assert [n for n, _ in suggest_statements(text, nhs, "new-doc").new_actors] == [name]


@pytest.mark.parametrize("dateline", ["Elliot Bidgood, 15 October 2013", "Monday, 3 March 2014", "Sept 2015",
                                      "Published: Tuesday 1 April 2014, 10:30", "2013"])
def test_c23_a_date_alone_is_no_statement(nhs, dateline):
    from stancegraph.graph.curation.suggest import suggest_statements

    assert suggest_statements(dateline + "\n", nhs, "new-doc").suggestions == []


def test_c23_calendar_words_and_numbers_are_never_key_terms():
    from network_fixtures import make_dataset
    from stancegraph.graph.curation.mentions import _key_terms
    from stancegraph.schema.models import Concept

    data = make_dataset([("s1", "a", "x", "support", "d1")])
    data.concepts["x"] = Concept(id="x", label="Xylophones",
                                 definition="Reviewed each October and Sept, on Mondays; 2013 and 1990s targets.")
    assert sorted(_key_terms(data)) == ["mondays", "reviewed", "targets", "xylophones"]


# --- C24: the coding page keeps the blank line between records when it saves ----------------------------


def _page(tmp_path):
    from starlette.testclient import TestClient

    from stancegraph.graph.curation.annotate import AnnotateSettings, create_app

    seeds = tmp_path / "seeds"
    shutil.copytree(default_data_dir(), seeds, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
    corpus = REPO.parent / "shared" / "corpus"
    client = TestClient(create_app(AnnotateSettings(seeds, corpus, token="t" * 32)), base_url="http://127.0.0.1")
    return seeds, client


def _save(client, record, original_id):
    from stancegraph.graph.curation.annotate import TOKEN_HEADER

    versions = client.get("/api/state").json()["versions"]
    return client.post("/api/save", json={"statement": record, "original_id": original_id, "versions": versions},
                       headers={TOKEN_HEADER: "t" * 32})


def _records_of(path):
    import yaml

    return {r["id"]: r for r in yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]}


@pytest.mark.parametrize("change", ["note dropped", "stance changed", "note changed"])
def test_c24_saving_keeps_the_blank_line_after_the_record(tmp_path, change):
    seeds, client = _page(tmp_path)
    path = seeds / "statements-civitas-2013-10-15-nhs-mutuals-review.yaml"
    old = path.read_text(encoding="utf-8")
    record = {k: str(v) if not isinstance(v, list) else v
              for k, v in _records_of(path)["cv2013-bidgood-mutuals-review"].items()}
    expected = old
    if "note" in change and "dropped" in change:
        record.pop("note")
        expected = expected.replace(
            "    note: The post's headline; the body adds \"this new review is encouraging\".\n", "", 1)
    if change == "stance changed":
        record["stance"] = "mixed"
        expected = expected.replace("    stance: support\n    quote: 'Lamb announcement", "    stance: mixed\n"
                                    "    quote: 'Lamb announcement", 1)
    if change == "note changed":
        record["note"] = "Reviewed."
        expected = expected.replace("    note: The post's headline; the body adds \"this new review is encouraging\".\n",
                                    "    note: Reviewed.\n", 1)
    assert expected != old
    response = _save(client, record, "cv2013-bidgood-mutuals-review")
    assert response.status_code == 200, response.text
    assert path.read_text(encoding="utf-8") == expected


def test_c24_a_reviewed_suggestion_keeps_the_blank_line(tmp_path):
    seeds, client = _page(tmp_path)
    text_file = REPO.parent / "shared" / "corpus" / "pharmafile-2011-03-30-social-enterprise-future.txt"
    out = seeds / "statements-review.yaml"
    assert run("suggest", text_file, seeds, "--document", "pharmafile-2011-03-30-social-enterprise-future",
               "-o", out, "-q").exit_code == 0
    suggested = _records_of(out)
    first, second = list(suggested)[:2]
    record = {k: v for k, v in suggested[first].items() if v is not None and k != "note"}
    record["stance"] = "support"
    response = _save(client, record, first)
    assert response.status_code == 200, response.text
    lines = out.read_text(encoding="utf-8").splitlines()
    at = lines.index(f"  - id: {second}")
    assert lines[at - 1] == "" and lines[at - 2].startswith("    ") and "guessed" not in "\n".join(lines[:at])


# --- C18: a table on a narrow terminal never splits a value inside a word -------------------------------


@pytest.mark.parametrize("columns", [40, 60, 100])
@pytest.mark.parametrize("query, param", [("supporters", "concept=cooperatives"), ("actor-statements", "actor=civitas")])
def test_c18_narrow_terminal_keeps_words_whole(columns, query, param):
    import json
    import re

    table = run("query", query, "-p", param, "-q", env={"TTY_COMPATIBLE": "1", "COLUMNS": str(columns)})
    assert table.exit_code == 0, table.output
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", table.stdout)
    assert "─" in text  # drawn as a table, for a terminal
    answer = json.loads(run("query", query, "-p", param, "--format", "json").stdout)
    words = {word for binding in answer["results"]["bindings"] for cell in binding.values()
             for word in cell["value"].split()}
    tokens = set(text.split())
    shown_words = {w for w in words if w in tokens or any(w in t for t in tokens)}
    # IRIs show as prefix:name; every other word is printed whole, on one line
    missing = {w for w in words - shown_words if not w.startswith("http")}
    assert missing == set()
