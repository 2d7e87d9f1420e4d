"""The DNA 3 SQLite schema, its default contents, and telling DNA 2 and 3 apart.

Source: leifeld-lab/dna ``dna/src/main/java/sql/Sql.java`` ``createTables`` (the
SQLite branch; DNA 3.1.x). The ``CREATE TABLE`` statements below are DNA's own,
column for column and constraint for constraint, so a database written from them
is one DNA creates itself. ``createTables`` also inserts the ``Admin`` coder,
the ``SETTINGS`` rows ``version`` and ``date`` (``Dna.version``/``Dna.date``,
``dna/src/main/java/dna/Dna.java``), three statement types with their variables
and the ``Type``/``Alias``/``Notes`` attribute variables of the first three.

DNA reads the version row to decide between its DNA 2 and DNA 3 code paths
(``Sql.getCoder``: a version starting with ``2`` is DNA 2), so a DNA 2 database is
recognised by that row, or by DNA 2's own tables (``CODERPERMISSIONS``,
``ATTRIBUTES`` without ``ENTITIES``).
"""

from __future__ import annotations

import base64
import hashlib
import sqlite3
import unicodedata

__all__ = [
    "DNA_VERSION", "DNA_DATE", "DATASET_SETTING", "TABLES", "CREATE_TABLES", "SQLITE_MAGIC",
    "create_tables", "jasypt_password_hash", "dna_generation",
]

DNA_VERSION = "3.1.1"
"""``Dna.version`` written to ``SETTINGS`` (leifeld-lab/dna ``Dna.java``)."""
DNA_DATE = "2026-06-27"
"""``Dna.date`` written to ``SETTINGS``."""
DATASET_SETTING = "stancegraph dataset"
"""stancegraph's own ``SETTINGS`` row (not DNA's): the exported dataset's ``dataset``
section (id, title, description, base IRI, …) as a JSON object, read back by the
import so that ``.dna`` → seeds → ``.dna`` → seeds does not depend on the file names.
DNA reads only the ``version`` and ``date`` rows (``Sql.getCoder``, ``Sql.getVersion``)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite 3 database file."""

CREATE_TABLES = (
    "CREATE TABLE IF NOT EXISTS SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);",
    "CREATE TABLE IF NOT EXISTS CODERS(ID INTEGER NOT NULL PRIMARY KEY, "
    "Name TEXT NOT NULL CHECK (LENGTH(Name) < 191), "
    "Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), "
    "Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), "
    "Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255), "
    "Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0, "
    "FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14, "
    "Password TEXT NOT NULL CHECK (LENGTH(Password) < 191), "
    "PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300, "
    "ColorByCoder INTEGER NOT NULL CHECK (ColorByCoder BETWEEN 0 AND 1) DEFAULT 0, "
    "PopupDecoration INTEGER NOT NULL CHECK (PopupDecoration BETWEEN 0 AND 1) DEFAULT 0, "
    "PopupAutoComplete INTEGER NOT NULL CHECK (PopupAutoComplete BETWEEN 0 AND 1) DEFAULT 1, "
    + ", ".join(
        f"Permission{p} INTEGER NOT NULL CHECK (Permission{p} BETWEEN 0 AND 1) DEFAULT 1"
        for p in ("AddDocuments", "EditDocuments", "DeleteDocuments", "ImportDocuments", "AddStatements",
                  "EditStatements", "DeleteStatements", "EditAttributes", "EditRegex", "EditStatementTypes",
                  "EditCoders", "EditCoderRelations", "ViewOthersDocuments", "EditOthersDocuments",
                  "ViewOthersStatements", "EditOthersStatements")
    ) + ");",
    "CREATE TABLE IF NOT EXISTS DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, "
    "Title TEXT NOT NULL CHECK (LENGTH(Title) < 191), Text TEXT NOT NULL, Coder INTEGER, "
    "Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191), "
    "Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191), "
    "Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191), "
    "Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191), "
    "Date INTEGER NOT NULL, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);",
    "CREATE TABLE IF NOT EXISTS STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, "
    "Label TEXT NOT NULL CHECK (LENGTH(Label) < 191), "
    "Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), "
    "Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), "
    "Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));",
    "CREATE TABLE IF NOT EXISTS VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, "
    "Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191), "
    "DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR DataType = 'long text' "
    "OR DataType = 'short text') DEFAULT 'short text', StatementTypeId INTEGER, "
    "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, "
    "UNIQUE (Variable, StatementTypeId));",
    "CREATE TABLE IF NOT EXISTS VARIABLELINKS(ID INTEGER NOT NULL PRIMARY KEY, SourceVariableId INTEGER, "
    "TargetVariableId INTEGER, CHECK (TargetVariableId != SourceVariableId), "
    "FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);",
    "CREATE TABLE IF NOT EXISTS REGEXES(Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), "
    "Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255), "
    "Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255), "
    "Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255));",
    "CREATE TABLE IF NOT EXISTS CODERRELATIONS(ID INTEGER NOT NULL PRIMARY KEY, Coder INTEGER CHECK(Coder > 0), "
    "OtherCoder INTEGER CHECK(OtherCoder > 0), "
    "viewStatements INTEGER NOT NULL DEFAULT 1 CHECK(viewStatements BETWEEN 0 AND 1), "
    "editStatements INTEGER NOT NULL DEFAULT 1 CHECK(editStatements BETWEEN 0 AND 1), "
    "viewDocuments INTEGER NOT NULL DEFAULT 1 CHECK(viewDocuments BETWEEN 0 AND 1), "
    "editDocuments INTEGER NOT NULL DEFAULT 1 CHECK(editDocuments BETWEEN 0 AND 1), "
    "CHECK (Coder != OtherCoder), FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE);",
    "CREATE TABLE IF NOT EXISTS STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, "
    "DocumentId INTEGER, Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), "
    "Coder INTEGER, CHECK (Start < Stop), "
    "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE);",
    "CREATE TABLE IF NOT EXISTS DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
    "VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 1, "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));",
    "CREATE TABLE IF NOT EXISTS DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
    "VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 0, "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));",
    "CREATE TABLE IF NOT EXISTS ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, "
    "Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), Red INTEGER CHECK (Red BETWEEN 0 AND 255), "
    "Green INTEGER CHECK (Green BETWEEN 0 AND 255), Blue INTEGER CHECK (Blue BETWEEN 0 AND 255), "
    "ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value), "
    "FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);",
    "CREATE TABLE IF NOT EXISTS DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
    "VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));",
    "CREATE TABLE IF NOT EXISTS DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, "
    "VariableId INTEGER NOT NULL, Value TEXT DEFAULT '', "
    "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));",
    "CREATE TABLE IF NOT EXISTS ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, "
    "AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191), "
    "UNIQUE(VariableId, AttributeVariable), "
    "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE);",
    "CREATE TABLE IF NOT EXISTS ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL, "
    "AttributeVariableId INTEGER NOT NULL, "
    "AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191), "
    "UNIQUE (EntityId, AttributeVariableId), FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE, "
    "FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE);",
)
"""DNA 3's ``CREATE TABLE`` statements for SQLite, in DNA's order."""

TABLES = ("SETTINGS", "CODERS", "DOCUMENTS", "STATEMENTTYPES", "VARIABLES", "VARIABLELINKS", "REGEXES",
          "CODERRELATIONS", "STATEMENTS", "DATABOOLEAN", "DATAINTEGER", "ENTITIES", "DATASHORTTEXT",
          "DATALONGTEXT", "ATTRIBUTEVARIABLES", "ATTRIBUTEVALUES")
"""The tables of a DNA 3 database."""

_DEFAULT_CONTENTS = (
    ("INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (1, 'DNA Statement', 239, 208, 51);"),
    "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES(1, 'person', 'short text', 1);",
    "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES(2, 'organization', 'short text', 1);",
    "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES(3, 'concept', 'short text', 1);",
    "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES(4, 'agreement', ?, 1);",
    *(f"INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES ({v}, '{a}');"
      for a in ("Type", "Alias", "Notes") for v in (1, 2, 3)),
    "INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (2, 'NPF Story Element', 100, 200, 190);",
    *(f"INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES({i}, '{v}', 'short text', 2);"
      for i, v in ((5, "narrator"), (6, "victim"), (7, "villain"), (8, "plot"), (9, "hero"),
                   (10, "policy solution"))),
    "INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (3, 'Annotation', 211, 211, 211);",
    "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES(11, 'note', 'long text', 3);",
)


def jasypt_password_hash(password: str, salt: bytes | None = None) -> str:
    """Hash a coder password as DNA does (jasypt ``StrongPasswordEncryptor``).

    SHA-256 over salt ‖ NFC-normalised UTF-8 password, re-hashed for 100,000
    iterations in all, then base64 of salt ‖ digest (jasypt ``StandardByteDigester``
    with a 16-byte salt). DNA checks a coder's password against this hash when the
    database is opened. The salt defaults to one derived from the password, so the
    same export gives the same bytes.

    Examples
    --------
    >>> len(base64.b64decode(jasypt_password_hash("admin")))
    48
    """
    message = unicodedata.normalize("NFC", password).encode("utf-8")
    if salt is None:
        salt = hashlib.sha256(b"stancegraph-dna-salt:" + message).digest()[:16]
    digest = hashlib.sha256(salt + message).digest()
    for _ in range(100_000 - 1):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def create_tables(conn: sqlite3.Connection, admin_password_hash: str, qualifier_type: str = "boolean") -> None:
    """Create DNA 3's tables and default contents in an empty database (as ``Sql.createTables``).

    ``qualifier_type`` is the data type of the ``agreement`` variable of the
    ``DNA Statement`` type: DNA's default ``boolean``, or ``integer`` for an
    integer qualifier.
    """
    for statement in CREATE_TABLES:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password, PermissionEditStatementTypes, "
        "PermissionEditCoders, PermissionEditOthersDocuments, PermissionEditOthersStatements) "
        "VALUES (1, 'Admin', 255, 255, 0, ?, 1, 1, 1, 1);", (admin_password_hash,))
    conn.execute("INSERT INTO SETTINGS (Property, Value) VALUES ('version', ?);", (DNA_VERSION,))
    conn.execute("INSERT INTO SETTINGS (Property, Value) VALUES ('date', ?);", (DNA_DATE,))
    for statement in _DEFAULT_CONTENTS:
        conn.execute(statement, (qualifier_type,) if "?" in statement else ())


def dna_generation(conn: sqlite3.Connection) -> tuple[int | None, str | None]:
    """Which DNA wrote the database: ``(3, version)``, ``(2, version)`` or ``(None, version)``.

    DNA 2 when the ``SETTINGS`` version starts with ``2`` (DNA's own test in
    ``Sql.getCoder``) or when DNA 2's tables are present (``CODERPERMISSIONS``, or
    ``ATTRIBUTES`` without ``ENTITIES``); DNA 3 when every DNA 3 table is present;
    otherwise None (not a DNA database).
    """
    tables = {row[0].upper() for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = None
    if "SETTINGS" in tables:
        try:
            row = conn.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchone()
        except sqlite3.DatabaseError:
            row = None
        version = None if row is None else str(row[0])
    if (version or "").startswith("2") or "CODERPERMISSIONS" in tables or (
            "ATTRIBUTES" in tables and "ENTITIES" not in tables):
        return 2, version
    if set(TABLES) <= tables:
        return 3, version
    return None, version
