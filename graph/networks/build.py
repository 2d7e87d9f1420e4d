"""Build one discourse network (DNA-NETWORKS.md §3–5, §7) as a :class:`networkx.Graph`.

Counts
------
``a[i, j, k]`` is the number of kept statements by row node *i* on column node
*j* with stance *k*; ``n_i`` is the number of kept statements of *i*. Rows are
actors and columns concepts, except for the ``concept-`` kinds where the roles
swap (as DNA does with variable1 = concept).

The stance as DNA's qualifier
-----------------------------
The stance is DNA's *integer* qualifier with support = +1, mixed = 0,
oppose = −1 on a scale of fixed range R = 2. The similarity of two stances is
DNA's ``s(k, k′) = 1 − |q_k − q_k′| / R``: equal stances 1, support vs oppose 0,
mixed vs either 0.5 — "mixed" is half-way, half agreeing with each side.
With support and oppose only this is exactly DNA's boolean qualifier
(yes = support, no = oppose): s is 1 or 0 and every formula reduces to §5's
boolean case. DNA takes R from the values observed in the pool; we fix it to the
scale's range, so the meaning of "mixed" does not change between windows (DNA
with support and mixed but no oppose in the pool would make R = 1 and treat
support vs mixed as full conflict). A 3-level *text* qualifier was rejected:
DNA's text conflict counts statements instead of multiplying (§5, §8.9) and
would make "mixed" vs "support" as much a conflict as "oppose" vs "support".

Integer qualifiers
------------------
When any statement of the selection (DNA's pool; :func:`assemble`'s
``levels_from``) has an integer ``qualifier`` (a DNA import keeps it, e.g. on a
1…5 scale), the qualifier replaces the stance as DNA's integer qualifier: the
cells are keyed by the values (a statement without a qualifier counts as its
stance's +1/0/−1), R is DNA's *observed* range q_max − q_min of the values, and
a single value (R = 0) makes every off-diagonal one-mode tie NaN, as in DNA.
Two-mode ``subtract`` is Σ_k q_k·a[i,j,k] and ``combine`` DNA's integer code
Σ_k 2^(L−1−k)·[a[i,j,k] > 0] over the L levels ascending (also the ``combine``
edge attribute). Duplicates then compare the qualifier too. With no qualifier
anywhere nothing of this applies.

One-mode ties (nodes *i* ≠ *i′*; the diagonal is never an edge)
---------------------------------------------------------------
* ``congruence`` = Σ_j Σ_k Σ_k′ a[i,j,k]·a[i′,j,k′]·s(k,k′)
* ``conflict``   = the same with 1 − s
* ``subtract``   = congruence − conflict
* ``cooccurrence`` = Σ_j n_ij·n_i′j (DNA's ``ignore``)

Normalisation (one-mode) divides by DNA's denominators — ``average``:
(n_i + n_i′)/2; ``jaccard``: m10 + m01 + m11 over the cells (j, k); ``cosine``:
n_i·n_i′ (DNA's, not the cosine of the count vectors, §8.4). A zero denominator
gives 0. Weights are not capped (as in DNA): ``cosine`` always lies in [0, 1], but
``average`` and ``jaccard`` can exceed 1 when an actor repeats a stance, or holds
two stances on one concept that both (half-)agree with another actor's; with
support/oppose only and ``duplicates="acrossrange"`` they stay in [0, 1].
An edge exists where the (signed) weight is not 0.

Two-mode cells (actor *i*, concept *j*)
---------------------------------------
``qualifier="ignore"``: Σ_k a[i,j,k]; ``"subtract"``: Σ_k q_k·a[i,j,k]
(support − oppose); ``"combine"``: a code summing 1 for support, 2 for oppose
and 4 for mixed — DNA's boolean codes (1 yes only, 2 no only, 3 both) plus a
bit for mixed. Normalisation ``activity`` divides a row, ``prominence`` a column,
by DNA's denominators (``ignore``: the row/column sum; ``combine``: the number of
non-zero cells; ``subtract``: the statement count), computed correctly for
``combine`` + ``prominence`` where DNA reads the matrix transposed (§4).
Every actor–concept pair with a kept statement is an edge, even with weight 0.

Attributes
----------
Nodes: ``label``, ``kind`` (person | organisation | concept), ``org_kind``
(organisations), ``statements`` (kept statements behind the node), and
``bipartite`` (0 actors, 1 concepts) in two-mode networks.
Edges: ``weight`` (float), ``raw_weight`` (before normalisation), ``statements``
(sorted statement ids that create the tie); one-mode edges also list the
``concepts`` (or, in concept networks, ``actors``) through which the tie runs;
two-mode edges have ``stance`` ("support", "oppose", "mixed", or several joined
with "+", e.g. "support+oppose"), ``stances`` (counts per stance) and
``combine`` (the code above). Graph attributes record every option used.

Representation of the evidence (memory)
---------------------------------------
The one-mode weights are computed from the count cells by :mod:`.ties` (numpy
matrix products in blocks of rows; exact, so equal to the sums above bit for bit).
The statements behind one-mode ties are stored once: a
:class:`~.evidence.TieIndex` holds the cells (row → column → stance → statement
ids), and each edge's ``statements`` and ``concepts``/``actors`` are a
:class:`~.evidence.TieStatements` and a :class:`~.evidence.TieVia` — read-only
sequences of 56 bytes that compute the sorted ids from the index when read
(:mod:`.evidence`). They compare equal to lists; ``list(...)`` copies them.
Two-mode edges keep plain lists (each statement lies on exactly one two-mode edge).
At 100,000 statements the organisation congruence network (818,139 edges) takes
~320 MB this way, against ~1.3 GB with a list per edge.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable

import networkx as nx

from stancegraph.schema.models import Stance

from ..seeds.dataset import Dataset
from ..errors import UsageError
from .evidence import TieIndex, TieStatements, TieVia
from .options import (
    DateRule, Duplicates, Level, NetworkKind, Normalisation, Qualifier, Unaffiliated, coerce, parse_bound,
)
from .selection import STANCE_VALUE, Coded, Exclusions, exclusions_summary, select_statements
from .ties import Cells, one_mode_ties, strongest_one_mode_ties

__all__ = ["NetworkOptions", "build_network", "assemble", "COMBINE_CODE", "STANCE_ORDER"]

STANCE_ORDER = (Stance.SUPPORT, Stance.OPPOSE, Stance.MIXED)
"""The order in which several stances are named (``"support+oppose+mixed"``)."""

COMBINE_CODE = {Stance.SUPPORT: 1, Stance.OPPOSE: 2, Stance.MIXED: 4}
"""Bits of the two-mode ``combine`` code (1, 2, 3 as in DNA's boolean case)."""

_SCALE_RANGE = 2


@dataclass(frozen=True)
class NetworkOptions:
    """Validated options of one network (see :func:`build_network`)."""

    kind: NetworkKind = NetworkKind.CONGRUENCE
    level: Level = Level.ORGANISATION
    normalisation: Normalisation = Normalisation.NONE
    start: _dt.date | None = None
    end: _dt.date | None = None
    duplicates: Duplicates = Duplicates.INCLUDE
    isolates: bool = False
    exclusions: Exclusions = field(default_factory=Exclusions)
    concept_depth: int | None = None
    qualifier: Qualifier = Qualifier.IGNORE
    unaffiliated: Unaffiliated = Unaffiliated.DROP
    date_rule: DateRule = DateRule.WITHIN

    @classmethod
    def make(cls, dataset: Dataset, *, kind="congruence", level="organisation", normalisation="none",
             start=None, end=None, duplicates="include", isolates=False, exclude=None, concept_depth=None,
             qualifier="ignore", unaffiliated="drop", date_rule="within") -> "NetworkOptions":
        """Check and convert user-facing option values; :class:`UsageError` when invalid."""
        options = cls(
            kind=coerce(NetworkKind, kind),
            level=coerce(Level, level),
            normalisation=coerce(Normalisation, normalisation),
            start=parse_bound(start, end=False),
            end=parse_bound(end, end=True),
            duplicates=coerce(Duplicates, duplicates),
            isolates=bool(isolates),
            exclusions=exclude if isinstance(exclude, Exclusions) else Exclusions.from_spec(dataset, exclude),
            concept_depth=None if concept_depth is None else int(concept_depth),
            qualifier=coerce(Qualifier, qualifier),
            unaffiliated=coerce(Unaffiliated, unaffiliated),
            date_rule=coerce(DateRule, date_rule),
        )
        if options.start and options.end and options.start > options.end:
            raise UsageError(f"the date range is empty: {options.start} is after {options.end}")
        norm, kind_ = options.normalisation, options.kind
        if kind_.one_mode and norm.two_mode:
            raise UsageError(f"normalisation {norm.value!r} is for two-mode networks (one-mode: average, jaccard, cosine)")
        if not kind_.one_mode and norm.one_mode:
            raise UsageError(f"normalisation {norm.value!r} is for one-mode networks (two-mode: activity, prominence)")
        if kind_.one_mode and options.qualifier is not Qualifier.IGNORE:
            raise UsageError(
                f"qualifier {options.qualifier.value!r} applies to two-mode networks only; "
                f"the kind {kind_.value!r} already says how stances combine"
            )
        return options

    @property
    def compare_stance(self) -> bool:
        """Whether duplicates must share the stance (False where DNA's aggregation is ``ignore``)."""
        if self.kind.one_mode:
            return self.kind.tie != "cooccurrence"
        return self.qualifier is not Qualifier.IGNORE

    def select(self, dataset: Dataset, start=None, end=None):
        """The statements of the date range (default: the options' range)."""
        return select_statements(
            dataset, level=self.level, start=self.start if start is None else start,
            end=self.end if end is None else end, duplicates=self.duplicates,
            compare_stance=self.compare_stance, exclusions=self.exclusions,
            concept_depth=self.concept_depth, unaffiliated=self.unaffiliated, date_rule=self.date_rule,
        )


def build_network(dataset: Dataset, kind="congruence", level="organisation", normalisation="none",
                  start=None, end=None, duplicates="include", isolates=False, exclude=None,
                  concept_depth=None, qualifier="ignore", unaffiliated="drop", date_rule="within",
                  strongest: int | None = None) -> nx.Graph:
    """Build a discourse network from a dataset, following DNA's definitions.

    Parameters
    ----------
    dataset : Dataset
    kind : {"twomode", "congruence", "conflict", "subtract", "cooccurrence", "concept-congruence", \
"concept-conflict", "concept-subtract", "concept-cooccurrence"}
    level : {"person", "organisation"}
        Actor level (see :mod:`.selection` for who the actor of a statement is).
    normalisation : {"none", "average", "jaccard", "cosine", "activity", "prominence"}
        The first three for one-mode networks, the last two for two-mode networks.
    start, end : str or date, optional
        Inclusive date range; ``"2010"`` as start means 2010-01-01, as end 2010-12-31.
    duplicates : {"include", "document", "week", "month", "year", "acrossrange"}
    isolates : bool
        Also show nodes of the pool (date range, exclusions) without any tie.
    exclude : iterable of ids, or mapping of ``actors``/``concepts``/``documents``/``stances`` to ids
    concept_depth : int, optional
        Roll concepts deeper than this up to their broader concept at this depth.
    qualifier : {"ignore", "combine", "subtract"}
        Two-mode only: how the stances of an actor–concept pair are aggregated.
    unaffiliated : {"drop", "person"}
        Organisation level: leave out statements naming no organisation, or let the speaker stand in.
    date_rule : {"within", "earliest"}
        When a year- or month-only date is inside the range.
    strongest : int, optional
        One-mode networks: keep only the ``strongest`` ties of largest ``|weight|``, plus
        each node's strongest tie (:func:`~.strongest.strongest`), chosen while the ties
        stream, so a network of millions of ties never exists in memory. The graph then
        records ``ties_total`` (all ties), ``strongest`` and ``strongest_added``. None or 0:
        every tie.

    Returns
    -------
    networkx.Graph
        With the node, edge and graph attributes described in the module docstring.

    Raises
    ------
    UsageError
        For an unknown or inapplicable option value or an unknown id to exclude.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> g = build_network(load_dataset(), "congruence", "organisation", start="2010", end="2013")
    >>> g.graph["network_kind"], g.graph["start"], g.graph["end"]
    ('congruence', '2010-01-01', '2013-12-31')
    >>> all(g.nodes[n]["kind"] == "organisation" for n in g)
    True
    """
    options = NetworkOptions.make(
        dataset, kind=kind, level=level, normalisation=normalisation, start=start, end=end,
        duplicates=duplicates, isolates=isolates, exclude=exclude, concept_depth=concept_depth,
        qualifier=qualifier, unaffiliated=unaffiliated, date_rule=date_rule,
    )
    if strongest is not None and (not isinstance(strongest, int) or strongest < 0):
        raise UsageError(f"strongest must be a whole number of ties, 0 or more (got {strongest!r})")
    selection = options.select(dataset)
    return assemble(dataset, options, selection.retained, selection.pool if options.isolates else (),
                    start=options.start, end=options.end, strongest=strongest or None, levels_from=selection.pool)


def assemble(dataset: Dataset, options: NetworkOptions, retained: Iterable[Coded], pool: Iterable[Coded] = (),
             *, start: _dt.date | None = None, end: _dt.date | None = None,
             strongest: int | None = None, levels_from: Iterable[Coded] | None = None) -> nx.Graph:
    """The network of the kept statements ``retained``; ``pool`` adds isolates (see :func:`build_network`).

    ``levels_from`` are the statements whose integer qualifiers give the levels and the
    observed range R (DNA's pool; default ``retained`` and ``pool``); see "Integer qualifiers".
    """
    retained = list(retained)
    pool = list(pool)
    levels = qualifier_levels([*retained, *pool] if levels_from is None else levels_from)
    kind = options.kind
    graph = nx.Graph()
    graph.graph.update(_graph_attributes(dataset, options, retained, start, end))

    swap = kind.concept_nodes
    def row_col(c: Coded) -> tuple[tuple[str, str], tuple[str, str]]:
        actor = (c.actor, c.actor_kind)
        concept = (c.concept, "concept")
        return (concept, actor) if swap else (actor, concept)

    building: dict[str, dict[str, dict[Stance, list[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    node_counts: Counter = Counter()
    for c in retained:
        (row, _), (col, _) = row_col(c)
        building[row][col][c.stance if levels is None or not kind.one_mode else c.value].append(c.id)
        node_counts[row] += 1
        node_counts[col] += 1
    cells: Cells = {row: {col: {stance: tuple(ids) for stance, ids in stances.items()}
                          for col, stances in by_col.items()} for row, by_col in building.items()}
    del building

    shown: dict[str, str] = {}  # node id -> kind
    if kind.one_mode:
        for c in retained:
            node, node_kind = row_col(c)[0]
            shown[node] = node_kind
        for c in pool:
            node, node_kind = row_col(c)[0]
            if node is not None:  # a pool statement with no actor at this level (selection step 4)
                shown.setdefault(node, node_kind)
    else:
        concepts_shown: set[str] = set()
        for c in [*retained, *pool]:
            (actor, actor_kind), (concept, _) = row_col(c)
            if actor is not None:  # a pool statement with no actor still shows its concept (selection step 4)
                shown.setdefault(actor, actor_kind)
            concepts_shown.add(concept)
        clashes = sorted(concepts_shown.intersection(shown))
        shown.update(dict.fromkeys(concepts_shown, "concept"))
        if clashes:
            raise UsageError(
                "a two-mode network needs actor ids distinct from concept ids; shared: " + ", ".join(clashes)
            )
    ordered = sorted(shown, key=lambda n: (shown[n] == "concept", n)) if not kind.one_mode else sorted(shown)
    for node in ordered:
        graph.add_node(node, **_node_attributes(dataset, node, shown[node], node_counts[node], kind))

    if kind.one_mode:
        _one_mode_edges(graph, options, cells, strongest, levels)
    else:
        values = None if levels is None else {c.id: c.value for c in retained}
        _two_mode_edges(graph, options, cells, levels, values)
    return graph


def qualifier_levels(statements: Iterable[Coded]) -> list[int] | None:
    """The sorted distinct values (:attr:`Coded.value`) when any statement has an integer qualifier, else None.

    Examples
    --------
    >>> from stancegraph.graph.networks.selection import Coded
    >>> def coded(stance, qualifier=None):
    ...     return Coded("s", "a", "person", "c", Stance(stance), "d", None, (), qualifier)
    >>> qualifier_levels([coded("support"), coded("oppose")]) is None
    True
    >>> qualifier_levels([coded("support", 5), coded("oppose", 2), coded("mixed")])
    [0, 2, 5]
    """
    statements = list(statements)
    if not any(c.qualifier is not None for c in statements):
        return None
    return sorted({c.value for c in statements})


def level_similarity(tie: str, levels: list[int] | None) -> tuple[tuple, Any]:
    """The cell keys and the similarity f(k, k′) of a one-mode tie over them.

    Without integer qualifiers (``levels`` None) the keys are the three stances
    (:data:`STANCE_ORDER`) on −1 … 1 with R = 2; with them, the integer levels
    ascending and DNA's observed range R = q_max − q_min (``Exporter.computeOneModeMatrix``):
    congruence s = 1 − |q − q′|/R, conflict 1 − s, subtract 2s − 1, co-occurrence 1;
    R = 0 gives NaN (except co-occurrence), as DNA's 0/0 does.

    Examples
    --------
    >>> keys, f = level_similarity("congruence", [1, 3, 5])
    >>> keys, f(1, 3), f(1, 5)
    ((1, 3, 5), 0.5, 0.0)
    >>> keys, f = level_similarity("conflict", None)
    >>> keys == STANCE_ORDER, f(Stance.SUPPORT, Stance.MIXED)
    (True, 0.5)
    """
    if levels is None:
        return STANCE_ORDER, lambda k1, k2: _factor(tie, STANCE_VALUE[k1], STANCE_VALUE[k2])
    spread = levels[-1] - levels[0]
    return tuple(levels), lambda k1, k2: _factor(tie, k1, k2, spread)


def _graph_attributes(dataset, options: NetworkOptions, retained, start, end) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "name": f"{options.kind.value} network ({options.level.value} level)",
        "dataset": dataset.info.id,
        "dataset_version": dataset.info.version,
        "network_kind": options.kind.value,
        "level": options.level.value,
        "normalisation": options.normalisation.value,
        "qualifier": options.qualifier.value,
        "duplicates": options.duplicates.value,
        "isolates": options.isolates,
        "unaffiliated": options.unaffiliated.value,
        "date_rule": options.date_rule.value,
        "statement_count": len(retained),
    }
    if start is not None:
        attrs["start"] = start.isoformat()
    if end is not None:
        attrs["end"] = end.isoformat()
    if options.concept_depth is not None:
        attrs["concept_depth"] = options.concept_depth
    excluded = exclusions_summary(options.exclusions)
    if excluded:
        attrs["excluded"] = excluded
    return attrs


def _node_attributes(dataset: Dataset, node: str, node_kind: str, count: int, kind: NetworkKind) -> dict[str, Any]:
    if node_kind == "person":
        attrs = {"label": dataset.people[node].name, "kind": "person"}
    elif node_kind == "organisation":
        organisation = dataset.organisations[node]
        attrs = {"label": organisation.name, "kind": "organisation", "org_kind": organisation.kind.value}
    else:
        attrs = {"label": dataset.concepts[node].label, "kind": "concept"}
    attrs["statements"] = int(count)
    if not kind.one_mode:
        attrs["bipartite"] = 1 if node_kind == "concept" else 0
    return attrs


def _factor(tie: str, q1: int, q2: int, scale_range: int = _SCALE_RANGE) -> float:
    if tie == "cooccurrence":
        return 1.0
    s = 1 - abs(q1 - q2) / scale_range if scale_range else math.nan
    if tie == "congruence":
        return s
    if tie == "conflict":
        return 1 - s
    if tie == "subtract":
        return s - (1 - s)
    return 1.0  # cooccurrence


def _one_mode_edges(graph: nx.Graph, options: NetworkOptions, cells: Cells, limit: int | None = None,
                    levels: list[int] | None = None) -> None:
    tie = options.kind.tie
    if levels is None:
        keys = STANCE_ORDER
        factor = lambda k1, k2: _factor(tie, STANCE_VALUE[k1], STANCE_VALUE[k2])  # noqa: E731
    else:  # cells keyed by the integer values; DNA's observed range
        keys = levels
        spread = levels[-1] - levels[0]
        factor = lambda k1, k2: _factor(tie, k1, k2, spread)  # noqa: E731
    if levels is not None and tie != "cooccurrence" and levels[-1] == levels[0]:
        # DNA: a single-valued integer qualifier (R = 0) makes every off-diagonal cell NaN
        ties = [(r1, r2, math.nan, math.nan) for r1, r2 in combinations(sorted(graph), 2)]
        if limit:
            graph.graph.update(ties_total=len(ties), strongest=limit, strongest_added=0)
    elif limit:
        chosen = strongest_one_mode_ties(cells, factor, options.normalisation, limit)
        graph.graph.update(ties_total=chosen.total, strongest=limit, strongest_added=chosen.added)
        ties = sorted(chosen.ties)  # in pair order, as the full network adds them
    else:
        ties = one_mode_ties(cells, factor, options.normalisation)
    index = TieIndex(cells, [(k1, k2) for k1 in keys for k2 in keys if factor(k1, k2) != 0])
    via_name = "actors" if options.kind.concept_nodes else "concepts"
    graph.add_edges_from(
        (r1, r2, {"weight": weight, "raw_weight": raw, "statements": TieStatements(index, r1, r2),
                  via_name: TieVia(index, r1, r2)})
        for r1, r2, raw, weight in ties
    )


def _two_mode_edges(graph: nx.Graph, options: NetworkOptions, cells, levels: list[int] | None = None,
                    values: dict[str, int] | None = None) -> None:
    qualifier = options.qualifier
    # integer qualifiers: subtract Σ_k q_k·a[i,j,k]; combine Σ_k 2^(L−1−k)·[a[i,j,k] > 0] over the levels
    bit = None if levels is None else {q: 2 ** (len(levels) - 1 - k) for k, q in enumerate(levels)}
    cells = {(row, col): stances for row, by_col in cells.items() for col, stances in by_col.items()}
    raw: dict[tuple[str, str], float] = {}
    for (actor, concept), stances in cells.items():
        counts = {stance: len(ids) for stance, ids in stances.items()}
        if qualifier is Qualifier.IGNORE:
            raw[(actor, concept)] = float(sum(counts.values()))
        elif qualifier is Qualifier.SUBTRACT:
            if values is None:
                raw[(actor, concept)] = float(sum(STANCE_VALUE[s] * n for s, n in counts.items()))
            else:
                raw[(actor, concept)] = float(sum(values[i] for ids in stances.values() for i in ids))
        elif bit is None:
            raw[(actor, concept)] = float(sum(COMBINE_CODE[s] for s in counts))
        else:
            raw[(actor, concept)] = float(sum(bit[q] for q in {values[i] for ids in stances.values() for i in ids}))

    denominators: dict[str, float] = defaultdict(float)
    norm = options.normalisation
    if norm is not Normalisation.NONE:
        side = 0 if norm is Normalisation.ACTIVITY else 1
        for pair, value in raw.items():
            node = pair[side]
            if qualifier is Qualifier.IGNORE:
                denominators[node] += value
            elif qualifier is Qualifier.COMBINE:
                denominators[node] += 1 if value > 0 else 0
            else:
                denominators[node] += sum(len(ids) for ids in cells[pair].values())

    for (actor, concept) in sorted(raw):
        stances = cells[(actor, concept)]
        value = raw[(actor, concept)]
        if norm is not Normalisation.NONE:
            d = denominators[(actor, concept)[0 if norm is Normalisation.ACTIVITY else 1]]
            value = value / d if d else 0.0
        present = [s for s in STANCE_ORDER if stances.get(s)]
        graph.add_edge(
            actor, concept, weight=float(value), raw_weight=raw[(actor, concept)],
            statements=sorted(i for ids in stances.values() for i in ids),
            stance="+".join(s.value for s in present),
            stances={s.value: len(stances.get(s, ())) for s in STANCE_ORDER},
            combine=(sum(COMBINE_CODE[s] for s in present) if bit is None else
                     sum(bit[q] for q in {values[i] for ids in stances.values() for i in ids})),
        )
