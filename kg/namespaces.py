"""Namespaces of the vnkg vocabulary and of the standard vocabularies it reuses.

Every IRI the project writes or queries is spelled once, here (STYLE.md point 8). ``KG`` is a
closed ``DefinedNamespace``: ``KG.Provnce`` raises ``AttributeError`` instead of quietly minting a
term that no query will ever match, and a test keeps its terms equal to those declared in
``ontology/vnkg.ttl``. The Turtle files ship inside the ``ontology`` package and are read through
``importlib.resources``, so they are found in an installed wheel as well as in a checkout.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TypeVar

from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import (
    DCTERMS,
    GEO,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    XSD,
    DefinedNamespace,
)

G = TypeVar("G", bound=Graph)  # a Graph or a Dataset, given back as it came

__all__ = [
    "DCTERMS",
    "GEO",
    "KG",
    "KGSH",
    "KGT",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SDMX_DIMENSION",
    "SDMX_MEASURE",
    "SDO",
    "SH",
    "SKOS",
    "TOPIC_SCHEME",
    "VANN",
    "WGS",
    "XSD",
    "bind_namespaces",
    "load_ontology",
    "load_shapes",
    "local_name",
    "ontology_files",
    "sparql_prefixes",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/vnkg/ontology")
KGT = Namespace("https://w3id.org/vnkg/topic/")
TOPIC_SCHEME = KGT.scheme
KGSH = Namespace("https://w3id.org/vnkg/shapes#")
# rdflib's own WGS is https://www.w3.org/...; the W3C vocabulary and the data using it say http.
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")

_PACKAGE = "ontology"
_ONTOLOGY_PARTS = ("vnkg.ttl", "topics.ttl")
_SHAPES = "shapes.ttl"


class KG(DefinedNamespace):
    """The vnkg ontology (https://w3id.org/vnkg/ontology#); unknown terms raise AttributeError."""

    _fail = True
    _NS = Namespace("https://w3id.org/vnkg/ontology#")

    # Classes: documents and text
    Document: URIRef  # one ingested article or government document
    TextSpan: URIRef  # character span of a document's normalised text
    Sentence: URIRef  # a sentence of the body (a TextSpan)
    Mention: URIRef  # an entity name occurring in a sentence (a TextSpan)
    DescriptionRecord: URIRef  # which entity triples a document supports (kg.entities)
    # Classes: extracted entities
    Entity: URIRef  # superclass of everything extracted (not prov:Entity)
    Place: URIRef  # geographic feature
    AdministrativeUnit: URIRef  # Vietnamese administrative unit, any level
    Province: URIRef  # province-level unit: tỉnh, thành phố trực thuộc trung ương
    City: URIRef  # district-level unit: thành phố, thị xã, huyện, quận
    Ward: URIRef  # commune-level unit: phường, xã, thị trấn, đặc khu
    IndustrialPark: URIRef  # khu / cụm công nghiệp
    Road: URIRef  # quốc lộ, đường tỉnh, vành đai, cao tốc, street
    Project: URIRef  # dự án, công trình (subclasses: the kinds of work)
    Bridge: URIRef  # cầu, cầu vượt
    Interchange: URIRef  # nút giao
    Tunnel: URIRef  # hầm
    RailwayLine: URIRef  # đường sắt, metro
    Airport: URIRef  # sân bay, cảng hàng không
    Seaport: URIRef  # cảng biển
    Canal: URIRef  # kênh
    UrbanArea: URIRef  # khu đô thị mới
    Plant: URIRef  # nhà máy, nhà máy điện, tổ hợp
    Hospital: URIRef  # bệnh viện
    School: URIRef  # trường học
    Building: URIRef  # tòa nhà, chung cư, nhà ga, tháp
    PowerLine: URIRef  # đường dây điện
    Company: URIRef  # công ty, tập đoàn, ngân hàng (an Organization)
    Country: URIRef  # the nation, subject of national figures
    Indicator: URIRef  # a shared measure, e.g. poverty rate
    Observation: URIRef  # one figure of an indicator (a qb:Observation)
    Term: URIRef  # term of office (nhiệm kỳ)
    Organization: URIRef  # Party, state or other body
    Person: URIRef  # named individual
    Role: URIRef  # position in an organisation (an org:Post)
    Event: URIRef  # meeting, congress or other event
    Meeting: URIRef  # cuộc họp, buổi làm việc, hội nghị
    Congress: URIRef  # đại hội
    Proposal: URIRef  # đề xuất, kiến nghị
    Directive: URIRef  # chỉ đạo, yêu cầu
    TopicScore: URIRef  # a statement's calibrated probability for one topic

    # Properties: documents
    originalTitle: URIRef  # title line as in the source file
    titleRestored: URIRef  # xsd:boolean, dcterms:title got its diacritics restored
    contentHash: URIRef  # SHA-256 hex of the document as read
    sourcePath: URIRef  # path of the source file
    sourceName: URIRef  # file name or JSON Lines id
    inputFormat: URIRef  # "seed", "jsonl" or "text"
    caption: URIRef  # lead photo caption (@vi)
    photoCredit: URIRef  # who took the lead photo
    ingestedAt: URIRef  # xsd:dateTime of ingestion
    sentenceCount: URIRef  # number of Sentence nodes
    # Properties: sentences and mentions
    inDocument: URIRef  # Sentence -> Document
    sentenceIndex: URIRef  # 0-based order of a sentence
    startOffset: URIRef  # first character of a span
    endOffset: URIRef  # one past the last character of a span
    segmentedText: URIRef  # underthesea word segmentation (@vi)
    inSentence: URIRef  # Mention -> Sentence
    refersTo: URIRef  # Mention -> Entity
    surfaceForm: URIRef  # the mention's text as written
    # Properties: what a document contributes to the entities graph (reference counting)
    describes: URIRef  # description record -> the entity it describes
    descriptionTriples: URIRef  # the N-Triples lines the document supports, one per line
    # Properties: places
    officialCode: URIRef  # GSO administrative unit code, 2-5 digits
    unitType: URIRef  # "Tỉnh", "Thành phố", "Phường", ...
    locatedIn: URIRef  # Entity -> Place (a geo:sfWithin)
    successorUnit: URIRef  # unit that took over in the 2025 reorganisation
    roadNumber: URIRef  # "262", "5", "3B"
    roadCategory: URIRef  # "Quốc lộ", "Đường tỉnh", ...
    passesThrough: URIRef  # Road -> Place
    connects: URIRef  # Road -> Place (roads included)
    # Properties: observations
    indicator: URIRef  # Observation -> Indicator
    refArea: URIRef  # Observation -> Place
    figureOf: URIRef  # Observation -> Entity the figure is about
    measure: URIRef  # the phrase governing a figure, as written
    investor: URIRef  # Project -> Organization
    contractor: URIRef  # Project -> Organization
    value: URIRef  # xsd:decimal figure
    unit: URIRef  # unit as written: "%", "triệu đồng/người"
    comparator: URIRef  # ">", "<", "≈", "=", ">=", "<="
    direction: URIRef  # "increase" or "decrease"
    period: URIRef  # "YYYY-YYYY"
    year: URIRef  # xsd:gYear
    targetValue: URIRef  # xsd:decimal target
    estimated: URIRef  # xsd:boolean, dự ước
    # Properties: terms, organisations, people, roles
    startYear: URIRef  # xsd:gYear
    endYear: URIRef  # xsd:gYear
    duringTerm: URIRef  # Event / Observation / Proposal / Directive -> Term
    jurisdiction: URIRef  # Organization -> Place
    holdsRole: URIRef  # Person -> Role
    roleOf: URIRef  # Role -> Organization
    roleTitle: URIRef  # "Chủ tịch", "Bí thư"
    # Properties: events, proposals, directives
    organizedBy: URIRef  # Event -> Organization
    eventPlace: URIRef  # Event -> Place
    ordinal: URIRef  # congress number, xsd:integer
    concerns: URIRef  # Proposal / Directive -> Entity
    proposedBy: URIRef  # Proposal -> Organization / Person / Role
    issuedBy: URIRef  # Directive -> Organization / Person / Role
    addressedTo: URIRef  # Directive -> Organization / Role
    madeAt: URIRef  # Proposal / Directive -> Event
    topicScore: URIRef  # Proposal / Directive -> TopicScore
    topic: URIRef  # TopicScore -> skos:Concept
    score: URIRef  # TopicScore -> xsd:decimal calibrated probability


PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgt": str(KGT),
    "kgsh": str(KGSH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
    "geo": str(GEO),
    "wgs": str(WGS),
    "qb": str(QB),
    "org": str(ORG),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "vann": str(VANN),
    "sh": str(SH),
}


def bind_namespaces(graph: G) -> G:
    """Bind every prefix of :data:`PREFIXES` on ``graph``, replacing rdflib's defaults.

    Args:
        graph: an rdflib ``Graph`` or ``Dataset``.

    Returns:
        The same graph, for chaining.
    """
    for prefix, namespace in PREFIXES.items():
        # replace=True: rdflib pre-binds "wgs" to its https variant, which must not win.
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``…/ontology#IndustrialPark`` -> ``IndustrialPark``,
    ``…/entity/ward/05512`` -> ``05512``; ``""`` for None."""
    return "" if iri is None else str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def sparql_prefixes() -> str:
    """The ``PREFIX`` lines for every entry of :data:`PREFIXES`, to put in front of a query."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())


def ontology_files() -> list[Traversable]:
    """All Turtle files of the ``ontology`` package (ontology, topics, shapes), sorted by name."""
    found = [f for f in files(_PACKAGE).iterdir() if f.name.endswith(".ttl")]
    return sorted(found, key=lambda f: f.name)


def load_ontology(graph: Graph) -> Graph:
    """Parse the ontology and the topic scheme (not the shapes) into ``graph``.

    Args:
        graph: the graph to add the triples to. A ``Dataset`` gets them in its default graph;
            pass ``dataset.graph(iri)`` to load them into a named graph instead.

    Returns:
        The same graph, with the vnkg prefixes bound.
    """
    # Dataset.parse would pick (and warn about) a context itself; name the default graph.
    target = graph.graph(DATASET_DEFAULT_GRAPH_ID) if isinstance(graph, Dataset) else graph
    for name in _ONTOLOGY_PARTS:
        target.parse(data=_read(name), format="turtle")
    return bind_namespaces(graph)


def load_shapes() -> Graph:
    """A new graph holding the SHACL shapes of ``ontology/shapes.ttl``."""
    return bind_namespaces(Graph()).parse(data=_read(_SHAPES), format="turtle")


def _read(name: str) -> str:
    return files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
