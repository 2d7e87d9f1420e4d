"""The coding page's API (Starlette TestClient): token, validation, concurrency, confinement, the YAML written."""

from __future__ import annotations

import difflib
import shutil
import unicodedata

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from stancegraph.graph.cli import cli
from stancegraph.graph.curation.annotate import TOKEN_HEADER, AnnotateSettings, create_app
from stancegraph.graph.pipeline import check
from stancegraph.graph.seeds.quotes import locate_quote

TOKEN = "test-token-123"
BASE = "http://127.0.0.1:8001"  # the page answers to loopback names only
DOC = "herald-2020-03-01"
NEW = {
    "id": "jones-coops", "speaker": "bob-jones", "organisation": "blue-party", "concept": "cooperatives",
    "stance": "oppose", "quote": "Bob Jones of the Blue Party said the market", "document": DOC,
    "attribution": "reported", "date": "", "note": "",
}


@pytest.fixture
def folder(tmp_path, mini_seeds, mini_corpus):
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    shutil.copytree(mini_seeds, seeds)
    shutil.copytree(mini_corpus, corpus)
    return seeds, corpus


@pytest.fixture
def client(folder):
    seeds, corpus = folder
    return TestClient(create_app(AnnotateSettings(seeds, corpus, token=TOKEN)), base_url=BASE)


def snapshot(seeds):
    return {p.name: p.read_bytes() for p in sorted(seeds.rglob("*"))}


def save(client, statement, versions, token=TOKEN, **extra):
    headers = {TOKEN_HEADER: token} if token is not None else {}
    return client.post("/api/save", json={"statement": statement, "versions": versions, **extra}, headers=headers)


def versions(client):
    return client.get("/api/state").json()["versions"]


def test_page_is_offline_with_csp_nonce_and_token(client):
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "form-action 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert response.text.count(f'nonce="{nonce}"') == 2  # the one style and the one script
    assert f'<meta name="sg-token" content="{TOKEN}">' in response.text
    assert "src=" not in response.text and "href=" not in response.text and "http" not in response.text.lower()
    assert client.get("/").headers["content-security-policy"] != csp  # a fresh nonce per page


def test_document_segments_rebuild_the_text_and_cover_each_quote(client, folder):
    seeds, corpus = folder
    body = client.get(f"/api/documents/{DOC}").json()
    text = unicodedata.normalize("NFC", (corpus / f"{DOC}.txt").read_text(encoding="utf-8"))
    assert "".join(s["text"] for s in body["segments"]) == text
    assert set(body["statements"]) == {"smith-coops", "blue-privatisation", "smith-privatisation", "jones-markets"}
    for sid, entry in body["statements"].items():
        covered = "".join(s["text"] for s in body["segments"] if sid in s["statements"])
        assert covered == locate_quote(entry["record"]["quote"], text).exact
        assert entry["found"] and entry["file"] == "records.yaml"
    assert client.get("/api/documents/nope").status_code == 404


def test_writes_need_the_token_json_and_a_loopback_host(client, folder):
    seeds, _ = folder
    before = snapshot(seeds)
    v = versions(client)
    assert save(client, NEW, v, token=None).status_code == 403
    assert save(client, NEW, v, token="forged").status_code == 403
    # a cross-site form post: no custom header can be set, and the body is not JSON
    form = client.post("/api/save", data={"statement": "x"}, headers={TOKEN_HEADER: TOKEN})
    assert form.status_code == 415
    assert client.get("/api/state", headers={"Host": "evil.example"}).status_code == 400
    assert client.post("/api/save", json={"statement": NEW, "versions": v},
                       headers={TOKEN_HEADER: TOKEN, "Host": "evil.example"}).status_code == 400
    assert snapshot(seeds) == before


def test_a_valid_save_adds_exactly_the_record_and_check_passes(client, folder):
    seeds, corpus = folder
    old = (seeds / "records.yaml").read_text(encoding="utf-8")
    response = save(client, NEW, versions(client))
    assert response.status_code == 200, response.text
    assert response.json()["written"] == ["records.yaml"]
    new = (seeds / "records.yaml").read_text(encoding="utf-8")
    added = [line[1:] for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
             if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
               if line.startswith("-") and not line.startswith("---")]
    assert removed == []
    assert added == [
        "  - id: jones-coops",
        "    speaker: bob-jones",
        "    organisation: blue-party",
        "    concept: cooperatives",
        "    stance: oppose",
        "    quote: 'Bob Jones of the Blue Party said the market'",
        "    document: herald-2020-03-01",
        "    attribution: reported",
    ]
    assert check(seeds, corpus).problems == []
    assert CliRunner().invoke(cli, ["format", str(seeds), "--check"]).exit_code == 0
    assert response.json()["versions"] == versions(client)


def test_an_invalid_save_writes_nothing_and_answers_with_checks_lines(client, folder):
    seeds, corpus = folder
    before = snapshot(seeds)
    bad = dict(NEW, concept="cooperative", quote="Bob Jones never said this", stance="maybe")
    response = save(client, bad, versions(client))
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert snapshot(seeds) == before
    by_target = {p["target"]: p["text"] for p in problems}
    assert by_target["statement.stance"].endswith(
        "statement 'jones-coops': stance: 'maybe' is not one of 'support', 'oppose' or 'mixed'")
    # the same lines check prints for the same record in a seed file
    seeds2 = seeds.parent / "seeds2"
    shutil.copytree(seeds, seeds2)
    with (seeds2 / "records.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: jones-coops\n    speaker: bob-jones\n    organisation: blue-party\n"
                "    concept: cooperative\n    stance: oppose\n    quote: 'Bob Jones never said this'\n"
                f"    document: {DOC}\n    attribution: reported\n")
    expected = {str(p) for p in check(seeds2, corpus).problems}
    fixed_stance = dict(bad, stance="oppose")
    response = save(client, fixed_stance, versions(client))
    assert response.status_code == 422
    assert {p["text"] for p in response.json()["problems"]} == expected
    texts = {p["target"]: p["text"] for p in response.json()["problems"]}
    assert "unknown concept 'cooperative' (did you mean: cooperatives?)" in texts["statement.concept"]
    assert "not found in herald-2020-03-01.txt" in texts["statement.quote"]
    assert snapshot(seeds) == before


def test_a_file_changed_since_the_page_loaded_is_not_overwritten(client, folder):
    seeds, _ = folder
    loaded = versions(client)
    with (seeds / "records.yaml").open("a", encoding="utf-8") as f:
        f.write("# edited by hand meanwhile\n")
    edited = snapshot(seeds)
    response = save(client, NEW, loaded)
    assert response.status_code == 409
    assert "records.yaml changed since this page was loaded" in response.json()["error"]["message"]
    assert snapshot(seeds) == edited


def test_two_tabs_saving_from_the_same_page_state(client, folder):
    seeds, corpus = folder
    loaded = versions(client)
    assert save(client, NEW, loaded).status_code == 200
    after_first = snapshot(seeds)
    second = save(client, dict(NEW, id="jones-coops-2"), loaded)
    assert second.status_code == 409
    assert snapshot(seeds) == after_first


def test_editing_a_record_changes_only_its_lines(client, folder):
    seeds, corpus = folder
    record = client.get(f"/api/documents/{DOC}").json()["statements"]["blue-privatisation"]["record"]
    old = (seeds / "records.yaml").read_text(encoding="utf-8")
    response = save(client, dict(record, stance="mixed"), versions(client), original_id="blue-privatisation")
    assert response.status_code == 200, response.text
    diff = [line for line in difflib.unified_diff(
        old.splitlines(), (seeds / "records.yaml").read_text(encoding="utf-8").splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == ["-    stance: support", "+    stance: mixed"]


def test_new_person_and_concept_are_created_in_the_same_save(client, folder):
    seeds, corpus = folder
    statement = dict(NEW, id="kay-ownership", speaker="kay-ray", organisation="", concept="local-control",
                     quote="Ann Smith, chair of the Village Health Co-op", attribution="direct")
    new = {"people": [{"id": "kay-ray", "name": "Kay Ray"}],
           "concepts": [{"id": "local-control", "label": "Local control", "definition": "Local people decide.",
                         "broader": "ownership"}]}
    response = save(client, statement, versions(client), new=new)
    assert response.status_code == 200, response.text
    report = check(seeds, corpus)
    assert report.problems == []
    assert report.load.dataset.people["kay-ray"].name == "Kay Ray"
    assert report.load.dataset.concepts["local-control"].broader == "ownership"
    # an invalid new record is refused with its field named
    before = snapshot(seeds)
    response = save(client, dict(statement, id="x-2", speaker="bad-new"), versions(client),
                    new={"people": [{"id": "bad-new", "name": ""}]})
    assert response.status_code == 422
    assert any(p["target"] == "person.name" for p in response.json()["problems"])
    assert snapshot(seeds) == before


def test_writes_and_reads_stay_inside_their_folders(tmp_path, folder):
    seeds, corpus = folder
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"statements:\n  - id: elsewhere\n    document: {DOC}\n", encoding="utf-8")
    (seeds / "aaa-linked.yaml").symlink_to(outside)  # first file holding the document's statements
    client = TestClient(create_app(AnnotateSettings(seeds, corpus, token=TOKEN)), base_url=BASE)
    response = save(client, NEW, versions(client))
    assert response.status_code == 403
    assert "outside the data folder" in response.json()["error"]["message"]
    assert outside.read_text(encoding="utf-8").count("- id:") == 1
    # a corpus_file that climbs out of the corpus folder is not read
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (seeds / "aaa-linked.yaml").unlink()
    (seeds / "docs.yaml").write_text("documents:\n  - id: sneaky\n    title: t\n    kind: news\n"
                                     "    date: 2020\n    corpus_file: ../secret.txt\n", encoding="utf-8")
    body = client.get("/api/documents/sneaky").json()
    assert "outside the corpus folder" in body["problem"] and "SECRET" not in str(body)


def test_a_fifo_named_like_a_seed_or_text_file_never_blocks(tmp_path, folder):
    import os

    seeds, corpus = folder
    os.mkfifo(seeds / "zz-fifo.yaml")
    (corpus / f"{DOC}.txt").unlink()
    os.mkfifo(corpus / f"{DOC}.txt")
    client = TestClient(create_app(AnnotateSettings(seeds, corpus, token=TOKEN)), base_url=BASE)
    state = client.get("/api/state").json()
    assert state["unreadable"] == {"zz-fifo.yaml": "not a regular file"}
    assert "not a readable file" in client.get(f"/api/documents/{DOC}").json()["problem"]
    # a statement saved while a FIFO sits in the folder: validated without reading it
    response = save(client, dict(NEW, quote="x"), state["versions"])
    assert response.status_code == 422  # its quote cannot be verified: the text is no file
    assert any(p["record"] == f"document '{DOC}'" and "cannot read" in p["text"] for p in response.json()["problems"])


def test_reviewing_one_suggestion_saves_while_others_wait(folder):
    """suggest → page: setting one suggestion's stance is saved though the others still lack theirs."""
    from stancegraph.graph.curation.files import suggest_file
    from stancegraph.graph.seeds.load import read_dataset

    seeds, corpus = folder
    (corpus / "new.txt").write_text("Ann Smith said co-operatives work. Bob Jones said markets work too.\n"
                                    "The Blues praised privatisation.\n", encoding="utf-8")
    result, text = suggest_file(corpus / "new.txt", seeds, "herald-2020-04-01",
                                stub={"kind": "news", "date": "2020-04-01"})
    assert len(result.suggestions) == 3
    (seeds / "statements-new.yaml").write_text(text, encoding="utf-8")
    assert len(read_dataset(seeds, corpus).problems) == 3
    client = TestClient(create_app(AnnotateSettings(seeds, corpus, token=TOKEN)), base_url=BASE)
    state = client.get("/api/state").json()
    assert {d["id"]: d["to_review"] for d in state["documents"]}["herald-2020-04-01"] == 3
    entries = client.get("/api/documents/herald-2020-04-01").json()["statements"]
    sid, entry = sorted(entries.items())[0]
    old = (seeds / "statements-new.yaml").read_text(encoding="utf-8")
    # leaving the stance empty is refused: the problem is the saved record's own
    refused = save(client, dict(entry["record"], stance=""), state["versions"], original_id=sid)
    assert refused.status_code == 422 and refused.json()["problems"][0]["target"] == "statement.stance"
    response = save(client, dict(entry["record"], stance="support"), state["versions"], original_id=sid)
    assert response.status_code == 200, response.text
    diff = [line for line in difflib.unified_diff(
        old.splitlines(), (seeds / "statements-new.yaml").read_text(encoding="utf-8").splitlines(),
        lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    # the stance is set and the comments suggest wrote for the curator are gone
    assert diff[0] == "-    stance:  # support | oppose | mixed" and "+    stance: support" in diff
    assert all("guessed" not in line and "support |" not in line for line in diff if line.startswith("+"))
    assert len([line for line in diff if line.startswith("+")]) <= 3  # stance, attribution, concept lines
    assert len(read_dataset(seeds, corpus).problems) == 2


def test_annotate_cli_refuses_a_missing_folder(tmp_path, mini_corpus):
    result = CliRunner().invoke(cli, ["annotate", str(tmp_path / "nope"), "--corpus", str(mini_corpus)])
    assert result.exit_code == 2
    assert "data folder not found" in result.output
    result = CliRunner().invoke(cli, ["annotate", "--corpus", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_a_documents_stub_is_completed_in_the_page(folder):
    """suggest without --kind/--date leaves the stub empty; the page fills it in, then statements save."""
    from stancegraph.graph.curation.files import suggest_file
    from stancegraph.graph.seeds.load import read_dataset

    seeds, corpus = folder
    (corpus / "new.txt").write_text("Ann Smith said co-operatives work.\n", encoding="utf-8")
    _, text = suggest_file(corpus / "new.txt", seeds, "new-doc")
    (seeds / "statements-new.yaml").write_text(text, encoding="utf-8")
    client = TestClient(create_app(AnnotateSettings(seeds, corpus, token=TOKEN)), base_url=BASE)
    body = client.get("/api/documents/new-doc").json()
    assert body["record"]["kind"] is None and body["file"] == "statements-new.yaml"
    sid, entry = next(iter(body["statements"].items()))
    # a statement of a document that is not valid yet is refused, the document's problem named
    refused = save(client, dict(entry["record"], stance="support"), body["versions"], original_id=sid)
    assert refused.status_code == 422
    assert any(p["record"] == "document 'new-doc'" for p in refused.json()["problems"])
    bad = client.post("/api/save", json={"document": {"id": "new-doc", "title": "New", "kind": "gossip",
                                                      "date": "2020-04-01"}, "versions": body["versions"]},
                      headers={TOKEN_HEADER: TOKEN})
    assert bad.status_code == 422 and bad.json()["problems"][0]["target"] == "document.kind"
    old = (seeds / "statements-new.yaml").read_text(encoding="utf-8")
    response = client.post("/api/save", json={"document": {"id": "new-doc", "title": "New", "kind": "news",
                                                           "date": "2020-04-01", "publisher": "herald"},
                                              "versions": body["versions"]}, headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 200, response.text
    new = (seeds / "statements-new.yaml").read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert [line for line in diff if line.startswith("+")] == [
        "+    title: New", "+    kind: news", "+    date: 2020-04-01", "+    publisher: herald"]
    assert [p.field for p in read_dataset(seeds, corpus).problems] == ["stance"]
    ok = save(client, dict(entry["record"], stance="support"), response.json()["versions"], original_id=sid)
    assert ok.status_code == 200, ok.text
    assert check(seeds, corpus).problems == []
