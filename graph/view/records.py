"""What the page's side panel and filters need from the dataset, as plain JSON-able data.

The network says *which* statements lie behind a node or a tie (statement ids); the
:class:`~stancegraph.graph.seeds.dataset.Dataset` says what they are. This module joins the
two into small records: quote, speaker, organisation, concept, stance, document title,
outlet, date (as the source gives it, plus its first and last possible day for the
date filter) and a source link when one is known and is a plain ``http(s)`` URL.
"""

from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

import networkx as nx

from ..seeds.dataset import Dataset

__all__ = [
    "statement_record", "statement_records", "document_record", "document_records", "node_statement_ids",
    "OwnStatements", "concept_tree", "safe_url",
]


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


def statement_record(dataset: Dataset, statement_id: str, *, inline_documents: bool = True) -> dict[str, object]:
    """One statement as the page shows it (every value a string or None).

    With ``inline_documents`` (the default) the record carries its document's title
    (``document``), ``outlet`` and ``url``; without, ``document`` is the document's id
    and those fields are left to :func:`document_records`, so a page with many
    statements from one document carries the document once.
    """
    st = dataset.statements[statement_id]
    date = dataset.statement_date(st)
    speaker = dataset.people.get(st.speaker) if st.speaker else None
    organisation = dataset.organisations.get(st.organisation) if st.organisation else None
    concept = dataset.concepts.get(st.concept)
    record: dict[str, object] = {
        "id": st.id,
        "quote": st.quote,
        "stance": st.stance.value,
        "attribution": st.attribution.value,
        "speaker": speaker.name if speaker else st.speaker,
        "organisation": organisation.name if organisation else st.organisation,
        "concept": concept.label if concept else st.concept,
        "conceptId": st.concept,
        "document": st.document,
        "date": str(date),
        "from": date.earliest.isoformat(),
        "to": date.latest.isoformat(),
    }
    if inline_documents:
        document = document_record(dataset, st.document)
        record.update(document=document["title"], outlet=document["outlet"], url=document["url"])
    return record


def document_record(dataset: Dataset, document_id: str) -> dict[str, object]:
    """A document as the page cites it: ``title``, ``outlet`` (publisher's name) and a safe ``url``.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> sorted(document_record(load_dataset(), "no-such-document").items())
    [('outlet', None), ('title', 'no-such-document'), ('url', None)]
    """
    document = dataset.documents.get(document_id)
    if document is None:
        return {"title": document_id, "outlet": None, "url": None}
    outlet = None
    if document.publisher:
        publisher = dataset.organisations.get(document.publisher)
        outlet = publisher.name if publisher else document.publisher
    return {"title": document.title, "outlet": outlet, "url": safe_url(document.url)}


def statement_records(dataset: Dataset, statement_ids: Iterable[str], *,
                      inline_documents: bool = True) -> dict[str, dict[str, object]]:
    """:func:`statement_record` of every id, keyed by id, in sorted id order."""
    return {sid: statement_record(dataset, sid, inline_documents=inline_documents)
            for sid in sorted(set(statement_ids))}


def document_records(dataset: Dataset, statement_ids: Iterable[str]) -> dict[str, dict[str, object]]:
    """:func:`document_record` of the documents of these statements, keyed by id, sorted."""
    documents = {dataset.statements[sid].document for sid in statement_ids}
    return {doc: document_record(dataset, doc) for doc in sorted(documents)}


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
    owners = OwnStatements(graph, dataset)
    for u, v, data in graph.edges(data=True):
        owners.add_tie(u, v, data.get("statements", ()))
    return owners.result()


class OwnStatements:
    """:func:`node_statement_ids` tie by tie: each tie's statements are read once.

    Examples
    --------
    >>> from stancegraph.graph.seeds.load import load_dataset
    >>> from stancegraph.graph.networks import build_network
    >>> dataset = load_dataset()
    >>> graph = build_network(dataset, "conflict", "organisation")
    >>> owners = OwnStatements(graph, dataset)
    >>> for u, v, data in graph.edges(data=True):
    ...     owners.add_tie(u, v, data["statements"])
    >>> owners.result() == node_statement_ids(graph, dataset)
    True
    """

    def __init__(self, graph: nx.Graph, dataset: Dataset):
        self.graph = graph
        self.dataset = dataset
        self.level = str(graph.graph.get("level", "person"))
        self._keys = {node: (str(data.get("kind", "person")), str(node)) for node, data in graph.nodes(data=True)}
        self._everything: dict[tuple[str, str], frozenset] | None = None
        self._own: dict[object, set[str]] = {}
        self._touched: set[object] = set()  # ends of a tie with statements (own ones or not)

    def _by_owner(self) -> dict[tuple[str, str], frozenset]:
        """Every owner key's statements (computed once, on first use)."""
        if self._everything is None:
            everything: dict[tuple[str, str], list[str]] = {}
            for sid in self.dataset.statements:
                for key in _owners(self.dataset, sid, self.level):
                    everything.setdefault(key, []).append(sid)
            self._everything = {key: frozenset(ids) for key, ids in everything.items()}
        return self._everything

    def add_tie(self, u: object, v: object, statements: Iterable[str]) -> None:
        """Give each statement of the tie ``u``–``v`` to the end(s) it belongs to."""
        statements = statements if isinstance(statements, (tuple, list, set, frozenset)) else tuple(statements)
        if not statements:
            return
        by_owner = self._by_owner()
        for node in (u, v):  # set intersections in C: a tie of a large page holds ~10^5 statements
            mine = by_owner.get(self._keys[node])
            if mine:
                self._own.setdefault(node, set()).update(mine.intersection(statements))
            else:
                self._own.setdefault(node, set())
        self._touched.update((u, v))

    @property
    def touched(self) -> frozenset:
        """The nodes at an end of a tie given so far."""
        return frozenset(self._touched)

    def result(self) -> dict[object, list[str]]:
        """Every node's sorted own statement ids (an untouched node: all of its statements)."""
        result: dict[object, list[str]] = {}
        for node in self.graph.nodes:
            own = self._own.get(node, ()) if node in self._touched else self._by_owner().get(self._keys[node], ())
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
