"""``query``'s parameters and table as a new user meets them (tester's report, items 11, 13, 14, 18, 25, 28).

- ``--store`` with ``--data``/``--corpus`` is refused in the one line ``network`` gives;
- a parameter is accepted in the forms the tables print (``concept:cooperatives``,
  ``<IRI>``; a stance as ``sg:Support``), for every kind, on the seeds, on a store
  view and on the oxrdflib graph ``serve`` resolves against;
- a repeated ``--param`` is one line naming it; a misspelt one is one line;
- the table leaves out every column a bound parameter fixes (and its label), 0 rows too;
- ``-o X.trig`` writes a graph answer as TriG.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from stancegraph.graph.cli import cli
from stancegraph.graph.errors import UsageError
from stancegraph.graph.sparql.library import ParameterKind, named_queries, resolve_parameters

QUERIES = named_queries()


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def nhs_db(tmp_path_factory):
    """The embedded dataset in an on-disk Oxigraph store."""
    import gc

    from stancegraph.graph.stores.store import close_store

    folder = tmp_path_factory.mktemp("params")
    spec = f"oxigraph:{folder / 'nhs.db'}"
    result = run("build", "--no-shacl", "--no-html", "-q", "--out", folder / "out", "--store", spec)
    assert result.exit_code == 0, result.output
    close_store(spec)
    gc.collect()
    yield folder / "nhs.db"
    close_store(spec)


# --- 11: --store with seed options ---------------------------------------------------------------


@pytest.mark.parametrize("store", ["oxigraph:{db}", "sparql:http://127.0.0.1:9/sparql"])
@pytest.mark.parametrize("seed_options", [("--data", "{seeds}"), ("--corpus", "{corpus}"),
                                          ("--data", "{seeds}", "--corpus", "{corpus}")])
def test_a_store_with_seed_options_is_refused_as_network_refuses_it(store, seed_options, mini_seeds, mini_corpus,
                                                                     tmp_path):
    spec = store.format(db=tmp_path / "none.db")  # refused before the store is opened
    options = [o.format(seeds=mini_seeds, corpus=mini_corpus) for o in seed_options]
    ours = run("query", "supporters", "--param", "concept=cooperatives", "--store", spec, *options)
    assert ours.exit_code == 2 and ours.stdout == ""
    assert ours.stderr.splitlines() == [f"Error: --store {spec} reads the dataset from the store; --data and --corpus "
                                        "are not read (leave them out, or leave out --store)"]
    network = run("network", "--store", spec, *options)
    assert network.exit_code == 2
    assert network.stderr.splitlines() == [ours.stderr.strip().replace("--data and", "DATA_DIR and")]
    assert not (tmp_path / "none.db").exists()


def test_rdflibs_memory_store_reads_the_seeds_so_takes_data(mini_seeds):
    result = run("query", "supporters", "--param", "concept=cooperatives", "--store", "memory",
                 "--data", mini_seeds, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "/person/ann-smith" in result.stdout


# --- 13: the forms the tables print ---------------------------------------------------------------


_KIND_PREFIX = {"concept": "concept", "person": "person", "organisation": "organisation", "document": "document"}


def _lookups(mini_dataset, mini_graph):
    """What parameters are resolved against: rdflib's graph, a pyoxigraph store view (query NAME
    on seeds or a store), and the oxrdflib graph of an in-memory Oxigraph store (serve's site graph)."""
    from stancegraph.graph.stores.memory import in_memory_graph
    from stancegraph.graph.stores.view import in_memory_view

    return {"rdflib": mini_graph, "store view": in_memory_view(mini_dataset), "oxrdflib": in_memory_graph(mini_dataset)}


def _text(term) -> str:
    return getattr(term, "value", None) or str(term)


def test_every_entity_kind_takes_the_prefixed_name_and_the_bracketed_iri(mini_dataset, mini_graph):
    from stancegraph.graph.sparql.library import NamedQuery, Parameter

    base = str(mini_dataset.info.base_iri).rstrip("/") + "/"
    entities = {  # kind → (ids of the mini seeds, the IRI folder their kind is minted in)
        "concept": sorted(mini_dataset.concepts),
        "person": sorted(mini_dataset.people),
        "organisation": sorted(mini_dataset.organisations),
        "document": sorted(mini_dataset.documents),
    }
    lookups = _lookups(mini_dataset, mini_graph)
    checked = 0
    for kind in ParameterKind:
        if not kind.is_entity:
            continue
        folders = ["person", "organisation"] if kind is ParameterKind.ACTOR else [kind.value]
        query = NamedQuery("q", "q", "", (Parameter("x", kind, "x"),), (), "SELECT ?x WHERE { ?x ?p ?o }")
        for folder in folders:
            for ident in entities[folder]:
                iri = f"{base}{folder}/{ident}"
                for name, graph in lookups.items():
                    for written in (ident, f"{_KIND_PREFIX[folder]}:{ident}", f"<{iri}>", iri):
                        found = resolve_parameters(graph, query, {"x": written})["x"]
                        assert _text(found) == iri, (kind, name, written)
                        checked += 1
                    other = "concept" if folder != "concept" else "person"
                    with pytest.raises(UsageError, match=f"no {kind.value} '{other}:{ident}'"):
                        resolve_parameters(graph, query, {"x": f"{other}:{ident}"})  # the prefix of another kind
    assert checked >= 4 * 3 * (len(entities["concept"]) + 2 * len(entities["person"]))


def test_a_stance_takes_its_word_and_its_class(mini_dataset, mini_graph):
    query = QUERIES["stance-evidence"]
    for name, graph in _lookups(mini_dataset, mini_graph).items():
        for word, cls in (("support", "Support"), ("oppose", "Oppose"), ("mixed", "Mixed")):
            for written in (word, word.upper(), f"sg:{cls}", f"<https://w3id.org/stancegraph/ns#{cls}>"):
                values = {"actor": "ann-smith", "concept": "cooperatives", "stance": written}
                assert _text(resolve_parameters(graph, query, values)["stance"]) == word, (name, written)
        with pytest.raises(UsageError, match="'sg:support' is not a stance"):
            resolve_parameters(graph, query, {"actor": "ann-smith", "concept": "cooperatives", "stance": "sg:support"})


def test_the_cli_takes_the_printed_form_on_seeds_on_rdflibs_store_and_on_a_store(nhs_db):
    plain = run("query", "supporters", "--param", "concept=cooperatives", "--format", "csv")
    assert plain.exit_code == 0 and plain.stdout.count("\n") > 5
    for store in ([], ["--store", "memory"], ["--store", f"oxigraph:{nhs_db}"]):
        for written in ("concept:cooperatives", "<https://w3id.org/stancegraph/nhs/concept/cooperatives>"):
            result = run("query", "supporters", "--param", f"concept={written}", "--format", "csv", *store)
            assert result.exit_code == 0, (store, result.output)
            assert result.stdout == plain.stdout, store


def test_the_printed_form_on_a_store_imports_no_rdflib_rich_or_metadata(nhs_db, tmp_path):
    code = ("import sys\nfrom stancegraph.graph.cli import cli\n"
            "try:\n    cli(['query', 'stance-evidence', '--param', 'actor=organisation:nhs-alliance', '--param', "
            "'concept=<https://w3id.org/stancegraph/nhs/concept/social-enterprise>', '--param', 'stance=sg:Support', "
            f"'--store', 'oxigraph:{nhs_db}', '--output', {str(tmp_path / 'a.csv')!r}])\n"
            "except SystemExit as done:\n    assert not done.code, done.code\n"
            "heavy = [m for m in ('rdflib', 'rich', 'importlib.metadata', 'difflib') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "a.csv").read_text().count("\n") == 3  # the header and the two statements


# --- 14 and 18: a parameter given twice, a misspelt one ------------------------------------------


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_repeated_parameter_is_one_line_naming_it(name):
    for parameter in QUERIES[name].parameters:
        result = run("query", name, "--param", f"{parameter.name}=a", "--param", f"{parameter.name}=b b")
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines() == [
            f"Error: --param '{parameter.name}' is given 2 times ('a', 'b b'); it takes one value"]
    assert all(p.kind in ParameterKind for p in QUERIES[name].parameters)  # none is declared to take several


def test_a_misspelt_parameter_is_one_line(mini_graph):
    result = run("query", "supporters", "--param", "concep=cooperatives")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["Error: query 'supporters' has no parameter 'concep' (did you mean 'concept'?)"]
    for name, query in QUERIES.items():  # each parameter misspelt (its last letter left out), the rest given
        for parameter in query.parameters:
            values = {p.name: "x" for p in query.parameters if p is not parameter}
            values[parameter.name[:-1]] = "x"
            with pytest.raises(UsageError) as caught:
                resolve_parameters(mini_graph, query, values)
            lines = str(caught.value).splitlines()
            wanted = f"query '{name}' has no parameter '{parameter.name[:-1]}' (did you mean '{parameter.name}'?)"
            assert wanted in lines, (name, lines)
            assert not any(f"needs --param {parameter.name}=" in line for line in lines), (name, lines)


def test_an_unknown_parameter_near_none_still_says_what_is_missing(mini_graph):
    with pytest.raises(UsageError) as caught:
        resolve_parameters(mini_graph, QUERIES["supporters"], {"zzz": "1"})
    assert str(caught.value).splitlines() == [
        "query 'supporters' has no parameter 'zzz' (its parameters: concept)",
        "query 'supporters' needs --param concept=… (the concept, by id, label or IRI)"]


# --- 25: the columns a parameter fixes ----------------------------------------------------------


def _selected(name: str) -> list[str]:
    """The projected variables, read from the query's text."""
    text = QUERIES[name].text
    select = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE", text, re.S).group(1)
    return [m.group(1) or m.group(2) for m in re.finditer(r"\(\s*[^()]*(?:\([^()]*\)[^()]*)*\s+AS\s+\?(\w+)\s*\)|\?(\w+)",
                                                            select)]


def _table(result):
    lines = result.stdout.splitlines()
    return lines[0].split(), [line for line in lines[2:] if line.strip()], result.stderr.strip()


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_named_query_leaves_out_the_columns_its_parameters_fix(name, nhs_db):
    query = QUERIES[name]
    values = query.example_values()
    bound = {p.name for p in query.parameters if p.name in values or p.default is not None}
    args = [a for key, value in values.items() for a in ("--param", f"{key}={value}")]
    result = run("query", name, *args, "--store", f"oxigraph:{nhs_db}")
    assert result.exit_code == 0, result.output
    header, body, note = _table(result)
    wanted = [v for v in _selected(name) if v not in bound and v not in {b + s for b in bound for s in ("Label", "Title")}]
    assert header == wanted
    assert re.fullmatch(r"[\d,]+ rows?" + (r" \(.*\)" if bound else ""), note), note
    assert [part.split(" = ")[0] for part in re.findall(r"(\w+ = [^;)]+)", note)] == [
        v for v in _selected(name) if v in bound]
    if bound:
        assert len(body) > 0 and note.endswith(" on every row)")


@pytest.mark.parametrize("name, values", [
    ("agreeing-actors", {"actor": "nhs-alliance", "minimum": "99999"}),
    ("stance-evidence", {"actor": "nhs-alliance", "concept": "social-enterprise", "stance": "mixed"}),
    ("members", {"organisation": "nhs-england"}),
])
@pytest.mark.parametrize("store", [False, True])
def test_a_0_row_answer_shows_no_parameter_column(name, values, store, nhs_db):
    args = [a for key, value in values.items() for a in ("--param", f"{key}={value}")]
    result = run("query", name, *args, *(["--store", f"oxigraph:{nhs_db}"] if store else []))
    assert result.exit_code == 0, result.output
    header, body, note = _table(result)
    assert body == []
    bound = [v for v in _selected(name) if v in values or v == "minimum"]
    assert header == [v for v in _selected(name) if v not in bound and v not in {b + "Label" for b in bound}]
    assert note.startswith("0 rows (") and not note.endswith("on every row)")
    assert [part.split(" = ")[0] for part in note[len("0 rows ("):-1].split("; ")] == bound


# --- 28: every RDF ending export writes ---------------------------------------------------------


def test_a_graph_answer_takes_every_ending_export_writes(tmp_path):
    import pyoxigraph as ox

    from stancegraph.graph.cli.common import QUERY_ENDINGS, RDF_ENDINGS

    assert set(RDF_ENDINGS) <= set(QUERY_ENDINGS)
    construct = "CONSTRUCT { ?c skos:prefLabel ?l } WHERE { ?c skos:prefLabel ?l }"
    parsers = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
               ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML}
    counts = {}
    for ending in RDF_ENDINGS:
        out = tmp_path / f"c{ending}"
        result = run("query", construct, "-o", out)
        assert result.exit_code == 0, (ending, result.output)
        quads = list(ox.parse(path=str(out), format=parsers[ending]))
        assert all(q.graph_name == ox.DefaultGraph() for q in quads), ending  # one graph: the default graph
        counts[ending] = len(quads)
    assert len(set(counts.values())) == 1 and counts[".trig"] > 10, counts
    refused = run("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "-o", tmp_path / "s.trig")
    assert refused.exit_code == 2 and "a SELECT answer is a table" in refused.stderr
