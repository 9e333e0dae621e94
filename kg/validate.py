"""SHACL validation of the stored data against ``ontology/shapes.ttl`` (pyshacl).

The ontology (class hierarchy and SKOS topics) is added to the data graph before
validation, so shapes that target a superclass (every ``kg:Entity`` needs a label) reach
instances of its subclasses and topic links find their ``skos:Concept``. It is added
directly: pyshacl's own ``ont_graph`` mixing clones the ontology node by node and took
minutes on one document, and it leaves the topic concepts out.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import SH

from .iris import Iris
from .namespaces import load_ontology, load_shapes
from .store import Store


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the path, the severity and the shape's message."""

    focus: str
    path: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    triples: int


def data_graph(store: Store, iris: Iris) -> Graph:
    """Union of every graph but the ontology graph."""
    graph: Graph = store.query(
        f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{iris.ontology_graph}>) }}""",
        union=False,
    )
    return graph


def validate_graph(data: Graph) -> ValidationReport:
    """Validate one rdflib graph against the shapes (the ontology is added to the graph)."""
    from pyshacl import validate as shacl

    triples = len(data)
    load_ontology(data)
    conforms, results, _ = shacl(data, shacl_graph=load_shapes(), inference="none", allow_warnings=True)
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus, path, severity, message = (
            results.value(result, p) for p in (SH.focusNode, SH.resultPath, SH.resultSeverity, SH.resultMessage)
        )
        violations.append(Violation(str(focus), str(path or ""), str(severity).rsplit("#", 1)[-1], str(message or "")))
    return ValidationReport(bool(conforms), tuple(sorted(violations, key=str)), triples)


def validate(store: Store, iris: Iris) -> ValidationReport:
    return validate_graph(data_graph(store, iris))
