"""The HTML view fits its drawing, labels included, to the window it opens in (tester item C19): every
node's drawn box (shape and label, as chromium measured them) lies inside the canvas at 1200×800 and
1600×1000, for each view of the NHS data. Debian chromium through Playwright (see test_view_browser.py;
under STANCEGRAPH_REQUIRE_ALL=1 a missing browser fails)."""

from __future__ import annotations

import pytest

from stancegraph.graph.seeds.load import load_dataset
from stancegraph.graph.view import render_view
from test_view_browser import BOXES_OUTSIDE

pytestmark = pytest.mark.browser

INSIDE_MARGIN = """() => {
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    for (const n of Object.values(network.body.nodes)) {
        if (n.options.hidden) continue;
        const bb = n.shape.boundingBox;
        const a = network.canvasToDOM({x: bb.left, y: bb.top}), b = network.canvasToDOM({x: bb.right, y: bb.bottom});
        left = Math.min(left, a.x); top = Math.min(top, a.y); right = Math.max(right, b.x); bottom = Math.max(bottom, b.y);
    }
    return [left, top, box.width - right, box.height - bottom, box.width, box.height];
}"""
"""The gaps between the drawing (every visible node's shape and label) and the canvas's four edges."""


@pytest.fixture(scope="module")
def nhs():
    return load_dataset()


@pytest.mark.parametrize("size", [(1200, 800), (1600, 1000), (1024, 700)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", ["congruence", "twomode"])
def test_the_drawing_fits_the_window_it_opens_in(browser, tmp_path, nhs, size, view):
    path = tmp_path / f"{view}.html"
    path.write_text(render_view(nhs, view), encoding="utf-8")
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("document.documentElement.dataset.sgReady === 'true'", timeout=30_000)
        page.wait_for_timeout(100)
        assert page.evaluate(BOXES_OUTSIDE) == []
        left, top, right, bottom, width, height = page.evaluate(INSIDE_MARGIN)
        assert min(left, top, right, bottom) >= 0
        # fitted, not shrunk: the drawing reaches near two opposite edges
        assert min(left, right) < 0.1 * width or min(top, bottom) < 0.1 * height
    finally:
        context.close()
