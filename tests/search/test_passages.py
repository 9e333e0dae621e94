"""Sentence windows, and passages read back from a stored document's graph."""

from kg.namespaces import sparql_prefixes
from kg.read import reader
from search.passages import WINDOW_CHARS, _Sentence, read_passages, topic_ancestors, windows


def test_windows_pack_sentences_up_to_the_limit():
    sents = [_Sentence(i, i * 100, i * 100 + 90, "x") for i in range(12)]
    groups = windows(sents, " " * 1200, limit=300)
    assert [len(g) for g in groups] == [3, 3, 3, 3]
    assert [s.index for g in groups for s in g] == list(range(12))


def test_a_long_sentence_is_a_window_of_its_own_and_paragraph_breaks_end_full_windows():
    text = "a" * 200 + "\n" + "b" * 50 + " " + "c" * (WINDOW_CHARS + 10) + " " + "d" * 20
    sents = [
        _Sentence(0, 0, 200, ""),
        _Sentence(1, 201, 251, ""),
        _Sentence(2, 252, 252 + WINDOW_CHARS + 10, ""),
        _Sentence(3, 263 + WINDOW_CHARS, 283 + WINDOW_CHARS, ""),
    ]
    groups = [[s.index for s in g] for g in windows(sents, text)]
    assert groups == [[0, 1], [2], [3]]  # 200 chars is under half: the break does not end it
    text2 = "a" * 300 + "\n" + "b" * 50
    groups2 = windows([_Sentence(0, 0, 300, ""), _Sentence(1, 301, 351, "")], text2)
    assert [[s.index for s in g] for g in groups2] == [[0], [1]]


def test_seed_passages_cover_the_document_with_offsets_and_entities(seed_kb):
    doc = seed_kb.documents()[0]
    passages = read_passages(seed_kb.store, doc, topic_ancestors(seed_kb.store), reader(seed_kb).entities())
    text = str(
        seed_kb.store.query(
            sparql_prefixes()
            + f"""SELECT ?t WHERE {{
        GRAPH <{seed_kb.iris.doc_graph(doc.doc_id)}> {{ ?d a kg:Document ; schema:text ?t }} }}"""
        )[0]["t"]
    )
    assert len(passages) >= 4
    assert all(p.text == text[p.start : p.end] for p in passages)
    assert all(a.sentences[1] + 1 == b.sentences[0] for a, b in zip(passages, passages[1:], strict=False))
    assert max(len(p.text) for p in passages) <= WINDOW_CHARS or any(p.sentences[0] == p.sentences[1] for p in passages)
    labels = {label for p in passages for _, label, _ in p.entities}
    assert any("Sông Công" in label for label in labels)
    assert {e for p in passages for e in p.entities} >= {  # named by the entity index, once each
        (f"{seed_kb.iris.base}entity/industrial-park/kcn-song-cong-2", "KCN Sông Công 2", "IndustrialPark")
    }
    proposal = [p for p in passages if "Proposal" in p.kinds]
    assert proposal and any(
        t.endswith("/infrastructure") for t in proposal[0].topics + [t for p in proposal for t in p.topics]
    )
