"""Everything known about one entity, as a plain dict: the entity page and ``/api/entity``.

``entity_data(kb, iri)`` gathers the entity's own description (labels, type, code,
coordinates, 2025 successor, literal properties), its relations to other entities in both
directions with the sentences they were read from, every mention, and the proposals,
directives and observations about it. Long lists are capped (``LIMIT``) with their true
size reported, so a province mentioned in thousands of articles still renders quickly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.errors import NotFound
from kg.kb import KnowledgeBase
from kg.namespaces import KG, RDF, WGS
from kg.read import INDEXED, EntityInfo, reader

from .facts import observations, statements
from .terms import checked_iri, is_entity, path_of, plain, query, refs, term

LIMIT = 500  # relations and facts listed per entity page
MENTION_LIMIT = 100  # mentions shown with their sentence (all are counted, per document too)
HIDDEN = {*INDEXED, str(WGS.lat), str(WGS.long)}  # shown in the page head, not as properties


def entity_iri(kb: KnowledgeBase, key: str) -> str:
    """The IRI of ``/entity/{key}`` (``key`` = ``{type-slug}/{id}``) under the store's base.

    Raises:
        NotFound: the key holds characters no IRI can contain.
    """
    return checked_iri(f"{kb.iris.base}entity/{key}")


def entity_data(kb: KnowledgeBase, iri: str) -> dict:
    """The entity ``iri`` as a JSON-able dict.

    Args:
        kb: an open knowledge base (read-only is enough).
        iri: the entity IRI (``{base}entity/{type-slug}/{key}``).

    Returns:
        ``{"iri", "path", "label", "label_en", "alt_labels", "type", "types", "code",
        "coordinates", "successor", "properties", "outgoing", "incoming", "mentions",
        "mention_count", "documents", "proposals", "directives", "observations"}``; see the
        module docstring. ``type`` is an ontology term dict (``name``, ``label``, ``label_en``).

    Raises:
        NotFound: nothing in the store describes ``iri``.
    """
    iri = checked_iri(str(iri))
    info = reader(kb).entity(iri)
    if info is None or not is_entity(kb.iris, iri):
        raise NotFound(f"no entity {iri} in this knowledge base")
    rows = query(kb, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")
    incoming = query(
        kb,
        f"""SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}>
        FILTER (STRSTARTS(STR(?s), "{kb.iris.base}entity/")) }} LIMIT {LIMIT}""",
    )
    names = refs(kb, [r["o"] for r in rows if is_entity(kb.iris, r["o"])] + [r["s"] for r in incoming])
    evidence = _evidence(kb, iri)
    data = _description(kb, info, rows, names)
    data["outgoing"] = _relations(
        kb, [(iri, r["p"], str(r["o"])) for r in rows if is_entity(kb.iris, r["o"])], names, evidence, "target"
    )
    data["incoming"] = _relations(kb, [(str(r["s"]), r["p"], iri) for r in incoming], names, evidence, "source")
    data["mentions"], data["mention_count"], data["documents"] = _mentions(kb, iri)
    facts = statements(kb, concerning=iri, limit=LIMIT)
    data["proposals"] = [f for f in facts if f["type"] == "Proposal"]
    data["directives"] = [f for f in facts if f["type"] == "Directive"]
    data["observations"] = observations(kb, about=iri, limit=LIMIT)
    return data


def _values(rows: list[dict[str, Any]], predicate: object) -> list:
    seen, out = set(), []
    for r in rows:
        if str(r["p"]) == str(predicate) and r["o"] not in seen:
            seen.add(r["o"])
            out.append(r["o"])
    return out


def _description(kb: KnowledgeBase, info: EntityInfo, rows: list[dict[str, Any]], names: dict) -> dict:
    """The page head: names, class and code from the entity index, the rest from ``rows``."""
    types = [term(kb, KG[t]) for t in info.types] or [term(kb, t) for t in _values(rows, RDF.type)]
    lat, long = _values(rows, WGS.lat), _values(rows, WGS.long)
    successor = _values(rows, KG.successorUnit)
    return {
        "iri": info.iri,
        "path": path_of(kb.iris, info.iri),
        "label": info.label,
        "label_en": info.label_en,
        "alt_labels": list(info.aliases),
        "type": types[0] if types else None,
        "types": types,
        "code": info.code,
        "coordinates": {"lat": plain(lat[0]), "long": plain(long[0])} if lat and long else None,
        "successor": names.get(str(successor[0])) if successor else None,
        "properties": _literal_properties(kb, rows),
    }


def _literal_properties(kb: KnowledgeBase, rows: list[dict[str, Any]]) -> list[dict]:
    grouped: dict[str, list] = {}
    for r in rows:
        p, o = str(r["p"]), r["o"]
        if p in HIDDEN or not hasattr(o, "language"):  # literals only; links are relations
            continue
        values = grouped.setdefault(p, [])
        item = {"value": plain(o), "lang": o.language}
        if item not in values:
            values.append(item)
    return [{"predicate": term(kb, p), "values": v} for p, v in sorted(grouped.items())]


def _evidence(kb: KnowledgeBase, iri: str) -> dict[tuple[str, str, str], list[str | None]]:
    """Sentence paths of the reified relations that have ``iri`` at either end."""
    rows = query(
        kb,
        f"""SELECT DISTINCT ?s ?p ?o ?sent WHERE {{
        {{ ?r rdf:subject <{iri}> }} UNION {{ ?r rdf:object <{iri}> }}
        ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sent }}""",
    )
    found: dict[tuple[str, str, str], list[str | None]] = {}
    for r in rows:
        found.setdefault((str(r["s"]), str(r["p"]), str(r["o"])), []).append(path_of(kb.iris, r["sent"]))
    return found


def _relations(
    kb: KnowledgeBase, triples: Iterable[tuple[str, object, str]], names: dict, evidence: dict, end: str
) -> list[dict]:
    """Relations to other entities, by predicate label; ``end`` names the other side
    (``target`` for outgoing, ``source`` for incoming)."""
    out = []
    for s, p, o in triples:
        if str(p) in HIDDEN:
            continue
        other = o if end == "target" else s
        out.append(
            {
                "predicate": term(kb, p),
                end: names[other],
                "evidence": sorted(filter(None, evidence.get((s, str(p), o), []))),
            }
        )
    return _by_predicate(out, end)


def _by_predicate(items: list[dict], end: str) -> list[dict]:
    return sorted(items, key=lambda i: (i["predicate"]["label"], i[end]["label"].casefold()))


def _mentions(kb: KnowledgeBase, iri: str) -> tuple[list[dict], int, list[dict]]:
    """Up to ``MENTION_LIMIT`` mentions with their sentence split around the mention, the total,
    and the documents that mention the entity (with counts)."""
    counts = query(
        kb,
        f"""SELECT ?docid ?title (COUNT(?m) AS ?n) WHERE {{
        ?m kg:refersTo <{iri}> ; kg:inSentence ?s . ?s kg:inDocument ?doc .
        ?doc dcterms:identifier ?docid ; dcterms:title ?title }} GROUP BY ?docid ?title ORDER BY DESC(?n) ?title""",
    )
    documents: dict[str, dict[str, Any]] = {
        str(r["docid"]): {
            "doc_id": str(r["docid"]),
            "title": str(r["title"]),
            "path": f"/doc/{r['docid']}",
            "mentions": int(r["n"]),
        }
        for r in counts
    }
    rows = query(
        kb,
        f"""SELECT ?surface ?start ?end ?idx ?sstart ?text ?docid WHERE {{
        ?m kg:refersTo <{iri}> ; kg:surfaceForm ?surface ; kg:startOffset ?start ; kg:endOffset ?end ;
           kg:inSentence ?s . ?s kg:sentenceIndex ?idx ; kg:startOffset ?sstart ; schema:text ?text ;
           kg:inDocument ?doc . ?doc dcterms:identifier ?docid ; dcterms:title ?title
        }} ORDER BY ?title ?docid ?idx ?start LIMIT {MENTION_LIMIT}""",
    )
    mentions = [_mention(r, documents[str(r["docid"])]) for r in rows if str(r["docid"]) in documents]
    return mentions, sum(d["mentions"] for d in documents.values()), list(documents.values())


def _mention(r: dict[str, Any], doc: dict) -> dict:
    text, shift = str(r["text"]), int(r["sstart"])
    start, end = int(r["start"]) - shift, int(r["end"]) - shift
    if not (0 <= start < end <= len(text)):  # offsets past the sentence: show it whole
        start = end = len(text)
    index = int(r["idx"])
    return {
        "doc_id": doc["doc_id"],
        "title": doc["title"],
        "surface": str(r["surface"]),
        "sentence_index": index,
        "path": f"{doc['path']}#s{index}",
        "before": text[:start],
        "match": text[start:end],
        "after": text[end:],
    }
