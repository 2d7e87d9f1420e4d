"""Generate the JSON Schema of the seed files from the pydantic models.

The generated file, ``schema/seeds.schema.json``, is checked in so that editors
(e.g. VS Code's YAML extension via ``# yaml-language-server: $schema=...``) can
autocomplete and validate seed files; a test fails when it is stale.
"""

from __future__ import annotations

import json

from .models import SeedFile

__all__ = ["seed_json_schema", "render_seed_json_schema"]


def seed_json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of one seed file."""
    schema = SeedFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://w3id.org/stancegraph/seeds.schema.json",
        **schema,
    }


def render_seed_json_schema() -> str:
    """The schema as the exact text of ``schema/seeds.schema.json``."""
    return json.dumps(seed_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover - used by `make schema`
    import sys
    from pathlib import Path

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("seeds.schema.json")
    target.write_text(render_seed_json_schema(), encoding="utf-8")
