"""Which statements a network is built from: DNA's pool, filters and duplicates.

The steps follow DNA-NETWORKS.md §1–2 (DNA's ``Exporter.filterStatements`` and
``Sql.getStatements``, dna/src/main/java/dna/export/Exporter.java), on our data model:

1. **Actor and concept.** At ``person`` level a statement's actor is its speaker;
   at ``organisation`` level the organisation it was made on behalf of (its
   ``organisation`` field) — or, with ``unaffiliated="person"``, its speaker
   when it names no organisation. With ``concept_depth=d`` a concept deeper
   than ``d`` in the SKOS hierarchy is replaced by its broader concept at depth
   ``d`` (top concepts have depth 0). A statement may have *no* actor at the
   chosen level (an unaffiliated speaker at organisation level with the default
   ``unaffiliated="drop"``).
2. **Date range.** The date is ``Dataset.statement_date`` (the statement's own
   date, else its document's), a partial date; see :class:`~.options.DateRule`
   for when it is inside ``[start, end]`` (both inclusive).
3. **Exclusions** (:class:`Exclusions`). Document filters, as DNA's
   ``excludeAuthors``/``excludeSources``/``excludeTypes`` with their ``invert*``
   flags: a statement is left out when its document has an excluded author
   (``authors``), publisher (``publishers``, DNA's *source*) or kind (``kinds``,
   DNA's *type*) — or, inverted, when it has none of the listed ones. DNA's
   ``excludeSections`` has no counterpart: documents carry no section field.
   Value filters, as DNA's ``excludeValues``/``invertValues``: a statement is left
   out when its speaker, organisation, concept (or a broader concept of it),
   document, stance or attribution is excluded — or, inverted, not listed.
   DNA applies its value filter *after* forming the pool, so an excluded value
   still shows as an isolate there; we apply it here, so excluded actors and
   concepts never appear, not even as isolates (a documented departure).
   Steps 1–3 give the *pool* (the nodes shown with ``isolates=True``).
4. **Empty value** (DNA's empty-value rule, applied *after* the pool is formed,
   as DNA does): a statement with no actor at the chosen level is not used for
   any tie or count, but it stays in the pool — so with ``isolates=True`` its
   concept is shown (an isolate in two-mode and concept networks), exactly as
   DNA lists the concept of a statement whose organisation is empty.
5. **Sort** by (first possible day, last possible day, document id, position of
   the quote in the source text when known, statement id) — DNA's order with the
   text caret replaced by the quote offset; a vague date sorts before the exact
   dates it may cover.
6. **Duplicates.** A statement is dropped when an already kept statement has the
   same actor and concept (after steps 1–3), the same stance and integer qualifier — unless the stance
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
from stancegraph.schema.models import Attribution, DocumentKind, Stance, Statement

from ..seeds.dataset import Dataset
from ..errors import UsageError
from .options import DateRule, Duplicates, Level, Unaffiliated

__all__ = ["STANCE_VALUE", "Coded", "Selection", "Exclusions", "EXCLUSION_KEYS", "select_statements", "in_range"]

STANCE_VALUE: dict[Stance, int] = {Stance.SUPPORT: 1, Stance.MIXED: 0, Stance.OPPOSE: -1}
"""The stance as DNA's integer qualifier on the fixed scale −1 … 1 (see the package docs)."""


@dataclass(frozen=True)
class Coded:
    """One statement as a network sees it: actor, concept (rolled up), stance, dates."""

    id: str
    actor: str | None
    """None when the statement has no actor at the chosen level (it is then only in the pool)."""
    actor_kind: str
    concept: str
    stance: Stance
    document: str
    date: PartialDate
    sort_key: tuple
    qualifier: int | None = None
    """The statement's integer qualifier (``Statement.qualifier``, e.g. from a DNA import), if any."""

    @property
    def value(self) -> int:
        """The integer qualifier when the statement has one, else the stance on the −1 … 1 scale."""
        return STANCE_VALUE[self.stance] if self.qualifier is None else self.qualifier


@dataclass(frozen=True)
class Selection:
    """The pool (date range and exclusions applied) and the statements kept from it."""

    pool: tuple[Coded, ...]
    """Steps 1–3 (statements without an actor at the level included)."""
    retained: tuple[Coded, ...]
    duplicates: tuple[tuple[str, str], ...]
    """``(dropped id, id of the kept statement it duplicates)`` pairs."""


VALUE_KEYS = ("actors", "concepts", "documents", "stances", "speaker", "organisation", "attribution")
"""Exclusion keys on statement values (DNA's ``excludeValues``)."""
DOCUMENT_KEYS = ("authors", "publishers", "kinds")
"""Exclusion keys on document metadata (DNA's ``excludeAuthors``, ``excludeSources``, ``excludeTypes``)."""
EXCLUSION_KEYS = VALUE_KEYS + DOCUMENT_KEYS


@dataclass(frozen=True)
class Exclusions:
    """What is left out of a network (DNA's exclude and invert options, module docstring step 3).

    Every field is a set of ids or values; ``invert`` names the fields whose set
    lists what to *keep* instead (DNA's ``invertValues``, ``invertAuthors``,
    ``invertSources``, ``invertTypes``).
    """

    actors: frozenset[str] = frozenset()
    concepts: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    stances: frozenset[Stance] = frozenset()
    speaker: frozenset[str] = frozenset()
    organisation: frozenset[str] = frozenset()
    attribution: frozenset[str] = frozenset()
    authors: frozenset[str] = frozenset()
    publishers: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    invert: frozenset[str] = frozenset()

    @classmethod
    def from_spec(cls, dataset: Dataset, spec: Any) -> "Exclusions":
        """Read ``None``, an iterable of ids, or a mapping ``{key: ids}``.

        Keys: ``actors`` (speaker or organisation), ``concepts`` (narrower concepts
        included), ``documents``, ``stances``, ``speaker``, ``organisation``,
        ``attribution`` (direct/reported), ``authors`` (document authors, person ids),
        ``publishers`` (organisation ids; DNA's *sources*), ``kinds`` (document kinds;
        DNA's *types*), ``ids`` (plain ids), and ``invert``: the keys whose lists are kept
        rather than left out. A plain id is looked up among actors, concepts and documents. An unknown key,
        an id the dataset does not hold, or ``sections`` (our documents have no
        section) is a :class:`UsageError` naming every such problem.

        Examples
        --------
        >>> from stancegraph.graph.seeds.load import load_dataset
        >>> ex = Exclusions.from_spec(load_dataset(), {"kinds": ["news"], "invert": ["kinds"]})
        >>> sorted(ex.kinds), sorted(ex.invert)
        (['news'], ['kinds'])
        """
        if spec is None:
            return cls()
        if isinstance(spec, str):
            spec = [spec]
        found: dict[str, set] = {key: set() for key in EXCLUSION_KEYS}
        invert: set[str] = set()
        problems: list[str] = []
        plain: list[str] = []
        if isinstance(spec, Mapping):
            for key, ids in spec.items():
                ids = [ids] if isinstance(ids, str) else list(ids)
                if key == "invert":
                    bad = [k for k in ids if k not in EXCLUSION_KEYS]
                    if bad:
                        problems.append("cannot invert " + ", ".join(map(repr, bad)) + f" (keys: {', '.join(EXCLUSION_KEYS)})")
                    invert.update(k for k in ids if k in EXCLUSION_KEYS)
                    continue
                if key == "ids":
                    plain.extend(ids)
                    continue
                if key == "sections":
                    problems.append("documents have no section field, so DNA's excludeSections has nothing to filter")
                    continue
                if key not in found:
                    problems.append(f"unknown exclusion key {key!r} (expected {', '.join(EXCLUSION_KEYS)} or invert)")
                    continue
                for item in ids:
                    if _kind_has(dataset, key, item):
                        found[key].add(Stance(item) if key == "stances" else item)
                    else:
                        problems.append(f"{key} {item!r}")
        else:
            plain = list(spec)
        if plain:
            for item in plain:
                kinds = [key for key in ("actors", "concepts", "documents", "stances") if _kind_has(dataset, key, item)]
                if not kinds:
                    problems.append(repr(item))
                for key in kinds:
                    found[key].add(Stance(item) if key == "stances" else item)
        if problems:
            unknown = [p for p in problems if not p.startswith(("cannot invert", "documents have", "unknown exclusion"))]
            other = [p for p in problems if p not in unknown]
            lines = other + (["cannot exclude what the dataset does not hold: " + ", ".join(unknown)] if unknown else [])
            raise UsageError("; ".join(lines))
        return cls(**{key: frozenset(found[key]) for key in EXCLUSION_KEYS}, invert=frozenset(invert))

    def __bool__(self) -> bool:
        return any(getattr(self, key) for key in EXCLUSION_KEYS)


def _kind_has(dataset: Dataset, key: str, item: str) -> bool:
    if key == "actors":
        return item in dataset.people or item in dataset.organisations
    if key in ("speaker", "authors"):
        return item in dataset.people
    if key in ("organisation", "publishers"):
        return item in dataset.organisations
    if key == "concepts":
        return item in dataset.concepts
    if key == "documents":
        return item in dataset.documents
    if key == "stances":
        return item in {s.value for s in Stance}
    if key == "attribution":
        return item in {a.value for a in Attribution}
    return item in {k.value for k in DocumentKind}  # kinds


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
        if not in_range(coded.date, start, end, date_rule):
            continue
        if exclusions and _excluded(dataset, statement, exclusions):
            continue
        pool.append(coded)
    pool.sort(key=lambda c: c.sort_key)

    kept: list[Coded] = []
    dropped: list[tuple[str, str]] = []
    seen: dict[tuple, str] = {}
    for coded in pool:
        if coded.actor is None:  # step 4: DNA's empty-value rule, after the pool
            continue
        if duplicates is Duplicates.INCLUDE:
            kept.append(coded)
            continue
        stance = (coded.stance, coded.qualifier) if compare_stance else None
        key = (coded.actor, coded.concept, stance, _period(coded, duplicates))
        if key in seen:
            dropped.append((coded.id, seen[key]))
            continue
        seen[key] = coded.id
        kept.append(coded)
    return Selection(tuple(pool), tuple(kept), tuple(dropped))


def _code(dataset: Dataset, statement: Statement, level: Level, depth: int | None,
          unaffiliated: Unaffiliated) -> Coded:
    if level is Level.PERSON:
        actor, kind = statement.speaker, "person"
    elif statement.organisation:
        actor, kind = statement.organisation, "organisation"
    elif unaffiliated is Unaffiliated.PERSON:
        actor, kind = statement.speaker, "person"
    else:
        actor, kind = None, ""
    if not actor:
        actor, kind = None, ""
    concept = statement.concept
    if depth is not None:
        chain = [concept, *dataset.concept_ancestors(concept)]
        if len(chain) - 1 > depth:
            concept = chain[len(chain) - 1 - depth]
    date = dataset.statement_date(statement)
    match = dataset.quote_matches.get(statement.id)
    sort_key = (date.earliest, date.latest, statement.document, match.start if match else -1, statement.id)
    return Coded(statement.id, actor, kind, concept, statement.stance, statement.document, date, sort_key,
                 statement.qualifier)


def _excluded(dataset: Dataset, statement: Statement, exclusions: Exclusions) -> bool:
    """Step 3: whether any exclusion (or inverted inclusion) leaves the statement out."""
    document = dataset.documents.get(statement.document)
    for key in EXCLUSION_KEYS:
        listed = getattr(exclusions, key)
        inverted = key in exclusions.invert
        if not listed and not inverted:
            continue
        if _matches(dataset, statement, document, key, listed) != inverted:
            return True
    return False


def _matches(dataset: Dataset, statement: Statement, document, key: str, listed: frozenset) -> bool:
    """Whether the statement's value(s) for ``key`` meet the listed ones."""
    if key == "actors":
        return statement.speaker in listed or statement.organisation in listed
    if key == "concepts":
        return not listed.isdisjoint({statement.concept, *dataset.concept_ancestors(statement.concept)})
    if key == "documents":
        return statement.document in listed
    if key == "stances":
        return statement.stance in listed
    if key == "speaker":
        return statement.speaker in listed
    if key == "organisation":
        return statement.organisation in listed
    if key == "attribution":
        return statement.attribution.value in listed
    if document is None:
        return False
    if key == "authors":
        return not listed.isdisjoint(document.authors)
    if key == "publishers":
        return document.publisher in listed
    return document.kind.value in listed  # kinds


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
    """Every excluded value as text, sorted (for graph metadata); inverted lists as ``only:KEY=VALUE``.

    No item holds a space, so a space-joined export (GraphML, CSV) splits back into the items.
    """
    values = []
    for key in EXCLUSION_KEYS:
        for value in getattr(exclusions, key):
            text = value.value if isinstance(value, Stance) else value
            values.append(f"only:{key}={text}" if key in exclusions.invert else text)
    return sorted(values)
