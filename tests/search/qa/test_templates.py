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


E = "http://kg.test/entity/"
CITY, WARD, PARK = f"{E}city/165", f"{E}ward/05512", f"{E}industrial-park/kcn-song-cong-2"
SEED, ZONE, PHO_YEN = "000_21c30ca8b6a13368.txt", "001_song_cong_khu_cong_nghiep.txt", "002_pho_yen_ha_tang.txt"
KG = "https://w3id.org/vnkg/ontology#"


@pytest.fixture(scope="module")
def rows(qa_kb):
    """Runs a query on the three-document store: sorted rows of the columns asked for, with
    each document IRI written as its source name (doc ids are content hashes)."""
    docs = {f"http://kg.test/doc/{d.doc_id}": d.source for d in qa_kb.documents()}

    def short(value) -> str | None:
        if value is None:
            return None
        text = str(value)
        doc, _, fragment = text.partition("#")
        return f"{docs[doc]}#{fragment}" if doc in docs else text

    def run(sparql: str, *columns: str) -> list[tuple]:
        return sorted(tuple(short(r[c]) for c in columns) for r in qa_kb.store.query(sparql))

    return run


def test_statements_on_a_topic_about_a_place(rows):
    # transport requests naming TP Sông Công: QL3 in two articles, the park's access in the seed
    query = templates.statements(("Proposal", "Directive"), "https://w3id.org/vnkg/topic/transport", (CITY,))
    assert rows(query, "sent") == [(f"{SEED}#s9",), (f"{SEED}#s9",), (f"{ZONE}#s4",), (f"{PHO_YEN}#s4",)]
    assert len(rows(templates.statements(("Proposal",), None, (CITY,)), "x")) == 7  # every topic


def test_entities_of_a_class_within_a_set(rows):
    assert rows(templates.entities("Ward"), "x") == [(WARD,), (f"{E}ward/2025-05533",)]
    assert rows(templates.entities("Ward", (WARD,)), "x", "sent") == [(WARD, f"{ZONE}#s4")]
    assert rows(templates.entities("Ward", (CITY,)), "x") == []  # a city is no ward


def test_observations_by_status_indicator_and_year(rows):
    missed = templates.observations(places=(CITY,), status="missed")
    assert rows(missed, "x", "ind", "value", "target") == [
        (f"{SEED}#obs9", f"{E}indicator/co-cau-nganh-thuong-mai-dich-vu", "20", "22")
    ]
    assert rows(templates.observations(places=(CITY,), status="met"), "x") == []
    income = templates.observations(f"{E}indicator/thu-nhap-binh-quan-dau-nguoi", (CITY,), "2020")
    assert rows(income, "value", "unit", "year", "period") == [
        ("1.75", "1", None, "2015-2020"),
        ("70000000", "VND/người", "2020", None),
    ]


def test_facts_both_directions(rows):
    assert rows(templates.facts(CITY, ("locatedIn",)), "x", "p", "dir") == [
        (f"{E}industrial-park/kcn-song-cong-1", f"{KG}locatedIn", "in"),
        (PARK, f"{KG}locatedIn", "in"),
        (f"{E}province/19", f"{KG}locatedIn", "out"),
        (WARD, f"{KG}locatedIn", "in"),
    ]


def test_term_holds_its_congress_figures_and_sentences(rows):
    assert rows(templates.term(f"{E}term/2020-2025", "2020-2025"), "x", "sent") == [
        (f"{SEED}#obs10", f"{SEED}#s8"),
        (f"{SEED}#s7", f"{SEED}#s7"),
        (f"{SEED}#s8", f"{SEED}#s8"),
        (f"{E}congress/dai-hoi-dang-bo-phuong-mo-che", f"{SEED}#s7"),
    ]


def test_mentions_and_co_mentions_give_a_sentence_naming_each(rows):
    assert rows(templates.mentions([CITY]), "x", "sent") == [(CITY, f"{ZONE}#s1")]
    assert rows(templates.co_mentions(CITY, [PARK, WARD, f"{E}province/19"]), "x", "sent") == [
        (PARK, f"{ZONE}#s1"),
        (f"{E}province/19", f"{ZONE}#s1"),
        (WARD, f"{ZONE}#s4"),
    ]


def test_evidence_gives_text_and_document_of_stored_sentences_only(rows, qa_kb):
    zone = next(d for d in qa_kb.documents() if d.source == ZONE)
    found = rows(
        templates.evidence([f"http://kg.test/doc/{zone.doc_id}#s4", "http://kg.test/doc/x#s1"]),
        "sent",
        "docid",
        "source",
        "title",
        "stext",
    )
    assert [row[:4] for row in found] == [
        (f"{ZONE}#s4", zone.doc_id, ZONE, "Thái Nguyên đẩy nhanh tiến độ hạ tầng KCN Sông Công 2")
    ]
    assert found[0][4].startswith("Phát biểu tại buổi làm việc, lãnh đạo thành phố Sông Công đề xuất")


def test_shown_queries_declare_only_the_prefixes_they_use():
    query = templates.entities("Ward")
    assert "PREFIX kg:" in query and "PREFIX wgs:" not in query
