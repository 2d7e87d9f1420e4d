"""Generate a synthetic but realistic stancegraph dataset as ordinary seed files.

The shape follows what coded debates look like: a few actors say a lot and most
say little (Zipf-distributed activity), concepts form a three-level SKOS
hierarchy, documents spread over a decade with partial dates (a few known only to
the month or the year), people hold affiliations with organisations, and stances
are skewed per actor (an actor mostly supports or mostly opposes a concept).

Usage::

    python benchmarks/generate.py 10000 /tmp/seeds-10k

The output folder holds ``dataset.yaml``, ``concepts.yaml``, ``organisations.yaml``,
``people.yaml``, ``documents.yaml`` and ``statements-NNN.yaml`` (5,000 statements
per file); ``stancegraph check /tmp/seeds-10k --no-shacl`` accepts it.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

__all__ = ["generate_dataset", "write_dataset"]

STATEMENTS_PER_FILE = 5000
_WORDS = (
    "care integration market competition mutual cooperative staff patients trust "
    "commissioning provider public private ownership accountability social enterprise "
    "reform funding quality choice local community hospital services contract tender "
    "governance members democracy efficiency outcomes waiting lists primary secondary"
).split()
_ORG_KINDS = ("party", "government", "nhs-body", "nhs-trust", "think-tank", "company",
              "social-enterprise", "cooperative", "mutual", "charity", "campaign",
              "trade-union", "professional-body", "media")
_DOC_KINDS = ("news", "news", "news", "letters", "blog", "report", "speech", "interview", "press-release")


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _date(rng: random.Random, start_year: int = 2010, years: int = 10) -> str:
    year = start_year + rng.randrange(years)
    roll = rng.random()
    if roll < 0.03:
        return f"{year}"
    month = rng.randint(1, 12)
    if roll < 0.10:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def generate_dataset(statements: int, seed: int = 1) -> dict[str, dict]:
    """Build the seed records of a synthetic dataset with ``statements`` statements.

    Parameters
    ----------
    statements : int
        Number of statements (the scale of the dataset; other record counts follow).
    seed : int
        Random seed: the same seed gives the same dataset.

    Returns
    -------
    dict
        File stem → YAML document (a mapping of sections).

    Examples
    --------
    >>> files = generate_dataset(50)
    >>> sum(len(doc.get("statements", [])) for doc in files.values())
    50
    """
    rng = random.Random(seed)
    n_people = max(5, statements // 8)
    n_orgs = max(3, statements // 40)
    n_docs = max(2, statements // 6)
    n_top, n_mid, n_leaf = 8, 4, 5  # 8 + 32 + 160 concepts

    concepts = []
    for t in range(n_top):
        top = f"theme-{t + 1}"
        concepts.append({"id": top, "label": f"Theme {t + 1}", "definition": _sentence(rng, 8)})
        for m in range(n_mid):
            mid = f"{top}-area-{m + 1}"
            concepts.append({"id": mid, "label": f"Theme {t + 1} area {m + 1}",
                             "definition": _sentence(rng, 8), "broader": top})
            for leaf in range(n_leaf):
                concepts.append({"id": f"{mid}-issue-{leaf + 1}",
                                 "label": f"Theme {t + 1} area {m + 1} issue {leaf + 1}",
                                 "definition": _sentence(rng, 10), "broader": mid})
    leaves = [c["id"] for c in concepts if c["id"].count("-issue-")]
    for c in rng.sample(concepts, len(concepts) // 10):
        c["related"] = sorted({rng.choice(leaves)} - {c["id"]})

    organisations = [
        {"id": f"org-{i + 1}", "name": f"Organisation {i + 1}", "kind": rng.choice(_ORG_KINDS)}
        for i in range(n_orgs)
    ]
    for org in organisations[n_orgs // 5:]:
        if rng.random() < 0.2:
            org["parent"] = f"org-{rng.randint(1, max(1, n_orgs // 5))}"
    media = [o["id"] for o in organisations if o["kind"] == "media"] or [organisations[0]["id"]]

    people = []
    for i in range(n_people):
        person = {"id": f"person-{i + 1}", "name": f"Person {i + 1}"}
        affiliations = []
        for _ in range(rng.choices((0, 1, 2), weights=(3, 5, 2))[0]):
            aff = {"organisation": f"org-{rng.randint(1, n_orgs)}", "role": rng.choice(
                ("chair", "chief executive", "member", "spokesperson", "director", "minister"))}
            if rng.random() < 0.5:
                aff["start"] = _date(rng, 2005, 10)[:4]
            affiliations.append(aff)
        if affiliations:
            person["affiliations"] = affiliations
        if rng.random() < 0.1:
            person["aliases"] = [f"P. {i + 1}"]
        people.append(person)

    documents = []
    for i in range(n_docs):
        doc = {"id": f"doc-{i + 1}", "title": _sentence(rng, 6), "kind": rng.choice(_DOC_KINDS),
               "date": _date(rng), "publisher": rng.choice(media)}
        if rng.random() < 0.6:
            doc["authors"] = [f"person-{rng.randint(1, n_people)}"]
        documents.append(doc)

    # heavy-tailed activity: actor k is chosen with weight 1/k (Zipf, s = 1)
    person_weights = [1.0 / (k + 1) for k in range(n_people)]
    org_weights = [1.0 / (k + 1) for k in range(n_orgs)]
    concept_weights = [1.0 / (k + 1) ** 0.7 for k in range(len(leaves))]
    rng.shuffle(leaves)
    stance_bias: dict[tuple[str, str], str] = {}
    statements_out = []
    speakers = rng.choices(range(n_people), weights=person_weights, k=statements)
    orgs = rng.choices(range(n_orgs), weights=org_weights, k=statements)
    chosen = rng.choices(leaves, weights=concept_weights, k=statements)
    for i in range(statements):
        roll = rng.random()
        st: dict = {"id": f"st-{i + 1}"}
        actor = None
        if roll < 0.85:
            st["speaker"] = actor = f"person-{speakers[i] + 1}"
        if roll > 0.6:
            st["organisation"] = f"org-{orgs[i] + 1}"
            actor = actor or st["organisation"]
        st["concept"] = chosen[i]
        bias = stance_bias.setdefault((actor, chosen[i]), rng.choice(("support", "oppose")))
        st["stance"] = bias if rng.random() < 0.8 else rng.choice(("support", "oppose", "mixed"))
        st["quote"] = _sentence(rng, rng.randint(8, 25))
        st["document"] = f"doc-{rng.randint(1, n_docs)}"
        st["attribution"] = "direct" if rng.random() < 0.7 else "reported"
        if rng.random() < 0.05:
            st["note"] = _sentence(rng, 6)
        statements_out.append(st)

    files: dict[str, dict] = {
        "dataset": {"dataset": {
            "id": f"synthetic-{statements}", "title": f"Synthetic debate ({statements} statements)",
            "base_iri": "https://example.org/synthetic/", "version": "1",
            "description": "Generated by benchmarks/generate.py for benchmarking.",
        }},
        "concepts": {"concepts": concepts},
        "organisations": {"organisations": organisations},
        "people": {"people": people},
        "documents": {"documents": documents},
    }
    for start in range(0, statements, STATEMENTS_PER_FILE):
        files[f"statements-{start // STATEMENTS_PER_FILE + 1:03d}"] = {
            "statements": statements_out[start:start + STATEMENTS_PER_FILE]}
    return files


def write_dataset(statements: int, out_dir: str | Path, seed: int = 1) -> Path:
    """Generate a dataset and write it as ``*.yaml`` seed files into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for stem, doc in generate_dataset(statements, seed).items():
        text = yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        (out / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("statements", type=int, help="number of statements")
    parser.add_argument("out_dir", type=Path, help="folder to write the seed files into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    write_dataset(args.statements, args.out_dir, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
