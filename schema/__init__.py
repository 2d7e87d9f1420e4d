"""The stancegraph schema: pydantic models, partial dates and the ``sg:`` vocabulary.

Names are imported on first use (``stancegraph.schema.Statement``), so importing the
vocabulary (``stancegraph.schema.vocab``) does not load pydantic and the models.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "DatePrecision": ".dates", "PartialDate": ".dates",
    **{name: ".models" for name in (
        "Affiliation", "Attribution", "Concept", "DatasetInfo", "Document", "DocumentKind", "InferredField",
        "Organisation", "OrganisationKind", "Person", "SeedFile", "Stance", "Statement")},
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
