"""The reliability report as rows (CSV) and as a JSON-ready mapping.

Pure functions of an :class:`~.report.AgreementReport`; the CLI writes them.
"""

from __future__ import annotations

from .report import AgreementReport, ScopeAgreement
from .units import FIELDS

__all__ = ["FIGURE_COLUMNS", "DISAGREEMENT_COLUMNS", "figure_rows", "disagreement_rows", "report_dict"]

FIGURE_COLUMNS = ("scope", "measure", "level", "alpha", "ci_low", "ci_high", "units", "pairable", "coders")
"""Columns of :func:`figure_rows`."""

DISAGREEMENT_COLUMNS = ("n", "document", "kind", "differing", "coder", "statement", "file", "line",
                        *FIELDS, "quote")
"""Columns of :func:`disagreement_rows` (one row per disagreement and coder)."""


def _round(value):
    return None if value is None else round(value, 4)


def figure_rows(report: AgreementReport) -> list[dict]:
    """One row per scope (each text, then ``overall``) and measure.

    ``units`` is the number of pairable units (for uα: the coders' units on the
    continuum), ``pairable`` the pairable values (for uα: the continuum's length
    in characters), ``coders`` the coders with pairable values.
    """
    rows = []
    for scope in [*report.documents, report.overall]:
        rows += _scope_rows(scope)
    return rows


def _scope_rows(scope: ScopeAgreement) -> list[dict]:
    rows = []
    u = scope.unitizing
    if u is not None:
        rows.append({"scope": scope.scope, "measure": "unitizing", "level": "uα", "alpha": _round(u.alpha),
                     "ci_low": None, "ci_high": None, "units": u.units, "pairable": u.length, "coders": u.coders})
    for name, result in scope.alphas.items():
        level = "ordinal" if name.endswith("(ordinal)") else "nominal"
        rows.append({"scope": scope.scope, "measure": name, "level": level, "alpha": _round(result.alpha),
                     "ci_low": _round(result.ci_low), "ci_high": _round(result.ci_high), "units": result.units,
                     "pairable": result.pairable, "coders": result.coders})
    return rows


def disagreement_rows(report: AgreementReport) -> list[dict]:
    """One row per disagreement and coder (a coder without a statement there has empty codes)."""
    rows = []
    for n, item in enumerate(report.disagreements, 1):
        for coder, unit in item.units.items():
            row = {"n": n, "document": item.document, "kind": item.kind, "differing": " ".join(item.fields),
                   "coder": coder}
            if unit is None:
                row.update({"statement": None, "file": None, "line": None, **{f: None for f in FIELDS},
                            "quote": None})
            else:
                row.update({"statement": unit.statement, "file": unit.file, "line": unit.line,
                            **{f: unit.codes.get(f) for f in FIELDS}, "quote": unit.quote})
            rows.append(row)
    return rows


def report_dict(report: AgreementReport) -> dict:
    """The whole report as plain data (for JSON)."""

    def scope(s: ScopeAgreement) -> dict:
        return {
            "scope": s.scope, "coders": s.coders, "statements": s.statements, "aligned_units": s.aligned,
            "matched_units": s.matched,
            "figures": _scope_rows(s),
        }

    disagreements = []
    for n, item in enumerate(report.disagreements, 1):
        disagreements.append({
            "n": n, "document": item.document, "kind": item.kind, "differing": list(item.fields),
            "codings": {
                coder: None if unit is None else {
                    "statement": unit.statement, "coding": unit.coding, "file": unit.file, "line": unit.line,
                    "start": unit.start, "end": unit.end, "codes": dict(unit.codes), "quote": unit.quote,
                }
                for coder, unit in item.units.items()
            },
        })
    return {
        "codings": report.codings, "coders": report.coders, "concept_depth": report.concept_depth,
        "bootstrap": {"replicates": report.bootstrap, "seed": report.seed, "confidence": 0.95},
        "not_coded_by_all": report.uncoded,
        "overall": scope(report.overall),
        "documents": [scope(d) for d in report.documents],
        "disagreements": disagreements,
    }
