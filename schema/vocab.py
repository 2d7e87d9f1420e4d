"""The ``sg:`` vocabulary, and the Web Annotation terms we use, as rdflib namespaces.

Both are :class:`rdflib.namespace.DefinedNamespace` subclasses with ``_fail = True``:
a mistyped term raises ``AttributeError`` instead of silently minting a new IRI.
The vocabulary is published, with labels and comments, in ``schema/stancegraph.ttl``.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["SG", "OA", "SG_NAMESPACE"]

SG_NAMESPACE = "https://w3id.org/stancegraph/ns#"


class SG(DefinedNamespace):
    """stancegraph vocabulary: stances, statements and their evidence."""

    _NS = Namespace(SG_NAMESPACE)
    _fail = True

    # Classes
    Statement: URIRef  # An actor's stance on a concept, backed by a quote from a document.
    Stance: URIRef  # The class of the three stance values.
    Attribution: URIRef  # The class of the two attribution values.
    DocumentKind: URIRef  # The class of document kinds (values of dcterms:type).
    OrganisationKind: URIRef  # The class of organisation kinds (values of org:classification).

    # Statement properties
    speaker: URIRef  # The person who said or did what the statement records.
    onBehalfOf: URIRef  # The organisation on whose behalf, or as which, the actor spoke.
    concept: URIRef  # The policy concept the statement takes a stance on.
    stance: URIRef  # The stance taken: sg:Support, sg:Oppose or sg:Mixed.
    attribution: URIRef  # sg:Direct (the actor's own words) or sg:Reported.
    evidence: URIRef  # The oa:SpecificResource pointing at the quote in its document.
    inferred: URIRef  # A document field whose value the curator inferred.
    qualifier: URIRef  # An integer qualifier of a statement kept exactly (e.g. DNA's agreement scale).
    coder: URIRef  # Who coded the statement (a coder's name or id).

    # Truthy shortcuts (actor → concept)
    supports: URIRef  # The actor supports the concept in at least one statement.
    opposes: URIRef  # The actor opposes the concept in at least one statement.
    mixedOn: URIRef  # The actor takes a mixed stance on the concept in at least one statement.

    # Stance values
    Support: URIRef
    Oppose: URIRef
    Mixed: URIRef

    # Attribution values
    Direct: URIRef
    Reported: URIRef

    # Document kinds
    News: URIRef
    Letters: URIRef
    Blog: URIRef
    Report: URIRef
    Speech: URIRef
    Interview: URIRef
    PressRelease: URIRef
    OtherDocument: URIRef

    # Organisation kinds
    Party: URIRef
    Government: URIRef
    NhsBody: URIRef
    NhsTrust: URIRef
    MembershipBody: URIRef
    ThinkTank: URIRef
    Company: URIRef
    SocialEnterprise: URIRef
    Cooperative: URIRef
    Mutual: URIRef
    Charity: URIRef
    Campaign: URIRef
    Media: URIRef
    TradeUnion: URIRef
    ProfessionalBody: URIRef
    LocalGovernment: URIRef
    Academic: URIRef
    InformalGroup: URIRef
    OtherOrganisation: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms stancegraph uses for quotes."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


def _terms():
    from .models import Attribution, DocumentKind, OrganisationKind, Stance

    stance = {Stance.SUPPORT: SG.Support, Stance.OPPOSE: SG.Oppose, Stance.MIXED: SG.Mixed}
    truthy = {Stance.SUPPORT: SG.supports, Stance.OPPOSE: SG.opposes, Stance.MIXED: SG.mixedOn}
    attribution = {Attribution.DIRECT: SG.Direct, Attribution.REPORTED: SG.Reported}
    document_kind = {
        kind: SG.OtherDocument if kind is DocumentKind.OTHER else getattr(SG, _camel(kind.value))
        for kind in DocumentKind
    }
    organisation_kind = {
        kind: SG.OtherOrganisation if kind is OrganisationKind.OTHER else getattr(SG, _camel(kind.value))
        for kind in OrganisationKind
    }
    return stance, truthy, attribution, document_kind, organisation_kind


def _camel(value: str) -> str:
    return "".join(part.capitalize() for part in value.split("-"))


_TERM_TABLES = ("STANCE_TERMS", "TRUTHY_TERMS", "ATTRIBUTION_TERMS", "DOCUMENT_KIND_TERMS", "ORGANISATION_KIND_TERMS")
"""Enum value → ``sg:`` term, for stances, truthy shortcuts, attributions and kinds.

Made on first use (PEP 562 ``__getattr__``): they are keyed by the models' enums, and
importing the models (pydantic) costs ~0.3 s that querying a store does not need.
"""


def __getattr__(name: str):
    if name in _TERM_TABLES:
        tables = dict(zip(_TERM_TABLES, _terms()))
        globals().update(tables)
        return tables[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ += [
    "STANCE_TERMS",
    "TRUTHY_TERMS",
    "ATTRIBUTION_TERMS",
    "DOCUMENT_KIND_TERMS",
    "ORGANISATION_KIND_TERMS",
]
