"""Downloads of the graph: the whole store, one entity, one document.

* ``/export.ttl`` ``.nt`` ``.jsonld`` ``.trig`` ``.nq``: every graph (Turtle and N-Triples
  merge them into one graph; JSON-LD, TriG and N-Quads keep the named graphs), saved as
  ``vnkg-export-YYYYMMDD.<ext>``. The export is written to a temporary file and streamed from
  there, so memory does not grow with the store and a failure is still a clean error.
* ``/export/entity/<type>/<key>.ttl`` (``.nt``, ``.jsonld``): the entity's description
  (:func:`web.describe.entity_rdf`, the same as the entity page's Turtle), saved as ``<key>.ttl``.
* ``/export/doc/<doc_id>.ttl`` (``.nt``, ``.jsonld``, ``.trig``, ``.nq``): the document's
  named graph (text, sentences, mentions and facts), saved as ``doc-<doc_id>.ttl``.
* ``/export/figures.csv``: the figures table (:mod:`web.figures`) with the page's filters and
  sort, one figure a line, columns :data:`FIGURE_COLUMNS` (see :func:`export_figures`).
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal

from flask import Blueprint, Response, request, send_file, stream_with_context
from rdflib import Dataset, Graph

from kg.errors import NotFound
from kg.namespaces import bind_namespaces

from .describe import document_rdf, entity_rdf
from .figures import Figure, all_figures, sort_figures
from .figures_view import table_args
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


def _split(name: str, allowed: Sequence[str]) -> tuple[str, str]:
    """``kcn-song-cong-2.ttl`` -> (``kcn-song-cong-2``, ``ttl``); NotFound for other endings."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not SAFE_PART.match(stem) or ext not in allowed:
        raise NotFound(f"no export {name!r}: the name must end with one of {', '.join('.' + e for e in allowed)}")
    return stem, ext


def _attachment(body: bytes, ext: str, filename: str) -> Response:
    response = Response(body, content_type=f"{EXTENSIONS[ext][2]}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/export.<ext>")
def export_all(ext: str) -> Response:
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
    response = send_file(
        out, mimetype=EXTENSIONS[ext][2], as_attachment=True, download_name=name, conditional=False, etag=False
    )
    response.headers["Content-Type"] = f"{EXTENSIONS[ext][2]}; charset=utf-8"
    response.content_length = size
    return response


def serialize_graph(graph: Graph, ext: str) -> bytes:
    """An rdflib graph (or dataset) in the format of a file extension."""
    return graph.serialize(format=EXTENSIONS[ext][1], encoding="utf-8")


@bp.route("/export/entity/<type_slug>/<name>")
def export_entity(type_slug: str, name: str) -> Response:
    """One entity's description, e.g. ``/export/entity/industrial-park/kcn-song-cong-2.ttl``."""
    key, ext = _split(name, GRAPH_EXTENSIONS)
    if not SAFE_PART.match(type_slug):
        raise NotFound(f"no entity type {type_slug!r}")
    kb = get_kb()
    graph = entity_rdf(kb, f"{kb.iris.base}entity/{type_slug}/{key}")
    return _attachment(serialize_graph(graph, ext), ext, f"{key}.{ext}")


@bp.route("/export/doc/<name>")
def export_document(name: str) -> Response:
    """One document's named graph, e.g. ``/export/doc/a2465476cfdcf6c0.trig``."""
    doc_id, ext = _split(name, tuple(EXTENSIONS))
    kb = get_kb()
    document = document_rdf(kb, doc_id)
    graph: Graph | Dataset = document
    if ext in ("trig", "nq"):  # dataset formats keep the document's graph name
        dataset = bind_namespaces(Dataset())
        named = dataset.graph(kb.iris.doc_graph(doc_id))
        for triple in document:
            named.add(triple)
        graph = dataset
    return _attachment(serialize_graph(graph, ext), ext, f"doc-{doc_id}.{ext}")


# The CSV's columns, in order. ``value`` and ``target`` are plain decimals with a dot and no
# grouping (6e13 VND is 60000000000000), so spreadsheets and scripts read them as numbers;
# ``unit`` is the code (ISO 4217, UCUM, "1" for a count), ``unit_label`` how Vietnamese write it;
# ``comparator`` is empty for an exact figure, else ``>``, ``<``, ``≈``, ``≥``, ``≤`` as the text says;
# ``document`` is its title (with its file after it when titles repeat), ``document_source`` its file.
FIGURE_COLUMNS = (
    "value",
    "unit",
    "unit_label",
    "comparator",
    "estimated",
    "measure",
    "indicator",
    "indicator_iri",
    "subject",
    "subject_iri",
    "subject_type",
    "period",
    "year",
    "target",
    "status",
    "document",
    "document_source",
    "doc_id",
    "document_url",
    "date",
    "sentence_index",
    "sentence_url",
    "sentence",
    "figure_iri",
)
CSV_CHUNK = 500  # figures per piece of the streamed body
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a text cell starting so is a formula to a spreadsheet


@bp.route("/export/figures.csv")
def export_figures() -> Response:
    """The figures table as CSV, streamed: the same filters and order as ``/figures`` (``q``,
    ``measure``, ``unit``, ``subject``, ``indicator``, ``year``/``from``/``to``, ``sort``,
    ``order``), every figure they keep (not one page), columns :data:`FIGURE_COLUMNS`.

    UTF-8 with a byte-order mark by default: Excel opens a CSV without one in the legacy code
    page and garbles every Vietnamese letter, while LibreOffice, pandas and Python's
    ``utf-8-sig`` skip it. ``?bom=0`` leaves it out for tools that would keep it in the first
    column's name. Text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
    ``@``) are prefixed with ``'``; numbers are left as they are.
    """
    filters, sort, order = table_args(request.args)
    figures = sort_figures(filters.apply(all_figures(get_kb())), sort, order)
    root = request.url_root
    bom = "\ufeff" if request.args.get("bom", "1") != "0" else ""

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(FIGURE_COLUMNS)
        yield bom + buffer.getvalue()
        for start in range(0, len(figures), CSV_CHUNK):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(figure_row(f, root) for f in figures[start : start + CSV_CHUNK])
            yield buffer.getvalue()

    response = Response(stream_with_context(lines()), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="vnkg-figures-{datetime.now(UTC):%Y%m%d}.csv"'
    return response


def figure_row(f: Figure, root: str) -> list:
    """One CSV line of :data:`FIGURE_COLUMNS` (``root``: this server's URL, for the links)."""
    subject, indicator, doc = f.subject or {}, f.indicator or {}, f.document
    values = {
        "value": decimal_text(f.value),
        "unit": f.unit,
        "unit_label": f.shown[1],
        "comparator": "" if f.comparator == "=" else f.comparator,
        "estimated": "true" if f.estimated else "false",
        "measure": f.measure,
        "indicator": indicator.get("label"),
        "indicator_iri": indicator.get("iri"),
        "subject": subject.get("label"),
        "subject_iri": subject.get("iri"),
        "subject_type": subject.get("type"),
        "period": f.period,
        "year": f.year,
        "target": decimal_text(f.target),
        "status": f.status,
        "document": (doc.name or doc.title) if doc else None,
        "document_source": doc.source if doc else None,
        "doc_id": doc.doc_id if doc else None,
        "document_url": root + doc.path.lstrip("/") if doc else None,
        "date": f.date,
        "sentence_index": f.sentence_index,
        "sentence_url": root + f.sentence_path.lstrip("/") if f.sentence_path else None,
        "sentence": f.sentence,
        "figure_iri": f.iri,
    }
    return [_cell(values[name], name in ("value", "target", "year", "sentence_index")) for name in FIGURE_COLUMNS]


def decimal_text(value: int | float | None) -> str:
    """``60000000000000``, ``9.5``, ``0.25``: a dot, no grouping, no exponent ("" for None)."""
    if value is None:
        return ""
    return format(Decimal(str(value)).normalize(), "f")


def _cell(value: object, numeric: bool) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if not numeric and text.startswith(_FORMULA) else text
