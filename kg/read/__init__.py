"""Reading the graph for people: names, classes, counts and the shape of the graph.

Everything that shows the knowledge graph to a person (entity pages, browse lists, documents,
the question answerer, the search index's entity lists) reads it through this package, so
each entity has one name everywhere and the graph is built once per store generation:

* :mod:`.labels` — the one label rule (``rdfs:label@vi``, else any ``rdfs:label``, else
  ``skos:prefLabel``, else the local name) and the English label;
* :mod:`.index` — the entity index (:class:`EntityInfo`: labels, class, aliases, code,
  documents and mentions naming it), one scan of the store;
* :mod:`.vocabulary` — labels of the ontology's classes, properties and topics (:class:`Term`);
* :mod:`.graph` — the one networkx graph (:class:`EntityGraph`);
* :mod:`.analytics` — pure functions on it: relation paths, containment, connectivity,
  neighbourhoods, related entities;
* :mod:`.reader` — :class:`GraphReader`, the cache per knowledge base and generation, and
  :func:`reader`, which hands every caller the same one.

>>> from kg.read import reader                       # doctest: +SKIP
>>> r = reader(kb)
>>> r.entity(iri).label, r.graph().full.number_of_nodes()
"""

from .analytics import (
    Neighbourhood,
    Related,
    contained,
    most_connected,
    neighbourhood,
    related,
    shortest_relation_path,
)
from .graph import EntityGraph, build_graph
from .index import INDEXED, EntityInfo, of_type, scan_entities
from .labels import Name, display_label, english_label
from .reader import GraphReader, reader
from .vocabulary import Term

__all__ = [
    "INDEXED",
    "EntityGraph",
    "EntityInfo",
    "GraphReader",
    "Name",
    "Neighbourhood",
    "Related",
    "Term",
    "build_graph",
    "contained",
    "display_label",
    "english_label",
    "most_connected",
    "neighbourhood",
    "of_type",
    "reader",
    "related",
    "scan_entities",
    "shortest_relation_path",
]
