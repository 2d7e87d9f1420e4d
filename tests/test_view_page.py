"""The HTML view as a file: self-contained, escaped, deterministic, true to the network.

Browser behaviour is tested in test_view_browser.py; these tests read the page text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.seeds.load import load_dataset
from stancegraph.graph.networks import build_network
from stancegraph.graph.view import page_assets, render_network_html, render_view
from stancegraph.graph.view.layout import LARGE_GRAPH, compute_layout
from stancegraph.graph.view.records import node_statement_ids, safe_url
from view_data import PAYLOADS, write_hostile_dataset

URL = re.compile(r"https?://[^\s\"'<>)\\]+")


class _Page(HTMLParser):
    """Collects the elements of a page: tags with attributes, and script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def json_block(page: _Page, block_id: str):
    for attrs, text in page.scripts:
        if attrs.get("id") == block_id:
            assert attrs.get("type") == "application/json"
            return json.loads(text)
    raise AssertionError(f"no JSON block {block_id}")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return load_dataset(write_hostile_dataset(tmp_path_factory.mktemp("hostile")))


@pytest.fixture(scope="module")
def hostile_pages(hostile):
    return {view: render_view(hostile, view, "person") for view in ("twomode", "congruence", "conflict")}


@pytest.fixture(scope="module")
def nhs_page():
    dataset = load_dataset()
    return dataset, render_view(dataset)


def test_page_loads_nothing_from_anywhere(nhs_page):
    dataset, html = nhs_page
    page = parse(html)
    for tag, attrs in page.tags:
        for name in ("src", "srcset", "data", "poster", "background"):
            assert name not in attrs, (tag, attrs)
        if tag == "link":
            raise AssertionError(f"the page links an external resource: {attrs}")
    assert "@import" not in html
    assert not re.search(r"url\(\s*(?!['\"]?data:)", html), "a stylesheet url() that is not a data: URL"


def test_only_urls_are_license_notices_and_document_links(nhs_page):
    dataset, html = nhs_page
    assets = page_assets()
    rest = html.replace(assets.vis_js, "").replace(assets.vis_css, "")
    assert len(rest) < len(html) - len(assets.vis_js), "vis-network is not inlined verbatim"
    documents = {str(d.url) for d in dataset.documents.values() if d.url}
    data = json_block(parse(html), "sg-data")
    linked = {data["documents"][record["document"]]["url"] for record in data["statements"].values()} - {None}
    assert linked <= documents
    assert set(URL.findall(rest)) <= linked


def test_scripts_are_exactly_the_two_allowed_by_the_csp(nhs_page):
    _, html = nhs_page
    page = parse(html)
    executable = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 2
    csp = next(attrs["content"] for tag, attrs in page.tags
               if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    allowed = set(re.findall(r"'sha256-[^']+'", csp))
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in executable}
    assert hashes == allowed
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_counts_and_ids_match_the_network(nhs_page):
    dataset, html = nhs_page  # the default view: network's defaults (--unaffiliated drop)
    graph = build_network(dataset, "congruence", "organisation")
    page = parse(html)
    nodes, edges = json_block(page, "sg-vis-nodes"), json_block(page, "sg-vis-edges")
    assert sorted(n["id"] for n in nodes) == sorted(graph.nodes)
    assert sorted(tuple(sorted((e["from"], e["to"]))) for e in edges) == sorted(tuple(sorted(e)) for e in graph.edges)
    data = json_block(page, "sg-data")
    for edge in edges:
        assert data["edges"][edge["id"]]["statements"] == graph.edges[edge["from"], edge["to"]]["statements"]
    options = json_block(page, "sg-vis-options")
    assert options["physics"]["enabled"] is False and options["layout"]["improvedLayout"] is False
    assert all("x" in n and "y" in n for n in nodes)


def test_hostile_strings_stay_text(hostile, hostile_pages):
    for view, html in hostile_pages.items():
        page = parse(html)
        executable = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
        assert len(page.scripts) == 6, view  # four JSON blocks, vis-network and ours: none injected
        assert not any(tag in ("img", "svg", "iframe") for tag, _ in page.tags), view
        markup = html.replace(executable[0], "").replace(executable[1], "")
        for payload in PAYLOADS:
            if "<" in payload:
                assert payload not in markup, (view, payload)
        data = json_block(page, "sg-data")
        quotes = {r["quote"] for r in data["statements"].values()}
        assert quotes == {st.quote for st in hostile.statements.values() if st.id in data["statements"]}
        labels = {n["label"] for n in json_block(page, "sg-vis-nodes")}
        assert any(PAYLOADS[1] in label for label in labels)
        urls = {data["documents"][r["document"]]["url"] for r in data["statements"].values()}
        # HOSTILE_URLS, percent-encoded by pydantic: every link is an escaped http(s) link
        doc_urls = {str(d.url) for d in hostile.documents.values()}
        assert all(u.startswith(("https://example.org/", "http://example.org/")) for u in doc_urls)
        assert urls - {None} and urls <= {None} | doc_urls


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/x", "https://example.org/x"),
    ("HTTP://Example.org", "HTTP://Example.org"),
    ("javascript:alert(1)", None),
    ("javascript://example.org/%0aalert(1)", None),
    ("data:text/html,<b>", None),
    ("https:///no-host", None),
    (None, None),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_render_is_deterministic(mini_dataset):
    first = render_view(mini_dataset, "twomode", "person")
    assert render_view(mini_dataset, "twomode", "person") == first


def test_node_statements_are_the_nodes_own(mini_dataset):
    graph = build_network(mini_dataset, "conflict", "organisation", unaffiliated="person")
    own = node_statement_ids(graph, mini_dataset)
    # Ann Smith speaks for the co-op in smith-coops: at organisation level only her
    # unaffiliated statement is hers.
    assert own["ann-smith"] == ["smith-privatisation"]
    assert own["blue-party"] == ["blue-privatisation"]
    graph = build_network(mini_dataset, "twomode", "person")
    own = node_statement_ids(graph, mini_dataset)
    assert own["ann-smith"] == ["smith-coops", "smith-privatisation"]
    assert own["privatisation"] == ["smith-privatisation"]


def test_large_layout_is_deterministic_and_spread():
    import networkx as nx

    graph = nx.gnm_random_graph(LARGE_GRAPH + 200, 3000, seed=3)
    first = compute_layout(graph, seed=5)
    assert compute_layout(graph, seed=5) == first
    assert compute_layout(graph, seed=6) != first
    assert len(set(first.values())) >= 0.99 * graph.number_of_nodes()


def test_edges_naming_unknown_statements_are_refused(mini_dataset):
    from stancegraph.graph.errors import UsageError

    graph = build_network(mini_dataset, "twomode", "person")
    u, v = next(iter(graph.edges))
    graph.edges[u, v]["statements"] = ["no-such-statement"]
    with pytest.raises(UsageError, match="no-such-statement"):
        render_network_html(graph, mini_dataset)


def test_cli_render_writes_the_page(tmp_path, mini_seeds):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["render", str(mini_seeds), "--view", "twomode", "--level", "person",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.output
    nodes = json_block(parse(out.read_text(encoding="utf-8")), "sg-vis-nodes")
    assert {n["id"] for n in nodes} == set(build_network(load_dataset(mini_seeds), "twomode", "person"))


def test_cli_render_refuses_a_bad_date(tmp_path, mini_seeds):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["render", str(mini_seeds), "--from", "2020-13", "-o", str(out)])
    assert result.exit_code == 2
    assert "not a date" in result.output
    assert not out.exists()


def test_build_writes_the_view_unless_asked_not_to(tmp_path, mini_seeds):
    from stancegraph.graph.pipeline import HTML_VIEW_NAME, build

    result = build(mini_seeds, tmp_path / "with")
    assert result.outputs[HTML_VIEW_NAME].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = build(mini_seeds, tmp_path / "without", html=False)
    assert HTML_VIEW_NAME not in result.outputs
    assert not (tmp_path / "without" / HTML_VIEW_NAME).exists()
