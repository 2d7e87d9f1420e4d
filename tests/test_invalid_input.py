"""Every bad-input case gives exactly its expected errors, exit 1, and writes nothing."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli

INVALID = Path(__file__).parent / "data" / "invalid"


def _expected() -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    with open(INVALID / "expected_errors.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[row["case"]].append(row["error"])
    return table


EXPECTED = _expected()
CASES = sorted(p.stem for p in INVALID.glob("*.yaml"))


def test_every_case_file_has_expected_errors_and_vice_versa():
    assert set(CASES) == set(EXPECTED)


@pytest.fixture
def case_dir(tmp_path, mini_seeds):
    def make(case: str) -> Path:
        data = tmp_path / "seeds"
        shutil.copytree(mini_seeds, data)
        shutil.copy(INVALID / f"{case}.yaml", data / "case.yaml")
        if case.startswith("dataset-"):  # the case brings its own dataset section (or none)
            (data / "dataset.yaml").unlink()
        return data

    return make


@pytest.mark.parametrize("case", CASES)
def test_check_reports_exactly_the_expected_errors(case, case_dir, mini_corpus):
    data = case_dir(case)
    result = CliRunner().invoke(cli, ["check", str(data), "--corpus", str(mini_corpus)])
    assert result.exit_code == 1, result.output
    errors = [line[len("error: "):] for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == EXPECTED[case]
    count = len(EXPECTED[case])
    assert result.stderr.splitlines()[-1] == f"{count} problem{'s' if count != 1 else ''} found"


def test_the_catalogue_covers_every_kind():
    """At least 60 cases (issue #12), and each kind of hostile input has some."""
    assert len(CASES) >= 60
    for prefix in ("tag-", "nesting-", "recursive-alias-", "date-", "url-", "dataset-base-iri-", "control-",
                   "duplicate-", "invalid-record-", "dataset-invalid-", "yaml-", "corpus-file-"):
        assert any(case.startswith(prefix) for case in CASES), prefix


@pytest.mark.parametrize("case", ["many-problems-at-once", "quote-not-in-source", "yaml-syntax-error",
                                  "tag-python-object", "control-bell-in-quote", "url-pipe"])
def test_failed_build_writes_nothing(case, case_dir, mini_corpus, tmp_path):
    data = case_dir(case)
    out = tmp_path / "out"
    out.mkdir()
    (out / "stancegraph.ttl").write_text("previous build\n")
    result = CliRunner().invoke(cli, ["build", str(data), "--corpus", str(mini_corpus), "--out", str(out)])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["stancegraph.ttl"]
    assert (out / "stancegraph.ttl").read_text() == "previous build\n"


def test_missing_data_folder_cannot_run(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: data folder not found: {tmp_path / 'nowhere'}"


def test_empty_folder_is_invalid(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"error: {tmp_path}: no *.yaml seed files found" in result.stderr
