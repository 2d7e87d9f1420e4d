"""Build DNA 3 ``.dna`` fixtures with sqlite3, as DNA itself would store them.

Tables come from DNA's DDL (``Sql.createTables``, copied in
``stancegraph.graph.interop.dna.schema``); rows are inserted here directly, with
``Start``/``Stop`` counted in UTF-16 code units as DNA's editor counts them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from stancegraph.graph.interop.dna.schema import CREATE_TABLES

VARIABLES = {"person": 1, "organization": 2, "concept": 3, "agreement": 4}


def utf16_offset(text: str, index: int) -> int:
    """UTF-16 code units before code point ``index`` (how Java counts)."""
    return len(text[:index].encode("utf-16-le")) // 2


@dataclass
class Doc:
    title: str
    text: str
    date: dt.datetime
    author: str = ""
    source: str = ""
    section: str = ""
    notes: str = ""
    type: str = ""


@dataclass
class Stmt:
    doc: int                 # index into the document list (0-based)
    quote: str               # exact text; the first occurrence after `after` is coded
    person: str = ""
    organization: str = ""
    concept: str = ""
    agreement: int = 1
    coder: str = "Admin"
    type: int = 1            # statement type id
    after: int = 0           # code point index to search from


@dataclass
class Study:
    docs: list[Doc]
    statements: list[Stmt]
    qualifier: str = "boolean"        # data type of 'agreement'
    entity_attributes: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    child_of: dict[tuple[str, str], str] = field(default_factory=dict)


def build_dna(path: Path, study: Study, *, foreign_keys: bool = True) -> dict[int, tuple[int, int]]:
    """Write ``study`` to ``path``; return each statement's (start, stop) code point span."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    for ddl in CREATE_TABLES:
        conn.execute(ddl)
    conn.execute("INSERT INTO SETTINGS VALUES ('version', '3.1.1'), ('date', '2026-06-27')")
    coders = ["Admin"] + sorted({s.coder for s in study.statements} - {"Admin"})
    conn.executemany("INSERT INTO CODERS (ID, Name, Password) VALUES (?, ?, 'x')",
                     [(i, n) for i, n in enumerate(coders, start=1)])
    conn.execute("INSERT INTO STATEMENTTYPES (ID, Label) VALUES (1, 'DNA Statement'), (2, 'Annotation')")
    conn.executemany("INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, 1)",
                     [(1, "person", "short text"), (2, "organization", "short text"),
                      (3, "concept", "short text"), (4, "agreement", study.qualifier)])
    conn.execute("INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (5, 'note', 'long text', 2)")
    attribute_ids = {}
    for var in (1, 2, 3):
        for name in ("Type", "Alias", "Notes"):
            cur = conn.execute("INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (?, ?)",
                               (var, name))
            attribute_ids[(var, name)] = cur.lastrowid
    for i, d in enumerate(study.docs, start=1):
        conn.execute("INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) "
                     "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                     (i, d.title, d.text, d.author, d.source, d.section, d.notes, d.type,
                      int(d.date.replace(tzinfo=dt.timezone.utc).timestamp())))
    entities: dict[tuple[int, str], int] = {}

    def entity(var_name: str, value: str) -> int:
        var = VARIABLES[var_name]
        if (var, value) not in entities:
            cur = conn.execute("INSERT INTO ENTITIES (VariableId, Value) VALUES (?, ?)", (var, value))
            entities[(var, value)] = cur.lastrowid
            attributes = study.entity_attributes.get((var_name, value), {})
            for name in ("Type", "Alias", "Notes", *[a for a in attributes if a not in ("Type", "Alias", "Notes")]):
                if (var, name) not in attribute_ids:  # a study's own attribute, e.g. 'Wikipedia URL'
                    attribute_ids[(var, name)] = conn.execute(
                        "INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (?, ?)",
                        (var, name)).lastrowid
                conn.execute("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
                             "VALUES (?, ?, ?)", (cur.lastrowid, attribute_ids[(var, name)], attributes.get(name, "")))
        return entities[(var, value)]

    for (var_name, value) in [*study.entity_attributes, *study.child_of]:
        entity(var_name, value)
    for (var_name, value), parent in study.child_of.items():
        conn.execute("UPDATE ENTITIES SET ChildOf = ? WHERE ID = ?", (entity(var_name, parent), entity(var_name, value)))
    spans = {}
    for number, s in enumerate(study.statements, start=1):
        text = study.docs[s.doc].text
        start = text.index(s.quote, s.after)
        stop = start + len(s.quote)
        spans[number] = (start, stop)
        conn.execute("INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (number, s.type, s.doc + 1, utf16_offset(text, start), utf16_offset(text, stop),
                      coders.index(s.coder) + 1))
        if s.type == 1:
            for var_name in ("person", "organization", "concept"):
                conn.execute("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                             (number, VARIABLES[var_name], entity(var_name, getattr(s, var_name))))
            table = "DATABOOLEAN" if study.qualifier == "boolean" else "DATAINTEGER"
            conn.execute(f"INSERT INTO {table} (StatementId, VariableId, Value) VALUES (?, 4, ?)",
                         (number, s.agreement))
        else:
            conn.execute("INSERT INTO DATALONGTEXT (StatementId, VariableId, Value) VALUES (?, 5, 'a note')",
                         (number,))
    conn.commit()
    conn.close()
    return spans
