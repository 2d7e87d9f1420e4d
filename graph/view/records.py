"""What the page's side panel and filters need from the dataset, as plain JSON-able data.

The network says *which* statements lie behind a node or a tie (statement ids); the
:class:`~stancegraph.graph.dataset.Dataset` says what they are. This module joins the
two into small records: quote, speaker, organisation, concept, stance, document title,
outlet, date (as the source gives it, plus its first and last possible day for the
date filter) and a source link when one is known and is a plain ``http(s)`` URL.
"""

from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

import networkx as nx

from ..dataset import Dataset

__all__ = ["statement_record", "statement_records", "node_statement_ids", "concept_tree", "safe_url"]


def safe_url(url: object) -> str | None:
    """``url`` as a string when it is an ``http``/``https`` URL with a host, else None.

    Only such links are put on the page: ``javascript:``, ``data:`` and the like are
    dropped, whatever the seed files say.

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url(None) is None
    (True, True)
    """
    if url is None:
        return None
    text = str(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def statement_record(dataset: Dataset, statement_id: str) -> dict[str, object]:
    """One statement as the page shows it (every value a string or None)."""
    st = dataset.statements[statement_id]
    document = dataset.documents.get(st.document)
    date = dataset.statement_date(st)
    speaker = dataset.people.get(st.speaker) if st.speaker else None
    organisation = dataset.organisations.get(st.organisation) if st.organisation else None
    concept = dataset.concepts.get(st.concept)
    outlet = None
    if document is not None and document.publisher:
        publisher = dataset.organisations.get(document.publisher)
        outlet = publisher.name if publisher else document.publisher
    return {
        "id": st.id,
        "quote": st.quote,
        "stance": st.stance.value,
        "attribution": st.attribution.value,
        "speaker": speaker.name if speaker else st.speaker,
        "organisation": organisation.name if organisation else st.organisation,
        "concept": concept.label if concept else st.concept,
        "conceptId": st.concept,
        "document": document.title if document else st.document,
        "outlet": outlet,
        "date": str(date),
        "from": date.earliest.isoformat(),
        "to": date.latest.isoformat(),
        "url": safe_url(document.url) if document else None,
    }


def statement_records(dataset: Dataset, statement_ids: Iterable[str]) -> dict[str, dict[str, object]]:
    """:func:`statement_record` of every id, keyed by id, in sorted id order."""
    return {sid: statement_record(dataset, sid) for sid in sorted(set(statement_ids))}


def _belongs(dataset: Dataset, statement_id: str, kind: str, record_id: str, level: str) -> bool:
    st = dataset.statements[statement_id]
    if kind == "concept":
        return st.concept == record_id or record_id in dataset.concept_ancestors(st.concept)
    if kind == "organisation":
        return st.organisation == record_id
    if level == "organisation":  # a speaker standing in for no organisation
        return st.speaker == record_id and st.organisation is None
    return st.speaker == record_id


def node_statement_ids(graph: nx.Graph, dataset: Dataset) -> dict[object, list[str]]:
    """For every node, the ids of its own statements among those behind its ties.

    A node's statements are those of the ties that touch it, kept when the node is
    their speaker (person level), the organisation they were made for (organisation
    level; a person node there stands for statements naming no organisation) or
    their concept (or a broader one, when the network rolled concepts up). Taking
    them from the ties keeps the network's own date range, exclusions and duplicate
    handling. Isolated nodes — which have no tie — fall back to every statement of
    theirs in the dataset.
    """
    level = str(graph.graph.get("level", "person"))
    result: dict[object, list[str]] = {}
    everything: dict[tuple[str, str], list[str]] | None = None
    for node, data in graph.nodes(data=True):
        kind = data.get("kind", "person")
        record_id = str(node)
        candidates: set[str] = set()
        for _, _, edge in graph.edges(node, data=True):
            candidates.update(edge.get("statements", ()))
        if candidates:
            own = [sid for sid in candidates
                   if sid in dataset.statements and _belongs(dataset, sid, kind, record_id, level)]
        else:
            if everything is None:
                everything = {}
                for sid in dataset.statements:
                    for key in _owners(dataset, sid, level):
                        everything.setdefault(key, []).append(sid)
            own = everything.get((kind, record_id), [])
        result[node] = sorted(own)
    return result


def _owners(dataset: Dataset, statement_id: str, level: str) -> list[tuple[str, str]]:
    st = dataset.statements[statement_id]
    owners = [("concept", c) for c in [st.concept, *dataset.concept_ancestors(st.concept)]]
    if st.organisation:
        owners.append(("organisation", st.organisation))
    if st.speaker and (level != "organisation" or st.organisation is None):
        owners.append(("person", st.speaker))
    return owners


def concept_tree(dataset: Dataset, used: Iterable[str] | None = None) -> list[dict[str, object]]:
    """The concept hierarchy in display order, each with its depth and its subtree.

    Parameters
    ----------
    dataset : Dataset
    used : iterable of str, optional
        Concept ids that statements on the page are about; when given, only these
        concepts and their broader concepts are listed.

    Returns
    -------
    list of dict
        ``{"id", "label", "depth", "subtree"}`` in depth-first order (siblings by
        label); ``subtree`` is the concept and every narrower concept, so choosing a
        concept in the filter keeps statements about any of them.
    """
    children: dict[str | None, list[str]] = {}
    for concept in dataset.concepts.values():
        parent = concept.broader if concept.broader in dataset.concepts else None
        children.setdefault(parent, []).append(concept.id)
    keep: set[str] | None = None
    if used is not None:
        keep = set()
        for cid in used:
            if cid in dataset.concepts:
                keep.add(cid)
                keep.update(dataset.concept_ancestors(cid))

    def label(cid: str) -> str:
        return dataset.concepts[cid].label.casefold()

    rows: list[dict[str, object]] = []

    def walk(cid: str, depth: int, seen: frozenset) -> list[str]:
        row = {"id": cid, "label": dataset.concepts[cid].label, "depth": depth, "subtree": [cid]}
        if keep is None or cid in keep:
            rows.append(row)
        subtree = [cid]
        for child in sorted(children.get(cid, ()), key=label):
            if child not in seen:
                subtree.extend(walk(child, depth + 1, seen | {child}))
        row["subtree"] = subtree
        return subtree

    for top in sorted(children.get(None, ()), key=label):
        walk(top, 0, frozenset({top}))
    return rows
