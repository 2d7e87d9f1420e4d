"""Canonical formatting of seed files, so their layout never drifts.

A seed file is canonical when a round trip through ruamel.yaml's round-trip dumper
(comments and quoting kept; 2-space mappings, lists indented under their key; no
re-wrapping of long lines) gives back the same text.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..atomic import atomic_write
from ..errors import Problem

__all__ = ["canonical_text", "check_canonical", "format_files"]


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


def canonical_text(text: str) -> str:
    """The canonical form of a YAML seed file's text.

    Raises
    ------
    ruamel.yaml.YAMLError
        When the text is not valid YAML.

    Examples
    --------
    >>> print(canonical_text("people:\\n- id: a\\n  name:   A   # the first\\n"), end="")
    people:
      - id: a
        name: A   # the first
    """
    yaml = _yaml()
    data = yaml.load(text)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def check_canonical(paths: list[Path], root: Path) -> list[Problem]:
    """One problem per file that is not in canonical form (or not valid YAML)."""
    from .load import read_seed_text

    problems = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            text = read_seed_text(path)  # never blocks on a FIFO or device named *.yaml
        except (OSError, ValueError) as exc:
            problems.append(Problem(rel, None, None, None, f"cannot read file: {getattr(exc, 'strerror', None) or exc}"))
            continue
        try:
            canonical = canonical_text(text)
        except Exception as exc:  # ruamel raises several unrelated error types
            problems.append(Problem(rel, None, None, None, f"not valid YAML: {str(exc).splitlines()[0]}"))
            continue
        if canonical != text:
            line = next(
                (i + 1 for i, (a, b) in enumerate(zip(text.splitlines(), canonical.splitlines())) if a != b),
                min(len(text.splitlines()), len(canonical.splitlines())) + 1,
            )
            problems.append(Problem(rel, line, None, None, "not in canonical format (run `stancegraph format`)"))
    return problems


def format_files(paths: list[Path]) -> list[Path]:
    """Rewrite files in canonical form (atomically); return those that changed."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        canonical = canonical_text(text)
        if canonical != text:
            atomic_write(path, canonical)
            changed.append(path)
    return changed
