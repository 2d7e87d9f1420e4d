"""Notebook 02 really shows its network inline: the iframe's page works offline in Chromium.

nbmake only proves that the notebooks run. This test executes
``notebooks/02-discourse-networks.ipynb`` once more with nbclient, takes the HTML
output that embeds the view (``<iframe srcdoc=…>``) as a notebook front end would
show it, and opens it in headless Chromium: the network inside the frame must be
drawn with the node count the notebook printed, with no console error and no
request leaving the file.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = REPO / "notebooks" / "02-discourse-networks.ipynb"


@pytest.fixture(scope="module")
def executed():
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return notebook


def outputs(notebook, mimetype):
    return [o["data"][mimetype] for c in notebook.cells for o in c.get("outputs", []) if mimetype in o.get("data", {})]


def test_paper_figures_are_displayed(executed):
    figures = outputs(executed, "image/svg+xml")
    assert len(figures) == 3  # congruence networks of both periods, and polarisation over time
    assert all("Congruence network of organisations" in svg for svg in figures[:2])
    assert "Leifeld polarisation" in figures[2] and "modularity of the congruence coalitions" in figures[2]


def test_inline_view_draws_offline_in_chromium(executed, tmp_path, browser):
    frames = [h for h in outputs(executed, "text/html") if "<iframe srcdoc=" in h]
    assert len(frames) == 1
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    nodes = int(re.search(r"kB, (\d+) nodes, no external resources", printed).group(1))
    page_path = tmp_path / "notebook-output.html"
    page_path.write_text(f"<!doctype html><html><body>{frames[0]}</body></html>", encoding="utf-8")

    errors, requests = [], []
    page = browser.new_page()
    try:
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: r.url.startswith(("file:", "about:", "data:")) or requests.append(r.url))
        page.goto(page_path.as_uri())
        page.wait_for_function("() => window.frames.length === 1")
        frame = page.frames[1]
        frame.wait_for_function("document.documentElement.dataset.sgReady === 'true'", timeout=30_000)
        drawn = frame.evaluate("network.body.data.nodes.length")
    finally:
        page.close()
    assert (drawn, errors, requests) == (nodes, [], [])
