"""Templates accept only graph IRIs, ontology classes and years: nothing else reaches a query."""

from __future__ import annotations

import pytest

from kg.errors import BadQuery
from search.qa import templates


@pytest.mark.parametrize(
    "value", ["http://kg.test/x> } ; DROP ALL ; #", "javascript:alert(1)", "", "http://a b", 'http://kg.test/"x"']
)
def test_iri_refuses_anything_but_a_plain_iri(value):
    with pytest.raises(BadQuery):
        templates.iri(value)


@pytest.mark.parametrize("name", ["Proposal } DROP ALL", "proposal", "NotAClass", ""])
def test_cls_refuses_non_ontology_classes(name):
    with pytest.raises(BadQuery):
        templates.cls(name)


@pytest.mark.parametrize("value", ['2020" } DROP ALL #', "20", "2020-20255", "năm 2020"])
def test_period_refuses_non_years(value):
    with pytest.raises(BadQuery):
        templates.period(value)


def test_queries_parse_and_run(qa_kb):
    e = "http://kg.test/entity/city/165"
    for sparql in (
        templates.statements(("Proposal", "Directive"), "https://w3id.org/vnkg/topic/transport", (e,)),
        templates.entities("Ward", ("http://kg.test/entity/ward/05512",)),
        templates.observations(places=(e,), year="2020", status="met"),
        templates.facts(e, ("locatedIn",)),
        templates.term("http://kg.test/entity/term/2020-2025", "2020-2025"),
        templates.mentions([e]),
        templates.co_mentions(e, [e]),
        templates.evidence(["http://kg.test/doc/x#s1"]),
    ):
        assert isinstance(qa_kb.store.query(sparql), list)


def test_shown_queries_declare_only_the_prefixes_they_use():
    query = templates.entities("Ward")
    assert "PREFIX kg:" in query and "PREFIX wgs:" not in query
