"""Stage 1, seed files: read, validate and canonically format the curated YAML.

``load`` reads a folder of seed files into a validated :class:`~.dataset.Dataset` (every
problem with file, line, record and field; ``messages`` words pydantic's errors as ours);
``yamlsource`` parses YAML with line numbers;
``integrity`` checks references between records; ``corpus`` and ``quotes`` verify quotes
against source texts; ``canonical`` writes the canonical layout.
"""

from __future__ import annotations

from ..lazy import lazy_exports

_EXPORTS = {
    "default_data_dir": ".load",
    "seed_files": ".load",
    "load_dataset": ".load",
    "LoadResult": ".load",
    "read_dataset": ".load",
    "Dataset": ".dataset",
    "Origin": ".dataset",
    "RECORD_NAMES": ".dataset",
    "canonical_text": ".canonical",
    "check_canonical": ".canonical",
    "format_files": ".canonical",
    "normalise": ".quotes",
    "QuoteMatch": ".quotes",
    "locate_quote": ".quotes",
    "closest_passage": ".quotes",
    "attach_corpus": ".corpus",
    "check_integrity": ".integrity",
    "parse_yaml": ".yamlsource",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
