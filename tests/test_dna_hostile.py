"""``import dna`` on databases from a hostile world, and the integer qualifier's bound.

Every bad database is our own exporter's output edited with sqlite3: the table is
rebuilt without DNA's constraints (SQLite keeps whatever is put in a column
without a declared type), then one value is made bad. Each must give one line
``error: FILE: TABLE row N: Column: …`` (all problems in one run), exit 1, and
nothing written — never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.errors import DataError
from stancegraph.graph.interop.dna import export_dna
from stancegraph.graph.interop.dna import read as dna_read
from stancegraph.graph.interop.dna.columns import COLUMNS
from stancegraph.graph.interop.dna.read import read_dna

JAVA_INT = (-(2**31), 2**31 - 1)  # java.lang.Integer.MIN_VALUE, MAX_VALUE
UTC = dt.timezone.utc
FIRST_SECOND = int(dt.datetime(1, 1, 1, tzinfo=UTC).timestamp())            # datetime.min, in Unix seconds
LAST_SECOND = int(dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def exported(tmp_path_factory, mini_dataset, mini_corpus) -> Path:
    path = tmp_path_factory.mktemp("dna") / "mini.dna"
    export_dna(mini_dataset, mini_corpus, path)
    return path


def _loosened(conn: sqlite3.Connection, table: str, column: str) -> list[str]:
    """Rebuild ``table`` without constraints but its key, ``column`` without a declared type (rowids kept).

    Returns the key's columns.
    """
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    declared = ", ".join(
        f'"{name}"' + ((" UNIQUE" if key else "") if name == column else f" {kind}" + (" PRIMARY KEY" if key else ""))
        for _, name, kind, _null, _default, key in info)  # a key stays a key: other tables' foreign keys need it
    names = ", ".join(f'"{name}"' for _, name, *_ in info)
    conn.execute(f"CREATE TABLE loose ({declared})")
    conn.execute(f"INSERT INTO loose (rowid, {names}) SELECT rowid, {names} FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE loose RENAME TO {table}")
    return [name for _, name, _kind, _null, _default, key in info if key]


def _bad_copy(exported: Path, folder: Path, table: str, column: str, values: list) -> list[int]:
    """A copy of the export whose ``table`` has one more row per value, ``column`` holding it; their rowids.

    Each new row copies the table's last row (its key left to SQLite), so only ``column`` is bad.
    """
    path = folder / "bad.dna"
    shutil.copy(exported, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA journal_mode = MEMORY")
    keys = _loosened(conn, table, column)
    if conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0:
        # an empty table of the export (DATABOOLEAN, DATALONGTEXT…): one good row to copy
        good = {c.name: (c.choices[0] if c.choices else "x") if c.kind == "text" else max(c.low, 1)
                for c in COLUMNS[table]}
        conn.execute(f"INSERT INTO {table} ({', '.join(good)}) VALUES ({', '.join('?' * len(good))})",
                     tuple(good.values()))
    info = conn.execute(f"PRAGMA table_info({table})").fetchall()
    kept = ", ".join(f'"{name}"' for _, name, *_ in info if name not in keys)
    last = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    rows = []
    for value in values:
        row = conn.execute(f"INSERT INTO {table} ({kept}) SELECT {kept} FROM {table} WHERE rowid = ?",
                           (last,)).lastrowid
        if isinstance(value, NotUtf8):  # bytes stored as TEXT: what a non-UTF-8 writer leaves
            conn.execute(f'UPDATE {table} SET "{column}" = CAST(? AS TEXT) WHERE rowid = ?', (value.raw, row))
        else:
            conn.execute(f'UPDATE {table} SET "{column}" = ? WHERE rowid = ?', (value, row))
        rows.append(row)
    conn.commit()
    conn.close()
    return rows


class NotUtf8:
    """A TEXT value whose bytes are not UTF-8 (Latin-1 ``café``)."""

    raw = "café".encode("latin-1")

    def __repr__(self) -> str:
        return "NotUtf8"


def _bad_values(column) -> list:
    """Values DNA never writes in ``column``: another SQL type, NULL where NOT NULL, one past each bound."""
    values = [b"\x00\xff"]  # a BLOB
    values += ["hello", 1.5] if column.kind == "integer" else [5, 2.5]
    if not column.nullable:
        values.append(None)
    if column.kind == "integer":
        values += [column.low - 1, column.high + 1]
    if column.choices:
        values.append("float")
    if column.kind == "text":
        values.append(NotUtf8())
    return values


CASES = [pytest.param(table, column, id=f"{table}.{column.name}")
         for table, columns in COLUMNS.items() for column in columns]


@pytest.mark.parametrize(("table", "column"), CASES)
def test_a_bad_value_in_any_column_read_is_one_problem_naming_table_row_and_column(exported, tmp_path, table,
                                                                                  column):
    values = _bad_values(column)
    rows = _bad_copy(exported, tmp_path, table, column.name, values)
    with pytest.raises(DataError) as caught:
        read_dna(tmp_path / "bad.dna")
    for row, value in zip(rows, values):
        mine = [str(p) for p in caught.value.problems if p.record == f"{table} row {row}" and p.field == column.name]
        assert len(mine) == 1, (value, [str(p) for p in caught.value.problems])
        assert mine[0].startswith(f"bad.dna: {table} row {row}: {column.name}: ")
        assert "\n" not in mine[0]
        assert "b'" not in mine[0] and 'b"' not in mine[0], mine[0]  # no Python bytes repr
        if isinstance(value, bytes):
            assert mine[0].endswith(f"{column.name}: a BLOB of 2 bytes (00 ff), not "
                                    f"{'an integer' if column.kind == 'integer' else 'text'}"), mine[0]


def test_the_columns_checked_are_every_column_the_import_reads(exported, monkeypatch):
    """SQLite's authorizer sees each column a query reads: those of read_dna's own queries must be checked."""
    read = set()
    connect = sqlite3.connect

    def watched(*args, **kwargs):
        conn = connect(*args, **kwargs)

        def authorise(action, table, column, *_):
            if action == sqlite3.SQLITE_READ and table and not table.startswith("sqlite_") and column:
                read.add((table, column))
            return sqlite3.SQLITE_OK

        conn.set_authorizer(authorise)
        return conn

    monkeypatch.setattr(dna_read.sqlite3, "connect", watched)
    monkeypatch.setattr(dna_read, "column_problems", lambda conn, name: [])    # its own reads are COLUMNS
    monkeypatch.setattr(dna_read, "_foreign_key_problems", lambda conn, name: [])
    read_dna(exported)
    checked = {(table, c.name) for table, columns in COLUMNS.items() for c in columns}
    assert {"DOCUMENTS", "STATEMENTS", "DATAINTEGER"} <= {table for table, _ in read}
    assert read - checked == set()


def _edited(exported: Path, folder: Path, *sql: str) -> Path:
    path = folder / "a4.dna"
    shutil.copy(exported, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    _loosened(conn, "DOCUMENTS", "Date")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("date", [-99999999999999, 99999999999999, "'hello'", FIRST_SECOND - 1, LAST_SECOND + 1])
def test_a_documents_date_out_of_range_is_one_line_exit_1_nothing_written(exported, tmp_path, date):
    path = _edited(exported, tmp_path, f"UPDATE DOCUMENTS SET Date = {date} WHERE ID = 1")
    result = _run("import", "dna", path, tmp_path / "x4")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and errors[0].startswith("error: a4.dna: DOCUMENTS row 1: Date: "), result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a4.dna"]


@pytest.mark.parametrize("date, day", [(FIRST_SECOND, "0001-01-01"), (LAST_SECOND, "9999-12-31")])
def test_the_first_and_last_second_of_the_years_1_to_9999_import(exported, tmp_path, date, day):
    path = _edited(exported, tmp_path, f"UPDATE DOCUMENTS SET Date = {date} WHERE ID = 1")
    result = _run("import", "dna", path, tmp_path / "x4")
    assert result.exit_code == 0, result.output
    assert f"date: '{day}'" in (tmp_path / "x4" / "documents.yaml").read_text(encoding="utf-8")


def test_every_problem_of_a_database_in_one_run(exported, tmp_path):
    path = _edited(exported, tmp_path, "UPDATE DOCUMENTS SET Date = 'hello' WHERE ID = 1",
                   f"UPDATE DATAINTEGER SET Value = {2**31} WHERE rowid = 1",
                   "UPDATE STATEMENTS SET Start = Stop WHERE rowid = 2",
                   "UPDATE ENTITIES SET ChildOf = -1 WHERE rowid = 1")
    result = _run("import", "dna", path, tmp_path / "x4")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert [e.split(": ")[2:4] for e in errors] == [
        ["DATAINTEGER row 1", "Value"], ["DOCUMENTS row 1", "Date"], ["ENTITIES row 1", "ChildOf"],
        ["STATEMENTS row 2", "Start/Stop"]], result.output
    assert "4 problems found" in result.output


@pytest.mark.parametrize("value, ok", [(JAVA_INT[1], True), (JAVA_INT[1] + 1, False),
                                       (JAVA_INT[0], True), (JAVA_INT[0] - 1, False)])
def test_an_integer_qualifier_is_imported_up_to_the_java_int_bound(exported, tmp_path, value, ok):
    path = tmp_path / "q.dna"
    shutil.copy(exported, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE DATAINTEGER SET Value = ? WHERE rowid = 1", (value,))
    result = _run("import", "dna", path, tmp_path / "out")
    if ok:
        assert result.exit_code == 0, result.output
        assert f"qualifier: {value}\n" in (tmp_path / "out" / "statements.yaml").read_text(encoding="utf-8")
    else:
        assert result.exit_code == 1
        assert "error: q.dna: DATAINTEGER row 1: Value: " in result.output
        assert not (tmp_path / "out").exists()


# --- the integer qualifier's bound through check, build and export dna ---------------------

def _seeds_with_qualifier(mini_seeds: Path, folder: Path, value: int) -> tuple[Path, int]:
    """A copy of the mini seeds with ``qualifier: value`` on statement smith-coops; the line it is on."""
    seeds = folder / "seeds"
    shutil.copytree(mini_seeds, seeds)
    records = seeds / "records.yaml"
    lines = records.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("  - id: smith-coops\n")
    at = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    attribution:")) + 1
    lines.insert(at, f"    qualifier: {value}\n")
    records.write_text("".join(lines), encoding="utf-8")
    return seeds, at + 1


@pytest.mark.parametrize("value", [JAVA_INT[1] + 1, JAVA_INT[0] - 1, 10**38])
def test_a_qualifier_past_a_java_int_is_one_line_in_check_build_and_export(mini_seeds, mini_corpus, tmp_path,
                                                                          value):
    seeds, line = _seeds_with_qualifier(mini_seeds, tmp_path, value)
    expected = f"error: records.yaml:{line}: statement 'smith-coops': qualifier: {value} is outside"
    for args in (["check", seeds], ["build", seeds, "--out", tmp_path / "out"],
                 ["export", "dna", seeds, "--corpus", mini_corpus, "-o", tmp_path / "q.dna"]):
        result = _run(*args)
        assert result.exit_code == 1, (args, result.output)
        errors = [x for x in result.output.splitlines() if x.startswith("error")]
        assert len(errors) == 1 and errors[0].startswith(expected), (args, result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds"]


@pytest.mark.parametrize("value", JAVA_INT)
def test_a_qualifier_at_a_java_int_bound_is_checked_built_and_exported(mini_seeds, mini_corpus, tmp_path, value):
    seeds, _ = _seeds_with_qualifier(mini_seeds, tmp_path, value)
    assert _run("check", seeds).exit_code == 0
    result = _run("build", seeds, "--out", tmp_path / "out", "--corpus", mini_corpus)
    assert result.exit_code == 0, result.output
    assert f"sg:qualifier {value}" in (tmp_path / "out" / "stancegraph.ttl").read_text(encoding="utf-8")
    result = _run("export", "dna", seeds, "--corpus", mini_corpus, "-o", tmp_path / "q.dna")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "q.dna") as conn:
        assert value in {v for (v,) in conn.execute("SELECT Value FROM DATAINTEGER")}


# --- the folder import dna makes, and its options -------------------------------------------

def test_the_imported_folder_follows_the_umask(exported, tmp_path):
    old = os.umask(0o027)
    try:
        assert _run("import", "dna", exported, tmp_path / "study").exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "study").stat().st_mode & 0o777 == 0o750


def test_a_missing_parent_folder_is_refused_in_one_line(exported, tmp_path):
    """In -o's words (README: ``Error: cannot write PATH: folder … does not exist``)."""
    target = tmp_path / "nonexist" / "dir" / "x"
    result = _run("import", "dna", exported, target)
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"Error: cannot write {target}: folder {tmp_path / 'nonexist' / 'dir'} "
                                          "does not exist (create it first)"]
    assert list(tmp_path.iterdir()) == []
    # the same line as every -o names a file in a missing folder
    for args in (["export", "-o", target.with_suffix(".ttl")], ["query", "people", "-o", target.with_suffix(".csv")],
                 ["network", "-o", target.with_suffix(".json")], ["export", "dna", "-o", target.with_suffix(".dna")]):
        done = _run(*args)
        assert done.exit_code == 2, (args, done.output)
        assert done.output.splitlines() == [f"Error: cannot write {args[-1]}: folder {tmp_path / 'nonexist' / 'dir'} "
                                            "does not exist (create it first)"], args


@pytest.mark.parametrize("option, value", [("--dataset-id", "BAD ID"), ("--dataset-id", ""),
                                           ("--dataset-id", "a--b"), ("--base-iri", "nope"),
                                           ("--base-iri", "ftp://example.org/"), ("--neutral", "nan")])
def test_a_bad_import_option_is_a_usage_error_on_the_option(exported, tmp_path, option, value):
    result = _run("import", "dna", exported, tmp_path / "o7", option, value)
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: Invalid value for '{option}': ")
    assert not (tmp_path / "o7").exists()


def test_a_bad_dataset_section_stored_by_an_export_names_its_settings_row(exported, tmp_path):
    path = tmp_path / "s.dna"
    shutil.copy(exported, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE SETTINGS SET Value = json_set(Value, '$.id', 'BAD ID', '$.base_iri', 'nope') "
                     "WHERE Property = 'stancegraph dataset'")
    result = _run("import", "dna", path, tmp_path / "s1")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert [e.split(": ")[1:4] for e in errors] == [
        ["s.dna", "SETTINGS row 'stancegraph dataset'", "base_iri"],
        ["s.dna", "SETTINGS row 'stancegraph dataset'", "id"]], result.output
    assert "dataset.yaml" not in result.output
    result = _run("import", "dna", path, tmp_path / "s1", "--dataset-id", "fixed", "--base-iri", "https://x.org/f/")
    assert result.exit_code == 0, result.output
