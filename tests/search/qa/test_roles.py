"""A body's role in a work: "Ai là chủ đầu tư dự án X?" and "các dự án do X đầu tư", answered
from the graph's kg:investor / kg:contractor facts; the question rules that lead there."""

from __future__ import annotations

import pytest

from kg.errors import BadQuery
from kg.namespaces import KG
from search.qa import templates
from search.qa.expect import WORKS, expected, work_roles
from search.qa.lexicon import Name
from search.qa.plan import role_asked, speaker
from search.qa.understand import Interpretation

COMPANY = Name("entity", "http://kg.test/entity/company/hoa-phat", "Company", "Tập đoàn Hòa Phát")
BRIDGE = Name("entity", "http://kg.test/entity/bridge/dai-ngai", "Bridge", "Cầu Đại Ngãi")
PLACE = Name("entity", "http://kg.test/entity/province/48", "Province", "Thành phố Đà Nẵng")


def ask(question: str, entity: Name | None) -> str | None:
    return role_asked(Interpretation(intent="list", entity=entity, question=question), expected(question))


@pytest.mark.parametrize(
    "question",
    [
        "Các dự án do Hòa Phát đầu tư?",
        "cac du an do hoa phat dau tu",
        "Hòa Phát đầu tư những dự án nào?",
        "Which projects did Hoa Phat invest in?",
    ],
)
def test_works_by_a_body(question):
    assert expected(question).types == WORKS and expected(question).many
    assert ask(question, COMPANY) == "investor"
    assert ask(question, PLACE) is None  # works in a place are not works by a body


def test_the_role_a_question_names():
    assert ask("Những công trình nào do Hòa Phát thi công?", COMPANY) == "contractor"
    assert ask("Ai là chủ đầu tư cầu Đại Ngãi?", BRIDGE) == "investor"
    assert ask("Who is the contractor of the Dai Ngai bridge?", BRIDGE) == "contractor"
    assert ask("Ai là chủ đầu tư cầu Đại Ngãi?", None) is None
    assert ask("Cầu Đại Ngãi dài bao nhiêu?", BRIDGE) is None  # a figure, not a role
    assert work_roles("nhung du an nao o da nang") == ()


def test_a_figure_question_about_several_works_stays_a_figure():
    assert expected("Các dự án ở Đà Nẵng có tổng vốn bao nhiêu?").kind == "figure"


def test_the_role_template_takes_only_known_roles_and_graph_iris(tmp_path):
    sparql = templates.role(COMPANY.iri, "investor", of_work=False, kind="Plant")
    assert (
        f"?x kg:investor <{COMPANY.iri}>" in sparql and "kg:Plant" in sparql and "rdf:predicate kg:investor" in sparql
    )
    assert f"<{BRIDGE.iri}> kg:contractor ?x" in templates.role(BRIDGE.iri, "contractor", of_work=True)
    with pytest.raises(BadQuery):
        templates.role(COMPANY.iri, "locatedIn } DROP ALL", of_work=False)
    with pytest.raises(BadQuery):
        templates.role("x> } DROP ALL", "investor", of_work=True)


def test_the_role_template_runs_on_a_store():
    """Both directions, with the sentence of the reified statement where there is one."""
    import pyoxigraph as ox

    store = ox.Store()
    kg, rdf = str(KG._NS), "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    plant, park, sent = (
        "http://kg.test/entity/plant/hai-ha",
        "http://kg.test/entity/project/x",
        "http://kg.test/doc/a#s3",
    )
    statement = ox.BlankNode()
    for s, p, o in [
        (plant, f"{kg}investor", COMPANY.iri),
        (park, f"{kg}investor", COMPANY.iri),
        (plant, f"{rdf}type", f"{kg}Plant"),
        (park, f"{rdf}type", f"{kg}Project"),
        (f"{kg}Plant", "http://www.w3.org/2000/01/rdf-schema#subClassOf", f"{kg}Project"),
    ]:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)))
    for p, o in [
        (f"{rdf}subject", plant),
        (f"{rdf}predicate", f"{kg}investor"),
        (f"{rdf}object", COMPANY.iri),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", sent),
    ]:
        store.add(ox.Quad(statement, ox.NamedNode(p), ox.NamedNode(o)))

    def run(sparql):
        return {(row["x"].value, row["sent"].value if row["sent"] is not None else None) for row in store.query(sparql)}

    assert run(templates.role(COMPANY.iri, "investor", of_work=False)) == {(plant, sent), (park, None)}
    assert run(templates.role(COMPANY.iri, "investor", of_work=False, kind="Plant")) == {(plant, sent)}
    assert run(templates.role(plant, "investor", of_work=True)) == {(COMPANY.iri, sent)}
    assert run(templates.role(plant, "contractor", of_work=True)) == set()


def test_who_acts_and_what_compares():
    assert expected("Ai đã đi khảo sát vị trí xây dựng cầu Đại Ngãi?").types == ("Person",)
    assert expected("Dự án do ai làm chủ đầu tư?").kind == "entity"
    assert expected("Ai Cập đầu tư bao nhiêu vào Việt Nam?").kind == "figure"  # a name, not "who"
    for question in (
        "Nhu cầu vốn cao tốc Bắc - Nam giai đoạn 2023-2025 so với giai đoạn 2017-2022 thế nào?",
        "How does the expressway's funding need in 2023-2025 compare with 2017-2022?",
    ):
        assert expected(question).rule == "compare" and expected(question).many


def test_the_speaker_is_the_name_right_before_the_verb_of_saying():
    assert speaker("What did Le Hoang Chau say about social housing in Ho Chi Minh City?") == "Le Hoang Chau"
    assert speaker("What did Economic Committee chairman Vu Hong Thanh say about it?") == "Vu Hong Thanh"
    assert speaker("Ông Lê Hoàng Châu nói gì về nhà ở xã hội?") == "Ông Lê Hoàng Châu"
    assert speaker("no capitals here") is None
