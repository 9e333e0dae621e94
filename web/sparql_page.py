"""The SPARQL query page's data: example queries and results turned into a table.

Cells keep the plain text and say how to link it: an IRI of this knowledge base links to
its page on this server (whatever ``KG_BASE_IRI`` is), another http(s) IRI links out, and
nothing else becomes a link (an IRI such as ``javascript:...`` in the data stays text).
IRIs are shown compacted with the predeclared prefixes (``kg:Proposal``).
"""

from __future__ import annotations

from collections import namedtuple
from typing import overload

from kg.iris import Iris
from kg.namespaces import PREFIXES, XSD

from .terms import path_of

Example = namedtuple("Example", ("vi", "en", "query"))

EXAMPLES = (
    Example(
        "Số đề xuất theo chủ đề",
        "Proposals per topic",
        """\
SELECT ?topic ?name (COUNT(DISTINCT ?proposal) AS ?proposals) WHERE {
  ?proposal a kg:Proposal ; dcterms:subject ?topic .
  ?topic skos:prefLabel ?name . FILTER (lang(?name) = "vi")
}
GROUP BY ?topic ?name
ORDER BY DESC(?proposals)""",
    ),
    Example(
        "Đề xuất và đối tượng liên quan",
        "Proposals and what they concern",
        """\
SELECT ?proposal ?text ?concerns ?label ?by WHERE {
  ?proposal a kg:Proposal ; schema:text ?text .
  OPTIONAL { ?proposal kg:concerns ?concerns . ?concerns rdfs:label ?label }
  OPTIONAL { ?proposal kg:proposedBy ?by }
}
LIMIT 200""",
    ),
    Example(
        "Chỉ tiêu và số liệu",
        "Indicators with their values",
        """\
SELECT ?indicator ?name ?comparator ?value ?unit ?area ?period ?target WHERE {
  ?obs a kg:Observation ; kg:indicator ?indicator ; kg:value ?value .
  ?indicator rdfs:label ?name .
  OPTIONAL { ?obs kg:comparator ?comparator }
  OPTIONAL { ?obs kg:unit ?unit }
  OPTIONAL { ?obs kg:refArea ?area }
  OPTIONAL { ?obs kg:period ?period }
  OPTIONAL { ?obs kg:targetValue ?target }
}
ORDER BY ?name""",
    ),
    Example(
        "Phường, xã và thành phố, huyện chứa nó",
        "Wards and the city they are in",
        """\
SELECT ?ward ?ward_name ?code ?city ?city_name WHERE {
  ?ward a kg:Ward ; rdfs:label ?ward_name ; kg:locatedIn ?city .
  ?city a kg:City ; rdfs:label ?city_name .
  OPTIONAL { ?ward kg:officialCode ?code }
}
ORDER BY ?city_name ?ward_name""",
    ),
    Example(
        "Số thực thể theo loại",
        "Entities per type",
        """\
SELECT ?type (COUNT(DISTINCT ?entity) AS ?count) WHERE {
  ?entity a ?type .
  ?type rdfs:subClassOf* kg:Entity .
}
GROUP BY ?type
ORDER BY DESC(?count)""",
    ),
    Example(
        "Thực thể được nhắc đến nhiều nhất",
        "Most mentioned entities",
        """\
SELECT ?entity ?label (COUNT(?mention) AS ?mentions) WHERE {
  ?mention a kg:Mention ; kg:refersTo ?entity .
  ?entity rdfs:label ?label .
}
GROUP BY ?entity ?label
ORDER BY DESC(?mentions)
LIMIT 20""",
    ),
    Example(
        "Đồ thị: khu công nghiệp và vị trí (CONSTRUCT)",
        "Graph: industrial parks and where they are (CONSTRUCT)",
        """\
CONSTRUCT {
  ?park a kg:IndustrialPark ; rdfs:label ?name ; kg:locatedIn ?place .
  ?place rdfs:label ?place_name .
} WHERE {
  ?park a kg:IndustrialPark ; rdfs:label ?name .
  OPTIONAL { ?park kg:locatedIn ?place . ?place rdfs:label ?place_name }
}""",
    ),
    Example(
        "Có đề xuất nào về giao thông không? (ASK)",
        "Is there a proposal about transport? (ASK)",
        """\
ASK {
  ?proposal a kg:Proposal ; dcterms:subject ?topic .
  ?topic skos:broader* kgt:transport .
}""",
    ),
)

_SHORT_DATATYPES = {
    str(XSD[name]): f"xsd:{name}" for name in ("integer", "decimal", "double", "boolean", "date", "dateTime", "gYear")
}


def compact(iri: str) -> str:
    """``https://w3id.org/vnkg/ontology#Proposal`` -> ``kg:Proposal`` (else the IRI)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


@overload
def cell(iris: Iris, term: dict) -> dict: ...
@overload
def cell(iris: Iris, term: dict | None) -> dict | None: ...
def cell(iris: Iris, term: dict | None) -> dict | None:
    """A results-table cell: ``{"text", "href", "title", "kind", "note"}`` (None when unbound)."""
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    if kind == "uri":
        local = path_of(iris, value)
        href = local or (value if value.startswith(("http://", "https://")) else None)
        text = local or compact(value)
        return {"text": text, "href": href, "title": value, "kind": "iri", "note": None, "external": local is None}
    if kind == "literal":
        note = ("@" + term["xml:lang"]) if "xml:lang" in term else None
        if "datatype" in term:
            note = _SHORT_DATATYPES.get(term["datatype"], compact(term["datatype"]))
        return {"text": value, "href": None, "title": None, "kind": "literal", "note": note, "external": False}
    if kind == "triple":
        parts = [cell(iris, value[k]) for k in ("subject", "predicate", "object")]
        return {
            "text": " ".join(p["text"] for p in parts),
            "href": None,
            "title": None,
            "kind": "triple",
            "note": None,
            "external": False,
        }
    return {"text": f"_:{value}", "href": None, "title": None, "kind": "bnode", "note": None, "external": False}


def result_table(iris: Iris, header: dict, results: dict) -> dict:
    """The worker's SPARQL JSON (``table`` format for graphs) as rows of cells for the template."""
    table = {
        "kind": header["kind"],
        "rows_count": header["rows"],
        "truncated": header["truncated"],
        "boolean": results.get("boolean"),
        "vars": [],
        "rows": [],
    }
    if header["kind"] == "ask":
        return table
    table["vars"] = results["head"]["vars"]
    table["rows"] = [[cell(iris, binding.get(v)) for v in table["vars"]] for binding in results["results"]["bindings"]]
    return table
