"""Synthetic seed folders from the benchmark generator (``benchmarks/generate.py``), for tests."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def synthetic_seeds(statements: int, folder: Path, seed: int) -> Path:
    """Write a synthetic dataset of ``statements`` statements into ``folder``; return the folder."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import write_dataset
    finally:
        sys.path.remove(str(BENCHMARKS))
    return write_dataset(statements, folder, seed=seed)
