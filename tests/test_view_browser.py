"""The HTML view in a real browser: Debian's chromium, headless, driven by Playwright.

No browser is downloaded: Playwright is pointed at the system ``chromium``. Without
it these tests skip, or fail under STANCEGRAPH_REQUIRE_ALL=1 (CI). Every page is
opened from ``file://`` with every non-file request recorded (there must be none).
"""

from __future__ import annotations

import pytest

from stancegraph.graph.seeds.load import load_dataset
from stancegraph.graph.networks import build_network
from stancegraph.graph.view import render_view
from view_data import write_hostile_dataset

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1400, "height": 860}


class OpenPage:
    """A page opened from disk, with its console errors and outgoing requests."""

    def __init__(self, browser, path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: r.url.startswith("file://") or self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("document.documentElement.dataset.sgReady === 'true'", timeout=30_000)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def visible(self, what: str) -> set[str]:
        return set(self.js(f"network.body.data.{what}.get({{filter: x => !x.hidden}}).map(x => String(x.id))"))

    def screen_point(self, node_ids):
        """Page coordinates of the mean canvas position of ``node_ids``."""
        return self.js("""(ids) => {
            const pos = network.getPositions(ids);
            const x = ids.reduce((s, id) => s + pos[id].x, 0) / ids.length;
            const y = ids.reduce((s, id) => s + pos[id].y, 0) / ids.length;
            const dom = network.canvasToDOM({x, y});
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""", list(node_ids))

    def click_at(self, node_ids):
        x, y = self.screen_point(node_ids)
        self.page.mouse.click(x, y)

    def panel_quotes(self) -> list[str]:
        return self.js("[...document.querySelectorAll('#sg-panel .sg-quote')].map(q => q.textContent)")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return tmp_path_factory.mktemp("views")


@pytest.fixture(scope="module")
def mini(mini_seeds):
    return load_dataset(mini_seeds)


def _write(folder, name, html):
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path


def test_nhs_view_opens_offline_settled_and_complete(browser, pages, output_dir):
    dataset = load_dataset()
    graph = build_network(dataset, "congruence", "organisation")  # the default view: network's defaults
    opened = OpenPage(browser, _write(pages, "nhs.html", render_view(dataset)))
    try:
        assert opened.js("[network.body.data.nodes.length, network.body.data.edges.length]") == [
            graph.number_of_nodes(), graph.number_of_edges()]
        assert opened.visible("nodes") == set(graph.nodes)
        before = opened.js("network.getPositions()")
        opened.page.wait_for_timeout(300)
        assert opened.js("network.getPositions()") == before, "nodes moved after the page opened"
        opened.page.screenshot(path=str(output_dir / "network-view-nhs.png"))
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.close()


def test_clicking_a_tie_shows_its_quotes(browser, pages, mini):
    graph = build_network(mini, "twomode", "person")
    opened = OpenPage(browser, _write(pages, "mini-twomode.html", render_view(mini, "twomode", "person")))
    try:
        for u, v, data in graph.edges(data=True):
            opened.click_at([u, v])
            assert opened.js("network.getSelectedEdges().length") == 1
            edge_id = opened.js("network.getSelectedEdges()[0]")
            assert {opened.js(f"network.body.data.edges.get('{edge_id}').from"),
                    opened.js(f"network.body.data.edges.get('{edge_id}').to")} == {u, v}
            expected = sorted(mini.statements[s].quote for s in data["statements"])
            assert sorted(opened.panel_quotes()) == expected
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.close()


def test_clicking_a_node_shows_its_statements_with_their_sources(browser, pages, mini):
    opened = OpenPage(browser, _write(pages, "mini-conflict.html",
                                      render_view(mini, "conflict", "organisation", unaffiliated="person")))
    try:
        opened.click_at(["blue-party"])
        assert opened.js("network.getSelectedNodes()") == ["blue-party"]
        tied = "[...document.querySelectorAll('#sg-panel > .sg-statements:not(#sg-untied-list) .sg-quote')]"
        assert opened.js(tied + ".map(q => q.textContent)") == [mini.statements["blue-privatisation"].quote]
        # The node counts 2 statements; bob-jones's mixed one on markets is behind no conflict tie:
        # the panel says so and shows it on request.
        assert opened.js("document.querySelector('#sg-panel .sg-note').textContent") == "party · 2 statements"
        assert opened.js("document.getElementById('sg-panel-count').textContent") == "1 statement behind its drawn ties"
        untied = opened.js("document.getElementById('sg-panel-untied').firstChild.textContent")
        assert untied.startswith("1 statement is behind no drawn tie")
        assert opened.js("document.getElementById('sg-untied-list').hidden") is True
        opened.page.click("#sg-show-untied")
        assert opened.js("[...document.querySelectorAll('#sg-untied-list .sg-quote')].map(q => q.textContent)") == [
            mini.statements["jones-markets"].quote]
        assert opened.js("document.getElementById('sg-untied-list').hidden") is False
        source = opened.js("document.querySelector('#sg-panel .sg-source').textContent")
        assert "Co-ops for all, says Smith" in source and "The Herald" in source and "2020-03-01" in source
        assert opened.js("document.querySelector('#sg-panel .sg-who').textContent") == "— Blue Party (reported)"
    finally:
        opened.close()


def test_filters_hide_what_they_should(browser, pages, mini):
    opened = OpenPage(browser, _write(pages, "mini-filters.html",
                                      render_view(mini, "twomode", "organisation", unaffiliated="person")))
    try:
        full = build_network(mini, "twomode", "organisation", unaffiliated="person")
        assert opened.visible("nodes") == set(full.nodes)
        # Concept "markets" keeps its narrower "privatisation": three statements.
        opened.page.select_option("#sg-filter-concept", "markets")
        kept = [s for s in mini.statements.values() if s.concept in ("markets", "privatisation")]
        actors = {s.organisation or s.speaker for s in kept}
        assert opened.visible("nodes") == actors | {"markets", "privatisation"}
        # Stance: without "support", the support ties disappear.
        opened.page.uncheck("#sg-filter-stance input[value=support]")
        shown = opened.visible("edges")
        stances = {e: opened.js(f"stancegraph.data.edges['{e}'].stance") for e in shown}
        assert shown and set(stances.values()) <= {"oppose", "mixed"}
        # Actor kind: without parties, Blue Party and its ties go.
        opened.page.click("#sg-reset")
        assert opened.visible("nodes") == set(full.nodes)
        opened.page.uncheck("#sg-filter-kind input[value='org:party']")
        assert "blue-party" not in opened.visible("nodes")
        assert all("blue-party" not in (opened.js(f"network.body.data.edges.get('{e}').from"),
                                        opened.js(f"network.body.data.edges.get('{e}').to"))
                   for e in opened.visible("edges"))
        # Date: a range before every statement hides everything.
        opened.page.click("#sg-reset")
        opened.page.fill("#sg-filter-to", "2019-12-31")
        opened.page.dispatch_event("#sg-filter-to", "change")
        assert opened.visible("nodes") == set() and opened.visible("edges") == set()
        assert opened.js("document.getElementById('sg-status').dataset.visibleNodes") == "0"
        assert opened.errors == []
    finally:
        opened.close()


def test_search_finds_and_focuses_an_actor(browser, pages, mini):
    opened = OpenPage(browser, _write(pages, "mini-search.html", render_view(mini, "twomode", "person")))
    try:
        opened.page.fill("#sg-search", "smith")
        opened.page.press("#sg-search", "Enter")
        assert opened.js("network.getSelectedNodes()") == ["ann-smith"]
        assert "Ann Smith" in opened.js("document.querySelector('#sg-panel h2').textContent")
        opened.page.fill("#sg-search", "nobody at all")
        opened.page.press("#sg-search", "Enter")
        assert "No actor matches" in opened.js("document.getElementById('sg-search-result').textContent")
    finally:
        opened.close()


def test_hostile_dataset_runs_no_script(browser, pages, tmp_path, output_dir):
    dataset = load_dataset(write_hostile_dataset(tmp_path / "hostile"))
    for view in ("twomode", "congruence"):
        graph = build_network(dataset, view, "person")
        opened = OpenPage(browser, _write(pages, f"hostile-{view}.html", render_view(dataset, view, "person")))
        try:
            for node in graph.nodes:  # hover (tooltip) and click (panel) every node
                x, y = opened.screen_point([node])
                opened.page.mouse.move(x, y)
                opened.page.wait_for_timeout(200)
                opened.page.mouse.click(x, y)
            for u, v in graph.edges:
                opened.click_at([u, v])
                assert opened.panel_quotes(), (u, v)
            links = opened.js("[...document.querySelectorAll('#sg-panel a')].map(a => a.href)")
            assert all(link.startswith(("https://example.org/", "http://example.org/")) for link in links)
            opened.page.fill("#sg-search", "<img src=x onerror=alert(9)>")
            opened.page.press("#sg-search", "Enter")
            opened.page.select_option("#sg-filter-concept", "child")
            if view == "twomode":
                opened.page.screenshot(path=str(output_dir / "network-view-hostile.png"))
            assert opened.js("window.__pwned === undefined && !document.querySelector('#sg-panel img, svg, iframe')")
            assert opened.dialogs == []
            assert opened.errors == [] and opened.requests == []
        finally:
            opened.close()


OVERLAPPING_BOXES = """() => {
    const nodes = Object.values(network.body.nodes).filter(n => !n.options.hidden);
    const pairs = [];
    for (let a = 0; a < nodes.length; a++) for (let b = a + 1; b < nodes.length; b++) {
        const p = nodes[a].shape.boundingBox, q = nodes[b].shape.boundingBox;
        const ox = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const oy = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (ox > 1 && oy > 1) pairs.push([nodes[a].id, nodes[b].id]);
    }
    return pairs;
}"""
"""Pairs of nodes whose drawn boxes (shape and label, as chromium measured them) overlap."""

BOXES_OUTSIDE = """() => {
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    return Object.values(network.body.nodes).filter(n => {
        const bb = n.shape.boundingBox;
        const a = network.canvasToDOM({x: bb.left, y: bb.top}), b = network.canvasToDOM({x: bb.right, y: bb.bottom});
        return a.x < 0 || a.y < 0 || b.x > box.width || b.y > box.height;
    }).map(n => n.id);
}"""


@pytest.mark.parametrize("view", ["congruence", "twomode"])
def test_nhs_view_fits_the_canvas_with_no_label_on_another(browser, pages, output_dir, view):
    dataset = load_dataset()
    opened = OpenPage(browser, _write(pages, f"nhs-legible-{view}.html", render_view(dataset, view)))
    try:
        assert opened.js(BOXES_OUTSIDE) == []
        assert opened.js(OVERLAPPING_BOXES) == []
        # Fitted, not shrunk to a dot: the network fills most of the canvas.
        width, height = opened.js("""() => {
            const pos = Object.values(network.getPositions()).map(p => network.canvasToDOM(p));
            const xs = pos.map(p => p.x), ys = pos.map(p => p.y);
            return [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
        }""")
        canvas = opened.js("[document.getElementById('mynetwork').clientWidth, "
                           "document.getElementById('mynetwork').clientHeight]")
        assert width > 0.6 * canvas[0] or height > 0.6 * canvas[1]
        if view == "twomode":
            opened.page.screenshot(path=str(output_dir / "network-view-nhs-twomode.png"))
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.close()


def test_date_filter_explains_its_range(browser, pages):
    dataset = load_dataset()
    opened = OpenPage(browser, _write(pages, "nhs-dates.html", render_view(dataset)))
    try:
        records = opened.js("Object.values(stancegraph.data.statements).map(s => [s.from, s.to])")
        first_year = min(start for start, _ in records)[:4]
        spans = opened.js("document.getElementById('sg-date-spans').textContent")
        assert spans.startswith("Statements by year: " + first_year)
        assert sum(int(part.rsplit(":", 1)[1]) for part in spans.split(": ", 1)[1].split(" · ")) == len(records)
        assert opened.js("document.getElementById('sg-date-count').dataset.inRange") == str(len(records))
        opened.page.fill("#sg-filter-from", "2010-01-01")
        opened.page.dispatch_event("#sg-filter-from", "change")
        expected = sum(1 for _, end in records if end >= "2010-01-01")
        assert opened.js("document.getElementById('sg-date-count').dataset.inRange") == str(expected)
        assert opened.js("document.getElementById('sg-date-count').textContent").startswith(
            f"{expected} of {len(records)} statements")
    finally:
        opened.close()
