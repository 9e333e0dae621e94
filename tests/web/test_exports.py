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


@pytest.mark.parametrize("ext, mime, rdflib_format", [
    ("ttl", "text/turtle", "turtle"), ("nt", "application/n-triples", "nt"),
    ("jsonld", "application/ld+json", "json-ld"), ("trig", "application/trig", "trig"),
    ("nq", "application/n-quads", "nquads")])
def test_whole_export_parses_and_holds_the_entities(client, ext, mime, rdflib_format):
    response = client.get(f"/export.{ext}")
    assert response.status_code == 200
    assert response.mimetype == mime
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(rf'attachment; filename=vnkg-export-\d{{8}}\.{ext}', disposition), disposition
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


@pytest.mark.parametrize("path", [
    "/export/entity/industrial-park/no-such-park.ttl",
    "/export/entity/industrial-park/kcn-song-cong-2.xml",
    "/export/entity/industrial-park/kcn-song-cong-2",
    "/export/entity/industrial-park/a%3E%20%7D.ttl",
])
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
