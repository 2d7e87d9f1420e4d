"""Stage 4, SPARQL: parse and refuse, evaluate with bounds, named queries, result formats.

``engine`` parses read-only queries (refusing updates, ``SERVICE``, ``LOAD``), binds
parameters as ``VALUES`` and evaluates on rdflib or Oxigraph; ``library`` is the
library of ``queries/*.rq``; ``results`` formats answers (``terms``: the parts of rdflib's
or pyoxigraph's terms, lexical forms kept); ``sandbox`` runs queries in worker processes
with a time limit.
"""

from __future__ import annotations

from ..lazy import lazy_exports

TIMEOUT_MAX = 86_400.0
"""The longest query time limit in seconds (a day): :class:`~.sandbox.QueryRunner` waits on a worker with
``multiprocessing``'s ``poll``, in milliseconds in a C ``int`` (about 24 days), so 1e9 s overflowed it.
Here, not in ``sandbox``, so the CLI's options read it without importing the runner."""

_EXPORTS = {
    "QueryKind": ".engine",
    "ParsedQuery": ".engine",
    "QuerySyntaxError": ".engine",
    "QueryRefused": ".engine",
    "QueryTimeout": ".engine",
    "TooManyResults": ".engine",
    "QueryFailed": ".engine",
    "parse_query": ".engine",
    "evaluate": ".engine",
    "with_values": ".engine",
    "query_prefixes": ".engine",
    "NamedQuery": ".library",
    "named_queries": ".library",
    "get_named_query": ".library",
    "resolve_parameters": ".library",
    "run_named_query": ".library",
    "ResultFormat": ".results",
    "QueryOutcome": ".results",
    "outcome_from_result": ".results",
    "serialize_outcome": ".results",
    "display_rows": ".results",
    "RunnerSettings": ".sandbox",
    "QueryRunner": ".sandbox",
}
__all__ = sorted([*_EXPORTS, "TIMEOUT_MAX"])
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
