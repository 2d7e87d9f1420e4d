"""``polarisation`` and ``backbone``: rDNA's dna_polarization and dna_backbone on a dataset."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import (
    CONTEXT_SETTINGS, OutputFile, console, corpus_option, data_dir_argument, handle_errors, note, store_option,
)
from .numbers import COUNT_MAX, SEED, BoundedInt, FiniteFloat
from .progress import progress_display, quiet_option
from .network import DUPLICATES, KERNELS, actor_options, exclusion_options, exclusion_spec, read_source
from .text import line


def selection_options(command):
    """Level, date range and DNA's selection options shared by the analysis commands."""
    options = [
        click.option("--date-rule", type=click.Choice(("within", "earliest")), default="within", show_default=True,
                     help="A year/month-only date is in a range when all of it is (within) or its first day is."),
    ]
    for option in reversed(options):
        command = option(command)
    return actor_options(exclusion_options(command))


POLARISATION_READS = {"parents": ("genetic",), "iterations": ("genetic",), "elite": ("genetic",),
                      "mutation": ("genetic",)}
"""polarisation: the options each ``--algorithm`` reads (the genetic algorithm's alone; greedy swapping has none)."""
SLICE_READS = {"kernel": ("window",), "indent_time": ("window",)}
"""polarisation: the options that shape ``--window`` slices (no slices without it)."""
BACKBONE_READS = {"penalty": ("penalty",), "size": ("fixed",), "iterations": ("penalty", "fixed"),
                  "seed": ("penalty", "fixed")}
"""backbone: the options each ``--method`` reads (nested is deterministic and has no size or penalty)."""


def _options(duplicates, concept_depth, unaffiliated, date_rule, exclude, exclude_value, exclude_author,
             exclude_publisher, exclude_kind, invert) -> dict:
    return dict(duplicates=duplicates, concept_depth=concept_depth, unaffiliated=unaffiliated, date_rule=date_rule,
                exclude=exclusion_spec(exclude, exclude_value, exclude_author, exclude_publisher, exclude_kind, invert))


def _write_json(data, output: Path) -> None:
    from ..atomic import atomic_path

    with atomic_path(output) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    note(line(f"wrote {output.resolve()}"))


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@selection_options
@click.option("--algorithm", type=click.Choice(("greedy", "genetic")), default="greedy", show_default=True,
              help="DNA's greedy membership swapping or its genetic algorithm.")
@click.option("--clusters", "-k", type=BoundedInt(2, COUNT_MAX), default=2, show_default=True,
              help="Number of clusters k.")
@click.option("--normalise-scores", is_flag=True, help="Divide by the network mass: scores in [0, 1] (normalizeScores).")
@click.option("--window", metavar="SPAN", help="Kernel-smoothed slices of this bandwidth (e.g. 100d, 6m, 2y); "
                                                 "default: one score for the whole period.")
@click.option("--kernel", type=click.Choice(KERNELS), default="uniform", show_default=True, help="Kernel of the slices.")
@click.option("--indent-time/--no-indent-time", default=False, show_default=True,
              help="Keep every slice inside the timeline (DNA's indentTime).")
@click.option("--duplicates", type=click.Choice(DUPLICATES), default="include", show_default=True,
              help="Count a repeated actor-concept-stance once per document/week/month/year/range.")
@click.option("--parents", type=BoundedInt(2, 10_000), default=50, show_default=True, help="Genetic: population size.")
@click.option("--iterations", type=BoundedInt(1, 10**7), default=1000, show_default=True,
              help="Genetic: most generations.")
@click.option("--elite", type=FiniteFloat(0, 1), default=0.1, show_default=True, help="Genetic: elite share.")
@click.option("--mutation", type=FiniteFloat(0, 1), default=0.1, show_default=True,
              help="Genetic: share of actors swapped in each child.")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of every random draw.")
@click.option("-o", "--output", type=OutputFile({".json": "json", ".csv": "csv"}, "polarisation results"),
              help="Write the scores, memberships and convergence traces: .json (everything) or .csv (one row per slice).")
@store_option
@quiet_option
@handle_errors
def polarisation(data_dir, corpus, level, start, end, concept_depth, unaffiliated, date_rule, exclude, exclude_value,
                 exclude_author, exclude_publisher, exclude_kind, invert, algorithm, clusters, normalise_scores, window,
                 kernel, indent_time, duplicates, parents, iterations, elite, mutation, seed, output, store,
                 quiet) -> None:
    """Polarisation as Leifeld's DNA defines it (dna_polarization), per slice or for the whole period.

    Splits the actors into k balanced clusters that maximise DNA's absolute-difference
    quality of the average-normalised congruence and conflict networks, and prints the
    score and the clusters. Not the modularity polarisation of 'network --window'.
    Examples:

        stancegraph polarisation --normalise-scores
        stancegraph polarisation --window 2y --kernel gaussian --from 2010 --to 2018 -o polarisation.csv
    """
    from ..networks import polarisation_leifeld
    from .common import refuse_unread_options

    refuse_unread_options(click.get_current_context(),
                          (algorithm, f"to --algorithm {algorithm}", POLARISATION_READS),
                          ("window" if window else "whole", "without --window", SLICE_READS))
    with progress_display(quiet) as progress:
        dataset = read_source(data_dir, corpus, store, progress)
    results = polarisation_leifeld(
        dataset, level, algorithm=algorithm, clusters=clusters, normalise=normalise_scores, window=window,
        kernel=kernel, indent_time=indent_time, start=start, end=end, seed=seed, parents=parents,
        iterations=iterations, elite=elite, mutation=mutation,
        **_options(duplicates, concept_depth, unaffiliated, date_rule, exclude, exclude_value, exclude_author,
                   exclude_publisher, exclude_kind, invert))
    from ..wording import network_description

    _print_polarisation(dataset, results, algorithm, clusters, normalise_scores,
                        network_description("congruence and conflict", level, unaffiliated, start, end))
    if window:
        from .network import indent_time_rule

        note(indent_time_rule(indent_time, "polarisation"))
    if output is not None:
        if output.suffix.lower() == ".json":
            _write_json([r.as_dict() for r in results], output)
        else:
            _write_polarisation_csv(results, output)


def _print_polarisation(dataset, results, algorithm, clusters, normalised, description: str) -> None:
    from ..wording import capped, counted
    from .text import inline, line

    out = console()
    out.print(line(inline(f"Leifeld polarisation ({algorithm}, k = {clusters}{', normalised' if normalised else ''}) "
                          f"of the {description}: {counted(len(results), 'slice')}")))
    if len(results) == 1 and results[0].middle is None:  # the whole period: no slice columns
        r = results[0]
        period = f"{r.start or 'first date'} to {r.end or 'last date'}" if r.start or r.end else "all dates"
        out.print(f"{'period':<24}  actors  statements  score     iterations")
        out.print(f"{period:<24}  {len(r.labels):6,d}  {r.statements:10,d}  {r.score:8.4f}  {len(r.max_q):10d}")
    else:
        out.print("middle      start       end         actors  statements  score     iterations")
        for r in results:
            out.print(f"{str(r.middle or ''):<11} {str(r.start or ''):<11} {str(r.end or ''):<11} "
                      f"{len(r.labels):6,d}  {r.statements:10,d}  {r.score:8.4f}  {len(r.max_q):10d}")
    if len(results) == 1 and results[0].groups:
        names = {**{p: x.name for p, x in dataset.people.items()}, **{o: x.name for o, x in dataset.organisations.items()}}
        for index, group in enumerate(results[0].groups):
            out.print(line(f"  cluster {index}: " + capped(inline(names.get(a, a)) for a in group)))


def _write_polarisation_csv(results, output: Path) -> None:
    import csv

    from ..atomic import atomic_path

    with atomic_path(output) as tmp:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["start", "middle", "end", "score", "actors", "statements", "iterations",
                             "early_convergence", "clusters"])
            for r in results:
                writer.writerow([r.start or "", r.middle or "", r.end or "", repr(r.score), len(r.labels),
                                 r.statements, len(r.max_q), r.early_convergence,
                                 " | ".join(" ".join(g) for g in r.groups)])
    note(line(f"wrote {output.resolve()}"))


@click.command(context_settings=CONTEXT_SETTINGS)
@data_dir_argument
@corpus_option
@selection_options
@click.option("--method", type=click.Choice(("nested", "penalty", "fixed")), default="nested", show_default=True,
              help="rDNA's backbone methods: nested hierarchy, penalised or fixed-size simulated annealing.")
@click.option("--penalty", type=FiniteFloat(0, 1e6), default=3.5, show_default=True,
              help="Penalty p (penalty method): larger p, smaller backbone.")
@click.option("--size", type=BoundedInt(1, COUNT_MAX), help="Backbone size (fixed method).")
@click.option("--iterations", type=BoundedInt(1, 10**9), default=10000, show_default=True,
              help="Simulated annealing iterations.")
@click.option("--type", "kind", type=click.Choice(("subtract", "congruence", "conflict", "cooccurrence")),
              default="subtract", show_default=True, help="The actor network (DNA's qualifier aggregation).")
@click.option("--normalise", "normalisation", type=click.Choice(("none", "average", "jaccard", "cosine")),
              default="average", show_default=True, help="Normalisation of the actor network.")
@click.option("--duplicates", type=click.Choice(DUPLICATES), default="document", show_default=True,
              help="Count a repeated actor-concept-stance once per document/week/month/year/range.")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of the simulated annealing.")
@click.option("-o", "--output", type=OutputFile({".json": "json"}, "a backbone result"),
              help="Write the result (sets, losses, networks, diagnostics) as JSON.")
@store_option
@quiet_option
@handle_errors
def backbone(data_dir, corpus, level, start, end, concept_depth, unaffiliated, date_rule, exclude, exclude_value,
             exclude_author, exclude_publisher, exclude_kind, invert, method, penalty, size, iterations, kind,
             normalisation, duplicates, seed, output, store, quiet) -> None:
    """The discourse backbone (dna_backbone): the concepts that carry the network's structure.

    Prints the backbone and redundant concepts with their spectral losses (nested: the
    order in which concepts drop out). Examples:

        stancegraph backbone
        stancegraph backbone --method penalty --penalty 7.5 --iterations 10000 --seed 1
        stancegraph backbone --method fixed --size 4 -o backbone.json
    """
    from ..networks import backbone as compute
    from .common import refuse_unread_options

    refuse_unread_options(click.get_current_context(), (method, f"to --method {method}", BACKBONE_READS))
    if method == "fixed" and size is None:
        from ..errors import UsageError

        raise UsageError("--method fixed needs --size N, the number of concepts in the backbone")
    with progress_display(quiet) as progress:
        dataset = read_source(data_dir, corpus, store, progress)
    from ..networks.backbone import BackboneSizeError

    try:
        result = compute(dataset, level, method=method, penalty=penalty, size=size, iterations=iterations, seed=seed,
                         kind=kind, normalisation=normalisation, start=start, end=end,
                         **_options(duplicates, concept_depth, unaffiliated, date_rule, exclude, exclude_value,
                                    exclude_author, exclude_publisher, exclude_kind, invert))
    except BackboneSizeError as exc:  # its range depends on the data: worded as click words --size's own range
        from .common import refuse_option_values

        refuse_option_values(exc.refused)
    from ..wording import network_description

    _print_backbone(dataset, result, network_description(kind, level, unaffiliated, start, end))
    if output is not None:
        _write_json(result.as_dict(), output)


def _print_backbone(dataset, result, description: str) -> None:
    from ..wording import capped, counted
    from .text import inline, line

    out = console()
    label = lambda c: inline(dataset.concepts[c].label if c in dataset.concepts else c)  # noqa: E731
    out.print(line(inline(f"Backbone ({result.method}) of the {description}: {counted(len(result.labels), 'actor')}, "
                          f"{counted(result.statements, 'statement')}")))
    if result.method == "nested":
        out.print("  i  step  backbone loss  redundant loss  statements  concept removed")
        for step in result.nested:  # concepts tied at the smallest loss share a step (statements: left after each)
            out.print(line(f"{step.iteration:3d}  {step.step:4d}  {step.backbone_loss:13.6f}  "
                           f"{step.redundant_loss:14.6f}  {step.statements:10,d}  {label(step.concept)}"))
        return
    extra = f", penalty {result.penalty:g}" if result.penalty is not None else f", size {result.size}"
    out.print(f"{counted(result.iterations, 'iteration')}{extra}")
    out.print(line(f"backbone ({counted(len(result.backbone), 'concept')}, loss {result.backbone_loss:.6f}): "
                   + capped(label(c) for c in result.backbone)))
    out.print(line(f"redundant ({counted(len(result.redundant), 'concept')}, loss {result.redundant_loss:.6f}): "
                   + capped(label(c) for c in result.redundant)))


COMMANDS = [polarisation, backbone]
