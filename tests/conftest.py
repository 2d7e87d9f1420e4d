"""Shared fixtures: test datasets, the corpus, and the rule for optional real parts.

Real external parts (rapper, Chromium, Virtuoso) are used for real. When one is
missing, its tests skip — unless ``STANCEGRAPH_REQUIRE_ALL=1`` (as in CI), in which
case they fail, so CI can never pass with a part silently missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
MINI = DATA / "mini"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


def require_all() -> bool:
    """True when every real external part must be present (CI)."""
    return os.environ.get("STANCEGRAPH_REQUIRE_ALL", "") not in ("", "0", "false", "no")


def need(condition: bool, what: str) -> None:
    """Skip the test when ``condition`` is false, or fail under STANCEGRAPH_REQUIRE_ALL=1."""
    if condition:
        return
    if require_all():
        pytest.fail(f"{what} is required (STANCEGRAPH_REQUIRE_ALL=1) but missing")
    pytest.skip(f"{what} not available")


def need_executable(name: str) -> str:
    """Path of an executable on PATH, or skip/fail as :func:`need` says."""
    path = shutil.which(name)
    need(path is not None, f"executable '{name}'")
    return path


@pytest.fixture(scope="session")
def mini_seeds() -> Path:
    """A tiny valid dataset (3 people, 3 organisations, 4 concepts, 4 statements)."""
    return MINI / "seeds"


@pytest.fixture(scope="session")
def mini_corpus() -> Path:
    """The one source text of the tiny dataset."""
    return MINI / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The NHS corpus beside the checkout (../shared/corpus)."""
    need(SHARED_CORPUS.is_dir(), f"the corpus folder {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def nhs_dataset(corpus):
    """The embedded default dataset, loaded with quote verification."""
    from stancegraph.graph.seeds.load import load_dataset

    return load_dataset(corpus=corpus)


@pytest.fixture(scope="session")
def nhs_graph(nhs_dataset):
    """The RDF graph of the default dataset."""
    from stancegraph.graph.rdf.mapping import build_graph

    return build_graph(nhs_dataset)


@pytest.fixture(scope="session")
def mini_dataset(mini_seeds, mini_corpus):
    from stancegraph.graph.seeds.load import load_dataset

    return load_dataset(mini_seeds, corpus=mini_corpus)


@pytest.fixture(scope="session")
def mini_graph(mini_dataset):
    """The RDF graph of the tiny dataset."""
    from stancegraph.graph.rdf.mapping import build_graph

    return build_graph(mini_dataset)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """A folder kept after the run for artefacts (screenshots, exports): test-output/."""
    path = REPO / "test-output"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """One real Virtuoso server on loopback for the whole run (tests/virtuoso.py)."""
    from virtuoso import VirtuosoServer, find_virtuoso_ini

    executable = need_executable("virtuoso-t")
    isql = need_executable("isql-vt")
    ini = find_virtuoso_ini()
    need(ini is not None, "the virtuoso.ini installed by virtuoso-opensource")
    server = VirtuosoServer(executable, isql, ini, tmp_path_factory.mktemp("virtuoso"))
    with server:
        yield server


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium (via Playwright) for the whole run.

    Playwright's sync API allows one running instance per thread, so every browser
    test shares this one.
    """
    executable = need_executable("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        need(False, "the Python package playwright")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
