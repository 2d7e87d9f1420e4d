"""Fuzz the seed loader with seed-shaped YAML: it never raises, and every problem is one
bounded line.

Documents are built from the pieces hostile seed files are made of: the real
section and field names (and others), YAML's implicitly typed scalars (``No``, ``off``,
``010``, ``~``, ``1.10``), explicit tags (``!!int x``, ``!!binary``, ``!!python/...``,
``!custom``), escapes XML cannot carry (``\\a``, ``\\N``, ``\\ud800``, ``\\U00110000``),
anchors and aliases (recursive ones and an alias bomb), merge keys, duplicate keys,
deep nesting, long values, corpus files outside the corpus, and random characters
spliced into the text. Each document joins the valid mini dataset as ``case.yaml`` and
is checked with the mini corpus.

In the suite the run is bounded (``STANCEGRAPH_FUZZ=ci``: 1,200 examples, derandomised,
so CI is reproducible). ``make fuzz`` runs the ``long`` profile (100,000 random
examples) and prints hypothesis's statistics.
"""

from __future__ import annotations

import os
import shutil
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancegraph.graph.errors import PART_LIMIT, _UNSAFE
from stancegraph.graph.seeds.load import read_dataset

from conftest import MINI

settings.register_profile(
    "ci", max_examples=1200, derandomize=True, database=None, deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=int(os.environ.get("STANCEGRAPH_FUZZ_EXAMPLES", "100000")), database=None,
    deadline=timedelta(seconds=10), suppress_health_check=list(HealthCheck),
)
PROFILE = settings.get_profile(os.environ.get("STANCEGRAPH_FUZZ", "ci"))

SECTIONS = ["dataset", "documents", "people", "organisations", "concepts", "statements"]
FIELDS = [
    "id", "title", "kind", "date", "publisher", "authors", "url", "corpus_file", "inferred", "note",
    "name", "aliases", "affiliations", "organisation", "role", "start", "end", "source", "parent",
    "label", "definition", "broader", "related", "speaker", "concept", "stance", "quote", "document",
    "attribution", "mentions", "base_iri", "version", "licence", "creators", "issued", "description",
    "wikidata",
]
KNOWN_IDS = ["ann-smith", "bob-jones", "jo-writer", "blue-party", "herald", "village-health-coop",
             "herald-2020-03-01", "ownership", "cooperatives", "markets", "privatisation", "smith-coops"]
TYPED = ["yes", "No", "NO", "off", "On", "true", "FALSE", "~", "null", "", "010", "0x1f", "0b101", "0o7",
         "1.10", "1e3", "1.0e+3", ".inf", "-.INF", ".NaN", "1_000", "0x_", "0b_", "+.5", "12:30", "190:20:30",
         "2019-02-30", "9999-12", "9999-12-31", "0000", "0001", "0", "-1", "99999", "2020-03-01",
         "2020-02-29", "2010-02-24T10:00:00", "support", "oppose", "mixed", "direct", "reported", "news",
         "party", "https://example.org/a|b", "https://example.org/ok", "javascript:alert(1)//",
         "https://example.org/a b", "/etc/passwd", "../seeds/records.yaml", "herald-2020-03-01.txt",
         "'quoted'", '"double"', "Q9630", "q42", "cafe\u0301", "=", "<<", "?", "-", "|", ">", "@x", "`x`", "%YAML"]
TAGS = ["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp", "!!binary", "!!set", "!!omap",
        "!!pairs", "!!python/name:os.system", "!!python/object/apply:os.system", "!custom", "!", "!!map",
        "!!seq", "!<tag:yaml.org,2002:str>", "!!merge", "!!value"]
ESCAPES = ["\\a", "\\b", "\\0", "\\x07", "\\x1b", "\\e", "\\v", "\\f", "\\N", "\\L", "\\P", "\\_", "\\t",
           "\\n", "\\r", "\\x85", "\\x9b", "\\x7f", "\\ud800", "\\udfff", "\\uffff", "\\ufffe", "\\U00110000",
           "\\U0001F600", "\\u202e", "\\u2028", "\\\\", '\\"', "\\q", "\\u12", "\\x"]
CHARS = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    ["\u0301", "\u202e", "\u2028", "\u0085", "\ufeff", "\t", "\x07", "\r", "é", "\U0001D518", ":", "#",
     "&", "*", "!", "{", "}", "[", "]", ",", "'", '"', "\\", "\n"])
BOMB = "\n".join(
    [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
) + "\n"

plain_words = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz- "), min_size=1, max_size=12).map(str.strip).filter(bool)
slugs = st.lists(st.sampled_from(["ann", "smith", "blue", "party", "x", "2020", "a1", "Z", "b_c", ""]),
                 min_size=1, max_size=3).map("-".join)
double_quoted = st.lists(st.one_of(plain_words, st.sampled_from(ESCAPES)), max_size=5).map(
    lambda parts: '"' + "".join(parts).replace('"', "") + '"' if parts else '""')
raw_text = st.text(CHARS, max_size=20).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"')
tagged = st.tuples(st.sampled_from(TAGS), st.sampled_from(TYPED + ["x", "aGVsbG8=", "{a, b}", "[a]"])).map(" ".join)
scalars = st.one_of(st.sampled_from(TYPED), st.sampled_from(KNOWN_IDS), slugs, plain_words, double_quoted,
                    raw_text, tagged, st.integers(min_value=1, max_value=6).map(lambda n: "m" * (10 ** n)))
keys = st.one_of(st.sampled_from(FIELDS), st.sampled_from(FIELDS), st.sampled_from(["<<", "? [a]", '"\\e[31m"',
                 "1", "true", "~", "''", '"a\\nb"']), slugs)


ANCHORS = st.sampled_from(["", "", "", "", "&a ", "&b ", "&l "])
ALIASES = st.sampled_from(["*a", "*b", "*l", "*l8", "*undefined"])
DEPTHS = st.sampled_from([5, 63, 64, 65, 200, 1001])
FLOW_ITEMS = st.lists(st.one_of(scalars, st.sampled_from(["*a", "*l"])), max_size=4)
KINDS = [st.sampled_from(["scalar"] * 5 + ["alias", "flow", "deep"] + (["list", "map"] if depth < 3 else []))
         for depth in range(4)]


@st.composite
def _values(draw, depth: int):
    kind = draw(KINDS[depth])
    if kind == "scalar":
        return draw(ANCHORS) + draw(scalars)
    if kind == "alias":
        return draw(ALIASES)
    if kind == "deep":
        n = draw(DEPTHS)
        return "[" * n + "x" + "]" * n
    if kind == "flow":
        return draw(ANCHORS) + "[" + ", ".join(draw(FLOW_ITEMS)) + "]"
    if kind == "list":
        return ("list", draw(ANCHORS), draw(LISTS[depth]))
    return ("map", draw(ANCHORS), draw(MAPS[depth]))


# built once (strategies made inside every draw are slow to validate)
VALUES = [_values(depth) for depth in range(4)]
LISTS = [st.lists(VALUES[min(depth + 1, 3)], max_size=3) for depth in range(4)]
MAPS = [st.lists(st.tuples(keys, VALUES[min(depth + 1, 3)]), max_size=5) for depth in range(4)]


def values(depth: int = 0):
    return VALUES[depth]


def render(value, indent: int) -> str:
    """YAML text of a drawn value after ``key:`` or ``-`` (block style for lists and maps)."""
    if isinstance(value, str):
        return " " + value + "\n"
    kind, anchor, items = value
    pad = " " * indent
    if not items:
        return " " + anchor + ("[]" if kind == "list" else "{}") + "\n"
    text = (" " + anchor.strip() if anchor else "") + "\n"
    for item in items:
        if kind == "list":
            text += f"{pad}-" + render(item, indent + 2)
        else:
            key, sub = item
            text += f"{pad}{key}:" + render(sub, indent + 2)
    return text


REALISTIC = {
    "documents": {"title": plain_words, "kind": st.sampled_from(["news", "blog", "report"]),
                  "date": st.sampled_from(["2020", "2020-03", "2020-03-01", "2019-02-30", "0000", "9999-12"]),
                  "publisher": st.sampled_from(KNOWN_IDS), "corpus_file": st.sampled_from(
                      ["herald-2020-03-01.txt", "/etc/passwd", "../seeds/records.yaml", "missing.txt"])},
    "people": {"name": plain_words, "aliases": st.lists(plain_words, max_size=2).map(lambda x: "[" + ", ".join(x) + "]")},
    "organisations": {"name": plain_words, "kind": st.sampled_from(["party", "media", "cooperative"]),
                      "parent": st.sampled_from(KNOWN_IDS)},
    "concepts": {"label": plain_words, "definition": plain_words, "broader": st.sampled_from(KNOWN_IDS)},
    "statements": {"speaker": st.sampled_from(KNOWN_IDS), "organisation": st.sampled_from(KNOWN_IDS),
                   "concept": st.sampled_from(KNOWN_IDS), "stance": st.sampled_from(["support", "oppose", "yes"]),
                   "quote": st.sampled_from(['"the market \\"drives up quality - up to a point\\""',
                                             "privatise community services", '"caf\\u00e9"']),
                   "document": st.sampled_from(KNOWN_IDS), "attribution": st.sampled_from(["direct", "reported"])},
}


IDS = st.one_of(slugs, st.sampled_from(KNOWN_IDS), scalars)
ANY_KEY = st.one_of(st.sampled_from(FIELDS), keys)


@st.composite
def _records_of(draw, section):
    """A record: mostly an ``id`` and fields of its section with plausible values, and
    now and then anything at all."""
    fields = REALISTIC.get(section, {})
    names = st.sampled_from(sorted(fields)) if fields else None
    pairs = []
    if draw(st.integers(0, 4)):
        pairs.append(("id", draw(IDS)))
    for _ in range(draw(st.integers(0, 6))):
        if fields and draw(st.booleans()):
            name = draw(names)
            pairs.append((name, draw(fields[name])))
        else:
            pairs.append((draw(ANY_KEY), draw(values(2))))
    return pairs


RECORDS = {section: st.lists(_records_of(section), max_size=3) for section in SECTIONS}
OTHER_RECORDS = st.lists(_records_of("other"), max_size=3)
SECTION_KEYS = st.one_of(st.sampled_from(SECTIONS), keys)
SPLICES = st.text(CHARS, min_size=1, max_size=4)


@st.composite
def seed_documents(draw) -> str:
    text = ""
    if draw(st.booleans()):
        text += "# yaml-language-server: $schema=../schema/seeds.schema.json\n"
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        section = draw(SECTION_KEYS)
        records = draw(RECORDS.get(section, OTHER_RECORDS))
        if draw(st.integers(0, 5)) == 0:
            text += f"{section}:" + render(draw(values(1)), 2)
            continue
        text += f"{section}:\n"
        for record in records:
            anchor = draw(ANCHORS)
            if not record:
                text += "  - {}\n"
            elif anchor:
                text += "  -" + render(("map", anchor, record), 4)
            else:  # the usual layout: the first field on the dash's line
                (key, value), rest = record[0], record[1:]
                text += f"  - {key}:" + render(value, 6) + "".join(f"    {k}:" + render(v, 6) for k, v in rest)
    if draw(st.integers(0, 20)) == 0:
        text = BOMB + text
    for _ in range(draw(st.integers(0, 2))):  # splice random characters in
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(SPLICES) + text[at:]
    return text


LINE_LIMIT = 5 * (PART_LIMIT + 40)


def test_generated_documents_are_seed_shaped():
    """The generator makes what it claims: sections of records, tags, escapes, aliases."""
    seen: set[str] = set()

    @settings(max_examples=150, derandomize=True, database=None, deadline=None)
    @given(seed_documents())
    def collect(text):
        seen.update(piece for piece in ("statements:", "  - id:", "!!", "\\", "*l", "&a", "<<", "[[[[") if piece in text)

    collect()
    assert seen == {"statements:", "  - id:", "!!", "\\", "*l", "&a", "<<", "[[[["}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "seeds"
    shutil.copytree(MINI / "seeds", data)
    return data


@PROFILE
@given(text=seed_documents())
def test_the_loader_never_raises_and_every_problem_is_one_bounded_line(folder, text):
    (folder / "case.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    result = read_dataset(folder, MINI / "corpus")
    for problem in result.problems:
        line = str(problem)
        assert not _UNSAFE.search(line), line
        assert len(line) <= LINE_LIMIT, line[:200]
