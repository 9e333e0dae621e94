"""Documents as dicts: the list, and one document's text cut into linkable pieces."""

from __future__ import annotations

import pytest

from kg.errors import NotFound
from web.documents import document_data, document_list, paragraphs, segments


def ent(name: str) -> dict:
    return {"iri": name, "label": name, "type": None, "path": f"/entity/x/{name}"}


def test_segments_keep_as_many_links_as_possible_and_list_the_rest():
    text = "Chủ tịch UBND tỉnh Thái Nguyên làm việc"
    mentions = [{"start": 0, "end": 30, "entity": ent("role")}, {"start": 9, "end": 30, "entity": ent("ubnd")},
                {"start": 14, "end": 30, "entity": ent("province")}, {"start": 0, "end": 39, "entity": ent("meeting")}]
    pieces = segments(text, 0, len(text), sorted(mentions, key=lambda m: (m["start"], -m["end"])))
    assert "".join(p["text"] for p in pieces) == text  # nothing lost or repeated
    assert [(p["text"], p["entity"] and p["entity"]["iri"]) for p in pieces] == [
        ("Chủ tịch UBND tỉnh Thái Nguyên", "role"), (" làm việc", None)]
    assert sorted(a["iri"] for a in pieces[0]["also"]) == ["meeting", "province", "ubnd"]


def test_paragraphs_follow_line_breaks_and_keep_text_outside_sentences():
    text = "Tiêu đề\n\nCâu một. Câu hai.\nCuối"
    sentences = [(0, 0, 7), (1, 9, 17), (2, 18, 26)]
    out = paragraphs(text, sentences, [{"start": 9, "end": 12, "entity": ent("c")}])
    assert [[s["index"] for s in para] for para in out] == [[0], [1, 2], [None]]
    assert out[1][0]["segments"][0] == {"text": "Câu", "entity": ent("c"), "also": []}
    assert out[2][0]["segments"][0]["text"] == "Cuối" and out[1][1]["id"] == "s2"


def test_document_list(web_kb):
    [doc] = document_list(web_kb)
    assert doc["title"] == "Chủ tịch UBND tỉnh Thái Nguyên làm việc với Ban Thường vụ Thành ủy Sông Công"
    assert doc["sentences"] == 15 and doc["path"] == f"/doc/{doc['doc_id']}" and doc["ingested"]


def test_document_data(web_kb):
    doc_id = web_kb.documents()[0].doc_id
    data = document_data(web_kb, doc_id)
    assert data["meta"]["originalTitle"].startswith("chu tich ubnd") and data["meta"]["restored"] is True
    sentences = [s for para in data["paragraphs"] for s in para]
    assert [s["index"] for s in sentences] == list(range(15))
    links = {seg["entity"]["path"] for s in sentences for seg in s["segments"] if seg["entity"]}
    assert {"/entity/road/vanh-dai-5", "/entity/industrial-park/kcn-song-cong-2"} <= links
    nested = {a["path"] for s in sentences for seg in s["segments"] for a in seg["also"]}
    assert "/entity/ward/05512" in nested - links  # only ever inside the congress's name
    types = {g["type"]["name"]: len(g["entities"]) for g in data["entities"]}
    assert types["IndustrialPark"] == 2 and types["Indicator"] >= 6
    assert len(data["proposals"]) == 5 and len(data["directives"]) == 4 and len(data["observations"]) == 9
    assert any(r["predicate"]["name"] == "passesThrough" and r["subject"]["label"] == "Vành đai 5"
               for r in data["relations"])


def test_unknown_document(web_kb):
    with pytest.raises(NotFound):
        document_data(web_kb, "nope")
