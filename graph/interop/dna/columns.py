"""Every column the import reads from a DNA 3 database, and the values DNA itself would write there.

A ``.dna`` file is an SQLite database anyone can edit: SQLite keeps whatever is
put in a column (text in an INTEGER column, a number past 64 bits as a REAL, a
NULL where DNA's ``CREATE TABLE`` says NOT NULL, once the table is made without
DNA's constraints). Before any value is used, :func:`column_problems` checks each
column the import reads (:data:`COLUMNS`) against what DNA writes and reads there,
and reports every bad value as one :class:`~stancegraph.graph.errors.Problem`
``FILE: TABLE row N: Column: …``.

The bounds are DNA's (leifeld-lab/dna ``dna/src/main/java/sql/Sql.java``):
``createTables`` gives the NOT NULL and CHECK constraints (``Start >= 0``,
``Start < Stop``, ``ChildOf > 0``, the four ``DataType`` values); ids, offsets and
``DATAINTEGER``/``DATABOOLEAN`` values are read with JDBC ``getInt`` into a Java
``int`` (32-bit signed); ``Date`` is read with ``getLong`` as Unix seconds
(``LocalDateTime.ofEpochSecond``), bounded here by the years 1–9999 that Python's
``datetime`` (and so every later step) holds. A boolean is 0 or 1.

Text must be UTF-8 (SQLite keeps any bytes as TEXT, and :mod:`sqlite3` would stop
at the first such value with one line naming no row): each text column read is
fetched once more as bytes and decoded.

Checked in SQL, one scan per table: a row with any bad value is fetched and each
of its values worded in Python, so a clean database costs one pass over its
tables, plus the text columns as bytes: 0.09 s of ``read_dna``'s 0.98 s for the
benchmark's 100,000 statements (``benchmarks/dna_interop.py``'s study, best of 5;
2026-11-30, load average 6.3 on 2 cores; one earlier run at load 7.2: 0.21 s of 1.66 s).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from ...errors import Problem, shown

__all__ = ["Column", "COLUMNS", "INT_MIN", "INT_MAX", "DATE_MIN", "DATE_MAX", "column_problems", "blob_shown"]

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
"""A Java ``int``: what DNA's ``getInt`` reads an id, an offset or a statement value into."""

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
DATE_MIN = int((_dt.datetime(1, 1, 1, tzinfo=_dt.timezone.utc) - _EPOCH).total_seconds())
"""``DOCUMENTS.Date`` of 0001-01-01 00:00:00 UTC, in Unix seconds."""
DATE_MAX = int((_dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=_dt.timezone.utc) - _EPOCH).total_seconds())
"""``DOCUMENTS.Date`` of 9999-12-31 23:59:59 UTC, in Unix seconds."""

_SQL_TYPE = {"integer": "an integer", "real": "a real number", "text": "text", "blob": "a BLOB", "null": "NULL"}


@dataclass(frozen=True)
class Column:
    """One column the import reads, and the values it accepts.

    ``kind`` is ``"integer"`` (between ``low`` and ``high``), ``"text"`` (any text,
    or one of ``choices``); ``nullable`` allows NULL (DNA's column has no NOT NULL).
    """

    name: str
    kind: str
    nullable: bool = False
    low: int = INT_MIN
    high: int = INT_MAX
    choices: tuple[str, ...] = ()
    why: str = "DNA reads it as a Java int"

    def bad_sql(self) -> str:
        """An SQL condition true for a row whose value here is bad (a superset of :meth:`problem`)."""
        c = f'"{self.name}"'
        if self.kind == "integer":
            good = f"(typeof({c}) = 'integer' AND {c} BETWEEN {self.low} AND {self.high})"
        elif self.choices:
            good = f"(typeof({c}) = 'text' AND {c} IN ({', '.join(repr(x) for x in self.choices)}))"
        else:
            good = f"typeof({c}) = 'text'"
        return f"(NOT {good}" + (f" AND {c} IS NOT NULL)" if self.nullable else ")")

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` in this column (one clause), or None."""
        if value is None:
            return None if self.nullable else "is NULL; DNA always writes a value here (NOT NULL)"
        if isinstance(value, _NotUtf8):
            return None if self.kind == "text" else "is text (not UTF-8), not an integer"
        sql_type = ("integer" if isinstance(value, int) else "real" if isinstance(value, float)
                    else "text" if isinstance(value, str) else "blob")
        if sql_type == "blob":
            return f"{blob_shown(value)}, not {_SQL_TYPE[self.kind]}"
        if sql_type != self.kind:
            return f"{shown(value)} is {_SQL_TYPE[sql_type]}, not {_SQL_TYPE[self.kind]}"
        if self.kind == "integer" and not self.low <= value <= self.high:
            return f"{value} is outside {self.low:,} to {self.high:,} ({self.why})"
        if self.choices and value not in self.choices:
            return f"{shown(value)} is not one of {', '.join(self.choices)}"
        return None


BLOB_BYTES_SHOWN = 16
"""Most bytes of a BLOB a message writes (in hexadecimal); the rest are counted."""


def blob_shown(value: bytes) -> str:
    """A BLOB in a message, its first bytes in hexadecimal (never Python's ``b'…'``).

    >>> blob_shown(b"\\x00")
    'a BLOB of 1 byte (00)'
    >>> blob_shown(bytes(20))
    'a BLOB of 20 bytes (00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 …)'
    >>> blob_shown(b"")
    'an empty BLOB'
    """
    data = bytes(value)
    if not data:
        return "an empty BLOB"
    more = " …" if len(data) > BLOB_BYTES_SHOWN else ""
    return (f"a BLOB of {len(data):,} byte{'' if len(data) == 1 else 's'} "
            f"({data[:BLOB_BYTES_SHOWN].hex(' ')}{more})")


def _id(name: str, nullable: bool = False) -> Column:
    return Column(name, "integer", nullable, 1, INT_MAX, why="DNA's ids are positive Java ints")


def _text(name: str, nullable: bool = False) -> Column:
    return Column(name, "text", nullable)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "SETTINGS": (_text("Property"), _text("Value")),
    "CODERS": (_id("ID"), _text("Name")),
    "DOCUMENTS": (_id("ID"), *(_text(n) for n in ("Title", "Text", "Author", "Source", "Section", "Notes", "Type")),
                  Column("Date", "integer", low=DATE_MIN, high=DATE_MAX,
                         why="Unix seconds of the years 1 to 9999")),
    "STATEMENTTYPES": (_id("ID"), _text("Label")),
    "VARIABLES": (_id("ID"), _text("Variable"),
                  Column("DataType", "text", choices=("boolean", "integer", "long text", "short text")),
                  _id("StatementTypeId", nullable=True)),
    "ENTITIES": (_id("ID"), _id("VariableId"), _text("Value"), _id("ChildOf", nullable=True)),
    "ATTRIBUTEVARIABLES": (_id("ID"), _text("AttributeVariable")),
    "ATTRIBUTEVALUES": (_id("EntityId"), _id("AttributeVariableId"), _text("AttributeValue")),
    "STATEMENTS": (_id("ID"), _id("StatementTypeId", nullable=True), _id("DocumentId"),
                   Column("Start", "integer", low=0, why="a Java int, and DNA's CHECK (Start >= 0)"),
                   Column("Stop", "integer", low=0, why="a Java int, and DNA's CHECK (Stop >= 0)"),
                   _id("Coder", nullable=True)),
    "DATASHORTTEXT": (_id("StatementId"), _id("VariableId"), _id("Entity")),
    "DATABOOLEAN": (_id("StatementId"), _id("VariableId"),
                    Column("Value", "integer", low=0, high=1, why="a boolean: 0 or 1")),
    "DATAINTEGER": (_id("StatementId"), _id("VariableId"), Column("Value", "integer")),
    "DATALONGTEXT": (_id("StatementId"), _id("VariableId"), _text("Value", nullable=True)),
}
"""Each table the import reads, with the columns it reads (``read._read``'s queries)."""


def column_problems(conn, name: str) -> list[Problem]:
    """One problem per bad value in a column the import reads, and per row with ``Start >= Stop``.

    Parameters
    ----------
    conn : sqlite3.Connection
        An open DNA 3 database (every table of :data:`COLUMNS` present).
    name : str
        The file name the problems carry.

    Returns
    -------
    list of Problem
        ``Problem(name, None, "TABLE row N", column, message)``, N being the rowid
        (DNA's ``ID``); a column that is missing altogether is one problem.
    """
    problems = []
    factory = conn.text_factory
    for table, columns in COLUMNS.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}  # noqa: S608 - fixed names
        missing = [c.name for c in columns if c.name not in present]
        for column in missing:
            problems.append(Problem(name, None, table, column, "no such column (DNA 3 creates it)"))
        columns = tuple(c for c in columns if c.name in present)
        if not columns:
            continue
        where = " OR ".join(c.bad_sql() for c in columns)
        names = ", ".join(f'"{c.name}"' for c in columns)
        conn.text_factory = _lenient_text  # a bad row's other text may not be UTF-8 (:func:`_utf8_problems`)
        try:
            rows = conn.execute(
                f"SELECT rowid, {names} FROM {table} WHERE {where} ORDER BY rowid").fetchall()  # noqa: S608
        finally:
            conn.text_factory = factory
        for rowid, *values in rows:
            for column, value in zip(columns, values):
                message = column.problem(value)
                if message:
                    problems.append(Problem(name, None, f"{table} row {rowid}", column.name, message))
    problems += _utf8_problems(conn, name)
    if not {"Start", "Stop"} & set(_missing_names(problems, "STATEMENTS")):
        for rowid, start, stop in conn.execute(
                "SELECT rowid, Start, Stop FROM STATEMENTS WHERE typeof(Start) = 'integer' "
                "AND typeof(Stop) = 'integer' AND Start >= Stop ORDER BY rowid"):
            problems.append(Problem(name, None, f"STATEMENTS row {rowid}", "Start/Stop",
                                    f"Start {start} is not before Stop {stop} (DNA's CHECK (Start < Stop))"))
    return problems


class _NotUtf8(str):
    """Text whose bytes are not UTF-8, decoded with U+FFFD: reported once, by :func:`_utf8_problems`."""


def _lenient_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _NotUtf8(data.decode("utf-8", "replace"))


def _utf8_problems(conn, name: str) -> list[Problem]:
    """One problem per text value that is not UTF-8 (SQLite stores any bytes as TEXT; :mod:`sqlite3` cannot
    read them, and would stop at the first with one line naming no row)."""
    problems = []
    texts_of = {}
    for table, columns in COLUMNS.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}  # noqa: S608 - fixed names
        texts_of[table] = [c.name for c in columns if c.kind == "text" and c.name in present]
    factory = conn.text_factory
    conn.text_factory = bytes
    try:
        for table, texts in texts_of.items():
            if not texts:
                continue
            names = ", ".join(f"CASE WHEN typeof(\"{c}\") = 'text' THEN \"{c}\" END" for c in texts)  # BLOBs: above
            for rowid, *values in conn.execute(f"SELECT rowid, {names} FROM {table} ORDER BY rowid"):  # noqa: S608
                for column, value in zip(texts, values):
                    if isinstance(value, bytes):
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError as exc:
                            problems.append(Problem(name, None, f"{table} row {rowid}", column,
                                                    f"not UTF-8 text (byte {exc.start + 1} of {len(value)}: "
                                                    f"0x{value[exc.start]:02x}); DNA writes UTF-8"))
    finally:
        conn.text_factory = factory
    return problems


def _missing_names(problems: list[Problem], table: str) -> list[str]:
    return [p.field for p in problems if p.record == table]
