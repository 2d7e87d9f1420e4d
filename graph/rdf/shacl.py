"""Validate a built graph against ``schema/shapes.ttl`` with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from ..resources import SHAPES_FILE, VOCABULARY_FILE, schema_file

__all__ = ["ShaclResult", "ShaclReport", "validate_graph", "load_shapes", "load_vocabulary"]


@dataclass(frozen=True)
class ShaclResult:
    """One SHACL violation: the focus node, the path, the message and the rule."""

    focus: str
    path: str | None
    message: str
    severity: str
    constraint: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"SHACL {self.severity}: <{self.focus}>{path}: {self.message} ({self.constraint})"


@dataclass(frozen=True)
class ShaclReport:
    """Whether a graph conforms, and each violation found."""

    conforms: bool
    results: tuple[ShaclResult, ...]


def load_shapes() -> Graph:
    """The SHACL shapes graph shipped with the package."""
    return Graph().parse(schema_file(SHAPES_FILE), format="turtle")


def load_vocabulary() -> Graph:
    """The ``sg:`` vocabulary (RDFS/OWL) shipped with the package."""
    return Graph().parse(schema_file(VOCABULARY_FILE), format="turtle")


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ShaclReport:
    """Check ``graph`` against the shapes shipped in ``schema/shapes.ttl``.

    Returns a report rather than raising on invalid data (as pySHACL does).
    """
    import pyshacl

    conforms, report_graph, _text = pyshacl.validate(
        graph,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    results = []
    for result in report_graph.subjects(SH.resultSeverity, None):
        def one(pred):
            value = report_graph.value(result, pred)
            return None if value is None else str(value)

        results.append(ShaclResult(
            focus=one(SH.focusNode) or "",
            path=one(SH.resultPath),
            message=one(SH.resultMessage) or "",
            severity=(one(SH.resultSeverity) or "").rsplit("#", 1)[-1],
            constraint=(one(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
        ))
    return ShaclReport(bool(conforms), tuple(sorted(results, key=lambda r: (r.focus, r.path or "", r.message))))
