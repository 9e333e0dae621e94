"""Parameterised SPARQL templates, one per intent.

Each template is a pure function from linked slots to query text. Slots are graph IRIs
that came out of the store (:mod:`search.qa.lexicon`), years are integers, and class names
are checked against the ontology's: no text of the question ever reaches a query, so a
question cannot inject SPARQL. :func:`iri` refuses anything that is not a plain IRI even so.

Every template selects ``?x`` (the answer node) and ``?sent`` (a sentence it was read from);
:func:`evidence` then fetches the sentences' text and documents. Answers are named by the read
layer (:mod:`kg.read`), never by the query. All queries run are returned with the answer.
"""

from __future__ import annotations

import re

from kg.errors import BadQuery
from kg.namespaces import KG, sparql_prefixes

_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_CLASS = re.compile(r"^[A-Z][A-Za-z]+$")
ROW_LIMIT = 2000
# Text structure and bookkeeping, not facts: mentions, sentences, documents, and the records
# of which document supports which entity description.
STRUCTURE = "kg:refersTo, kg:inSentence, kg:inDocument, kg:describes"
FACT_LIMIT = 200  # facts about one entity: a province has thousands; the first 200 by relation

# Sentences naming a node, or stating a relation to it (a 2025 unit no text names is still
# the object of the "successor unit" relation read from a sentence about its predecessor).
MENTIONED = (
    "OPTIONAL { { ?m kg:refersTo ?x ; kg:inSentence ?s . } UNION { ?r rdf:object ?x ; prov:wasDerivedFrom ?s . } }"
)


def iri(value: str) -> str:
    """``<value>`` for a query, or BadQuery when ``value`` is not a plain http(s) IRI."""
    if not _IRI.match(value or ""):
        raise BadQuery(f"not a usable IRI: {value[:80]!r}")
    return f"<{value}>"


def cls(name: str) -> str:
    """``kg:Name`` for a class of the ontology."""
    if not _CLASS.match(name or "") or name not in KG.__annotations__:
        raise BadQuery(f"not a class of the ontology: {name!r}")
    return f"kg:{name}"


def prefixes(query: str) -> str:
    """The PREFIX lines for the prefixes ``query`` uses (shown queries stay readable)."""
    lines = sparql_prefixes().splitlines(keepends=True)
    return "".join(line for line in lines if line.split()[1] in query)


def _select(body: str, extra: str = "", order: str = "?x ?sent") -> str:
    """A query for answers (``?x``) and the sentence each was read from (``?sent``).

    Sentence texts and documents are fetched afterwards for the answers found
    (:func:`evidence`): joined here, Oxigraph evaluates those optional parts against every
    sentence of the store before joining, which took seconds per question.
    """
    query = f"SELECT DISTINCT ?x ?sent {extra}\nWHERE {{{body}\n}} ORDER BY {order} LIMIT {ROW_LIMIT}"
    return prefixes(query) + query


def _first_mention(where: str) -> str:
    """Nodes matching ``where`` with one sentence that mentions each (a list answer's evidence)."""
    query = (
        f"SELECT ?x (MIN(?s) AS ?sent)\nWHERE {{\n  {where}\n  {MENTIONED}\n}}"
        f" GROUP BY ?x ORDER BY ?x LIMIT {ROW_LIMIT}"
    )
    return prefixes(query) + query


def statements(
    kinds: tuple[str, ...],
    topic: str | None = None,
    about: tuple[str, ...] = (),
    about_type: str | None = None,
    by: bool = False,
    within: tuple[str, ...] = (),
) -> str:
    """Proposals/directives, optionally on a topic (or any narrower one) and about a node
    (an entity they concern, or one of ``within`` (the entities inside the place, found by
    :func:`kg.read.contained`), one their sentence names, or the place of the body that
    made them); with ``by``, only those the node (a body, a role) made.

    The bound patterns come first: Oxigraph joins in the order written, and starting from
    every proposal instead of from the node asked about took seconds on the full corpus.
    """
    # The node's statements are found first, in a sub-select: Oxigraph pushes no binding into
    # a UNION (a branch without its VALUES enumerated every mention of the store) and joined
    # the union's rows with the class pattern in seconds, the sub-select in milliseconds.
    nodes = f"VALUES ?a {{ {' '.join(iri(a) for a in about)} }}" if about else ""
    union = ""
    if about and by:
        union = (
            f"{{ {nodes} ?x kg:proposedBy|kg:issuedBy ?a }}"
            f"\n    UNION {{ {nodes} ?x (kg:proposedBy|kg:issuedBy)/kg:roleOf ?a }}"
        )
    elif about:
        inside = " ".join(iri(c) for c in dict.fromkeys((*about, *within)))
        union = (
            f"{{ VALUES ?c {{ {inside} }} ?x kg:concerns ?c }}"
            f"\n    UNION {{ {nodes} ?m kg:refersTo ?a ; kg:inSentence ?s0 . ?x prov:wasDerivedFrom ?s0 }}"
            f"\n    UNION {{ {nodes} ?o kg:jurisdiction|(kg:roleOf/kg:jurisdiction) ?a . "
            f"?x kg:proposedBy|kg:issuedBy ?o }}"
        )
    body = f"\n  {{ SELECT DISTINCT ?x WHERE {{\n    {union} }} }}" if union else ""
    if topic:
        # paths walked from their bound end (the topic, the class): Virtuoso refuses a transitive
        # path whose start is free, and the bound end is the smaller side everywhere
        body += f"\n  {iri(topic)} ^skos:broader* ?xt . ?x dcterms:subject ?xt ."
    if about_type:
        body += f"\n  {cls(about_type)} ^rdfs:subClassOf* ?ctc . ?ct a ?ctc . ?x kg:concerns ?ct ."
    body += f"\n  VALUES ?k {{ {' '.join(cls(k) for k in kinds)} }}\n  ?x a ?k ."
    body += "\n  OPTIONAL { ?x prov:wasDerivedFrom ?sent }"
    if not topic:
        return _select(body)
    # Most surely on the topic first: the classifier's calibrated probability (kg:TopicScore);
    # statements typed by keywords alone have none and come last, in IRI order.
    body += f"\n  OPTIONAL {{ ?x kg:topicScore ?ts . ?ts kg:topic {iri(topic)} ; kg:score ?score }}"
    return _select(body, "?score", "DESC(COALESCE(?score, -1)) ?x ?sent")


def entities(kind: str, within: tuple[str, ...] | None = None) -> str:
    """Entities of a class (or a subclass), optionally only those of ``within``.

    ``within`` is what lies inside a place, walked in the in-memory entity graph
    (:func:`kg.read.contained`): Oxigraph evaluated a ``locatedIn*`` path from every
    entity of the class, 200 ms for one province.
    """
    where = f"?x a ?c . ?c rdfs:subClassOf* {cls(kind)} ."
    if within is not None:
        where = f"VALUES ?x {{ {' '.join(iri(x) for x in within)} }}\n    {where}"
    return _first_mention(where)


def observations(
    indicator: str | None = None,
    places: tuple[str, ...] = (),
    year: str | None = None,
    status: str | None = None,
    about: str | None = None,
) -> str:
    """Figures of an indicator (or every figure with a target, for ``status`` = missed/met),
    with value, unit, comparator, target, period and the area they are about."""
    body = "\n  ?x a kg:Observation ; kg:indicator ?ind ; kg:value ?value ."
    if indicator:
        body += f"\n  FILTER (?ind = {iri(indicator)})"
    body += """
  OPTIONAL { ?x kg:unit ?unit } OPTIONAL { ?x kg:comparator ?cmp } OPTIONAL { ?x kg:targetValue ?target }
  OPTIONAL { ?x kg:period ?period } OPTIONAL { ?x kg:year ?year } OPTIONAL { ?x kg:estimated ?est }
  OPTIONAL { ?x kg:refArea ?area }
  OPTIONAL { ?x prov:wasDerivedFrom ?sent }"""
    if places:
        body += f"\n  FILTER (?area IN ({', '.join(iri(p) for p in places)}))"
    if about:  # a figure about a project, a road, a park: read from a sentence that names it
        body += f"\n  ?sent ^kg:inSentence/kg:refersTo {iri(about)} ."
    if year:
        year = period(year)
        years = [int(y) for y in year.split("-")]
        tests = [f'STR(?year) = "{y}"' for y in years]
        body += (
            f'\n  FILTER ({" || ".join(tests)} || CONTAINS(STR(?period), "{year}")'
            f" || (!BOUND(?year) && !BOUND(?period)))"
        )
    if status:
        body += f"\n  FILTER (BOUND(?target) && ?value {'<' if status == 'missed' else '>='} ?target)"
    return _select(body, "?ind ?value ?unit ?cmp ?target ?period ?year ?est ?area")


ROLES = ("investor", "contractor")  # a body's role in a work (kg:investor, kg:contractor)


def role(entity: str, predicate: str, of_work: bool, kind: str | None = None) -> str:
    """The bodies holding a role in a work (``of_work``: "who is the investor of X?"), or the
    works a body holds that role in ("các dự án do X đầu tư"), optionally of one class; the
    evidence is the sentence stating the relation (others get a sentence naming both later)."""
    if predicate not in ROLES:
        raise BadQuery(f"not a role: {predicate!r}")
    e = iri(entity)
    subject, obj = (e, "?x") if of_work else ("?x", e)
    typed = f"\n  ?x a ?c . ?c rdfs:subClassOf* {cls(kind)} ." if kind else ""
    body = f"""
  {subject} kg:{predicate} {obj} .{typed}
  OPTIONAL {{ ?r rdf:subject {subject} ; rdf:predicate kg:{predicate} ; rdf:object {obj} ;
                prov:wasDerivedFrom ?sent . }}"""
    return _select(body)


def facts(entity: str, predicates: tuple[str, ...] = ()) -> str:
    """Everything the graph relates to one entity, both directions (evidence: see
    :func:`fact_sentences`)."""
    keep = f"\n    VALUES ?p {{ {' '.join(f'kg:{p}' for p in predicates)} }}" if predicates else ""
    e = iri(entity)
    query = f"""SELECT DISTINCT ?x ?p ?dir WHERE {{{keep}
  {{ {e} ?p ?x . BIND ("out" AS ?dir) }} UNION {{ ?x ?p {e} . BIND ("in" AS ?dir) }}
  FILTER (isIRI(?x) && STRSTARTS(STR(?p), STR(kg:)) && ?p NOT IN ({STRUCTURE}))
}} ORDER BY ?dir ?p ?x LIMIT {FACT_LIMIT}"""
    return prefixes(query) + query


def fact_sentences(entity: str, facts: list[tuple[str, str, str]]) -> str:
    """The sentence of each (other node, predicate, direction) fact about ``entity``: the
    reified statement's, else the other node's own (a proposal's, a figure's)."""
    e = iri(entity)
    out = [f"({e} {iri(p)} {iri(x)} {iri(x)})" for x, p, d in facts if d == "out"]
    inc = [f"({iri(x)} {iri(p)} {e} {iri(x)})" for x, p, d in facts if d == "in"]
    rows = " ".join(out + inc)
    nodes = " ".join(dict.fromkeys(iri(x) for x, _, _ in facts))
    query = f"""SELECT ?x ?p ?sent WHERE {{
  {{ VALUES (?s ?p ?o ?x) {{ {rows} }}
    ?r rdf:object ?o . ?r rdf:subject ?s ; rdf:predicate ?p ; prov:wasDerivedFrom ?sent . }}
  UNION {{ VALUES ?x {{ {nodes} }} ?x prov:wasDerivedFrom ?sent . }}
}}"""
    return prefixes(query) + query


def period(value: str) -> str:
    """A year or a span of years ("2020", "2020-2025"), checked: it is written into queries."""
    if not re.fullmatch(r"\d{4}(-\d{4})?", value or ""):
        raise BadQuery(f"not a year or a span of years: {value[:20]!r}")
    return value


def term(term_iri: str, span: str) -> str:
    """What a term of office holds: events during it, figures for its years, statements and
    sentences that name it."""
    t = iri(term_iri)
    body = f"""
  {{ ?x kg:duringTerm {t} OPTIONAL {{ ?r rdf:object {t} ; rdf:subject ?x ; prov:wasDerivedFrom ?sent }} }}
  UNION {{ VALUES ?k {{ kg:Proposal kg:Directive }} ?tm kg:refersTo {t} ; kg:inSentence ?sent .
          ?x prov:wasDerivedFrom ?sent ; a ?k . }}
  UNION {{ ?x kg:period "{period(span)}" ; prov:wasDerivedFrom ?sent . }}
  UNION {{ ?tm kg:refersTo {t} ; kg:inSentence ?x . BIND (?x AS ?sent) }}"""
    return _select(body)


def edges(triples: list[tuple[str, str, str]]) -> str:
    """The sentences stating each relation of a path (reified statements, or the sentence of a
    statement or figure at one end); relations without one get a sentence naming both ends
    afterwards (:func:`pair_mentions`). Inner joins with the VALUES inside each branch: an
    OPTIONAL or an outer VALUES made Oxigraph scan every reified statement."""
    rows = " ".join(f"({iri(s)} {iri(p)} {iri(o)})" for s, p, o in triples)
    body = f"""
  {{ VALUES (?x ?p ?o) {{ {rows} }}
    ?r rdf:object ?o . ?r rdf:subject ?x ; rdf:predicate ?p ; prov:wasDerivedFrom ?sent . }}
  UNION {{ VALUES (?x ?p ?o) {{ {rows} }} ?x prov:wasDerivedFrom ?sent . }}"""
    return _select(body, "?p ?o")


def mentions(nodes: list[str]) -> str:
    """Given nodes with a sentence that mentions each (evidence for graph-analytics answers)."""
    return _first_mention(f"VALUES ?x {{ {' '.join(iri(n) for n in nodes)} }}")


def co_mentions(anchor: str, nodes: list[str]) -> str:
    """For each node, a sentence naming both it and ``anchor`` (evidence for a relation that
    came from official data or context rather than from one sentence)."""
    values = " ".join(iri(n) for n in nodes)
    query = f"""SELECT ?x (MIN(?s) AS ?sent) WHERE {{ VALUES ?x {{ {values} }}
  ?m2 kg:refersTo ?x ; kg:inSentence ?s . ?m1 kg:inSentence ?s ; kg:refersTo {iri(anchor)} . }} GROUP BY ?x"""
    return prefixes(query) + query


def evidence(sentences: list[str]) -> str:
    """Text and document of sentences."""
    values = " ".join(iri(s) for s in sentences)
    query = f"""SELECT ?sent ?stext ?docid ?source ?title WHERE {{ VALUES ?sent {{ {values} }}
  ?sent schema:text ?stext ; kg:inDocument ?doc .
  ?doc dcterms:identifier ?docid ; kg:sourceName ?source ; dcterms:title ?title . }}"""
    return prefixes(query) + query


def linked(nodes: list[str]) -> str:
    """The entities statements and figures point to (what they concern, their area and
    indicator), so an answer can link to them."""
    values = " ".join(iri(n) for n in nodes)
    query = f"""SELECT DISTINCT ?x ?e WHERE {{ VALUES ?x {{ {values} }}
  ?x kg:concerns|kg:refArea|kg:indicator|kg:proposedBy|kg:issuedBy ?e . }}"""
    return prefixes(query) + query


def containers(entity: str, kind: str | None = None) -> str:
    """The places an entity lies in or passes through (transitively), optionally of one class."""
    where = f"{iri(entity)} (kg:locatedIn|kg:passesThrough)/kg:locatedIn* ?x ."
    if kind:
        where += f" ?x a ?c . ?c rdfs:subClassOf* {cls(kind)} ."
    return _first_mention(where)


def pair_mentions(pairs: list[tuple[str, str]]) -> str:
    """For each (subject, object) pair, a sentence naming both."""
    rows = " ".join(f"({iri(a)} {iri(b)})" for a, b in pairs)
    query = f"""SELECT ?s ?o (MIN(?se) AS ?sent) WHERE {{ VALUES (?s ?o) {{ {rows} }}
  ?m1 kg:refersTo ?s ; kg:inSentence ?se . ?m2 kg:inSentence ?se ; kg:refersTo ?o . }} GROUP BY ?s ?o"""
    return prefixes(query) + query


def subclasses() -> str:
    """Every ontology class with each class above it (for "events" to include meetings)."""
    return (
        prefixes("kg: rdfs: ")
        + """SELECT ?c ?super WHERE { ?c rdfs:subClassOf* ?super .
  FILTER (STRSTARTS(STR(?c), STR(kg:)) && STRSTARTS(STR(?super), STR(kg:))) }"""
    )
