"""Proposals, directives and observations as plain dicts, for the entity, document and browse pages.

One query shape per kind of fact, narrowed by what the page is about: a document (its named
graph), an entity (the facts pointing at it) or topics. Each fact carries the sentence it was
read from, so every page can link to the evidence (``/doc/{id}#s{n}``), and its ``date``: its
own ``dcterms:date`` (the publication date a fact inherits when its text gives no time), else
the publication date of its document; ``published`` (a :class:`search.dates.DateRange`) keeps
the facts whose date is in range.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from kg.read import reader

from .terms import local_name, path_of, plain, query, refs, term

if TYPE_CHECKING:
    from kg.kb import KnowledgeBase
    from search.dates import DateRange

STATEMENT_LINKS = ("kg:concerns", "kg:proposedBy", "kg:issuedBy", "kg:addressedTo", "kg:madeAt", "kg:duringTerm")
ROLES = {
    "concerns": "concerns",
    "proposedBy": "by",
    "issuedBy": "by",
    "addressedTo": "to",
    "madeAt": "at",
    "duringTerm": "term",
}
LOWER_BOUND, UPPER_BOUND = (">", ">=", "≥"), ("<", "<=", "≤")


def _scope(kb: KnowledgeBase, doc_id: str | None, body: str) -> str:
    """``body`` inside the document's named graph when ``doc_id`` is given."""
    return f"GRAPH <{kb.iris.doc_graph(doc_id)}> {{ {body} }}" if doc_id else body


# The sentence a fact was read from, its document's id and publication date (?pub), and the
# fact's own date (?own): ?when is the one shown and filtered on.
_SOURCE = """OPTIONAL {{ {fact} prov:wasDerivedFrom ?sent . ?sent kg:sentenceIndex ?idx ; kg:inDocument ?d .
                 ?d dcterms:identifier ?docid OPTIONAL {{ ?d dcterms:date ?pub }} }}
      OPTIONAL {{ {fact} dcterms:date ?own }} BIND(COALESCE(?own, ?pub) AS ?when)"""


def date_filter(fact: str, published: DateRange | None) -> str:
    """SPARQL keeping the ``fact`` dated within ``published`` ("" when None); counts use it too.

    The date is the fact's own ``dcterms:date``, else the one of the document it was read from.
    """
    if not published:
        return ""
    return (
        f"OPTIONAL {{ {fact} dcterms:date ?own_f }} "
        f"OPTIONAL {{ {fact} prov:wasDerivedFrom/kg:inDocument/dcterms:date ?pub_f }} "
        f"BIND(COALESCE(?own_f, ?pub_f) AS ?when_f) {published.sparql('?when_f')}"
    )


def _source(
    kb: KnowledgeBase, sentence: URIRef | None, index: Literal | None, doc_id: Literal | None
) -> dict[str, Any] | None:
    if sentence is None:
        return None
    return {
        "sentence": str(sentence),
        "index": plain(index),
        "doc_id": str(doc_id) if doc_id else None,
        "path": path_of(kb.iris, sentence),
    }


def statements(
    kb: KnowledgeBase,
    doc_id: str | None = None,
    concerning: str | None = None,
    topics: list[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    kind: str | None = None,
    iris: list[str] | None = None,
    published: DateRange | None = None,
) -> list[dict[str, Any]]:
    """Proposals and directives (all, or of one document, about one entity, or on topics).

    Args:
        kb: an open knowledge base.
        doc_id: only those read from this document.
        concerning: only those linked to this entity IRI (concerns, by, addressed to...).
        topics: only those with one of these topic IRIs as ``dcterms:subject``.
        limit: at most this many (None: all), from ``offset`` on (in IRI order).
        kind: ``Proposal`` or ``Directive`` only.
        iris: only these statements.
        published: only those dated within this :class:`search.dates.DateRange`.

    Returns:
        Dicts ``{"iri", "type", "label", "text", "date", "topics", "concerns", "by", "to",
        "at", "term", "source"}`` ordered by document and sentence; link lists hold
        :func:`ref` dicts; ``date`` is ISO ``YYYY-MM-DD`` or None.
    """
    where = _statement_filter(kind, iris, concerning, topics) + " " + date_filter("?st", published)
    page = (f"LIMIT {int(limit)}" if limit else "") + (f" OFFSET {int(offset)}" if offset else "")
    rows = query(
        kb,
        f"""
        SELECT ?st ?type ?text ?sent ?idx ?docid ?when WHERE {{
          {{ SELECT DISTINCT ?st ?type ?text WHERE {{ {_scope(kb, doc_id, where)} }} ORDER BY ?st {page} }}
          {_SOURCE.format(fact="?st")}
        }}""",
    )
    found: dict[str, dict[str, Any]] = {}
    read = reader(kb)
    for r in rows:
        found.setdefault(
            str(r["st"]),
            {
                "iri": str(r["st"]),
                "type": local_name(r["type"]),
                "label": read.describe(r["st"])[0] or str(r["text"]),
                "text": str(r["text"]),
                "date": plain(r["when"]),
                "topics": [],
                **{role: [] for role in set(ROLES.values())},
                "source": _source(kb, r["sent"], r["idx"], r["docid"]),
            },
        )
    _add_links(kb, found)
    return sorted(found.values(), key=_statement_order)


def _statement_filter(
    kind: str | None, iris: list[str] | None, concerning: str | None, topics: list[str] | None
) -> str:
    kinds = f"kg:{kind}" if kind else "kg:Proposal kg:Directive"
    where = f"?st a ?type . VALUES ?type {{ {kinds} }} ?st schema:text ?text ."
    if iris:
        where = f"VALUES ?st {{ {' '.join(f'<{i}>' for i in iris)} }} " + where
    if concerning:
        where += f" ?st ?link <{concerning}> . VALUES ?link {{ {' '.join(STATEMENT_LINKS)} }}"
    if topics:
        where += f" ?st dcterms:subject ?wanted . VALUES ?wanted {{ {' '.join(f'<{t}>' for t in topics)} }}"
    return where


def _statement_order(item: dict[str, Any]) -> tuple[str, int, str]:
    source = item["source"] or {}
    return (source.get("doc_id") or "", source.get("index") or 0, item["iri"])


def _add_links(kb: KnowledgeBase, found: dict[str, dict[str, Any]]) -> None:
    if not found:
        return
    values = " ".join(f"<{iri}>" for iri in found)
    rows = query(
        kb,
        f"""SELECT DISTINCT ?st ?p ?o WHERE {{ VALUES ?st {{ {values} }} ?st ?p ?o .
        VALUES ?p {{ dcterms:subject {" ".join(STATEMENT_LINKS)} }} }} ORDER BY ?st ?p ?o""",
    )
    names = refs(kb, [r["o"] for r in rows if local_name(r["p"]) != "subject"])
    for r in rows:
        item, name, target = found[str(r["st"])], local_name(r["p"]), str(r["o"])
        if name == "subject":
            item["topics"].append({**term(kb, target), "path": f"/browse/topic/{local_name(target)}"})
        else:
            item[ROLES[name]].append(names[target])


def target_status(
    value: float | str | None, target: float | str | None, comparator: str | None = "=", direction: str | None = None
) -> str:
    """Whether a reported figure met its target: ``met``, ``missed`` or ``unknown``.

    The comparator bounds the true figure ("trên 19%" is at least 19, "dưới 2%" at most 2);
    the direction says which way is better ("decrease" for a poverty rate, otherwise higher
    is better). Only a bound that settles the comparison gives an answer.
    """
    if value is None or target is None:
        return "unknown"
    value, target, comparator = float(value), float(target), comparator or "="
    if direction == "decrease":  # lower is better: mirror the problem
        value, target = -value, -target
        comparator = {">": "<", ">=": "<=", "≥": "≤", "<": ">", "<=": ">=", "≤": "≥"}.get(comparator, comparator)
    at_least = comparator not in UPPER_BOUND  # the figure is at least `value` (exact counts too)
    at_most = comparator not in LOWER_BOUND
    if at_least and (value > target or (value == target and comparator != "≈")):
        return "met"
    if at_most and (value < target or (value == target and comparator in ("<",))):
        return "missed"
    return "unknown"


OBSERVATION_FIELDS = ("value", "unit", "comparator", "period", "year", "target", "estimated", "direction")
OBSERVATION_PROPERTIES = {
    "indicator": "indicator",
    "refArea": "area",
    "unit": "unit",
    "comparator": "comparator",
    "period": "period",
    "year": "year",
    "targetValue": "target",
    "estimated": "estimated",
    "direction": "direction",
}


def observations(
    kb: KnowledgeBase,
    doc_id: str | None = None,
    about: str | None = None,
    limit: int | None = None,
    published: DateRange | None = None,
) -> list[dict[str, Any]]:
    """Reported figures (all, of one document, or of one indicator or place IRI).

    Args:
        published: only those dated within this :class:`search.dates.DateRange`.

    Returns:
        Dicts ``{"iri", "label", "indicator", "area", "value", "unit", "comparator",
        "period", "year", "target", "estimated", "direction", "date", "status", "source"}``;
        indicator and area are :func:`ref` dicts (or None); status comes from
        :func:`target_status`; ``date`` is ISO ``YYYY-MM-DD`` or None.
    """
    where = "?obs a kg:Observation ; kg:value ?value ."
    if about:
        where += f" ?obs ?about <{about}> . VALUES ?about {{ kg:indicator kg:refArea }}"
    where += " " + date_filter("?obs", published)
    page = f"LIMIT {int(limit)}" if limit else ""
    optional = " ".join(f"OPTIONAL {{ ?obs kg:{p} ?{v} }}" for p, v in OBSERVATION_PROPERTIES.items())
    rows = query(
        kb,
        f"""
        SELECT * WHERE {{
          {{ SELECT DISTINCT ?obs ?value WHERE {{ {_scope(kb, doc_id, where)} }} ORDER BY ?obs {page} }}
          {optional}
          {_SOURCE.format(fact="?obs")}
        }}""",
    )
    names = refs(kb, [r[k] for r in rows for k in ("indicator", "area")])
    found: dict[str, dict[str, Any]] = {}
    read = reader(kb)
    for r in rows:
        if str(r["obs"]) in found:
            continue
        item = {
            "iri": str(r["obs"]),
            "label": read.describe(r["obs"])[0] or "",
            "indicator": names.get(str(r["indicator"])),
            "area": names.get(str(r["area"])),
            **{name: plain(r[name]) for name in OBSERVATION_FIELDS},
            "date": plain(r["when"]),
            "source": _source(kb, r["sent"], r["idx"], r["docid"]),
        }
        item["status"] = target_status(item["value"], item["target"], item["comparator"], item["direction"])
        found[item["iri"]] = item
    return sorted(found.values(), key=_observation_order)


def _observation_order(item: dict[str, Any]) -> tuple[str, str, str]:
    indicator = (item["indicator"] or {}).get("label") or ""
    return (indicator, (item["area"] or {}).get("label") or "", str(item["period"] or item["year"] or ""))
