"""The committed notebooks: no outputs, public API only, listed in the README.

The notebooks themselves are executed by nbmake (``--nbmake`` in pytest.ini); these
tests keep what is committed clean: outputs and execution counts stripped (so diffs
show code, and nothing from one machine's run is frozen in git), imports only from
the public API (names in each module's ``__all__``), and a README line for each.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import nbformat
import pytest

from conftest import REPO

NOTEBOOKS = REPO / "notebooks"
EXPECTED = ("01-who-stands-where.ipynb", "02-discourse-networks.ipynb", "03-export-and-reuse.ipynb")
SKIP_DIRS = {".venv", ".git", "build", "dist", "node_modules", ".ipynb_checkpoints", "test-output", "out"}


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def dirt(notebook) -> list[str]:
    """Everything in ``notebook`` that a stripped notebook must not have, one line each."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {index}: {len(cell.outputs)} output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"cell {index}: execution_count {cell.execution_count}")
    if "widgets" in notebook.metadata:
        found.append("metadata: widget state")
    return found


def private_imports(notebook) -> list[str]:
    """``from stancegraph… import name`` where ``name`` is not in that module's ``__all__``."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stancegraph"):
                public = getattr(importlib.import_module(node.module), "__all__", ())
                found += [f"cell {index}: {node.module}.{a.name}" for a in node.names if a.name not in public]
    return found


def test_the_three_notebooks_exist():
    assert [p.name for p in notebook_paths()] == list(EXPECTED)


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert dirt(notebook) == [], f"strip outputs of {path.name}"


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_imports_only_public_api(path):
    assert private_imports(nbformat.read(path, as_version=4)) == []


def test_dirt_finds_outputs_and_counts():
    cell = nbformat.v4.new_code_cell("print(1)", execution_count=3)
    cell.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), cell])
    assert dirt(notebook) == ["cell 1: 1 output(s)", "cell 1: execution_count 3"]


def test_private_imports_are_found():
    cell = nbformat.v4.new_code_cell(
        "from stancegraph.graph.sparql.engine import evaluate, _walk\nfrom stancegraph.graph.rdf.export import RdfFormat"
    )
    assert private_imports(nbformat.v4.new_notebook(cells=[cell])) == ["cell 0: stancegraph.graph.sparql.engine._walk"]


def test_only_notebooks_folder_holds_notebooks():
    """nbmake executes every collected *.ipynb: keep them all in notebooks/."""
    stray = []
    for path in REPO.rglob("*.ipynb"):
        parts = path.relative_to(REPO).parts
        if parts[0] != "notebooks" and not SKIP_DIRS.intersection(parts):
            stray.append(str(path.relative_to(REPO)))
    assert stray == []


def test_readme_links_every_notebook():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Notebooks", 1)[1].split("\n## ", 1)[0] if "## Notebooks" in readme else ""
    missing = [name for name in EXPECTED if f"notebooks/{name}" not in section]
    assert missing == [], "add a line per notebook to the README's Notebooks section"
