"""Candidate statements for a new source text: sentences that mention known concepts.

Each sentence (:mod:`.segment`) is scored by the concepts it mentions
(:mod:`.mentions`): a label or alias counts 1, a key term its weight times
:data:`KEY_TERM_WEIGHT`. A sentence whose best concept reaches ``min_score`` (default
:data:`MIN_SCORE`) becomes a candidate statement. Sentences that overlap a passage
already coded in the dataset are not suggested again.

The speaker guess is, in order: a person named in the sentence (by name, alias or
surname); else, when the sentence names no organisation either: in a document of kind
``letters`` the first person named below it at the start of a short line (the letter's
signature), else the last person named earlier on the same line or in the three
sentences before, else the person named in the last short line ending with a colon
above it ("John Carlisle says:"), else the document's first author.

The organisation guess, for a speaker with affiliations: the affiliated organisation
the sentence names, else the one the text named last before it, else the first
affiliation (an organisation named in the sentence may be what is talked about); for a
speaker without: an organisation the sentence names; with no speaker, that, or else the
document's publisher.

Recall and reading cost on the NHS corpus are measured by
``benchmarks/suggest_recall.py`` (figures in the README).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from ..seeds.dataset import Dataset
from ..seeds.quotes import locate_quote
from .mentions import Gazetteer, Mention, build_gazetteer, find_mentions
from .segment import Sentence, split_sentences

__all__ = ["Suggestion", "SuggestResult", "suggest_statements", "quote_text", "quotable_part", "UNQUOTABLE",
           "MIN_SCORE", "KEY_TERM_WEIGHT"]

MIN_SCORE = 0.5
"""Least concept score of a suggested sentence: one label or alias, or one distinctive key term."""
KEY_TERM_WEIGHT = 0.5
"""What a key term of weight 1 counts, against 1 for a label or alias."""
_CONTEXT_SENTENCES = 3
_SIGNATURE_CHARS = 80


@dataclass(frozen=True)
class Suggestion:
    """A candidate statement: a sentence, best guesses and why it was suggested."""

    sentence: Sentence
    quote: str
    concept: str
    concept_score: float
    alternatives: tuple[str, ...]
    speaker: str | None
    organisation: str | None
    attribution: str
    reasons: tuple[str, ...]
    new_actors: tuple[str, ...] = ()


@dataclass
class SuggestResult:
    """Everything :func:`suggest_statements` found in one text."""

    document: str
    sentences: list[Sentence]
    suggestions: list[Suggestion]
    already_coded: list[Sentence] = field(default_factory=list)
    """Sentences not suggested because they overlap a coded passage."""
    new_actors: list[tuple[str, int]] = field(default_factory=list)
    """Capitalised names that match no known actor, with their line (first occurrence)."""
    new_document: bool = False
    """True when the document is not one of the dataset's (its record is still to write)."""


UNQUOTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters a seed value may not hold: the C0 controls but tab, LF and CR, DEL, the C1
controls, surrogates, U+FFFE/U+FFFF (outside XML 1.0's ``Char`` production, W3C XML 1.0
§2.2, or discouraged there; the seed loader refuses them). A suggested quote stops at them."""


def quotable_part(text: str) -> str:
    """The longest part of a quote without :data:`UNQUOTABLE` characters (still verbatim).

    Examples
    --------
    >>> quotable_part("We back co-ops \x1b[0m today")
    'We back co-ops'
    """
    return max((part.strip() for part in UNQUOTABLE.split(text)), key=len, default="")


def quote_text(text: str) -> str:
    """A passage as a quote: every run of whitespace (line breaks included) made one space.

    Nothing else changes: typographic quotes, dashes and every other character stay
    as in the source, so :func:`~stancegraph.graph.seeds.quotes.locate_quote` finds
    it at the same place (it treats all whitespace alike).

    Examples
    --------
    >>> quote_text("He said\\n\u201cno \u2013 never\u201d ")
    'He said \u201cno \u2013 never\u201d'
    """
    return " ".join(text.split())


def suggest_statements(
    text: str,
    dataset: Dataset,
    document: str,
    coded_quotes: Iterable[str] = (),
    *,
    min_score: float = MIN_SCORE,
    gazetteer: Gazetteer | None = None,
) -> SuggestResult:
    """Propose candidate statements for ``text``.

    Parameters
    ----------
    text : str
        The source text.
    dataset : Dataset
        Known actors and concepts (and, when ``document`` is one of its documents,
        its authors and publisher).
    document : str
        Id of the document the text is.
    coded_quotes : iterable of str
        Quotes already coded for this document: sentences overlapping any of them
        are not suggested.
    min_score : float
        Least concept score for a sentence to be suggested.
    gazetteer : Gazetteer, optional
        Reuse one built by :func:`~.mentions.build_gazetteer` for ``dataset``.

    Returns
    -------
    SuggestResult
    """
    nfc = unicodedata.normalize("NFC", text)
    gazetteer = gazetteer or build_gazetteer(dataset)
    sentences = split_sentences(nfc)
    mentions, unknown = find_mentions(nfc, gazetteer)
    coded_spans = []
    for quote in coded_quotes:
        match = locate_quote(quote, nfc)
        if match is not None:
            coded_spans.append((match.start, match.end))
    doc = dataset.documents.get(document)
    result = SuggestResult(document, sentences, [], new_document=doc is None)
    index_of = _Index(nfc, mentions, unknown, coded_spans, dataset)
    sentence_starts = [s.start for s in sentences]
    seen_new: dict[str, int] = {}
    for start, _end, surface in unknown:
        at = bisect.bisect_right(sentence_starts, start) - 1
        seen_new.setdefault(surface, sentences[at].line if at >= 0 else 1)
    result.new_actors = sorted(seen_new.items(), key=lambda item: (item[1], item[0]))

    for index, sentence in enumerate(sentences):
        if index_of.coded(sentence.start, sentence.end):
            result.already_coded.append(sentence)
            continue
        inside = index_of.inside(sentence.start, sentence.end)
        scores, named = _concept_scores(inside, dataset)
        if not scores:
            continue
        # best score; then named by label or alias; then the narrower concept
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -named.get(kv[0], 0),
                                                         -dataset.concept_depth(kv[0]), kv[0]))
        concept, score = ranked[0]
        if score < min_score:
            continue
        speaker, organisation, actor_reason = _actors(index, sentences, index_of, inside, dataset, doc)
        reasons = [f"concept {concept} ({_terms(inside, concept)})"]
        if actor_reason:
            reasons.append(actor_reason)
        news = index_of.unknown_inside(sentence.start, sentence.end)
        if news:
            reasons.append("possible new actor: " + ", ".join(dict.fromkeys(news)))
        quote = quote_text(sentence.text)
        if UNQUOTABLE.search(quote):
            quote = quotable_part(quote)
            if not quote:
                continue
            reasons.append("quote cut at a control character no seed value may hold")
        result.suggestions.append(Suggestion(
            sentence=sentence,
            quote=quote,
            concept=concept,
            concept_score=round(score, 2),
            alternatives=tuple(cid for cid, s in ranked[1:4] if s >= min_score / 2),
            speaker=speaker,
            organisation=organisation,
            attribution=_attribution(sentence.text, speaker, organisation, doc),
            reasons=tuple(reasons),
            new_actors=tuple(dict.fromkeys(news)),
        ))
    return result


class _Index:
    """Mentions, unknown names and coded spans, searchable by offset (bisection: linear overall)."""

    def __init__(self, nfc: str, mentions: list[Mention], unknown, coded_spans, dataset: Dataset):
        self.nfc = nfc
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.mentions]
        self.people = [m for m in self.mentions if m.kind == "person" and m.id in dataset.people]
        self.people_starts = [m.start for m in self.people]
        self.orgs: dict[str, list[int]] = {}
        for m in self.mentions:
            if m.kind == "organisation":
                self.orgs.setdefault(m.id, []).append(m.start)
        self.signatures = [m for m, _end, line in self._lines()
                           if len(line) <= _SIGNATURE_CHARS and line.startswith(nfc[m.start:m.end])]
        self.signature_starts = [m.start for m in self.signatures]
        headings = [(end, m) for m, end, line in self._lines() if len(line) <= _SIGNATURE_CHARS and line.endswith(":")]
        self.heading_ends = [end for end, _m in headings]
        self.headings = [m for _end, m in headings]
        self.unknown = sorted(unknown)
        self.unknown_starts = [u[0] for u in self.unknown]
        self.coded_spans = sorted(coded_spans)
        self.longest_coded = max((e - b for b, e in self.coded_spans), default=0)

    def inside(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def unknown_inside(self, start: int, end: int) -> tuple[str, ...]:
        lo, hi = bisect.bisect_left(self.unknown_starts, start), bisect.bisect_left(self.unknown_starts, end)
        return tuple(dict.fromkeys(u[2] for u in self.unknown[lo:hi] if u[1] <= end))

    def coded(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.coded_spans, (end,))
        while i > 0 and self.coded_spans[i - 1][0] >= start - self.longest_coded:
            i -= 1
            if self.coded_spans[i][1] > start:
                return True
        return False

    def last_person(self, bound: int, before: int) -> Mention | None:
        """The last person named wholly between ``bound`` and ``before``."""
        i = bisect.bisect_left(self.people_starts, before)
        while i > 0 and self.people[i - 1].start >= bound:
            i -= 1
            if self.people[i].end <= before:
                return self.people[i]
        return None

    def _lines(self):
        """Each person mention with its line's end and the line's text (stripped)."""
        for mention in self.people:
            start = self.line_start(mention.start)
            end = self.nfc.find("\n", mention.start)
            end = end if end >= 0 else len(self.nfc)
            yield mention, end, self.nfc[start:end].strip()

    def next_signature(self, after: int) -> Mention | None:
        """The first person named after ``after`` at the start of a short line (a letter's signature)."""
        i = bisect.bisect_left(self.signature_starts, after)
        return self.signatures[i] if i < len(self.signatures) else None

    def last_heading(self, before: int) -> Mention | None:
        """The person named in the last short line ending with a colon before ``before``
        ("John Carlisle says:", "Ann Smith:"): the speaker of what follows."""
        i = bisect.bisect_left(self.heading_ends, before)
        return self.headings[i - 1] if i else None

    def last_organisation(self, ids, before: int) -> str | None:
        """Of the organisations ``ids``, the one named last before ``before``."""
        best = None
        for oid in ids:
            starts = self.orgs.get(oid, [])
            i = bisect.bisect_left(starts, before)
            if i and (best is None or starts[i - 1] > best[0]):
                best = (starts[i - 1], oid)
        return best[1] if best else None

    def line_start(self, offset: int) -> int:
        return self.nfc.rfind("\n", 0, offset) + 1


def _concept_scores(mentions: list[Mention], dataset: Dataset) -> tuple[dict[str, float], dict[str, int]]:
    scores: dict[str, float] = {}
    named: dict[str, int] = {}
    counted: set[tuple[str, str]] = set()
    for m in mentions:
        if m.kind != "concept" or m.id not in dataset.concepts:
            continue
        if m.via == "key term":
            key = (m.id, m.surface.lower())
            if key in counted:  # a key term counts once per sentence
                continue
            counted.add(key)
            scores[m.id] = scores.get(m.id, 0.0) + KEY_TERM_WEIGHT * m.weight
        else:
            scores[m.id] = scores.get(m.id, 0.0) + 1.0
            named[m.id] = named.get(m.id, 0) + 1
    return scores, named


def _terms(mentions: list[Mention], concept: str) -> str:
    parts = []
    for m in mentions:
        if m.kind == "concept" and m.id == concept:
            label = f"{m.via} '{m.surface}'"
            if label not in parts:
                parts.append(label)
    return ", ".join(parts)


def _actors(index, sentences, index_of: _Index, inside, dataset: Dataset, doc):
    people = [m for m in inside if m.kind == "person" and m.id in dataset.people]
    orgs = [m for m in inside if m.kind == "organisation" and m.id in dataset.organisations]
    sentence = sentences[index]
    speaker = reason = None
    if people:
        speaker = people[0].id
        reason = f"names {people[0].surface!r} ({people[0].via} of {speaker})"
    elif not orgs:
        bound = min(sentences[max(0, index - _CONTEXT_SENTENCES)].start, index_of.line_start(sentence.start))
        earlier = index_of.last_person(bound, sentence.start)
        signed = index_of.next_signature(sentence.end) if doc is not None and doc.kind.value == "letters" else None
        heading = index_of.last_heading(sentence.start)
        if signed is not None:
            speaker = signed.id
            reason = f"speaker: the letter's signature {signed.surface!r} below"
        elif earlier is not None:
            speaker = earlier.id
            reason = f"speaker carried from {earlier.surface!r} just before"
        elif heading is not None:
            speaker = heading.id
            reason = f"speaker: the heading {heading.surface!r} above (a short line ending with a colon)"
        elif doc is not None and doc.authors:
            speaker = doc.authors[0]
            reason = f"speaker: the document's author {speaker}"
    organisation = None
    affiliated = [a.organisation for a in dataset.people[speaker].affiliations] if speaker in dataset.people else []
    if affiliated:
        # the speaker's own organisation: one the sentence names, else the last the text named, else the first
        named = [m.id for m in orgs if m.id in affiliated]
        organisation = named[-1] if named else (index_of.last_organisation(affiliated, sentence.start)
                                                 or affiliated[0])
    elif orgs:
        organisation = orgs[0].id
        reason = (reason + "; " if reason else "") + f"names {orgs[0].surface!r} ({orgs[0].via} of {organisation})"
    elif speaker is None and doc is not None and doc.publisher:
        organisation = doc.publisher
        reason = f"organisation: the document's publisher {organisation}"
    return speaker, organisation, reason


_QUOTE_MARKS = "\u201c\u201d\""


def _attribution(text: str, speaker, organisation, doc) -> str:
    if doc is not None and speaker is not None and speaker in doc.authors:
        return "direct"
    return "direct" if any(mark in text for mark in _QUOTE_MARKS) else "reported"
