"""``stancegraph export dna``: a dataset → a DNA 3 database DNA opens.

The database is created with DNA's own tables and default contents
(:mod:`.schema`: the ``Admin`` coder, ``SETTINGS`` ``version``/``date``, the
``DNA Statement``, ``NPF Story Element`` and ``Annotation`` statement types), and
the dataset goes into the ``DNA Statement`` type: people → ``person``,
organisations → ``organization``, concepts → ``concept`` entities (with
``ChildOf`` from ``parent``/``broader`` and the ``Type``/``Alias``/``Notes``
attributes), statements → STATEMENTS with their values, documents → DOCUMENTS
whose Text is the corpus text, NFC-normalised, with ``Start``/``Stop`` found by
locating each quote in it (the first occurrence) and counted in UTF-16 code
units (:mod:`.offsets`).

The ``agreement`` variable is boolean (support 1, oppose 0) unless a statement
is ``mixed`` or has an integer ``qualifier``; then it is an integer: the
``qualifier`` where given, else support 1, mixed 0, oppose −1. Every coder gets
the password given (default ``admin``), hashed as DNA hashes passwords. The file
is written atomically. Notes and definitions longer than DNA's attribute values
allow (190 characters) are cut, and the report counts them.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from stancegraph.schema.dates import PartialDate
from stancegraph.schema.models import DocumentKind, OrganisationKind

from ...atomic import atomic_path
from ...errors import DataError, Problem
from ...seeds.dataset import Dataset
from ...seeds.quotes import locate_quote
from .mapping import CONCEPT_DEFINITION_PLACEHOLDER
from .notes import compose_note, parse_note
from .offsets import OffsetUnit, from_code_points
from .schema import create_tables, jasypt_password_hash

__all__ = ["export_dna", "ExportReport", "STANCE_INTEGER"]

STANCE_INTEGER = {"support": 1, "mixed": 0, "oppose": -1}
"""Integer qualifier of a stance when a statement has no ``qualifier`` of its own."""

_PERSON, _ORGANISATION, _CONCEPT, _QUALIFIER = 1, 2, 3, 4  # DNA's default variable ids
_ATTRIBUTE_IDS = {("Type", 1): 1, ("Type", 2): 2, ("Type", 3): 3, ("Alias", 1): 4, ("Alias", 2): 5,
                  ("Alias", 3): 6, ("Notes", 1): 7, ("Notes", 2): 8, ("Notes", 3): 9}
_LIMIT = 190  # DNA's CHECK (LENGTH(x) < 191)


@dataclass(frozen=True)
class ExportReport:
    """What went into the database."""

    documents: int
    statements: int
    entities: int
    coders: int
    qualifier: str
    shortened: int = 0
    """Attribute values (notes, definitions) cut to DNA's 190 characters."""

    def summary(self) -> str:
        text = (f"{self.documents} documents, {self.statements} statements, {self.entities} entities, "
                f"{self.coders} coders; agreement is {self.qualifier}")
        if self.shortened:
            text += f"; {self.shortened} notes or definitions cut to DNA's {_LIMIT} characters"
        return text


def _document_text(dataset: Dataset, doc_id: str, corpus: Path | None, problems: list[Problem]) -> str | None:
    document = dataset.documents[doc_id]
    where = f"document '{doc_id}'"
    if corpus is None:
        problems.append(Problem(None, None, where, "corpus_file", "no corpus folder given (--corpus)"))
        return None
    if document.corpus_file is None:
        problems.append(Problem(None, None, where, "corpus_file", "no corpus_file: DNA needs the document's text"))
        return None
    try:
        raw = (corpus / document.corpus_file).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(None, None, where, "corpus_file",
                                f"cannot read {corpus / document.corpus_file}: {exc.__class__.__name__}"))
        return None
    return unicodedata.normalize("NFC", raw)


def _epoch(date: PartialDate, time_text: str | None) -> int:
    day = date.earliest
    moment = _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)
    if time_text:
        try:
            clock = _dt.time.fromisoformat(time_text.removesuffix(" UTC").strip())
            moment = moment.replace(hour=clock.hour, minute=clock.minute, second=clock.second)
        except ValueError:
            pass
    return int(moment.timestamp())


def _check_length(value: str, where: str, field: str, problems: list[Problem]) -> str:
    if len(value) > _LIMIT:
        problems.append(Problem(None, None, where, field,
                                f"{len(value)} characters; DNA allows at most {_LIMIT}"))
    return value


def export_dna(dataset: Dataset, corpus: str | Path | None, output: str | Path, *,
               password: str = "admin", offsets: OffsetUnit = OffsetUnit.UTF16) -> ExportReport:
    """Write ``dataset`` as a DNA 3 database at ``output`` (atomically).

    Parameters
    ----------
    dataset : Dataset
        A loaded dataset.
    corpus : str or Path or None
        Folder of the documents' texts (DNA stores every document's full text).
    output : str or Path
        The ``.dna`` file to write.
    password : str
        Password of every coder (DNA asks for it when the database is opened).
    offsets : OffsetUnit
        Unit of ``Start``/``Stop`` (default UTF-16 code units, as DNA's editor).

    Returns
    -------
    ExportReport

    Raises
    ------
    DataError
        When a document's text is missing, a quote is not found in it, or a value
        is longer than DNA allows (190 characters) — every problem, one each;
        nothing is written.
    """
    corpus = Path(corpus) if corpus is not None else None
    problems: list[Problem] = []
    texts = {doc_id: _document_text(dataset, doc_id, corpus, problems) for doc_id in dataset.documents}
    spans: dict[str, tuple[int, int]] = {}
    for sid, statement in dataset.statements.items():
        text = texts.get(statement.document)
        if text is None:
            continue
        match = locate_quote(statement.quote, text)
        if match is None:
            problems.append(Problem(None, None, f"statement '{sid}'", "quote",
                                    f"not found in the text of document '{statement.document}'"))
            continue
        spans[sid] = from_code_points(text, match.start, match.end, offsets)

    integer = any(s.qualifier is not None or s.stance.value == "mixed" for s in dataset.statements.values())

    # coders: Admin is 1, the others in name order
    names = sorted({s.coder for s in dataset.statements.values() if s.coder} - {"Admin"})
    coder_ids = {"Admin": 1, **{n: i for i, n in enumerate(names, start=2)}}
    for n in names:
        _check_length(n, f"coder {n!r}", "coder", problems)

    # entities: one id space; values unique per variable (DNA's UNIQUE (VariableId, Value))
    entity_rows: list[tuple[int, int, str, int | None]] = []
    attribute_rows: list[tuple[int, int, str]] = []
    extra_attributes: dict[tuple[str, int], int] = {}
    entity_of: dict[tuple[int, str], int] = {}

    def add_entities(variable: int, records, value_of, parent_of, attributes_of, kind: str) -> None:
        used: set[str] = set()
        for record in records:
            value = value_of(record)
            if value in used:
                value = f"{value} ({record.id})"
            used.add(value)
            _check_length(value, f"{kind} '{record.id}'", "name", problems)
            entity_of[(variable, record.id)] = len(entity_rows) + 1
            entity_rows.append((len(entity_rows) + 1, variable, value, None))
        for record in records:
            own = entity_of[(variable, record.id)]
            parent = parent_of(record)
            if parent and (variable, parent) in entity_of:
                row = entity_rows[own - 1]
                entity_rows[own - 1] = (row[0], row[1], row[2], entity_of[(variable, parent)])
            attributes = attributes_of(record)
            for name in ("Type", "Alias", "Notes"):
                attribute_rows.append((own, _ATTRIBUTE_IDS[(name, variable)], attributes.pop(name, "")))
            for name, value in attributes.items():
                key = (name, variable)
                if key not in extra_attributes:
                    extra_attributes[key] = 9 + len(extra_attributes) + 1
                attribute_rows.append((own, extra_attributes[key], value))

    def person_attributes(p) -> dict[str, str]:
        free, fields = parse_note(p.note)
        attributes = {"Type": fields.pop("type", ""), "Alias": "; ".join(p.aliases), "Notes": free}
        fields.pop("child of", None)
        attributes.update(fields)
        return attributes

    def organisation_attributes(o) -> dict[str, str]:
        free, fields = parse_note(o.note)
        kind = "" if o.kind is OrganisationKind.OTHER else o.kind.value
        attributes = {"Type": fields.pop("type", kind), "Alias": "; ".join(o.aliases), "Notes": free}
        attributes.update(fields)
        return attributes

    def concept_attributes(c) -> dict[str, str]:
        notes = "" if c.definition == CONCEPT_DEFINITION_PLACEHOLDER else c.definition
        return {"Type": "", "Alias": "; ".join(c.aliases), "Notes": notes}

    people, organisations = list(dataset.people.values()), list(dataset.organisations.values())
    concepts = list(dataset.concepts.values())
    add_entities(_PERSON, people, lambda p: p.name, lambda p: None, person_attributes, "person")
    add_entities(_ORGANISATION, organisations, lambda o: o.name, lambda o: o.parent, organisation_attributes,
                 "organisation")
    add_entities(_CONCEPT, concepts, lambda c: c.label, lambda c: c.broader, concept_attributes, "concept")
    for (name, _variable), _ in extra_attributes.items():
        _check_length(name, f"attribute {name!r}", "note", problems)
    shortened = 0
    for index, row in enumerate(attribute_rows):
        if len(row[2]) > _LIMIT:  # a long note or definition: DNA's attribute values hold 190 characters
            attribute_rows[index] = (row[0], row[1], row[2][:_LIMIT - 1] + "…")
            shortened += 1

    # documents in (date, title, id) order
    doc_rows, doc_ids = [], {}
    ordered = sorted(dataset.documents.values(), key=lambda d: (d.date.earliest, d.title, d.id))
    for number, document in enumerate(ordered, start=1):
        doc_ids[document.id] = number
        free, fields = parse_note(document.note)
        where = f"document '{document.id}'"
        kind = "" if document.kind is DocumentKind.OTHER else document.kind.value
        author = "; ".join(dataset.people[a].name for a in document.authors if a in dataset.people)
        source = dataset.organisations[document.publisher].name if document.publisher in dataset.organisations \
            else ""
        if document.date.precision.value != "day":
            fields["date"] = str(document.date)  # the importer restores the partial date from it
        section = fields.pop("section", "")
        dna_type = fields.pop("type", kind)
        time_text = fields.pop("time", None)
        notes = compose_note(free, fields) or ""
        doc_rows.append((number, _check_length(document.title, where, "title", problems),
                         texts.get(document.id) or "", 1, _check_length(author, where, "authors", problems),
                         _check_length(source, where, "publisher", problems),
                         _check_length(section, where, "note", problems), notes,
                         _check_length(dna_type, where, "kind", problems), _epoch(document.date, time_text)))

    # statements: keep N of 'dna-N', number the others after them
    numbers: dict[str, int] = {}
    for sid in dataset.statements:
        if sid.startswith("dna-") and sid[4:].isdigit() and int(sid[4:]) > 0 and int(sid[4:]) not in numbers.values():
            numbers[sid] = int(sid[4:])
    next_number = max(numbers.values(), default=0)
    for sid in dataset.statements:
        if sid not in numbers:
            next_number += 1
            numbers[sid] = next_number
    if problems:
        raise DataError(problems)

    empty: dict[int, int] = {}

    def short_text(variable: int, record_id: str | None) -> int:
        if record_id is not None and (variable, record_id) in entity_of:
            return entity_of[(variable, record_id)]
        if variable not in empty:
            empty[variable] = len(entity_rows) + 1
            entity_rows.append((empty[variable], variable, "", None))
        return empty[variable]

    statement_rows, short_rows, qualifier_rows = [], [], []
    for sid, statement in dataset.statements.items():
        number = numbers[sid]
        start, stop = spans[sid]
        statement_rows.append((number, 1, doc_ids[statement.document], start, stop,
                               coder_ids[statement.coder] if statement.coder else 1))
        short_rows.append((number, _PERSON, short_text(_PERSON, statement.speaker)))
        short_rows.append((number, _ORGANISATION, short_text(_ORGANISATION, statement.organisation)))
        short_rows.append((number, _CONCEPT, short_text(_CONCEPT, statement.concept)))
        if integer:
            value = statement.qualifier if statement.qualifier is not None else STANCE_INTEGER[statement.stance.value]
        else:
            value = 1 if statement.stance.value == "support" else 0
        qualifier_rows.append((number, _QUALIFIER, value))

    with atomic_path(output) as tmp:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            with conn:
                create_tables(conn, jasypt_password_hash(password), "integer" if integer else "boolean")
                conn.executemany("INSERT INTO CODERS (ID, Name, Password) VALUES (?, ?, ?)",
                                 [(i, n, jasypt_password_hash(password)) for n, i in coder_ids.items() if i != 1])
                conn.executemany("INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, "
                                 "Type, Date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
                conn.executemany("INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (?, ?, ?)",
                                 [(i, v, n) for (n, v), i in extra_attributes.items()])
                conn.executemany("INSERT INTO ENTITIES (ID, VariableId, Value, ChildOf) VALUES (?, ?, ?, NULL)",
                                 [row[:3] for row in entity_rows])
                conn.executemany("UPDATE ENTITIES SET ChildOf = ? WHERE ID = ?",
                                 [(row[3], row[0]) for row in entity_rows if row[3] is not None])
                conn.executemany("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
                                 "VALUES (?, ?, ?)", attribute_rows)
                conn.executemany("INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", statement_rows)
                conn.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                                 short_rows)
                table = "DATAINTEGER" if integer else "DATABOOLEAN"
                conn.executemany(f"INSERT INTO {table} (StatementId, VariableId, Value) VALUES (?, ?, ?)",  # noqa: S608
                                 qualifier_rows)
        finally:
            conn.close()
    return ExportReport(len(doc_rows), len(statement_rows), len(entity_rows), len(coder_ids),
                        "integer" if integer else "boolean", shortened)
