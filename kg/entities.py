"""The entities graph: one description per entity, reference-counted by the documents.

An entity's description (type, labels, aliases, code, coordinates, containment, successor,
the plain triples of stated relations) is stored once, in ``{base}graph/entities``, so a
query on a busy entity sees each fact once. Which document supports which of those triples
is recorded in the document's own graph (``kg:describes`` / ``kg:descriptionTriples``, see
:func:`kg.build.add_description_records`). That record is what makes the graph exact:

* adding a document adds its description triples (a triple already there stays once);
* removing or replacing one removes exactly the triples that no other document supports,
  in the same transaction as the document itself;
* :func:`check` and :func:`rebuild` compare and recompute the entities graph from the
  records alone, for repair (``kg entities --check`` / ``kg entities --rebuild``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rdflib import Graph, URIRef

from .build import BuiltDocument
from .errors import StoreError
from .iris import Iris
from .namespaces import sparql_prefixes
from .ntriples import Triple, lines_of, nt_line
from .store import Store, Transaction

T = TypeVar("T")

CHUNK = 400  # IRIs per VALUES block


def stage(
    tx: Transaction,
    store: Store,
    iris: Iris,
    built: BuiltDocument | None = None,
    graph: URIRef | None = None,
    retired: Sequence[URIRef] = (),
) -> None:
    """Stage one change into ``tx``: retire old document graphs, then add ``built`` as ``graph``.

    The triples of the entities graph that only the retired graphs supported (and that the
    new document does not support again) are removed in the same transaction.
    """
    keep = set(lines_of(built.entities)) if built is not None else set()
    stale = unsupported(store, retired, keep)
    if stale:
        tx.remove(iris.entities_graph, stale)
    for name in retired:
        tx.drop_graph(name)
    if built is not None and graph is not None:
        tx.replace_graph(graph, built.document)
        tx.add_graph(iris.entities_graph, built.entities)


def unsupported(store: Store, graphs: Sequence[URIRef], keep: Iterable[str] = ()) -> list[Triple]:
    """Entity triples supported by ``graphs`` and by no other document graph (nor ``keep``)."""
    own = records(store, graphs)
    if not own:
        return []
    others = support(store, list(own), graphs)
    keep = set(keep)
    lines = {
        line
        for subject, mine in own.items()
        for line in mine
        if line not in keep and line not in others.get(subject, ())
    }
    return parse_lines(lines)


def records(store: Store, graphs: Sequence[URIRef]) -> dict[str, set[str]]:
    """``{subject: lines}`` that the given document graphs contribute."""
    out: dict[str, set[str]] = {}
    for chunk in _chunks(list(graphs)):
        rows = store.query(
            sparql_prefixes()
            + f"""SELECT ?s ?t WHERE {{
            VALUES ?g {{ {" ".join(f"<{g}>" for g in chunk)} }}
            GRAPH ?g {{ ?r kg:describes ?s ; kg:descriptionTriples ?t }} }}""",
            union=False,
        )
        for row in rows:
            out.setdefault(str(row["s"]), set()).update(str(row["t"]).splitlines())
    return out


def support(store: Store, subjects: list[str], excluded: Sequence[URIRef]) -> dict[str, set[str]]:
    """``{subject: lines}`` that every document graph except ``excluded`` contributes."""
    out: dict[str, set[str]] = {}
    skip = {str(g) for g in excluded}
    for chunk in _chunks(subjects):
        rows = store.query(
            sparql_prefixes()
            + f"""SELECT ?g ?s ?t WHERE {{
            VALUES ?s {{ {" ".join(f"<{s}>" for s in chunk)} }}
            GRAPH ?g {{ ?r kg:describes ?s ; kg:descriptionTriples ?t }} }}""",
            union=False,
        )
        for row in rows:
            if str(row["g"]) not in skip:
                out.setdefault(str(row["s"]), set()).update(str(row["t"]).splitlines())
    return out


def parse_lines(lines: Iterable[str]) -> list[Triple]:
    """N-Triples lines back to rdflib triples."""
    text = "\n".join(sorted(lines))
    try:
        return list(Graph().parse(data=text, format="nt")) if text else []
    except Exception as err:  # rdflib raises several parser error types
        raise StoreError(
            f"a description record is not valid N-Triples ({err}); rebuild it by re-ingesting its document"
        ) from None


@dataclass(frozen=True)
class EntitiesCheck:
    """How the stored entities graph compares with what the documents support."""

    supported: int  # distinct triples the documents' records support
    stored: int  # triples in the entities graph
    missing: tuple[str, ...]  # supported but not stored
    extra: tuple[str, ...]  # stored but supported by no document

    @property
    def ok(self) -> bool:
        return not self.missing and not self.extra

    def summary(self) -> str:
        state = "consistent" if self.ok else f"{len(self.missing)} missing, {len(self.extra)} unsupported"
        return f"entities graph: {self.stored} triples stored, {self.supported} supported by documents; {state}"


def expected(store: Store) -> set[str]:
    """Every line some document's records support: what the entities graph should hold."""
    rows = store.query(
        sparql_prefixes()
        + """SELECT ?t WHERE {
        GRAPH ?g { ?r kg:descriptionTriples ?t } }""",
        union=False,
    )
    return {line for row in rows for line in str(row["t"]).splitlines() if line}


def check(store: Store, iris: Iris) -> EntitiesCheck:
    """Compare the entities graph with the documents' records (nothing is changed).

    Both sides go through the same parse, so literals the store writes in another lexical
    form (``1.50`` as ``1.5``) still compare equal.
    """
    want = {nt_line(t) for t in parse_lines(expected(store))}
    have = {nt_line(t) for t in parse_lines(nt_line(t) for t in store.graph(iris.entities_graph))}
    return EntitiesCheck(len(want), len(have), tuple(sorted(want - have)), tuple(sorted(have - want)))


def rebuild(store: Store, iris: Iris) -> EntitiesCheck:
    """Recompute the entities graph (and the store's union) from the documents' records."""
    with store.transaction() as tx:
        tx.replace_graph(iris.entities_graph, parse_lines(expected(store)))
    store.rebuild_union()
    return check(store, iris)


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
