"""The coding page: a local Starlette app to code statements by selecting passages.

Routes
------
``GET /``
    The page (HTML, its script and style inline; no other resource is loaded).
``GET /api/state``
    Documents (with counts of statements and of suggestions still to review), the
    people, organisations and concepts for autocompletion, and each seed file's
    version (SHA-256).
``GET /api/documents/{id}``
    A document's text as segments, each with the statements whose quote covers it,
    and those statements' records.
``POST /api/save``
    A :class:`~.edit.SaveRequest` as JSON (a statement, with any new people,
    organisations and concepts; or a document's title, kind, date and publisher);
    answered by :func:`~.edit.save_records`:
    200 saved, 422 invalid (``check``'s problems, nothing written), 409 a file
    changed since the page loaded it, 403 refused.

Safe by construction: the CLI binds to loopback; ``Host`` must name loopback (no DNS
rebinding); every POST needs the per-session token (a random value in the page, sent
back in the ``X-Stancegraph-Token`` header, which no cross-site form or simple
request can set) and a JSON body; files are chosen by the server, inside the data
folder, and texts are read only inside the corpus folder; the page builds its DOM
with ``textContent`` only, under a Content Security Policy that runs only its own
script (a per-response nonce) and connects only to its own origin.
"""

from __future__ import annotations

import secrets
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..seeds.quotes import locate_quote
from .edit import SaveRequest, save_records
from .records import RawFolder, read_folder

__all__ = ["AnnotateSettings", "create_app", "document_segments", "TOKEN_HEADER", "LOOPBACK_HOSTS"]

TOKEN_HEADER = "X-Stancegraph-Token"
"""Header that carries the per-session token on every write."""
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
"""Host names the app answers to (a page served to another name is refused: no DNS rebinding)."""
MAX_BODY = 1_000_000


@dataclass
class AnnotateSettings:
    """Where the data and the texts are, and the session's token."""

    data_dir: Path
    corpus: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    shacl: bool = True
    allowed_hosts: list[str] = field(default_factory=lambda: list(LOOPBACK_HOSTS))


def _text_of(folder: RawFolder, corpus: Path, document: dict) -> tuple[str | None, str | None]:
    name = document.get("corpus_file")
    if not isinstance(name, str) or not name.strip():
        return None, "this document has no corpus_file"
    path = (corpus / name).resolve()
    if not path.is_relative_to(corpus.resolve()):
        return None, f"corpus_file {name!r} is outside the corpus folder"
    if not path.is_file():  # missing, or a FIFO or device that would block a read
        return None, f"{name} is not a readable file in the corpus folder"
    try:
        return path.read_text(encoding="utf-8"), None
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read {name}: {type(exc).__name__}"


def document_segments(text: str, quotes: dict[str, str]) -> tuple[list[dict], dict[str, bool]]:
    """Cut ``text`` where quotes begin and end.

    Parameters
    ----------
    text : str
        The document's text (NFC is taken).
    quotes : dict of str to str
        Statement id → quote.

    Returns
    -------
    segments : list of dict
        ``{"text": str, "statements": [ids]}`` in order; their texts join to the NFC text.
    found : dict of str to bool
        Whether each statement's quote was found (as ``check --corpus`` finds it).
    """
    nfc = unicodedata.normalize("NFC", text)
    spans = {}
    for sid, quote in quotes.items():
        match = locate_quote(quote, nfc) if isinstance(quote, str) else None
        if match is not None:
            spans[sid] = (match.start, match.end)
    cuts = sorted({0, len(nfc), *(s for s, _ in spans.values()), *(e for _, e in spans.values())})
    segments = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted(sid for sid, (s, e) in spans.items() if s <= a and b <= e)
        segments.append({"text": nfc[a:b], "statements": covering})
    return segments, {sid: sid in spans for sid in quotes}


def _plain(value):
    """YAML values as JSON: dates as their text."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _page(nonce: str, token: str) -> str:
    import html
    import importlib.resources

    files = importlib.resources.files("stancegraph.graph.curation").joinpath("templates")
    page = files.joinpath("annotate.html").read_text("utf-8")
    return (page.replace("{{nonce}}", nonce)
                .replace("{{token}}", html.escape(token, quote=True))
                .replace("{{style}}", files.joinpath("annotate.css").read_text("utf-8"))
                .replace("{{script}}", files.joinpath("annotate.js").read_text("utf-8")))


def _problem_json(problem, labels):
    target = None
    if problem.record and problem.field:
        kind = problem.record.split(" ", 1)[0]
        name = problem.field.split(".", 1)[0].split("[", 1)[0]
        target = f"{kind}.{name}"
    return {"text": str(problem), "record": problem.record, "field": problem.field, "target": target,
            "saved": (problem.record or "") in labels}


def create_app(settings: AnnotateSettings):
    """The Starlette application of the coding page.

    Parameters
    ----------
    settings : AnnotateSettings
        Data folder, corpus folder and token.
    """
    import anyio
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    root, corpus = Path(settings.data_dir), Path(settings.corpus)
    lock = threading.Lock()

    def error(status: int, kind: str, message: str, **extra):
        return JSONResponse({"error": {"status": status, "type": kind, "message": message}, **extra},
                            status_code=status)

    async def home(request: Request) -> Response:
        nonce = secrets.token_urlsafe(16)
        csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
               "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        return HTMLResponse(_page(nonce, settings.token), headers={
            "Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})

    def state() -> dict:
        folder = read_folder(root)
        statements = folder.section("statements")
        documents = []
        for record in folder.section("documents"):
            mine = [s for s in statements if s.data.get("document") == record.id]
            documents.append({
                "id": record.id, "title": _plain(record.data.get("title")), "date": _plain(record.data.get("date")),
                "statements": len(mine), "to_review": sum(1 for s in mine if s.data.get("stance") in (None, "")),
            })
        entries = lambda section, name: [  # noqa: E731
            {"id": r.id, "name": _plain(r.data.get(name)), "aliases": _plain(r.data.get("aliases") or [])}
            for r in folder.section(section) if r.id]
        return {"documents": documents, "people": entries("people", "name"),
                "organisations": entries("organisations", "name"), "concepts": entries("concepts", "label"),
                "versions": folder.versions, "unreadable": folder.unreadable}

    async def api_state(request: Request) -> Response:
        return JSONResponse(await anyio.to_thread.run_sync(state))

    def document(doc_id: str):
        folder = read_folder(root)
        record = folder.find("documents", doc_id)
        if record is None:
            return None
        statements = {r.id: r for r in folder.section("statements") if r.id and r.data.get("document") == doc_id}
        text, problem = _text_of(folder, corpus, record.data)
        segments, found = document_segments(text, {sid: r.data.get("quote") for sid, r in statements.items()}) \
            if text is not None else ([], {sid: False for sid in statements})
        return {"id": doc_id, "title": _plain(record.data.get("title")), "record": _plain(record.data),
                "file": record.file, "problem": problem, "segments": segments,
                "statements": {sid: {"record": _plain(r.data), "file": r.file, "found": found.get(sid, False)}
                               for sid, r in statements.items()},
                "versions": folder.versions}

    async def api_document(request: Request) -> Response:
        found = await anyio.to_thread.run_sync(document, request.path_params["doc_id"])
        if found is None:
            return error(404, "not-found", "no such document")
        return JSONResponse(found)

    async def api_save(request: Request) -> Response:
        token = request.headers.get(TOKEN_HEADER, "")
        if not secrets.compare_digest(token.encode(), settings.token.encode()):
            return error(403, "refused", "missing or wrong session token: reload the page")
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return error(415, "unsupported-media-type", "send the save as application/json")
        body = await request.body()
        if len(body) > MAX_BODY:
            return error(413, "too-large", "the save is too large")
        import json

        try:
            payload = json.loads(body)
        except ValueError:
            return error(400, "bad-request", "the body is not JSON")
        if not isinstance(payload, dict) or not (isinstance(payload.get("statement"), dict)
                                                 or isinstance(payload.get("document"), dict)):
            return error(400, "bad-request", "the save needs a 'statement' or a 'document' object")
        new = payload.get("new") if isinstance(payload.get("new"), dict) else {}
        versions = payload.get("versions") if isinstance(payload.get("versions"), dict) else {}
        original = payload.get("original_id")
        statement = payload.get("statement")
        document = payload.get("document")
        save = SaveRequest(statement=statement if isinstance(statement, dict) else None,
                           original_id=original if isinstance(original, str) else None,
                           new={k: v for k, v in new.items() if isinstance(v, list)},
                           versions={str(k): str(v) for k, v in versions.items()},
                           document=document if isinstance(document, dict) else None)

        def run():
            with lock:
                return save_records(root, corpus, save, shacl=settings.shacl)

        outcome = await anyio.to_thread.run_sync(run)
        if outcome.refused:
            return error(403, "refused", outcome.refused)
        if outcome.conflict:
            return error(409, "conflict", outcome.conflict)
        if not outcome.ok:
            return JSONResponse({"ok": False, "problems": [_problem_json(p, outcome.records) for p in outcome.problems]},
                                status_code=422)
        return JSONResponse({"ok": True, "written": outcome.written, "versions": outcome.versions})

    async def http_error(request: Request, exc) -> Response:  # unknown paths, wrong methods: the JSON shape too
        kinds = {404: "not-found", 405: "method-not-allowed"}
        response = error(exc.status_code, kinds.get(exc.status_code, "http-error"), str(exc.detail))
        response.headers.update(exc.headers or {})  # 405's Allow
        return response

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/api/state", api_state, methods=["GET"]),
        Route("/api/documents/{doc_id}", api_document, methods=["GET"]),
        Route("/api/save", api_save, methods=["POST"]),
    ]
    from starlette.exceptions import HTTPException

    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)],
                     exception_handlers={HTTPException: http_error})
