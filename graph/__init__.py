"""stancegraph.graph: load curated stances, build the RDF graph, query it, analyse discourse networks."""
