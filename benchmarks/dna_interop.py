"""Time ``stancegraph import dna`` and ``export dna`` on a synthetic DNA 3 database.

Usage::

    python benchmarks/dna_interop.py 10000

Builds a ``.dna`` file of N statements (400 people, 80 organisations, 60 concepts,
50 statements per document, an emoji in every statement so the UTF-16 offsets are
exercised, two coders) with the test suite's fixture builder
(``tests/dna_fixtures.py``), then times, best of ``--repeat``:

* import: read, map, write the seed folder and check it (every quote verified);
* the check alone (``load_dataset`` of the imported folder with its corpus), the
  floor under the import, since the import ends with exactly that check;
* export: the loaded dataset back to a ``.dna`` file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from dna_fixtures import Doc, Stmt, Study, build_dna  # noqa: E402

from stancegraph.graph.interop.dna import export_dna, import_dna  # noqa: E402
from stancegraph.graph.seeds.load import load_dataset  # noqa: E402


def study(n: int, seed: int = 1) -> Study:
    rng = random.Random(seed)
    people = [f"Person {i}" for i in range(400)]
    organisations = [f"Organisation {i}" for i in range(80)]
    concepts = [f"Concept {i}" for i in range(60)]
    docs, statements = [], []
    per_document = 50
    for d in range((n + per_document - 1) // per_document):
        sentences = []
        for k in range(min(per_document, n - d * per_document)):
            person = rng.choice(people)
            sentence = f"Item {d}.{k}: {person} speaks \U0001F600 on things."
            sentences.append(sentence)
            statements.append(Stmt(d, sentence, person, rng.choice(organisations), rng.choice(concepts),
                                   rng.choice([0, 1]), coder=rng.choice(["Admin", "Second coder"])))
        docs.append(Doc(f"Debate {d}", " ".join(sentences), dt.datetime(2010, 1, 1) + dt.timedelta(days=d)))
    return Study(docs, statements)


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("statements", type=int)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp())
    try:
        build_dna(work / "study.dna", study(args.statements))

        def run_import():
            shutil.rmtree(work / "seeds", ignore_errors=True)
            import_dna(work / "study.dna", work / "seeds")

        t_import = best(args.repeat, run_import)
        t_check = best(args.repeat, lambda: load_dataset(work / "seeds", corpus=work / "seeds" / "corpus"))
        dataset = load_dataset(work / "seeds", corpus=work / "seeds" / "corpus")
        t_export = best(args.repeat, lambda: export_dna(dataset, work / "seeds" / "corpus", work / "back.dna"))
        print(f"{args.statements:,} statements: import {t_import:.2f} s (of which the check of the written "
              f"folder alone takes {t_check:.2f} s), export {t_export:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
