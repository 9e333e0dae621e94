"""Downloads of the graph: the whole store, one entity, one document.

* ``/export.ttl`` ``.nt`` ``.jsonld`` ``.trig`` ``.nq``: every graph (Turtle and N-Triples
  merge them into one graph; JSON-LD, TriG and N-Quads keep the named graphs), saved as
  ``vnkg-export-YYYYMMDD.<ext>``. The export is written to a temporary file and streamed from
  there, so memory does not grow with the store and a failure is still a clean error.
* ``/export/entity/<type>/<key>.ttl`` (``.nt``, ``.jsonld``): the entity's description
  (:func:`web.describe.entity_rdf`, the same as the entity page's Turtle), saved as ``<key>.ttl``.
* ``/export/doc/<doc_id>.ttl`` (``.nt``, ``.jsonld``, ``.trig``, ``.nq``): the document's
  named graph (text, sentences, mentions and facts), saved as ``doc-<doc_id>.ttl``.
"""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, datetime

from flask import Blueprint, Response, send_file
from rdflib import Dataset, Graph

from kg.errors import NotFound
from kg.namespaces import bind_namespaces

from .describe import document_rdf, entity_rdf
from .state import get_kb

bp = Blueprint("exports", __name__)

EXTENSIONS = {  # extension -> (kg.store export format, rdflib format, media type)
    "ttl": ("turtle", "turtle", "text/turtle"),
    "nt": ("nt", "nt", "application/n-triples"),
    "jsonld": ("jsonld", "json-ld", "application/ld+json"),
    "trig": ("trig", "trig", "application/trig"),
    "nq": ("nquads", "nquads", "application/n-quads"),
}
GRAPH_EXTENSIONS = ("ttl", "nt", "jsonld")
SAFE_PART = re.compile(r"^[\w.~-]+$")  # what entity keys and document ids are made of


def _split(name: str, allowed) -> tuple[str, str]:
    """``kcn-song-cong-2.ttl`` -> (``kcn-song-cong-2``, ``ttl``); NotFound for other endings."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not SAFE_PART.match(stem) or ext not in allowed:
        raise NotFound(f"no export {name!r}: the name must end with one of "
                       f"{', '.join('.' + e for e in allowed)}")
    return stem, ext


def _attachment(body: bytes, ext: str, filename: str) -> Response:
    response = Response(body, content_type=f"{EXTENSIONS[ext][2]}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/export.<ext>")
def export_all(ext: str):
    """The whole store in one file (streamed from a temporary file)."""
    if ext not in EXTENSIONS:
        raise NotFound(f"no export format .{ext}; choose one of: {', '.join('.' + e for e in EXTENSIONS)}")
    kb = get_kb()
    out = tempfile.TemporaryFile(prefix="vnkg-export-")  # noqa: SIM115 - the response closes it
    try:
        kb.export(EXTENSIONS[ext][0], out)
        size = out.tell()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    name = f"vnkg-export-{datetime.now(UTC):%Y%m%d}.{ext}"
    response = send_file(out, mimetype=EXTENSIONS[ext][2], as_attachment=True, download_name=name,
                         conditional=False, etag=False)
    response.headers["Content-Type"] = f"{EXTENSIONS[ext][2]}; charset=utf-8"
    response.content_length = size
    return response


def serialize_graph(graph: Graph, ext: str) -> bytes:
    """An rdflib graph (or dataset) in the format of a file extension."""
    return graph.serialize(format=EXTENSIONS[ext][1], encoding="utf-8")


@bp.route("/export/entity/<type_slug>/<name>")
def export_entity(type_slug: str, name: str):
    """One entity's description, e.g. ``/export/entity/industrial-park/kcn-song-cong-2.ttl``."""
    key, ext = _split(name, GRAPH_EXTENSIONS)
    if not SAFE_PART.match(type_slug):
        raise NotFound(f"no entity type {type_slug!r}")
    kb = get_kb()
    graph = entity_rdf(kb, f"{kb.iris.base}entity/{type_slug}/{key}")
    return _attachment(serialize_graph(graph, ext), ext, f"{key}.{ext}")


@bp.route("/export/doc/<name>")
def export_document(name: str):
    """One document's named graph, e.g. ``/export/doc/a2465476cfdcf6c0.trig``."""
    doc_id, ext = _split(name, tuple(EXTENSIONS))
    kb = get_kb()
    graph: Graph | Dataset = document_rdf(kb, doc_id)
    if ext in ("trig", "nq"):  # dataset formats keep the document's graph name
        dataset = bind_namespaces(Dataset())
        named = dataset.graph(kb.iris.doc_graph(doc_id))
        for triple in graph:
            named.add(triple)
        graph = dataset
    return _attachment(serialize_graph(graph, ext), ext, f"doc-{doc_id}.{ext}")
