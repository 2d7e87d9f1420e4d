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
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from stancegraph.schema.dates import PartialDate
from stancegraph.schema.models import Attribution, DocumentKind, OrganisationKind

from ...errors import DataError, Problem
from .notes import compose_note, parse_note
from .offsets import OffsetUnit, to_code_points
from .read import DnaDatabase, DnaEntity

__all__ = ["ImportOptions", "ImportReport", "MappedDataset", "map_database", "slugify",
           "CONCEPT_DEFINITION_PLACEHOLDER", "neutral_value"]

CONCEPT_DEFINITION_PLACEHOLDER = "No definition in the DNA database."
"""A concept's definition when DNA's ``Notes`` attribute is empty (stancegraph requires one)."""

_SLUG_MAX = 60


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
        'imported 3 statements, 1 documents; skipped 2 statements (empty actor: 2); not imported: variable note'
        """
        parts = ["imported " + ", ".join(f"{n} {name}" for name, n in self.counts.items())]
        total = sum(self.skipped.values())
        if total:
            reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.skipped.items()))
            parts.append(f"skipped {total} statements ({reasons})")
        else:
            parts.append("skipped no statements")
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


def slugify(value: str, fallback: str, limit: int = _SLUG_MAX) -> str:
    """A stancegraph slug for ``value``: ASCII-folded, lowercase, words joined by hyphens.

    Examples
    --------
    >>> slugify("Zürich Café & Co.", "organisation")
    'zurich-cafe-co'
    >>> s = slugify("北京", "person")  # no Latin letters: the kind and a hash of the value
    >>> s.startswith("person-"), len(s), s == slugify("北京", "person") != slugify("上海", "person")
    (True, 13, True)
    """
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    if not slug:
        slug = f"{fallback}-{hashlib.sha256(value.encode('utf-8')).hexdigest()[:6]}"
    return slug


class _Slugs:
    """Hands out unique slugs: the second ``x`` becomes ``x-2``, and so on."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, base: str) -> str:
        slug, n = base, 1
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(slug)
        return slug


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


def _clean(value: str) -> str:
    """A name or label: runs of whitespace (line breaks included) as one space."""
    return " ".join(value.split())


def _split_names(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in (text or "").split(";"):
        part = " ".join(part.split())
        if part:
            seen.setdefault(part, None)
    return list(seen)


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
    name = db.path.name
    problems: list[Problem] = []
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
    chosen = {}
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
    person_var, org_var = chosen["--person-var"].id, chosen["--organisation-var"].id
    concept_var, qualifier = chosen["--concept-var"].id, chosen["--qualifier-var"]
    report = ImportReport()
    report.unmapped_variables = sorted(set(variables) - {v.name for v in chosen.values()})

    own = [s for s in db.statements if s.statement_type == type_id]
    for s in db.statements:
        if s.statement_type != type_id:
            label = db.statement_types.get(s.statement_type, str(s.statement_type))
            report.skipped[f"statement type {label!r}"] += 1

    # -- entities and ids ------------------------------------------------------------------
    def entities_of(variable: int) -> list[DnaEntity]:
        return sorted((e for e in db.entities.values() if e.variable == variable and _clean(e.value)),
                      key=lambda e: (_clean(e.value), e.id))

    org_entities, person_entities = entities_of(org_var), entities_of(person_var)
    concept_entities = entities_of(concept_var)
    org_names = {_clean(e.value): e for e in org_entities}
    person_names = {_clean(e.value): e for e in person_entities}
    sources = sorted({_clean(d.source) for d in db.documents.values() if _clean(d.source)} - set(org_names))
    authors = sorted({a for d in db.documents.values() for a in _split_names(d.author)} - set(person_names))

    slugs = _Slugs()
    org_ids = {n: slugs.take(slugify(n, "organisation")) for n in sorted([*org_names, *sources])}
    person_ids = {n: slugs.take(slugify(n, "person")) for n in sorted([*person_names, *authors])}
    concept_ids = {_clean(e.value): slugs.take(slugify(_clean(e.value), "concept")) for e in concept_entities}
    entity_id: dict[int, str] = {}
    for e in org_entities:
        entity_id[e.id] = org_ids[_clean(e.value)]
    for e in person_entities:
        entity_id[e.id] = person_ids[_clean(e.value)]
    for e in concept_entities:
        entity_id[e.id] = concept_ids[_clean(e.value)]

    def parent(e: DnaEntity) -> str | None:
        p = db.entities.get(e.child_of) if e.child_of else None
        return entity_id.get(p.id) if p is not None and p.variable == e.variable else None

    def extra_fields(e: DnaEntity, known: tuple[str, ...]) -> dict[str, str]:
        return {k: v for k, v in e.attributes.items() if k not in known and v.strip()}

    organisations = []
    for n in sorted(org_ids, key=lambda n: org_ids[n]):
        e = org_names.get(n)
        if e is None:
            organisations.append({"id": org_ids[n], "name": n, "kind": OrganisationKind.MEDIA.value})
            continue
        dna_type = e.attributes.get("Type", "").strip()
        kind = _org_kind(dna_type) if dna_type else OrganisationKind.OTHER
        record = {"id": org_ids[n], "name": n, "kind": (kind or OrganisationKind.OTHER).value}
        aliases = [a for a in _split_names(e.attributes.get("Alias", "")) if a != n]
        if aliases:
            record["aliases"] = aliases
        if parent(e):
            record["parent"] = parent(e)
        fields = {"type": dna_type} if kind is None else {}
        note = compose_note(e.attributes.get("Notes", ""), {**fields, **extra_fields(e, ("Type", "Alias", "Notes"))})
        if note:
            record["note"] = note
        organisations.append(record)

    people = []
    for n in sorted(person_ids, key=lambda n: person_ids[n]):
        record = {"id": person_ids[n], "name": n}
        e = person_names.get(n)
        if e is not None:
            aliases = [a for a in _split_names(e.attributes.get("Alias", "")) if a != n]
            if aliases:
                record["aliases"] = aliases
            p = db.entities.get(e.child_of) if e.child_of else None
            fields = {"type": e.attributes.get("Type", ""),
                      "child of": _clean(p.value) if p is not None and p.variable == e.variable else ""}
            note = compose_note(e.attributes.get("Notes", ""),
                                {**fields, **extra_fields(e, ("Type", "Alias", "Notes"))})
            if note:
                record["note"] = note
        people.append(record)

    concepts = []
    for e in sorted(concept_entities, key=lambda e: entity_id[e.id]):
        label = _clean(e.value)
        definition = e.attributes.get("Notes", "").strip()
        record = {"id": entity_id[e.id], "label": label, "definition": definition or CONCEPT_DEFINITION_PLACEHOLDER}
        if parent(e):
            record["broader"] = parent(e)
        aliases = [a for a in _split_names(e.attributes.get("Alias", "")) if a != label]
        if aliases:
            record["aliases"] = aliases
        for attribute, value in e.attributes.items():
            if attribute not in ("Alias", "Notes") and value.strip():
                report.attributes_not_carried[f"concept attribute {attribute}"] += 1
        concepts.append(record)

    # -- documents -------------------------------------------------------------------------
    doc_slugs = _Slugs()
    documents, corpus, doc_id = [], {}, {}
    for d in sorted(db.documents.values(), key=lambda d: (d.date, d.title, d.id)):
        moment = _dt.datetime.fromtimestamp(d.date, _dt.timezone.utc)
        title = " ".join(d.title.split()) or f"DNA document {d.id}"
        ident = doc_slugs.take(f"{moment.date().isoformat()}-{slugify(title, 'document', 48)}")
        doc_id[d.id] = ident
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
        if _clean(d.source):
            record["publisher"] = org_ids[_clean(d.source)]
        names = _split_names(d.author)
        if names:
            record["authors"] = [person_ids[a] for a in names]
        record["corpus_file"] = f"{ident}.txt"
        fields = {**tagged, "section": d.section, "type": d.type if kind is None else "",
                  "time": moment.time().isoformat() + " UTC" if moment.time() != _dt.time(0) else ""}
        note = compose_note(free, fields)
        if note:
            record["note"] = note
        documents.append(record)
        corpus[record["corpus_file"]] = d.text

    # -- statements ------------------------------------------------------------------------
    def value_of(s, variable: int) -> str | None:
        entity = db.entities.get(s.values.get(variable))
        return entity_id.get(entity.id) if entity is not None else None

    integers = [s.values[qualifier.id] for s in own if isinstance(s.values.get(qualifier.id), int)]
    neutral = options.neutral if options.neutral is not None else neutral_value(integers)
    statements = []
    for s in sorted(own, key=lambda s: s.id):
        where = f"STATEMENTS row {s.id}"
        document = db.documents[s.document]
        span = to_code_points(document.text, s.start, s.stop, options.offsets)
        if span is None:
            length = len(document.text.encode("utf-16-le")) // 2 if options.offsets is OffsetUnit.UTF16 \
                else len(document.text)
            problems.append(Problem(name, None, where, "Start/Stop",
                                    f"offsets {s.start}–{s.stop} are outside document {s.document}'s text "
                                    f"({length} {options.offsets.value} units) or split a character"))
            continue
        raw = s.values.get(qualifier.id)
        if not isinstance(raw, int):
            problems.append(Problem(name, None, where, options.qualifier_var,
                                    f"no {qualifier.data_type} value for {options.qualifier_var!r}"))
            continue
        speaker, organisation = value_of(s, person_var), value_of(s, org_var)
        concept = value_of(s, concept_var)
        quote = document.text[span[0]:span[1]]
        if concept is None:
            report.skipped["empty concept"] += 1
            continue
        if speaker is None and organisation is None:
            report.skipped["empty actor"] += 1
            continue
        if not quote.strip():
            report.skipped["blank text"] += 1
            continue
        if qualifier.data_type == "boolean":
            stance, kept = ("support" if raw else "oppose"), None
        else:
            stance = "support" if raw > neutral else "oppose" if raw < neutral else "mixed"
            kept = raw
        record = {"id": f"dna-{s.id}"}
        if speaker:
            record["speaker"] = speaker
        if organisation:
            record["organisation"] = organisation
        record.update({"concept": concept, "stance": stance, "quote": quote.strip(),
                       "document": doc_id[s.document], "attribution": options.attribution.value})
        if kept is not None:
            record["qualifier"] = kept
        if s.coder:
            record["coder"] = s.coder.strip() or None
            if record["coder"] is None:
                del record["coder"]
        statements.append(record)
    if problems:
        raise DataError(problems)

    stem = slugify(db.path.stem, "dna-import")
    dataset_id = options.dataset_id or stem
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
    report.counts = {"statements": len(statements), "documents": len(documents), "people": len(people),
                     "organisations": len(organisations), "concepts": len(concepts)}
    sections = {"dataset": info, "documents": documents, "people": people, "organisations": organisations,
                "concepts": concepts, "statements": statements}
    return MappedDataset(sections, corpus, report)
