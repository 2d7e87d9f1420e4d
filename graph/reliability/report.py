"""Inter-coder reliability of two or more codings of the same texts.

:func:`agreement` reads the codings, aligns their statements text by text
(:mod:`.alignment`), and reports per text and overall:

- **unitizing** — Krippendorff's uα of the passages that carry statements
  (:mod:`.unitizing`; the texts concatenated into one continuum for the overall
  figure, over the texts every coder coded);
- **coding** — Krippendorff's α of each code over the aligned units
  (:mod:`.coding`): speaker, organisation, concept as coded and rolled up to
  ``concept_depth``, stance (nominal, and ordinal oppose < mixed < support),
  attribution and date (nominal), each with its pairable units and values,
  coders and a bootstrapped interval;
- **disagreements** — every aligned unit that not all coders coded, or whose
  codes differ, with each coder's statement, file, line and quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .alignment import align
from .coding import AlphaResult, coding_alpha
from .unitizing import Section, UnitizingResult, merge_spans, unitizing_alpha
from .units import FIELDS, CodedDocument, CodedUnit, coded_documents, read_codings

__all__ = ["Measure", "Disagreement", "ScopeAgreement", "AgreementReport", "agreement", "agreement_of",
           "measures", "STANCE_ORDER"]

STANCE_ORDER = ("oppose", "mixed", "support")
"""The stance as an ordinal scale (DNA's qualifier −1, 0, +1)."""


@dataclass(frozen=True)
class Measure:
    """One reliability figure to compute: a code at a level of measurement."""

    name: str
    code: str
    level: str = "nominal"
    domain: tuple | None = None


def measures(concept_depth: int | None) -> list[Measure]:
    """The coding measures reported, in order."""
    out = [Measure("speaker", "speaker"), Measure("organisation", "organisation"), Measure("concept", "concept")]
    if concept_depth is not None:
        out.append(Measure(f"concept@{concept_depth}", f"concept@{concept_depth}"))
    out += [
        Measure("stance", "stance"),
        Measure("stance (ordinal)", "stance", "ordinal", STANCE_ORDER),
        Measure("attribution", "attribution"),
        Measure("date", "date"),
    ]
    return out


@dataclass
class ScopeAgreement:
    """The figures of one text (or of all of them).

    Attributes
    ----------
    scope : str
        The text's key (its corpus file), or ``"overall"``.
    coders : list of str
    statements : dict
        Coder -> number of statements.
    aligned : int
        Aligned units (statements of different coders paired count once).
    matched : int
        Aligned units coded by every coder of the text.
    unitizing : UnitizingResult or None
    alphas : dict
        Measure name -> AlphaResult.
    """

    scope: str
    coders: list[str]
    statements: dict[str, int]
    aligned: int
    matched: int
    unitizing: UnitizingResult | None
    alphas: dict[str, AlphaResult] = field(default_factory=dict)


@dataclass(frozen=True)
class Disagreement:
    """One aligned unit on which the coders differ.

    ``kind`` is ``"unitizing"`` when some coder of the text has no statement
    there, ``"coding"`` when all have one and ``fields`` lists the codes that differ.
    """

    document: str
    kind: str
    fields: tuple[str, ...]
    units: dict[str, CodedUnit | None]


@dataclass
class AgreementReport:
    """Everything :func:`agreement` found."""

    codings: list[str]
    coders: list[str]
    concept_depth: int | None
    documents: list[ScopeAgreement]
    overall: ScopeAgreement
    disagreements: list[Disagreement]
    bootstrap: int
    seed: int
    uncoded: list[str] = field(default_factory=list)
    """Texts not coded by every coder (left out of the overall unitizing figure)."""

    def below(self, minimum: float) -> list[str]:
        """Overall measures whose α is defined and below ``minimum``, as ``"name α"``."""
        out = []
        if self.overall.unitizing and self.overall.unitizing.alpha is not None \
                and self.overall.unitizing.alpha < minimum:
            out.append(f"unitizing {self.overall.unitizing.alpha:.3f}")
        for name, result in self.overall.alphas.items():
            if result.alpha is not None and result.alpha < minimum:
                out.append(f"{name} {result.alpha:.3f}")
        return out


def agreement(paths: Sequence[str | Path], corpus: str | Path, concept_depth: int | None = 1,
              bootstrap: int = 2000, seed: int = 0,
              progress: Callable[[str], None] | None = None) -> AgreementReport:
    """Reliability of the codings in ``paths`` on the texts of ``corpus``.

    Parameters
    ----------
    paths : sequence of paths
        Seed folders coding the same texts (two or more coders in all).
    corpus : path
        Folder of the source texts; every quote is verified and located.
    concept_depth : int or None
        Also compare concepts rolled up to this depth of the SKOS hierarchy
        (0 = top concepts); None for concepts as coded only.
    bootstrap : int
        Bootstrap replicates for the intervals of α (0: none).
    seed : int
        Seed of the bootstrap.
    progress : callable, optional
        Called with short progress messages.

    Returns
    -------
    AgreementReport

    Raises
    ------
    DataError
        A coding is invalid (every problem, each naming its folder), or fewer than
        two coders are found.
    UsageError
        A folder is missing or given twice, or ``concept_depth`` is negative.
    """
    from ..errors import UsageError

    if concept_depth is not None and concept_depth < 0:
        raise UsageError(f"--concept-depth must be 0 or more, not {concept_depth}")
    codings = read_codings(paths, corpus, progress)
    if progress:
        progress("aligning statements")
    documents = coded_documents(codings, corpus, concept_depth)
    return agreement_of(documents, [c.label for c in codings], concept_depth, bootstrap, seed)


def agreement_of(documents: Sequence[CodedDocument], codings: Sequence[str], concept_depth: int | None,
                 bootstrap: int = 2000, seed: int = 0) -> AgreementReport:
    """The report for documents already read (see :func:`agreement`)."""
    from ..errors import DataError, Problem

    coders = sorted({c for d in documents for c in d.coders})
    if len(coders) < 2:
        raise DataError([Problem(", ".join(codings) or None, None, None, None,
                                 f"reliability needs two or more coders; found {len(coders)}: {', '.join(coders) or 'none'}")])
    chosen = measures(concept_depth)
    scopes, disagreements = [], []
    all_columns: list[dict[str, CodedUnit]] = []
    uncoded = []
    for doc in documents:
        groups = align(doc.units, doc.coders)
        all_columns += groups
        unitizing = _unitizing(doc.units, doc.coders, 0, doc.length) if len(doc.coders) >= 2 and doc.length else None
        if set(doc.coders) != set(coders):
            uncoded.append(doc.key)
        scopes.append(_scope(doc.key, doc.coders, doc.units, groups, unitizing, chosen, bootstrap, seed))
        disagreements += _disagreements(doc.key, doc.coders, groups)
    full = [d for d in documents if set(d.coders) == set(coders) and d.length]
    sections, offset = [], 0
    for doc in full:
        sections += [CodedUnit(u.coder, u.coding, u.statement, u.start + offset, u.end + offset, u.codes, u.quote)
                     for u in doc.units]
        offset += doc.length
    overall_unitizing = _unitizing(sections, coders, 0, offset) if offset else None
    units = [u for d in documents for u in d.units]
    overall = _scope("overall", coders, units, all_columns, overall_unitizing, chosen, bootstrap, seed)
    return AgreementReport(list(codings), coders, concept_depth, scopes, overall, disagreements, bootstrap, seed,
                           uncoded)


def _unitizing(units: Sequence[CodedUnit], coders: Sequence[str], begin: int, length: int) -> UnitizingResult:
    sections = []
    for coder in coders:
        for start, end in merge_spans((u.start, u.end) for u in units if u.coder == coder):
            sections.append(Section(coder, start, end - start))
    return unitizing_alpha(sections, coders, begin, length)


def _scope(name, coders, units, groups, unitizing, chosen, bootstrap, seed) -> ScopeAgreement:
    statements = {c: sum(1 for u in units if u.coder == c) for c in coders}
    matched = sum(1 for g in groups if set(g) >= set(coders))
    alphas = {}
    for measure in chosen:
        data = [[g[c].codes.get(measure.code) if c in g else None for g in groups] for c in coders]
        alphas[measure.name] = coding_alpha(data, measure.level, measure.domain, bootstrap, seed)
    return ScopeAgreement(name, list(coders), statements, len(groups), matched, unitizing, alphas)


def _disagreements(document: str, coders: Sequence[str], groups) -> list[Disagreement]:
    out = []
    for group in groups:
        units = {c: group.get(c) for c in coders}
        if len(group) < len(coders):
            out.append(Disagreement(document, "unitizing", (), units))
            continue
        differing = tuple(f for f in FIELDS if len({u.codes.get(f) for u in group.values()}) > 1)
        if differing:
            out.append(Disagreement(document, "coding", differing, units))
    return out
