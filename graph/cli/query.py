"""``query``: run a named or ad-hoc SPARQL query and print the answer."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from .common import (
    CONTEXT_SETTINGS, QUERY_ENDINGS, OutputFile, console, corpus_option, err_console, handle_errors, note,
    note_text, output_format, refuse_seeds_with_store, store_option,
)
from .numbers import COUNT_MAX, TIMEOUT_MAX, BoundedInt, FiniteFloat
from .progress import progress_display, quiet_option

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "trig", "jsonld", "ntriples", "rdfxml")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """``--param KEY=VALUE`` options as a mapping; a KEY given twice is refused
    (:func:`~stancegraph.graph.sparql.library.single_values`)."""
    from ..errors import UsageError
    from ..sparql.library import single_values

    pairs = []
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        pairs.append((key.strip(), value))
    try:
        return single_values(pairs)
    except UsageError as exc:
        raise UsageError(str(exc).replace("parameter '", "--param '")) from None


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Read the SPARQL query from this file.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a named query's parameter (once each; repeat the option for others): entities by id, "
                   "label, IRI or prefixed name as the tables print them (concept:cooperatives).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their parameters.")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output: a table (the default), the SPARQL results formats, or an RDF syntax for "
                   "CONSTRUCT/DESCRIBE; with -o the file's ending names it (" + ", ".join(QUERY_ENDINGS) + ").")
@click.option("-o", "--output", type=OutputFile(QUERY_ENDINGS, "a query answer"),
              help="Write the answer to this file (atomically) instead of standard output.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Seed folder (default: the embedded NHS dataset); --data, as every command takes it, "
                   "since QUERY is the one positional argument.")
@corpus_option
@store_option
@click.option("--timeout", type=FiniteFloat(0, TIMEOUT_MAX, min_open=True), default=60.0, show_default=True,
              help="Stop the query after this many seconds.")
@click.option("--max-rows", type=BoundedInt(1, COUNT_MAX), default=None,
              help="Fail instead of printing more than this many rows.")
@click.option("--show-query", is_flag=True,
              help="Print the query with its parameters as a VALUES block (for any SPARQL client) and exit.")
@quiet_option
@handle_errors
def query(query: str | None, query_file: Path | None, params: tuple[str, ...], list_queries: bool, fmt: str | None,
          output: Path | None, data_dir: Path | None, corpus: Path | None, store, timeout: float,
          max_rows: int | None, show_query: bool, quiet: bool) -> None:
    """Answer QUERY: the name of a named query, or SPARQL text (or --file Q.rq).

    \b
    stancegraph query --list
    stancegraph query supporters --param concept=cooperatives
    stancegraph query contested-concepts --format csv
    stancegraph query 'SELECT ?actor WHERE { ?actor sg:opposes ?c }'
    stancegraph query --file my.rq --format json

    Standard prefixes (sg, skos, dcterms, foaf, org, prov, oa, …) and the
    dataset's own (person, organisation, concept, document, statement) are
    pre-declared. Updates, LOAD, SERVICE and FROM are refused.

    Without --store the graph is built from the seed files into an in-memory
    Oxigraph store and the query runs on Oxigraph's engine in a worker process
    that --timeout stops. With --store oxigraph:PATH (or sparql:URL) the query
    runs on the graph that 'stancegraph build --store' put there, by the store's
    own engine (--timeout then does not apply); --store memory uses rdflib's store.
    """
    from ..errors import UsageError
    from ..sparql.library import get_named_query, named_queries

    if list_queries:
        if query or query_file or params:
            raise UsageError("--list takes no query, --file or --param")
        _print_list(named_queries())
        return
    if (query is None) == (query_file is None):
        raise UsageError("give a query name, SPARQL text or --file (see 'stancegraph query --list')")
    fmt = output_format(output, fmt, QUERY_ENDINGS, default="table")
    values = _parse_params(params)
    named = None
    if query_file is not None:
        text = query_file.read_text(encoding="utf-8")
    elif _NAME.match(query.strip()):
        named = get_named_query(query.strip())
        text = named.text
    else:
        text = query
    if values and named is None:
        raise UsageError("--param binds the parameters of named queries; this query has none declared")

    refuse_seeds_with_store(store, data_dir, corpus, "--data")
    in_store = store is not None and store.kind.value != "memory"
    if in_store and named is not None and store.kind.value == "oxigraph":
        from ..stores.view import open_store_view  # pyoxigraph alone: no oxrdflib, no rdflib SPARQL

        graph = open_store_view(store)
    elif in_store:  # the graph a 'build --store' put there; the store's engine answers
        from ..stores.store import open_store

        graph = open_store(store)
    else:
        with progress_display(quiet) as progress:
            graph = _load_graph(data_dir, corpus, rdflib_memory=store is not None, progress=progress,
                                view=named is not None)
    bindings = {}
    if named is not None:
        from ..sparql.library import resolve_parameters

        bindings = resolve_parameters(graph, named, values)
    if show_query:
        from ..sparql.engine import with_values

        _emit(with_values(text, bindings).encode("utf-8") + b"\n", output)
        return
    if named is None:
        _warn_unknown_iris(graph, text)
    _run_and_print(graph, text, bindings, fmt, output, timeout, max_rows, in_store)


def _warn_unknown_iris(graph, text: str) -> None:
    """One warning per IRI of the dataset's own namespace that the query names but the graph lacks."""
    from ..sparql.engine import query_prefixes
    from ..sparql.unknown_iris import unknown_dataset_iris
    from .text import inline, line

    for iri, close in unknown_dataset_iris(graph, text, query_prefixes(graph)):
        hint = f"; close matches: {', '.join(close)}" if close else ""
        err_console().print(line(("warning", "yellow"), inline(f": {iri} is not in the dataset{hint}")),
                            soft_wrap=True)


def _load_graph(data_dir: Path | None, corpus: Path | None, rdflib_memory: bool = False, progress=None,
                view: bool = False):
    """The graph of the seed files: in an in-memory Oxigraph store (a pyoxigraph-only
    :class:`~stancegraph.graph.stores.view.StoreView` with ``view``, for a named query), or
    rdflib's Memory store."""
    from ..errors import DataError
    from ..pipeline import _read
    from ..progress import or_silent

    loaded = _read(data_dir, corpus, or_silent(progress))
    if not loaded.ok:
        raise DataError(loaded.problems)
    if rdflib_memory:
        from ..rdf.mapping import build_graph

        or_silent(progress)("building the graph in rdflib's Memory store")
        return build_graph(loaded.dataset)
    if view:
        from ..stores.view import in_memory_view

        return in_memory_view(loaded.dataset, progress)
    from ..stores.memory import in_memory_graph

    return in_memory_graph(loaded.dataset, progress)


def _run_and_print(graph, text, bindings, fmt, output, timeout, max_rows, in_store: bool = False) -> None:
    from ..sparql.results import ResultFormat, display_rows, serialize_outcome
    from ..stores.view import StoreView, answer_named

    if in_store and isinstance(graph, StoreView) and fmt == "csv" and max_rows is None:  # Oxigraph writes it
        from ..stores.view import answer_named_csv

        _emit(answer_named_csv(graph, text, bindings), output)
        return
    if in_store and isinstance(graph, StoreView):  # a shipped named query on a store: Oxigraph parses it
        outcome = answer_named(graph, text, bindings, max_rows)
    elif isinstance(graph, StoreView):  # a shipped named query on the seeds: a worker, for --timeout
        from ..sparql.sandbox import QueryRunner, RunnerSettings

        settings = RunnerSettings(workers=1, timeout=timeout, max_rows=max_rows, start_method="fork")
        with QueryRunner(graph, settings) as runner:
            outcome = runner.run(text, bindings)
    else:
        from ..sparql.engine import parse_query, query_prefixes

        parsed = parse_query(text, query_prefixes(graph))  # syntax and refusals, before any worker starts
        if in_store:
            outcome = _run_on_store(graph, parsed, bindings, max_rows)
        else:
            from ..sparql.sandbox import QueryRunner, RunnerSettings

            settings = RunnerSettings(workers=1, timeout=timeout, max_rows=max_rows, start_method="fork")
            with QueryRunner(graph, settings) as runner:
                outcome = runner.run(text, bindings)
    # a graph answer is one graph, the default graph; a Turtle document is a TriG document whose
    # triples are in the default graph (W3C TriG §2.2; grammar rule [2] block): -o X.trig writes it
    chosen = ResultFormat("turtle" if fmt == "trig" else fmt)
    if outcome.kind.returns_graph and not chosen.for_graphs:
        if chosen is not ResultFormat.TABLE:
            from ..errors import UsageError

            raise UsageError(f"a {outcome.kind.value} answer is a graph: use --format turtle, trig, jsonld, ntriples "
                             "or rdfxml (or -o FILE.ttl, .trig, .jsonld, .nt, .rdf)")
        chosen = ResultFormat.TURTLE
    if not outcome.kind.returns_graph and chosen.for_graphs:
        from ..errors import UsageError

        raise UsageError(f"a {outcome.kind.value} answer is a table: use --format table, csv, tsv, json or xml "
                         "(or -o FILE.csv, .tsv, .json, .xml)")
    if chosen is ResultFormat.TABLE:
        if outcome.boolean is not None:
            console().print("true" if outcome.boolean else "false")
            return
        _print_table(*_without_parameter_columns(outcome, display_rows(outcome), bindings))
        return
    try:
        payload = serialize_outcome(outcome, chosen)
    except ValueError as exc:
        from ..errors import UsageError

        raise UsageError(str(exc)) from None
    if payload and not payload.endswith(b"\n"):  # JSON and XML writers end without one; a shell prompt would follow
        payload += b"\n"
    _emit(payload, output)


def _run_on_store(graph, parsed, bindings, max_rows):
    """Evaluate in this process on an Oxigraph or remote store (its own engine; no worker)."""
    from ..sparql.results import outcome_from_result
    from ..sparql.engine import evaluate

    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    return outcome_from_result(evaluate(graph, parsed, bindings), max_rows, namespaces, parsed.text)


def _emit(payload: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    from ..atomic import atomic_write

    atomic_write(output, payload)
    note_text(f"wrote {output.resolve()}")  # plain text: rich is not imported for one line


def _without_parameter_columns(outcome, rows: list[list[str]], bindings) -> tuple[list[str], list[list[str]], list[str]]:
    """Leave out the columns a bound parameter fixes; name what they hold once.

    One rule, whatever the rows: a column that is a bound parameter (given, or its default)
    holds the bound value on every row (the binding is joined to every solution), and the
    column of its label (``<name>Label`` or ``<name>Title``) holds one value too, so both are
    left out, with ``name = value`` in the note below the table, also for a 0-row answer. A
    row that holds anything else (an engine that answered otherwise) keeps the column. A
    table that would have no column left keeps them all.
    """
    from ..sparql.results import QueryOutcome, display_rows
    from ..sparql.terms import term_parts

    variables = outcome.variables
    if not bindings:
        return variables, rows, []
    fixed = {variable: term_parts(bindings[variable]) for variable in variables if variable in bindings}
    fixed = {variable: parts for variable, parts in fixed.items()
             if all(row[variables.index(variable)] is not None
                    and term_parts(row[variables.index(variable)]) == parts for row in outcome.rows)}
    shown = display_rows(QueryOutcome(outcome.kind, rows=[tuple(bindings[v] for v in fixed)],
                                      namespaces=outcome.namespaces))[0]  # as the rows show them
    values = dict(zip(fixed, shown))
    constant, keep = [], []
    for index, variable in enumerate(variables):
        label_of = next((v for v in fixed if variable in (v + "Label", v + "Title")), None)
        if variable in fixed:
            constant.append(f"{variable} = {values[variable]}")
        elif label_of is not None and len({row[index] for row in rows}) <= 1:
            continue  # the label of a fixed parameter is one value too
        else:
            keep.append(index)
    if not keep:  # a table needs a column: keep them all
        return variables, rows, []
    return [variables[i] for i in keep], [[row[i] for i in keep] for row in rows], constant


def _print_table(variables: list[str], rows: list[list[str]], constant: list[str] = ()) -> None:
    """A table. Piped, each row is one line, never wrapped. On a terminal, long cells wrap between words
    to fit its width; a value is never split inside a word (:func:`.tables.print_table`)."""
    from rich import box
    from rich.table import Table

    from .tables import print_table
    from .text import cell, line

    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for variable in variables:
        table.add_column(line(variable))
    rows = [[cell(value) for value in row] for row in rows]  # every line break shown as the table shows LF
    for row in rows:
        table.add_row(*(line(value) for value in row))
    cells = [[variable, *(row[index] for row in rows)] for index, variable in enumerate(variables)]
    print_table(console(), table, cells)
    _rows_note(rows, constant)


def _rows_note(rows, constant) -> None:
    from .text import inline, line

    shown = f" ({'; '.join(constant)}{' on every row' if rows else ''})" if constant else ""
    note(line(inline(f"{len(rows):,} row{'s' if len(rows) != 1 else ''}{shown}")))


def _print_list(queries) -> None:
    from .text import line

    out = console()
    for name, named in queries.items():
        out.print(line((name, "bold"), f": {named.title}"))
        if named.description:
            out.print(line(f"    {named.description}"))
        for parameter in named.parameters:
            out.print(line(f"    --param {parameter.describe()}"))
        for example in named.examples:
            out.print(line(f"    e.g. {example}"))
        out.print()


COMMANDS = [query]
