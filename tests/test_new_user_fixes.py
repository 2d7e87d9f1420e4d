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
