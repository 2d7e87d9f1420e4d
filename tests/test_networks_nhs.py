"""The issue's "done when" on the default dataset: organisation congruence 2010–2013 and 2014–2018,
opened by a second reader (igraph), with coalitions, and every tie resolving to its quotes.

The dataset grows while it is coded, so nothing here depends on its counts.
"""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from conftest import need
from stancegraph.graph.networks import build_network, coalitions, tie_evidence, with_coalitions, write_graphml

PERIODS = [("2010", "2013", dt.date(2010, 1, 1), dt.date(2013, 12, 31)),
           ("2014", "2018", dt.date(2014, 1, 1), dt.date(2018, 12, 31))]


@pytest.mark.parametrize(("start", "end", "first", "last"), PERIODS)
def test_period_networks_open_in_igraph_with_coalitions_and_quotes(nhs_dataset, tmp_path, start, end, first, last):
    need(importlib.util.find_spec("igraph") is not None, "python-igraph")
    import igraph

    graph = build_network(nhs_dataset, "congruence", "organisation", start=start, end=end)
    assert graph.number_of_edges() > 0
    groups = coalitions(graph, seed=0)
    graph = with_coalitions(graph, groups)
    for u, v in graph.edges:
        evidence = tie_evidence(nhs_dataset, graph, u, v)
        assert evidence
        for item in evidence:
            statement = nhs_dataset.statements[item.statement]
            date = nhs_dataset.statement_date(statement)
            assert first <= date.earliest and date.latest <= last
            assert statement.organisation in (u, v)
            assert item.quote == statement.quote
            # the quote was verified against the corpus text when the fixture loaded
            assert item.statement in nhs_dataset.quote_matches

    path = write_graphml(graph, tmp_path / f"orgs-{start}-{end}.graphml")
    read = igraph.Graph.Read_GraphML(str(path))
    assert read.vcount() == graph.number_of_nodes() and read.ecount() == graph.number_of_edges()
    assert sorted(set(read.vs["coalition"])) == list(range(len(groups)))
    assert all(s.split() for s in read.es["statements"])
