"""The resource pages and the query page in a real browser (Debian chromium via Playwright).

One server (uvicorn in a thread) serves the NHS graph over real HTTP; every page must
load with no console error, fetch nothing from another origin, fit the window, and
lead on: a result's IRI to its resource page, a resource's links to the related ones.
"""

from __future__ import annotations

import threading
import time

import pytest

from stancegraph.graph.serve.endpoint import EndpointSettings, create_app, endpoint_examples
from stancegraph.graph.serve.linked_data import site_for_graph
from stancegraph.graph.sparql.library import named_queries
from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1100, "height": 800}


@pytest.fixture(scope="module")
def server(nhs_graph):
    import uvicorn

    site = site_for_graph(nhs_graph)
    runner = QueryRunner(nhs_graph, RunnerSettings(workers=1, timeout=10, memory_limit_mb=2048))
    app = create_app(runner, EndpointSettings(title=site.title, resources=site,
                                              examples=endpoint_examples(nhs_graph, list(named_queries().values()))))
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{uv.servers[0].sockets[0].getsockname()[1]}"
    uv.should_exit = True
    thread.join(10)
    runner.close()


class Visit:
    """A browser tab on the server, recording console errors and requests to other origins."""

    def __init__(self, browser, origin):
        self.origin = origin
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: r.url.startswith(origin) or self.elsewhere.append(r.url))

    def js(self, expression, arg=None):
        return self.page.evaluate(expression, arg)

    def fits(self) -> bool:
        return self.js("document.documentElement.scrollWidth <= window.innerWidth")

    def close(self):
        self.context.close()


def test_resource_pages_lead_from_an_organisation_to_its_statements_and_back(browser, server, nhs_dataset):
    visit = Visit(browser, server)
    try:
        response = visit.page.goto(server + "/nhs/organisation/labour-party")
        assert response.ok and visit.page.url == server + "/doc/nhs/organisation/labour-party.html"
        assert visit.js("document.querySelector('h1').textContent") == "Labour Party"
        assert visit.fits()
        first = visit.page.locator("ol.statements li").first
        statement = first.locator("a.dim").get_attribute("href")
        sid = statement.rsplit("/", 1)[1]
        first.locator("a.dim").click()
        visit.page.wait_for_load_state()
        assert visit.page.url == server + f"/doc/nhs/statement/{sid}.html"
        quote = nhs_dataset.statements[sid].quote
        shown = visit.js("document.querySelector('blockquote').textContent")
        assert " ".join(shown.strip("“”").split()) == " ".join(quote.split())
        assert visit.fits()
        # from the statement to its document, whose page lists every statement taken from it
        visit.page.locator("ol.statements li .note a").first.click()
        visit.page.wait_for_load_state()
        document = nhs_dataset.statements[sid].document
        assert visit.page.url == server + f"/doc/nhs/document/{document}.html"
        taken = [s for s in nhs_dataset.statements.values() if s.document == document]
        assert visit.js("document.querySelectorAll('ol.statements li').length") == min(len(taken), 500)
        assert visit.errors == [] and visit.elsewhere == []
    finally:
        visit.close()


def test_the_query_page_runs_a_named_query_from_its_form_and_links_the_answers(browser, server):
    visit = Visit(browser, server)
    try:
        visit.page.goto(server + "/")
        form = visit.page.locator('form.params[data-name="supporters"]')
        form.locator('input[name="concept"]').fill("Co-operatives")  # a label, as with --param
        form.locator("button[type=submit]").click()
        visit.page.wait_for_selector("#results table")
        assert "VALUES (?concept)" in visit.page.input_value("#query")
        links = visit.js("[...document.querySelectorAll('#results td a')].map(a => [a.textContent, "
                         "a.getAttribute('href')])")
        assert links and all(href == "/nhs/" + text.replace(":", "/", 1) for text, href in links
                             if text.startswith(("person:", "organisation:", "concept:")))
        assert visit.fits()
        # long literals wrap: the quotes of an actor stay inside the window
        form = visit.page.locator('form.params[data-name="actor-statements"]')
        form.locator('input[name="actor"]').fill("NHS Alliance")
        form.locator("button[type=submit]").click()
        visit.page.wait_for_function("document.querySelector('#results th') && "
                                     "document.querySelector('#results th').textContent === 'actor'")
        assert visit.js("document.querySelectorAll('#results tr').length") > 5
        assert visit.fits()
        assert visit.errors == []
        # an unknown name: the status line names the close matches, nothing runs
        form.locator('input[name="actor"]').fill("NHS Aliance")
        form.locator("button[type=submit]").click()
        visit.page.wait_for_function("document.getElementById('status').className === 'error'")
        assert "close matches: nhs-alliance" in visit.js("document.getElementById('status').textContent")
        # a result's IRI opens its resource page
        visit.page.locator("#results td a").first.click()
        visit.page.wait_for_load_state()
        assert visit.page.url.startswith(server + "/doc/nhs/") and visit.page.url.endswith(".html")
        assert visit.errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
        assert visit.elsewhere == []
    finally:
        visit.close()
