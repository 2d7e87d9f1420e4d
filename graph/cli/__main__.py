"""``python -m stancegraph.graph.cli``: the same as the ``stancegraph`` command."""

from . import main

main()
