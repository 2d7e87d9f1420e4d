"""Discourse networks comparable with the Discourse Network Analyzer (DNA), every tie keeping its evidence.

Researchers analyse who-agrees-with-whom networks built from coded statements;
the reference tool is Philip Leifeld's DNA (and rDNA). These networks follow the
formulas of DNA 3.1.2 as specified in ``DNA-NETWORKS.md`` (congruence, conflict
and subtract multiply counts; DNA's normalisation denominators, duplicates and
windows) so published methods carry over — and every edge also lists the ids of
the statements that create it, so the quotes behind any tie can be shown.

API (stable: the HTML view and the notebooks code against it)
-------------------------------------------------------------
``build_network(dataset, kind="congruence", level="organisation", normalisation="none",
start=None, end=None, duplicates="include", isolates=False, exclude=None,
concept_depth=None, qualifier="ignore", unaffiliated="drop", date_rule="within", strongest=None) -> networkx.Graph``
    ``kind``: twomode, congruence, conflict, subtract, cooccurrence,
    concept-congruence, concept-conflict, concept-subtract, concept-cooccurrence.
    ``level``: person or organisation. ``strongest=N`` keeps only the N strongest
    one-mode ties (plus each node's strongest), chosen as the ties stream (:mod:`.strongest`).
``time_windows(dataset, kind, level, window="2y", step="1y", ...) -> [(first day, last day, Graph)]``
``time_windows(..., kernel="gaussian")`` / ``kernel_slices(...)``: DNA's kernel-smoothed slices (:mod:`.kernels`)
``coalitions(graph, seed=0)``, ``with_coalitions(graph, groups)``, ``centrality(graph)``,
``polarisation_modularity(dataset, window=..., step=...)`` (alias ``polarisation``): modularity of the
Louvain coalitions over time; ``polarisation_leifeld(dataset, ...) -> [PolarisationResult]``: DNA's
``dna_polarization`` (:mod:`.polarisation_leifeld`); ``backbone(dataset, method=...) -> BackboneResult``:
DNA's ``dna_backbone`` (:mod:`.backbone`); ``contested_concepts(dataset)``,
``tie_evidence(dataset, graph, u, v)``
``write_graphml``, ``write_gexf``, ``write_csv`` (node + edge tables), ``write_json`` (node-link),
``write_matrix_csv`` (DNA's matrix CSV), ``write_dl`` (UCINET DL), ``write_pajek`` (Pajek .net) (:mod:`.formats`),
``write_network(graph, path, format=None)`` (format from the file ending; an unknown ending is an error)
— all atomic, all attributes scalar in GraphML/GEXF/CSV.

Node attributes: ``label``, ``kind`` ("person" | "organisation" | "concept"),
``org_kind`` (organisations), ``statements`` (int), ``bipartite`` (two-mode: 0
actors, 1 concepts). Edge attributes: ``weight`` (float), ``raw_weight``,
``statements`` (sorted statement ids); two-mode: ``stance`` ("support", "oppose",
"mixed" or several joined by "+"), ``stances`` ({stance: count}), ``combine``
(DNA's combine code); one-mode: ``concepts`` (``actors`` in concept networks).
On one-mode edges ``statements`` and ``concepts``/``actors`` are read-only
sequences computed from one shared index when read (they compare equal to lists;
:mod:`.evidence`), so large networks fit in memory.

Our rules where DNA's model and ours differ (details in each module)
-------------------------------------------------------------------
* Stance as qualifier: DNA's integer qualifier, support +1, mixed 0, oppose −1,
  on a fixed range of 2 — exactly DNA's boolean qualifier when only support and
  oppose occur; "mixed" agrees half with each side (:mod:`.build`).
* Integer qualifiers (``Statement.qualifier``, e.g. a DNA import on a 1…5 scale):
  when any statement of the selection carries one, the networks use the integer
  values (statements without one use their stance's +1/0/−1) with DNA's
  *observed* range R = q_max − q_min of the selection's values: s = 1 − |q − q′|/R
  (congruence), 1 − s (conflict), their difference (subtract); R = 0 makes every
  off-diagonal one-mode tie NaN; two-mode ``subtract`` is Σ_k q_k·a[i,j,k] and
  ``combine`` DNA's integer code Σ_k 2^(L−1−k)·[a[i,j,k] > 0] over the L levels.
  Without any qualifier the stance rule above holds unchanged (:mod:`.build`).
  Kernel-smoothed slices (levels from the selected statements, as DNA's
  ``extractLabels``; two-mode ``subtract`` Σ q·ζ), the backbone (R of all kept
  statements for every candidate) and Leifeld polarisation use the same values;
  R = 0 gives NaN slice ties and is refused by the backbone and polarisation
  (:mod:`.kernels`, :mod:`.backbone`, :mod:`.polarisation_leifeld`).
* Actor: ``person`` level = the speaker; ``organisation`` level = the organisation
  the statement was made for (its ``organisation`` field); statements naming
  none have no actor unless ``unaffiliated="person"``; as in DNA they are dropped
  *after* the pool is formed, so with ``isolates=True`` their concepts still show
  (:mod:`.selection`).
* Concepts: ``concept_depth`` rolls narrower concepts up the SKOS hierarchy.
* Dates are partial (year, month or day): a statement is inside a range or window
  when every day its date can mean is inside (``date_rule="within"``), or by its
  first day (``"earliest"``); sorting uses first, then last possible day.
* DNA defects fixed (DNA-NETWORKS.md §8): week and month duplicates compare the
  year too; weeks are ISO weeks (Monday first, locale-independent); windows are
  deterministic (no ``events`` windows with random ties); combine + prominence
  normalises columns correctly; invalid option combinations are errors instead of
  being silently replaced; excluded actors and concepts never show as isolates.
"""

from __future__ import annotations

from .analysis import (
    ContestedConcept, Evidence, PolarisationPoint, centrality, coalitions, contested_concepts, polarisation,
    polarisation_modularity, tie_evidence, with_coalitions,
)
from .backbone import BackboneResult, NestedStep, backbone
from .formats import network_matrix, write_dl, write_matrix_csv, write_pajek
from .kernels import Kernel, KernelSlice, kernel_slices
from .polarisation_leifeld import PolarisationResult, polarisation_leifeld
from .build import COMBINE_CODE, NetworkOptions, build_network
from .exports import (
    NetworkFormat, csv_paths, format_from_path, scalar_graph, write_csv, write_gexf, write_graphml, write_json, write_network,
)
from .options import DateRule, Duplicates, Level, NetworkKind, Normalisation, Qualifier, Span, Unaffiliated
from .selection import STANCE_VALUE, Exclusions
from .windows import time_windows, window_bounds

__all__ = [
    "build_network",
    "time_windows",
    "window_bounds",
    "coalitions",
    "with_coalitions",
    "centrality",
    "polarisation",
    "polarisation_modularity",
    "PolarisationPoint",
    "polarisation_leifeld",
    "PolarisationResult",
    "backbone",
    "BackboneResult",
    "NestedStep",
    "kernel_slices",
    "KernelSlice",
    "Kernel",
    "network_matrix",
    "write_matrix_csv",
    "write_dl",
    "write_pajek",
    "format_from_path",
    "contested_concepts",
    "ContestedConcept",
    "tie_evidence",
    "Evidence",
    "write_graphml",
    "write_gexf",
    "write_csv",
    "csv_paths",
    "write_json",
    "write_network",
    "scalar_graph",
    "NetworkFormat",
    "NetworkKind",
    "Level",
    "Normalisation",
    "Duplicates",
    "Qualifier",
    "Unaffiliated",
    "DateRule",
    "Span",
    "Exclusions",
    "NetworkOptions",
    "STANCE_VALUE",
    "COMBINE_CODE",
]
