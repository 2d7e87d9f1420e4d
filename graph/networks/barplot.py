"""Who says what: stance counts per concept or actor, as rDNA's ``dna_barplot`` computes them.

rDNA's ``dna_barplot(variable, qualifier, duplicates, …)`` (leifeld-lab/dna,
``rDNA/rDNA/R/rDNA.R``; Java ``Exporter.generateBarplotData``) counts, for every
value of one variable (``concept`` by default, or an actor variable), the statements
left after DNA's filters and duplicate rule, split by the qualifier's values. We
count the same way, on the statements :func:`~stancegraph.graph.networks.build_network`
keeps for a two-mode network with the stance as qualifier — so the pool, date range,
exclusions, concept roll-up and duplicate rule (the stance compared too, as DNA does
when a qualifier is given) are exactly the networks' rules — and add two things DNA
leaves to the user:

* ``count="actors"`` counts distinct actors per stance instead of statements (an
  actor who both supports and opposes a concept counts once on each side);
* ``group_by="kind"`` splits each bar by the kind of the *other* variable's nodes
  (organisation kind, or person), DNA's attribute colouring made explicit.

The stance is DNA's integer qualifier (support +1, mixed 0, oppose −1); rDNA's
``autoplot`` draws qualifier values ≥ 0 to the right and < 0 to the left, so a
"mixed" stance stacks on the supporting side. Rows are sorted by total, largest
first, then label (rDNA sorts by total only, leaving ties in database order).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from stancegraph.schema.models import Stance

from ..errors import UsageError
from ..seeds.dataset import Dataset

__all__ = ["BarplotRow", "stance_counts", "STANCES", "VARIABLES"]

STANCES = (Stance.SUPPORT.value, Stance.MIXED.value, Stance.OPPOSE.value)
"""Stances in rDNA's drawing order: qualifier +1, 0, −1."""
VARIABLES = ("concept", "organisation", "person")
"""What a bar can stand for."""


@dataclass(frozen=True)
class BarplotRow:
    """One bar: an entity and its counts per stance.

    Attributes
    ----------
    entity, label : str
        Node id and display label.
    kind : str
        ``concept``, ``person``, or the organisation's kind.
    counts : dict of str to int
        Stance (``support``, ``mixed``, ``oppose``) → number of statements (or actors).
    by_group : dict of str to dict of str to int
        With ``group_by="kind"``: group → stance → count; else empty.
    """

    entity: str
    label: str
    kind: str
    counts: dict[str, int]
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Number of statements (or actors) of every stance."""
        return sum(self.counts.values())


def stance_counts(dataset: Dataset, variable: str = "concept", *, level: str = "organisation",
                  count: str = "statements", group_by: str | None = None, min_total: int = 1,
                  **network_options: Any) -> list[BarplotRow]:
    """Stance counts per entity of ``variable`` (rDNA's ``dna_barplot`` data).

    Parameters
    ----------
    dataset : Dataset
    variable : {"concept", "organisation", "person"}
        One bar per value of this variable. For an actor variable the actors are those
        of ``level`` (``organisation`` bars need ``level="organisation"``).
    level : {"organisation", "person"}
        The actor level of the underlying two-mode network.
    count : {"statements", "actors"}
        What a bar measures: statements (DNA's frequency), or distinct actors (for
        concept bars) / distinct concepts (for actor bars).
    group_by : {"kind"}, optional
        Split each bar by the kind of the counted nodes of the other mode.
    min_total : int
        Leave out bars with a smaller total (rDNA's ``exclude.min``).
    **network_options
        Passed to :func:`~stancegraph.graph.networks.build_network`: ``start``, ``end``,
        ``duplicates``, ``exclude``, ``concept_depth``, ``unaffiliated``, ``date_rule``, ….

    Returns
    -------
    list of BarplotRow
        Largest total first, then by label.

    Raises
    ------
    UsageError
        For an unknown variable, count or grouping, or a bad network option.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> rows = stance_counts(load_dataset())
    >>> rows[0].total >= rows[-1].total
    True
    """
    from .build import build_network

    if variable not in VARIABLES:
        raise UsageError(f"unknown bar variable {variable!r} (expected one of: {', '.join(VARIABLES)})")
    if count not in ("statements", "actors"):
        raise UsageError(f"unknown count {count!r} (expected statements or actors)")
    if group_by not in (None, "kind"):
        raise UsageError(f"unknown grouping {group_by!r} (expected kind)")
    if variable != "concept":
        if variable == "organisation" and level == "person":
            raise UsageError("organisation bars need --level organisation")
        level = variable if variable == "person" else level
    for fixed in ("kind", "qualifier", "normalisation", "isolates"):
        if fixed in network_options:
            raise UsageError(f"the bar plot fixes {fixed!r}; do not pass it")
    graph = build_network(dataset, kind="twomode", level=level, qualifier="subtract", **network_options)
    counts: dict[str, Counter] = defaultdict(Counter)
    groups: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for u, v, data in graph.edges(data=True):
        actor, concept = (u, v) if graph.nodes[u].get("bipartite") == 0 else (v, u)
        entity, other = (concept, actor) if variable == "concept" else (actor, concept)
        for stance, n in data["stances"].items():
            if not n:
                continue
            amount = n if count == "statements" else 1
            counts[entity][stance] += amount
            if group_by:
                groups[entity][_kind(graph.nodes[other])][stance] += amount
    rows = []
    for entity, counter in counts.items():
        node = graph.nodes[entity]
        row = BarplotRow(
            entity=entity, label=str(node.get("label", entity)), kind=_kind(node),
            counts={s: int(counter.get(s, 0)) for s in STANCES},
            by_group={g: {s: int(c.get(s, 0)) for s in STANCES} for g, c in sorted(groups[entity].items())},
        )
        if row.total >= min_total:
            rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.label.casefold(), r.entity))
    return rows


def _kind(node: dict) -> str:
    if node.get("kind") == "organisation":
        return str(node.get("org_kind") or "organisation")
    return str(node.get("kind", ""))
