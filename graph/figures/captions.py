"""Figure captions in the words of a methods section: what is drawn, what is left out and why.

A caption goes into a paper with its figure, so it names no command-line option
and no program: "31 of 138 statements are left out: 31 name no organisation", not
"… (--unaffiliated person keeps their speakers)". The command that draws the
figure prints such hints beside it, on standard error. The left-out statements of a
network are worded by :meth:`~stancegraph.graph.networks.omissions.Omissions.caption`
(the same counts the ``network`` and ``render`` summaries give, in their caption
form); the sentences here say the rest: what a chart counts, which earlier
statements a time axis leaves out, which ties and labels a network figure leaves out.
"""

from __future__ import annotations

from typing import Iterable

from ..wording import counted

__all__ = ["join_sentences", "outlier_caption", "strongest_caption", "unlabelled_caption", "coalition_caption",
           "barplot_caption", "timeline_caption", "polarisation_caption", "span_words"]

ENTITY_NOUNS = {"concept": ("concept", "concepts"), "organisation": ("organisation", "organisations"),
                "person": ("person", "people")}
"""Singular and plural of each bar plot variable."""


def join_sentences(*sentences: str | None) -> str:
    """The non-empty ``sentences`` joined by spaces.

    >>> join_sentences("A network.", "", None, "Two ties.")
    'A network. Two ties.'
    """
    return " ".join(s for s in sentences if s)


def span_words(span) -> str:
    """A window or step length (``2y``, ``6m``) in words: ``2 years``, ``6 months``.

    >>> span_words("2y"), span_words("1m")
    ('2 years', '1 month')
    """
    from ..networks.options import Span

    return str(Span.parse(span))


def outlier_caption(before: int, first: str) -> str:
    """The statements a time axis leaves out because they lie years before the rest.

    See :func:`~.timeline.outlying_start`.

    >>> outlier_caption(2, "2010")
    '2 earlier statements, dated before 2010 and years apart from the rest, are left out.'
    """
    if not before:
        return ""
    return (f"{counted(before, 'earlier statement')}, dated before {first} and years apart from the rest, "
            f"{'is' if before == 1 else 'are'} left out.")


def strongest_caption(drawn: int, total: int, limit: int, added: int = 0) -> str:
    """Which ties a network figure draws when it keeps only the strongest.

    >>> strongest_caption(505, 1200, 500, 5)
    '505 of 1,200 ties are drawn: the 500 strongest, and 5 more so that every node keeps its strongest tie.'
    >>> strongest_caption(12, 12, 500)
    ''
    """
    if total <= drawn:
        return ""
    text = f"{drawn:,} of {counted(total, 'tie')} {'is' if drawn == 1 else 'are'} drawn: the {limit:,} strongest"
    if added:
        text += f", and {added:,} more so that every node keeps its strongest tie"
    return text + "."


def unlabelled_caption(left_out: int) -> str:
    """The node labels a crowded network figure leaves out.

    >>> unlabelled_caption(1)
    'The label of the 1 node with fewest statements is left out to keep the others legible.'
    """
    if not left_out:
        return ""
    if left_out == 1:
        return "The label of the 1 node with fewest statements is left out to keep the others legible."
    return f"Labels of the {left_out:,} nodes with fewest statements are left out to keep the others legible."


def coalition_caption(groups: int, seed: int) -> str:
    """What node colours mean when they show coalitions.

    >>> coalition_caption(3, 7)
    'Colours: 3 coalitions (Louvain modularity, seed 7).'
    """
    return f"Colours: {counted(groups, 'coalition')} (Louvain modularity, seed {seed})."


def barplot_caption(variable: str, measure: str, shown: int, total: int, start=None, end=None) -> str:
    """What a bar plot counts, per what, over which dates, and how many of the bars are drawn.

    Parameters
    ----------
    variable : {"concept", "organisation", "person"}
        One bar per such entity.
    measure : str
        What the bars count (``statements``, ``actors`` or ``concepts``).
    shown, total : int
        Bars drawn, and entities with statements.
    start, end : str, optional
        The date range, as given.

    Examples
    --------
    >>> barplot_caption("person", "statements", 17, 17)
    'Statements per person by stance (all 17 people).'
    >>> barplot_caption("concept", "statements", 30, 68, start="2010")
    'Statements per concept by stance, 2010 to …, for the 30 of 68 concepts with most statements.'
    """
    one, many = ENTITY_NOUNS[variable]
    text = f"{measure.capitalize()} per {one} by stance"
    if start or end:
        text += f", {start or '…'} to {end or '…'}"
    if shown < total:
        return text + f", for the {shown:,} of {total:,} {many} with most statements."
    return text + f" (all {counted(total, one, many)})." if total != 1 else text + f" (1 {one})."


def timeline_caption(period: str, selected: int, unplaced: int, concepts: Iterable[str] = (),
                     actors: Iterable[str] = ()) -> str:
    """What a timeline counts: statements (on which concepts, by whom) per period and stance.

    Parameters
    ----------
    period : {"year", "month"}
    selected : int
        Statements the filters kept.
    unplaced : int
        Of those, statements dated too vaguely for the period (not drawn).
    concepts, actors : iterable of str
        Labels of the concepts and names of the actors the statements were chosen by.

    Examples
    --------
    >>> print(timeline_caption("month", 10, 6, concepts=["Privatisation"]))  # doctest: +NORMALIZE_WHITESPACE
    Statements on Privatisation (and narrower concepts) per month by stance: 10 statements,
    of which 6 dated only to the year are not drawn.
    """
    concepts, actors = list(concepts), list(actors)
    what = "Statements"
    if concepts:
        what += " on " + ", ".join(concepts) + " (and narrower concepts)"
    if actors:
        what += " by " + ", ".join(actors)
    text = f"{what} per {period} by stance: {counted(selected, 'statement')}"
    if unplaced:
        text += (f", of which {unplaced:,} dated only to the year {'is' if unplaced == 1 else 'are'} not drawn"
                 if unplaced < selected else f", none dated more exactly than the year, so none is drawn")
    return text + "."


def polarisation_caption(level: str, window, step, windows: int) -> str:
    """What a polarisation figure draws: both measures, their windows, and what the bars mean.

    Examples
    --------
    >>> print(polarisation_caption("organisation", "2y", "1y", 7))  # doctest: +NORMALIZE_WHITESPACE
    Polarisation of the organisations' debate: Leifeld's polarisation score (greedy search for two
    clusters, normalised, as DNA computes it) in uniform kernel slices of 2 years, and the modularity
    (Newman 2006) of the Louvain coalitions of the congruence network in 7 windows of 2 years starting
    1 year apart; bars mark each window's span.
    """
    whose = "people's" if level == "person" else f"{level}s'"
    return (f"Polarisation of the {whose} debate: Leifeld's polarisation score (greedy search for two clusters, "
            f"normalised, as DNA computes it) in uniform kernel slices of {span_words(window)}, and the modularity "
            f"(Newman 2006) of the Louvain coalitions of the congruence network in {counted(windows, 'window')} "
            f"of {span_words(window)} starting {span_words(step)} apart; bars mark each window's span.")
