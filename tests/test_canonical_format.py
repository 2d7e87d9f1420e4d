"""Seed files stay in canonical layout; `stancegraph format` fixes drift and nothing else."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.seeds.load import default_data_dir


def test_embedded_seeds_are_canonical():
    result = CliRunner().invoke(cli, ["format", "--check", str(default_data_dir())])
    assert result.exit_code == 0, result.stderr


def test_format_rewrites_drift_and_keeps_meaning(tmp_path, mini_seeds):
    data = tmp_path / "seeds"
    shutil.copytree(mini_seeds, data)
    drifted = data / "drift.yaml"
    drifted.write_text("people:\n- id: carol-white   # a comment survives\n  name:    'Carol White'\n")
    check = CliRunner().invoke(cli, ["format", "--check", str(data)])
    assert check.exit_code == 1
    assert check.stderr.splitlines()[0] == "error: drift.yaml:2: not in canonical format (run `stancegraph format`)"
    fixed = CliRunner().invoke(cli, ["format", str(data)])
    assert fixed.exit_code == 0
    assert drifted.read_text() == "people:\n  - id: carol-white # a comment survives\n    name: 'Carol White'\n"
    assert CliRunner().invoke(cli, ["format", "--check", str(data)]).exit_code == 0
    assert CliRunner().invoke(cli, ["check", str(data), "--no-shacl"]).exit_code == 0
