"""Inter-coder reliability: unitizing uα, Krippendorff's α per code, disagreements.

``units`` reads codings (seed folders) into coded spans of the corpus texts;
``alignment`` pairs the coders' statements; ``unitizing`` is Krippendorff's uα;
``coding`` is Krippendorff's α (the ``krippendorff`` package) with Krippendorff's
bootstrap; ``report`` puts them together per text and overall with the list of
disagreements; ``tables`` turns a report into rows and JSON.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "agreement": ".report",
    "agreement_of": ".report",
    "AgreementReport": ".report",
    "ScopeAgreement": ".report",
    "Disagreement": ".report",
    "measures": ".report",
    "coding_alpha": ".coding",
    "AlphaResult": ".coding",
    "unitizing_alpha": ".unitizing",
    "UnitizingResult": ".unitizing",
    "Section": ".unitizing",
    "merge_spans": ".unitizing",
    "align": ".alignment",
    "read_codings": ".units",
    "coded_documents": ".units",
    "CodedUnit": ".units",
    "CodedDocument": ".units",
    "concept_at_depth": ".units",
    "figure_rows": ".tables",
    "disagreement_rows": ".tables",
    "report_dict": ".tables",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
