"""Cross-record checks: references resolve, hierarchies have no cycles, dates make sense."""

from __future__ import annotations

from .dataset import RECORD_NAMES, Dataset
from ..errors import Problem

__all__ = ["check_integrity"]


def check_integrity(dataset: Dataset) -> list[Problem]:
    """Return every referential or temporal problem in ``dataset`` (empty when sound)."""
    problems: list[Problem] = []

    def report(section, rid, field_path, message):
        origin = dataset.origins.get((section, rid))
        steps = _steps(field_path)
        problems.append(Problem(
            origin.file if origin else None,
            origin.line(*steps) if origin else None,
            f"{RECORD_NAMES[section]} '{rid}'", field_path, message,
        ))

    def ref(section, rid, field_path, target_section, target):
        if target is not None and target not in getattr(dataset, target_section):
            report(section, rid, field_path,
                   f"unknown {RECORD_NAMES[target_section]} '{target}'{_suggest(target, getattr(dataset, target_section))}")
            return False
        return True

    for did, doc in dataset.documents.items():
        ref("documents", did, "publisher", "organisations", doc.publisher)
        for i, author in enumerate(doc.authors):
            ref("documents", did, f"authors[{i}]", "people", author)

    for pid, person in dataset.people.items():
        for i, aff in enumerate(person.affiliations):
            ref("people", pid, f"affiliations[{i}].organisation", "organisations", aff.organisation)
            ref("people", pid, f"affiliations[{i}].source", "documents", aff.source)
            if aff.start and aff.end and aff.start.is_certainly_after(aff.end):
                report("people", pid, f"affiliations[{i}].end",
                       f"affiliation ends ({aff.end}) before it starts ({aff.start})")

    for oid, organisation in dataset.organisations.items():
        if ref("organisations", oid, "parent", "organisations", organisation.parent):
            if _cycle(oid, lambda x: dataset.organisations[x].parent if x in dataset.organisations else None):
                report("organisations", oid, "parent", "parent chain loops back to this organisation")

    for cid, concept in dataset.concepts.items():
        if ref("concepts", cid, "broader", "concepts", concept.broader):
            if _cycle(cid, lambda x: dataset.concepts[x].broader if x in dataset.concepts else None):
                report("concepts", cid, "broader", "broader chain loops back to this concept")
        for i, related in enumerate(concept.related):
            ref("concepts", cid, f"related[{i}]", "concepts", related)

    for sid, st in dataset.statements.items():
        if st.speaker is None and st.organisation is None:
            report("statements", sid, "speaker", "statement has neither speaker nor organisation")
        ref("statements", sid, "speaker", "people", st.speaker)
        ref("statements", sid, "organisation", "organisations", st.organisation)
        ref("statements", sid, "concept", "concepts", st.concept)
        for i, mentioned in enumerate(st.mentions):
            if mentioned not in dataset.people and mentioned not in dataset.organisations:
                known = {**dataset.people, **dataset.organisations}
                report("statements", sid, f"mentions[{i}]",
                       f"unknown person or organisation '{mentioned}'{_suggest(mentioned, known)}")
        if ref("statements", sid, "document", "documents", st.document) and st.date is not None:
            doc_date = dataset.documents[st.document].date
            if st.date.is_certainly_after(doc_date):
                report("statements", sid, "date",
                       f"statement dated {st.date}, after its document ({doc_date})")
    return problems


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
    import difflib

    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    return f" (did you mean: {', '.join(close)}?)" if close else ""
