"""A seed folder read as it stands, valid or not: every record with its file.

The coding page and ``suggest`` must work on a folder that does not pass
``check`` yet (suggested statements wait for their stance), so records are read
straight from the YAML (:func:`~stancegraph.graph.seeds.yamlsource.parse_yaml`),
without validation; validation happens on save, on the would-be folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..seeds.load import seed_files
from ..seeds.yamlsource import parse_yaml

__all__ = ["RawRecord", "RawFolder", "read_folder", "file_version"]


def file_version(data: bytes) -> str:
    """The version of a file's content: its SHA-256, hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class RawRecord:
    """A record as written: its section, file (relative to the folder) and fields."""

    section: str
    file: str
    index: int
    data: dict[str, Any]

    @property
    def id(self) -> str | None:
        """The record's id, when it is a string."""
        value = self.data.get("id")
        return value if isinstance(value, str) else None


@dataclass
class RawFolder:
    """Every record of a seed folder, by section, and each file's version."""

    root: Path
    records: dict[str, list[RawRecord]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)
    """File → why it could not be read (not YAML, not a mapping)."""

    def section(self, name: str) -> list[RawRecord]:
        """The records of section ``name`` (``statements`` …), in folder order."""
        return self.records.get(name, [])

    def find(self, section: str, rid: str) -> RawRecord | None:
        """The first record of ``section`` with id ``rid``, or None."""
        return next((r for r in self.section(section) if r.id == rid), None)

    def files_with(self, section: str) -> list[str]:
        """Files that have ``section`` (in folder order)."""
        return list(dict.fromkeys(r.file for r in self.section(section))) or [
            f for f, s in self._sections.items() if section in s]

    _sections: dict[str, set[str]] = field(default_factory=dict, repr=False)


def read_folder(root: str | Path) -> RawFolder:
    """Read every ``*.yaml`` seed file of ``root`` as it stands (no validation)."""
    import yaml

    root = Path(root)
    folder = RawFolder(root)
    for path in seed_files(root):
        rel = path.relative_to(root).as_posix()
        if not path.is_file():  # a FIFO or device named *.yaml would block a read
            folder.unreadable[rel] = "not a regular file"
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            folder.unreadable[rel] = f"cannot read: {exc.strerror or exc}"
            continue
        folder.versions[rel] = file_version(data)
        try:
            doc = parse_yaml(data.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            folder.unreadable[rel] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            continue
        if not isinstance(doc.data, dict):
            if doc.data is not None:
                folder.unreadable[rel] = "not a mapping of sections"
            continue
        folder._sections[rel] = set(doc.data)
        for section, items in doc.data.items():
            if not isinstance(items, list):
                continue
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    folder.records.setdefault(section, []).append(RawRecord(section, rel, index, item))
    return folder
