"""format and check find seed files one way and say the same about a broken file; saves stay canonical."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from stancegraph.graph.cli import cli
from stancegraph.graph.curation.annotate import TOKEN_HEADER, AnnotateSettings, create_app
from stancegraph.graph.seeds.canonical import canonical_text, check_canonical
from stancegraph.graph.seeds.load import read_dataset

COMMANDS = [["check", "--no-shacl"], ["format"], ["format", "--check"]]


def run(args):
    return CliRunner().invoke(cli, args)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_missing_or_empty_folder_is_refused_alike(tmp_path, command):
    missing = tmp_path / "typo-dir"
    result = run([*command, str(missing)])
    assert (result.exit_code, result.stderr) == (2, f"Error: data folder not found: {missing}\n")
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "a.yaml").write_text("people: []\n")
    result = run([*command, str(empty)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {empty}: no *.yaml seed files found (sub-folders are not read; give one of these: sub/)",
        "1 problem found",
    ]
    assert result.stdout == ""


def _broken(tmp_path, mini_seeds, text):
    data = tmp_path / "seeds"
    shutil.copytree(mini_seeds, data)
    (data / "records.yaml").write_text(text, encoding="utf-8")
    return data


def test_format_reports_a_yaml_syntax_error_with_checks_line(tmp_path, mini_seeds):
    text = (mini_seeds / "records.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("    name: Jo Writer"))
    lines.insert(at + 1, "   - x: [\n")  # an item at a wrong indent: the parser stops at this line
    data = _broken(tmp_path, mini_seeds, "".join(lines))
    said = {" ".join(c): run([*c, str(data)]) for c in COMMANDS}
    firsts = {name: r.stderr.splitlines()[0] for name, r in said.items()}
    assert all(r.exit_code == 1 for r in said.values())
    assert len(set(firsts.values())) == 1, firsts
    assert firsts["format"].startswith(f"error: records.yaml:{at + 2}: YAML syntax error: ")
    assert "records.yaml" in (data / "records.yaml").name and (data / "records.yaml").read_text() == "".join(lines)


# Every character YAML's reader refuses (YAML 1.1 "printable": tab, LF, CR, U+0020-U+007E, NEL,
# U+00A0-U+D7FF, U+E000-U+FFFD and beyond): the C0 controls but those three, DEL, the C1 controls but
# NEL, and U+FFFE/U+FFFF.
REFUSED = ([chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
           + [chr(c) for c in range(0x7F, 0xA0) if c != 0x85] + ["\ufffe", "\uffff"])


@pytest.mark.parametrize("char", REFUSED, ids=lambda c: f"U+{ord(c):04X}")
def test_a_refused_character_is_reported_at_its_line_and_column_by_check_and_format(tmp_path, char):
    data = tmp_path / "seeds"
    data.mkdir()
    prefix = "people:\n  - id: jo-writer\n    name: Jö W"  # a non-ASCII letter before it: columns count characters
    (data / "people.yaml").write_text(prefix + char + "riter\n", encoding="utf-8")
    kind = "control character" if ord(char) < 0xA0 else "character"
    expected = (f"people.yaml:3: YAML syntax error: the {kind} U+{ord(char):04X} (column 15) "
                "is not allowed in YAML; remove it")
    assert [str(p) for p in read_dataset(data).problems if p.file == "people.yaml"] == [expected]
    assert [str(p) for p in check_canonical([data / "people.yaml"], data)] == [expected]


def test_format_says_what_check_says_of_a_file_only_ruamel_refuses(tmp_path, mini_seeds):
    text = (mini_seeds / "records.yaml").read_text(encoding="utf-8")
    # ruamel.yaml constructs an unquoted date (and refuses one that does not exist); check reads it as text
    text = text.replace("    date: 2020-02-29\n", "    date: 2020-02-30\n", 1)
    line = text.splitlines().index("    date: 2020-02-30") + 1
    data = _broken(tmp_path, mini_seeds, text)
    result = run(["format", str(data)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: records.yaml:{line}: statement 'smith-coops': date: impossible date '2020-02-30': "
        "day is out of range for month")


GLUED = "people:\n  - id: a\n    name: A\nconcepts:\n  - id: c\n    label: C\n"


def test_format_check_notices_a_missing_blank_line_between_sections(tmp_path):
    data = tmp_path / "seeds"
    data.mkdir()
    (data / "a.yaml").write_text(GLUED)
    result = run(["format", "--check", str(data)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: a.yaml:4: not in canonical format (run `stancegraph format`)"
    assert run(["format", str(data)]).exit_code == 0
    assert (data / "a.yaml").read_text() == GLUED.replace("concepts:", "\nconcepts:")
    assert run(["format", "--check", str(data)]).exit_code == 0


def test_the_blank_line_goes_above_the_comments_leading_into_a_section():
    text = "people:\n  - id: a\n    # about a\n# the concepts\n# all of them\nconcepts: []\n"
    assert canonical_text(text) == "people:\n  - id: a\n    # about a\n\n# the concepts\n# all of them\nconcepts: []\n"


def _sections_separated(text: str) -> bool:
    """Every top-level key after the first has a blank line above it (above its column-0 comments)."""
    lines = text.splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"[a-z]+:", line)]
    for i in keys[1:]:
        j = i
        while lines[j - 1].startswith("#"):
            j -= 1
        if lines[j - 1].strip():
            return False
    return True


TOKEN = "t-123"


@pytest.mark.parametrize("section", ["people", "organisations", "concepts", "statement"])
def test_an_annotate_save_of_a_new_record_keeps_the_file_canonical(tmp_path, mini_seeds, mini_corpus, section):
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    shutil.copytree(mini_seeds, seeds)
    shutil.copytree(mini_corpus, corpus)
    client = TestClient(create_app(AnnotateSettings(seeds, corpus, token=TOKEN)), base_url="http://127.0.0.1:8001")
    statement = {"id": "zoe-coops", "speaker": "bob-jones", "organisation": "", "concept": "cooperatives",
                 "stance": "oppose", "quote": "Bob Jones of the Blue Party said the market",
                 "document": "herald-2020-03-01", "attribution": "reported"}
    new = {}
    if section == "people":
        new = {"people": [{"id": "zoe-new", "name": "Zoe New", "aliases": ["Zed"]}]}
        statement["speaker"] = "zoe-new"
    elif section == "organisations":
        new = {"organisations": [{"id": "zoe-org", "name": "Zoe Org", "kind": "party"}]}
        statement.update(speaker="", organisation="zoe-org")
    elif section == "concepts":
        new = {"concepts": [{"id": "zoe-idea", "label": "Zoe's idea", "definition": "An idea.",
                             "broader": "ownership"}]}
        statement["concept"] = "zoe-idea"
    versions = client.get("/api/state").json()["versions"]
    response = client.post("/api/save", json={"statement": statement, "versions": versions, "new": new},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 200, response.text
    text = (seeds / "records.yaml").read_text(encoding="utf-8")
    assert "zoe-" in text
    assert _sections_separated(text), text
    assert "\n\n  - " not in text  # the file does not separate records: the new one follows the last
    assert canonical_text(text) == text
    assert run(["format", "--check", str(seeds)]).exit_code == 0


def test_the_annotate_page_counts_problems_in_words():
    from importlib.resources import files

    templates = files("stancegraph.graph.curation") / "templates"
    for item in templates.iterdir():
        if item.name.endswith((".js", ".html", ".css")):
            assert not re.search(r"[a-z]\((?:s|es)\)", item.read_text(encoding="utf-8")), item.name
