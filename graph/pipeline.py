"""The main job: load and check a dataset, build its graph, write the outputs atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from rdflib import Graph

from .seeds.dataset import Dataset
from .errors import DataError, Problem
from .rdf.export import RdfFormat, serialize_graph
from .rdf.iris import Iris
from .seeds.load import LoadResult, read_dataset
from .rdf.mapping import build_graph
from .rdf.shacl import ShaclReport, validate_graph

__all__ = ["CheckReport", "check", "BuildResult", "build", "shacl_problems", "OUTPUT_STEM", "HTML_VIEW_NAME"]

OUTPUT_STEM = "stancegraph"
"""File name stem of the graph outputs (``stancegraph.ttl`` …)."""
HTML_VIEW_NAME = "network.html"
"""File name of the interactive network view written by :func:`build`."""



@dataclass
class CheckReport:
    """The outcome of :func:`check`: the loaded data, every problem, the SHACL report."""

    load: LoadResult
    shacl: ShaclReport | None = None
    graph: Graph | None = None

    @property
    def problems(self) -> list[Problem]:
        """Every problem: data problems first, then SHACL violations."""
        problems = list(self.load.problems)
        if self.shacl is not None:
            problems.extend(shacl_problems(self.shacl))
        return problems

    @property
    def ok(self) -> bool:
        """True when the data loaded without problems and the graph conforms."""
        return self.load.ok and self.shacl is not None and self.shacl.conforms


def shacl_problems(report: ShaclReport) -> list[Problem]:
    """SHACL violations as :class:`Problem` lines."""
    return [
        Problem(None, None, f"<{r.focus}>", r.path, f"SHACL {r.severity}: {r.message} ({r.constraint})")
        for r in report.results
    ]


def check(data_dir: str | Path | None = None, corpus: str | Path | None = None, shacl: bool = True) -> CheckReport:
    """Validate a dataset: models, references, quotes (with ``corpus``) and SHACL.

    SHACL runs only when the data itself loaded without problems.
    """
    loaded = read_dataset(data_dir, corpus)
    report = CheckReport(loaded)
    if loaded.ok:
        report.graph = build_graph(loaded.dataset)
        if shacl:
            report.shacl = validate_graph(report.graph)
    return report


@dataclass
class BuildResult:
    """What :func:`build` made: the dataset, its graph and the files written."""

    dataset: Dataset
    graph: Graph
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        """Number of triples in the graph (counted by the store's engine)."""
        from .stores.store import triple_count

        return triple_count(self.graph)


def build(
    data_dir: str | Path | None = None,
    out_dir: str | Path = "out",
    corpus: str | Path | None = None,
    formats: tuple[RdfFormat, ...] = (RdfFormat.TURTLE,),
    html: bool = True,
    store=None,
    shacl: bool = True,
) -> BuildResult:
    """Check a dataset, build its graph and write the outputs.

    Everything is computed in memory first; files are written only when the data
    is valid and the graph conforms to the shapes, each atomically, so a failed
    build leaves no new or half-written file behind.

    Parameters
    ----------
    data_dir : path, optional
        Seed folder; the embedded dataset when omitted.
    out_dir : path
        Output folder (created when missing).
    corpus : path, optional
        Source texts: quotes are verified and get prefix, suffix and offsets.
    formats : tuple of RdfFormat
        Graph serialisations to write, as ``stancegraph.<ext>``.
    html : bool
        Also write the default interactive network view as ``network.html``
        (:func:`stancegraph.graph.view.render_view`).
    store : str or StoreSpec, optional
        Also put the graph into this store (``oxigraph:PATH`` or ``sparql:…``,
        see :mod:`stancegraph.graph.stores.store`), replacing the dataset's graph there;
        the outputs are then serialised from the store (Oxigraph's serialisers).
    shacl : bool
        Validate the graph with SHACL (pySHACL works in memory: turn it off for
        very large datasets, whose graph then never exists in rdflib's memory store).

    Raises
    ------
    DataError
        With every problem, when the data or the graph is invalid.
    """
    from .atomic import atomic_write

    if store is not None and str(store) != "memory":
        dataset, graph, payloads = _build_into_store(data_dir, corpus, formats, store, shacl)
    else:
        report = check(data_dir, corpus, shacl=shacl)
        if report.problems or not report.load.ok:
            raise DataError(report.problems)
        dataset, graph = report.load.dataset, report.graph
        name = str(Iris(str(dataset.info.base_iri)).dataset())
        payloads: dict[str, bytes] = {
            OUTPUT_STEM + fmt.extension: serialize_graph(graph, fmt, graph_name=name) for fmt in formats
        }
    if html:
        from .view import render_view

        payloads[HTML_VIEW_NAME] = render_view(dataset, data_dir=data_dir).encode("utf-8")
    out = Path(out_dir)
    result = BuildResult(dataset, graph)
    for filename, payload in payloads.items():
        result.outputs[filename] = atomic_write(out / filename, payload)
    return result


def _build_into_store(data_dir, corpus, formats, store, shacl: bool):
    """Validate, then replace the dataset's graph in ``store`` and serialise from there."""
    from .rdf.mapping import build_graph
    from .stores.store import StoreKind, parse_store, serialize_store_graph, write_dataset

    spec = parse_store(store) if isinstance(store, str) else store
    if shacl:
        report = check(data_dir, corpus, shacl=True)
        if not report.ok:
            raise DataError(report.problems)
        dataset, memory = report.load.dataset, report.graph
    else:
        loaded = read_dataset(data_dir, corpus)
        if not loaded.ok:
            raise DataError(loaded.problems)
        dataset, memory = loaded.dataset, None
    graph = write_dataset(spec, dataset)
    if spec.kind is StoreKind.OXIGRAPH:
        source = graph
    else:  # never download a remote graph back: serialise a local copy
        source = memory if memory is not None else build_graph(dataset)
    name = str(Iris(str(dataset.info.base_iri)).dataset())
    payloads = {OUTPUT_STEM + fmt.extension: (serialize_store_graph(source, fmt) if source is graph
                                              else serialize_graph(source, fmt, graph_name=name))
                for fmt in formats}
    return dataset, graph, payloads
