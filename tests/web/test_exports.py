"""Downloads: the whole graph in five formats, one entity, one document."""

from __future__ import annotations

import re

import pytest
import rdflib

from kg.kb import KnowledgeBase
from kg.namespaces import KG, RDF

PARK = rdflib.URIRef("http://kg.test/entity/industrial-park/kcn-song-cong-2")
WARD = rdflib.URIRef("http://kg.test/entity/ward/05512")
ROAD = rdflib.URIRef("http://kg.test/entity/road/19-dt-262")


@pytest.fixture(scope="module")
def stored(web_config):
    """Quads in the demo store and its one document id."""
    with KnowledgeBase(web_config, read_only=True) as kb:
        return len(kb.store), kb.documents()[0].doc_id


@pytest.mark.parametrize(
    "ext, mime, rdflib_format",
    [
        ("ttl", "text/turtle", "turtle"),
        ("nt", "application/n-triples", "nt"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("trig", "application/trig", "trig"),
        ("nq", "application/n-quads", "nquads"),
    ],
)
def test_whole_export_parses_and_holds_the_entities(client, ext, mime, rdflib_format):
    response = client.get(f"/export.{ext}")
    assert response.status_code == 200
    assert response.mimetype == mime
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(rf"attachment; filename=vnkg-export-\d{{8}}\.{ext}", disposition), disposition
    assert int(response.headers["Content-Length"]) == len(response.data)
    data = rdflib.Dataset()
    data.parse(data=response.data, format=rdflib_format)
    for entity, kind in ((PARK, KG.IndustrialPark), (WARD, KG.Ward), (ROAD, KG.Road)):
        assert any(data.quads((entity, RDF.type, kind, None))), (entity, ext)


def test_quad_export_keeps_every_quad_and_graph(client, stored):
    quads, doc_id = stored
    data = rdflib.Dataset()
    data.parse(data=client.get("/export.nq").data, format="nquads")
    assert len(list(data.quads((None, None, None, None)))) == quads
    names = {str(g.identifier) for g in data.graphs()}
    assert f"http://kg.test/graph/doc/{doc_id}" in names and "http://kg.test/graph/ontology" in names


def test_unknown_export_format_is_404(client):
    response = client.get("/export.xml", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["ok"] is False and ".ttl" in response.json["error"]


@pytest.mark.parametrize("ext, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_entity_export(client, ext, rdflib_format):
    response = client.get(f"/export/entity/industrial-park/kcn-song-cong-2.{ext}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="kcn-song-cong-2.{ext}"'
    graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    assert (PARK, RDF.type, KG.IndustrialPark) in graph
    assert (PARK, KG.locatedIn, rdflib.URIRef("http://kg.test/entity/city/165")) in graph
    assert any(graph.subjects(KG.concerns, PARK))  # the proposal about it points in


@pytest.mark.parametrize(
    "path",
    [
        "/export/entity/industrial-park/no-such-park.ttl",
        "/export/entity/industrial-park/kcn-song-cong-2.xml",
        "/export/entity/industrial-park/kcn-song-cong-2",
        "/export/entity/industrial-park/a%3E%20%7D.ttl",
    ],
)
def test_entity_export_errors_are_404(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["ok"] is False


def test_document_export_is_its_named_graph(client, stored):
    _, doc_id = stored
    response = client.get(f"/export/doc/{doc_id}.ttl")
    assert response.headers["Content-Disposition"] == f'attachment; filename="doc-{doc_id}.ttl"'
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    doc = rdflib.URIRef(f"http://kg.test/doc/{doc_id}")
    assert (doc, RDF.type, KG.Document) in graph
    assert (None, KG.refersTo, PARK) in graph  # mentions travel with the document
    trig = rdflib.Dataset()
    trig.parse(data=client.get(f"/export/doc/{doc_id}.trig").data, format="trig")
    named = trig.graph(rdflib.URIRef(f"http://kg.test/graph/doc/{doc_id}"))
    assert len(named) == len(graph)


def test_unknown_document_export_is_404(client):
    assert client.get("/export/doc/0000000000000000.ttl").status_code == 404
    assert client.get("/export/doc/x.pdf").status_code == 404


# -- the figures table as CSV ------------------------------------------------------------------
def read_csv(response) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_figures_csv_header_bom_and_plain_numbers(client):
    from web.exports import FIGURE_COLUMNS

    response = client.get("/export/figures.csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="vnkg-figures-\d{8}\.csv"', response.headers["Content-Disposition"])
    assert response.data.startswith("\ufeffvalue,unit,".encode())  # the BOM Excel needs for Vietnamese
    rows = read_csv(response)
    assert len(rows) == 14 and tuple(rows[0]) == FIGURE_COLUMNS
    income = next(r for r in rows if r["unit"] == "VND/người")
    assert (income["value"], income["unit_label"], income["period"]) == ("70000000", "đồng/người", "2020")
    assert income["subject"] == "Thành phố Sông Công" and income["subject_iri"] == "http://kg.test/entity/city/165"
    assert income["document"].startswith("Chủ tịch UBND") and income["document_source"].endswith(
        "000_21c30ca8b6a13368.txt"
    )
    assert re.fullmatch(r"http://localhost/doc/[0-9a-f]{16}#s\d+", income["sentence_url"])
    assert "70 triệu" in income["sentence"]
    trade = next(r for r in rows if r["target"])
    assert (trade["value"], trade["target"], trade["status"], trade["comparator"]) == ("20", "22", "missed", "")
    assert {r["comparator"] for r in rows} == {"", ">", "<", "≈"}  # an exact figure has none
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", r["value"]) for r in rows)  # a dot, no grouping, no exponent


def test_figures_csv_honours_the_page_filters_and_order(client):
    rows = read_csv(client.get("/export/figures.csv", query_string={"unit": "%", "sort": "value", "order": "desc"}))
    assert len(rows) == 8 and {r["unit"] for r in rows} == {"%"}
    assert [float(r["value"]) for r in rows] == sorted((float(r["value"]) for r in rows), reverse=True)
    assert [
        r["value"] for r in read_csv(client.get("/export/figures.csv?subject=industrial-park/kcn-song-cong-2"))
    ] == ["180", "45"]
    empty = client.get("/export/figures.csv", query_string={"q": "không có gì như thế", "bom": "0"})
    assert empty.data.decode("utf-8").startswith("value,unit,") and len(read_csv(empty)) == 0
    bad = client.get("/export/figures.csv", query_string={"year": "20"}, headers={"Accept": "application/json"})
    assert bad.status_code == 400 and bad.json["ok"] is False


def test_figures_csv_defuses_formulas_but_not_numbers():
    from web.exports import decimal_text, figure_row
    from web.figures import Document, Figure

    figure = Figure(
        iri="http://kg.test/doc/d#obs0",
        measure='=HYPERLINK("http://x")',
        indicator=None,
        subject={"iri": "http://kg.test/entity/city/1", "label": "@SUM(A1)", "type": "City", "path": None},
        value=-2.5,
        unit="%",
        comparator="=",
        estimated=False,
        direction=None,
        period=None,
        year=None,
        target=None,
        status="unknown",
        document=Document("d", "+cmd", None, None),
        sentence_index=3,
        sentence="-1+1",
    )
    row = dict(
        zip(
            ("value", "measure", "subject", "document", "sentence"),
            (figure_row(figure, "http://h/")[i] for i in (0, 5, 8, 15, 22)),
            strict=True,
        )
    )
    assert row == {
        "value": "-2.5",
        "measure": '\'=HYPERLINK("http://x")',
        "subject": "'@SUM(A1)",
        "document": "'+cmd",
        "sentence": "'-1+1",
    }
    assert [decimal_text(v) for v in (6e13, 9.5, 1e-7, None, 100)] == ["60000000000000", "9.5", "0.0000001", "", "100"]
