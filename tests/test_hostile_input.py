"""Hostile input that cannot be a file in git: FIFOs, devices, folders and symbolic links
named like seed or corpus files, a 1 MB id, an alias bomb, bytes that are not UTF-8,
file names with line breaks. Each gives one line per problem, exit 1, and never blocks.
Also: dates at the calendar's ends build, and quotes in an NFD source are located in
the file's own code points.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef

from stancegraph.graph.cli import cli
from stancegraph.graph.errors import PART_LIMIT
from stancegraph.graph.seeds.load import read_dataset

from conftest import MINI

OA = Namespace("http://www.w3.org/ns/oa#")
GUARD_SECONDS = 120  # a hang guard only: every case here answers in well under a second


@pytest.fixture
def seeds(tmp_path) -> Path:
    data = tmp_path / "seeds"
    shutil.copytree(MINI / "seeds", data)
    return data


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(MINI / "corpus", folder)
    return folder


def _without_hanging(func, *args):
    """Run ``func`` in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict = {}

    def run():
        try:
            box["value"] = func(*args)
        except BaseException as exc:  # noqa: BLE001 -- handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(GUARD_SECONDS)
    assert not thread.is_alive(), f"{func.__name__} blocked for {GUARD_SECONDS} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def _check(data: Path, corpus: Path | None = None):
    args = ["check", str(data), "--no-shacl"] + (["--corpus", str(corpus)] if corpus else [])
    result = _without_hanging(CliRunner().invoke, cli, args)
    lines = result.stderr.splitlines()
    errors = [line[len("error: "):] for line in lines if line.startswith("error: ")]
    if result.exit_code == 0:
        return 0, errors
    assert lines and lines[-1] == f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found", result.stderr
    assert len(lines) == len(errors) + 1, "every line of the report is one problem"
    return result.exit_code, errors


def _add(seeds: Path, name: str, text: str) -> Path:
    path = seeds / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_fifo_device_and_folder_named_yaml_are_one_line_each_and_never_block(seeds):
    os.mkfifo(seeds / "pipe.yaml")  # opening it for reading would wait for a writer forever
    (seeds / "folder.yaml").mkdir()
    os.symlink(os.devnull, seeds / "null.yaml")
    code, errors = _check(seeds)
    assert code == 1
    assert errors == [
        "folder.yaml: cannot read file: not a regular file (a folder)",
        "null.yaml: cannot read file: not a regular file (a character device)",
        "pipe.yaml: cannot read file: not a regular file (a FIFO)",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_format_check_never_blocks_on_a_fifo(seeds):
    os.mkfifo(seeds / "pipe.yaml")
    result = _without_hanging(CliRunner().invoke, cli, ["format", "--check", str(seeds)])
    assert result.exit_code == 1
    assert "error: pipe.yaml: cannot read file: not a regular file (a FIFO)" in result.stderr.splitlines()


def test_corpus_file_symlink_out_of_the_corpus_is_refused(seeds, corpus, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    os.symlink(secret, corpus / "leak.txt")
    _add(seeds, "case.yaml", """documents:
  - id: leak
    title: Not a source
    kind: other
    date: 2020
    corpus_file: leak.txt
statements:
  - id: leak-markets
    speaker: ann-smith
    concept: markets
    stance: oppose
    quote: "root:x:0:0"
    document: leak
    attribution: direct
""")
    code, errors = _check(seeds, corpus)
    assert code == 1
    assert errors == [f"case.yaml:6: document 'leak': corpus_file: leads out of the corpus folder "
                      f"(a symbolic link to {str(secret.resolve())!r})"]


def test_symlink_inside_the_corpus_is_followed(seeds, corpus):
    (corpus / "texts").mkdir()
    (corpus / "herald-2020-03-01.txt").rename(corpus / "texts" / "herald.txt")
    os.symlink(Path("texts") / "herald.txt", corpus / "herald-2020-03-01.txt")
    assert _check(seeds, corpus) == (0, [])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_corpus_file_that_is_a_fifo_or_folder_is_refused(seeds, corpus):
    (corpus / "herald-2020-03-01.txt").unlink()
    os.mkfifo(corpus / "herald-2020-03-01.txt")
    code, errors = _check(seeds, corpus)
    assert code == 1
    assert errors == [f"records.yaml:8: document 'herald-2020-03-01': corpus_file: cannot read "
                      f"{corpus / 'herald-2020-03-01.txt'}: not a regular file (a FIFO)"]


def test_a_one_megabyte_id_gives_bounded_lines(seeds):
    huge = "a" * 1_000_000
    _add(seeds, "case.yaml", f"people:\n  - id: {huge}X\n    name: Big\nstatements:\n  - id: big\n"
                             f"    speaker: {huge}\n    concept: markets\n    stance: oppose\n    quote: q\n"
                             f"    document: herald-2020-03-01\n    attribution: direct\n")
    code, errors = _check(seeds)
    assert code == 1
    assert len(errors) == 2
    assert all(len(line) < 5 * (PART_LIMIT + 40) for line in errors), [len(line) for line in errors]
    assert errors[0].startswith("case.yaml:2: person 'aaaa") and "is not a valid id" in errors[0]
    assert errors[1].startswith("case.yaml:6: statement 'big': speaker: unknown person 'aaaa")
    assert "(999920 more characters)" in errors[1]


def test_billion_laughs_as_a_stance_is_refused_not_expanded(seeds):
    bomb = [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
    bomb += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    _add(seeds, "case.yaml", "\n".join(bomb) + """
statements:
  - id: bomb
    speaker: ann-smith
    concept: markets
    stance: *l9
    quote: privatisation "would hand our clinics to shareholders"
    document: herald-2020-03-01
    attribution: direct
""")
    code, errors = _check(seeds)
    assert code == 1
    # aliases up to l4 add 90 + 819 + 7,380 + 66,429 values; l5's aliases of l4 (66,430 each)
    # cross 200,000 at the second, reported where l4 is anchored
    bomb_line = ("case.yaml:5: l4: aliases expand this file past 200,000 values (an alias bomb?); "
                 "write the values out instead")
    unknown = [f"case.yaml:{i + 1}: l{i}: unknown section (expected one of: dataset, documents, people, "
               f"organisations, concepts, statements)" for i in range(10)]
    assert sorted(errors) == sorted([bomb_line] + unknown), \
        "the bomb once, the unknown sections, and nothing about the stance (it is not expanded)"


def test_bytes_that_are_not_utf8(seeds):
    (seeds / "case.yaml").write_bytes(b"people:\n  - id: caf\xe9\n    name: Caf\xe9\n")
    assert _check(seeds) == (1, ["case.yaml: cannot read file: not UTF-8 text (byte 19: invalid continuation byte)"])


def test_file_names_with_line_breaks_and_escapes_stay_on_one_line(seeds):
    _add(seeds, "evil\nerror: forged\x1b[31m.yaml", "people:\n  - id: Bad Id\n    name: X\n")
    code, errors = _check(seeds)
    assert code == 1
    assert errors == ["evil\\nerror: forged\\x1b[31m.yaml:2: person 'Bad Id': id: 'Bad Id' is not a valid id "
                      "(lowercase letters, digits and single hyphens)"]


def test_ids_in_a_file_yaml_cannot_parse_are_not_called_unknown_elsewhere(seeds):
    """The syntax error is the one real problem; the statement naming carol-white is
    checked again once the file parses."""
    _add(seeds, "people-new.yaml", "people:\n  - id: carol-white\n    name: Carol White\n    aliases: [Carol\n")
    _add(seeds, "statements-new.yaml", """statements:
  - id: white-markets
    speaker: carol-white
    concept: market
    stance: oppose
    quote: q
    document: herald-2020-03-01
    attribution: direct
""")
    code, errors = _check(seeds)
    assert code == 1
    assert errors == [
        "people-new.yaml:5: YAML syntax error: expected ',' or ']', but got '<stream end>'",
        "statements-new.yaml:4: statement 'white-markets': concept: unknown concept 'market' (did you mean: markets?)",
    ]


def test_a_dataset_section_yaml_cannot_parse_is_not_called_missing(seeds):
    (seeds / "dataset.yaml").write_text('dataset:\n  id: mini\n  title: "A minimal test dataset\n', encoding="utf-8")
    code, errors = _check(seeds)
    assert code == 1
    assert len(errors) == 1 and errors[0].startswith("dataset.yaml:4: YAML syntax error: ")


def test_every_problem_of_the_catalogue_is_one_line_without_controls():
    """The whole catalogue's output, as the CLI prints it: no line holds a control."""
    invalid = Path(__file__).parent / "data" / "invalid"
    text = (invalid / "expected_errors.csv").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)


def test_dates_at_the_calendars_ends_check_and_build(seeds, tmp_path):
    _add(seeds, "case.yaml", """documents:
  - id: herald-9999
    title: The far future
    kind: news
    date: 9999-12
  - id: herald-0001
    title: Long ago
    kind: news
    date: '0001'
statements:
  - id: far-future
    speaker: bob-jones
    concept: markets
    stance: oppose
    quote: far future
    document: herald-9999
    attribution: reported
  - id: long-ago
    speaker: bob-jones
    concept: markets
    stance: support
    quote: long ago
    document: herald-0001
    date: '0001-01-01'
    attribution: reported
""")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(seeds), "--out", str(out), "--format", "ntriples", "--no-html"])
    assert result.exit_code == 0, result.output
    text = (out / "stancegraph.nt").read_text(encoding="utf-8")
    assert '"9999-12"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in text
    assert '"0001-01-01"^^<http://www.w3.org/2001/XMLSchema#date>' in text


# -- quotes against a corpus file in another Unicode normalisation -------------------

NFC_TEXT = ("Le café coopératif de Zoë n’a pas d’actionnaires.\r\n"
            "« Les coopératives donnent la parole aux patients », dit Renée Müller.\r\n")


@pytest.mark.parametrize("form", ["NFD", "NFC"])
def test_quote_positions_and_exact_come_from_the_source_files_own_text(seeds, corpus, tmp_path, form):
    source = unicodedata.normalize(form, NFC_TEXT)
    (corpus / "herald-2020-03-01.txt").write_bytes(source.encode("utf-8"))  # as written, CRLF kept
    passage = "« Les coopératives donnent la parole aux patients »"
    records = (seeds / "records.yaml").read_text(encoding="utf-8")
    records = records.replace('quote: "“Co-operatives give patients a real say.”"',
                              'quote: "' + unicodedata.normalize("NFC", passage) + '"')
    (seeds / "records.yaml").write_text(_only_statement(records, "smith-coops"), encoding="utf-8")

    loaded = read_dataset(seeds, corpus)
    assert loaded.ok, [str(p) for p in loaded.problems]
    match = loaded.dataset.quote_matches["smith-coops"]
    file_text = (corpus / "herald-2020-03-01.txt").read_bytes().decode("utf-8")
    assert file_text[match.start:match.end] == match.exact
    assert unicodedata.normalize("NFC", match.exact) == unicodedata.normalize("NFC", passage)
    assert match.exact == unicodedata.normalize(form, passage), "the file's own code points"
    assert match.exact in file_text and match.prefix.endswith("\r\n")

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(seeds), "--corpus", str(corpus), "--out", str(out),
                                      "--no-html", "--no-shacl"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out / "stancegraph.ttl")
    base = "https://example.org/mini/statement/smith-coops/"
    exact = graph.value(URIRef(base + "quote"), OA.exact)
    start = graph.value(URIRef(base + "position"), OA.start)
    end = graph.value(URIRef(base + "position"), OA.end)
    assert exact == Literal(match.exact)
    assert file_text[int(start):int(end)] == str(exact)


def _only_statement(records: str, keep: str) -> str:
    """``records`` with every statement but ``keep`` removed (their quotes are not in the test text)."""
    head, statements = records.split("statements:\n", 1)
    blocks = re.split(r"(?m)^(?=  - id: )", statements)
    return head + "statements:\n" + "".join(b for b in blocks if b.startswith(f"  - id: {keep}\n"))
