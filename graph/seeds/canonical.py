"""Canonical formatting of seed files, so their layout never drifts.

A seed file is canonical when a round trip through ruamel.yaml's round-trip dumper
(comments and quoting kept; 2-space mappings, lists indented under their key; no
re-wrapping of long lines), with a blank line before every top-level section but
the first (above the comment lines that lead into it), gives back the same text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..atomic import atomic_write
from ..errors import Problem

__all__ = ["canonical_text", "check_canonical", "format_files", "NOT_CANONICAL"]

NOT_CANONICAL = "not in canonical format (run `stancegraph format`)"
"""The message of a file :func:`check_canonical` finds readable but not canonical (others cannot be formatted)."""


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
    >>> print(canonical_text("people:\\n- id: a\\n  name:   A   # the first\\nconcepts: []\\n"), end="")
    people:
      - id: a
        name: A   # the first
    <BLANKLINE>
    concepts: []
    """
    yaml = _yaml()
    data = yaml.load(text)
    out = io.StringIO()
    yaml.dump(data, out)
    return _separate_sections(out.getvalue())


# a top-level key as ruamel.yaml writes one (a seed section: dataset, people, ...); sequences are
# indented under their key, and wrapped or block text is indented, so nothing else starts so
_SECTION_KEY = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


def _separate_sections(text: str) -> str:
    """A blank line before every top-level section after the first, above its leading comment lines.

    ruamel.yaml keeps blank lines as comments, so the result is a fixed point of
    :func:`canonical_text`; a section glued to the one above (an editor's or a save's
    doing) is what ``format --check`` reports.
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    seen_key = False
    for line in lines:
        if _SECTION_KEY.match(line):
            if seen_key:
                lead = len(out)
                while lead and out[lead - 1].startswith("#"):  # comment lines at column 0 lead into it
                    lead -= 1
                if lead and out[lead - 1].strip():
                    out.insert(lead, "\n")
            seen_key = True
        out.append(line)
    return "".join(out)


def check_canonical(paths: list[Path], root: Path) -> list[Problem]:
    """One problem per file that is not in canonical form (or not valid YAML).

    A file YAML cannot parse is reported as ``check`` reports it (the same line,
    from :func:`~.load.yaml_syntax_problem`).
    """
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
            problems.extend(_unformattable(path, rel, text, exc))
            continue
        if canonical != text:
            line = next(
                (i + 1 for i, (a, b) in enumerate(zip(text.splitlines(), canonical.splitlines())) if a != b),
                min(len(text.splitlines()), len(canonical.splitlines())) + 1,
            )
            problems.append(Problem(rel, line, None, None, NOT_CANONICAL))
    return problems


def _unformattable(path: Path, rel: str, text: str, exc: BaseException) -> list[Problem]:
    """Why ruamel.yaml could not read a file, as ``check`` says it: PyYAML's syntax error
    (the reader ``check`` uses, with its line), else what ``check`` finds in the file (a
    key given twice, an impossible date ruamel.yaml would construct ...), else ruamel's
    own error read the same way."""
    import yaml

    from .load import file_problems, yaml_syntax_problem
    from .yamlsource import parse_yaml

    try:
        parse_yaml(text)
    except yaml.YAMLError as error:
        return [yaml_syntax_problem(rel, text, error)]
    return file_problems(path, rel) or [yaml_syntax_problem(rel, text, exc)]


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
