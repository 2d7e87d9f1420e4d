"""Which statements a network is built from: DNA's pool, filters and duplicates.

The steps follow DNA-NETWORKS.md §1–2, on our data model:

1. **Actor and concept.** At ``person`` level a statement's actor is its speaker;
   at ``organisation`` level the organisation it was made on behalf of (its
   ``organisation`` field). A statement with no actor at the chosen level is left
   out (DNA's empty-value rule) — or, at organisation level with
   ``unaffiliated="person"``, its speaker stands in. With ``concept_depth=d`` a
   concept deeper than ``d`` in the SKOS hierarchy is replaced by its broader
   concept at depth ``d`` (top concepts have depth 0).
2. **Date range.** The date is ``Dataset.statement_date`` (the statement's own
   date, else its document's), a partial date; see :class:`~.options.DateRule`
   for when it is inside ``[start, end]`` (both inclusive).
3. **Exclusions.** A statement is left out when its speaker, organisation,
   concept (or a broader concept of it), document or stance is excluded.
   Excluded actors and concepts never appear, not even as isolates (DNA would
   still list an excluded value as an isolate).
   Steps 1–3 give the *pool* (the nodes shown with ``isolates=True``).
4. **Sort** by (first possible day, last possible day, document id, position of
   the quote in the source text when known, statement id) — DNA's order with the
   text caret replaced by the quote offset; a vague date sorts before the exact
   dates it may cover.
5. **Duplicates.** A statement is dropped when an already kept statement has the
   same actor and concept (after steps 1–3), the same stance — unless the stance
   is ignored (two-mode ``qualifier="ignore"`` and the ``cooccurrence`` kinds, as
   in DNA) — and the same period: the same document, ISO week (ISO year
   included), month (year included), calendar year, or anywhere (``acrossrange``).
   DNA compares only the week or month *number* (§8.1–2); we compare the whole
   period. A date vaguer than the period (a month-only date with ``week``) forms
   its own period: two statements dated "2013-10" share it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from stancegraph.schema.dates import PartialDate
from stancegraph.schema.models import Stance, Statement

from ..seeds.dataset import Dataset
from ..errors import UsageError
from .options import DateRule, Duplicates, Level, Unaffiliated

__all__ = ["STANCE_VALUE", "Coded", "Selection", "Exclusions", "select_statements", "in_range"]

STANCE_VALUE: dict[Stance, int] = {Stance.SUPPORT: 1, Stance.MIXED: 0, Stance.OPPOSE: -1}
"""The stance as DNA's integer qualifier on the fixed scale −1 … 1 (see the package docs)."""


@dataclass(frozen=True)
class Coded:
    """One statement as a network sees it: actor, concept (rolled up), stance, dates."""

    id: str
    actor: str
    actor_kind: str
    concept: str
    stance: Stance
    document: str
    date: PartialDate
    sort_key: tuple

    @property
    def value(self) -> int:
        """The stance on the −1 … 1 qualifier scale."""
        return STANCE_VALUE[self.stance]


@dataclass(frozen=True)
class Selection:
    """The pool (date range and exclusions applied) and the statements kept from it."""

    pool: tuple[Coded, ...]
    retained: tuple[Coded, ...]
    duplicates: tuple[tuple[str, str], ...]
    """``(dropped id, id of the kept statement it duplicates)`` pairs."""


@dataclass(frozen=True)
class Exclusions:
    """Ids left out of a network, by what they are."""

    actors: frozenset[str] = frozenset()
    concepts: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    stances: frozenset[Stance] = frozenset()

    @classmethod
    def from_spec(cls, dataset: Dataset, spec: Any) -> "Exclusions":
        """Read ``None``, an iterable of ids, or a mapping ``{"actors"|"concepts"|"documents"|"stances": ids}``.

        A plain id is looked up among actors (people and organisations), concepts and
        documents; an id found nowhere (or, in a mapping, not of its kind) is a
        :class:`UsageError` naming every such id.
        """
        if spec is None:
            return cls()
        if isinstance(spec, str):
            spec = [spec]
        found: dict[str, set] = {"actors": set(), "concepts": set(), "documents": set(), "stances": set()}
        unknown: list[str] = []
        if isinstance(spec, Mapping):
            for key, ids in spec.items():
                if key not in found:
                    raise UsageError(f"unknown exclusion key {key!r} (expected actors, concepts, documents or stances)")
                for item in [ids] if isinstance(ids, str) else ids:
                    if _kind_has(dataset, key, item):
                        found[key].add(Stance(item) if key == "stances" else item)
                    else:
                        unknown.append(f"{key[:-1]} {item!r}")
        else:
            for item in spec:
                kinds = [key for key in found if _kind_has(dataset, key, item)]
                if not kinds:
                    unknown.append(repr(item))
                for key in kinds:
                    found[key].add(Stance(item) if key == "stances" else item)
        if unknown:
            raise UsageError("cannot exclude what the dataset does not hold: " + ", ".join(unknown))
        return cls(*(frozenset(found[key]) for key in ("actors", "concepts", "documents", "stances")))


def _kind_has(dataset: Dataset, key: str, item: str) -> bool:
    if key == "actors":
        return item in dataset.people or item in dataset.organisations
    if key == "concepts":
        return item in dataset.concepts
    if key == "documents":
        return item in dataset.documents
    return item in {s.value for s in Stance}


def in_range(date: PartialDate, start: _dt.date | None, end: _dt.date | None, rule: DateRule) -> bool:
    """Whether a partial date is inside ``[start, end]`` under ``rule`` (None = open).

    Examples
    --------
    >>> y2013 = PartialDate.parse("2013")
    >>> in_range(y2013, _dt.date(2010, 1, 1), _dt.date(2013, 12, 31), DateRule.WITHIN)
    True
    >>> in_range(y2013, _dt.date(2013, 6, 1), _dt.date(2014, 5, 31), DateRule.WITHIN)
    False
    >>> in_range(y2013, _dt.date(2012, 6, 1), _dt.date(2013, 5, 31), DateRule.EARLIEST)
    True
    """
    first = date.earliest
    last = date.latest if rule is DateRule.WITHIN else first
    return (start is None or first >= start) and (end is None or last <= end)


def select_statements(
    dataset: Dataset,
    *,
    level: Level,
    start: _dt.date | None,
    end: _dt.date | None,
    duplicates: Duplicates,
    compare_stance: bool,
    exclusions: Exclusions,
    concept_depth: int | None,
    unaffiliated: Unaffiliated,
    date_rule: DateRule,
) -> Selection:
    """Apply steps 1–5 of the module docstring and return the pool and the kept statements."""
    if concept_depth is not None and concept_depth < 0:
        raise UsageError(f"concept depth must be 0 or more, not {concept_depth}")
    pool: list[Coded] = []
    for statement in dataset.statements.values():
        coded = _code(dataset, statement, level, concept_depth, unaffiliated)
        if coded is None or not in_range(coded.date, start, end, date_rule):
            continue
        if _excluded(dataset, statement, exclusions):
            continue
        pool.append(coded)
    pool.sort(key=lambda c: c.sort_key)

    kept: list[Coded] = []
    dropped: list[tuple[str, str]] = []
    seen: dict[tuple, str] = {}
    for coded in pool:
        if duplicates is Duplicates.INCLUDE:
            kept.append(coded)
            continue
        key = (coded.actor, coded.concept, coded.stance if compare_stance else None, _period(coded, duplicates))
        if key in seen:
            dropped.append((coded.id, seen[key]))
            continue
        seen[key] = coded.id
        kept.append(coded)
    return Selection(tuple(pool), tuple(kept), tuple(dropped))


def _code(dataset: Dataset, statement: Statement, level: Level, depth: int | None,
          unaffiliated: Unaffiliated) -> Coded | None:
    if level is Level.PERSON:
        actor, kind = statement.speaker, "person"
    elif statement.organisation:
        actor, kind = statement.organisation, "organisation"
    elif unaffiliated is Unaffiliated.PERSON:
        actor, kind = statement.speaker, "person"
    else:
        actor, kind = None, ""
    if not actor:
        return None
    concept = statement.concept
    if depth is not None:
        chain = [concept, *dataset.concept_ancestors(concept)]
        if len(chain) - 1 > depth:
            concept = chain[len(chain) - 1 - depth]
    date = dataset.statement_date(statement)
    match = dataset.quote_matches.get(statement.id)
    sort_key = (date.earliest, date.latest, statement.document, match.start if match else -1, statement.id)
    return Coded(statement.id, actor, kind, concept, statement.stance, statement.document, date, sort_key)


def _excluded(dataset: Dataset, statement: Statement, exclusions: Exclusions) -> bool:
    if statement.stance in exclusions.stances or statement.document in exclusions.documents:
        return True
    if statement.speaker in exclusions.actors or statement.organisation in exclusions.actors:
        return True
    if exclusions.concepts:
        lineage = {statement.concept, *dataset.concept_ancestors(statement.concept)}
        return not lineage.isdisjoint(exclusions.concepts)
    return False


def _period(coded: Coded, duplicates: Duplicates) -> Any:
    date = coded.date
    if duplicates is Duplicates.DOCUMENT:
        return coded.document
    if duplicates is Duplicates.ACROSSRANGE:
        return None
    if duplicates is Duplicates.YEAR:
        return date.year
    if duplicates is Duplicates.MONTH:
        return (date.year, date.month) if date.month is not None else str(date)
    if duplicates is Duplicates.WEEK:
        if date.day is None:
            return str(date)
        iso = date.earliest.isocalendar()
        return (iso.year, iso.week)
    raise AssertionError(duplicates)  # pragma: no cover


def exclusions_summary(exclusions: Exclusions) -> Iterable[str]:
    """Every excluded value as text, sorted (for graph metadata)."""
    values = [*exclusions.actors, *exclusions.concepts, *exclusions.documents, *(s.value for s in exclusions.stances)]
    return sorted(values)
