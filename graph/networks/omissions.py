"""Which statements a network leaves out, and why — so every summary can say so.

A network is built from the statements :mod:`.selection` keeps. The others are
left out for one of four reasons, counted in this order (a statement counts once,
under the first that applies):

1. **no actor** at the chosen level: at organisation level a statement that names
   no organisation (unless ``unaffiliated="person"`` lets its speaker stand in), at
   person level one with no speaker — DNA's empty-value rule (DNA-NETWORKS.md §1);
2. **out of range**: its (partial) date is not inside ``[start, end]`` under the date rule;
3. **duplicate**: it repeats a kept statement under the ``duplicates`` rule (§2);
4. **excluded**: by ``exclude`` (an actor, concept, document or stance).

Statements of every network node, kept ones only, are also given by node
(:func:`node_statements`), so a page can show a node's statements that are behind
no drawn tie.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..seeds.dataset import Dataset
from .selection import in_range

__all__ = ["Omissions", "omissions", "node_statements", "account"]

REASONS = ("no_actor", "out_of_range", "duplicate", "excluded")
_PERIODS = {"document": "in the same document", "week": "in the same week", "month": "in the same month",
            "year": "in the same year", "acrossrange": "in the date range"}
"""The duplicates rule (:class:`~.options.Duplicates`) in words, for captions."""


@dataclass(frozen=True)
class Omissions:
    """How many of a dataset's statements a network keeps, and how many it leaves out per reason."""

    total: int
    kept: int
    counts: dict[str, int] = field(default_factory=dict)
    """Statements left out, by reason (:data:`REASONS`; only reasons that apply)."""
    level: str = "organisation"
    unaffiliated: str = "drop"
    duplicates: str = "include"
    start: str | None = None
    end: str | None = None

    @property
    def left_out(self) -> int:
        """Statements of the dataset not in the network."""
        return self.total - self.kept

    def reasons(self, hints: bool = True) -> list[str]:
        """One phrase per reason; with ``hints``, the command-line option that changes it.

        ``hints=False`` words the same reasons for a figure's caption (a methods
        section): no option names, the duplicates rule said in words.

        >>> Omissions(139, 108, {"no_actor": 31}).reasons()
        ['31 name no organisation (--unaffiliated person keeps their speakers)']
        >>> for phrase in Omissions(139, 107, {"no_actor": 31, "duplicate": 1}, duplicates="document").reasons(False):
        ...     print(phrase)
        31 name no organisation
        1 repeats a stance its actor already took on the same concept in the same document
        """
        phrases = []
        for reason in REASONS:
            n = self.counts.get(reason, 0)
            if not n:
                continue
            verb = "names" if n == 1 else "name"
            if reason == "no_actor":
                if self.level == "person":
                    phrases.append(f"{n:,} {verb} no speaker")
                elif self.unaffiliated == "drop":
                    phrases.append(f"{n:,} {verb} no organisation"
                                   + (" (--unaffiliated person keeps their speakers)" if hints else ""))
                else:
                    phrases.append(f"{n:,} {verb} neither an organisation nor a speaker")
            elif reason == "out_of_range":
                span = f"{self.start or '…'} to {self.end or '…'}"
                phrases.append(f"{n:,} {'is' if n == 1 else 'are'} dated outside {span}")
            elif reason == "duplicate":
                if hints:
                    phrases.append(f"{n:,} repeat{'s' if n == 1 else ''} a kept statement (--duplicates "
                                   f"{self.duplicates})")
                else:
                    phrases.append(f"{n:,} repeat{'s' if n == 1 else ''} a stance {'its' if n == 1 else 'their'} "
                                   f"actor already took on the same concept {_PERIODS.get(self.duplicates, '')}"
                                   .rstrip())
            else:
                phrases.append(f"{n:,} {'is' if n == 1 else 'are'} excluded"
                               + (" (--exclude)" if hints else " from the analysis"))
        return phrases

    def sentence(self) -> str:
        """The summary line, e.g. ``'31 of 139 statements left out: 31 name no organisation (…)'``.

        >>> Omissions(139, 139).sentence()
        'all 139 statements are in the network'
        >>> Omissions(10, 7, {"out_of_range": 2, "excluded": 1}, start="2010-01-01").sentence()
        '3 of 10 statements left out: 2 are dated outside 2010-01-01 to …; 1 is excluded (--exclude)'
        """
        if not self.left_out:
            if self.total <= 1:
                return "no statements to build the network from" if not self.total else \
                    "the one statement is in the network"
            return f"all {self.total:,} statements are in the network"
        if self.left_out == self.total:
            lead = "the one statement is left out" if self.total == 1 else f"all {self.total:,} statements left out"
        else:
            lead = f"{self.left_out:,} of {self.total:,} statements left out"
        return lead + ": " + "; ".join(self.reasons())

    def caption(self) -> str:
        """The left-out statements as a figure caption says them: a sentence, no option names; empty when none.

        >>> Omissions(139, 108, {"no_actor": 31}).caption()
        '31 of 139 statements are left out: 31 name no organisation.'
        >>> Omissions(139, 139).caption(), Omissions(1, 0, {"no_actor": 1}, level="person").caption()
        ('', 'The one statement is left out: 1 names no speaker.')
        """
        if not self.left_out:
            return ""
        if self.left_out == self.total:
            lead = "The one statement is left out" if self.total == 1 else f"All {self.total:,} statements are left out"
        else:
            lead = (f"{self.left_out:,} of {self.total:,} statement{'s' if self.total != 1 else ''} "
                    f"{'is' if self.left_out == 1 else 'are'} left out")
        return lead + ": " + "; ".join(self.reasons(hints=False)) + "."


def _options(dataset: Dataset, kind, level, network_options: dict[str, Any]):
    from .build import NetworkOptions

    accepted = set(inspect.signature(NetworkOptions.make).parameters)
    known = {key: value for key, value in network_options.items() if key in accepted}
    return NetworkOptions.make(dataset, kind=kind, level=level, **known)


def _has_actor(statement, level: str, unaffiliated: str) -> bool:
    if level == "person":
        return bool(statement.speaker)
    return bool(statement.organisation) or (unaffiliated == "person" and bool(statement.speaker))


def omissions(dataset: Dataset, kind: Any = "congruence", level: Any = "organisation",
              **network_options: Any) -> Omissions:
    """Count the statements the network ``build_network(dataset, kind, level, **network_options)`` leaves out.

    Parameters
    ----------
    dataset : Dataset
    kind, level, **network_options
        As for :func:`~stancegraph.graph.networks.build_network` (options it does not
        take, such as ``strongest``, are ignored).

    Returns
    -------
    Omissions

    Raises
    ------
    UsageError
        For option values ``build_network`` would refuse.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> report = omissions(load_dataset(), "congruence", "organisation")
    >>> report.total == report.kept + sum(report.counts.values())
    True
    """
    options = _options(dataset, kind, level, network_options)
    return _omissions(dataset, options, options.select(dataset))


def _omissions(dataset: Dataset, options, selection) -> Omissions:
    level_name, unaffiliated = options.level.value, options.unaffiliated.value
    kept = {c.id for c in selection.retained if c.actor is not None}
    pooled = {c.id for c in selection.pool}
    counts: dict[str, int] = defaultdict(int)
    for sid, statement in dataset.statements.items():
        if sid in kept:
            continue
        if not _has_actor(statement, level_name, unaffiliated):
            counts["no_actor"] += 1
        elif not in_range(dataset.statement_date(statement), options.start, options.end, options.date_rule):
            counts["out_of_range"] += 1
        elif sid in pooled:
            counts["duplicate"] += 1
        else:
            counts["excluded"] += 1
    return Omissions(
        total=len(dataset.statements), kept=len(kept), counts=dict(counts), level=level_name,
        unaffiliated=unaffiliated, duplicates=options.duplicates.value,
        start=options.start.isoformat() if options.start else None,
        end=options.end.isoformat() if options.end else None,
    )


def node_statements(dataset: Dataset, kind: Any = "congruence", level: Any = "organisation",
                    **network_options: Any) -> dict[str, list[str]]:
    """Every node's kept statements (sorted ids): an actor's as actor, a concept's as concept.

    For the same options as the network, so a node's list has exactly as many
    statements as its ``statements`` count.
    """
    return account(dataset, kind, level, **network_options)[1]


def account(dataset: Dataset, kind: Any = "congruence", level: Any = "organisation",
            **network_options: Any) -> tuple[Omissions, dict[str, list[str]]]:
    """:func:`omissions` and :func:`node_statements` from one selection of the statements."""
    options = _options(dataset, kind, level, network_options)
    selection = options.select(dataset)
    return _omissions(dataset, options, selection), _by_node(options, selection)


def _by_node(options, selection) -> dict[str, list[str]]:
    by_node: dict[str, list[str]] = defaultdict(list)
    for coded in selection.retained:
        if coded.actor is None:
            continue
        if options.kind.concept_nodes or not options.kind.one_mode:
            by_node[coded.concept].append(coded.id)
        if not options.kind.concept_nodes:
            by_node[coded.actor].append(coded.id)
    return {node: sorted(ids) for node, ids in by_node.items()}
