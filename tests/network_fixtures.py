"""Small synthetic datasets for the network tests, built in code from compact rows."""

from __future__ import annotations

from stancegraph.graph.seeds.dataset import Dataset
from stancegraph.schema.models import Concept, DatasetInfo, Document, Organisation, Person, Statement


def make_dataset(rows, *, documents=None, concepts=None, organisations=None, people=None,
                 qualifiers=None) -> Dataset:
    """A dataset from statement rows ``(id, organisation, concept, stance, document[, speaker[, date]])``.

    ``documents`` maps document id → date (default: one document "d1" on 2020-01-10);
    ``concepts`` maps concept id → broader id or None (default: every concept used, top level);
    organisations and people named in rows are created (kind "other" / name = id);
    ``qualifiers`` maps statement id → integer qualifier (default: none).
    """
    documents = documents or {"d1": "2020-01-10"}
    used_concepts = {row[2] for row in rows}
    concepts = concepts if concepts is not None else dict.fromkeys(sorted(used_concepts))
    orgs = set(organisations or ()) | {row[1] for row in rows if row[1]}
    persons = set(people or ()) | {row[5] for row in rows if len(row) > 5 and row[5]}
    statements = {}
    for row in rows:
        sid, org, concept, stance, doc = row[:5]
        speaker = row[5] if len(row) > 5 else None
        date = row[6] if len(row) > 6 else None
        statements[sid] = Statement(
            id=sid, organisation=org, speaker=speaker, concept=concept, stance=stance,
            quote=f"quote of {sid}", document=doc, date=date, attribution="direct",
            qualifier=(qualifiers or {}).get(sid),
        )
    return Dataset(
        info=DatasetInfo(id="synthetic", title="Synthetic", base_iri="https://example.org/s/", version="1"),
        documents={d: Document(id=d, title=d, kind="news", date=date) for d, date in sorted(documents.items())},
        people={p: Person(id=p, name=p.title()) for p in sorted(persons)},
        organisations={o: Organisation(id=o, name=o.upper(), kind="other") for o in sorted(orgs)},
        concepts={c: Concept(id=c, label=f"Concept {c}", definition=c, broader=b) for c, b in sorted(concepts.items())},
        statements=dict(sorted(statements.items())),
    )


def weights(graph) -> dict[frozenset, float]:
    """Edge weights keyed by the unordered node pair."""
    return {frozenset((u, v)): d["weight"] for u, v, d in graph.edges(data=True)}
