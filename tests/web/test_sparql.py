"""The /sparql endpoint: SPARQL 1.1 Protocol, result formats, refusals, limits, the HTML page."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib

from kg.namespaces import KG, RDF
from web.sparql import PAGE_MAX_ROWS
from web.sparql_page import EXAMPLES

PARKS = "SELECT ?park ?label WHERE { ?park a kg:IndustrialPark ; rdfs:label ?label } ORDER BY ?label"
PARK_LABELS = ["KCN Sông Công 1", "KCN Sông Công 2"]
CONSTRUCT_PARKS = (
    "CONSTRUCT { ?park a kg:IndustrialPark ; rdfs:label ?l } WHERE { ?park a kg:IndustrialPark ; rdfs:label ?l }"
)
SRX = "{http://www.w3.org/2005/sparql-results#}"
JSON_ACCEPT = {"Accept": "application/sparql-results+json"}


def labels(response) -> list[str]:
    data = json.loads(response.data)
    return [b["label"]["value"] for b in data["results"]["bindings"]]


# -- protocol -----------------------------------------------------------------------------------
def test_get_select_returns_sparql_json(client):
    response = client.get("/sparql", query_string={"query": PARKS})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert labels(response) == PARK_LABELS
    assert response.headers["X-Result-Rows"] == "2"
    assert "X-Result-Truncated" not in response.headers


def test_post_form(client):
    response = client.post("/sparql", data={"query": PARKS})
    assert response.status_code == 200
    assert labels(response) == PARK_LABELS


def test_post_direct_query_body(client):
    response = client.post("/sparql", data=PARKS.encode("utf-8"), content_type="application/sparql-query")
    assert response.status_code == 200
    assert labels(response) == PARK_LABELS


def test_default_graph_is_the_union_and_dataset_parameters_are_honoured(client, app):
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Proposal }"
    union = json.loads(client.get("/sparql", query_string={"query": count}).data)
    assert int(union["results"]["bindings"][0]["n"]["value"]) > 0
    ontology = app.config["KG_BASE_IRI"] + "graph/ontology"
    only_ontology = client.get("/sparql", query_string={"query": count, "default-graph-uri": ontology})
    assert json.loads(only_ontology.data)["results"]["bindings"][0]["n"]["value"] == "0"
    graphs = client.get(
        "/sparql",
        query_string={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": ontology},
    )
    assert [b["g"]["value"] for b in json.loads(graphs.data)["results"]["bindings"]] == [ontology]


def test_bad_dataset_iri_is_a_400(client):
    response = client.get("/sparql", query_string={"query": PARKS, "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert response.json["ok"] is False


# -- result formats -----------------------------------------------------------------------------
def test_xml_results_parse(client):
    response = client.get(
        "/sparql", query_string={"query": PARKS}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert response.mimetype == "application/sparql-results+xml"
    root = ET.fromstring(response.data)
    values = [lit.text for lit in root.iter(f"{SRX}literal")]
    assert values == PARK_LABELS


@pytest.mark.parametrize("how", [{"headers": {"Accept": "text/csv"}}, {"query_string": {"format": "csv"}}])
def test_csv_results_parse(client, how):
    params = {"query": PARKS, **how.get("query_string", {})}
    response = client.get("/sparql", query_string=params, headers=how.get("headers"))
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert [r["label"] for r in rows] == PARK_LABELS
    assert all(r["park"].startswith("http://kg.test/entity/industrial-park/") for r in rows)


def test_tsv_results_parse(client):
    response = client.get("/sparql", query_string={"query": PARKS, "format": "tsv"})
    assert response.mimetype == "text/tab-separated-values"
    lines = response.data.decode("utf-8").strip().split("\n")
    assert lines[0].split("\t") == ["?park", "?label"]
    assert lines[1].split("\t")[1] == '"KCN Sông Công 1"@vi'


def test_application_json_and_wildcard_accept_get_sparql_json(client):
    for accept in ("application/json", "*/*"):
        response = client.get("/sparql", query_string={"query": PARKS}, headers={"Accept": accept})
        assert response.mimetype == "application/sparql-results+json", accept
        assert labels(response) == PARK_LABELS


@pytest.mark.parametrize(
    "query, expected",
    [("ASK { ?p a kg:IndustrialPark }", True), ('ASK { ?p a kg:Congress ; rdfs:label "no such" }', False)],
)
def test_ask_json_and_xml(client, query, expected):
    as_json = client.get("/sparql", query_string={"query": query})
    assert json.loads(as_json.data)["boolean"] is expected
    as_xml = client.get("/sparql", query_string={"query": query, "format": "xml"})
    assert ET.fromstring(as_xml.data).find(f"{SRX}boolean").text == str(expected).lower()


@pytest.mark.parametrize(
    "fmt, mime, rdflib_format",
    [
        (None, "text/turtle", "turtle"),
        ("nt", "application/n-triples", "nt"),
        ("jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_construct_formats_parse(client, fmt, mime, rdflib_format):
    params = {"query": CONSTRUCT_PARKS, **({"format": fmt} if fmt else {})}
    response = client.get("/sparql", query_string=params)
    assert response.status_code == 200
    assert response.mimetype == mime
    graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    parks = set(graph.subjects(RDF.type, KG.IndustrialPark))
    assert {str(p) for p in parks} == {
        "http://kg.test/entity/industrial-park/kcn-song-cong-1",
        "http://kg.test/entity/industrial-park/kcn-song-cong-2",
    }
    assert response.headers["X-Result-Rows"] == str(len(graph))


def test_turtle_declares_only_the_prefixes_it_uses(client):
    body = client.get("/sparql", query_string={"query": CONSTRUCT_PARKS}).data.decode("utf-8")
    assert "@prefix kg:" in body and "@prefix rdfs:" in body
    assert "@prefix sdmx-measure:" not in body


def test_describe(client):
    query = "DESCRIBE <http://kg.test/entity/ward/05512>"
    graph = rdflib.Graph().parse(data=client.get("/sparql", query_string={"query": query}).data, format="turtle")
    assert (rdflib.URIRef("http://kg.test/entity/ward/05512"), RDF.type, KG.Ward) in graph


def test_format_for_the_other_kind_of_result_is_406(client):
    response = client.get("/sparql", query_string={"query": CONSTRUCT_PARKS, "format": "csv"})
    assert response.status_code == 406
    assert response.json["ok"] is False and "graph" in response.json["error"]


def test_unknown_format_is_400(client):
    response = client.get("/sparql", query_string={"query": PARKS, "format": "yaml"})
    assert response.status_code == 400
    assert "yaml" in response.json["error"]


# -- refusals -----------------------------------------------------------------------------------
UPDATES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://x/>\nDELETE { ?s ?p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://kg.test/graph/ontology>",
    "CREATE GRAPH <http://x/g>",
    "# a comment first\nclear default",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_and_change_nothing(client, update):
    before = client.get("/api/stats").json["quads"]
    for response in (
        client.get("/sparql", query_string={"query": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", data=update, content_type="application/sparql-query"),
    ):
        assert response.status_code == 400
        assert response.json == {"ok": False, "status": 400, "error": response.json["error"]}
        assert "read-only" in response.json["error"]
    assert client.get("/api/stats").json["quads"] == before


def test_update_parameter_and_update_media_type_are_refused(client):
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 400
    assert client.get("/sparql", query_string={"update": "CLEAR ALL"}).status_code == 400
    response = client.post("/sparql", data="CLEAR ALL", content_type="application/sparql-update")
    assert response.status_code == 400 and "read-only" in response.json["error"]


SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { # SERVICE in a comment, then the real one\n SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { { ?s ?q ?x . SERVICE ?endpoint { ?x ?r ?y } } } }",
    "SELECT * WHERE { ?s ?p 1 SERVICE<http://127.0.0.1:1/>{?s ?p ?o} }",
    'SELECT * WHERE { BIND("\\u0022" AS ?x) SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } BIND("x" AS ?y) }',
    "PREFIX service: <http://x/>\nSELECT * WHERE { ?s service:p ?o }",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused(client, query):
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert "SERVICE" in response.json["error"]


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { BIND("SERVICE <http://x/> {}" AS ?x) }',
        "SELECT ?x WHERE { BIND(<http://example.org/SERVICE> AS ?x) }",
        "SELECT ?x WHERE { # SERVICE <http://x/> { }\n BIND(1 AS ?x) }",
        "SELECT ?service WHERE { BIND(schema:Service AS ?service) }",
    ],
)
def test_the_word_service_in_strings_iris_comments_and_names_is_fine(client, query):
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


def test_syntax_error_is_a_400_with_the_parser_message(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert response.json["error"].startswith("SPARQL syntax error")


def test_no_query_too_long_several_queries_and_bad_body(client):
    assert client.get("/sparql", headers=JSON_ACCEPT).status_code == 400
    assert client.get("/sparql", query_string={"query": "   "}).status_code == 400
    long_query = "SELECT * WHERE { ?s ?p ?o }" + " " * 100_000
    response = client.post("/sparql", data={"query": long_query})
    assert response.status_code == 400 and "100,000" in response.json["error"]
    both = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert both.status_code == 400
    assert client.post("/sparql", data=b"{}", content_type="application/json").status_code == 415


# -- limits -------------------------------------------------------------------------------------
def test_row_cap_truncates_and_says_so(make_app):
    app = make_app(KG_SPARQL_MAX_ROWS=3)
    client = app.test_client()
    try:
        response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert response.status_code == 200
        assert len(json.loads(response.data)["results"]["bindings"]) == 3
        assert response.headers["X-Result-Truncated"] == "true"
        assert response.headers["X-Result-Limit"] == "3"
        graph = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
        assert len(rdflib.Graph().parse(data=graph.data, format="nt")) == 3
        assert graph.headers["X-Result-Truncated"] == "true"
        small = client.get("/sparql", query_string={"query": PARKS})
        assert "X-Result-Truncated" not in small.headers
    finally:
        app.extensions["sparql"].close()


def test_timeout_stops_the_query_and_the_next_one_runs(make_app):
    app = make_app(KG_SPARQL_TIMEOUT=1, SPARQL_WORKERS=1)
    client = app.test_client()
    expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    try:
        assert client.get("/sparql", query_string={"query": PARKS}).status_code == 200
        worker = app.extensions["sparql"].workers[0]
        first = worker.proc
        response = client.get("/sparql", query_string={"query": expensive})
        assert response.status_code == 503
        assert "1-second limit" in response.json["error"]
        assert first.poll() is not None  # the worker running it was killed
        assert labels(client.get("/sparql", query_string={"query": PARKS})) == PARK_LABELS
        assert worker.proc is not first
    finally:
        app.extensions["sparql"].close()


# -- HTML page ----------------------------------------------------------------------------------
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_browser_gets_the_query_page_with_examples(client):
    response = client.get("/sparql", headers=HTML)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.data.decode("utf-8")
    assert 'id="sparql-query"' in page and 'name="query"' in page
    for example in EXAMPLES:
        assert example.en in page
    assert "<script>" not in page and "/static/sparql.js" in page


def test_page_with_query_shows_a_table_linking_entities(client):
    page = client.get("/sparql", query_string={"query": PARKS}, headers=HTML).data.decode("utf-8")
    assert 'href="/entity/industrial-park/kcn-song-cong-2"' in page
    assert "KCN Sông Công 2" in page
    assert "format=csv" in page  # download links


def test_page_table_stops_at_the_page_cap(client):
    page = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=HTML).data.decode()
    assert page.count("<tr>") == 1 + PAGE_MAX_ROWS  # header row + the capped rows
    assert f"truncated at {PAGE_MAX_ROWS}" in page


def test_page_shows_errors_in_place(client):
    response = client.post("/sparql", data={"query": "DROP ALL", "format": "html"}, headers=HTML)
    assert response.status_code == 400
    page = response.data.decode("utf-8")
    assert "read-only" in page and "DROP ALL" in page  # the message, and the query kept in the box


def test_page_escapes_values_and_links_only_http_iris(client):
    query = 'SELECT ?x ?y WHERE { BIND("<script>alert(1)</script>" AS ?x) BIND(IRI("javascript:alert(1)") AS ?y) }'
    page = client.get("/sparql", query_string={"query": query}, headers=HTML).data.decode("utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.en for e in EXAMPLES])
def test_every_example_runs_and_finds_something(client, example):
    response = client.get(
        "/sparql", query_string={"query": example.query, "format": "nt" if "CONSTRUCT" in example.query else "json"}
    )
    assert response.status_code == 200
    if example.query.startswith("ASK"):
        assert json.loads(response.data)["boolean"] is True
    else:
        assert int(response.headers["X-Result-Rows"]) >= 1
