"""End-to-end ingestion into a real (Oxigraph) store in a temporary directory."""

import json
import shutil

import pytest
from rdflib import URIRef

from kg.catalog import documents
from kg.errors import NotFound
from kg.namespaces import KG, SDO, sparql_prefixes

EXPECTED_TITLE = "Chủ tịch UBND tỉnh Thái Nguyên làm việc với Ban Thường vụ Thành ủy Sông Công"


def doc_graphs(kb):
    return [g for g in kb.store.graph_names() if "/graph/doc/" in g]


def test_seed_ingest(kb, seed_path):
    report = kb.ingest([seed_path])
    assert (report.added, report.failed) == (1, 0)
    [doc] = kb.documents()
    assert doc.title.casefold() == EXPECTED_TITLE.casefold()
    graph = kb.store.graph(kb.iris.doc_graph(doc.doc_id))
    node = kb.iris.doc(doc.doc_id)
    assert graph.value(node, KG.originalTitle).startswith("chu tich ubnd")
    text = str(graph.value(node, SDO.text))
    sentences = list(graph.subjects(KG.inDocument, node))
    assert len(sentences) == int(graph.value(node, KG.sentenceCount)) > 10
    for s in sentences:  # every sentence's offsets point at its own text
        start, end = int(graph.value(s, KG.startOffset)), int(graph.value(s, KG.endOffset))
        assert text[start:end] == str(graph.value(s, SDO.text))
    assert graph.value(node, KG.photoCredit).toPython() == "Hoài Thanh"


def test_reingest_unchanged_changes_nothing(kb, seed_path):
    kb.ingest([seed_path])
    before = len(kb.store)
    report = kb.ingest([seed_path])
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert len(kb.store) == before


def test_changed_file_replaces_old_facts(kb, seed_path, tmp_path):
    copy = tmp_path / "article.txt"
    shutil.copy(seed_path, copy)
    kb.ingest([copy])
    [old] = kb.documents()
    copy.write_text(copy.read_text("utf-8").replace("Mỏ Chè", "Lương Sơn"), "utf-8")
    report = kb.ingest([copy])
    assert report.updated == 1
    [new] = kb.documents()
    assert new.doc_id != old.doc_id
    assert doc_graphs(kb) == [kb.iris.doc_graph(new.doc_id)]
    stale = kb.store.query(
        f"ASK {{ {{ <{kb.iris.doc(old.doc_id)}> ?p ?o }} UNION {{ ?s ?p <{kb.iris.doc(old.doc_id)}> }} }}"
    )
    assert stale is False
    assert kb.store.query(sparql_prefixes() + 'ASK { ?s schema:text ?t FILTER(CONTAINS(?t, "Mỏ Chè")) }') is False


def test_remove_document(kb, seed_path):
    kb.ingest([seed_path])
    [doc] = kb.documents()
    removed = kb.remove(doc.doc_id)
    assert removed.doc_id == doc.doc_id
    assert kb.documents() == [] and doc_graphs(kb) == []
    assert kb.iris.ontology_graph in kb.store.graph_names()
    with pytest.raises(NotFound):
        kb.remove(doc.doc_id)


def test_bad_inputs_do_not_stop_the_batch_or_lose_data(kb, seed_path, tmp_path):
    kb.ingest([seed_path])
    before = len(kb.store)
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_empty.txt").write_bytes(b"")
    (batch / "b_binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (batch / "c_latin1.txt").write_bytes("Grüße aus Köln\n\nschöne Straße".encode("latin-1"))
    (batch / "d_good.txt").write_text("Tỉnh Thái Nguyên họp bàn\n\nUBND tỉnh Thái Nguyên họp bàn về hạ tầng.", "utf-8")
    (batch / "e_bad.jsonl").write_text('{"title": "x", "text": "Nội dung."}\n{broken\n', "utf-8")
    report = kb.ingest([batch, tmp_path / "missing.txt"])
    assert report.added == 2  # d_good.txt and the first JSON Lines record
    reasons = {f.where.rsplit("/", 1)[-1]: f.reason for f in report.failures}
    assert set(reasons) == {"a_empty.txt", "b_binary.txt", "c_latin1.txt", "e_bad.jsonl:2", "missing.txt"}
    assert all("\n" not in r for r in reasons.values())
    assert len(kb.documents()) == 3
    assert kb.ingest([seed_path]).unchanged == 1
    assert len(kb.store) > before


def test_jsonl_changed_and_stale_records(kb, tmp_path):
    path = tmp_path / "feed.jsonl"
    recs = [{"id": f"r{i}", "title": f"Bản tin {i}", "text": f"UBND tỉnh Bắc Ninh họp lần {i}."} for i in range(3)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    assert kb.ingest([path]).added == 3
    recs[1]["text"] = "Nội dung đã sửa."
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs[:2]), "utf-8")
    report = kb.ingest([path])
    assert (report.updated, report.unchanged, report.removed) == (1, 1, 1)
    assert sorted(d.source for d in kb.documents()) == ["r0", "r1"]


def test_corpus_directory(kb, vnnews, tmp_path):
    sample = tmp_path / "sample"
    sample.mkdir()
    for p in sorted(vnnews.glob("*.txt"))[:15]:
        shutil.copy(p, sample / p.name)
    report = kb.ingest([sample])
    assert (report.added, report.failed) == (15, 0)
    docs = documents(kb.store)
    assert len(docs) == 15
    titles = {d.source: d.title for d in docs}
    assert titles["0003.txt"] == "Xử lý nghiêm những sai phạm tại khu du lịch Pù Luông Retreat"
    assert kb.validate().conforms


def test_document_nodes_use_configured_base(kb, seed_path):
    kb.ingest([seed_path])
    [doc] = kb.documents()
    node = URIRef(f"http://kg.test/doc/{doc.doc_id}")
    assert kb.iris.doc(doc.doc_id) == node
    assert [r["d"] for r in kb.store.query(f"SELECT ?d WHERE {{ ?d a <{KG.Document}> }}")] == [node]
    assert f"http://kg.test/graph/doc/{doc.doc_id}" in {str(g) for g in kb.store.graph_names()}
    sentences = [str(r["s"]) for r in kb.store.query(f"SELECT ?s WHERE {{ ?s a <{KG.Sentence}> }}")]
    assert sentences and all(s.startswith(f"{node}#s") for s in sentences)
