"""Dereferenceable IRIs, VoID and the service description, in-process (Starlette's TestClient).

The NHS graph (built with the corpus, as ``stancegraph build`` writes it) is served with
the default mount ``/nhs/``: every IRI of the dataset must answer, for a browser and for
an RDF client, as W3C's "Cool URIs for the Semantic Web" (§4.3, 303 URIs) describes.
"""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from stancegraph.graph.rdf.mapping import build_graph
from stancegraph.graph.seeds.load import load_dataset
from stancegraph.graph.serve.endpoint import EndpointSettings, create_app, endpoint_examples
from stancegraph.graph.serve.linked_data import site_for_graph
from stancegraph.graph.sparql.library import named_queries
from stancegraph.graph.sparql.sandbox import QueryRunner, RunnerSettings
from view_data import PAYLOADS, write_hostile_dataset

NHS = "https://w3id.org/stancegraph/nhs/"
SD = "http://www.w3.org/ns/sparql-service-description#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def client_for(graph, base=None, dump=None):
    from starlette.testclient import TestClient

    site = site_for_graph(graph, base, dump=dump)
    runner = QueryRunner(graph, RunnerSettings(workers=1, timeout=10, start_method="fork"))
    app = create_app(runner, EndpointSettings(title=site.title, resources=site,
                                              examples=endpoint_examples(graph, list(named_queries().values()))))
    return TestClient(app, base_url="http://sg.test"), runner


@pytest.fixture(scope="module")
def nhs(nhs_graph):
    client, runner = client_for(nhs_graph)
    yield client
    runner.close()


def dataset_iris(graph) -> list[URIRef]:
    """Every IRI of the dataset's namespace the graph names, as subject or object."""
    found = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(NHS)}
    return sorted(found)


def test_a_thing_answers_303_to_the_document_the_client_asked_for(nhs):
    cases = [(BROWSER, "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
             ("application/n-triples", "nt"), ("application/rdf+xml", "rdf"), ("*/*", "html"), (None, "html"),
             ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld")]
    for accept, ext in cases:
        headers = {"Accept": accept} if accept else {}
        response = nhs.get("/nhs/organisation/labour-party", headers=headers, follow_redirects=False)
        assert response.status_code == 303, accept
        assert response.headers["location"] == f"/doc/nhs/organisation/labour-party.{ext}", accept
        assert response.headers["vary"] == "Accept"
    response = nhs.get("/nhs/organisation/labour-party?format=nt", headers={"Accept": BROWSER},
                       follow_redirects=False)
    assert response.headers["location"] == "/doc/nhs/organisation/labour-party.nt"
    response = nhs.get("/nhs/organisation/labour-party", headers={"Accept": "image/png"}, follow_redirects=False)
    assert response.status_code == 406 and response.json()["error"]["type"] == "not-acceptable"


def test_the_generic_document_negotiates_and_names_its_variant(nhs):
    response = nhs.get("/doc/nhs/concept/cooperatives", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert response.headers["content-location"] == "/doc/nhs/concept/cooperatives.ttl"
    assert response.headers["vary"] == "Accept"
    response = nhs.get("/doc/nhs/concept/cooperatives", headers={"Accept": BROWSER})
    assert response.headers["content-location"] == "/doc/nhs/concept/cooperatives.html"
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_every_iri_of_the_dataset_answers_with_its_triples(nhs, nhs_graph):
    iris = dataset_iris(nhs_graph)
    kinds = {str(i)[len(NHS):].split("/")[0] for i in iris}
    assert {"organisation", "person", "concept", "statement", "document", "dataset", "concepts", "role"} <= kinds
    for iri in iris:
        path = "/doc/nhs/" + str(iri)[len(NHS):]
        response = nhs.get(path + ".nt")
        assert response.status_code == 200, iri
        described = Graph().parse(data=response.text, format="nt")
        expected = set(nhs_graph.triples((iri, None, None))) | set(nhs_graph.triples((None, None, iri)))
        assert expected <= set(described), iri


def test_rdf_variants_parse_and_agree(nhs, nhs_graph):
    graphs = {}
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")):
        response = nhs.get(f"/doc/nhs/statement/blog2015-carlisle-compliance-regime.{ext}")
        assert response.status_code == 200, ext
        graphs[ext] = Graph().parse(data=response.content, format=fmt)
    assert all(isomorphic(graphs["nt"], g) for g in graphs.values())
    quote = nhs_graph.value(URIRef(NHS + "statement/blog2015-carlisle-compliance-regime/quote"),
                            URIRef("http://www.w3.org/ns/oa#exact"))
    assert (URIRef(NHS + "statement/blog2015-carlisle-compliance-regime/quote"), URIRef("http://www.w3.org/ns/oa#exact"),
            quote) in graphs["ttl"]
    assert "@prefix organisation: <https://w3id.org/stancegraph/nhs/organisation/> ." in \
        nhs.get("/doc/nhs/organisation/labour-party.ttl").text


def test_the_html_page_of_an_organisation(nhs, nhs_dataset):
    response = nhs.get("/nhs/organisation/labour-party", headers={"Accept": BROWSER})
    assert response.status_code == 200 and str(response.url).endswith("/doc/nhs/organisation/labour-party.html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    html = response.text
    assert "<script" not in html and " src=" not in html and "<link" not in html  # no asset to fetch, offline
    assert "<h1>Labour Party</h1>" in html and f"<p class=\"iri\">{NHS}organisation/labour-party</p>" in html
    ours = [s for s in nhs_dataset.statements.values() if s.organisation == "labour-party"]
    assert f"Statements ({len(ours)})" in html
    for statement in ours:
        assert f'href="/nhs/statement/{statement.id}"' in html
    assert 'href="/nhs/person/andy-burnham"' in html and 'href="/nhs/concept/marketisation"' in html
    stances = re.findall(r'<span class="stance stance-(\w+)">(\w+)</span>', html)
    assert sorted(word for _cls, word in stances) == sorted(s.stance.value for s in ours)
    assert all(cls == word for cls, word in stances)
    assert 'href="/doc/nhs/organisation/labour-party.ttl"' in html


def test_unknown_iris_get_404_with_close_matches(nhs):
    response = nhs.get("/nhs/organisation/labour-partie")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "type": "not-found", "message":
                               f"no resource <{NHS}organisation/labour-partie> in this dataset; "
                               "close matches: /nhs/organisation/labour-party"}}
    assert nhs.get("/doc/nhs/concept/nothing-like-it.ttl").status_code == 404


def test_the_mount_root_leads_to_the_dataset(nhs):
    response = nhs.get("/nhs/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/nhs/dataset"


def test_void_description(nhs, nhs_graph):
    response = nhs.get("/.well-known/void")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef(NHS + "dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef("http://sg.test/sparql")
    assert void.value(dataset, VOID.dataDump) == URIRef("http://sg.test/dump.ttl")
    assert void.value(dataset, VOID.triples) == Literal(len(nhs_graph))
    examples = sorted(void.objects(dataset, VOID.exampleResource))
    assert [str(e)[len(NHS):].split("/")[0] for e in examples] == [
        "concept", "document", "organisation", "person", "statement"]
    for example in examples:
        assert nhs.get("/nhs/" + str(example)[len(NHS):], follow_redirects=False).status_code == 303
    assert "ns1:" not in response.text
    jsonld = nhs.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=jsonld.text, format="json-ld"), void)


def test_service_description_links_to_the_void_dataset(nhs):
    response = nhs.get("/sparql")
    assert response.status_code == 200
    text = response.text
    assert "ns1:" not in text and "@prefix dcterms: <http://purl.org/dc/terms/> ." in text
    sd = Graph().parse(data=text, format="turtle")
    service = URIRef("http://sg.test/sparql")
    default = sd.value(service, URIRef(SD + "defaultDataset"))
    assert default == URIRef(NHS + "dataset")
    assert (default, RDF.type, URIRef(SD + "Dataset")) in sd
    assert sd.value(default, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso")) == \
        URIRef("http://sg.test/.well-known/void")


def test_the_dump_is_the_whole_graph(nhs, nhs_graph):
    response = nhs.get("/dump.ttl")
    assert response.status_code == 200
    assert isomorphic(Graph().parse(data=response.text, format="turtle"), nhs_graph)


def test_named_query_forms_bind_labels_and_suggest_close_matches(nhs):
    response = nhs.get("/queries/supporters", params={"concept": "Co-operatives"})
    assert response.status_code == 200
    assert f"VALUES (?concept) {{ (<{NHS}concept/cooperatives>) }}" in response.json()["text"]
    response = nhs.get("/queries/supporters", params={"concept": "cooperativs"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "parameter 'concept': no concept 'cooperativs' in the graph; close matches: cooperatives, gp-cooperatives")
    assert nhs.get("/queries/no-such-query").status_code == 404


def test_the_query_page_has_a_form_per_named_query(nhs):
    html = nhs.get("/").text
    for name, query in named_queries().items():
        assert f'<form class="params" data-name="{name}">' in html
        for parameter in query.parameters:
            assert f'<input name="{parameter.name}"' in html
    assert '"mount": "/nhs/"' in html and '"organisation": "https://w3id.org/stancegraph/nhs/organisation/"' in html


def test_base_moves_the_mount(mini_graph):
    client, runner = client_for(mini_graph, base="/")
    try:
        response = client.get("/person/ann-smith", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/doc/person/ann-smith.html"
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # routes before resources
    finally:
        runner.close()
    client, runner = client_for(mini_graph, base="https://data.example.org/stancegraph/mini/")
    try:
        assert client.get("/stancegraph/mini/person/ann-smith.ttl", follow_redirects=False).status_code == 404
        assert client.get("/doc/stancegraph/mini/person/ann-smith.ttl").status_code == 200
    finally:
        runner.close()


def test_hostile_strings_stay_text_on_resource_pages(tmp_path):
    seeds = write_hostile_dataset(tmp_path / "hostile")
    graph = build_graph(load_dataset(seeds))
    client, runner = client_for(graph)
    try:
        site = site_for_graph(graph)
        # every resource with a page of its own: kind/id, and the scheme and dataset nodes (no sub-resources)
        subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and site.rest(str(s))
                           and site.rest(str(s)).count("/") <= 1})
        assert len(subjects) > 5
        for subject in subjects:
            html = client.get(site.doc_path(str(subject), "html")).text
            assert "<script" not in html and "<img" not in html and "<svg" not in html, subject
            for payload in PAYLOADS:
                if "<" in payload:
                    assert payload not in html, (subject, payload)
            assert not re.search(r'href="(?!/|https?://)', html), subject  # only local paths and http(s) links
    finally:
        runner.close()


# --- stancegraph serve FILE ------------------------------------------------------------------


def serve(monkeypatch, *args):
    """Run ``stancegraph serve`` up to the point it would listen; return the result and the app."""
    import uvicorn
    from click.testing import CliRunner

    from stancegraph.graph.cli import cli

    captured = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: captured.update(app=app, **options))
    result = CliRunner().invoke(cli, ["serve", *map(str, args), "--workers", "1"], catch_exceptions=False)
    return result, captured.get("app")


@pytest.mark.parametrize("suffix, fmt", [(".ttl", "turtle"), (".nt", "ntriples"), (".jsonld", "jsonld"),
                                         (".trig", "trig"), (".rdf", "rdfxml")])
def test_every_rdf_file_we_write_reads_back_whole(tmp_path, nhs_graph, suffix, fmt):
    from stancegraph.graph.rdf.export import serialize_graph
    from stancegraph.graph.serve.source import read_rdf_file
    from stancegraph.graph.stores.memory import dump_ntriples

    path = tmp_path / f"stancegraph{suffix}"
    path.write_bytes(serialize_graph(nhs_graph, fmt, graph_name=NHS + "dataset"))
    graph = read_rdf_file(path)  # in Oxigraph: compared as Oxigraph writes it (plain strings are xsd:string there)
    assert isomorphic(Graph().parse(data=dump_ntriples(graph), format="nt"), nhs_graph)
    assert dict(graph.namespaces())["organisation"] == URIRef(NHS + "organisation/")  # prefixes for the pages
    assert site_for_graph(graph).mount == "/nhs/"


def test_serve_a_built_file_says_what_it_serves(monkeypatch, tmp_path, nhs_graph):
    from starlette.testclient import TestClient

    from stancegraph.graph.rdf.export import serialize_graph

    path = tmp_path / "stancegraph.ttl"
    path.write_bytes(serialize_graph(nhs_graph, "turtle"))
    result, app = serve(monkeypatch, path, "--port", "8123")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        f"serving The English NHS ownership debate, 2010–2018 ({len(nhs_graph):,} triples) from {path}",
        "  SPARQL endpoint  http://127.0.0.1:8123/sparql",
        "  query page       http://127.0.0.1:8123/",
    ]
    assert re.fullmatch(r"  resources        http://127\.0\.0\.1:8123/nhs/… \(e\.g\. "
                        r"http://127\.0\.0\.1:8123/nhs/organisation/[a-z0-9-]+\)", lines[3])
    assert lines[4:] == ["  VoID             http://127.0.0.1:8123/.well-known/void"]
    client = TestClient(app)
    assert client.get("/nhs/organisation/labour-party", headers={"Accept": "text/turtle"}).status_code == 200
    dump = client.get("/dump.ttl")
    assert dump.content == path.read_bytes()  # the file itself is the data dump


def test_serve_seeds_without_a_corpus_says_so(monkeypatch):
    result, _app = serve(monkeypatch)
    assert result.exit_code == 0, result.output
    size = len(build_graph(load_dataset()))  # no corpus: fewer triples than the built file (no offsets)
    assert result.stderr.splitlines()[0] == (
        f"serving The English NHS ownership debate, 2010–2018 ({size:,} triples) from the embedded dataset's seed "
        "files, built without a corpus (quotes not verified, no text positions: pass --corpus DIR, or serve the "
        "file 'stancegraph build' wrote, e.g. out/stancegraph.ttl)")


def test_serve_refuses_what_it_cannot_serve(monkeypatch, tmp_path, corpus):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    built = tmp_path / "ok.nt"
    built.write_text("", encoding="utf-8")
    cases = [
        ([notes], f"Error: {notes}: not an RDF file stancegraph reads (endings, in any case: .jsonld, .nq, .nt, .rdf, .trig, "
                  ".ttl)"),
        ([built, "--corpus", corpus], f"Error: {built} is a built graph: --corpus is read only when building "
                                      "from seed files"),
        ([tmp_path / "missing.ttl"], f"Error: {tmp_path / 'missing.ttl'}: no such file or folder"),
    ]
    for args, message in cases:
        result, app = serve(monkeypatch, *args)
        assert result.exit_code == 2, args
        assert result.stderr.strip().splitlines() == [message] and app is None
    result, app = serve(monkeypatch, broken)
    assert result.exit_code == 2 and app is None
    assert result.stderr.startswith(f"Error: {broken}: cannot read it as Turtle: ")
    assert len(result.stderr.strip().splitlines()) == 1


# --- links out: Wikidata ------------------------------------------------------------------

WIKIDATA = {  # checked by hand against the names: only ids we are certain of
    "organisation/labour-party": "Q9630", "organisation/conservative-party": "Q9626",
    "organisation/liberal-democrats": "Q9624", "organisation/the-guardian": "Q11148", "person/david-cameron": "Q192",
}


def test_wikidata_ids_become_same_as_links(nhs_graph):
    from rdflib.namespace import OWL, SDO

    for prop in (OWL.sameAs, SDO.sameAs):
        links = {str(s)[len(NHS):]: str(o) for s, o in nhs_graph.subject_objects(prop)}
        assert links == {key: f"http://www.wikidata.org/entity/{qid}" for key, qid in WIKIDATA.items()}


def test_wikidata_links_on_the_resource_page(nhs):
    html = nhs.get("/doc/nhs/organisation/labour-party.html").text
    assert 'href="http://www.wikidata.org/entity/Q9630"' in html


def test_the_banner_prints_title_and_path_as_they_are(monkeypatch, tmp_path, mini_seeds):
    """A title or path holding [b] or ending in a backslash is data, not markup (rich's escape doubled a
    trailing backslash: 'Study \\\\' for 'Study \\')."""
    import shutil

    folder = tmp_path / "[b]study [red]x \\"
    shutil.copytree(mini_seeds, folder)
    dataset = folder / "dataset.yaml"
    dataset.write_text(dataset.read_text(encoding="utf-8").replace(
        "title: A minimal test dataset", "title: 'A [b]minimal[/b] study \\'"), encoding="utf-8")
    result, _app = serve(monkeypatch, folder, "--port", "8123")
    assert result.exit_code == 0, result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith("serving A [b]minimal[/b] study \\ (195 triples) from "), first
    assert f" from the seed files in {folder}," in first, first
