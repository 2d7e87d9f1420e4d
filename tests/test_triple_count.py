"""``check`` prints the number of triples ``build`` writes: counted by Oxigraph and rdflib reading the files.

``check`` counts the mapping's groups (``count_triples``) without writing anything;
the files ``build`` writes are read back by two independent parsers, and every
record kind is tried with each optional field set (lists holding repeats, which
the graph holds once) and unset, on the NHS data (with and without its corpus),
the mini dataset and generated data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, VOID

from stancegraph.graph.cli import cli

from synthetic import synthetic_seeds

FORMATS = {"turtle": ("stancegraph.ttl", ox.RdfFormat.TURTLE), "ntriples": ("stancegraph.nt", ox.RdfFormat.N_TRIPLES),
           "trig": ("stancegraph.trig", ox.RdfFormat.TRIG), "rdfxml": ("stancegraph.rdf", ox.RdfFormat.RDF_XML),
           "jsonld": ("stancegraph.jsonld", ox.RdfFormat.JSON_LD)}


def _records(every: bool) -> dict:
    """Seed records of every kind with every optional field set (and lists with repeats), or none set."""
    info = {"id": "counting", "title": "Counting", "base_iri": "https://example.org/counting/", "version": "1"}
    people = [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}]
    organisations = [{"id": "coop", "name": "Co-op", "kind": "cooperative"}, {"id": "party", "name": "Party",
                                                                                "kind": "party"}]
    concepts = [{"id": "top", "label": "Top", "definition": "The top."},
                {"id": "leaf", "label": "Leaf", "definition": "A leaf."}]
    documents = [{"id": "doc", "title": "A doc", "kind": "news", "date": "2020-03-01"}]
    statements = [{"id": "st-both", "speaker": "ann", "organisation": "coop", "concept": "leaf", "stance": "support",
                   "quote": "Co-ops work.", "document": "doc", "attribution": "direct"},
                  {"id": "st-speaker", "speaker": "bob", "concept": "top", "stance": "oppose",
                   "quote": "No.", "document": "doc", "attribution": "reported"},
                  {"id": "st-org", "organisation": "party", "concept": "top", "stance": "mixed",
                   "quote": "Maybe.", "document": "doc", "attribution": "direct"},
                  # the same actor and concept again: one truthy shortcut
                  {"id": "st-again", "speaker": "ann", "organisation": "coop", "concept": "leaf", "stance": "support",
                   "quote": "Co-ops still work.", "document": "doc", "attribution": "direct"}]
    if every:
        info.update(description="Every field.", licence="https://creativecommons.org/licenses/by/4.0/",
                    issued="2021-05", creators=["A Coder", "A Coder", "B Coder"])
        people[0].update(aliases=["Annie", "Annie", "A."], wikidata="Q42", note="A note.",
                         affiliations=[{"organisation": "coop", "role": "Chair", "start": "2018", "end": "2020-02",
                                        "source": "doc", "note": "Elected."},
                                       {"organisation": "coop", "role": "chair", "start": "2020-03"},  # same org, role slug
                                       {"organisation": "party", "end": "2019-01-02"}])
        organisations[0].update(aliases=["The Co-op", "The Co-op"], parent="party", url="https://coop.example/",
                                wikidata="Q7", note="Founded 2001.")
        concepts[1].update(broader="top", aliases=["Leafy", "Leafy"], related=["top", "top"])
        documents[0].update(publisher="party", authors=["ann", "bob", "ann"], url="https://news.example/1",
                            inferred=["date", "date", "publisher"], note="Paywalled.")
        statements[0].update(date="2020-02", mentions=["bob", "party", "bob"], qualifier=-2, coder="C1",
                             note="Said twice.")
        statements[1].update(date="2019", qualifier=0, mentions=["coop"])
    return {"dataset": info, "people": people, "organisations": organisations, "concepts": concepts,
            "documents": documents, "statements": statements}


def _write(records: dict, folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "seeds.yaml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _check_count(seeds: Path, corpus: Path | None) -> int:
    output = _invoke("check", str(seeds), "--no-shacl", "-q", *(["--corpus", str(corpus)] if corpus else []))
    return int(re.search(r"([\d,]+) triples?\b", output).group(1).replace(",", ""))


@pytest.fixture(scope="module")
def folders(tmp_path_factory, corpus, mini_seeds, mini_corpus):
    from stancegraph.graph.seeds.load import default_data_dir

    tmp = tmp_path_factory.mktemp("counting")
    return {
        "nhs": (default_data_dir(), None),
        "nhs with its corpus": (default_data_dir(), corpus),
        "mini with its corpus": (mini_seeds, mini_corpus),
        "every optional field set": (_write(_records(True), tmp / "every"), None),
        "no optional field set": (_write(_records(False), tmp / "none"), None),
        "generated": (synthetic_seeds(120, tmp / "generated", seed=7), None),
    }


@pytest.mark.parametrize("name", ["nhs", "nhs with its corpus", "mini with its corpus", "every optional field set",
                                  "no optional field set", "generated"])
def test_check_counts_the_triples_build_writes(name, folders, tmp_path):
    seeds, corpus = folders[name]
    counted = _check_count(seeds, corpus)
    out = tmp_path / "out"
    _invoke("build", str(seeds), "--out", str(out), "--no-html", "--no-shacl", "-q",
            *(["--corpus", str(corpus)] if corpus else []), *[a for f in FORMATS for a in ("--format", f)])
    for fmt, (filename, ox_format) in FORMATS.items():
        read = {(q.subject, q.predicate, q.object) for q in ox.parse(path=out / filename, format=ox_format)}
        assert len(read) == counted, f"{name}: Oxigraph reads {len(read)} triples in {filename}, check said {counted}"
    by_rdflib = Graph().parse(out / "stancegraph.ttl", format="turtle")
    assert len(by_rdflib) == counted
    # the graph says so too: void:triples, and each class partition's void:entities is the nodes of its class
    dataset = next(by_rdflib.subjects(VOID.triples, None))
    assert int(by_rdflib.value(dataset, VOID.triples)) == counted
    for partition in by_rdflib.objects(dataset, VOID.classPartition):
        cls = by_rdflib.value(partition, VOID["class"])
        assert int(by_rdflib.value(partition, VOID.entities)) == len(set(by_rdflib.subjects(RDF.type, cls))), cls


def test_every_optional_field_adds_triples(folders):
    """The two hand-made datasets differ as intended (so the test above saw every optional field)."""
    every, none = (_check_count(*folders[name]) for name in ("every optional field set", "no optional field set"))
    assert every > none + 40


def test_turtle_gives_every_subject_one_block(folders, tmp_path):
    """The mapping's groups keep each subject's triples together, so the streamed Turtle is compact."""
    seeds, corpus = folders["nhs with its corpus"]
    out = tmp_path / "out"
    _invoke("build", str(seeds), "--out", str(out), "--no-html", "--no-shacl", "-q", "--corpus", str(corpus))
    subjects = {q.subject for q in ox.parse(path=out / "stancegraph.ttl", format=ox.RdfFormat.TURTLE)}
    text = (out / "stancegraph.ttl").read_text(encoding="utf-8")
    blocks = [line for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("@prefix")]
    starts = [line.split(" ", 1)[0] for line in blocks if line.startswith(("<", "person:", "organisation:",
                                                                           "concept:", "document:", "statement:",
                                                                           "data:"))]
    assert len(starts) == len(set(starts)) == len(subjects)
