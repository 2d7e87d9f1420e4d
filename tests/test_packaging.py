"""A regular (non-editable) install carries the code, the vocabulary and the seeds."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp)],
        check=True, capture_output=True,
    )
    wheel = next(tmp.glob("stancegraph-*.whl"))
    target = tmp / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    # -S: no site processing, so the editable install of the checkout is invisible;
    # dependencies come from this environment's site-packages as a plain path entry.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]])}
    return target, env


def test_wheel_runs_on_the_embedded_dataset_from_anywhere(installed, tmp_path):
    target, env = installed
    code = (
        "import stancegraph.seeds, stancegraph.graph.seeds.load as l; "
        "ds = l.load_dataset(); print(stancegraph.seeds.__file__); print(len(ds.statements))"
    )
    out = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert Path(out[0]).is_relative_to(target)
    from stancegraph.graph.seeds.load import load_dataset

    assert int(out[1]) == len(load_dataset(REPO / "seeds").statements) > 0


def test_wheel_ships_vocabulary_shapes_and_cli(installed, tmp_path):
    target, env = installed
    for name in ("stancegraph.ttl", "shapes.ttl", "seeds.schema.json"):
        assert (target / "stancegraph" / "schema" / name).is_file()
    result = subprocess.run([sys.executable, "-S", "-m", "stancegraph.graph.cli", "check"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 5 documents")
