"""The HTTP protocol the endpoint is served with: uvicorn's h11 protocol, its one error in our JSON shape.

A request uvicorn cannot parse — a malformed request line or header — never
reaches the application: uvicorn answers it itself with a plain-text
``400 Invalid HTTP request received.`` Every other error of the endpoint is one JSON
shape (:func:`~stancegraph.graph.serve.endpoint.error_body`), so
:class:`JsonErrorH11Protocol` answers those requests in that shape too.

Header size: h11's ``max_incomplete_event_size`` (uvicorn's
``h11_max_incomplete_event_size``, 16 KiB by default) bounds only a request head
that has *not yet* arrived whole: measured, a 70,000-byte header sent in one write
was answered 200, the same header arriving in pieces 400. So the limit is ours:
header fields of more than :data:`MAX_HEADER_BYTES` in all are answered 400 however
they arrive, and h11's bound is raised (:func:`incomplete_event_limit`) to fit the
longest request line a GET query may have plus the headers. Pass both as
``uvicorn.Config(app, http=JsonErrorH11Protocol,
h11_max_incomplete_event_size=incomplete_event_limit(max_query_bytes))``.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["JsonErrorH11Protocol", "INVALID_REQUEST_MESSAGE", "MAX_HEADER_BYTES", "incomplete_event_limit",
           "header_bytes"]

MAX_HEADER_BYTES = 16 * 1024
"""Most bytes of header fields one request may send (every ``name: value`` line with its CRLF)."""

INVALID_REQUEST_MESSAGE = ("invalid HTTP request: malformed, or its request line or headers (16 KiB in all) are "
                           "larger than the server accepts")


def incomplete_event_limit(max_query_bytes: int) -> int:
    """h11's bound on a request head still arriving: a GET line carrying the longest query, and the headers.

    A query byte is at most 3 bytes percent-encoded (``%XX``; RFC 3986 §2.1); 1 KiB
    more for the method, path, ``HTTP/1.1`` and other parameters.
    """
    return 3 * max_query_bytes + MAX_HEADER_BYTES + 1024


def header_bytes(headers) -> int:
    """The size of ``headers`` (``(name, value)`` byte pairs) as sent: ``name: value`` and CRLF each.

    >>> header_bytes([(b"host", b"x"), (b"accept", b"*/*")])
    22
    """
    return sum(len(name) + len(value) + 4 for name, value in headers)


class _BoundedConnection(h11.Connection):
    """An h11 server connection refusing a request whose header fields pass :data:`MAX_HEADER_BYTES`, or whose
    request line passes what is left of ``max_incomplete_event_size``: the same answer whether the request head
    arrived at once or in pieces."""

    def __init__(self, our_role, max_incomplete_event_size: int) -> None:
        super().__init__(our_role, max_incomplete_event_size=max_incomplete_event_size)
        self._max_line = max(max_incomplete_event_size - MAX_HEADER_BYTES, 1024)

    def next_event(self):  # noqa: D102 - h11's method
        event = super().next_event()
        if isinstance(event, h11.Request) and (
                header_bytes(event.headers.raw_items()) > MAX_HEADER_BYTES
                or len(event.method) + len(event.target) + 11 > self._max_line):  # 'GET ' and ' HTTP/1.1\r\n'
            raise h11.RemoteProtocolError("request headers or line too large", error_status_hint=400)
        return event


class JsonErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol answering unparseable requests, and headers past 16 KiB, in the JSON error shape."""

    def __init__(self, config, *args, **kwargs) -> None:
        super().__init__(config, *args, **kwargs)
        limit = config.h11_max_incomplete_event_size
        self.conn = _BoundedConnection(h11.SERVER, limit if limit is not None else MAX_HEADER_BYTES)  # h11's default

    def send_400_response(self, msg: str) -> None:  # noqa: D102 - uvicorn's hook
        from .endpoint import error_body

        body = json.dumps(error_body(400, "bad-request", INVALID_REQUEST_MESSAGE)).encode("utf-8")
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
            self.transport.write(self.conn.send(h11.Data(data=body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:  # h11 cannot frame a response in this state: the connection closes
            pass
        self.transport.close()
