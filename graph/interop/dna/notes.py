"""DNA fields that stancegraph has no field for, kept as tagged lines of a ``note``.

A stancegraph ``note`` made from DNA is the free text (DNA's ``Notes``) followed
by one line per other DNA field, ``DNA <field>: <value>`` — e.g. a document's
``DNA section: Politics`` or an organisation's ``DNA type: Newspaper``. The
exporter reads the lines back into DNA's fields, so the fields survive the round
trip ``.dna`` → seeds → ``.dna``.

Examples
--------
>>> note = compose_note("Checked twice.", {"section": "Politics", "type": "Newspaper"})
>>> print(note)
Checked twice.
DNA section: Politics
DNA type: Newspaper
>>> parse_note(note)
('Checked twice.', {'section': 'Politics', 'type': 'Newspaper'})
"""

from __future__ import annotations

import re

__all__ = ["compose_note", "parse_note"]

_TAG = re.compile(r"^DNA ([^:\n]+): (.*)$")


def compose_note(free_text: str, fields: dict[str, str]) -> str | None:
    """The note: ``free_text`` then ``DNA <key>: <value>`` per non-empty field (None if all empty).

    Line breaks inside a field value become spaces (a field is one line).
    """
    lines = [free_text.strip()] if free_text and free_text.strip() else []
    for key, value in fields.items():
        value = " ".join(str(value).split())
        if value:
            lines.append(f"DNA {key}: {value}")
    return "\n".join(lines) or None


def parse_note(note: str | None) -> tuple[str, dict[str, str]]:
    """Split a note into its free text and its trailing ``DNA <key>: <value>`` fields."""
    if not note:
        return "", {}
    lines = note.split("\n")
    fields: dict[str, str] = {}
    while lines:
        match = _TAG.match(lines[-1])
        if not match:
            break
        fields[match.group(1)] = match.group(2).strip()
        lines.pop()
    return "\n".join(lines).strip(), dict(reversed(list(fields.items())))
