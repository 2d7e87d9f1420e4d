"""The HTTP protocol the endpoint is served with: uvicorn's h11 protocol, its one error in our JSON shape.

A request uvicorn cannot parse — headers larger than h11 accepts (16 KiB by
default), a malformed request line or header — never reaches the application:
uvicorn answers it itself with a plain-text ``400 Invalid HTTP request received.``
Every other error of the endpoint is one JSON shape
(:func:`~stancegraph.graph.serve.endpoint.error_body`), so :class:`JsonErrorH11Protocol`
answers those requests in that shape too. Pass it as ``uvicorn.run(app, http=JsonErrorH11Protocol)``.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["JsonErrorH11Protocol", "INVALID_REQUEST_MESSAGE"]

INVALID_REQUEST_MESSAGE = ("invalid HTTP request: malformed, or its headers are larger than the server accepts "
                           "(16 KiB in all)")


class JsonErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol answering unparseable requests with the endpoint's JSON error shape."""

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
