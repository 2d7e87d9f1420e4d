"""The validated dataset: every record by id, with where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import yaml

from stancegraph.schema.dates import PartialDate
from stancegraph.schema.models import (
    Concept,
    DatasetInfo,
    Document,
    Organisation,
    Person,
    Statement,
)

from .quotes import QuoteMatch
from .yamlsource import line_of, line_tree

__all__ = ["Dataset", "Origin", "RECORD_NAMES"]

RECORD_NAMES = {
    "documents": "document",
    "people": "person",
    "organisations": "organisation",
    "concepts": "concept",
    "statements": "statement",
}
"""Singular names of the record sections, used in problem messages."""


@dataclass(frozen=True)
class Origin:
    """Where a record was read: its seed file and its YAML node (kept as its line numbers)."""

    file: str
    node: yaml.Node | None = None

    def __post_init__(self):
        # the full node tree would cost ~7 KB per statement (0.7 GB at 100k statements)
        object.__setattr__(self, "node", line_tree(self.node))

    @classmethod
    def of_lines(cls, file: str, lines) -> "Origin":
        """An origin from a line tree already made (the loader's): the same as ``Origin(file, lines)``.

        One is made per record; skipping the frozen dataclass's ``__init__`` and
        ``__post_init__`` saves ~0.6 µs each (0.07 s at 100,000 statements).
        """
        origin = object.__new__(cls)
        origin.__dict__.update(file=file, node=lines)
        return origin

    def line(self, *path) -> int | None:
        """Line of the record (or of ``path`` inside it)."""
        return line_of(self.node, path)


@dataclass
class Dataset:
    """A loaded dataset: metadata plus documents, people, organisations, concepts, statements.

    Records are kept in dicts keyed by id and sorted by id, so iteration order (and
    therefore every output) is deterministic. Use :func:`stancegraph.graph.seeds.load.load_dataset`
    to read one from seed files.
    """

    info: DatasetInfo
    documents: dict[str, Document] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict, repr=False)
    quote_matches: dict[str, QuoteMatch] = field(default_factory=dict, repr=False)
    """Statement id → where its quote stands in the source, when a corpus was given."""

    def statement_date(self, statement: Statement) -> PartialDate:
        """The date a statement was made: its own date, else its document's."""
        return statement.date or self.documents[statement.document].date

    def actors_of(self, statement: Statement) -> list[tuple[str, str]]:
        """The ``(kind, id)`` actors of a statement: the speaker, then the organisation."""
        actors = []
        if statement.speaker:
            actors.append(("person", statement.speaker))
        if statement.organisation:
            actors.append(("organisation", statement.organisation))
        return actors

    def concept_ancestors(self, concept_id: str) -> list[str]:
        """The chain of broader concepts of ``concept_id``, nearest first."""
        chain: list[str] = []
        current = self.concepts[concept_id].broader
        while current and current not in chain and current in self.concepts:
            chain.append(current)
            current = self.concepts[current].broader
        return chain

    def concept_depth(self, concept_id: str) -> int:
        """0 for a top concept, 1 for its narrower concepts, and so on."""
        return len(self.concept_ancestors(concept_id))

    def iter_records(self) -> Iterator[tuple[str, object]]:
        """Every record as ``(section, record)``, sections in a fixed order."""
        for section in RECORD_NAMES:
            for record in getattr(self, section).values():
                yield section, record

    def counts(self) -> dict[str, int]:
        """How many records of each section the dataset holds."""
        return {section: len(getattr(self, section)) for section in RECORD_NAMES}
