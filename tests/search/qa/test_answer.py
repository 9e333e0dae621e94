"""The answerer over the seed article: every family of question the issue names, in
Vietnamese with and without diacritics and in English, with evidence for every answer."""

from __future__ import annotations

import pytest

from kg.embeddings import HashEncoder
from kg.errors import BadQuery
from search.qa.answer import UNSURE
from search.qa.rank import SURE, intent_key, intent_probability

INFRASTRUCTURE = (
    "which proposals concern infrastructure?",
    "những đề xuất nào liên quan đến hạ tầng?",
    "de xuat nao lien quan den ha tang?",
)


def texts(result) -> list[str]:
    return [a["label"] for a in result.answers]


def assert_evidenced(result) -> None:
    for answer in result.answers:
        assert answer["evidence"], answer
        for evidence in answer["evidence"]:
            assert evidence["doc_id"] and evidence["text"] and evidence["sentence"].startswith("http://kg.test/doc/")


@pytest.mark.parametrize("question", INFRASTRUCTURE)
def test_infrastructure_proposals_in_three_forms(answerer, question):
    result = answerer.ask(question)
    labels = " | ".join(texts(result))
    assert result.interpretation["intent"] == "list" and result.interpretation["type"] == "Proposal"
    assert result.interpretation["topic"]["iri"].endswith("/infrastructure")
    # the seed's three, and one from each of the two articles that share its entities
    assert len(result.answers) == 5
    for expected in ("Sông Công 2", "vành đai 5", "đường tỉnh 262", "nâng cấp Quốc lộ 3", "nút giao"):
        assert expected in labels
    assert "du lịch" not in labels and "thương mại" not in labels  # the trade/tourism proposal
    assert "skos:broader*" in result.sparql and "/infrastructure>" in result.sparql
    # the graph's answer to a list question is as sure as such answers were on labelled corpus
    # questions, and each answer carries that confidence
    assert result.confidence == intent_probability("list:Proposal") < 1
    assert all(a["confidence"] == result.confidence for a in result.answers)
    assert ("possible" in result.message) == (result.confidence < SURE)
    assert_evidenced(result)
    # the evidence sentence really contains the proposal it supports
    for answer in result.answers:
        assert answer["label"][:20] in answer["evidence"][0]["text"]


@pytest.mark.parametrize(
    "question",
    [
        "how many proposals concern transport?",
        "có bao nhiêu đề xuất về giao thông?",
        "co bao nhieu de xuat ve giao thong",
    ],
)
def test_count_uses_the_narrower_topic(answerer, question):
    result = answerer.ask(question)
    assert result.interpretation["intent"] == "count"
    # ring road 5, provincial road 262, QL3, the QL3 x ring road 5 interchange; not the park
    assert result.count == 4
    assert {any(r in t for r in ("vành đai 5", "262", "Quốc lộ 3")) for t in texts(result)} == {True}


@pytest.mark.parametrize(
    "question", ["which wards are in Sông Công?", "những phường nào thuộc Sông Công?", "phuong nao thuoc song cong"]
)
def test_wards_in_a_city(answerer, question):
    result = answerer.ask(question)
    assert result.interpretation["type"] == "Ward" and result.interpretation["place"]["iri"].endswith("/city/165")
    assert [a["iri"] for a in result.answers] == ["http://kg.test/entity/ward/05512"]
    assert_evidenced(result)


def test_industrial_parks_in_a_city(answerer):
    result = answerer.ask("which industrial parks are in Sông Công?")
    assert {a["label"] for a in result.answers} == {"KCN Sông Công 1", "KCN Sông Công 2"}


@pytest.mark.parametrize(
    "question",
    [
        "what is the poverty rate of Sông Công?",
        "tỷ lệ hộ nghèo của Sông Công là bao nhiêu?",
        "ty le ho ngheo cua song cong",
    ],
)
def test_indicator_value_with_comparator(answerer, question):
    result = answerer.ask(question)
    assert result.interpretation["intent"] == "value"
    assert result.interpretation["indicator"]["iri"].endswith("/indicator/ty-le-ho-ngheo")
    (answer,) = result.answers
    assert answer["details"]["value"] == 2 and answer["details"]["comparator"] == "<"
    assert answer["value"] == 2 and answer["unit"] == "%"  # JSON keeps numbers; people read the display
    assert answer["display"].startswith("< 2 %")
    assert_evidenced(result)


def test_indicator_value_for_a_year_is_the_estimate(answerer):
    result = answerer.ask("thu nhập bình quân đầu người năm 2020?")
    first = result.answers[0]["details"]
    assert first["value"] == 70_000_000 and first["unit"] == "VND/người" and first["estimated"]


def test_target_question_fills_the_indicator_from_loose_words(answerer):
    result = answerer.ask("what was the target for the trade–services share?")
    (answer,) = result.answers
    assert answer["details"]["target"] == 22 and answer["details"]["value"] == 20
    assert answer["display"].startswith("mục tiêu · target 22 %")
    named = answerer.ask("tỷ lệ hộ nghèo của Sông Công là bao nhiêu?")
    assert result.confidence < named.confidence  # the indicator was guessed, not named


@pytest.mark.parametrize(
    "question",
    ["which indicators missed their target?", "chỉ tiêu nào không đạt mục tiêu?", "chi tieu nao chua dat muc tieu"],
)
def test_missed_targets(answerer, question):
    result = answerer.ask(question)
    assert result.interpretation["intent"] == "status"
    assert [a["details"]["status"] for a in result.answers] == ["missed"]
    assert "thương mại" in result.answers[0]["label"]


def test_what_is_said_about_an_industrial_park(answerer):
    result = answerer.ask("what is said about KCN Sông Công II?")
    assert result.interpretation["intent"] == "about"
    kinds = {a["type"] for a in result.answers}
    assert {"Proposal", "City"} <= kinds
    assert_evidenced(result)


def test_what_a_road_connects_to(answerer):
    result = answerer.ask("đường tỉnh 262 nối với đâu?")
    assert result.interpretation["entity"]["iri"].endswith("/road/19-dt-262")
    assert any(a["iri"].endswith("/province/19") for a in result.answers)


def test_term_question(answerer):
    result = answerer.ask("what was decided for the 2020–2025 term?")
    assert result.interpretation["intent"] == "term" and result.interpretation["period"] == "2020-2025"
    assert any("13 chỉ tiêu" in a["label"] for a in result.answers)


@pytest.mark.parametrize(
    "question",
    [
        "how is phường Mỏ Chè related to KCN Sông Công II?",
        "phường Mỏ Chè liên quan thế nào với KCN Sông Công 2?",
        "mo che lien quan the nao voi kcn song cong 2",
    ],
)
def test_relation_path_through_the_city(answerer, question):
    result = answerer.ask(question)
    assert result.interpretation["intent"] == "path"
    nodes = [step["iri"] for step in result.path if "iri" in step]
    assert nodes[0].endswith("/ward/05512") and nodes[-1].endswith("/industrial-park/kcn-song-cong-2")
    assert nodes[1].endswith("/city/165")
    assert_evidenced(result)


def test_most_connected_wards(answerer):
    result = answerer.ask("which wards are most connected?")
    assert result.interpretation["intent"] == "top"
    assert result.answers[0]["iri"].endswith("/ward/05512")


@pytest.mark.parametrize(
    "question",
    [
        "' } ; DROP GRAPH <http://kg.test/graph/ontology> ; SELECT * WHERE {",
        "SELECT * WHERE { ?s ?p ?o }",
        "<script>alert(1)</script>",
        'Sông Công" } INSERT DATA { <a> <b> <c> } #',
    ],
)
def test_hostile_text_never_reaches_a_query(answerer, qa_kb, question):
    before = len(qa_kb.store)
    result = answerer.ask(question)
    for query in result.queries:
        assert "DROP" not in query and "INSERT" not in query and "script" not in query
    assert len(qa_kb.store) == before


@pytest.mark.parametrize(
    "question, message",
    [("", "empty question"), ("   \n ", "empty question"), ("a" * 10_240, "too long"), (None, "must be text")],
)
def test_bad_questions_are_refused_with_one_line(answerer, question, message):
    with pytest.raises(BadQuery, match=message) as err:
        answerer.ask(question)
    assert "\n" not in str(err.value)


def test_unknown_question_falls_back_to_passages_with_low_confidence(answerer):
    result = answerer.ask("thời tiết hôm nay thế nào?")
    assert result.answers == () and result.confidence <= 0.3
    assert result.passages and "passages" in result.message


def test_json_contract(answerer):
    data = answerer.ask("which proposals concern infrastructure?").to_dict()
    assert list(data)[:8] == [
        "question",
        "language",
        "interpretation",
        "sparql",
        "answers",
        "passages",
        "confidence",
        "message",
    ]
    assert set(data["interpretation"]) == {"intent", "type", "topic", "entity", "indicator", "place", "period"}
    assert set(data["answers"][0]) >= {"iri", "label", "type", "value", "evidence"}
    assert set(data["answers"][0]["evidence"][0]) >= {"doc_id", "source", "text"}
    assert data["language"] == "en"


def test_statement_answers_link_the_entities_they_concern(answerer):
    result = answerer.ask("which proposals concern infrastructure?")
    linked = {
        e["iri"].rsplit("/", 2)[-2] + "/" + e["iri"].rsplit("/", 1)[-1]
        for a in result.answers
        for e in a.get("entities", [])
    }
    assert {"industrial-park/kcn-song-cong-2", "road/19-vanh-dai-5", "road/19-dt-262"} <= linked


@pytest.mark.parametrize(
    "question, place",
    [
        ("Which industrial parks are in Lai Chau?", "Lai Chau"),
        ("tỷ lệ hộ nghèo của Đà Lạt là bao nhiêu?", "Đà Lạt"),
        ("ty le ho ngheo cua da lat la bao nhieu", "da lat"),
        ("Các đề xuất ở hội an là gì?", "hội an"),  # a place in lower case, its accents as written
    ],
)
def test_a_place_the_graph_does_not_hold_gets_no_answer(answerer, question, place):
    result = answerer.ask(question)
    assert result.answers == () and result.confidence <= 0.3
    assert result.message == (  # the place as the question wrote it, in both languages
        f"Đồ thị chưa có thông tin về “{place}”; dưới đây là các đoạn văn gần nhất · "
        f"The graph holds nothing about “{place}”; the closest passages follow"
    )


@pytest.mark.parametrize(
    "question",
    [
        "Cầu vượt ở cửa ngõ Tân Sơn Nhất có tổng mức đầu tư bao nhiêu?",
        "cau vuot o cua ngo tan son nhat co tong muc dau tu bao nhieu",
    ],
)
def test_a_unit_name_inside_a_longer_name_is_no_place_the_graph_lacks(answerer, question):
    # "Tân Sơn" (a district of Phú Thọ) is the start of "Tân Sơn Nhất", the airport
    result = answerer.ask(question)
    assert "Tân Sơn" not in result.message and "tan son" not in result.message
    assert result.passages  # the passages are read, not set aside for an unknown place


@pytest.mark.parametrize(
    "question", ["đề xuất liên quan hạ tầng là gì?", "de xuat ve ha tang la gi", "Các đề xuất về hạ tầng là gì?"]
)
def test_what_is_is_no_place(answerer, question):
    # "là gì" / "la gi" ("what is") has the key of the town La Gi: not a place the graph lacks
    result = answerer.ask(question)
    assert result.interpretation["topic"]["iri"].endswith("/infrastructure")
    assert len(result.answers) == 5 and "La Gi" not in result.message and "là gì" not in result.message


@pytest.mark.parametrize(
    "question, indicator",
    [
        ("What was the average income per person in 2020?", "thu-nhap-binh-quan-dau-nguoi"),
        ("How fast did Song Cong's production value grow?", "toc-do-tang-truong-gia-tri-san-xuat"),
    ],
)
def test_loose_english_names_of_indicators(answerer, question, indicator):
    result = answerer.ask(question)
    assert result.interpretation["indicator"]["iri"].endswith(indicator)
    assert result.answers and result.confidence < answerer.ask("tỷ lệ hộ nghèo của Sông Công?").confidence


def test_proposals_about_a_kind_of_entity(answerer):
    result = answerer.ask("What proposals about industrial parks were made for Song Cong?")
    assert {a["label"][:20] for a in result.answers} == {"tiến độ xây dựng hạ ", "rà soát, điều chỉnh "}


def test_most_mentioned_counts_documents(answerer):
    result = answerer.ask("which organisation is mentioned most often?")
    assert result.interpretation["intent"] == "top"
    assert result.answers and all(a["value"].endswith("documents") for a in result.answers)
    assert result.answers[0]["type"] == "Organization"


@pytest.mark.parametrize(
    "question",
    [
        "Đại hội Đảng bộ thành phố Sông Công lần thứ VIII thuộc nhiệm kỳ nào?",
        "dai hoi dang bo thanh pho song cong lan thu viii thuoc nhiem ky nao",
    ],
)
def test_nodes_of_one_class_related_to_an_entity(answerer, question):
    result = answerer.ask(question)
    assert result.interpretation["intent"] == "related"
    assert [a["iri"].rsplit("/", 1)[-1] for a in result.answers] == ["2015-2020"]


def test_topic_answers_are_ordered_by_the_classifiers_score(qa_store, tmp_path):
    """Statements carry a calibrated probability per topic (kg:TopicScore); the surest come
    first, and a statement without one (keywords alone) comes after those that have one."""
    import shutil

    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from kg.kb import KnowledgeBase
    from kg.namespaces import KG, KGT
    from search.api import Searcher
    from search.qa import Answerer

    store = tmp_path / "store"
    shutil.copytree(qa_store, store)
    with KnowledgeBase({"KG_STORE": str(store), "KG_BASE_IRI": "http://kg.test/"}) as kb:
        plain = Answerer(kb, Searcher(kb, encoder=HashEncoder()), encoder=HashEncoder())
        iris = [a["iri"] for a in plain.ask("which proposals concern infrastructure?").answers]
        assert len(iris) == 5 and iris == sorted(iris)  # no scores yet: IRI order
        scores = dict(zip(iris[1:], (0.31, 0.97, 0.55, 0.12), strict=True))  # the first gets none
        graph = kb.store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{iris[1]}> ?p ?o }} }} LIMIT 1")[0]["g"]
        with kb.store.transaction() as tx:
            for i, (statement, score) in enumerate(scores.items()):
                node = URIRef(f"{statement}-infrastructure-{i}")
                tx.add_graph(
                    graph,
                    [
                        (URIRef(statement), KG.topicScore, node),
                        (node, RDF.type, KG.TopicScore),
                        (node, KG.topic, KGT["infrastructure"]),
                        (node, KG.score, Literal(score)),
                    ],
                )
        kb.bump_generation()
        result = Answerer(kb, Searcher(kb, encoder=HashEncoder()), encoder=HashEncoder()).ask(
            "which proposals concern infrastructure?"
        )
        answers = result.answers
    assert [a.get("topic_score") for a in answers] == [0.97, 0.55, 0.31, 0.12, None]
    assert answers[-1]["iri"] == iris[0]
    # each as sure as its score and the list's share together; the list as the mean of them
    share = intent_probability("list:Proposal")
    sure = [a["confidence"] for a in answers]
    assert sure == sorted(sure, reverse=True) and sure[-1] == share < sure[0]
    assert result.confidence == round(sum(sure) / len(sure), 3) < sure[0]


def test_a_list_of_a_whole_class_for_a_question_that_said_more_is_only_possible(answerer):
    unsure = answerer.ask("Which industrial parks export coffee beans to Japan?").to_dict()
    assert unsure["answers"] and unsure["confidence"] <= UNSURE < SURE
    assert all(a["confidence"] <= UNSURE for a in unsure["answers"]) and "possible" in unsure["message"]
    for question in ("Which industrial parks are there?", "Có những khu công nghiệp nào?", "List all roads"):
        sure = answerer.ask(question).to_dict()
        # the whole class asked for: as sure as such lists were on labelled questions, not capped
        fitted = intent_probability(intent_key(sure["interpretation"]))
        assert sure["answers"] and sure["confidence"] == fitted, question
        assert ("possible" in sure["message"]) == (fitted < SURE)


def test_a_list_narrowed_by_words_the_graph_does_not_hold_is_not_the_whole_class(answerer):
    from search.qa.plan import says_more

    for plain in (
        "những phường nào thuộc Sông Công?",
        "Những phường nào ở Sông Công được nhắc tới?",
        "Which wards are in Song Cong?",
    ):
        assert not says_more(answerer.interpret(plain)), plain
    narrowed = answerer.interpret("Những phường nào ở Sông Công được nâng cấp hệ thống thoát nước chống ngập?")
    assert says_more(narrowed)


def test_the_subject_the_reader_looks_for_is_a_named_thing_in_the_articles_own_words(answerer):
    from search.qa.expect import expected
    from search.qa.plan import subject_phrase

    vi = "Tỷ lệ hộ nghèo của KCN Sông Công 2 là bao nhiêu?"
    assert "tỷ lệ" not in (subject_phrase(answerer.interpret(vi), expected(vi)) or "").casefold()
    en = "What is the poverty rate of Song Cong 2 industrial park?"
    said = subject_phrase(answerer.interpret(en), expected(en))
    assert said == "KCN Sông Công 2"  # the Vietnamese name, as articles write it


def test_a_measure_of_one_thing_is_not_a_count_of_the_things_of_its_class():
    from search.qa.answer import counted_by_graph
    from search.qa.expect import expected
    from search.qa.graph import Retrieved
    from search.qa.lexicon import Name
    from search.qa.result import Answer
    from search.qa.understand import Interpretation

    hanoi = Name("entity", "http://kg.test/entity/province/01", "Province", "Thành phố Hà Nội")
    roads = Retrieved((Answer(iri="http://kg.test/entity/road/vanh-dai-3", label="Vành đai 3", type="Road"),))
    asked = Interpretation(intent="count", type="Road", place=hanoi, entity=hanoi)
    assert counted_by_graph(asked, expected("Hà Nội có bao nhiêu tuyến đường vành đai?"), roads)
    assert not counted_by_graph(asked, expected("Tuyến đường sắt đô thị Nhổn - Ga Hà Nội dài bao nhiêu km?"), roads)


def test_a_topic_list_for_a_question_that_said_more_keeps_what_search_found():
    from search.qa.answer import in_documents_found
    from search.qa.rank import Ranked
    from search.qa.result import Answer, Evidence

    def proposal(label: str, doc: str) -> Answer:
        return Answer(f"urn:{label}", label, "Proposal", evidence=(Evidence(doc_id=doc),), confidence=0.99)

    ranked = Ranked((proposal("quy hoạch làng nghề", "a"), proposal("xây trạm ép rác", "b")), calibrated=False)
    kept = in_documents_found(ranked, frozenset({"a"}), 0.6)
    assert [(a.label, a.confidence) for a in kept.answers] == [("quy hoạch làng nghề", 0.6)]
    elsewhere = in_documents_found(ranked, frozenset({"c"}), 0.6)  # none stated where search looked: only possible
    assert len(elsewhere.answers) == 2 and all(a.confidence == UNSURE for a in elsewhere.answers)


def test_the_roads_of_a_place_are_the_graphs_to_list(answerer):
    from search.qa.answer import read_for
    from search.qa.expect import expected

    for question in ("Những tuyến đường nào đi qua Sông Công?", "Which roads pass through Song Cong?"):
        assert read_for(answerer.interpret(question), expected(question)) is None, question
    said_more = "Những tuyến đường nào ở Sông Công bị ngập nặng sau mưa?"  # what a passage says of them
    assert read_for(answerer.interpret(said_more), expected(said_more)).types == ("Road",)
