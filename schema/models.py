"""Pydantic models of the seed data: documents, people, organisations, concepts, statements.

Every field carries a description; the JSON Schema of the seed files
(``schema/seeds.schema.json``) is generated from these models, so editors can
autocomplete and validate the YAML.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StringConstraints

from .dates import PartialDateField
from .iri import HttpIri

__all__ = [
    "Slug",
    "WikidataId",
    "wikidata_suggestion",
    "Stance",
    "Attribution",
    "OrganisationKind",
    "DocumentKind",
    "InferredField",
    "DatasetInfo",
    "Document",
    "Affiliation",
    "Person",
    "Organisation",
    "Concept",
    "Statement",
    "SeedFile",
    "SECTIONS",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"


def wikidata_suggestion(value: str) -> Optional[str]:
    """The Wikidata item id a malformed ``value`` most likely means, or None.

    Reads a lowercase ``q``, spaces, leading zeros, a bare number and Wikidata
    page or entity IRIs (``https://www.wikidata.org/wiki/Q9630``).

    >>> wikidata_suggestion("q9630"), wikidata_suggestion("https://www.wikidata.org/wiki/Q9630")
    ('Q9630', 'Q9630')
    >>> wikidata_suggestion("9630"), wikidata_suggestion("P31"), wikidata_suggestion("Labour")
    ('Q9630', None, None)
    """
    text = str(value).strip()
    found = re.fullmatch(r"0*([1-9][0-9]*)", text) or re.search(r"(?:^|[/:=#\s])[Qq]\s*-?\s*0*([1-9][0-9]*)\s*$", text) \
        or re.fullmatch(r"[Qq]\s*-?\s*0*([1-9][0-9]*)", text)
    return f"Q{found.group(1)}" if found else None


def _check_wikidata(value: str) -> str:
    if re.fullmatch(WIKIDATA_PATTERN, value):
        return value
    close = wikidata_suggestion(value)
    hint = f" (did you mean: {close}?)" if close else ""
    raise ValueError(f"{value!r} is not a Wikidata item id: Q followed by digits, e.g. Q9630{hint}")


WikidataId = Annotated[str, AfterValidator(_check_wikidata), Field(json_schema_extra={"pattern": WIKIDATA_PATTERN})]
"""A Wikidata item id (``Q`` and digits), e.g. ``Q9630`` (the Labour Party)."""

QUALIFIER_MIN, QUALIFIER_MAX = -(2**31), 2**31 - 1
"""The integer qualifiers DNA holds: it reads ``DATAINTEGER.Value`` with JDBC ``getInt`` into a Java ``int``
(leifeld-lab/dna ``dna/src/main/java/sql/Sql.java``), 32-bit signed, though SQLite's INTEGER is 64-bit."""


def _check_qualifier(value: int) -> int:
    if QUALIFIER_MIN <= value <= QUALIFIER_MAX:
        return value
    raise ValueError(f"{value} is outside the 32-bit integers DNA holds ({QUALIFIER_MIN:,} to {QUALIFIER_MAX:,})")


Qualifier = Annotated[int, Strict(), AfterValidator(_check_qualifier),
                      Field(json_schema_extra={"minimum": QUALIFIER_MIN, "maximum": QUALIFIER_MAX})]
"""An integer qualifier that DNA, SQLite and xsd:int all hold."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


def _no_items():
    """A list field's default: a new empty list for each record, shown as ``[]`` in the JSON schema.

    (A plain ``= []`` default is deep-copied by pydantic for every record that
    leaves the field out: ~1 µs each, 0.15 s of reading 100,000 statements.)
    """
    return Field(default_factory=list, json_schema_extra={"default": []})


class Stance(str, Enum):
    """The position a statement takes on a concept."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    MIXED = "mixed"


class Attribution(str, Enum):
    """Whose words the quote is."""

    DIRECT = "direct"
    """The actor's own words (a quoted speech, a letter, a comment)."""
    REPORTED = "reported"
    """The document's author reports the actor's position or action."""


class OrganisationKind(str, Enum):
    """What sort of body an organisation is."""

    PARTY = "party"
    GOVERNMENT = "government"
    NHS_BODY = "nhs-body"
    NHS_TRUST = "nhs-trust"
    MEMBERSHIP_BODY = "membership-body"
    THINK_TANK = "think-tank"
    COMPANY = "company"
    SOCIAL_ENTERPRISE = "social-enterprise"
    COOPERATIVE = "cooperative"
    MUTUAL = "mutual"
    CHARITY = "charity"
    CAMPAIGN = "campaign"
    MEDIA = "media"
    TRADE_UNION = "trade-union"
    PROFESSIONAL_BODY = "professional-body"
    LOCAL_GOVERNMENT = "local-government"
    ACADEMIC = "academic"
    INFORMAL_GROUP = "informal-group"
    OTHER = "other"


class DocumentKind(str, Enum):
    """What sort of document a source is."""

    NEWS = "news"
    LETTERS = "letters"
    BLOG = "blog"
    REPORT = "report"
    SPEECH = "speech"
    INTERVIEW = "interview"
    PRESS_RELEASE = "press-release"
    OTHER = "other"


class InferredField(str, Enum):
    """Document fields that the curator inferred rather than read in the source."""

    DATE = "date"
    PUBLISHER = "publisher"
    AUTHORS = "authors"
    TITLE = "title"


class DatasetInfo(_Record):
    """The dataset's own metadata (one per dataset)."""

    id: Slug
    """Stable slug of the dataset."""
    title: NonEmpty
    """Human-readable title."""
    description: Optional[str] = None
    """What the dataset covers and how it was coded."""
    base_iri: HttpIri
    """IRI prefix for every resource minted for the dataset; ends with '/' or '#'."""
    version: NonEmpty
    """Version of the data (not of the software)."""
    licence: Optional[HttpIri] = None
    """Licence of the curated data (an IRI such as a Creative Commons licence)."""
    creators: list[NonEmpty] = _no_items()
    """Names of the curators."""
    issued: Optional[PartialDateField] = None
    """When this version was published."""


class Document(_Record):
    """A dated source document that quotes are taken from."""

    id: Slug
    """Stable slug, e.g. 'guardian-2018-02-25-letters'."""
    title: NonEmpty
    """Title or headline as published."""
    kind: DocumentKind
    """What sort of document it is."""
    date: PartialDateField
    """Publication date, only as precise as known: YYYY, YYYY-MM or YYYY-MM-DD."""
    publisher: Optional[Slug] = None
    """Organisation id of the outlet or publisher."""
    authors: list[Slug] = _no_items()
    """Person ids of the authors, where the document names them."""
    url: Optional[HttpIri] = None
    """Where the document was published (http or https), when known."""
    corpus_file: Optional[NonEmpty] = None
    """File name of the text in the corpus folder, for quote verification."""
    inferred: list[InferredField] = _no_items()
    """Fields whose value is the curator's inference rather than stated in the source."""
    note: Optional[str] = None
    """Curator's note, e.g. the reasoning behind an inferred date or publisher."""


class Affiliation(_Record):
    """A person's membership of, or role in, an organisation."""

    organisation: Slug
    """Organisation id."""
    role: Optional[NonEmpty] = None
    """Role as the source words it, e.g. 'chairman', 'Shadow Care Minister'."""
    start: Optional[PartialDateField] = None
    """When the role began, if the source says."""
    end: Optional[PartialDateField] = None
    """When the role ended, if the source says."""
    source: Optional[Slug] = None
    """Document id that states the affiliation."""
    note: Optional[str] = None
    """Curator's note."""


class Person(_Record):
    """A named individual, or an unnamed one scoped to a document (e.g. a commenter)."""

    id: Slug
    """Stable slug, e.g. 'michael-dixon'."""
    name: NonEmpty
    """Name as usually written."""
    aliases: list[NonEmpty] = _no_items()
    """Other forms of the name found in sources, e.g. 'Dr Dixon'."""
    affiliations: list[Affiliation] = _no_items()
    """Memberships and roles."""
    wikidata: Optional[WikidataId] = None
    """Wikidata item id of the same person (Q and digits), checked by hand."""
    note: Optional[str] = None
    """Curator's note, e.g. why an unnamed commenter is modelled as a person."""


class Organisation(_Record):
    """A party, public body, company, think tank or other collective actor."""

    id: Slug
    """Stable slug, e.g. 'nhs-alliance'."""
    name: NonEmpty
    """Name as usually written."""
    kind: OrganisationKind
    """What sort of body it is."""
    aliases: list[NonEmpty] = _no_items()
    """Other names and abbreviations, e.g. 'SHA'."""
    parent: Optional[Slug] = None
    """Organisation id of the body this one is part of."""
    url: Optional[HttpIri] = None
    """Home page (http or https), when known."""
    wikidata: Optional[WikidataId] = None
    """Wikidata item id of the same organisation, e.g. 'Q9630' (Labour Party), checked by hand."""
    note: Optional[str] = None
    """Curator's note."""


class Concept(_Record):
    """A policy concept in one SKOS hierarchy."""

    id: Slug
    """Stable slug, e.g. 'gp-cooperatives'."""
    label: NonEmpty
    """Preferred label."""
    definition: NonEmpty
    """Definition in the curators' own words."""
    broader: Optional[Slug] = None
    """Concept id of the broader concept; absent for top concepts."""
    related: list[Slug] = _no_items()
    """Concept ids of related (non-hierarchical) concepts."""
    aliases: list[NonEmpty] = _no_items()
    """Alternative labels."""


class Statement(_Record):
    """A stance an actor takes on a concept, backed by a verbatim quote."""

    id: Slug
    """Stable slug, e.g. 'dixon-2010-coop-model'."""
    speaker: Optional[Slug] = None
    """Person id of who said or did it; absent when only an organisation is known."""
    organisation: Optional[Slug] = None
    """Organisation id on whose behalf it was said, or the collective actor."""
    concept: Slug
    """Concept id the stance is about (one concept per statement)."""
    stance: Stance
    """support, oppose or mixed."""
    quote: NonEmpty
    """Verbatim span of the document that carries the stance."""
    document: Slug
    """Document id the quote is taken from."""
    date: Optional[PartialDateField] = None
    """When it was said, if the text gives a date other than the document's."""
    attribution: Attribution
    """direct (the actor's own words) or reported (the author's account)."""
    mentions: list[Slug] = _no_items()
    """Person or organisation ids the statement cites as examples or evidence (not actors)."""
    qualifier: Optional[Qualifier] = None
    """An integer qualifier kept exactly (e.g. DNA's -2…2 agreement scale); the stance is its coarse reading."""
    coder: Optional[NonEmpty] = None
    """Who coded the statement (a coder's name or id), e.g. for inter-coder reliability."""
    note: Optional[str] = None
    """Curator's note, e.g. why an action counts as a stance."""


SECTIONS: dict[str, type[_Record]] = {
    "documents": Document,
    "people": Person,
    "organisations": Organisation,
    "concepts": Concept,
    "statements": Statement,
}
"""Top-level keys of a seed file holding lists of records, and their record types."""


class SeedFile(_Record):
    """One YAML seed file: any of the sections below, each a list of records.

    A dataset is every ``*.yaml`` file in its folder; ids are unique across files.
    """

    dataset: Optional[DatasetInfo] = None
    """The dataset's metadata; exactly one file of a dataset carries it."""
    documents: list[Document] = Field(default_factory=list)
    """Source documents."""
    people: list[Person] = Field(default_factory=list)
    """People, with their affiliations."""
    organisations: list[Organisation] = Field(default_factory=list)
    """Organisations."""
    concepts: list[Concept] = Field(default_factory=list)
    """Policy concepts."""
    statements: list[Statement] = Field(default_factory=list)
    """Statements: who took which stance on which concept, with the quote."""
