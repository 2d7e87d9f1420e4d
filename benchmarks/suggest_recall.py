"""Recall and reading cost of ``stancegraph suggest`` on the embedded NHS dataset.

For each corpus text, suggest statements with the dataset minus that document's
statements (its people, organisations and concepts stay, so the names are known:
the figures are for a text about known actors and concepts), then count:

- recall: the share of the document's coded statements whose quote lies in a
  suggested sentence (overlaps it; "whole" when the quote lies inside it);
- read per coded: suggested sentences a curator reads per coded statement;
- concept and actor guesses that equal the coded ones (among recalled statements;
  the concept counts when it is the guess or one of the alternatives in the comment).

Then the sentence segmenters beside each other (each run line by line, as
``graph/curation/segment.py`` runs pySBD): segments, coded quotes that lie inside one
segment, and the best of three timings over the five texts.

Usage::

    .venv/bin/python benchmarks/suggest_recall.py [--corpus DIR] [--min-score X]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from stancegraph.graph.curation.suggest import MIN_SCORE, suggest_statements
from stancegraph.graph.seeds.load import load_dataset

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def measure(corpus: Path, min_score: float):
    dataset = load_dataset(corpus=corpus)
    rows = []
    for doc in dataset.documents.values():
        text = (corpus / doc.corpus_file).read_text(encoding="utf-8")
        others = dataclasses.replace(
            dataset, statements={k: v for k, v in dataset.statements.items() if v.document != doc.id})
        started = time.perf_counter()
        result = suggest_statements(text, others, doc.id, min_score=min_score)
        seconds = time.perf_counter() - started
        coded = [(sid, s) for sid, s in dataset.statements.items() if s.document == doc.id]
        recalled = whole = concept_ok = actor_ok = 0
        for sid, statement in coded:
            match = dataset.quote_matches[sid]
            hits = [s for s in result.suggestions if s.sentence.start < match.end and match.start < s.sentence.end]
            if not hits:
                continue
            recalled += 1
            whole += any(s.sentence.start <= match.start and match.end <= s.sentence.end for s in hits)
            concept_ok += any(statement.concept in (s.concept, *s.alternatives) for s in hits)
            actor_ok += any((s.speaker, s.organisation) == (statement.speaker, statement.organisation)
                            or (statement.speaker is not None and s.speaker == statement.speaker) for s in hits)
        rows.append((doc.id, len(result.sentences), len(result.suggestions), len(coded), recalled, whole,
                     concept_ok, actor_ok, seconds))
    return rows


def _by_line(text, segment):
    out, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.extend((position + a, position + b) for a, b in segment(line))
        position += len(line) + 1
    return out


def _pysbd(line):
    import pysbd

    return [(s.start, s.end) for s in pysbd.Segmenter(language="en", clean=False, char_span=True).segment(line)]


def _syntok(line):
    import syntok.segmenter

    return [(sent[0].offset, sent[-1].offset + len(sent[-1].value))
            for paragraph in syntok.segmenter.analyze(line) for sent in paragraph]


def compare_segmenters(corpus: Path):
    import unicodedata

    dataset = load_dataset(corpus=corpus)
    texts = {doc.id: unicodedata.normalize("NFC", (corpus / doc.corpus_file).read_text(encoding="utf-8"))
             for doc in dataset.documents.values()}
    rows = []
    for name, segment in (("pySBD", _pysbd), ("syntok", _syntok)):
        try:
            spans = {doc: _by_line(text, segment) for doc, text in texts.items()}
        except ImportError:
            rows.append((name, None, None, None))
            continue
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for text in texts.values():
                _by_line(text, segment)
            best = min(best, time.perf_counter() - started)
        inside = sum(any(a <= m.start and m.end <= b for a, b in spans[dataset.statements[sid].document])
                     for sid, m in dataset.quote_matches.items())
        rows.append((name, sum(map(len, spans.values())), f"{inside} of {len(dataset.quote_matches)}", best))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min-score", type=float, default=MIN_SCORE)
    args = parser.parse_args()
    rows = measure(args.corpus, args.min_score)
    print(f"min score {args.min_score}\n")
    print("| document | sentences | suggested | coded | recall | quote whole in one | read per coded "
          "| concept guessed | actor guessed | time |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = [0] * 7
    seconds = 0.0
    for doc, *counts, secs in rows:
        sentences, suggested, coded, recalled, whole, concept_ok, actor_ok = counts
        totals = [a + b for a, b in zip(totals, counts)]
        seconds += secs
        print(f"| {doc} | {sentences} | {suggested} | {coded} | {recalled}/{coded} ({recalled / coded:.0%}) "
              f"| {whole} | {suggested / coded:.2f} | {concept_ok} | {actor_ok} | {secs:.2f} s |")
    sentences, suggested, coded, recalled, whole, concept_ok, actor_ok = totals
    print(f"| **all five** | {sentences} | {suggested} | {coded} | {recalled}/{coded} ({recalled / coded:.0%}) "
          f"| {whole} | {suggested / coded:.2f} | {concept_ok} | {actor_ok} | {seconds:.2f} s |")
    print("\n| segmenter (line by line) | segments | coded quotes inside one segment | time, five texts |")
    print("|---|---:|---:|---:|")
    for name, segments, inside, best in compare_segmenters(args.corpus):
        if segments is None:
            print(f"| {name} | not installed | | |")
        else:
            print(f"| {name} | {segments} | {inside} | {best:.3f} s |")


if __name__ == "__main__":
    main()
