"""What the SPARQL endpoint refuses before a query runs: federation (SERVICE), updates and
absurdly deep nesting.

Read-only is guaranteed by construction (the worker opens the store read-only and calls only
``Store.query``, where an update does not parse); this module only turns such a failure into
a clear message. SERVICE, however, *is* executed by pyoxigraph (it makes HTTP requests from
the server), so it must be found before the query runs. A regular expression over the raw
text is fooled by comments, strings and IRIs in both directions, so the text is split into
SPARQL tokens first and only code tokens are looked at.

The scan errs on the side of refusing: any code token containing ``service`` (a keyword, a
prefix name, a word glued to a number) counts, so no spelling that the parser might read as
the keyword slips through; the price is that a prefix named ``service:`` is refused too.

Brackets (``{``, ``(``, ``[``) nested more than :data:`MAX_NESTING` deep are refused too:
pyoxigraph parses and evaluates them recursively, and 5,000 levels crashed a worker. Real
queries nest a dozen levels at most; the worker's deep stack covers what is left.
"""

from __future__ import annotations

import re

from kg.errors import BadQuery

_TOKENS = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '''(?:[^'\\]|\\.|'(?!''))*'''
             | "(?:[^"\\\r\n]|\\.)*"
             | '(?:[^'\\\r\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
""",
    re.VERBOSE | re.DOTALL,
)
_OPAQUE = {"comment", "string", "iri", "var", "number", "other"}
UPDATE_KEYWORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy"}
MAX_QUERY_CHARS = 100_000
MAX_NESTING = 100
_OPENING, _CLOSING = set("({["), set(")}]")


def code_tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` of every token that is SPARQL code (not a comment, string, IRI...)."""
    # every alternative of _TOKENS is a named group: a match always has its kind
    return [(str(m.lastgroup), m.group()) for m in _TOKENS.finditer(text) if m.lastgroup not in _OPAQUE]


def nesting_depth(text: str) -> int:
    """How deep brackets nest in the query's code (brackets in strings, IRIs and comments do not count)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        if match.lastgroup != "other":
            continue
        if match.group() in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif match.group() in _CLOSING:
            depth = max(0, depth - 1)
    return deepest


def _mentions_service(kind: str, token: str) -> bool:
    token = token.lower()
    if kind == "pname":  # ex:Service is a term; service:x or ex:a.service could be the keyword
        prefix, _, local = token.partition(":")
        return "service" in prefix or ".service" in local
    return "service" in token


def uses_service(text: str) -> bool:
    """True when the query may contain a SERVICE (federated query) clause."""
    return any(_mentions_service(kind, token) for kind, token in code_tokens(text))


def looks_like_update(text: str) -> bool:
    """True when the text carries a SPARQL Update keyword (INSERT, DELETE, LOAD, DROP...)."""
    return any(kind == "word" and token.lower() in UPDATE_KEYWORDS for kind, token in code_tokens(text))


def check_query(text: str | None) -> str:
    """The query text, or BadQuery when it is empty, too long, too deeply nested or federated.

    Raises:
        BadQuery: no query, more than :data:`MAX_QUERY_CHARS` characters, brackets nested
            deeper than :data:`MAX_NESTING`, or SERVICE.
    """
    if not text or not text.strip():
        raise BadQuery(
            "no SPARQL query given: pass it as the 'query' parameter (GET or form POST) "
            "or as an application/sparql-query body"
        )
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    if (depth := nesting_depth(text)) > MAX_NESTING:
        raise BadQuery(f"the query nests brackets {depth:,} deep; the limit is {MAX_NESTING}")
    if uses_service(text):
        raise BadQuery("SERVICE (federated query) is not allowed: this endpoint only queries its own store")
    return text


UPDATE_REFUSED = (
    "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE...) is not allowed: this endpoint "
    "is read-only; change the store with `kg ingest`, `kg remove` or the Add document page"
)
