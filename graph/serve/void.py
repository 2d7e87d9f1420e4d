"""Self-description of a served dataset: its VoID description and the SPARQL service description.

* The **VoID description** (W3C Interest Group Note "Describing Linked Datasets with
  the VoID Vocabulary", 2011) is the dataset node the graph already carries
  (``void:Dataset`` with title, licence, counts, class partitions) plus what only the
  server knows: ``void:sparqlEndpoint``, ``void:dataDump`` (the whole graph,
  downloadable) and ``void:exampleResource`` (one resource of each main class,
  which dereferences to its page). VoID §7.2 asks for it at ``/.well-known/void``.
* The **service description** (W3C Recommendation "SPARQL 1.1 Service Description",
  2013) names the endpoint, its language and result formats, and its default
  dataset: the VoID dataset node itself (``sd:defaultDataset``, typed ``sd:Dataset``),
  never a blank node, so the two descriptions link up; it points to the VoID
  description with ``rdfs:seeAlso``. Both bind their prefixes (``sd:``,
  ``dcterms:``, ``void:`` …), so no ``ns1:`` appears.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SKOS, VOID, Namespace

from stancegraph.schema.vocab import SG

from .linked_data import ResourceSite, describe

__all__ = ["SD", "FORMATS", "void_description", "service_description", "example_resources", "DUMP_PATH"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DUMP_PATH = "/dump.ttl"
"""Where the server offers the whole graph as Turtle (``void:dataDump``)."""

_EXAMPLE_CLASSES = (ORG.Organization, FOAF.Person, SKOS.Concept, SG.Statement, FOAF.Document)


def example_resources(site: ResourceSite, look_at: int = 50) -> list[URIRef]:
    """One resource of each main class (organisation, person, concept, statement, document).

    Of the first ``look_at`` resources of a class (by IRI), the one most often
    referred to (ties: the first IRI); only those are read, so this stays cheap on
    large stores.
    """
    graph = site.graph
    chosen = []
    for cls in _EXAMPLE_CLASSES:
        candidates = _first_instances(site, cls, look_at)
        if candidates:
            chosen.append(min(candidates, key=lambda s: (-sum(1 for _ in graph.subject_predicates(s)), str(s))))
    return chosen


def _first_instances(site: ResourceSite, cls: URIRef, n: int) -> list[URIRef]:
    """The first ``n`` IRIs (by code point) of the dataset's instances of ``cls``.

    Asked of the store's engine: listing every instance through rdflib took 8 s of
    ``serve``'s start-up at 100,000 synthetic statements (an Oxigraph store read
    through oxrdflib); Oxigraph's ``ORDER BY`` of IRIs is by code point, as Python's.
    """
    from ..sparql.terms import sparql_term

    query = (f"SELECT ?s WHERE {{ ?s a {sparql_term(cls)} "
             f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {sparql_term(Literal(site.base_iri))})) }} "
             f"ORDER BY ?s LIMIT {int(n)}")
    return sorted(URIRef(str(row[0])) for row in site.graph.query(query))


def void_description(site: ResourceSite, origin: str) -> Graph:
    """The VoID description of the served dataset, as served at ``/.well-known/void``.

    Parameters
    ----------
    site : ResourceSite
        The served dataset (its graph must hold the ``void:Dataset`` node).
    origin : str
        The server's origin as the client sees it, e.g. ``http://127.0.0.1:8000``;
        endpoint and dump IRIs are made from it.

    Returns
    -------
    rdflib.Graph
        The dataset node's description plus ``void:sparqlEndpoint``,
        ``void:dataDump`` and ``void:exampleResource``.
    """
    origin = origin.rstrip("/")
    if site.dataset_iri is None:
        graph = Graph(bind_namespaces="none")
        for prefix, ns in site.graph.namespaces():
            graph.bind(prefix, ns, override=True, replace=True)
        node = URIRef(origin + "/.well-known/void#dataset")
        graph.add((node, RDF.type, VOID.Dataset))
    else:
        node = URIRef(site.dataset_iri)
        graph = describe(site, node)
    graph.bind("void", VOID, override=True, replace=True)
    graph.add((node, VOID.sparqlEndpoint, URIRef(origin + "/sparql")))
    graph.add((node, VOID.dataDump, URIRef(origin + DUMP_PATH)))
    for example in example_resources(site):
        graph.add((node, VOID.exampleResource, example))
    return graph


def service_description(endpoint: str, site: ResourceSite | None) -> Graph:
    """The SPARQL 1.1 Service Description of ``endpoint`` (its absolute URL).

    The default dataset is the VoID dataset node when the server knows it; it is
    typed ``sd:Dataset`` and linked to ``/.well-known/void`` by ``rdfs:seeAlso``.
    """
    graph = Graph(bind_namespaces="none")
    for prefix, ns in (("sd", SD), ("formats", FORMATS), ("dcterms", DCTERMS), ("void", VOID), ("rdfs", RDFS)):
        graph.bind(prefix, ns)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
        graph.add((service, SD.resultFormat, FORMATS[name]))
    origin = endpoint.rsplit("/sparql", 1)[0]
    if site is not None and site.dataset_iri:
        default = URIRef(site.dataset_iri)
        graph.add((default, RDF.type, VOID.Dataset))
        graph.add((default, DCTERMS.title, Literal(site.title)))
    else:
        default = URIRef(origin + "/.well-known/void#dataset")
    graph.add((service, SD.defaultDataset, default))
    graph.add((default, RDF.type, SD.Dataset))
    graph.add((default, RDFS.seeAlso, URIRef(origin + "/.well-known/void")))
    graph.add((default, DCTERMS.description,
               Literal("Read-only: SPARQL Update, LOAD, SERVICE and FROM are refused.")))
    return graph
