"""Documents as plain dicts: the list (``/documents``, ``/api/documents``) and one document
(``/doc/<id>``, ``/api/documents/<id>``) with its text cut into linkable pieces.

The text is returned as paragraphs of sentences of *segments* ``{"text", "entity"}``, built
from the mention offsets, so a template can link every mention without ever marking up
document text itself (Jinja escapes each piece). Overlapping mentions ("Đại hội ... tại
Đảng bộ phường Mỏ Chè" holds "phường Mỏ Chè") cannot nest as links: the outer one is the
link and the inner ones are listed with it (``also``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import Any

from kg.errors import NotFound
from kg.kb import KnowledgeBase
from kg.namespaces import KG
from search.dates import DateRange

from .cached import per_generation
from .facts import observations, statements
from .terms import checked_doc_id, path_of, plain, query, refs, sparql_string, term

DOC_FIELDS = (
    "title",
    "originalTitle",
    "source",
    "path",
    "format",
    "ingested",
    "sentences",
    "caption",
    "credit",
    "language",
    "hash",
    "restored",
    "date",
    "url",
    "site",
)


def document_list(kb: KnowledgeBase, published: DateRange | None = None) -> list[dict]:
    """Every document, or those published within ``published`` (a :class:`search.dates.DateRange`).

    Returns:
        ``{"doc_id", "iri", "path", "title", "name", "file", "source", "sentences", "ingested",
        "date", "url", "site"}`` newest ingested first (then by title): ``name`` is what a list
        shows (:func:`distinguish`), ``file`` the folder and file it was read from
        (:func:`source_label`; never the whole server path), ``date`` the publication date
        (ISO ``YYYY-MM-DD``), ``url`` where it was published and ``site`` the publisher, each
        None when not given.
    """
    within = published.sparql("?date") if published else ""
    rows = query(
        kb,
        f"""SELECT ?doc ?id ?title ?source ?file ?sentences ?ingested ?date ?url ?site WHERE {{
        ?doc a kg:Document ; dcterms:identifier ?id ; dcterms:title ?title .
        OPTIONAL {{ ?doc kg:sourceName ?source }} OPTIONAL {{ ?doc kg:sourcePath ?file }}
        OPTIONAL {{ ?doc kg:sentenceCount ?sentences }}
        OPTIONAL {{ ?doc kg:ingestedAt ?ingested }} OPTIONAL {{ ?doc dcterms:date ?date }}
        OPTIONAL {{ ?doc schema:url ?url }} OPTIONAL {{ ?doc dcterms:publisher ?site }} {within}
        }} ORDER BY DESC(?ingested) ?title ?id""",
    )
    out, seen = [], set()
    for r in rows:
        if str(r["id"]) in seen:
            continue
        seen.add(str(r["id"]))
        out.append(
            {
                "doc_id": str(r["id"]),
                "iri": str(r["doc"]),
                "path": f"/doc/{r['id']}",
                "title": str(r["title"]),
                "name": None,
                "file": source_label(plain(r["file"]), plain(r["source"])),
                "source": plain(r["source"]),
                "sentences": plain(r["sentences"]),
                "ingested": plain(r["ingested"]),
                "date": plain(r["date"]),
                "url": plain(r["url"]),
                "site": plain(r["site"]),
            }
        )
    return distinguish(out)


def source_label(path: str | None, source: str | None) -> str:
    """Where a document was read from, short enough to show and long enough to tell apart.

    The last folder and the file name (``vnnews/0101.txt``, ``vnnews-b/0101.txt``): corpus
    folders reuse file names, so the base name alone is ambiguous. A JSON Lines record is its
    file and record id (``news.jsonl · a17``). The rest of the server's path is never shown.
    """
    where = PurePosixPath(str(path or "").replace("\\", "/"))
    if not where.name:
        return source or ""
    if source and source != where.name:
        return f"{where.name} · {source}"
    return f"{where.parent.name}/{where.name}" if where.parent.name else where.name


def distinguish(docs: list[dict]) -> list[dict]:
    """Fill each document's ``name``: its title, or its file when it has none; a title that
    several documents share gets the file after it ("Tin vắn (vnnews/0101.txt)"), so no two
    lines of a list read the same.

    Args:
        docs: dicts with ``title`` and ``file`` (changed in place, and returned).
    """
    titles = Counter(_title(d) for d in docs if _title(d))
    for d in docs:
        title = _title(d)
        if not title:
            d["name"] = d["file"] or d["doc_id"]
        elif titles[title] > 1 and d["file"]:
            d["name"] = f"{title} ({d['file']})"
        else:
            d["name"] = title
    return docs


def _title(doc: dict) -> str:
    return " ".join(str(doc.get("title") or "").split())


def documents_by_id(kb: KnowledgeBase) -> dict[str, dict]:
    """Every document of :func:`document_list` by id, read once per store generation: a list
    elsewhere (a timeline, an entity's documents, search hits) can show each one's ``name``
    without reading all of them again (580 ms over the 2,256 corpus documents)."""
    return per_generation(kb, "documents", lambda: {d["doc_id"]: d for d in document_list(kb)})


def document_data(kb: KnowledgeBase, doc_id: str) -> dict:
    """One document with its metadata, annotated text and extracted facts.

    Returns:
        ``{"doc_id", "iri", "path", "meta", "file", "paragraphs", "entities", "observations",
        "proposals", "directives", "relations"}``: ``file`` is :func:`source_label`; ``meta`` holds the fields of
        :data:`DOC_FIELDS` (None when absent; ``date`` is the publication date, ISO, ``url``
        where it was published, ``site`` the publisher); ``paragraphs`` is a list of lists of sentences
        ``{"index", "id", "segments"}``; ``entities`` groups the mentioned entities by type.

    Raises:
        NotFound: no stored document has this id.
    """
    doc_id = checked_doc_id(str(doc_id))
    meta, text = _meta(kb, doc_id)
    mentions = _mentions(kb, doc_id)
    facts = statements(kb, doc_id=doc_id)
    return {
        "doc_id": doc_id,
        "iri": str(kb.iris.doc(doc_id)),
        "path": f"/doc/{doc_id}",
        "meta": meta,
        "file": source_label(meta["path"], meta["source"]),
        "paragraphs": paragraphs(text, _sentences(kb, doc_id), mentions),
        "entities": _entities_by_type(kb, mentions),
        "observations": observations(kb, doc_id=doc_id),
        "proposals": [f for f in facts if f["type"] == "Proposal"],
        "directives": [f for f in facts if f["type"] == "Directive"],
        "relations": _relations(kb, doc_id),
    }


def _meta(kb: KnowledgeBase, doc_id: str) -> tuple[dict, str]:
    rows = query(
        kb,
        f"""SELECT * WHERE {{ GRAPH <{kb.iris.doc_graph(doc_id)}> {{
        ?doc a kg:Document ; dcterms:identifier {sparql_string(doc_id)} ; dcterms:title ?title ; schema:text ?text .
        OPTIONAL {{ ?doc kg:originalTitle ?originalTitle }} OPTIONAL {{ ?doc kg:sourceName ?source }}
        OPTIONAL {{ ?doc kg:sourcePath ?path }} OPTIONAL {{ ?doc kg:inputFormat ?format }}
        OPTIONAL {{ ?doc kg:ingestedAt ?ingested }} OPTIONAL {{ ?doc kg:sentenceCount ?sentences }}
        OPTIONAL {{ ?doc kg:caption ?caption }} OPTIONAL {{ ?doc kg:photoCredit ?credit }}
        OPTIONAL {{ ?doc dcterms:language ?language }} OPTIONAL {{ ?doc kg:contentHash ?hash }}
        OPTIONAL {{ ?doc kg:titleRestored ?restored }} OPTIONAL {{ ?doc dcterms:date ?date }}
        OPTIONAL {{ ?doc schema:url ?url }} OPTIONAL {{ ?doc dcterms:publisher ?site }} }} }} LIMIT 1""",
        union=False,
    )
    if not rows:
        raise NotFound(f"no document {doc_id!r} in this knowledge base")
    row = rows[0]
    return {name: plain(row.get(name)) for name in DOC_FIELDS}, str(row["text"])


def _sentences(kb: KnowledgeBase, doc_id: str) -> list[tuple[int, int, int]]:
    rows = query(
        kb,
        f"""SELECT ?idx ?start ?end WHERE {{ GRAPH <{kb.iris.doc_graph(doc_id)}> {{
        ?s a kg:Sentence ; kg:sentenceIndex ?idx ; kg:startOffset ?start ; kg:endOffset ?end }} }}
        ORDER BY ?start""",
        union=False,
    )
    return [(int(r["idx"]), int(r["start"]), int(r["end"])) for r in rows]


def _mentions(kb: KnowledgeBase, doc_id: str) -> list[dict]:
    rows = query(
        kb,
        f"""SELECT ?start ?end ?e WHERE {{ GRAPH <{kb.iris.doc_graph(doc_id)}> {{
        ?m a kg:Mention ; kg:refersTo ?e ; kg:startOffset ?start ; kg:endOffset ?end }} }}
        ORDER BY ?start DESC(?end) ?e""",
        union=False,
    )
    names = refs(kb, [r["e"] for r in rows])
    out, seen = [], set()
    for r in rows:
        key = (int(r["start"]), int(r["end"]), str(r["e"]))
        if key not in seen:
            seen.add(key)
            out.append({"start": key[0], "end": key[1], "entity": names[key[2]]})
    return out


def paragraphs(text: str, sentences: list[tuple[int, int, int]], mentions: list[dict]) -> list[list[dict]]:
    """The text as paragraphs of sentences of segments (pure: offsets in, pieces out).

    Args:
        text: the document text the offsets index into.
        sentences: ``(index, start, end)`` sorted by start.
        mentions: ``{"start", "end", "entity"}`` sorted by start, longest first.

    Returns:
        Paragraphs (a blank line or line break in the gap between sentences starts a new
        one) of ``{"index", "id", "segments"}``; text outside any sentence becomes a sentence
        with index None so nothing of the document is lost.
    """
    spans: list[tuple[int | None, int, int]] = []
    pos = 0
    for index, start, end in sentences:
        if start < pos or end > len(text):
            continue
        spans += _loose(text, pos, start)
        spans.append((index, start, end))
        pos = end
    spans += _loose(text, pos, len(text))
    out: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    last = 0
    for number, start, end in spans:
        if current and "\n" in text[last:start]:
            out.append(current)
            current = []
        current.append(
            {
                "index": number,
                "id": f"s{number}" if number is not None else None,
                "segments": segments(text, start, end, mentions),
            }
        )
        last = end
    return out + ([current] if current else [])


def _loose(text: str, start: int, end: int) -> list[tuple[None, int, int]]:
    """Text between sentences that is not just whitespace, trimmed (its line breaks count)."""
    gap = text[start:end]
    if not gap.strip():
        return []
    return [(None, start + len(gap) - len(gap.lstrip()), end - len(gap) + len(gap.rstrip()))]


def segments(text: str, start: int, end: int, mentions: list[dict]) -> list[dict]:
    """``text[start:end]`` cut at its mentions: ``{"text", "entity", "also"}`` pieces.

    Links cannot nest, so overlapping mentions are resolved by keeping as many links as
    possible (earliest end first, the longest of those ending together); each mention left
    out is listed in ``also`` of the first kept link it overlaps.
    """
    inside = [m for m in mentions if start <= m["start"] < m["end"] <= end]
    kept, pos = [], start
    for m in sorted(inside, key=lambda m: (m["end"], m["start"])):
        if m["start"] >= pos:
            kept.append({"start": m["start"], "end": m["end"], "entity": m["entity"], "also": []})
            pos = m["end"]
    for m in inside:
        host = next((k for k in kept if k["start"] < m["end"] and m["start"] < k["end"]), None)
        if host and m["entity"] != host["entity"] and m["entity"] not in host["also"]:
            host["also"].append(m["entity"])
    out: list[dict[str, Any]] = []
    pos = start
    for k in kept:
        if k["start"] > pos:
            out.append({"text": text[pos : k["start"]], "entity": None, "also": []})
        out.append({"text": text[k["start"] : k["end"]], "entity": k["entity"], "also": k["also"]})
        pos = k["end"]
    if pos < end:
        out.append({"text": text[pos:end], "entity": None, "also": []})
    return out


def _entities_by_type(kb: KnowledgeBase, mentions: list[dict]) -> list[dict]:
    """``[{"type": term dict, "entities": [ref + "mentions"]}]``, most mentioned first."""
    counts: dict[str, dict] = {}
    for m in mentions:
        entity = counts.setdefault(m["entity"]["iri"], {**m["entity"], "mentions": 0})
        entity["mentions"] += 1
    groups: dict[str, list] = {}
    for entity in counts.values():
        groups.setdefault(entity["type"] or "Entity", []).append(entity)
    return [
        {"type": term(kb, _class_iri(name)), "entities": sorted(items, key=lambda e: (-e["mentions"], e["label"]))}
        for name, items in sorted(groups.items(), key=lambda g: -len(g[1]))
    ]


def _class_iri(name: str) -> str:
    return str(KG[name]) if name in KG.__annotations__ else name


def _relations(kb: KnowledgeBase, doc_id: str) -> list[dict]:
    """The reified relations of the document, each with the sentence it came from."""
    rows = query(
        kb,
        f"""SELECT ?s ?p ?o ?sent WHERE {{ GRAPH <{kb.iris.doc_graph(doc_id)}> {{
        ?r a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        OPTIONAL {{ ?r prov:wasDerivedFrom ?sent }} }} }}""",
        union=False,
    )
    names = refs(kb, [r[k] for r in rows for k in ("s", "o")])
    out = [
        {
            "subject": names[str(r["s"])],
            "predicate": term(kb, r["p"]),
            "object": names[str(r["o"])],
            "evidence": path_of(kb.iris, r["sent"]) if r["sent"] else None,
        }
        for r in rows
    ]
    return sorted(out, key=lambda x: (x["predicate"]["label"], x["subject"]["label"], x["object"]["label"]))
