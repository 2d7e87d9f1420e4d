"""Stage 5, serving: the read-only SPARQL 1.1 Protocol endpoint and its pages (Starlette).
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "EndpointSettings": ".endpoint",
    "endpoint_examples": ".endpoint",
    "create_app": ".endpoint",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
