"""Extraction dataclasses -> triples: shape, provenance, SHACL conformance, stable JSON keys."""

from decimal import Decimal

import pytest

from kg.build import document_graph, nt_line
from kg.document import prepare
from kg.extract.model import Entity, Extraction, Observation, Ref, Relation, Statement
from kg.extract.spans import span
from kg.extraction_json import extraction_json
from kg.iris import Iris
from kg.namespaces import DCTERMS, KG, KGT, PROV, RDF, RDFS
from kg.reader import read_file
from kg.validate import validate_graph

IRIS = Iris("http://kg.test/")


@pytest.fixture(scope="module")
def doc():
    from tests.conftest import DEMO

    return prepare(next(read_file(DEMO, 10**7)))


def at(doc, text):
    start = doc.text.index(text)
    return span(doc, start, start + len(text))


@pytest.fixture(scope="module")
def extraction(doc):
    city = Entity(
        "City",
        "165",
        "Thành phố Sông Công",
        ("Sông Công",),
        "165",
        (Ref("Province", "19"),),
        (("unitType", "Thành phố"), ("lat", "21.4778"), ("long", "105.8426")),
        (at(doc, "TP Sông Công"),),
    )
    province = Entity("Province", "19", "Tỉnh Thái Nguyên", ("Thái Nguyên",), "19", (), (("unitType", "Tỉnh"),))
    road = Entity(
        "Road",
        "vanh-dai-5",
        "Vành đai 5",
        ("đường vành đai 5",),
        None,
        (),
        (("roadNumber", "5"), ("roadCategory", "Vành đai")),
        (at(doc, "đường vành đai 5"),),
    )
    term = Entity(
        "Term",
        "2015-2020",
        "Nhiệm kỳ 2015-2020",
        (),
        None,
        (),
        (("startYear", "2015"), ("endYear", "2020")),
        (at(doc, "nhiệm kỳ 2015-2020"),),
    )
    poverty = Entity("Indicator", "ty-le-ho-ngheo", "tỷ lệ hộ nghèo", ("poverty rate",))
    obs = Observation(
        "ty-le-ho-ngheo",
        "tỷ lệ hộ nghèo",
        city.ref,
        Decimal("2"),
        "%",
        "<",
        at(doc, "tỷ lệ hộ nghèo giảm xuống còn dưới 2%"),
        direction="decrease",
    )
    proposal = Statement(
        "Proposal",
        "đầu tư xây dựng mới đường vành đai 5, đoạn qua TP Sông Công",
        at(doc, "đầu tư xây dựng mới đường vành đai 5"),
        (road.ref, city.ref),
        ("transport",),
    )
    rel = Relation(road.ref, "passesThrough", city.ref, at(doc, "đoạn qua TP Sông Công"))
    return Extraction((city, province, road, term, poverty), (obs,), (proposal,), (rel,))


def test_graph_conforms_to_shapes(doc, extraction):
    graph = document_graph(doc, IRIS, extraction).union()
    report = validate_graph(graph)
    assert report.conforms, [str(v) for v in report.violations]
    # the shapes are really applied: a figure without its sentence is reported, by node and path
    [obs] = graph.subjects(RDF.type, KG.Observation)
    graph.remove((obs, PROV.wasDerivedFrom, None))
    broken = validate_graph(graph)
    assert not broken.conforms
    assert {(v.focus, v.path) for v in broken.violations} == {(str(obs), str(PROV.wasDerivedFrom))}


def test_every_fact_points_to_its_sentence(doc, extraction):
    graph = document_graph(doc, IRIS, extraction).document
    for kind in (KG.Observation, KG.Proposal, RDF.Statement):
        nodes = list(graph.subjects(RDF.type, kind))
        assert nodes
        for node in nodes:
            sentence = graph.value(node, PROV.wasDerivedFrom)
            assert (sentence, RDF.type, KG.Sentence) in graph
    for mention in graph.subjects(RDF.type, KG.Mention):
        sentence = graph.value(mention, KG.inSentence)
        start, end = int(graph.value(mention, KG.startOffset)), int(graph.value(mention, KG.endOffset))
        assert doc.text[start:end] == str(graph.value(mention, KG.surfaceForm))
        s_start = int(graph.value(sentence, KG.startOffset))
        assert s_start <= start


def test_entities_have_stable_iris_and_facts(doc, extraction):
    built = document_graph(doc, IRIS, extraction)
    graph = built.union()
    city = IRIS.entity("city", "165")
    assert str(city) == "http://kg.test/entity/city/165"
    assert (city, KG.locatedIn, IRIS.entity("province", "19")) in graph
    assert (city, KG.officialCode, None) in graph
    road = IRIS.entity("road", "vanh-dai-5")
    assert (road, KG.passesThrough, city) in graph
    [proposal] = graph.subjects(RDF.type, KG.Proposal)
    assert (proposal, DCTERMS.subject, KGT.transport) in graph
    assert str(graph.value(IRIS.entity("indicator", "ty-le-ho-ngheo"), RDFS.label)) == "tỷ lệ hộ nghèo"


def test_descriptions_are_shared_and_recorded(doc, extraction):
    """Entity descriptions go to the shared graph only; the document records each line it supports."""
    built = document_graph(doc, IRIS, extraction)
    entity_base = str(IRIS.entity("x", "y")).rsplit("x/", 1)[0]
    assert built.entities and all(str(s).startswith(entity_base) for s in built.entities.subjects())
    assert not any(str(s).startswith(entity_base) for s in built.document.subjects())
    road, city = IRIS.entity("road", "vanh-dai-5"), IRIS.entity("city", "165")
    assert (road, KG.passesThrough, city) in built.entities
    assert (road, KG.passesThrough, city) not in built.document
    recorded = {line for text in built.document.objects(None, KG.descriptionTriples) for line in str(text).splitlines()}
    assert recorded == {nt_line(t) for t in built.entities}
    assert set(built.document.objects(None, KG.describes)) == set(built.entities.subjects())


def test_json_keys_are_the_contract(doc, extraction):
    data = extraction_json(doc, extraction, IRIS)
    assert list(data) == [
        "doc_id",
        "title",
        "title_restored",
        "entities",
        "indicators",
        "proposals",
        "directives",
        "relations",
    ]
    assert set(data["entities"][0]) == {"iri", "type", "label", "aliases", "code", "located_in", "mentions"}
    assert set(data["entities"][0]["mentions"][0]) == {"sentence", "start", "end", "text"}
    assert {
        "iri",
        "indicator",
        "label",
        "subject",
        "value",
        "unit",
        "comparator",
        "direction",
        "period",
        "target",
        "estimated",
        "evidence",
    } <= set(data["indicators"][0])
    assert {"iri", "text", "concerns", "topics", "evidence"} <= set(data["proposals"][0])
    assert data["proposals"][0]["topics"] == ["Transport"]
    assert data["indicators"][0]["value"] == 2.0 and data["indicators"][0]["comparator"] == "<"
    assert set(data["relations"][0]) == {"subject", "predicate", "object", "evidence"}


def test_facts_without_a_time_inherit_the_documents_date(doc, extraction):
    from dataclasses import replace as _replace

    from rdflib import XSD, Literal

    dated = _replace(doc, meta={"date": "2020-10-01"})
    graph = document_graph(dated, IRIS, extraction).document
    when = Literal("2020-10-01", datatype=XSD.date)
    [obs] = graph.subjects(RDF.type, KG.Observation)
    [proposal] = graph.subjects(RDF.type, KG.Proposal)
    assert (obs, DCTERMS.date, when) in graph and (proposal, DCTERMS.date, when) in graph
    undated = document_graph(doc, IRIS, extraction).document
    assert not list(undated.objects(None, DCTERMS.date))
