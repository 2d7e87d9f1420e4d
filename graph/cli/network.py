"""``network``: build a DNA-comparable discourse network, summarise it and export it."""

from __future__ import annotations

import heapq
from pathlib import Path

import click

from .progress import progress_display, quiet_option
from .common import (
    CONTEXT_SETTINGS, OutputFile, console, corpus_option, data_dir_argument, handle_errors, note, output_format,
    require_output, store_option,
)
from .numbers import COUNT_MAX, SEED, BoundedInt
from .text import inline, line

KINDS = ("twomode", "congruence", "conflict", "subtract", "cooccurrence", "concept-congruence",
         "concept-conflict", "concept-subtract", "concept-cooccurrence")
NORMALISATIONS = ("none", "average", "jaccard", "cosine", "activity", "prominence")
DUPLICATES = ("include", "document", "week", "month", "year", "acrossrange")
FORMATS = ("graphml", "gexf", "csv", "json", "matrix", "dl", "net")
NETWORK_ENDINGS = {".graphml": "graphml", ".gexf": "gexf", ".matrix.csv": "matrix", ".csv": "csv", ".json": "json",
                   ".dl": "dl", ".net": "net"}
"""``network -o``'s endings (networks.exports.FORMAT_SUFFIXES; a test keeps them equal)."""
KERNELS = ("uniform", "epanechnikov", "triangular", "gaussian")
EXCLUDE_FIELDS = {"actor": "actors", "concept": "concepts", "document": "documents", "stance": "stances",
                  "speaker": "speaker", "organisation": "organisation", "attribution": "attribution"}
INVERTIBLE = ("actors", "concepts", "documents", "stances", "speaker", "organisation", "attribution",
              "authors", "publishers", "kinds")


TYPE_READS = {"qualifier": ("twomode",)}
"""network: the options each ``--type`` reads (the stance aggregation of actor-concept pairs is two-mode's)."""
SLICE_READS = {"step": ("window",), "kernel": ("window", "kernel"), "indent_time": ("kernel",)}
"""network: the options each way of slicing time reads: one network, ``--window`` windows, ``--kernel`` slices."""
SLICES_WHERE = {"one": "without --window", "window": "without --kernel",
                "kernel": "to --kernel slices (their mid-points are one unit of --window apart)"}


def actor_options(command):
    """``--level``, ``--unaffiliated``, ``--from``, ``--to`` and ``--concept-depth``: one wording and one default
    for every command that builds a network (network, render, plot, polarisation, backbone), so they draw
    the same network for the same words."""
    options = [
        click.option("--level", type=click.Choice(("person", "organisation")), default="organisation",
                     show_default=True, help="Actors: the speaking person, or the organisation spoken for."),
        click.option("--unaffiliated", type=click.Choice(("drop", "person")), default="drop", show_default=True,
                     help="Organisation level: drop statements naming no organisation, or keep their speaker "
                          "as a person."),
        click.option("--from", "start", metavar="DATE", help="First day of the range (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--to", "end", metavar="DATE", help="Last day of the range (YYYY = to 31 December)."),
        click.option("--concept-depth", type=BoundedInt(0, COUNT_MAX),
                     help="Roll concepts up to this SKOS depth (0 = top)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def normalise_option(command):
    """``--normalise``: DNA's normalisations of tie weights."""
    return click.option("--normalise", "normalisation", type=click.Choice(NORMALISATIONS), default="none",
                        show_default=True,
                        help="DNA normalisation of the tie weights (average/jaccard/cosine one-mode; "
                             "activity/prominence two-mode).")(command)


def exclusion_options(command):
    """DNA's exclude/invert options (dna_network's excludeValues, excludeAuthors, excludeSources,
    excludeTypes and their invert flags), shared by every command that builds networks."""
    options = [
        click.option("--exclude", multiple=True, metavar="ID", help="Leave out an actor, concept or document (repeatable)."),
        click.option("--exclude-value", multiple=True, metavar="FIELD=VALUE",
                     help="Leave out statements with this value (DNA's excludeValues); FIELD: "
                          + ", ".join(EXCLUDE_FIELDS) + "."),
        click.option("--exclude-author", multiple=True, metavar="PERSON",
                     help="Leave out statements from documents by this author (DNA's excludeAuthors)."),
        click.option("--exclude-publisher", multiple=True, metavar="ORG",
                     help="Leave out statements from documents of this publisher (DNA's excludeSources)."),
        click.option("--exclude-kind", multiple=True, metavar="KIND",
                     help="Leave out statements from documents of this kind, e.g. news (DNA's excludeTypes)."),
        click.option("--invert", multiple=True, type=click.Choice(INVERTIBLE), metavar="KEY",
                     help="Keep only the listed values of KEY instead of leaving them out (DNA's invert*): "
                          + ", ".join(INVERTIBLE) + "."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def exclusion_spec(exclude, exclude_value, exclude_author, exclude_publisher, exclude_kind, invert):
    """The ``exclude=`` argument of the library from the CLI options (None when nothing is excluded)."""
    from ..errors import UsageError

    spec: dict[str, list[str]] = {}
    problems = []
    for item in exclude_value:
        field, sep, value = item.partition("=")
        if not sep or field not in EXCLUDE_FIELDS or not value:
            problems.append(f"--exclude-value {item!r}: expected FIELD=VALUE with FIELD one of {', '.join(EXCLUDE_FIELDS)}")
            continue
        spec.setdefault(EXCLUDE_FIELDS[field], []).append(value)
    if problems:
        raise UsageError("; ".join(problems))
    for key, values in (("authors", exclude_author), ("publishers", exclude_publisher), ("kinds", exclude_kind)):
        if values:
            spec[key] = list(values)
    if invert:
        spec["invert"] = list(invert)
    if not spec:
        return list(exclude) or None
    if exclude:
        spec["ids"] = list(exclude)
    return spec


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@click.option("--type", "kind", type=click.Choice(KINDS), default="congruence", show_default=True,
              help="Network type (DNA's two-mode, or one-mode congruence/conflict/subtract/co-occurrence).")
@actor_options
@normalise_option
@click.option("--qualifier", type=click.Choice(("ignore", "combine", "subtract")), default="ignore",
              show_default=True, help="Two-mode only: how stances of an actor-concept pair aggregate.")
@click.option("--window", metavar="SPAN", help="Moving time windows of this length, e.g. 2y, 6m, 8w, 30d.")
@click.option("--step", metavar="SPAN", help="Step between windows (default: one unit of --window).")
@click.option("--kernel", type=click.Choice(KERNELS),
              help="DNA's kernel-smoothed slices with --window as bandwidth (mid-points one unit apart).")
@click.option("--indent-time/--no-indent-time", default=True, show_default=True,
              help="With --kernel: keep every slice inside the timeline (DNA's indentTime).")
@click.option("--duplicates", type=click.Choice(DUPLICATES), default="include", show_default=True,
              help="Count a repeated actor-concept-stance once per document/week/month/year/range.")
@click.option("--isolates", is_flag=True, help="Keep actors of the date range that have no tie.")
@exclusion_options
@click.option("--date-rule", type=click.Choice(("within", "earliest")), default="within", show_default=True,
              help="A year/month-only date is in a range when all of it is (within) or its first day is.")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: from the -o ending: .graphml .gexf .csv .json, DNA's .matrix.csv, "
                   "UCINET .dl, Pajek .net).")
@click.option("-o", "--output", type=OutputFile(NETWORK_ENDINGS, "a network"),
              help="File to write; with --window one file per window (suffixed with its dates).")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of the coalition detection.")
@click.option("--top", type=BoundedInt(0, COUNT_MAX), default=5, show_default=True, help="How many top ties to list.")
@click.option("--explain", nargs=2, metavar="NODE NODE", help="List the statements and quotes behind one tie.")
@store_option
@quiet_option
@handle_errors
def network(data_dir, corpus, kind, level, normalisation, qualifier, start, end, window, step, kernel, indent_time,
            duplicates, isolates, exclude, exclude_value, exclude_author, exclude_publisher, exclude_kind, invert,
            concept_depth, unaffiliated, date_rule, fmt, output, seed, top, explain, store, quiet) -> None:
    """Build a discourse network (as DNA defines them), summarise it and export it.

    Prints nodes, edges, the top-weighted ties and the coalitions (Louvain, fixed
    seed); every exported node carries its coalition and every edge the ids of the
    statements behind it. With --store the dataset is read back from the graph that
    'stancegraph build --store' put there (no seed files needed). Examples:

        stancegraph network --type congruence --from 2010 --to 2013 -o orgs-2010-2013.graphml
        stancegraph network --store oxigraph:graph.db --type conflict --level person
    """
    from ..errors import UsageError
    from ..networks import time_windows
    from .common import refuse_unread_options

    if step and not window:
        raise UsageError("--step needs --window")
    if kernel and not window:
        raise UsageError("--kernel needs --window (the bandwidth)")
    if explain and window:
        raise UsageError("--explain works on one network, not with --window")
    slices = "kernel" if kernel else "window" if window else "one"
    refuse_unread_options(click.get_current_context(),
                          (kind, f"to --type {kind}", TYPE_READS),
                          (slices, SLICES_WHERE[slices], SLICE_READS),
                          ("window" if window else "one", "to --window", {"top": ("one",)}),
                          ("explain" if explain else "summary", "to --explain", {"top": ("summary",)}))
    require_output(output, fmt)
    fmt = output_format(output, fmt, NETWORK_ENDINGS)
    with progress_display(quiet) as progress:
        dataset = read_source(data_dir, corpus, store, progress)
        if not window and progress is not None:
            progress(f"building the {kind} network")
        graph = None if window else _build(dataset, kind, level, start, end, exclude, exclude_value, exclude_author,
                                           exclude_publisher, exclude_kind, invert, normalisation, duplicates,
                                           isolates, concept_depth, qualifier, unaffiliated, date_rule)
    options = dict(normalisation=normalisation, duplicates=duplicates, isolates=isolates,
                   exclude=exclusion_spec(exclude, exclude_value, exclude_author, exclude_publisher, exclude_kind,
                                          invert),
                   concept_depth=concept_depth, qualifier=qualifier, unaffiliated=unaffiliated, date_rule=date_rule)
    if window:
        windows = time_windows(dataset, kind, level, window=window, step=step, start=start, end=end,
                               kernel=kernel, indent_time=indent_time, **options)
        if not windows:
            raise UsageError(f"no window of {window} fits in the date range")
        from ..wording import counted, network_description

        console().print(line(inline(f"{network_description(kind, level, unaffiliated, start, end)}: "
                                    f"{counted(len(windows), 'kernel slice' if kernel else 'window')}")))
        if kernel:
            note(indent_time_rule(indent_time, "network"))
        _print_windows(windows, kind, output, fmt, seed)
        _print_omissions(dataset, kind, level, dict(options, start=start, end=end))  # windows split the rest
        return
    if explain:  # only the tie's evidence; its ends by id, label or alias
        _print_evidence(dataset, graph, *_explained_nodes(graph, dataset, explain))
        if output is not None:
            graph, _groups = _with_coalitions(graph, seed)
    else:
        from ..wording import network_description

        graph = _summarise(graph, top, seed, network_description(kind, level, unaffiliated, start, end))
        _print_omissions(dataset, kind, level, dict(options, start=start, end=end))
    if output is not None:
        _write(graph, output, fmt)


def _explained_nodes(graph, dataset, names) -> tuple[str, str]:
    """The two nodes ``--explain`` names; every unknown name reported at once."""
    from ..errors import UsageError
    from ..networks.lookup import find_node

    found, problems = [], []
    for name in names:
        try:
            found.append(find_node(graph, dataset, name))
        except UsageError as exc:
            problems.append(str(exc))
    if problems:
        raise UsageError("; ".join(problems))
    return found[0], found[1]


def _print_omissions(dataset, kind, level, options) -> None:
    """What the network left out and why (one line), e.g. '31 of 139 statements left out: …'."""
    from ..networks.omissions import omissions

    console().print(line(inline(omissions(dataset, kind, level, **options).sentence())))


def _build(dataset, kind, level, start, end, exclude, exclude_value, exclude_author, exclude_publisher, exclude_kind,
           invert, normalisation, duplicates, isolates, concept_depth, qualifier, unaffiliated, date_rule):
    from ..networks import build_network

    return build_network(dataset, kind, level, start=start, end=end, normalisation=normalisation,
                         duplicates=duplicates, isolates=isolates,
                         exclude=exclusion_spec(exclude, exclude_value, exclude_author, exclude_publisher,
                                                exclude_kind, invert),
                         concept_depth=concept_depth, qualifier=qualifier, unaffiliated=unaffiliated,
                         date_rule=date_rule)


def read_source(data_dir, corpus, store, progress=None):
    """The dataset of a command: from the seed files, or read back from ``--store``."""
    if store is None or store.kind.value == "memory":  # nothing is kept in memory between runs
        from ..errors import DataError
        from ..pipeline import _read
        from ..progress import or_silent

        loaded = _read(data_dir, corpus, or_silent(progress))
        if not loaded.ok:
            raise DataError(loaded.problems)
        return loaded.dataset
    from ..rdf.from_rdf import dataset_from_store
    from .common import refuse_seeds_with_store

    refuse_seeds_with_store(store, data_dir, corpus)
    return dataset_from_store(store)


def _count(n: int, noun: str) -> str:
    from ..wording import counted

    return counted(n, noun)


INDENT_TIME_DEFAULTS = {"network": True, "polarisation": False}
"""``--indent-time``'s default per command, each its rDNA function's (dna_network: TRUE; dna_polarization: FALSE),
kept so that each gives DNA's slices for the same options; the line :func:`indent_time_rule` prints says which
rule is in force, so the same --window in both commands is not silently sliced two ways."""


def indent_time_rule(indent_time: bool, command: str) -> str:
    """The line saying which kernel-slice rule is in force, and whether it is the command's default.

    >>> print(indent_time_rule(True, "network"))  # doctest: +NORMALIZE_WHITESPACE
    note: --indent-time: every slice lies inside the timeline (network's default, as rDNA's dna_network;
    polarisation's default is --no-indent-time)
    """
    rule = ("--indent-time: every slice lies inside the timeline" if indent_time else
            "--no-indent-time: slice mid-points run from the first date to the last, edge slices reaching outside it")
    function = {"network": "dna_network", "polarisation": "dna_polarization"}[command]
    other = next(name for name in INDENT_TIME_DEFAULTS if name != command)
    other_rule = "--indent-time" if INDENT_TIME_DEFAULTS[other] else "--no-indent-time"
    origin = (f"{command}'s default, as rDNA's {function}" if indent_time == INDENT_TIME_DEFAULTS[command]
              else "as asked")
    return f"note: {rule} ({origin}; {other}'s default is {other_rule})"


def _ending(output: Path, fmt: str) -> tuple[str, str]:
    """``(stem, ending)`` of ``output``, the ending being the format's (``.matrix.csv`` whole)."""
    from ..networks.exports import FORMAT_SUFFIXES

    name = output.name
    for suffix, known in FORMAT_SUFFIXES.items():
        if known.value == fmt and name.lower().endswith(suffix):
            return name[: -len(suffix)], name[-len(suffix):]
    default = next(suffix for suffix, known in FORMAT_SUFFIXES.items() if known.value == fmt)
    return (output.stem, output.suffix) if output.suffix else (name, default)


def _with_coalitions(graph, seed):
    from ..networks import coalitions, with_coalitions

    if graph.graph["network_kind"] in ("twomode", "conflict", "concept-conflict"):
        return graph, []  # coalitions group agreeing nodes; ties here are not agreement
    groups = coalitions(graph, seed=seed)
    return with_coalitions(graph, groups, in_place=True), groups


def _summarise(graph, top: int, seed: int, description: str):
    out = console()
    attrs = graph.graph
    out.print(line((inline(description), "bold"), f": {_count(graph.number_of_nodes(), 'node')}, "
                   f"{_count(graph.number_of_edges(), 'tie')}, {_count(attrs['statement_count'], 'statement')}"))
    label = lambda n: inline(graph.nodes[n]["label"])  # noqa: E731
    # the top few without sorting every tie (818k at 100k statements)
    ties = heapq.nsmallest(top, graph.edges(data=True), key=lambda e: (-abs(e[2]["weight"]), e[0], e[1]))
    if ties:
        out.print(f"top ties (of {graph.number_of_edges():,}):")
        for u, v, d in ties:
            extra = f", {d['stance']}" if "stance" in d else ""
            out.print(line(f"  {d['weight']:g}  {label(u)} — {label(v)}  ({_count(len(d['statements']), 'statement')}"
                           f"{extra})  ", (f"{inline(u)} {inline(v)}", "dim")))
    graph, groups = _with_coalitions(graph, seed)
    if groups:
        from ..wording import capped

        out.print(f"{_count(len(groups), 'coalition')} (Louvain, seed {seed}):")
        for index, group in enumerate(groups):
            names = [label(n) for n in sorted(group, key=lambda n: graph.nodes[n]["label"])]
            out.print(line(f"  {index}: " + capped(names, COALITION_NAMES)))
    return graph


from ..wording import LIST_CAP  # noqa: E402

COALITION_NAMES = LIST_CAP
"""Members named per coalition in the summary: the one cap of every list a summary prints (the export
carries every node's coalition)."""


def _print_evidence(dataset, graph, u: str, v: str) -> None:
    from ..networks import tie_evidence

    evidence = tie_evidence(dataset, graph, u, v)
    out = console()
    d = graph.edges[u, v]
    out.print(line(f"tie {inline(u)} — {inline(v)}: weight {d['weight']:g}, {_count(len(evidence), 'statement')}"))
    for e in evidence:
        out.print(line(inline(f"  [{e.stance}] {e.date} {e.statement} ({e.actor} on {e.concept}, {e.document}): "
                              f"“{e.quote}”")))


def _write(graph, output: Path, fmt: str) -> list[Path]:
    from ..networks import write_network

    paths = write_network(graph, output, fmt)
    for path in paths:
        note(line(f"wrote {path.resolve()}"))
    return paths


def _print_windows(windows, kind, output, fmt, seed) -> None:
    import networkx as nx

    out = console()
    smoothed = bool(windows) and "middle" in windows[0][2].graph  # kernel slices: named by their mid-point
    out.print(("middle      " if smoothed else "") +
              "window                   nodes   ties  statements  coalitions  modularity")
    for first, last, graph in windows:
        graph, groups = _with_coalitions(graph, seed)
        modularity = ""
        if groups and graph.size(weight="weight") > 0 and kind in ("congruence", "concept-congruence"):
            modularity = f"{nx.community.modularity(graph, groups, weight='weight'):.3f}"
        middle = f"{graph.graph['middle']}  " if smoothed else ""
        out.print(f"{middle}{first} – {last}  {graph.number_of_nodes():5,d}  {graph.number_of_edges():5,d}  "
                  f"{graph.graph['statement_count']:10,d}  {len(groups) if groups else '':>10}  {modularity:>10}")
        if output is not None:
            stem, ending = _ending(output, fmt)
            label = graph.graph["middle"] if smoothed else f"{first}_{last}"
            _write(graph, output.with_name(f"{stem}-{label}{ending}"), fmt)


COMMANDS = [network]
