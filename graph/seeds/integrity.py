"""Cross-record checks: references resolve, hierarchies have no cycles, dates make sense.

Records that failed validation take part as :class:`Partial` records (their valid
fields only), so one run reports every real problem: an invalid record's references
are still checked, and an id defined by an invalid record is not "unknown" elsewhere.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .dataset import RECORD_NAMES, Dataset, Origin
from ..errors import Problem, escaped, shown

__all__ = ["check_integrity", "Partial"]


@dataclass(frozen=True)
class Partial:
    """A record that failed validation, kept for the cross-record checks.

    ``record`` is built without validation (``model_construct``) from the fields that
    are valid on their own; every other field is None (a bad list item is None, a bad
    record in a list is itself partial). ``bad`` names the top-level fields that were
    invalid, so a check never reads their absence as a fact.
    """

    section: str
    id: str | None
    label: str
    record: Any
    bad: frozenset
    origin: Origin


class _Entry(tuple):
    """``(section, id, record, bad, origin, label)`` of a record under check (a plain
    tuple: one is made per record, so it must be cheap). ``label`` is None for a valid
    record and made only when a problem is reported."""

    __slots__ = ()
    section = property(lambda self: self[0])
    id = property(lambda self: self[1])
    record = property(lambda self: self[2])
    bad = property(lambda self: self[3])
    origin = property(lambda self: self[4])

    @property
    def label(self) -> str:
        return self[5] if self[5] is not None else f"{RECORD_NAMES[self[0]]} {shown(self[1])}"


_NOTHING_BAD = frozenset()


def check_integrity(dataset: Dataset, partials: Iterable[Partial] = (), assumed: Iterable[str] = ()) -> list[Problem]:
    """Return every referential or temporal problem in ``dataset`` (empty when sound).

    Parameters
    ----------
    dataset : Dataset
        The valid records.
    partials : iterable of Partial
        Records that failed validation: checked as far as their valid fields go,
        and their ids count as defined.
    assumed : iterable of str
        Ids that seem to be defined in files that could not be parsed at all (their
        YAML syntax error is reported): a reference to one is not called unknown.
    """
    assumed = frozenset(assumed)
    partials = list(partials)
    entries: dict[str, list[_Entry]] = {section: [] for section in RECORD_NAMES}
    known: dict[str, dict[str, Any]] = {section: dict(getattr(dataset, section)) for section in RECORD_NAMES}
    origins = dataset.origins
    for section in RECORD_NAMES:
        entries[section] = [_Entry((section, rid, record, _NOTHING_BAD, origins.get((section, rid)), None))
                            for rid, record in getattr(dataset, section).items()]
    for partial in partials:
        entries[partial.section].append(_Entry((partial.section, partial.id, partial.record, partial.bad,
                                                partial.origin, partial.label)))
        if partial.id is not None:
            known[partial.section].setdefault(partial.id, partial.record)

    problems: list[Problem] = []

    def report(entry: _Entry, field_path: str, message: str) -> None:
        origin = entry.origin
        problems.append(Problem(
            origin.file if origin else None, origin.line(*_steps(field_path)) if origin else None,
            entry.label, field_path, message,
        ))

    def ref(entry: _Entry, field_path: str, target_section: str, target) -> bool:
        if target is not None and target not in known[target_section] and target not in assumed:
            report(entry, field_path, f"unknown {RECORD_NAMES[target_section]} {shown(target)}"
                                      f"{_suggest(target, known[target_section])}")
            return False
        return True

    for entry in entries["documents"]:
        doc = entry.record
        ref(entry, "publisher", "organisations", doc.publisher)
        for i, author in enumerate(doc.authors or ()):
            ref(entry, f"authors[{i}]", "people", author)

    for entry in entries["people"]:
        for i, aff in enumerate(entry.record.affiliations or ()):
            if aff is None:
                continue
            ref(entry, f"affiliations[{i}].organisation", "organisations", aff.organisation)
            ref(entry, f"affiliations[{i}].source", "documents", aff.source)
            if aff.start and aff.end and aff.start.is_certainly_after(aff.end):
                report(entry, f"affiliations[{i}].end",
                       f"affiliation ends ({aff.end}) before it starts ({aff.start})")

    def parent_of(section: str, attribute: str):
        def parent(x):
            record = known[section].get(x)
            return getattr(record, attribute, None) if record is not None else None
        return parent

    for entry in entries["organisations"]:
        if ref(entry, "parent", "organisations", entry.record.parent) and entry.id is not None:
            if _cycle(entry.id, parent_of("organisations", "parent")):
                report(entry, "parent", "parent chain loops back to this organisation")

    for entry in entries["concepts"]:
        concept = entry.record
        if ref(entry, "broader", "concepts", concept.broader) and entry.id is not None:
            if _cycle(entry.id, parent_of("concepts", "broader")):
                report(entry, "broader", "broader chain loops back to this concept")
        for i, related in enumerate(concept.related or ()):
            ref(entry, f"related[{i}]", "concepts", related)

    actors = {**known["people"], **known["organisations"]}
    for entry in entries["statements"]:
        st = entry.record
        if (st.speaker is None and st.organisation is None
                and not entry.bad & {"speaker", "organisation"}):
            report(entry, "speaker", "statement has neither speaker nor organisation")
        ref(entry, "speaker", "people", st.speaker)
        ref(entry, "organisation", "organisations", st.organisation)
        ref(entry, "concept", "concepts", st.concept)
        for i, mentioned in enumerate(st.mentions or ()):
            if mentioned is not None and mentioned not in actors and mentioned not in assumed:
                report(entry, f"mentions[{i}]",
                       f"unknown person or organisation {shown(mentioned)}{_suggest(mentioned, actors)}")
        if ref(entry, "document", "documents", st.document) and st.date is not None and st.document is not None:
            doc_date = getattr(known["documents"].get(st.document), "date", None)
            if doc_date is not None and st.date.is_certainly_after(doc_date):
                report(entry, "date", f"statement dated {st.date}, after its document ({doc_date})")

    for section, fields in _DISPLAYED.items():  # names shown in tables, views and messages
        for entry in entries[section]:
            for field_path, text in _displayed(entry.record, fields):
                found = _BIDI_CONTROLS.search(text)
                if found:
                    report(entry, field_path, f"holds the bidirectional control character U+{ord(found[0]):04X} "
                                              "(it reorders how the text is shown, so what is shown is not what "
                                              "is stored); remove it")
    return problems


# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder the text around them
# when it is displayed ("Trojan Source", CVE-2021-42574): a name holding one can show as another. Marks
# (U+200E/U+200F) only set a direction and stay allowed; quotes are taken verbatim from the corpus and are not checked.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_DISPLAYED = {"people": ("name", "aliases"), "organisations": ("name", "aliases"),
              "concepts": ("label", "aliases"), "documents": ("title",)}


def _displayed(record, fields):
    for name in fields:
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, list):
            yield from ((f"{name}[{i}]", item) for i, item in enumerate(value) if isinstance(item, str))


def _steps(field_path: str) -> list:
    steps: list = []
    for part in field_path.replace("]", "").split("."):
        name, *indexes = part.split("[")
        steps.append(name)
        steps.extend(int(i) for i in indexes)
    return steps


def _cycle(start: str, parent_of) -> bool:
    seen = {start}
    current = parent_of(start)
    while current is not None:
        if current == start:
            return True
        if current in seen:
            return False
        seen.add(current)
        current = parent_of(current)
    return False


def _suggest(name: str, known) -> str:
    if len(name) > 200:  # no id is that long; difflib would only spend time
        return ""
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return f" (did you mean: {', '.join(map(escaped, close))}?)" if close else ""
