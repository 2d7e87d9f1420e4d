"""Interoperability with other tools' data formats.

:mod:`.dna` reads and writes the SQLite databases of the Discourse Network Analyzer
(DNA 3, Leifeld), so a DNA study can become a stancegraph dataset and back.
"""
