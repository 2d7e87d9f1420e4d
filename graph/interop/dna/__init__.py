"""Discourse Network Analyzer (DNA 3) databases: import and export.

* :func:`import_dna` — a ``.dna`` file → a checked, canonical seed folder and corpus
  (:mod:`.read`, :mod:`.mapping`, :mod:`.importer`);
* :func:`export_dna` — a dataset and its corpus → a ``.dna`` file DNA 3 opens
  (:mod:`.write`, :mod:`.schema`);
* :mod:`.offsets` — the rule for ``Start``/``Stop`` offsets (UTF-16 code units).

Written on the standard library's :mod:`sqlite3`: DNA 3 databases are SQLite
files whose schema is fixed by DNA (``Sql.createTables``), so no ORM or other
library is needed to read or write them.
"""

from .importer import import_dna
from .mapping import ImportOptions, ImportReport, map_database
from .offsets import OffsetUnit
from .read import DnaDatabase, read_dna
from .write import ExportReport, export_dna

__all__ = ["import_dna", "export_dna", "read_dna", "map_database", "ImportOptions", "ImportReport",
           "ExportReport", "OffsetUnit", "DnaDatabase"]
