"""The ontology, topic scheme and shapes: they parse, agree with ``kg.namespaces`` and validate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pyshacl import validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import namespaces
from kg.namespaces import (
    DCTERMS,
    KG,
    KGSH,
    KGT,
    ONTOLOGY_IRI,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    TOPIC_SCHEME,
    WGS,
    bind_namespaces,
    load_ontology,
    load_shapes,
    ontology_files,
    sparql_prefixes,
)

# SDO, XSD, QB and GEO stay behind "namespaces.": rdflib warns when pytest probes them for mocks.
EX = "https://example.org/"
TOPICS = [
    "infrastructure",
    "transport",
    "industry",
    "industrial-parks",
    "investment",
    "trade-services",
    "tourism",
    "urban-development",
    "new-rural-development",
    "poverty-reduction",
    "budget",
    "party-building",
    "social-welfare",
    "education",
    "health",
    "environment",
    "agriculture",
    "land-management",
    "administrative-reform",
    "security-order",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(Graph())


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def _kg_terms(graph: Graph, *types: URIRef) -> set[URIRef]:
    # By prefix, not "s in KG": that asks KG itself, which would hide terms it lacks.
    return {s for t in types for s in graph.subjects(RDF.type, t) if s.startswith(str(KG))}


def _classes(graph: Graph) -> set[URIRef]:
    return _kg_terms(graph, OWL.Class)


def _properties(graph: Graph) -> set[URIRef]:
    return _kg_terms(graph, OWL.ObjectProperty, OWL.DatatypeProperty)


def _langs(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


# --- files and namespaces ------------------------------------------------------------------


def test_ontology_files_are_the_three_turtle_files():
    assert [f.name for f in ontology_files()] == ["shapes.ttl", "topics.ttl", "vnkg.ttl"]


@pytest.mark.parametrize("name", ["shapes.ttl", "topics.ttl", "vnkg.ttl"])
def test_every_turtle_file_parses(name):
    (file,) = [f for f in ontology_files() if f.name == name]
    assert len(Graph().parse(data=file.read_text(encoding="utf-8"), format="turtle")) > 100


def test_load_ontology_leaves_out_the_shapes(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert (TOPIC_SCHEME, RDF.type, SKOS.ConceptScheme) in ontology
    assert not set(ontology.subjects(RDF.type, SH.NodeShape))


def test_load_ontology_into_a_dataset_fills_its_default_graph():
    dataset = load_ontology(Dataset())
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in default


def test_kg_namespace_matches_the_declared_terms(ontology):
    declared = _classes(ontology) | _properties(ontology)
    annotated = {KG[name] for name in KG.__annotations__}
    assert declared == annotated
    assert (len(_classes(ontology)), len(_properties(ontology))) == (41, 60)


def test_unknown_kg_term_raises():
    with pytest.raises(AttributeError):
        KG.Nonexistent  # noqa: B018


def test_bind_namespaces_replaces_rdflib_defaults():
    graph = bind_namespaces(Graph())
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert {prefix: bound.get(prefix) for prefix in PREFIXES} == PREFIXES
    assert bound["wgs"] == "http://www.w3.org/2003/01/geo/wgs84_pos#"


def test_sparql_prefixes_cover_every_prefix(ontology):
    text = sparql_prefixes()
    assert all(f"PREFIX {prefix}: <{ns}>" in text for prefix, ns in PREFIXES.items())
    query = text + "SELECT (COUNT(?c) AS ?n) WHERE { ?c rdfs:subClassOf kg:Entity }"
    assert int(next(iter(ontology.query(query)))[0]) >= 10


# --- vnkg.ttl -------------------------------------------------------------------------------


def test_every_term_has_labels_and_comment(ontology):
    for term in _classes(ontology) | _properties(ontology):
        assert {"vi", "en"} <= _langs(ontology, term, RDFS.label), term
        assert "en" in _langs(ontology, term, RDFS.comment), term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, term


def test_every_property_has_domain_and_range(ontology):
    def is_class(node) -> bool:  # declared (named, or a union): a misspelt class is not
        return (node, RDF.type, OWL.Class) in ontology

    datatypes = (str(namespaces.XSD), str(RDF.langString))
    for prop in _properties(ontology):
        [domain] = ontology.objects(prop, RDFS.domain)
        [bound] = ontology.objects(prop, RDFS.range)
        assert is_class(domain), (prop, domain)
        if (prop, RDF.type, OWL.ObjectProperty) in ontology:
            assert is_class(bound), (prop, bound)
        else:
            assert str(bound).startswith(datatypes), (prop, bound)


def test_union_domains_and_ranges_name_kg_classes(ontology):
    for prop in _properties(ontology):
        for bound in (ontology.value(prop, RDFS.domain), ontology.value(prop, RDFS.range)):
            if isinstance(bound, BNode):
                members = list(Collection(ontology, ontology.value(bound, OWL.unionOf)))
                assert members and set(members) <= _classes(ontology), prop


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        (KG.Document, PROV.Entity),
        (KG.Document, namespaces.SDO.Article),
        (KG.Sentence, KG.TextSpan),
        (KG.Mention, KG.TextSpan),
        (KG.Province, KG.AdministrativeUnit),
        (KG.AdministrativeUnit, KG.Place),
        (KG.Place, namespaces.SDO.Place),
        (KG.Observation, namespaces.QB.Observation),
        (KG.Meeting, KG.Event),
        (KG.Congress, KG.Event),
    ],
)
def test_class_reuses_standard_vocabulary(ontology, term, parent):
    assert (term, RDFS.subClassOf, parent) in ontology


def test_every_extracted_class_is_an_entity(ontology):
    entity_classes = set(ontology.transitive_subjects(RDFS.subClassOf, KG.Entity))
    text_classes = {KG.Document, KG.TextSpan, KG.Sentence, KG.Mention}
    bookkeeping = {KG.DescriptionRecord}
    qualifiers = {KG.TopicScore}  # a qualified relation: a statement's score for one topic
    assert entity_classes | text_classes | bookkeeping | qualifiers == _classes(ontology)


def test_located_in_is_a_geosparql_relation(ontology):
    assert (KG.locatedIn, RDFS.subPropertyOf, namespaces.GEO.sfWithin) in ontology


# --- topics.ttl -----------------------------------------------------------------------------


def test_topic_scheme_has_exactly_the_expected_concepts(ontology):
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    assert concepts == {KGT[name] for name in TOPICS}


@pytest.mark.parametrize("name", TOPICS)
def test_topic_is_fully_labelled(ontology, name):
    concept = KGT[name]
    assert (concept, SKOS.inScheme, TOPIC_SCHEME) in ontology
    assert _langs(ontology, concept, SKOS.prefLabel) == {"vi", "en"}
    assert len(list(ontology.objects(concept, SKOS.prefLabel))) == 2
    assert _langs(ontology, concept, SKOS.definition) == {"vi", "en"}
    for definition in ontology.objects(concept, SKOS.definition):
        assert definition.endswith(".") and len(definition.split()) >= 12
    alt_vi = [o for o in ontology.objects(concept, SKOS.altLabel) if o.language == "vi"]
    assert len(alt_vi) >= 3
    assert all(str(o) == str(o).lower() for o in alt_vi)
    assert "en" in _langs(ontology, concept, SKOS.altLabel)


def test_topic_hierarchy_is_consistent(ontology):
    assert (KGT.transport, SKOS.broader, KGT.infrastructure) in ontology
    assert (KGT.infrastructure, SKOS.narrower, KGT.transport) in ontology
    for narrow, _, broad in ontology.triples((None, SKOS.broader, None)):
        assert (broad, SKOS.narrower, narrow) in ontology
    for broad, _, narrow in ontology.triples((None, SKOS.narrower, None)):
        assert (narrow, SKOS.broader, broad) in ontology
    for a, _, b in ontology.triples((None, SKOS.related, None)):
        assert (b, SKOS.related, a) in ontology
    tops = {KGT[name] for name in TOPICS} - set(ontology.subjects(SKOS.broader, None))
    assert tops == set(ontology.subjects(SKOS.topConceptOf, TOPIC_SCHEME))
    assert tops == set(ontology.objects(TOPIC_SCHEME, SKOS.hasTopConcept))


def test_vietnamese_keywords_belong_to_one_concept_only(ontology):
    owners: dict[str, set[URIRef]] = {}
    topics = set(ontology.subjects(RDF.type, SKOS.Concept))  # class alt labels name classes, not topics
    for predicate in (SKOS.altLabel, SKOS.hiddenLabel):
        for concept, label in ontology.subject_objects(predicate):
            if label.language == "vi" and concept in topics:
                owners.setdefault(str(label).lower(), set()).add(concept)
    assert {label: c for label, c in owners.items() if len(c) > 1} == {}


def test_seed_article_keywords_are_covered(ontology):
    labels = {str(o) for o in ontology.objects(None, SKOS.altLabel)}
    labels |= {str(o) for o in ontology.objects(None, SKOS.hiddenLabel)}
    for keyword in [
        "hạ tầng kỹ thuật",
        "thu hút đầu tư",
        "khu công nghiệp",
        "thu ngân sách",
        "tỷ lệ hộ nghèo",
        "NTM",
        "tổ chức cơ sở đảng",
        "du lịch",
        "đường tỉnh",
    ]:
        assert keyword in labels, keyword


# --- shapes.ttl -----------------------------------------------------------------------------


def _document(graph: Graph, name: str = "doc") -> URIRef:
    doc = URIRef(EX + name)
    graph.add((doc, RDF.type, KG.Document))
    graph.add((doc, DCTERMS.title, Literal("Chủ tịch UBND tỉnh Thái Nguyên làm việc", lang="vi")))
    graph.add((doc, KG.contentHash, Literal("0123456789abcdef" * 4)))
    graph.add((doc, KG.sourceName, Literal("000_21c30ca8b6a13368.txt")))
    graph.add((doc, KG.inputFormat, Literal("seed")))
    graph.add((doc, KG.sentenceCount, Literal(2)))
    graph.add((doc, KG.titleRestored, Literal(True)))
    return doc


def _sentence(graph: Graph, doc: URIRef | None, index: int, start: int, end: int) -> URIRef:
    sentence = URIRef(f"{EX}doc#s{index}")
    graph.add((sentence, RDF.type, KG.Sentence))
    if doc is not None:
        graph.add((sentence, KG.inDocument, doc))
    graph.add((sentence, KG.sentenceIndex, Literal(index)))
    graph.add((sentence, KG.startOffset, Literal(start)))
    graph.add((sentence, KG.endOffset, Literal(end)))
    text = "Thành phố đã hoàn thành nhiệm vụ xây dựng NTM."
    graph.add((sentence, namespaces.SDO.text, Literal(text, lang="vi")))
    return sentence


def _validate(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, set[URIRef]]:
    # The recipe of shapes.ttl: the topics must be in the data graph for sh:class skos:Concept.
    conforms, report, _ = validate(data + ontology, shacl_graph=shapes)
    return conforms, set(report.objects(None, SH.focusNode))


def test_plain_ingested_document_conforms(shapes, ontology):
    data = Graph()
    doc = _document(data)
    _sentence(data, doc, 0, 0, 40)
    _sentence(data, doc, 1, 41, 90)
    assert _validate(data, shapes, ontology) == (True, set())


def test_extracted_entities_conform(shapes, ontology):
    data = Graph()
    sentence = _sentence(data, _document(data), 0, 0, 200)
    city, indicator, obs, term = (URIRef(EX + n) for n in ("song-cong", "poverty", "obs1", "t2015"))
    data.add((city, RDF.type, KG.City))
    data.add((city, RDFS.label, Literal("Thành phố Sông Công", lang="vi")))
    data.add((city, KG.officialCode, Literal("165")))
    data.add((city, WGS.lat, Literal(Decimal("21.4778"))))
    data.add((city, WGS.long, Literal(Decimal("105.8426"))))
    data.add((indicator, RDF.type, KG.Indicator))
    data.add((indicator, RDFS.label, Literal("Tỷ lệ hộ nghèo", lang="vi")))
    data.add((term, RDF.type, KG.Term))
    data.add((term, RDFS.label, Literal("Nhiệm kỳ 2015-2020", lang="vi")))
    data.add((term, KG.startYear, Literal("2015", datatype=namespaces.XSD.gYear)))
    data.add((term, KG.endYear, Literal("2020", datatype=namespaces.XSD.gYear)))
    data.add((obs, RDF.type, KG.Observation))
    data.add((obs, RDFS.label, Literal("Tỷ lệ hộ nghèo Sông Công dưới 2%", lang="vi")))
    data.add((obs, KG.indicator, indicator))
    data.add((obs, KG.refArea, city))
    data.add((obs, KG.value, Literal(Decimal("2"))))
    data.add((obs, KG.comparator, Literal("<")))
    data.add((obs, KG.duringTerm, term))
    data.add((obs, PROV.wasDerivedFrom, sentence))
    mention = URIRef(EX + "m1")
    data.add((mention, RDF.type, KG.Mention))
    data.add((mention, KG.inSentence, sentence))
    data.add((mention, KG.refersTo, city))
    data.add((mention, KG.startOffset, Literal(0)))
    data.add((mention, KG.endOffset, Literal(9)))
    proposal = URIRef(EX + "p1")
    data.add((proposal, RDF.type, KG.Proposal))
    data.add((proposal, RDFS.label, Literal("Xây dựng đường vành đai 5", lang="vi")))
    text = "đề xuất đầu tư xây dựng mới đường vành đai 5"
    data.add((proposal, namespaces.SDO.text, Literal(text, lang="vi")))
    data.add((proposal, PROV.wasDerivedFrom, sentence))
    data.add((proposal, DCTERMS.subject, KGT.transport))
    assert _validate(data, shapes, ontology) == (True, set())


def test_broken_graph_reports_the_faulty_nodes(shapes, ontology):
    data = Graph()
    orphan = _sentence(data, None, 0, 0, 40)
    indicator, obs, unit = URIRef(EX + "poverty"), URIRef(EX + "obs"), URIRef(EX + "unit")
    data.add((indicator, RDF.type, KG.Indicator))
    data.add((indicator, RDFS.label, Literal("Tỷ lệ hộ nghèo", lang="vi")))
    data.add((obs, RDF.type, KG.Observation))
    data.add((obs, RDFS.label, Literal("Tỷ lệ hộ nghèo dưới 2%", lang="vi")))
    data.add((obs, KG.indicator, indicator))
    data.add((unit, RDF.type, KG.Ward))
    data.add((unit, RDFS.label, Literal("Phường Mỏ Chè", lang="vi")))
    data.add((unit, KG.officialCode, Literal("abc")))
    assert _validate(data, shapes, ontology) == (False, {orphan, obs, unit})


@pytest.mark.parametrize(
    ("predicate", "value"),
    [
        (KG.comparator, Literal("~")),
        (KG.value, Literal(2.0)),
        (KG.period, Literal("2015–2020")),
    ],
)
def test_observation_values_are_checked(shapes, ontology, predicate, value):
    data = Graph()
    sentence = _sentence(data, _document(data), 0, 0, 40)
    indicator, obs = URIRef(EX + "poverty"), URIRef(EX + "obs")
    data.add((indicator, RDF.type, KG.Indicator))
    data.add((indicator, RDFS.label, Literal("Tỷ lệ hộ nghèo", lang="vi")))
    data.add((obs, RDF.type, KG.Observation))
    data.add((obs, RDFS.label, Literal("Tỷ lệ hộ nghèo", lang="vi")))
    data.add((obs, KG.indicator, indicator))
    data.add((obs, PROV.wasDerivedFrom, sentence))
    data.add((obs, predicate, value))
    assert _validate(data, shapes, ontology) == (False, {obs})


def test_term_must_not_end_before_it_starts(shapes, ontology):
    data = Graph()
    term = URIRef(EX + "term")
    data.add((term, RDF.type, KG.Term))
    data.add((term, RDFS.label, Literal("Nhiệm kỳ", lang="vi")))
    data.add((term, KG.startYear, Literal("2025", datatype=namespaces.XSD.gYear)))
    data.add((term, KG.endYear, Literal("2020", datatype=namespaces.XSD.gYear)))
    assert _validate(data, shapes, ontology) == (False, {term})


def test_shape_targets_list_every_subclass(shapes, ontology):
    for shape in (KGSH.EntityShape, KGSH.AdministrativeUnitShape):
        root = next(c for c in shapes.objects(shape, SH.targetClass) if c in {KG.Entity, KG.AdministrativeUnit})
        subclasses = set(ontology.transitive_subjects(RDFS.subClassOf, root))
        assert set(shapes.objects(shape, SH.targetClass)) == subclasses, shape
