"""Test data for the HTML view: a hostile dataset whose strings try to run script.

Every string a curator can write — names, labels, titles, quotes, URLs — carries a
payload that would set ``window.__pwned`` or open an alert if the page ever put it
into the document as markup or as a link.
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["PAYLOADS", "write_hostile_dataset", "HOSTILE_URLS"]

PAYLOADS = (
    "</script><script>window.__pwned = 1; alert(1)</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert(2)\">",
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
    "'\"><iframe srcdoc=\"<script>parent.__pwned = 5</script>\">",
    "<!-- <script>",
)
"""Markup and script payloads, each tried in several fields."""

HOSTILE_URLS = (
    "https://example.org/?q=%3Cscript%3Ewindow.__pwned=6;alert(6)%3C/script%3E",
    "http://example.org/#javascript:alert(7)",
    "https://example.org/'onmouseover='window.__pwned=8;alert(8)'&x=(1)",
)
"""Document URLs: valid http(s) IRIs only (the schema refuses ``javascript:`` and
``data:`` links and, by RFC 3987, a raw ``<``, ``>``, ``"`` or space: see
tests/data/invalid/script-url.yaml and url-*.yaml), each carrying what an IRI may
still hold -- quotes, ``&``, parentheses, encoded markup -- that must stay inside an
escaped link."""


def write_hostile_dataset(folder: Path) -> Path:
    """Write the hostile dataset's seed file into ``folder`` and return the folder."""
    p = PAYLOADS
    records = {
        "dataset": {"id": "hostile", "title": f"Hostile {p[0]}", "base_iri": "https://example.org/hostile/",
                    "version": "1"},
        "documents": [
            {"id": f"doc-{i}", "title": f"Title {p[i % len(p)]}", "kind": "news", "date": f"2015-0{i + 1}-01",
             "publisher": "outlet", "url": url}
            for i, url in enumerate(HOSTILE_URLS)
        ],
        "organisations": [
            {"id": "outlet", "name": f"Outlet {p[1]}", "kind": "media"},
            {"id": "org-a", "name": f"Org A {p[0]}", "kind": "party"},
            {"id": "org-b", "name": f"Org B {p[2]}", "kind": "think-tank"},
        ],
        "people": [
            {"id": "person-a", "name": f"Person A {p[1]}", "affiliations": [{"organisation": "org-a"}]},
            {"id": "person-b", "name": f"Person B {p[4]}"},
            {"id": "person-c", "name": f"Person C {p[5]}"},
        ],
        "concepts": [
            {"id": "top", "label": f"Top {p[3]}", "definition": p[0]},
            {"id": "child", "label": f"Child {p[4]}", "definition": p[1], "broader": "top"},
        ],
        "statements": [],
    }
    speakers = [("person-a", "org-a"), ("person-b", None), ("person-c", None), (None, "org-b")]
    for i, (speaker, organisation) in enumerate(speakers):
        for j, (concept, stance) in enumerate((("top", "support"), ("child", "oppose" if i % 2 else "support"))):
            statement = {
                "id": f"st-{i}-{j}", "concept": concept, "stance": stance,
                "quote": f"Quote {i}{j} {p[(i + j) % len(p)]}", "document": f"doc-{(i + j) % len(HOSTILE_URLS)}",
                "attribution": "direct",
            }
            if speaker:
                statement["speaker"] = speaker
            if organisation:
                statement["organisation"] = organisation
            records["statements"].append(statement)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.yaml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    return folder
