"""DNA 3 databases: import (`stancegraph import dna`) and export (`stancegraph export dna`).

Fixtures are written with sqlite3 (tests/dna_fixtures.py). The networks of the
imported data are compared with DNA's formulas (../shared/DNA-NETWORKS.md §4–5)
computed here, independently, from the fixture's own statements.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.interop.dna import ImportOptions, OffsetUnit, export_dna, import_dna
from stancegraph.graph.networks import build_network
from stancegraph.graph.seeds.load import default_data_dir, load_dataset

from dna_fixtures import Doc, Stmt, Study, build_dna

EMOJI = "\U0001F600"  # outside the BMP: 2 UTF-16 units, 1 code point


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _rich_study() -> Study:
    text1 = (f"Über {EMOJI} alles: Ann says the Greens back the carbon tax. "
             f"{EMOJI}{EMOJI} Labour rejects the carbon tax outright. Bob (Green Youth) wants more tax. "
             "Nobody says anything here. Ann adds: taxes are fine.")
    text2 = "Second story. The Daily opposes tax in general. Carla of Labour supports it. A stray remark."
    docs = [
        Doc("Greens and Labour split on carbon tax", text1, dt.datetime(2020, 3, 1, 10, 30),
            author="Jane Roe; John Doe", source="The Daily", section="Politics", notes="Front page.",
            type="Newspaper"),
        Doc("Tax: the second story", text2, dt.datetime(2021, 5, 2), author="Jane Roe", type="news"),
    ]
    statements = [
        Stmt(0, "Ann says the Greens back the carbon tax", "Ann", "Greens", "Carbon tax", 1),
        Stmt(0, "Labour rejects the carbon tax outright", "", "Labour Party", "Carbon tax", 0, coder="Bea"),
        Stmt(0, "Bob (Green Youth) wants more tax", "Bob", "Green Youth", "Tax", 1, coder="Bea"),
        Stmt(0, "Nobody says anything here", "", "", "Tax", 1),                       # empty actor
        Stmt(0, "Ann adds: taxes are fine", "Ann", "Greens", "", 1),                  # empty concept
        Stmt(1, "The Daily opposes tax in general", "", "The Daily", "Tax", 0),
        Stmt(1, "Carla of Labour supports it", "Carla", "Labour Party", "Tax", 1, coder="Bea"),
        Stmt(1, "A stray remark", type=2),                                            # other statement type
    ]
    return Study(
        docs, statements,
        entity_attributes={
            ("organization", "Greens"): {"Type": "party", "Alias": "Green Party; The Greens", "Notes": "Founded 1980.",
                                         "Wikipedia URL": "https://en.wikipedia.org/wiki/Greens"},
            ("organization", "Labour Party"): {"Type": "Party"},
            ("organization", "The Daily"): {"Type": "Newspaper"},
            ("concept", "Tax"): {"Notes": "Any tax.", "Alias": "Taxation", "Type": "Fiscal"},
            ("person", "Ann"): {"Alias": "A. N. Other", "Type": "MP"},
        },
        child_of={("organization", "Green Youth"): "Greens", ("concept", "Carbon tax"): "Tax", ("person", "Bob"): "Ann"},
    )


@pytest.fixture()
def rich(tmp_path):
    path = tmp_path / "study.dna"
    spans = build_dna(path, _rich_study())
    return path, spans


def _load(folder: Path):
    return load_dataset(folder, corpus=folder / "corpus")


# -- import ---------------------------------------------------------------------------------


def test_import_verifies_every_quote_and_is_canonical(rich, tmp_path):
    path, _ = rich
    out = tmp_path / "seeds"
    result = _run("import", "dna", path, out)
    assert result.exit_code == 0, result.output
    assert ("imported 5 statements, 2 documents, 5 people, 4 organisations, 2 concepts; "
            "skipped 3 statements (empty actor: 1, empty concept: 1, statement type 'Annotation': 1); "
            "not imported: concept attribute Type (1)") in result.output
    check = _run("check", out, "--corpus", out / "corpus")
    assert check.exit_code == 0, check.output
    assert "5 quotes verified" in check.output
    fmt = _run("format", out, "--check")
    assert fmt.exit_code == 0, fmt.output


def test_import_maps_documents_entities_and_statements(rich, tmp_path):
    path, _ = rich
    import_dna(path, tmp_path / "s")
    data = _load(tmp_path / "s")
    study = _rich_study()
    quotes = {s.quote for s in data.statements.values()}
    assert quotes == {st.quote for st in study.statements if st.type == 1 and st.person + st.organization
                      and st.concept}
    greens = data.organisations["greens"]
    assert (greens.kind.value, greens.aliases, greens.note) == (
        "party", ["Green Party", "The Greens"], "Founded 1980.\nDNA Wikipedia URL: https://en.wikipedia.org/wiki/Greens")
    assert data.organisations["labour-party"].kind.value == "party"
    assert data.organisations["green-youth"].parent == "greens"
    daily = data.organisations["the-daily"]
    assert (daily.kind.value, daily.note) == ("other", "DNA type: Newspaper")
    assert data.concepts["carbon-tax"].broader == "tax"
    assert (data.concepts["tax"].definition, data.concepts["tax"].aliases) == ("Any tax.", ["Taxation"])
    ann = data.people["ann"]
    assert (ann.aliases, ann.note) == (["A. N. Other"], "DNA type: MP")
    assert data.people["bob"].note == "DNA child of: Ann"
    doc = data.documents["2020-03-01-greens-and-labour-split-on-carbon-tax"]
    assert (str(doc.date), doc.kind.value, doc.publisher, doc.authors) == (
        "2020-03-01", "other", "the-daily", ["jane-roe", "john-doe"])
    assert doc.note == "Front page.\nDNA section: Politics\nDNA type: Newspaper\nDNA time: 10:30:00 UTC"
    assert data.documents["2021-05-02-tax-the-second-story"].kind.value == "news"
    by_quote = {s.quote: s for s in data.statements.values()}
    labour = by_quote["Labour rejects the carbon tax outright"]
    assert (labour.id, labour.speaker, labour.organisation, labour.concept, labour.stance.value, labour.coder,
            labour.qualifier) == ("dna-2", None, "labour-party", "carbon-tax", "oppose", "Bea", None)
    assert {s.coder for s in data.statements.values()} == {"Admin", "Bea"}


def test_offsets_count_utf16_units_by_default_and_code_points_on_request(rich, tmp_path):
    path, spans = rich
    import_dna(path, tmp_path / "u")
    quotes = {s.id: s.quote for s in _load(tmp_path / "u").statements.values()}
    study = _rich_study()
    assert quotes["dna-2"] == study.statements[1].quote     # after three emoji: UTF-16 offsets hit it exactly
    assert quotes["dna-7"] == study.statements[6].quote     # no astral character in that document
    # DNA's own SQL (SUBSTRING counts code points) shows a shifted span after an emoji
    text = f"{EMOJI} Yes we can. Then more."
    small = tmp_path / "small.dna"
    build_dna(small, Study([Doc("T", text, dt.datetime(2020, 1, 1))], [Stmt(0, "Yes we can", "Ann", "", "Tax")]))
    with sqlite3.connect(small) as conn:
        (sql_text,) = conn.execute("SELECT substr(d.Text, s.Start + 1, s.Stop - s.Start) FROM STATEMENTS s "
                                   "JOIN DOCUMENTS d ON d.ID = s.DocumentId").fetchone()
    assert sql_text == "es we can."
    import_dna(small, tmp_path / "c", ImportOptions(offsets=OffsetUnit.CODE_POINT))
    assert [s.quote for s in _load(tmp_path / "c").statements.values()] == [sql_text]
    import_dna(small, tmp_path / "d")
    assert [s.quote for s in _load(tmp_path / "d").statements.values()] == ["Yes we can"]


def test_offsets_splitting_an_astral_character_are_refused(tmp_path):
    text = f"{EMOJI} Yes."
    path = tmp_path / "split.dna"
    build_dna(path, Study([Doc("T", text, dt.datetime(2020, 1, 1))], [Stmt(0, "Yes", "Ann", "", "Tax")]))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE STATEMENTS SET Start = 1")  # between the two halves of the emoji
    result = _run("import", "dna", path, tmp_path / "out")
    assert result.exit_code == 1
    assert "STATEMENTS row 1: Start/Stop: offsets 1–6 are outside document 1's text" in result.output
    assert not (tmp_path / "out").exists()


# -- networks: DNA's formulas, computed here ----------------------------------------------


_SCALES = {"boolean": [0, 1], "integer": [-1, 0, 1], "likert": [1, 2, 3, 4, 5]}
"""The qualifier values of each study: DNA's boolean, an integer −1…1 and an integer 1…5 scale."""


def _network_study(qualifier: str) -> Study:
    rng = random.Random(13)
    people = {"Ann": "Greens", "Bob": "Greens", "Cy": "Labour", "Di": "Labour", "Ed": "Tories", "Flo": ""}
    concepts = ["Tax", "Rail", "Health", "Schools"]
    levels = _SCALES[qualifier]
    docs, statements = [], []
    for d in range(3):
        sentences = []
        for k in range(14):
            person = rng.choice(list(people))
            sentence = f"Item {d}.{k}: {person} {EMOJI if k % 3 == 0 else ''}speaks on {rng.choice(concepts)}."
            sentences.append(sentence)
            statements.append(Stmt(d, sentence, person, people[person], rng.choice(concepts), rng.choice(levels)))
        docs.append(Doc(f"Debate {d}", " ".join(sentences), dt.datetime(2019, 1 + d, 5)))
    return Study(docs, statements, qualifier="boolean" if qualifier == "boolean" else "integer")


def _dna_cells(study: Study, var1: str):
    """a[i][j][q] over the statements with non-empty variable1 and concept (DNA's empty-value rule)."""
    a = defaultdict(lambda: defaultdict(Counter))
    for s in study.statements:
        i, j = getattr(s, var1), s.concept
        if i and j:
            a[i][j][s.agreement] += 1
    return a


def _dna_one_mode(a, levels, tie, norm):
    spread = max(levels) - min(levels)
    sim = lambda q1, q2: 1 - abs(q1 - q2) / spread  # noqa: E731
    n = {i: sum(sum(c.values()) for c in row.values()) for i, row in a.items()}
    ties = {}
    actors = sorted(a)
    for x, i in enumerate(actors):
        for i2 in actors[x + 1:]:
            w = 0.0
            m10 = m01 = m11 = 0
            for j in set(a[i]) | set(a[i2]):
                for k in levels:
                    for k2 in levels:
                        s = sim(k, k2)
                        w += a[i][j][k] * a[i2][j][k2] * (s if tie == "congruence" else 1 - s)
                    x1, x2 = a[i][j][k], a[i2][j][k]
                    m10 += x1 * (x2 == 0)
                    m01 += x2 * (x1 == 0)
                    m11 += x1 * x2 * (x1 > 0 and x2 > 0)
            d = {"none": 1, "average": (n[i] + n[i2]) / 2, "jaccard": m10 + m01 + m11,
                 "cosine": n[i] * n[i2]}[norm]
            ties[frozenset((i, i2))] = w / d if d else 0.0
    return ties


def _dna_two_mode(a, qualifier, norm, boolean):
    """W[i,j] (DNA-NETWORKS.md §4): ignore Σ_k a; subtract yes − no (boolean) or Σ_k q·a (integer)."""
    cells = {}
    for i, row in a.items():
        for j, counts in row.items():
            if not sum(counts.values()):
                continue
            if qualifier == "ignore":
                cells[(i, j)] = float(sum(counts.values()))
            elif boolean:
                cells[(i, j)] = float(counts[1] - counts[0])
            else:
                cells[(i, j)] = float(sum(q * c for q, c in counts.items()))
    if norm != "none":
        side = 0 if norm == "activity" else 1
        denominators = defaultdict(float)
        for pair, value in cells.items():
            denominators[pair[side]] += value if qualifier == "ignore" else sum(a[pair[0]][pair[1]].values())
        cells = {p: (v / denominators[p[side]] if denominators[p[side]] else 0.0) for p, v in cells.items()}
    return cells


def _dna_combine(a, levels):
    """Two-mode ``combine`` (DNA-NETWORKS.md §4): Σ_k 2^(L−1−k)·[a[i,j,k] > 0] over the levels."""
    return {(i, j): float(sum(2 ** (len(levels) - 1 - k) for k, q in enumerate(levels) if counts[q] > 0))
            for i, row in a.items() for j, counts in row.items() if sum(counts.values())}


@pytest.mark.parametrize("qualifier", ["boolean", "integer", "likert"])
def test_networks_of_the_import_equal_dna_formulas(tmp_path, qualifier):
    study = _network_study(qualifier)
    path = tmp_path / "net.dna"
    build_dna(path, study)
    import_dna(path, tmp_path / "s")
    data = _load(tmp_path / "s")
    levels = [0, 1] if qualifier == "boolean" else sorted({s.agreement for s in study.statements})
    assert levels == _SCALES[qualifier]
    checked = 0
    for level, var1 in (("person", "person"), ("organisation", "organization")):
        a = _dna_cells(study, var1)
        for tie in ("congruence", "conflict", "subtract"):
            for norm in ("none", "average", "jaccard", "cosine"):
                g = build_network(data, tie, level, norm)
                ours = {frozenset((g.nodes[u]["label"], g.nodes[v]["label"])): w
                        for u, v, w in g.edges(data="weight")}
                assert {g.nodes[n]["label"] for n in g} == set(a)
                if tie == "subtract":  # congruence − conflict, each normalised by the same denominator
                    congruence = _dna_one_mode(a, levels, "congruence", norm)
                    conflict = _dna_one_mode(a, levels, "conflict", norm)
                    expected = {pair: congruence[pair] - conflict[pair] for pair in congruence}
                else:
                    expected = _dna_one_mode(a, levels, tie, norm)
                for pair, value in expected.items():
                    assert ours.get(pair, 0.0) == pytest.approx(value, abs=1e-12), (level, tie, norm, pair)
                    checked += 1
        for agg in ("ignore", "subtract"):
            for norm in ("none", "activity", "prominence"):
                g = build_network(data, "twomode", level, norm, qualifier=agg)
                ours = {}
                for u, v, w in g.edges(data="weight"):
                    actor, concept = (u, v) if g.nodes[u]["kind"] != "concept" else (v, u)
                    ours[(g.nodes[actor]["label"], g.nodes[concept]["label"])] = w
                expected = _dna_two_mode(a, agg, norm, qualifier == "boolean")
                assert set(ours) == set(expected)
                for pair, value in expected.items():
                    assert ours[pair] == pytest.approx(value, abs=1e-12), (level, agg, norm, pair)
                    checked += 1
        if qualifier != "boolean":  # DNA's integer combine code (the boolean codes are our stance bits)
            g = build_network(data, "twomode", level, qualifier="combine")
            ours = {}
            for u, v, w in g.edges(data="weight"):
                actor, concept = (u, v) if g.nodes[u]["kind"] != "concept" else (v, u)
                ours[(g.nodes[actor]["label"], g.nodes[concept]["label"])] = w
            assert ours == _dna_combine(a, levels)
            checked += len(ours)
    assert checked > 250


def test_integer_qualifier_is_kept_exactly_and_read_against_the_neutral_value(tmp_path):
    docs = [Doc("Scale", "One. Two. Three. Four. Five.", dt.datetime(2020, 1, 1))]
    statements = [Stmt(0, word, "Ann", "", "Tax", value)
                  for word, value in zip(["One", "Two", "Three", "Four", "Five"], [1, 2, 3, 4, 5])]
    path = tmp_path / "likert.dna"
    build_dna(path, Study(docs, statements, qualifier="integer"))
    import_dna(path, tmp_path / "s")
    got = {s.quote: (s.qualifier, s.stance.value) for s in _load(tmp_path / "s").statements.values()}
    assert got == {"One": (1, "oppose"), "Two": (2, "oppose"), "Three": (3, "mixed"), "Four": (4, "support"),
                   "Five": (5, "support")}
    export_dna(_load(tmp_path / "s"), tmp_path / "s" / "corpus", tmp_path / "back.dna")
    with sqlite3.connect(tmp_path / "back.dna") as conn:
        assert sorted(v for (v,) in conn.execute("SELECT Value FROM DATAINTEGER")) == [1, 2, 3, 4, 5]
        assert conn.execute("SELECT DataType FROM VARIABLES WHERE ID = 4").fetchone() == ("integer",)
    result = _run("import", "dna", path, tmp_path / "n", "--neutral", "2")
    assert result.exit_code == 0, result.output
    assert {s.quote: s.stance.value for s in _load(tmp_path / "n").statements.values()} == {
        "One": "oppose", "Two": "mixed", "Three": "support", "Four": "support", "Five": "support"}


# -- round trip and export -----------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("study", [_rich_study, lambda: _network_study("integer")], ids=["boolean", "integer"])
def test_round_trip_dna_seeds_dna_seeds_is_identical(tmp_path, study):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    build_dna(tmp_path / "a" / "study.dna", study())
    import_dna(tmp_path / "a" / "study.dna", tmp_path / "seeds1")
    result = _run("export", "dna", tmp_path / "seeds1", "-o", tmp_path / "b" / "study.dna")
    assert result.exit_code == 0, result.output
    import_dna(tmp_path / "b" / "study.dna", tmp_path / "seeds2")
    first, second = _tree(tmp_path / "seeds1"), _tree(tmp_path / "seeds2")
    assert first.keys() == second.keys()
    assert first == second


def _jasypt_matches(password: str, stored: str) -> bool:
    """jasypt StrongPasswordEncryptor.checkPassword: SHA-256, 100,000 rounds, 16-byte salt first."""
    raw = base64.b64decode(stored)
    salt, digest = raw[:16], raw[16:]
    d = hashlib.sha256(salt + password.encode("utf-8")).digest()
    for _ in range(99_999):
        d = hashlib.sha256(d).digest()
    return d == digest


# The columns of each table as DNA 3 creates them (Sql.java createTables, SQLite branch)
DNA_COLUMNS = {
    "SETTINGS": ["Property", "Value"],
    "DOCUMENTS": ["ID", "Title", "Text", "Coder", "Author", "Source", "Section", "Notes", "Type", "Date"],
    "STATEMENTTYPES": ["ID", "Label", "Red", "Green", "Blue"],
    "VARIABLES": ["ID", "Variable", "DataType", "StatementTypeId"],
    "VARIABLELINKS": ["ID", "SourceVariableId", "TargetVariableId"],
    "REGEXES": ["Label", "Red", "Green", "Blue"],
    "CODERRELATIONS": ["ID", "Coder", "OtherCoder", "viewStatements", "editStatements", "viewDocuments",
                       "editDocuments"],
    "STATEMENTS": ["ID", "StatementTypeId", "DocumentId", "Start", "Stop", "Coder"],
    "DATABOOLEAN": ["ID", "StatementId", "VariableId", "Value"],
    "DATAINTEGER": ["ID", "StatementId", "VariableId", "Value"],
    "ENTITIES": ["ID", "VariableId", "Value", "Red", "Green", "Blue", "ChildOf"],
    "DATASHORTTEXT": ["ID", "StatementId", "VariableId", "Entity"],
    "DATALONGTEXT": ["ID", "StatementId", "VariableId", "Value"],
    "ATTRIBUTEVARIABLES": ["ID", "VariableId", "AttributeVariable"],
    "ATTRIBUTEVALUES": ["ID", "EntityId", "AttributeVariableId", "AttributeValue"],
}


def test_export_is_a_database_as_dna_creates_it(rich, tmp_path):
    path, _ = rich
    import_dna(path, tmp_path / "s")
    result = _run("export", "dna", tmp_path / "s", "-o", tmp_path / "out.dna")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(tmp_path / "out.dna")
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == set(DNA_COLUMNS) | {"CODERS"}
    for table, columns in DNA_COLUMNS.items():
        assert [row[1] for row in conn.execute(f"PRAGMA table_info({table})")] == columns, table
    coder_columns = [row[1] for row in conn.execute("PRAGMA table_info(CODERS)")]
    assert coder_columns[:12] == ["ID", "Name", "Red", "Green", "Blue", "Refresh", "FontSize", "Password",
                                  "PopupWidth", "ColorByCoder", "PopupDecoration", "PopupAutoComplete"]
    assert len(coder_columns) == 28
    settings = dict(conn.execute("SELECT Property, Value FROM SETTINGS"))
    assert settings.keys() == {"version", "date", "stancegraph dataset"} and settings["version"].startswith("3.")
    dt.date.fromisoformat(settings["date"])
    assert conn.execute("SELECT ID, Label FROM STATEMENTTYPES ORDER BY ID").fetchall() == [
        (1, "DNA Statement"), (2, "NPF Story Element"), (3, "Annotation")]
    assert conn.execute("SELECT Variable, DataType FROM VARIABLES WHERE StatementTypeId = 1 ORDER BY ID").fetchall() \
        == [("person", "short text"), ("organization", "short text"), ("concept", "short text"),
            ("agreement", "boolean")]
    assert conn.execute("SELECT e.Value, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v "
                        "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId JOIN ENTITIES e ON e.ID = v.EntityId "
                        "WHERE a.VariableId = 2 AND a.AttributeVariable NOT IN ('Type', 'Alias', 'Notes')").fetchall() \
        == [("Greens", "Wikipedia URL", "https://en.wikipedia.org/wiki/Greens")]
    coders = conn.execute("SELECT ID, Name, Password FROM CODERS ORDER BY ID").fetchall()
    assert [(i, n) for i, n, _ in coders] == [(1, "Admin"), (2, "Bea")]
    assert _jasypt_matches("admin", coders[0][2]) and not _jasypt_matches("other", coders[0][2])
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # offsets: UTF-16 units into the stored text give each quote back
    for text, start, stop, sid in conn.execute(
            "SELECT d.Text, s.Start, s.Stop, s.ID FROM STATEMENTS s JOIN DOCUMENTS d ON d.ID = s.DocumentId"):
        units = text.encode("utf-16-le")
        quote = units[2 * start:2 * stop].decode("utf-16-le")
        assert quote == _load(tmp_path / "s").statements[f"dna-{sid}"].quote
    conn.close()


def test_export_of_the_nhs_dataset_imports_back_with_every_quote(corpus, tmp_path):
    result = _run("export", "dna", "--corpus", corpus, "-o", tmp_path / "nhs.dna")
    assert result.exit_code == 0, result.output
    nhs = load_dataset(corpus=corpus)
    import_dna(tmp_path / "nhs.dna", tmp_path / "s")
    back = _load(tmp_path / "s")
    assert len(back.quote_matches) == len(back.statements) == len(nhs.statements)
    assert sorted((s.quote, s.stance.value) for s in back.statements.values()) == \
        sorted((s.quote, s.stance.value) for s in nhs.statements.values())
    partial = [d for d in nhs.documents.values() if d.date.precision.value != "day"]
    assert sorted(str(d.date) for d in back.documents.values() if d.date.precision.value != "day") == \
        sorted(str(d.date) for d in partial)


def test_export_rdf_form_still_works(tmp_path):
    result = _run("export", "--format", "ntriples", "-o", tmp_path / "g.nt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.nt").read_text(encoding="utf-8").count(" .\n") > 1000


# -- bad input: one line each, exit 1, nothing written -------------------------------------


def _dna2(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE SETTINGS (Property TEXT PRIMARY KEY, Value TEXT)")
    conn.execute("INSERT INTO SETTINGS VALUES ('version', '2.0 beta 25')")
    conn.execute("CREATE TABLE CODERPERMISSIONS (ID INTEGER PRIMARY KEY, Coder INTEGER, Type TEXT, Permission INTEGER)")
    conn.execute("CREATE TABLE DATASHORTTEXT (ID INTEGER PRIMARY KEY, StatementId INTEGER, VariableId INTEGER, Value TEXT)")
    conn.commit()
    conn.close()


def _broken_fk(path: Path) -> None:
    build_dna(path, _rich_study())
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE STATEMENTS SET DocumentId = 99 WHERE ID = 3")


def _outside(path: Path) -> None:
    build_dna(path, _rich_study())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE STATEMENTS SET Start = 5000, Stop = 5010 WHERE ID IN (1, 6)")


BAD = {
    "not-sqlite": (lambda p: p.write_text("id,text\n1,hello\n"), (), ["not an SQLite database"]),
    "dna2": (_dna2, (), ["a DNA 2 database (SETTINGS version 2.0 beta 25); stancegraph reads DNA 3 databases "
                         "only: bring its documents and statements into a DNA 3 database first"]),
    "no-statement-type": (lambda p: build_dna(p, _rich_study()), ("--statement-type", "Claims"),
                          ["--statement-type: no statement type 'Claims' (found: 'Annotation', 'DNA Statement')"]),
    "no-variable": (lambda p: build_dna(p, _rich_study()), ("--person-var", "speaker", "--qualifier-var", "concept"),
                    ["--person-var: no variable 'speaker' (variables: agreement, concept, organization, person)",
                     "--qualifier-var: variable 'concept' is short text; expected boolean or integer"]),
    "offsets-outside": (_outside, (), ["STATEMENTS row 1: Start/Stop: offsets 5000–5010 are outside",
                                       "STATEMENTS row 6: Start/Stop: offsets 5000–5010 are outside"]),
    "broken-foreign-key": (_broken_fk, (), [
        "STATEMENTS row 3: DocumentId: refers to DOCUMENTS ID 99, which does not exist (broken foreign key)"]),
    "empty-file": (lambda p: p.write_bytes(b""), (), ["not an SQLite database"]),
    "truncated-header": (lambda p: p.write_bytes(b"SQLite format"), (), ["not an SQLite database"]),
    "sqlite-not-dna": (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.close(), (),
                       ["an SQLite database but not a DNA 3 database"]),
    "no-qualifier-value": (lambda p: _edit(p, "DELETE FROM DATABOOLEAN WHERE StatementId = 2"), (),
                           ["STATEMENTS row 2: agreement: no boolean value for 'agreement'"]),
    **{f"broken-foreign-key-{table.lower()}": (
        lambda p, sql=sql: _edit(p, sql), (),
        [f"{table} row {row}: {column}: refers to {parent} ID 999, which does not exist (broken foreign key)"])
       for table, row, column, parent, sql in [
           ("DATASHORTTEXT", 1, "Entity", "ENTITIES", "UPDATE DATASHORTTEXT SET Entity = 999 WHERE ID = 1"),
           ("ENTITIES", 1, "ChildOf", "ENTITIES", "UPDATE ENTITIES SET ChildOf = 999 WHERE ID = 1"),
           ("DATABOOLEAN", 1, "StatementId", "STATEMENTS", "UPDATE DATABOOLEAN SET StatementId = 999 WHERE ID = 1"),
           ("ATTRIBUTEVALUES", 1, "EntityId", "ENTITIES", "UPDATE ATTRIBUTEVALUES SET EntityId = 999 WHERE ID = 1"),
           ("STATEMENTS", 1, "Coder", "CODERS", "UPDATE STATEMENTS SET Coder = 999 WHERE ID = 1"),
       ]},
}


def _edit(path: Path, sql: str) -> None:
    build_dna(path, _rich_study())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_out_dir_that_is_not_empty_is_refused(rich, tmp_path):
    path, _ = rich
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.yaml").write_text("x: 1\n")
    result = _run("import", "dna", path, tmp_path / "out")
    assert result.exit_code == 2
    assert "exists and is not an empty folder" in result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.yaml"]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_one_line_each_exit_1_nothing_written(tmp_path, case):
    make, options, lines = BAD[case]
    path = tmp_path / "bad.dna"
    make(path)
    result = _run("import", "dna", path, tmp_path / "out", *options)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(lines), result.output
    for expected in lines:
        assert any(expected in line for line in errors), (expected, result.output)
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.dna"]


def test_export_reports_every_quote_missing_from_its_text(rich, tmp_path):
    path, _ = rich
    import_dna(path, tmp_path / "s")
    statements = tmp_path / "s" / "statements.yaml"
    data = yaml.safe_load(statements.read_text(encoding="utf-8"))
    (tmp_path / "s" / "corpus" / "2021-05-02-tax-the-second-story.txt").write_text("Rewritten.", encoding="utf-8")
    result = _run("export", "dna", tmp_path / "s", "-o", tmp_path / "x.dna")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2 and all("quote: not found in 2021-05-02-tax-the-second-story.txt" in e for e in errors)
    assert not (tmp_path / "x.dna").exists()
    assert len(data["statements"]) == 5


# -- RDF: the new statement fields ------------------------------------------------------------


def test_qualifier_and_coder_in_rdf_shacl_and_back(tmp_path):
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from stancegraph.graph.rdf.from_rdf import dataset_from_graph
    from stancegraph.graph.rdf.mapping import build_graph
    from stancegraph.graph.rdf.shacl import validate_graph
    from stancegraph.schema.vocab import SG

    study = _network_study("integer")
    build_dna(tmp_path / "n.dna", study)
    import_dna(tmp_path / "n.dna", tmp_path / "s")
    data = _load(tmp_path / "s")
    graph = build_graph(data)
    node = URIRef(f"{data.info.base_iri}statement/dna-1")
    assert graph.value(node, SG.qualifier) == Literal(study.statements[0].agreement, datatype=XSD.integer)
    assert graph.value(node, SG.coder) == Literal("Admin")
    assert validate_graph(graph).conforms
    back = dataset_from_graph(graph)
    assert {s.id: (s.qualifier, s.coder) for s in back.statements.values()} == \
        {s.id: (s.qualifier, s.coder) for s in data.statements.values()}
    graph.add((node, SG.qualifier, Literal("high")))
    assert not validate_graph(graph).conforms


def test_import_of_awkward_strings_is_canonical(tmp_path):
    """Values YAML treats specially, multi-line and long notes, NEL: every seed file stays canonical."""
    names = ["yes", "null", "# hash", "a: b", "'quoted'", '"double"', "- dash", "100", "2010-01-01", "~",
             "@at", "%pct", "*star", "&amp", "!bang", "{brace", "[br", "trailing ", "x\u2028y", "é\u00a0ü",
             "nel\x85x", "tab\tin"]
    text = " ".join(f"<{i}> {name} said it." for i, name in enumerate(names)) + "\nLine two: spans\nlines."
    statements = [Stmt(0, f"<{i}> {name} said it.", name, "", "Tax") for i, name in enumerate(names)]
    statements.append(Stmt(0, "Line two: spans\nlines.", "Ann", "", "Tax"))
    study = Study([Doc("Awkward: 'names'", text, dt.datetime(2020, 1, 1), notes="first\nsecond " + "long " * 300)],
                  statements, entity_attributes={("person", "Ann"): {"Notes": "line one\nline two"}})
    build_dna(tmp_path / "awk.dna", study)
    import_dna(tmp_path / "awk.dna", tmp_path / "s")
    assert _run("format", tmp_path / "s", "--check").exit_code == 0
    data = _load(tmp_path / "s")
    assert {p.name for p in data.people.values()} == {" ".join(n.split()) for n in names} | {"Ann"}
    assert len(data.quote_matches) == len(names) + 1


def test_seed_text_is_canonical_for_every_character():
    """The importer's fast YAML writer gives ruamel's canonical layout for every character.

    Every code point of U+0000–U+30FF (and astral samples) inside a string; at the start of
    a string, every one that is not a letter or digit above U+00FF (letters behave alike).
    """
    import unicodedata

    from stancegraph.graph.interop.dna.importer import _seed_text
    from stancegraph.graph.seeds.canonical import canonical_text

    chars = [chr(c) for c in range(0x3100) if not 0xD800 <= c <= 0xDFFF] + ["\ufeff", "\ufffd", EMOJI, "\U0010fffd"]
    leading = [ch for ch in chars if ord(ch) < 0x100 or unicodedata.category(ch)[0] not in "LN"]
    records = [{"id": f"s-{n}", "quote": " ".join(f"a{ch}b" for ch in chars[n:n + 40]),
                "aliases": [f"{ch}x" for ch in leading[n:n + 40]]} for n in range(0, len(chars), 40)]
    records.append({"id": "long", "quote": "word " * 400, "aliases": ["x" * 1200]})
    text = _seed_text("statements", records)
    assert canonical_text(text) == text


@pytest.mark.parametrize("name", ["offsets", "notes", "mapping", "schema"])
def test_docstring_examples(name):
    import doctest
    import importlib

    module = importlib.import_module(f"stancegraph.graph.interop.dna.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_export_keeps_each_text_exactly_and_its_spans(tmp_path):
    """NFD letters, CRLF line ends, no-break spaces and astral characters: Text and spans survive unchanged."""
    text = (f"Cafe\u0301 owners\r\nsay: \u201cwe back the co\u2011op\u201d.\u00a0{EMOJI} Then\r\n"
            f"the re\u0301gion\u2019s board opposes {EMOJI}{EMOJI} it.")
    quotes = ["Cafe\u0301 owners\r\nsay", "we back the co\u2011op", "the re\u0301gion\u2019s board opposes"]
    statements = [Stmt(0, q, "Ann", "", "Co-ops", i % 2) for i, q in enumerate(quotes)]
    build_dna(tmp_path / "t.dna", Study([Doc("Texts", text, dt.datetime(2020, 1, 1))], statements))
    import_dna(tmp_path / "t.dna", tmp_path / "s")
    export_dna(_load(tmp_path / "s"), tmp_path / "s" / "corpus", tmp_path / "back.dna")
    with sqlite3.connect(tmp_path / "back.dna") as conn:
        (stored,) = conn.execute("SELECT Text FROM DOCUMENTS").fetchone()
        spans = conn.execute("SELECT Start, Stop FROM STATEMENTS ORDER BY ID").fetchall()
    assert stored == text
    units = text.encode("utf-16-le")
    assert [units[2 * a:2 * b].decode("utf-16-le") for a, b in spans] == quotes
    # counted in code points instead, DNA's own SQL SUBSTRING shows the same quotes
    export_dna(_load(tmp_path / "s"), tmp_path / "s" / "corpus", tmp_path / "cp.dna", offsets=OffsetUnit.CODE_POINT)
    with sqlite3.connect(tmp_path / "cp.dna") as conn:
        shown = [q for (q,) in conn.execute("SELECT substr(d.Text, s.Start + 1, s.Stop - s.Start) FROM STATEMENTS s "
                                            "JOIN DOCUMENTS d ON d.ID = s.DocumentId ORDER BY s.ID")]
    assert shown == quotes


def test_export_without_texts_is_one_line(tmp_path):
    result = _run("export", "dna", "-o", tmp_path / "x.dna")  # the embedded dataset, no corpus given
    assert result.exit_code == 2  # one cause, one line naming the folder tried (tests/test_new_user_fixes.py B15)
    assert [line for line in result.output.splitlines() if "corpus" in line] == [
        f"Error: no corpus folder: {default_data_dir() / 'corpus'} "
        "does not exist; give --corpus, the folder of the documents' texts (DNA stores every document's text)"]
    assert not (tmp_path / "x.dna").exists()


def test_export_gives_people_of_one_name_distinct_entities(rich, tmp_path):
    path, _ = rich
    import_dna(path, tmp_path / "s")
    people = tmp_path / "s" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: Carla", "name: Ann"), encoding="utf-8")
    export_dna(_load(tmp_path / "s"), tmp_path / "s" / "corpus", tmp_path / "x.dna")
    with sqlite3.connect(tmp_path / "x.dna") as conn:
        names = [v for (v,) in conn.execute("SELECT Value FROM ENTITIES WHERE VariableId = 1 ORDER BY ID")]
    assert names[:2] == ["Ann", "Bob"] and "Ann (carla)" in names
