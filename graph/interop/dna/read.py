"""Read a DNA 3 database (SQLite) into plain records, checking it as DNA would.

The tables and columns read are those of ``Sql.createTables`` (leifeld-lab/dna
``dna/src/main/java/sql/Sql.java``): DOCUMENTS, CODERS, STATEMENTTYPES, VARIABLES,
STATEMENTS, DATASHORTTEXT → ENTITIES (with ``ChildOf`` and the
ATTRIBUTEVARIABLES/ATTRIBUTEVALUES of each entity), DATABOOLEAN, DATAINTEGER and
DATALONGTEXT. The standard library's :mod:`sqlite3` reads them; the file is
opened read-only.

Problems that make the file unreadable — not SQLite, a DNA 2 database, not a DNA
database, a foreign key pointing nowhere, a value DNA would never write in a column
the import reads (:mod:`.columns`) — are collected and raised together as a
:class:`~stancegraph.graph.errors.DataError`, one problem each.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DataError, Problem, UsageError
from .columns import column_problems
from .schema import SQLITE_MAGIC, dna_generation

__all__ = ["DnaDocument", "DnaVariable", "DnaEntity", "DnaStatement", "DnaDatabase", "read_dna"]


@dataclass(frozen=True)
class DnaDocument:
    """A row of DOCUMENTS; ``date`` in Unix seconds (UTC), as DNA stores it."""

    id: int
    title: str
    text: str
    author: str
    source: str
    section: str
    notes: str
    type: str
    date: int


@dataclass(frozen=True)
class DnaVariable:
    """A row of VARIABLES: a variable of one statement type."""

    id: int
    name: str
    data_type: str
    statement_type: int


@dataclass(frozen=True)
class DnaEntity:
    """A row of ENTITIES (a value of a short-text variable) with its attributes."""

    id: int
    variable: int
    value: str
    child_of: int | None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DnaStatement:
    """A row of STATEMENTS with its values by variable id.

    ``values`` holds an entity id (short text), an int (boolean, integer) or a
    string (long text).
    """

    id: int
    statement_type: int
    document: int
    start: int
    stop: int
    coder: str | None
    values: dict[int, int | str] = field(default_factory=dict)


@dataclass
class DnaDatabase:
    """Everything read from one DNA 3 database."""

    path: Path
    version: str | None
    statement_types: dict[int, str]
    variables: dict[int, DnaVariable]
    documents: dict[int, DnaDocument]
    entities: dict[int, DnaEntity]
    statements: list[DnaStatement]
    settings: dict[str, str] = field(default_factory=dict)
    """The ``SETTINGS`` rows, Property → Value (DNA's ``version`` and ``date``, and
    stancegraph's ``DATASET_SETTING`` in a database it exported)."""

    def statement_type_id(self, label: str) -> int | None:
        """The id of the statement type called ``label`` (lowest id if repeated), or None."""
        ids = [i for i, name in self.statement_types.items() if name == label]
        return min(ids) if ids else None

    def variables_of(self, statement_type: int) -> dict[str, DnaVariable]:
        """The variables of a statement type by name."""
        return {v.name: v for v in self.variables.values() if v.statement_type == statement_type}


def read_dna(path: str | Path) -> DnaDatabase:
    """Read a DNA 3 ``.dna`` file.

    Parameters
    ----------
    path : str or Path
        The SQLite database DNA 3 wrote.

    Returns
    -------
    DnaDatabase

    Raises
    ------
    UsageError
        When the file does not exist or cannot be read.
    DataError
        When it is not an SQLite database, is a DNA 2 database or no DNA database
        at all, a foreign key points to a missing row, or a column the import reads
        holds a value DNA would not write (:func:`~.columns.column_problems`): one
        problem per row and column.
    """
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head != SQLITE_MAGIC:
        raise DataError([Problem(name, None, None, None,
                                 "not an SQLite database, so not a DNA 3 database (DNA 3 saves .dna files as SQLite)")])
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UsageError(f"cannot open {path}: {exc}") from None
    try:
        return _read(conn, path)
    except sqlite3.DatabaseError as exc:
        raise DataError([Problem(name, None, None, None, f"unreadable SQLite database: {exc}")]) from None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, path: Path) -> DnaDatabase:
    name = path.name
    generation, version = dna_generation(conn)
    if generation == 2:
        raise DataError([Problem(
            name, None, None, None,
            f"a DNA 2 database (SETTINGS version {version or 'unknown'}); stancegraph reads DNA 3 databases only: "
            "bring its documents and statements into a DNA 3 database first, then import that file",
        )])
    if generation is None:
        raise DataError([Problem(name, None, None, None,
                                 "an SQLite database but not a DNA 3 database (its DNA tables are missing)")])
    problems = column_problems(conn, name)
    bad = {(p.record, p.field) for p in problems}
    try:  # a value already refused (ChildOf -1) is not also a broken key
        problems += [p for p in _foreign_key_problems(conn, name) if (p.record, p.field) not in bad]
    except sqlite3.DatabaseError as exc:  # a key referring to a column that is no key: DNA's tables were changed
        problems.append(Problem(name, None, None, None, f"foreign keys cannot be checked: {exc}"))
    if problems:
        raise DataError(problems)

    statement_types = {i: label for i, label in conn.execute("SELECT ID, Label FROM STATEMENTTYPES")}
    variables = {i: DnaVariable(i, v, t, st) for i, v, t, st in
                 conn.execute("SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES")}
    documents = {
        row[0]: DnaDocument(*row) for row in conn.execute(
            "SELECT ID, Title, Text, Author, Source, Section, Notes, Type, Date FROM DOCUMENTS ORDER BY ID")
    }
    attributes: dict[int, dict[str, str]] = {}
    for entity, attribute, value in conn.execute(
            "SELECT v.EntityId, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v "
            "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId ORDER BY a.ID"):
        attributes.setdefault(entity, {})[attribute] = value or ""
    entities = {
        i: DnaEntity(i, variable, value or "", child, attributes.get(i, {}))
        for i, variable, value, child in conn.execute("SELECT ID, VariableId, Value, ChildOf FROM ENTITIES")
    }
    coders = dict(conn.execute("SELECT ID, Name FROM CODERS"))
    values: dict[int, dict[int, int | str]] = {}
    for table, column in (("DATASHORTTEXT", "Entity"), ("DATABOOLEAN", "Value"), ("DATAINTEGER", "Value"),
                          ("DATALONGTEXT", "Value")):
        for statement, variable, value in conn.execute(
                f"SELECT StatementId, VariableId, {column} FROM {table}"):  # noqa: S608 - fixed names
            values.setdefault(statement, {})[variable] = value if value is not None else ""
    statements = [
        DnaStatement(i, st, doc, start, stop, coders.get(coder), values.get(i, {}))
        for i, st, doc, start, stop, coder in conn.execute(
            "SELECT ID, StatementTypeId, DocumentId, Start, Stop, Coder FROM STATEMENTS ORDER BY ID")
    ]
    settings = {str(k): str(v) for k, v in conn.execute("SELECT Property, Value FROM SETTINGS")}
    return DnaDatabase(path, version, statement_types, variables, documents, entities, statements, settings)


def _foreign_key_problems(conn: sqlite3.Connection, name: str) -> list[Problem]:
    """One problem per row whose foreign key points to a missing row (``PRAGMA foreign_key_check``)."""
    problems = []
    columns: dict[tuple[str, int], str] = {}
    for table, rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check"):
        if (table, fkid) not in columns:
            for row in conn.execute(f"PRAGMA foreign_key_list({table})"):
                columns[(table, row[0])] = row[3]
        column = columns.get((table, fkid), "?")
        value = conn.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()  # noqa: S608
        shown = value[0] if value else "?"
        problems.append(Problem(name, None, f"{table} row {rowid}", column,
                                f"refers to {parent} ID {shown}, which does not exist (broken foreign key)"))
    return problems
