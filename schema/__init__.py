"""The stancegraph schema: pydantic models, partial dates and the ``sg:`` vocabulary."""

from .dates import DatePrecision, PartialDate
from .models import (
    Affiliation,
    Attribution,
    Concept,
    DatasetInfo,
    Document,
    DocumentKind,
    InferredField,
    Organisation,
    OrganisationKind,
    Person,
    SeedFile,
    Stance,
    Statement,
)

__all__ = [
    "Affiliation",
    "Attribution",
    "Concept",
    "DatasetInfo",
    "DatePrecision",
    "Document",
    "DocumentKind",
    "InferredField",
    "Organisation",
    "OrganisationKind",
    "PartialDate",
    "Person",
    "SeedFile",
    "Stance",
    "Statement",
]
