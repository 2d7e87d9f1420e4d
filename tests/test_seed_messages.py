"""check's messages for a wrong value are our words: line, field, what is allowed; quoting advised only where it helps.

Every field of every record (nested affiliations too) gets a value of each YAML kind
(number, fraction, boolean, null, text, list, mapping, nested list), so each of
pydantic's type errors is met for each field type.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from stancegraph.graph.seeds.load import read_dataset
from stancegraph.schema.models import SECTIONS, Affiliation

WRONG = ["7", "1.5", "true", "~", "'Not A Slug!'", "[a, b]", "{a: 1}", "[[a]]", "[{a: 1}]"]
PYDANTIC_WORDS = re.compile(r"[Ii]nput should|should be|Value error|\[type=|valid integer|fractional part|"
                            r"unable to parse|instance of|valid dictionary")


def _base_records(mini_seeds) -> dict:
    records = yaml.safe_load((mini_seeds / "records.yaml").read_text(encoding="utf-8"))
    return {section: items[0] for section, items in records.items()}


def _flow(value) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10**6).strip().removesuffix("...").strip()


def _cases(mini_seeds, values):
    """(file text, {line: (field path, written value)}): one record per field and value."""
    base = _base_records(mini_seeds)
    lines, where, n = [], {}, 0
    for section, model in SECTIONS.items():
        if section == "dataset":
            continue
        lines.append(f"{section}:")
        targets = [(f, None) for f in model.model_fields if f != "id"]
        if section == "people":
            targets += [("affiliations", f) for f in Affiliation.model_fields]
        for field, inner in targets:
            for value in values:
                n += 1
                record = {k: v for k, v in base[section].items() if k not in ("id", field)}
                lines.append(f"  - id: x{n}")
                lines.extend(f"    {k}: {_flow(v)}" for k, v in record.items())
                if inner is None:
                    lines.append(f"    {field}: {value}")
                    where[len(lines)] = (field, value)
                else:
                    affiliation = {"organisation": "blue-party"}
                    affiliation.pop(inner, None)
                    lines.append(f"    {field}:")
                    first = True
                    for k, v in affiliation.items():
                        lines.append(f"      {'- ' if first else '  '}{k}: {_flow(v)}")
                        first = False
                    lines.append(f"      {'- ' if first else '  '}{inner}: {value}")
                    where[len(lines)] = (f"{field}[0].{inner}", value)
    return "\n".join(lines) + "\n", where


def _problems(tmp_path, mini_seeds, text):
    data = tmp_path / "seeds"
    shutil.copytree(mini_seeds, data)
    (data / "zz.yaml").write_text(text, encoding="utf-8")
    return [p for p in read_dataset(data).problems if p.file == "zz.yaml"]


@pytest.fixture(scope="module")
def wrong(tmp_path_factory, mini_seeds):
    text, where = _cases(mini_seeds, WRONG)
    return where, _problems(tmp_path_factory.mktemp("wrong"), mini_seeds, text)


def test_no_pydantic_wording_reaches_the_user(wrong):
    where, problems = wrong
    assert len(problems) > 300
    leaked = [str(p) for p in problems if PYDANTIC_WORDS.search(p.message)]
    assert leaked == []


def test_every_problem_names_the_line_and_field_of_the_wrong_value(wrong):
    where, problems = wrong
    def at_its_value(p):
        return p.line in where and (p.field == where[p.line][0] or p.field.startswith(where[p.line][0] + "["))

    assert problems and all(at_its_value(p) for p in problems), [str(p) for p in problems if not at_its_value(p)][:5]
    assert {value for field, value in where.values()} == set(WRONG)
    refused = {p.line for p in problems}
    for value in ("7", "[a, b]", "{a: 1}"):  # a number, a list and a mapping are each refused somewhere
        assert any(where[line][1] == value for line in refused)


def test_quoting_is_advised_only_where_the_quoted_value_is_valid(wrong, tmp_path, mini_seeds):
    where, problems = wrong
    advised = {}
    for problem in problems:
        found = re.search(r"; quote it: (.+)$", problem.message)
        if found:
            advised.setdefault(found.group(1), set()).add(problem.field)
    assert {'"7"', '"true"', '"1.5"'} <= set(advised)
    text, where_quoted = _cases(mini_seeds, sorted(advised))
    # what is left is about the value's meaning (an id no record has), not its form
    still = {(p.line, p.field) for p in _problems(tmp_path, mini_seeds, text)
             if not p.message.startswith(("unknown ", "no "))}
    for line, (field, value) in where_quoted.items():
        if field in advised[value]:  # the advice followed: the field is valid now
            assert (line, field) not in still, (field, value)


@pytest.mark.parametrize("field, value, message", [
    ("stance", "7", "YAML read 7 as the number 7; must be one of 'support', 'oppose' or 'mixed'"),
    ("stance", "yes", "YAML read yes as the boolean true; must be one of 'support', 'oppose' or 'mixed'"),
    ("attribution", "~", "YAML read ~ as null; must be one of 'direct' or 'reported'"),
    ("qualifier", "1.5", "must be a whole number, not the number 1.5"),
    ("qualifier", "'many'", "must be a whole number, not the text 'many'"),
    ("qualifier", "[1, 2]", "must be a whole number, not a list"),
    # a boolean or a float with no fraction is no DNA integer either (was stored as 1 / 2)
    ("qualifier", "yes", "must be a whole number, not the boolean true"),
    ("qualifier", "false", "must be a whole number, not the boolean false"),
    ("qualifier", "2.0", "must be a whole number, not the number 2.0"),
    ("qualifier", "'3'", "must be a whole number, not the text '3'"),
    ("concept", "1.5", "YAML read 1.5 as the number 1.5; must be an id (lowercase letters, digits and single hyphens)"),
    ("concept", "2018", 'YAML read 2018 as the number 2018; quote it: "2018"'),
    ("quote", "{a: 1}", "must be text (not empty), not a mapping"),
    ("mentions", "bob-jones", "must be a list, each item an id (lowercase letters, digits and single hyphens), "
                              "not the text 'bob-jones'"),
    ("mentions", "[[a]]", "must be an id (lowercase letters, digits and single hyphens), not a list"),
])
def test_representative_messages(tmp_path, mini_seeds, field, value, message):
    text = (mini_seeds / "records.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("  - id: smith-coops")
    end = next(i for i in range(at + 1, len(lines)) if lines[i].startswith("  - ") or not lines[i].strip())
    record = [line for line in lines[at:end] if not line.startswith(f"    {field}:")] + [f"    {field}: {value}"]
    new = lines[:at] + record + lines[end:]
    data = tmp_path / "seeds"
    shutil.copytree(mini_seeds, data)
    (data / "records.yaml").write_text("\n".join(new) + "\n", encoding="utf-8")
    line = at + len(record)
    problems = [str(p) for p in read_dataset(data).problems if p.record == "statement 'smith-coops'"]
    assert problems[0].startswith(f"records.yaml:{line}: statement 'smith-coops': {field}")
    assert problems[0].split(": ", 3)[3] == message, problems


def test_a_wikidata_number_says_which_id_it_likely_means(tmp_path, mini_seeds):
    data = tmp_path / "seeds"
    shutil.copytree(mini_seeds, data)
    (data / "zz.yaml").write_text("people:\n  - id: zed\n    name: Zed\n    wikidata: 9630\n", encoding="utf-8")
    (problem,) = [p for p in read_dataset(data).problems if p.file == "zz.yaml"]
    assert (problem.line, problem.field) == (4, "wikidata")
    assert problem.message.startswith("YAML read 9630 as the number 9630; '9630' is not a Wikidata item id")
    assert problem.message.endswith("(did you mean: Q9630?)")
