"""``stancegraph export dna``: a dataset → a DNA 3 database DNA opens.

The database is created with DNA's own tables and default contents
(:mod:`.schema`: the ``Admin`` coder, ``SETTINGS`` ``version``/``date``, the
``DNA Statement``, ``NPF Story Element`` and ``Annotation`` statement types), and
the dataset goes into the ``DNA Statement`` type: people → ``person``,
organisations → ``organization``, concepts → ``concept`` entities (with
``ChildOf`` from ``parent``/``broader`` and the ``Type``/``Alias``/``Notes``
attributes), statements → STATEMENTS with their values, documents → DOCUMENTS
whose Text is the corpus text exactly as in its file, with ``Start``/``Stop``
found by locating each quote in it as ``check`` does (the first occurrence) and
counted in UTF-16 code units (:mod:`.offsets`).

The ``agreement`` variable is boolean (support 1, oppose 0) unless a statement
is ``mixed`` or has an integer ``qualifier``; then it is an integer: the
``qualifier`` where given, else support 1, mixed 0, oppose −1. Every coder gets
the password given (default ``admin``), hashed as DNA hashes passwords. The file
is written atomically. Notes and definitions longer than DNA's attribute values
allow (190 characters) are cut, and the report counts them.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from stancegraph.schema.dates import PartialDate
from stancegraph.schema.models import DocumentKind, OrganisationKind

from ...atomic import atomic_path
from ...errors import DataError, Problem, UsageError
from ...seeds.dataset import Dataset
from ...seeds.quotes import locate_quote
from .mapping import CONCEPT_DEFINITION_PLACEHOLDER
from .notes import compose_note, parse_note
from .offsets import OffsetUnit, from_code_points
from .schema import DATASET_SETTING, create_tables, jasypt_password_hash

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
        from ...wording import counted

        text = (f"{counted(self.documents, 'document')}, {counted(self.statements, 'statement')}, "
                f"{counted(self.entities, 'entity', 'entities')}, {counted(self.coders, 'coder')}; "
                f"agreement is {self.qualifier}")
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
    return raw


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
    UsageError
        When ``corpus`` is None and the dataset has documents.
    """
    if corpus is None and dataset.documents:  # one cause, one line (not one per document)
        raise UsageError("no corpus folder given: DNA stores every document's text; give the folder of the texts")
    corpus = Path(corpus) if corpus is not None else None
    problems: list[Problem] = []
    texts = {doc_id: _document_text(dataset, doc_id, corpus, problems) for doc_id in dataset.documents}
    spans = _spans(dataset, texts, offsets, problems)
    integer = any(s.qualifier is not None or s.stance.value == "mixed" for s in dataset.statements.values())
    names = sorted({s.coder for s in dataset.statements.values() if s.coder} - {"Admin"})
    coder_ids = {"Admin": 1, **{n: i for i, n in enumerate(names, start=2)}}  # Admin is DNA's coder 1
    for n in names:
        _check_length(n, f"coder {n!r}", "coder", problems)
    entities = _Entities(problems)
    people_by_name = {p.name: p.id for p in reversed(list(dataset.people.values()))}
    entities.add(_PERSON, dataset.people.values(), lambda p: p.name,
                 lambda p: people_by_name.get(parse_note(p.note)[1].get("child of", "")), _person_attributes, "person")
    entities.add(_ORGANISATION, dataset.organisations.values(), lambda o: o.name, lambda o: o.parent,
                 _organisation_attributes, "organisation")
    entities.add(_CONCEPT, dataset.concepts.values(), lambda c: c.label, lambda c: c.broader, _concept_attributes,
                 "concept")
    doc_rows, doc_ids = _document_rows(dataset, texts, problems)
    numbers = _statement_numbers(dataset)
    if problems:
        raise DataError(problems)

    statement_rows, short_rows, qualifier_rows = [], [], []
    for sid, statement in dataset.statements.items():
        number = numbers[sid]
        start, stop = spans[sid]
        statement_rows.append((number, 1, doc_ids[statement.document], start, stop,
                               coder_ids[statement.coder] if statement.coder else 1))
        short_rows.append((number, _PERSON, entities.entity(_PERSON, statement.speaker)))
        short_rows.append((number, _ORGANISATION, entities.entity(_ORGANISATION, statement.organisation)))
        short_rows.append((number, _CONCEPT, entities.entity(_CONCEPT, statement.concept)))
        if integer:
            value = statement.qualifier if statement.qualifier is not None else STANCE_INTEGER[statement.stance.value]
        else:
            value = 1 if statement.stance.value == "support" else 0
        qualifier_rows.append((number, _QUALIFIER, value))

    hashed = jasypt_password_hash(password)
    # the dataset section, so the import gives back the same id, title and base IRI whatever the file is called
    info = json.dumps(dataset.info.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)
    with atomic_path(output) as tmp:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            with conn:
                create_tables(conn, hashed, "integer" if integer else "boolean")
                conn.execute("INSERT INTO SETTINGS (Property, Value) VALUES (?, ?)", (DATASET_SETTING, info))
                conn.executemany("INSERT INTO CODERS (ID, Name, Password) VALUES (?, ?, ?)",
                                 [(i, n, hashed) for n, i in coder_ids.items() if i != 1])
                conn.executemany("INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, "
                                 "Type, Date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
                conn.executemany("INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (?, ?, ?)",
                                 [(i, v, n) for (n, v), i in entities.own_attributes.items()])
                conn.executemany("INSERT INTO ENTITIES (ID, VariableId, Value, ChildOf) VALUES (?, ?, ?, NULL)",
                                 [row[:3] for row in entities.rows])
                conn.executemany("UPDATE ENTITIES SET ChildOf = ? WHERE ID = ?",
                                 [(row[3], row[0]) for row in entities.rows if row[3] is not None])
                conn.executemany("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
                                 "VALUES (?, ?, ?)", entities.attribute_rows)
                conn.executemany("INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", statement_rows)
                conn.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                                 short_rows)
                table = "DATAINTEGER" if integer else "DATABOOLEAN"
                conn.executemany(f"INSERT INTO {table} (StatementId, VariableId, Value) VALUES (?, ?, ?)",  # noqa: S608
                                 qualifier_rows)
        finally:
            conn.close()
    return ExportReport(len(doc_rows), len(statement_rows), len(entities.rows), len(coder_ids),
                        "integer" if integer else "boolean", entities.shortened)


def _spans(dataset: Dataset, texts: dict[str, str | None], offsets: OffsetUnit,
           problems: list[Problem]) -> dict[str, tuple[int, int]]:
    """Each statement's ``(Start, Stop)``: its quote's first occurrence in its document's text."""
    spans = {}
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
    return spans


class _Entities:
    """ENTITIES and ATTRIBUTEVALUES rows: one value per record, unique per variable.

    DNA's ``UNIQUE (VariableId, Value)`` allows one entity per name: a second
    record of the same name gets its id in brackets. Attribute values longer than
    DNA's 190 characters are cut and counted in ``shortened``.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.rows: list[tuple[int, int, str, int | None]] = []
        self.attribute_rows: list[tuple[int, int, str]] = []
        self.own_attributes: dict[tuple[str, int], int] = {}
        self.ids: dict[tuple[int, str], int] = {}
        self.empty: dict[int, int] = {}
        self.shortened = 0

    def add(self, variable: int, records, value_of, parent_of, attributes_of, kind: str) -> None:
        records = list(records)
        used: set[str] = set()
        for record in records:
            value = value_of(record)
            if value in used:
                value = f"{value} ({record.id})"
            used.add(value)
            _check_length(value, f"{kind} '{record.id}'", "name", self.problems)
            self.ids[(variable, record.id)] = len(self.rows) + 1
            self.rows.append((len(self.rows) + 1, variable, value, None))
        for record in records:
            own = self.ids[(variable, record.id)]
            parent = parent_of(record)
            if parent and parent != record.id and (variable, parent) in self.ids:
                row = self.rows[own - 1]
                self.rows[own - 1] = (row[0], row[1], row[2], self.ids[(variable, parent)])
            attributes = attributes_of(record)
            for name in ("Type", "Alias", "Notes"):
                self._attribute(own, _ATTRIBUTE_IDS[(name, variable)], attributes.pop(name, ""))
            for name, value in attributes.items():
                if (name, variable) not in self.own_attributes:
                    self.own_attributes[(name, variable)] = len(_ATTRIBUTE_IDS) + len(self.own_attributes) + 1
                    _check_length(name, f"attribute {name!r}", "note", self.problems)
                self._attribute(own, self.own_attributes[(name, variable)], value)

    def _attribute(self, entity: int, attribute: int, value: str) -> None:
        if len(value) > _LIMIT:  # a long note or definition: DNA's attribute values hold 190 characters
            value = value[:_LIMIT - 1] + "…"
            self.shortened += 1
        self.attribute_rows.append((entity, attribute, value))

    def entity(self, variable: int, record_id: str | None) -> int:
        """The entity of a record, or the variable's empty entity (``''``) for None."""
        if record_id is not None and (variable, record_id) in self.ids:
            return self.ids[(variable, record_id)]
        if variable not in self.empty:
            self.empty[variable] = len(self.rows) + 1
            self.rows.append((self.empty[variable], variable, "", None))
        return self.empty[variable]


def _person_attributes(p) -> dict[str, str]:
    free, fields = parse_note(p.note)
    fields.pop("child of", None)
    return {"Type": fields.pop("type", ""), "Alias": "; ".join(p.aliases), "Notes": free, **fields}


def _organisation_attributes(o) -> dict[str, str]:
    free, fields = parse_note(o.note)
    kind = "" if o.kind is OrganisationKind.OTHER else o.kind.value
    return {"Type": fields.pop("type", kind), "Alias": "; ".join(o.aliases), "Notes": free, **fields}


def _concept_attributes(c) -> dict[str, str]:
    notes = "" if c.definition == CONCEPT_DEFINITION_PLACEHOLDER else c.definition
    return {"Type": "", "Alias": "; ".join(c.aliases), "Notes": notes}


def _document_rows(dataset: Dataset, texts: dict[str, str | None], problems: list[Problem]):
    """DOCUMENTS rows in (date, title, id) order, and the DNA ID of each document."""
    rows, ids = [], {}
    ordered = sorted(dataset.documents.values(), key=lambda d: (d.date.earliest, d.title, d.id))
    for number, document in enumerate(ordered, start=1):
        ids[document.id] = number
        free, fields = parse_note(document.note)
        where = f"document '{document.id}'"
        kind = "" if document.kind is DocumentKind.OTHER else document.kind.value
        author = "; ".join(dataset.people[a].name for a in document.authors if a in dataset.people)
        source = dataset.organisations[document.publisher].name if document.publisher in dataset.organisations \
            else ""
        if document.date.precision.value != "day":
            fields["date"] = str(document.date)  # the importer restores the partial date from it
        section, dna_type = fields.pop("section", ""), fields.pop("type", kind)
        time_text = fields.pop("time", None)
        rows.append((number, _check_length(document.title, where, "title", problems), texts.get(document.id) or "",
                     1, _check_length(author, where, "authors", problems),
                     _check_length(source, where, "publisher", problems),
                     _check_length(section, where, "note", problems), compose_note(free, fields) or "",
                     _check_length(dna_type, where, "kind", problems), _epoch(document.date, time_text)))
    return rows, ids


def _statement_numbers(dataset: Dataset) -> dict[str, int]:
    """STATEMENTS.ID of each statement: N for ``dna-N``, the others numbered after them."""
    numbers: dict[str, int] = {}
    taken: set[int] = set()
    for sid in dataset.statements:
        if sid.startswith("dna-") and sid[4:].isdigit() and int(sid[4:]) > 0 and int(sid[4:]) not in taken:
            numbers[sid] = int(sid[4:])
            taken.add(numbers[sid])
    next_number = max(taken, default=0)
    for sid in dataset.statements:
        if sid not in numbers:
            next_number += 1
            numbers[sid] = next_number
    return numbers
