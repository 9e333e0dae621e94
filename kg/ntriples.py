"""Triples as N-Triples lines: how a built document travels from a worker to the writer.

A worker process prepares and builds a document; the one process that writes the store takes
the result. As rdflib graphs, one document (about 360 triples) pickles to 55 KiB and takes
5 ms to unpickle in the writer (rdflib rebuilds its indexes), then 2 ms more to render each
term back into text for the store; as N-Triples lines it is 63 KiB that unpickle in 0.1 ms
and that the Oxigraph backend writes as they are (``Store.load`` of N-Quads). The writer is
the one serial step of a parallel ingest, so its time per document bounds the whole run.

:class:`NTriples` is still a collection of triples: iterating it parses the lines into rdflib
terms, for code and backends that want terms; those that write text take :attr:`NTriples.lines`
through :func:`lines_of`, which renders a plain graph or list the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.term import Node

Triple = tuple[Node, Node, Node]  # (subject, predicate, object) rdflib terms


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax: one line, whatever the literal holds (rdflib's ``n3()``
    writes a literal with a line break as a multi-line Turtle string)."""
    if not isinstance(term, Literal):
        return str(term.n3())
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def nt_line(triple: Triple) -> str:
    """One triple as an N-Triples line: the unit the entities graph is counted in."""
    s, p, o = triple
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ."


@dataclass(frozen=True)
class NTriples:
    """Distinct triples held as N-Triples lines (:func:`nt_line`), one per triple."""

    lines: tuple[str, ...]

    @classmethod
    def of(cls, triples: Iterable[Triple]) -> NTriples:
        """The lines of a graph (or any iterable of distinct rdflib triples)."""
        return cls(tuple(nt_line(t) for t in triples))

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Triple]:
        """The triples as rdflib terms (parsed now: slower than reading :attr:`lines`)."""
        if self.lines:
            yield from Graph().parse(data="\n".join(self.lines), format="nt")


def lines_of(triples: Iterable[Triple]) -> tuple[str, ...]:
    """N-Triples lines of ``triples``: read as they are from :class:`NTriples`, else rendered."""
    if isinstance(triples, NTriples):
        return triples.lines
    return tuple(nt_line(t) for t in triples)
