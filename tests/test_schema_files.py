"""Generated artefacts are fresh, and seed files can point editors at the schema."""

from __future__ import annotations

from conftest import REPO
from stancegraph.schema.jsonschema import render_seed_json_schema, seed_json_schema


def test_checked_in_json_schema_is_not_stale():
    checked_in = (REPO / "schema" / "seeds.schema.json").read_text(encoding="utf-8")
    assert checked_in == render_seed_json_schema(), "run `make schema` and commit schema/seeds.schema.json"


def test_every_field_has_a_description():
    schema = seed_json_schema()
    missing = []
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{name}.{field}")
    for field, spec in schema["properties"].items():
        if not spec.get("description"):
            missing.append(f"SeedFile.{field}")
    assert missing == []


def test_json_schema_validates_like_the_models(mini_seeds):
    import jsonschema

    from stancegraph.graph.seeds.yamlsource import parse_yaml

    validator = jsonschema.Draft202012Validator(seed_json_schema())
    for path in sorted(mini_seeds.glob("*.yaml")):
        assert list(validator.iter_errors(parse_yaml(path.read_text()).data)) == []
    bad = {"statements": [{"id": "x", "concept": "c", "stance": "favour", "quote": "q", "document": "d",
                           "attribution": "direct", "speaker": "s"}]}
    assert any("favour" in e.message for e in validator.iter_errors(bad))
