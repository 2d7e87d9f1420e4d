"""How the HTML view draws things: colours and shapes by kind, edge colours by stance.

Colours come from the Okabe–Ito palette (readable with the common colour-vision
deficiencies) for the few things that matter most — people, concepts and the three
stances — and from a 20-colour qualitative palette for organisation kinds, each kind
keeping the same colour in every view.

Examples
--------
>>> node_style("person", None)["shape"]
'dot'
>>> node_style("organisation", "party")["color"]["background"] == ORGANISATION_COLOURS["party"]
True
>>> STANCE_COLOURS["support"]
'#009E73'
"""

from __future__ import annotations

import math

from stancegraph.schema.models import OrganisationKind

__all__ = [
    "PERSON_COLOUR",
    "CONCEPT_COLOUR",
    "STANCE_COLOURS",
    "CONFLICT_COLOUR",
    "ORGANISATION_COLOURS",
    "SHAPES",
    "node_style",
    "node_size",
    "label_size",
    "CONCEPT_LABEL_COLOUR",
    "edge_width",
    "filter_key",
    "kind_label",
]

PERSON_COLOUR = "#0072B2"
"""People: Okabe–Ito blue."""
CONCEPT_COLOUR = "#E69F00"
"""Concepts: Okabe–Ito orange."""
CONCEPT_LABEL_COLOUR = "#5a4300"
"""Concept labels: a dark brown, to tell them from actor labels."""
STANCE_COLOURS = {"support": "#009E73", "oppose": "#D55E00", "mixed": "#CC79A7"}
"""Edge colours by stance: Okabe–Ito bluish green, vermillion and reddish purple."""
CONFLICT_COLOUR = "#7f3b08"
"""One-mode conflict ties (drawn dashed)."""

_ORGANISATION_PALETTE = (
    "#4E79A7", "#59A14F", "#B07AA1", "#9C755F", "#76B7B2", "#EDC948", "#E15759",
    "#FF9DA7", "#BAB0AC", "#8CD17D", "#499894", "#D37295", "#86BCB6", "#F1CE63",
    "#A0CBE8", "#D4A6C8", "#79706E", "#B6992D", "#FABFD2", "#D7B5A6",
)
ORGANISATION_COLOURS = {
    kind.value: _ORGANISATION_PALETTE[i % len(_ORGANISATION_PALETTE)]
    for i, kind in enumerate(OrganisationKind)
}
"""A fixed colour for every organisation kind (Tableau 20, in the enum's order)."""

SHAPES = {"person": "dot", "organisation": "square", "concept": "diamond"}
"""vis-network shapes by node kind (all with the label below the shape)."""


def node_style(kind: str, org_kind: str | None) -> dict[str, object]:
    """vis-network ``shape`` and ``color`` of a node of ``kind`` (and organisation kind)."""
    if kind == "concept":
        colour = CONCEPT_COLOUR
    elif kind == "organisation":
        colour = ORGANISATION_COLOURS.get(org_kind or "other", ORGANISATION_COLOURS["other"])
    else:
        colour = PERSON_COLOUR
    return {
        "shape": SHAPES.get(kind, "dot"),
        "color": {"background": colour, "border": "#333333",
                  "highlight": {"background": colour, "border": "#000000"},
                  "hover": {"background": colour, "border": "#000000"}},
    }


def node_size(statements: int) -> float:
    """Node radius in pixels, growing with the square root of the statement count.

    Examples
    --------
    >>> node_size(0), node_size(1), node_size(16)
    (8.0, 11.0, 20.0)
    """
    return round(8.0 + 3.0 * math.sqrt(max(statements, 0)), 2)


def label_size(statements: int, concept: bool = False) -> int:
    """Label font size in pixels, growing with the node (the square root of its statements).

    Actors' labels start larger than concepts', so that in a crowded two-mode view
    zoomed out to fit, the actors stay labelled while the smallest concepts' labels
    wait until the reader zooms in (see ``drawThreshold`` in the page's options).

    Examples
    --------
    >>> label_size(1), label_size(9), label_size(50)
    (16, 19, 22)
    >>> label_size(1, concept=True), label_size(9, concept=True)
    (13, 16)
    """
    base, top = (12.0, 20.0) if concept else (15.0, 22.0)
    return int(round(min(base + 1.2 * math.sqrt(max(statements, 0)), top)))


def edge_width(weight: float, max_weight: float) -> float:
    """Edge width in pixels: 1 to 8, in proportion to ``|weight|`` of the largest.

    Examples
    --------
    >>> edge_width(2, 4), edge_width(4, 4), edge_width(0, 0)
    (4.5, 8.0, 1.0)
    """
    if max_weight <= 0:
        return 1.0
    return round(1.0 + 7.0 * min(abs(weight) / max_weight, 1.0), 2)


def filter_key(kind: str, org_kind: str | None) -> str:
    """The actor-kind filter a node belongs to: ``person``, ``org:<kind>`` or ``concept``.

    Examples
    --------
    >>> filter_key("organisation", "think-tank")
    'org:think-tank'
    """
    if kind == "organisation":
        return f"org:{org_kind or 'other'}"
    return kind


def kind_label(key: str) -> str:
    """Human words for a :func:`filter_key`.

    Examples
    --------
    >>> kind_label("org:nhs-body"), kind_label("person")
    ('NHS body', 'person')
    """
    if not key.startswith("org:"):
        return key
    words = key[4:].replace("-", " ")
    return words.replace("nhs", "NHS")
