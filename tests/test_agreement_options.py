"""agreement takes --data like every command that reads seeds, and names its output file as the others do."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli


@pytest.fixture(scope="module")
def coders(tmp_path_factory, mini_seeds):
    root = tmp_path_factory.mktemp("coders")
    for name in ("ann", "bea"):
        shutil.copytree(mini_seeds, root / name)
    return root / "ann", root / "bea"


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [*map(str, args)], **kwargs)


def test_data_is_the_first_coding(coders, mini_corpus):
    ann, bea = coders
    common = ["--corpus", mini_corpus, "--bootstrap", "0", "--format", "json"]
    positional = run("agreement", ann, bea, *common)
    option = run("agreement", "--data", ann, bea, *common)
    assert positional.exit_code == 0, positional.output
    assert option.exit_code == 0, option.output
    assert option.stdout == positional.stdout and '"ann"' in option.stdout


def test_no_coding_is_a_usage_error_and_one_is_invalid_input(coders, mini_corpus):
    ann, _ = coders
    none = run("agreement", "--corpus", mini_corpus)
    assert none.exit_code == 2 and none.stderr.startswith("Error: Missing argument 'CODINGS...'")
    one = run("agreement", "--data", ann, "--corpus", mini_corpus)
    assert one.exit_code == 1 and "two or more coders" in one.stderr


@pytest.mark.parametrize("name", ["ag.json", "ag.txt", "ag.csv"])
def test_output_is_named_by_its_absolute_path(coders, mini_corpus, tmp_path, monkeypatch, name):
    ann, bea = coders
    monkeypatch.chdir(tmp_path)
    args = ["--show", "figures"] if name.endswith(".csv") else []
    result = run("agreement", ann, bea, "--corpus", mini_corpus, "--bootstrap", "0", "-o", name, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {tmp_path / name}\n"
    assert (tmp_path / name).stat().st_size > 0
