"""Large networks in the HTML view: the strongest ties, a few quotes per tie, said visibly.

The synthetic dataset: organisations ``o1`` … ``o8`` all support one concept, ``ok``
making ``k`` statements, each on its own day, so the congruence tie ``oi``–``oj``
weighs ``i × j`` (DNA multiplies counts) and is backed by ``i + j`` statements.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.seeds.load import load_dataset
from stancegraph.graph.networks import build_network
from stancegraph.graph.view import DEFAULT_MAX_EDGES, DEFAULT_MAX_QUOTES, render_view, strongest_ties

ORGS = 8
CAP = 6
QUOTES = 4


def _day(org: int, number: int) -> dt.date:
    return dt.date(2011, 1, 1) + dt.timedelta(days=org * 40 + number * 3)


def write_star_dataset(folder):
    records = {
        "dataset": {"id": "star", "title": "Eight organisations agreeing", "base_iri": "https://example.org/star/",
                    "version": "1"},
        "documents": [], "people": [],
        "organisations": [{"id": f"o{k}", "name": f"Organisation {k}", "kind": "charity"}
                          for k in range(1, ORGS + 1)],
        "concepts": [{"id": "topic", "label": "The topic", "definition": "What everyone talks about."}],
        "statements": [],
    }
    for k in range(1, ORGS + 1):
        for n in range(k):
            doc = f"doc-{k}-{n}"
            records["documents"].append({"id": doc, "title": f"Report {k}.{n}", "kind": "report",
                                         "date": _day(k, n).isoformat(), "url": f"https://example.org/{doc}"})
            records["statements"].append({"id": f"s-{k}-{n}", "organisation": f"o{k}", "concept": "topic",
                                          "stance": "support", "quote": f"Quote {n} of organisation {k}.",
                                          "document": doc, "attribution": "direct"})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "star.yaml").write_text(yaml.safe_dump(records, sort_keys=False), encoding="utf-8")
    return folder


def expected_ties(graph: nx.Graph, cap: int) -> tuple[set, set]:
    """The documented rule, computed naively: top ``cap`` by |weight| then ids, plus each node's best."""
    def key(edge):
        u, v = sorted(edge)
        return (-abs(graph.edges[edge]["weight"]), u, v)

    ranked = sorted(graph.edges, key=key)
    top = {frozenset(e) for e in ranked[:cap]}
    covered = set().union(*top)
    added = {frozenset(min(graph.edges(node), key=key)) for node in graph if node not in covered and graph.degree(node)}
    return top, added


def json_block(html: str, block_id: str):
    match = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def star(tmp_path_factory):
    return load_dataset(write_star_dataset(tmp_path_factory.mktemp("star")))


@pytest.fixture(scope="module")
def star_graph(star):
    return build_network(star, "congruence", "organisation")


@pytest.fixture(scope="module")
def capped_html(star):
    return render_view(star, max_edges=CAP, max_quotes=QUOTES)


def test_strongest_ties_follow_the_rule_and_keep_every_node(star_graph):
    top, added = expected_ties(star_graph, CAP)
    selection = strongest_ties(star_graph, CAP)
    kept = [frozenset(e) for e in selection.edges]
    assert set(kept[:CAP]) == top and set(kept[CAP:]) == added
    assert selection.total == star_graph.number_of_edges() == ORGS * (ORGS - 1) // 2
    assert selection.added == len(added) > 0 and selection.capped
    assert set().union(*kept) == set(star_graph)  # no node left without a tie
    assert strongest_ties(star_graph, CAP).edges == selection.edges  # deterministic
    assert not strongest_ties(star_graph, 0).capped
    assert not strongest_ties(star_graph, star_graph.number_of_edges()).capped


def test_capped_page_draws_the_kept_ties_and_says_so(star, star_graph, capped_html):
    top, added = expected_ties(star_graph, CAP)
    edges = json_block(capped_html, "sg-vis-edges")
    assert {frozenset((e["from"], e["to"])) for e in edges} == top | added
    assert {n["id"] for n in json_block(capped_html, "sg-vis-nodes")} == set(star_graph)
    total = star_graph.number_of_edges()
    assert (f"Showing the {CAP} strongest of {total} ties, and {len(added)} more ties so that every actor keeps "
            f"its strongest tie (--max-edges {CAP}).") in capped_html
    data = json_block(capped_html, "sg-data")
    assert data["cap"]["shownEdges"] == len(edges) and data["cap"]["totalEdges"] == total


def test_capped_tie_ships_its_most_recent_statements_and_counts_the_rest(star, star_graph, capped_html):
    data = json_block(capped_html, "sg-data")
    ends = {frozenset((e["from"], e["to"])): e["id"] for e in json_block(capped_html, "sg-vis-edges")}
    for pair, edge_id in ends.items():
        info = data["edges"][edge_id]
        behind = list(star_graph.edges[tuple(pair)]["statements"])
        by_recency = sorted(behind, key=lambda s: (star.statement_date(star.statements[s]).earliest, s), reverse=True)
        if len(behind) > QUOTES:
            assert sorted(info["statements"]) == sorted(by_recency[:QUOTES])
            assert info["more"] == len(behind) - QUOTES
            assert info["profile"]["stances"] == ["support"]
        else:
            assert info["statements"] == behind and "more" not in info
    shipped = {s for part in ("edges", "nodes") for info in data[part].values()
               for s in [*info["statements"], *info.get("untied", ())]}
    assert set(data["statements"]) == shipped  # records only for statements some tie or node ships
    assert len(shipped) < len(star.statements)
    assert {r["document"] for r in data["statements"].values()} == set(data["documents"])
    assert all("url" not in r for r in data["statements"].values())
    assert data["explain"] == "stancegraph network --type congruence --level organisation --explain"


def test_uncapped_pages_ship_everything(star, star_graph, mini_dataset):
    html = render_view(star, max_edges=0, max_quotes=0)
    data = json_block(html, "sg-data")
    assert len(json_block(html, "sg-vis-edges")) == star_graph.number_of_edges()
    assert data["cap"] is None and 'id="sg-cap-notice"' not in html
    assert set(data["statements"]) == set(star.statements)
    for view in ("congruence", "twomode"):  # the NHS pages are far below the default caps
        nhs = load_dataset()
        page = render_view(nhs, view)
        assert json_block(page, "sg-data")["cap"] is None and 'id="sg-cap-notice"' not in page


def test_cli_caps_and_refuses_a_negative_cap(tmp_path, mini_seeds):
    star_dir = write_star_dataset(tmp_path / "star")
    out = tmp_path / "star.html"
    result = CliRunner().invoke(cli, ["render", str(star_dir), "--max-edges", str(CAP), "--max-quotes", "3",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert f"Showing the {CAP} strongest of" in html
    assert json_block(html, "sg-data")["explain"].startswith(f"stancegraph network {star_dir} --type congruence")
    result = CliRunner().invoke(cli, ["render", str(mini_seeds), "--max-edges", "-1", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "--max-edges" in result.output
    assert not (tmp_path / "x.html").exists()
    defaults = {p.name: p.default for p in cli.commands["render"].params}
    assert (defaults["max_edges"], defaults["max_quotes"]) == (DEFAULT_MAX_EDGES, DEFAULT_MAX_QUOTES)


# --- in the browser -------------------------------------------------------------------


@pytest.mark.browser
def test_browser_shows_the_notice_the_kept_ties_and_the_more_line(browser, tmp_path, star, star_graph, capped_html):
    from test_view_browser import OpenPage

    path = tmp_path / "capped.html"
    path.write_text(capped_html, encoding="utf-8")
    top, added = expected_ties(star_graph, CAP)
    opened = OpenPage(browser, path)
    try:
        assert opened.page.is_visible("#sg-cap-notice")
        assert opened.js("document.getElementById('sg-ties-notice').textContent").startswith(
            f"Showing the {CAP} strongest of {star_graph.number_of_edges()} ties")
        assert opened.js("network.body.data.edges.length") == CAP + len(added)
        # Click the strongest tie (o7–o8: 15 statements) somewhere along its line.
        edge_id = opened.js("network.body.data.edges.get().find(e => [e.from, e.to].sort().join() === 'o7,o8').id")
        for fraction in (0.5, 0.35, 0.65, 0.2, 0.8):
            x, y = opened.js("""([f]) => {
                const p = network.getPositions(['o7', 'o8']);
                const dom = network.canvasToDOM({x: p.o7.x + f * (p.o8.x - p.o7.x), y: p.o7.y + f * (p.o8.y - p.o7.y)});
                const box = document.getElementById('mynetwork').getBoundingClientRect();
                return [box.left + dom.x, box.top + dom.y];
            }""", [fraction])
            opened.page.mouse.click(x, y)
            if opened.js("network.getSelectedEdges()") == [edge_id]:
                break
        assert opened.js("network.getSelectedEdges()") == [edge_id]
        behind = list(star_graph.edges["o7", "o8"]["statements"])
        recent = sorted(behind, key=lambda s: star.statement_date(star.statements[s]).earliest)[-QUOTES:]
        assert sorted(opened.panel_quotes()) == sorted(star.statements[s].quote for s in recent)
        more = opened.js("document.getElementById('sg-panel-more').textContent")
        assert more == (f"and {len(behind) - QUOTES} more statements not on this page — see stancegraph network "
                        "--type congruence --level organisation --explain o7 o8")
        # A date range from o7's first statement to o8's first: none of the tie's shipped
        # (most recent) quotes nor o8's is in it, but the tie and o8 stay, by their
        # profiles of all their statements.
        opened.page.fill("#sg-filter-from", _day(7, 0).isoformat())
        opened.page.fill("#sg-filter-to", _day(8, 0).isoformat())
        opened.page.dispatch_event("#sg-filter-to", "change")
        assert edge_id in opened.visible("edges") and {"o7", "o8"} <= opened.visible("nodes")
        assert "o1" not in opened.visible("nodes")
        assert opened.panel_quotes() == []  # the shipped quotes are all outside the range
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.close()


@pytest.mark.parametrize("name", ["stancegraph.graph.view.capping", "stancegraph.graph.view.records",
                                  "stancegraph.graph.view.views"])
def test_docstring_examples_of_the_view_modules(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
