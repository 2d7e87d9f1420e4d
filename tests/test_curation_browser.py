"""The coding page in a real browser (Playwright + Debian chromium, as tests/test_view_browser.py).

A passage is selected with the mouse, the form filled and saved; the seed file must
change by exactly the new record and pass ``check --corpus``. An invalid save shows
``check``'s message beside the field and writes nothing; a cross-site POST writes
nothing; hostile strings stay text.
"""

from __future__ import annotations

import difflib
import shutil
import threading
import time

import pytest
import yaml

from stancegraph.graph.curation.annotate import AnnotateSettings, create_app
from stancegraph.graph.pipeline import check
from view_data import PAYLOADS, write_hostile_dataset

pytestmark = pytest.mark.browser

DOC = "herald-2020-03-01"


class Server:
    """The coding page on a free loopback port, in a thread."""

    def __init__(self, seeds, corpus):
        import uvicorn

        self.settings = AnnotateSettings(seeds, corpus)
        config = uvicorn.Config(create_app(self.settings), host="127.0.0.1", port=0, log_level="warning",
                                lifespan="off")
        self.uv = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.uv.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.uv.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.uv.servers[0].sockets[0].getsockname()[1]}"

    def close(self):
        self.uv.should_exit = True
        self.thread.join(10)


@pytest.fixture
def coding(tmp_path, mini_seeds, mini_corpus, browser):
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    shutil.copytree(mini_seeds, seeds)
    shutil.copytree(mini_corpus, corpus)
    server = Server(seeds, corpus)
    page = Page(browser, server.url)
    yield server, page, seeds, corpus
    page.close()
    server.close()


class Page:
    def __init__(self, browser, url):
        self.url = url
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 860})
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: r.url.startswith(url) or self.foreign.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url + "/")
        # selectors, not wait_for_function: the page's CSP (rightly) refuses the eval it needs
        self.page.wait_for_selector("html[data-sg-ready='true']", state="attached", timeout=30_000)

    def open(self, doc_id):
        self.page.click(f"#sg-doc-list button[data-doc='{doc_id}']")
        self.page.wait_for_selector(f"html[data-sg-document='{doc_id}']", state="attached")

    def select(self, passage: str):
        """Drag the mouse over ``passage`` in the text, from its first to its last character."""
        start, end = self.page.evaluate("""(passage) => {
            const root = document.getElementById('sg-text');
            const full = root.textContent, at = full.indexOf(passage);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const nodes = [];
            let offset = 0;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, offset]); offset += n.length; }
            const rectOf = (i) => {
                const [node, base] = nodes.filter(([n, b]) => b <= i && i < b + n.length)[0];
                const range = document.createRange();
                range.setStart(node, i - base); range.setEnd(node, i - base + 1);
                const r = range.getBoundingClientRect();
                return [r.left, r.right, (r.top + r.bottom) / 2];
            };
            const first = rectOf(at), last = rectOf(at + passage.length - 1);
            return [[first[0] + 1, first[2]], [last[1] - 1, last[2]]];
        }""", passage)
        self.page.mouse.move(*start)
        self.page.mouse.down()
        self.page.mouse.move(*end, steps=8)
        self.page.mouse.up()

    def fill_and_save(self, **fields):
        for name, value in fields.items():
            selector = f"#f-{name}"
            if name in ("stance", "attribution"):
                self.page.select_option(selector, value)
            else:
                self.page.fill(selector, value)
                self.page.dispatch_event(selector, "change")
        self.page.click("#sg-save")

    def close(self):
        self.context.close()


def _diff(old: str, new: str):
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0))
    return ([line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")],
            [line for line in lines if line.startswith("-") and not line.startswith("---")])


def test_select_a_passage_fill_the_form_and_save(coding, output_dir):
    server, page, seeds, corpus = coding
    old = (seeds / "records.yaml").read_text(encoding="utf-8")
    page.open(DOC)
    assert page.page.locator("#sg-text .sg-hl").count() == 4
    passage = "Bob Jones of the Blue Party said the market"  # ends inside jones-markets' highlight
    page.select(passage)
    assert page.page.input_value("#f-quote") == passage
    page.fill_and_save(speaker="Bob Jones", organisation="blue-party", concept="cooperatives",
                       stance="oppose", attribution="reported")
    page.page.wait_for_selector("html[data-sg-saved='1']", state="attached")
    added, removed = _diff(old, (seeds / "records.yaml").read_text(encoding="utf-8"))
    assert removed == []
    assert added == [
        "  - id: herald-2020-jones-cooperatives",
        "    speaker: bob-jones",
        "    organisation: blue-party",
        "    concept: cooperatives",
        "    stance: oppose",
        f"    quote: '{passage}'",
        f"    document: {DOC}",
        "    attribution: reported",
    ]
    assert check(seeds, corpus).problems == []
    assert page.page.locator("#sg-text .sg-hl").count() > 4  # the new statement is highlighted
    assert "Saved: records.yaml" in page.page.text_content("#sg-status")
    page.page.screenshot(path=str(output_dir / "coding-page-mini.png"))
    assert page.errors == [] and page.foreign == []


def test_an_invalid_save_shows_the_error_beside_the_field_and_writes_nothing(coding):
    server, page, seeds, corpus = coding
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    page.open(DOC)
    page.select("The Blue Party has indicated")
    page.fill_and_save(speaker="bob-jones", concept="cooperative", attribution="reported")
    page.page.wait_for_selector("#sg-status:has-text('Not saved')")
    stance = page.page.text_content(".sg-error[data-for='statement.stance']")
    assert stance.endswith("statement 'herald-2020-jones-cooperative': stance: required field missing")
    # "cooperative" is no concept: the form offered a new one, whose definition is missing
    assert page.page.is_visible("#new-concept")
    definition = page.page.text_content(".sg-error[data-for='concept.definition']")
    assert definition.endswith("concept 'cooperative': definition: required field missing")
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before
    assert "nothing was written" in page.page.text_content("#sg-status")
    # the browser logs the refused request itself; nothing else went wrong
    assert page.errors == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
    assert page.foreign == []


def test_a_cross_site_post_writes_nothing(coding, browser):
    server, page, seeds, corpus = coding
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    body = ('{"statement": {"id": "forged", "speaker": "bob-jones", "concept": "markets", "stance": "oppose", '
            '"quote": "The Blue Party", "document": "herald-2020-03-01", "attribution": "direct"}}')
    other = browser.new_context()
    try:
        attacker = other.new_page()
        attacker.set_content("<html><body></body></html>")  # about:blank: another origin than the page's
        statuses = attacker.evaluate("""async ([url, body]) => {
            const out = [];
            for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
                const r = await fetch(url + '/api/save', {method: 'POST', mode: 'no-cors', body,
                                                          headers: {'Content-Type': type}});
                out.push(r.type);
            }
            try {   // a JSON request with the header needs a CORS preflight, which the page never grants
                await fetch(url + '/api/save', {method: 'POST', body,
                    headers: {'Content-Type': 'application/json', 'X-Stancegraph-Token': 'guess'}});
                out.push('sent');
            } catch (e) { out.push('blocked'); }
            return out;
        }""", [server.url, body])
        assert statuses == ["opaque", "opaque", "blocked"]
        attacker.set_content(f"""<form method=post enctype=text/plain action="{server.url}/api/save">
            <input name='{body[:-1]}' value='}}'></form>""")
        with attacker.expect_navigation():
            attacker.evaluate("document.forms[0].submit()")
        assert "missing or wrong session token" in attacker.content()
    finally:
        other.close()
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before


def test_hostile_strings_stay_text(tmp_path, browser):
    seeds = write_hostile_dataset(tmp_path / "hostile")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    data = yaml.safe_load((seeds / "hostile.yaml").read_text(encoding="utf-8"))
    for document in data["documents"]:
        quotes = [s["quote"] for s in data["statements"] if s["document"] == document["id"]]
        document["corpus_file"] = f"{document['id']}.txt"
        (corpus / document["corpus_file"]).write_text(
            f"{PAYLOADS[1]}\n\n" + "\n".join(f"Said: {q} ({PAYLOADS[0]})" for q in quotes), encoding="utf-8")
    (seeds / "hostile.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    server = Server(seeds, corpus)
    page = Page(browser, server.url)
    try:
        for document in data["documents"]:
            page.open(document["id"])
            for i in range(page.page.locator("#sg-text .sg-hl").count()):
                page.page.locator("#sg-text .sg-hl").nth(i).click()
                assert page.page.input_value("#f-quote").startswith("Quote ")
            page.page.fill("#f-speaker", PAYLOADS[1])
            page.page.dispatch_event("#f-speaker", "change")
        assert page.page.evaluate(
            "window.__pwned === undefined && !document.querySelector('main img, main svg, main iframe, main script')")
        titles = page.page.locator("#sg-doc-list button").all_text_contents()
        assert any(PAYLOADS[0] in title or "Title" in title for title in titles)
        assert page.dialogs == [] and page.errors == [] and page.foreign == []
    finally:
        page.close()
        server.close()


def test_two_tabs_cannot_lose_an_edit(coding, browser):
    server, first, seeds, corpus = coding
    second = Page(browser, server.url)
    try:
        for page in (first, second):
            page.open(DOC)
        first.select("The Blue Party has indicated")
        first.fill_and_save(speaker="bob-jones", concept="privatisation", stance="support", attribution="reported")
        first.page.wait_for_selector("html[data-sg-saved='1']", state="attached")
        saved = (seeds / "records.yaml").read_text(encoding="utf-8")
        second.select("Smith replied that privatisation")
        second.fill_and_save(speaker="ann-smith", concept="privatisation", stance="oppose", attribution="reported")
        second.page.wait_for_selector("#sg-status:has-text('Not saved')")
        assert "records.yaml changed since this page was loaded" in second.page.text_content("#sg-general")
        assert (seeds / "records.yaml").read_text(encoding="utf-8") == saved
        assert "herald-2020-jones-privatisation" in saved and "herald-2020-smith-privatisation" not in saved
    finally:
        second.close()


def test_a_suggestion_is_reviewed_in_the_page(coding):
    """suggest → the page completes the new document's record, shows its statements "to review";
    one is given a stance and saved."""
    from stancegraph.graph.curation.files import suggest_file
    from stancegraph.graph.seeds.load import read_dataset

    server, page, seeds, corpus = coding
    (corpus / "new.txt").write_text("Ann Smith said co-operatives work.\n", encoding="utf-8")
    _, text = suggest_file(corpus / "new.txt", seeds, "herald-2020-04-01")  # no kind, no date yet
    (seeds / "statements-new.yaml").write_text(text, encoding="utf-8")
    assert {p.field for p in read_dataset(seeds, corpus).problems} >= {"kind", "date"}
    page.page.reload()
    page.page.wait_for_selector("html[data-sg-ready='true']", state="attached")
    page.open("herald-2020-04-01")
    # the document's record opens by itself while it lacks kind or date
    assert page.page.evaluate("document.getElementById('sg-doc-details').open")
    page.page.select_option("#d-kind", "news")
    page.page.fill("#d-date", "2020-13-01")
    page.page.click("#sg-doc-save")
    page.page.wait_for_selector("#sg-status:has-text('Not saved')")
    assert "document 'herald-2020-04-01': date:" in page.page.text_content(".sg-error[data-for='document.date']")
    page.page.fill("#d-date", "2020-04-01")
    page.page.click("#sg-doc-save")
    page.page.wait_for_selector("html[data-sg-saved='1']", state="attached")
    assert [p.field for p in read_dataset(seeds, corpus).problems] == ["stance"]
    page.page.click("#sg-text .sg-review")
    assert page.page.input_value("#f-quote") == "Ann Smith said co-operatives work."
    page.page.select_option("#f-stance", "support")
    page.page.click("#sg-save")
    page.page.wait_for_selector("html[data-sg-saved='2']", state="attached")
    assert page.page.locator("#sg-text .sg-review").count() == 0
    assert page.page.locator("#sg-text .sg-support").count() == 1
    assert check(seeds, corpus).problems == []
