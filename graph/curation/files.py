"""``suggest`` on files: read the seed folder and the text, return the suggestions file's text."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, UsageError
from .emit import suggestions_yaml
from .records import read_folder
from .suggest import MIN_SCORE, SuggestResult, suggest_statements

__all__ = ["suggest_file", "StubError"]


class StubError(UsageError):
    """A new document's stub field (``--date``, ``--publisher`` ...) that ``check`` would refuse.

    A usage error on the option, not invalid data: ``refused`` maps each option
    (``"--date"``) to ``check``'s message about its value; ``str()`` is one line per option.
    """

    def __init__(self, refused: dict[str, str]):
        self.refused = dict(refused)
        super().__init__("; ".join(f"{option}: {message}" for option, message in self.refused.items()))


def suggest_file(text_file: str | Path, data_dir: str | Path | None, document: str,
                 min_score: float = MIN_SCORE, stub: dict[str, str] | None = None) -> tuple[SuggestResult, str]:
    """Suggest statements for a source text against a seed folder.

    The folder need not pass ``check`` (earlier suggestions may still wait for
    review): its valid records give the names and concepts, and every statement
    written for ``document`` — valid or not — marks its passage as already coded.

    Parameters
    ----------
    text_file : path
        The source text (UTF-8).
    data_dir : path or None
        The seed folder; the embedded dataset when None.
    document : str
        Id of the document (new, or one of the folder's).
    min_score : float
        See :func:`~.suggest.suggest_statements`.
    stub : dict, optional
        Fields of a new document's stub (see :func:`~.emit.suggestions_yaml`).

    Returns
    -------
    (SuggestResult, str)
        The suggestions and their canonical YAML.

    Raises
    ------
    UsageError
        When the text cannot be read or the document id is not a slug.
    StubError
        When a new document's stub field is one ``check`` would refuse (a date that
        does not exist, an unknown publisher, …): every refused field, nothing returned.
    DataError
        When the folder has no usable dataset (no ``dataset:`` section, …).
    """
    from stancegraph.schema.models import SLUG_PATTERN
    import re

    from ..seeds.load import default_data_dir, read_dataset

    if not re.match(SLUG_PATTERN, document):
        raise UsageError(f"--document {document!r} is not a valid id (lowercase letters, digits and single hyphens)")
    path = Path(text_file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    loaded = read_dataset(root)
    if loaded.dataset is None:
        raise DataError(loaded.problems)
    folder = read_folder(root)
    statements = folder.section("statements")
    coded = [r.data["quote"] for r in statements
             if r.data.get("document") == document and isinstance(r.data.get("quote"), str)]
    result = suggest_statements(text, loaded.dataset, document, coded, min_score=min_score)
    taken = {r.id for r in statements if r.id} | set(loaded.dataset.statements)
    written = suggestions_yaml(result, loaded.dataset, path, taken, stub)
    if result.new_document and any((stub or {}).values()):
        _check_stub(root, document, written, stub or {})
    return result, written


def _check_stub(root: Path, document: str, written: str, stub: dict[str, str | None]) -> None:
    """Refuse a stub field (``--title``, ``--kind``, ``--date``, ``--publisher``) that ``check`` would refuse.

    The folder's seed files (linked) and the suggestions file are read together by
    :func:`~stancegraph.graph.seeds.load.read_dataset` in a temporary folder, so each
    problem is worded exactly as ``check`` words it; only the new document's problems
    with a given field count (its statements still wait for review).

    Raises
    ------
    StubError
        Every refused field, by its option (``--date``: ``impossible date …``).
    """
    import os
    import tempfile

    from ..errors import shown
    from ..seeds.load import read_dataset, seed_files

    given = {field for field, value in stub.items() if value}
    label = f"document {shown(document)}"
    with tempfile.TemporaryDirectory(prefix="stancegraph-stub-") as tmp:
        for path in seed_files(root):
            os.symlink(path.resolve(), Path(tmp) / path.name)
        name = "zz-stancegraph-suggestions.yaml"
        while (Path(tmp) / name).exists():
            name = "z" + name
        (Path(tmp) / name).write_text(written, encoding="utf-8")
        problems = read_dataset(tmp).problems
    refused = {f"--{p.field}": p.message for p in problems
               if p.file == name and p.record == label and p.field in given}
    if refused:
        raise StubError(dict(sorted(refused.items())))
