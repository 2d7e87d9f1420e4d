"""Map a DNA 3 database onto stancegraph's records (import direction).

==========================  ==============================================================
DNA                         stancegraph
==========================  ==============================================================
DOCUMENTS row               Document: Title → title, Date (Unix s, UTC) → date (the day;
                            a time of day other than 00:00:00 → ``DNA time`` in the note),
                            Author (``;``-separated) → authors (people), Source →
                            publisher (an organisation), Type → kind when it is one of
                            ours (else ``other`` and ``DNA type``), Section, Notes → note;
                            Text → the corpus file ``<id>.txt``
STATEMENTS row of the type  Statement ``dna-<ID>``: the text between Start and Stop →
                            quote, person → speaker, organization → organisation,
                            concept → concept, agreement → stance (and ``qualifier``
                            when integer), Coder → coder
ENTITIES of person          Person (name; Alias → aliases; Type, ChildOf → note lines)
ENTITIES of organization    Organisation (name; Type → kind or ``other``; ChildOf →
                            parent; Alias → aliases; Notes → note)
ENTITIES of concept         Concept (label; ChildOf → broader; Alias → aliases; Notes →
                            definition)
==========================  ==============================================================

Stance. A boolean qualifier gives support (1) or oppose (0). An integer qualifier
``q`` is compared with a neutral value ``m``: ``q > m`` support, ``q < m`` oppose,
``q = m`` mixed; the integer itself is kept in ``Statement.qualifier``. By default
``m`` is 0, unless every observed value is positive, then the midpoint of the
observed minimum and maximum (a 1…5 scale: 3).

Ids. Slugs of the DNA values (ASCII-folded, lowercase, hyphens), unique across
people, organisations and concepts (a clash gets ``-2``, ``-3`` … in a fixed
order: organisations, people, concepts, each sorted by value), so the same
database always gives the same ids; a value with no Latin letters or digits gets
its kind and a short hash (``person-3f2a9c``). Documents: ``<date>-<title slug>``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from stancegraph.schema.dates import PartialDate
from stancegraph.schema.models import Attribution, DocumentKind, OrganisationKind

from ...errors import DataError, Problem
from .names import Slugs, clean, slugify, split_names
from .notes import compose_note, parse_note
from .offsets import OffsetUnit, to_code_points
from .read import DnaDatabase, DnaEntity, DnaVariable

__all__ = ["ImportOptions", "ImportReport", "MappedDataset", "map_database", "slugify",
           "CONCEPT_DEFINITION_PLACEHOLDER", "neutral_value"]

CONCEPT_DEFINITION_PLACEHOLDER = "No definition in the DNA database."
"""A concept's definition when DNA's ``Notes`` attribute is empty (stancegraph requires one)."""



@dataclass(frozen=True)
class ImportOptions:
    """Which statement type and variables to read, and how.

    Defaults are DNA's own names (``Sql.createTables``).
    """

    statement_type: str = "DNA Statement"
    person_var: str = "person"
    organisation_var: str = "organization"
    concept_var: str = "concept"
    qualifier_var: str = "agreement"
    offsets: OffsetUnit = OffsetUnit.UTF16
    attribution: Attribution = Attribution.REPORTED
    neutral: float | None = None
    dataset_id: str | None = None
    base_iri: str | None = None


@dataclass
class ImportReport:
    """What was imported and what was skipped, and why."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)
    unmapped_variables: list[str] = field(default_factory=list)
    attributes_not_carried: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """The report as one line.

        Examples
        --------
        >>> r = ImportReport({"statements": 3, "documents": 1}, Counter({"empty actor": 2}), ["note"])
        >>> r.summary()
        'imported 3 statements, 1 document; skipped 2 statements (empty actor: 2); not imported: variable note'
        """
        from ...wording import counted

        nouns = {"people": "person", "entities": "entity", "statements": "statement", "documents": "document"}
        parts = ["imported " + ", ".join(
            counted(n, nouns.get(name, name.removesuffix("s")), name) if name.endswith("s") else f"{n:,} {name}"
            for name, n in self.counts.items())]
        total = sum(self.skipped.values())
        if total:
            reasons = ", ".join(f"{reason}: {n:,}" for reason, n in sorted(self.skipped.items()))
            parts.append(f"skipped {counted(total, 'statement')} ({reasons})")
        lost = [f"variable {v}" for v in self.unmapped_variables]
        lost += [f"{what} ({n})" for what, n in sorted(self.attributes_not_carried.items())]
        if lost:
            parts.append("not imported: " + ", ".join(lost))
        return "; ".join(parts)


@dataclass
class MappedDataset:
    """Seed sections as plain data, the corpus texts, and the report."""

    sections: dict[str, Any]
    corpus: dict[str, str]
    report: ImportReport


def neutral_value(values: list[int]) -> float:
    """The integer-qualifier value read as ``mixed`` (see the module docstring).

    Examples
    --------
    >>> neutral_value([-1, 0, 1]), neutral_value([1, 2, 5]), neutral_value([0, 1])
    (0, 3.0, 0)
    """
    if values and min(values) > 0:
        return (min(values) + max(values)) / 2
    return 0


def _org_kind(value: str) -> OrganisationKind | None:
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    try:
        return OrganisationKind(key)
    except ValueError:
        return None


def _document_kind(value: str) -> DocumentKind | None:
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    try:
        return DocumentKind(key)
    except ValueError:
        return None


def map_database(db: DnaDatabase, options: ImportOptions = ImportOptions()) -> MappedDataset:
    """Turn a DNA database into stancegraph seed sections and corpus texts.

    Parameters
    ----------
    db : DnaDatabase
        As read by :func:`~.read.read_dna`.
    options : ImportOptions

    Returns
    -------
    MappedDataset
        ``sections`` maps ``dataset``, ``documents``, ``people``, ``organisations``,
        ``concepts`` and ``statements`` to plain data; ``corpus`` maps file names to
        texts.

    Raises
    ------
    DataError
        For a missing statement type or variable, a variable of the wrong data
        type, a statement without a qualifier value, or offsets outside their
        document's text — every such problem, one each.
    """
    variables, type_id = _chosen_variables(db, options)
    report = ImportReport()
    report.unmapped_variables = sorted(set(db.variables_of(type_id)) - {v.name for v in variables.values()})
    own = [s for s in db.statements if s.statement_type == type_id]
    for s in db.statements:
        if s.statement_type != type_id:
            label = db.statement_types.get(s.statement_type, str(s.statement_type))
            report.skipped[f"statement type {label!r}"] += 1
    ids = _Ids(db, variables)
    organisations, people = _organisations(ids), _people(ids)
    concepts = _concepts(ids, report)
    documents, corpus, doc_ids = _documents(db, ids)
    statements = _statements(db, options, variables, ids, doc_ids, own, report)

    stored = _stored_info(db)
    info = stored or _info_from_file(db, options, variables)
    if options.dataset_id:
        info["id"] = options.dataset_id
    if options.base_iri:
        info["base_iri"] = options.base_iri
    _check_info(db, options, info, stored is not None)
    report.counts = {"statements": len(statements), "documents": len(documents), "people": len(people),
                     "organisations": len(organisations), "concepts": len(concepts)}
    sections = {"dataset": info, "documents": documents, "people": people, "organisations": organisations,
                "concepts": concepts, "statements": statements}
    return MappedDataset(sections, corpus, report)


def _info_from_file(db: DnaDatabase, options: ImportOptions, variables: dict[str, DnaVariable]) -> dict[str, Any]:
    """The dataset section of a DNA database stancegraph did not export: named after the file."""
    dataset_id = options.dataset_id or slugify(db.path.stem, "dna-import")
    qualifier = variables["--qualifier-var"]
    info = {
        "id": dataset_id,
        "title": f"{db.path.stem} (imported from DNA)",
        "description": (f"Imported from the DNA database {db.path.name} (DNA {db.version or 'unknown'}): "
                        f"statement type {options.statement_type!r}, actors from {options.person_var!r} and "
                        f"{options.organisation_var!r}, concepts from {options.concept_var!r}, stances from "
                        f"{options.qualifier_var!r} ({qualifier.data_type})."),
        "base_iri": options.base_iri or f"https://example.org/{dataset_id}/",
        "version": "1",
    }
    return info


def _check_info(db: DnaDatabase, options: ImportOptions, info: dict[str, Any], stored: bool) -> None:
    """Refuse a dataset section the seed check would refuse, naming where it came from (never ``dataset.yaml``,
    a file the user did not write): ``--dataset-id``/``--base-iri``, or the ``SETTINGS`` row an export stored.

    Raises
    ------
    DataError
        One problem per bad field.
    """
    from pydantic import ValidationError

    from stancegraph.schema.models import DatasetInfo

    from .schema import DATASET_SETTING

    try:
        DatasetInfo.model_validate(info)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field_name = str(error["loc"][0]) if error["loc"] else ""
            option = {"id": "--dataset-id", "base_iri": "--base-iri"}.get(field_name)
            message = str(error["msg"]).removeprefix("Value error, ")
            if option and getattr(options, field_name if field_name == "base_iri" else "dataset_id"):
                problems.append(Problem(db.path.name, None, None, option, message))
            else:
                where = f"SETTINGS row {DATASET_SETTING!r}" if stored else "dataset"
                problems.append(Problem(db.path.name, None, where, field_name or None, message))
        raise DataError(problems) from None


def _stored_info(db: DnaDatabase) -> dict[str, Any] | None:
    """The dataset section stancegraph's export wrote into ``SETTINGS`` (None in DNA's own databases).

    Raises
    ------
    DataError
        When the row is there but is not a JSON object.
    """
    import json

    from .schema import DATASET_SETTING

    text = db.settings.get(DATASET_SETTING)
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise DataError([Problem(db.path.name, None, None, None,
                                 f"SETTINGS row {DATASET_SETTING!r} is not a JSON object (stancegraph's export "
                                 "writes the dataset section there); delete the row to import the file as DNA's")])
    return value


def _chosen_variables(db: DnaDatabase, options: ImportOptions) -> tuple[dict[str, DnaVariable], int]:
    """The statement type's id and its four variables by option name; DataError if any is missing."""
    name = db.path.name
    type_id = db.statement_type_id(options.statement_type)
    if type_id is None:
        found = ", ".join(repr(t) for t in sorted(set(db.statement_types.values()))) or "none"
        raise DataError([Problem(name, None, None, "--statement-type",
                                 f"no statement type {options.statement_type!r} (found: {found})")])
    variables = db.variables_of(type_id)
    wanted = {
        "--person-var": (options.person_var, ("short text",)),
        "--organisation-var": (options.organisation_var, ("short text",)),
        "--concept-var": (options.concept_var, ("short text",)),
        "--qualifier-var": (options.qualifier_var, ("boolean", "integer")),
    }
    chosen, problems = {}, []
    for option, (var_name, types) in wanted.items():
        variable = variables.get(var_name)
        if variable is None:
            found = ", ".join(sorted(variables)) or "none"
            problems.append(Problem(name, None, f"statement type {options.statement_type!r}", option,
                                    f"no variable {var_name!r} (variables: {found})"))
        elif variable.data_type not in types:
            problems.append(Problem(name, None, f"statement type {options.statement_type!r}", option,
                                    f"variable {var_name!r} is {variable.data_type}; expected "
                                    + " or ".join(types)))
        else:
            chosen[option] = variable
    if problems:
        raise DataError(problems)
    return chosen, type_id


class _Ids:
    """The entities of the three variables, the names from documents, and every record id.

    Ids are handed out in a fixed order — organisations (entities and document
    sources), then people (entities and document authors), then concepts, each
    sorted by name — so the same database always gives the same ids.
    """

    def __init__(self, db: DnaDatabase, variables: dict[str, DnaVariable]):
        self.db = db

        def entities_of(option: str) -> dict[str, DnaEntity]:
            variable = variables[option].id
            found = sorted((e for e in db.entities.values() if e.variable == variable and clean(e.value)),
                           key=lambda e: (clean(e.value), e.id))
            return {clean(e.value): e for e in found}

        self.organisations = entities_of("--organisation-var")
        self.people = entities_of("--person-var")
        self.concepts = entities_of("--concept-var")
        sources = {clean(d.source) for d in db.documents.values() if clean(d.source)} - set(self.organisations)
        authors = {a for d in db.documents.values() for a in split_names(d.author)} - set(self.people)
        slugs = Slugs()
        self.organisation_ids = {n: slugs.take(slugify(n, "organisation"))
                                 for n in sorted([*self.organisations, *sources])}
        self.person_ids = {n: slugs.take(slugify(n, "person")) for n in sorted([*self.people, *authors])}
        self.concept_ids = {n: slugs.take(slugify(n, "concept")) for n in sorted(self.concepts)}
        self.of_entity: dict[int, str] = {}
        for names, ids in ((self.organisations, self.organisation_ids), (self.people, self.person_ids),
                           (self.concepts, self.concept_ids)):
            for n, e in names.items():
                self.of_entity[e.id] = ids[n]
        for e in db.entities.values():  # values that differ only in whitespace share one record
            if e.id not in self.of_entity and clean(e.value):
                for names, ids in ((self.organisations, self.organisation_ids), (self.people, self.person_ids),
                                   (self.concepts, self.concept_ids)):
                    twin = names.get(clean(e.value))
                    if twin is not None and twin.variable == e.variable:
                        self.of_entity[e.id] = ids[clean(e.value)]

    def parent_entity(self, e: DnaEntity) -> DnaEntity | None:
        """The entity ``e`` is a child of (``ChildOf``), if of the same variable."""
        p = self.db.entities.get(e.child_of) if e.child_of else None
        return p if p is not None and p.variable == e.variable else None

    def parent(self, e: DnaEntity) -> str | None:
        p = self.parent_entity(e)
        return self.of_entity.get(p.id) if p is not None else None


_KNOWN_ATTRIBUTES = ("Type", "Alias", "Notes")


def _own_attributes(e: DnaEntity) -> dict[str, str]:
    """A study's own attributes of an entity (beyond DNA's Type, Alias and Notes), non-empty."""
    return {k: v for k, v in e.attributes.items() if k not in _KNOWN_ATTRIBUTES and v.strip()}


def _aliases(e: DnaEntity, name: str) -> list[str]:
    return [a for a in split_names(e.attributes.get("Alias", "")) if a != name]


def _organisations(ids: _Ids) -> list[dict[str, Any]]:
    records = []
    for n, ident in sorted(ids.organisation_ids.items(), key=lambda item: item[1]):
        e = ids.organisations.get(n)
        if e is None:  # named only as a document's Source
            records.append({"id": ident, "name": n, "kind": OrganisationKind.MEDIA.value})
            continue
        dna_type = e.attributes.get("Type", "").strip()
        kind = _org_kind(dna_type) if dna_type else OrganisationKind.OTHER
        record: dict[str, Any] = {"id": ident, "name": n, "kind": (kind or OrganisationKind.OTHER).value}
        if _aliases(e, n):
            record["aliases"] = _aliases(e, n)
        if ids.parent(e):
            record["parent"] = ids.parent(e)
        note = compose_note(e.attributes.get("Notes", ""),
                            {**({"type": dna_type} if kind is None else {}), **_own_attributes(e)})
        if note:
            record["note"] = note
        records.append(record)
    return records


def _people(ids: _Ids) -> list[dict[str, Any]]:
    records = []
    for n, ident in sorted(ids.person_ids.items(), key=lambda item: item[1]):
        record: dict[str, Any] = {"id": ident, "name": n}
        e = ids.people.get(n)
        if e is not None:
            if _aliases(e, n):
                record["aliases"] = _aliases(e, n)
            parent = ids.parent_entity(e)
            fields = {"type": e.attributes.get("Type", ""), "child of": clean(parent.value) if parent else ""}
            note = compose_note(e.attributes.get("Notes", ""), {**fields, **_own_attributes(e)})
            if note:
                record["note"] = note
        records.append(record)
    return records


def _concepts(ids: _Ids, report: ImportReport) -> list[dict[str, Any]]:
    records = []
    for n, ident in sorted(ids.concept_ids.items(), key=lambda item: item[1]):
        e = ids.concepts[n]
        definition = e.attributes.get("Notes", "").strip() or CONCEPT_DEFINITION_PLACEHOLDER
        record: dict[str, Any] = {"id": ident, "label": n, "definition": definition}
        if ids.parent(e):
            record["broader"] = ids.parent(e)
        if _aliases(e, n):
            record["aliases"] = _aliases(e, n)
        for attribute, value in e.attributes.items():
            if attribute not in ("Alias", "Notes") and value.strip():
                report.attributes_not_carried[f"concept attribute {attribute}"] += 1
        records.append(record)
    return records


def _documents(db: DnaDatabase, ids: _Ids) -> tuple[list[dict[str, Any]], dict[str, str], dict[int, str]]:
    """Document records, corpus texts by file name, and document id by DNA ID."""
    slugs = Slugs()
    records, corpus, doc_ids = [], {}, {}
    for d in sorted(db.documents.values(), key=lambda d: (d.date, d.title, d.id)):
        moment = _dt.datetime.fromtimestamp(d.date, _dt.timezone.utc)
        title = clean(d.title) or f"DNA document {d.id}"
        ident = slugs.take(f"{moment.date().isoformat()}-{slugify(title, 'document', 48)}")
        doc_ids[d.id] = ident
        kind = _document_kind(d.type) if d.type.strip() else DocumentKind.OTHER
        free, tagged = parse_note(d.notes)
        date = moment.date().isoformat()
        partial = tagged.pop("date", None)  # written by our exporter for a year- or month-only date
        try:
            if partial and PartialDate.parse(partial).earliest == moment.date():
                date = partial
        except ValueError:
            tagged["date"] = partial
        record: dict[str, Any] = {"id": ident, "title": title, "kind": (kind or DocumentKind.OTHER).value,
                                  "date": date}
        if clean(d.source):
            record["publisher"] = ids.organisation_ids[clean(d.source)]
        if split_names(d.author):
            record["authors"] = [ids.person_ids[a] for a in split_names(d.author)]
        record["corpus_file"] = f"{ident}.txt"
        fields = {**tagged, "section": d.section, "type": d.type if kind is None else "",
                  "time": moment.time().isoformat() + " UTC" if moment.time() != _dt.time(0) else ""}
        note = compose_note(free, fields)
        if note:
            record["note"] = note
        records.append(record)
        corpus[record["corpus_file"]] = d.text
    return records, corpus, doc_ids


def _statements(db: DnaDatabase, options: ImportOptions, variables: dict[str, DnaVariable], ids: _Ids,
                doc_ids: dict[int, str], own: list, report: ImportReport) -> list[dict[str, Any]]:
    """Statement records; DataError for offsets outside a text or a missing qualifier value."""
    name = db.path.name
    person, organisation_var = variables["--person-var"].id, variables["--organisation-var"].id
    concept_var, qualifier = variables["--concept-var"].id, variables["--qualifier-var"]

    def value_of(s, variable: int) -> str | None:
        entity = db.entities.get(s.values.get(variable))
        return ids.of_entity.get(entity.id) if entity is not None else None

    integers = [s.values[qualifier.id] for s in own if isinstance(s.values.get(qualifier.id), int)]
    neutral = options.neutral if options.neutral is not None else neutral_value(integers)
    records, problems = [], []
    for s in sorted(own, key=lambda s: s.id):
        where = f"STATEMENTS row {s.id}"
        text = db.documents[s.document].text
        span = to_code_points(text, s.start, s.stop, options.offsets)
        if span is None:
            length = len(text.encode("utf-16-le")) // 2 if options.offsets is OffsetUnit.UTF16 else len(text)
            problems.append(Problem(name, None, where, "Start/Stop",
                                    f"offsets {s.start}–{s.stop} are outside document {s.document}'s text "
                                    f"({length} {options.offsets.value} units) or split a character"))
            continue
        raw = s.values.get(qualifier.id)
        if not isinstance(raw, int):
            problems.append(Problem(name, None, where, options.qualifier_var,
                                    f"no {qualifier.data_type} value for {options.qualifier_var!r}"))
            continue
        speaker, organisation = value_of(s, person), value_of(s, organisation_var)
        concept, quote = value_of(s, concept_var), text[span[0]:span[1]]
        if concept is None:
            report.skipped["empty concept"] += 1
        elif speaker is None and organisation is None:
            report.skipped["empty actor"] += 1
        elif not quote.strip():
            report.skipped["blank text"] += 1
        else:
            if qualifier.data_type == "boolean":
                stance, kept = ("support" if raw else "oppose"), None
            else:
                stance, kept = ("support" if raw > neutral else "oppose" if raw < neutral else "mixed"), raw
            record: dict[str, Any] = {"id": f"dna-{s.id}"}
            if speaker:
                record["speaker"] = speaker
            if organisation:
                record["organisation"] = organisation
            record.update({"concept": concept, "stance": stance, "quote": quote.strip(),
                           "document": doc_ids[s.document], "attribution": options.attribution.value})
            if kept is not None:
                record["qualifier"] = kept
            if s.coder and s.coder.strip():
                record["coder"] = s.coder.strip()
            records.append(record)
    if problems:
        raise DataError(problems)
    return records
