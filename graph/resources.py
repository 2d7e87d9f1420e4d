"""Paths of files shipped inside the package (vocabulary, shapes, JSON Schema)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

__all__ = ["schema_file", "VOCABULARY_FILE", "SHAPES_FILE", "JSON_SCHEMA_FILE"]

VOCABULARY_FILE = "stancegraph.ttl"
SHAPES_FILE = "shapes.ttl"
JSON_SCHEMA_FILE = "seeds.schema.json"


def schema_file(name: str) -> Path:
    """Path of a file shipped in ``stancegraph.schema``."""
    return Path(str(importlib.resources.files("stancegraph.schema").joinpath(name)))
