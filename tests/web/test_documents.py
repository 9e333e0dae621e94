"""Documents as dicts: the list, and one document's text cut into linkable pieces."""

from __future__ import annotations

import pytest

from kg.errors import NotFound
from web.documents import document_data, document_list, paragraphs, segments


def ent(name: str) -> dict:
    return {"iri": name, "label": name, "type": None, "path": f"/entity/x/{name}"}


def test_segments_keep_as_many_links_as_possible_and_list_the_rest():
    text = "Chủ tịch UBND tỉnh Thái Nguyên làm việc"
    mentions = [
        {"start": 0, "end": 30, "entity": ent("role")},
        {"start": 9, "end": 30, "entity": ent("ubnd")},
        {"start": 14, "end": 30, "entity": ent("province")},
        {"start": 0, "end": 39, "entity": ent("meeting")},
    ]
    pieces = segments(text, 0, len(text), sorted(mentions, key=lambda m: (m["start"], -m["end"])))
    assert "".join(p["text"] for p in pieces) == text  # nothing lost or repeated
    assert [(p["text"], p["entity"] and p["entity"]["iri"]) for p in pieces] == [
        ("Chủ tịch UBND tỉnh Thái Nguyên", "role"),
        (" làm việc", None),
    ]
    assert sorted(a["iri"] for a in pieces[0]["also"]) == ["meeting", "province", "ubnd"]


def test_paragraphs_follow_line_breaks_and_keep_text_outside_sentences():
    text = "Tiêu đề\n\nCâu một. Câu hai.\nCuối"
    sentences = [(0, 0, 7), (1, 9, 17), (2, 18, 26)]
    out = paragraphs(text, sentences, [{"start": 9, "end": 12, "entity": ent("c")}])
    assert [[s["index"] for s in para] for para in out] == [[0], [1, 2], [None]]
    assert out[1][0]["segments"][0] == {"text": "Câu", "entity": ent("c"), "also": []}
    assert out[2][0]["segments"][0]["text"] == "Cuối" and out[1][1]["id"] == "s2"


SEED = "000_21c30ca8b6a13368.txt"
PARK_NEWS = "001_song_cong_khu_cong_nghiep.txt"
PHO_YEN = "002_pho_yen_ha_tang.txt"


def doc_ids(kb) -> dict[str, str]:
    return {d.source: d.doc_id for d in kb.documents()}


def test_document_list(web_kb):
    docs = document_list(web_kb)
    # titles restored with their accents; each new article is a title and four sentences
    assert {d["source"]: (d["title"], d["sentences"]) for d in docs} == {
        SEED: ("Chủ tịch UBND tỉnh Thái Nguyên làm việc với Ban Thường vụ Thành ủy Sông Công", 15),
        PARK_NEWS: ("Thái Nguyên đẩy nhanh tiến độ hạ tầng KCN Sông Công 2", 5),
        PHO_YEN: ("Phổ Yên và Sông Công thu hút đầu tư vào khu công nghiệp", 5),
    }
    assert len(docs) == 3 and all(d["path"] == f"/doc/{d['doc_id']}" and d["ingested"] for d in docs)
    by_title = sorted(docs, key=lambda d: d["title"])
    assert docs == sorted(by_title, key=lambda d: d["ingested"], reverse=True)  # newest first, then by title


def test_document_data(web_kb):
    ids = doc_ids(web_kb)
    data = document_data(web_kb, ids[SEED])
    assert data["meta"]["originalTitle"].startswith("chu tich ubnd") and data["meta"]["restored"] is True
    sentences = [s for para in data["paragraphs"] for s in para]
    assert [s["index"] for s in sentences] == list(range(15))
    links = {seg["entity"]["path"] for s in sentences for seg in s["segments"] if seg["entity"]}
    assert {"/entity/road/19-vanh-dai-5", "/entity/industrial-park/kcn-song-cong-2"} <= links
    nested = {a["path"] for s in sentences for seg in s["segments"] for a in seg["also"]}
    assert "/entity/ward/05512" in nested - links  # only ever inside the congress's name
    types = {g["type"]["name"]: len(g["entities"]) for g in data["entities"]}
    assert types["IndustrialPark"] == 2 and types["Indicator"] == 8
    # nine indicator readings and two counts: "có 1 chỉ tiêu thành phần", "đề ra 13 chỉ tiêu cơ bản"
    assert len(data["proposals"]) == 5 and len(data["directives"]) == 4 and len(data["observations"]) == 11
    assert sorted(o["value"] for o in data["observations"] if o["indicator"] is None) == [1, 13]
    assert any(
        r["predicate"]["name"] == "passesThrough" and r["subject"]["label"] == "Vành đai 5" for r in data["relations"]
    )
    # what the two new articles hold, each its own: one proposal, no directive, their own figures
    park = document_data(web_kb, ids[PARK_NEWS])
    assert [p["text"] for p in park["proposals"]] == [
        "tỉnh bố trí vốn để nâng cấp Quốc lộ 3 đoạn qua phường Mỏ Chè, bảo đảm kết nối giao thông với khu công nghiệp"
    ]
    assert park["directives"] == []
    assert sorted((o["value"], o["unit"]) for o in park["observations"]) == [(45, "%"), (180, "ha")]
    assert relation_triples(park) == {
        ("KCN Sông Công 2", "locatedIn", "Thành phố Sông Công"),  # "... Sông Công 2 tại thành phố Sông Công"
        ("Vành đai 5", "passesThrough", "Thành phố Sông Công"),  # "vành đai 5 đoạn qua TP Sông Công"
        ("QL3", "passesThrough", "Phường Mỏ Chè"),  # "Quốc lộ 3 đoạn qua phường Mỏ Chè"
        ("Phường Mỏ Chè", "successorUnit", "Phường Bá Xuyên (2025)"),
        ("Tỉnh Thái Nguyên", "successorUnit", "Tỉnh Thái Nguyên (2025)"),
        ("UBND tỉnh Thái Nguyên", "jurisdiction", "Tỉnh Thái Nguyên"),
    }
    pho_yen = document_data(web_kb, ids[PHO_YEN])
    assert [p["text"] for p in pho_yen["proposals"]] == [
        "Bộ Giao thông vận tải sớm đầu tư mở rộng nút giao giữa Quốc lộ 3 và đường vành đai 5"
    ]
    assert pho_yen["directives"] == []
    assert [(o["value"], o["unit"], o["area"]["path"]) for o in pho_yen["observations"]] == [
        (12, "1", "/entity/province/19")
    ]
    # "Quốc lộ 3 nối Hà Nội với Thái Nguyên" (a subset: "vành đai 5 đoạn qua Phổ Yên" should also give
    # Vành đai 5 passesThrough Thành phố Phổ Yên, which the bare district name does not yet)
    assert {
        ("QL3", "connects", "Thành phố Hà Nội"),
        ("QL3", "connects", "Tỉnh Thái Nguyên"),
        ("UBND thành phố Sông Công", "jurisdiction", "Thành phố Sông Công"),
    } <= relation_triples(pho_yen)
    types = {g["type"]["name"]: {e["label"] for e in g["entities"]} for g in pho_yen["entities"]}
    assert types["City"] == {"Thành phố Sông Công", "Thành phố Phổ Yên"} and types["Road"] == {"QL3", "Vành đai 5"}


def relation_triples(data) -> set[tuple[str, str, str]]:
    return {(r["subject"]["label"], r["predicate"]["name"], r["object"]["label"]) for r in data["relations"]}


def test_unknown_document(web_kb):
    with pytest.raises(NotFound):
        document_data(web_kb, "nope")


# -- distinguishing names (issue 16: two "0101.txt" from different folders) ----------------
def test_source_label_keeps_the_folder_and_never_the_whole_path():
    from web.documents import source_label

    assert source_label("/work/shared/corpus/vnnews/0101.txt", "0101.txt") == "vnnews/0101.txt"
    assert source_label("/work/shared/corpus/vnnews-b/0101.txt", "0101.txt") == "vnnews-b/0101.txt"
    assert source_label("/data/news.jsonl", "a17") == "news.jsonl · a17"  # a JSON Lines record
    assert source_label("0101.txt", "0101.txt") == "0101.txt"
    assert source_label(None, "0101.txt") == "0101.txt" and source_label("", None) == ""


def test_distinguish_adds_the_file_to_a_shared_title_and_names_untitled_documents():
    from web.documents import distinguish

    docs = distinguish(
        [
            {"doc_id": "1", "title": "Tin vắn", "file": "vnnews/0101.txt"},
            {"doc_id": "2", "title": "Tin  vắn ", "file": "vnnews-b/0101.txt"},
            {"doc_id": "3", "title": "Một tin khác", "file": "vnnews/0102.txt"},
            {"doc_id": "4", "title": " ", "file": "vnnews/0103.txt"},
            {"doc_id": "5", "title": "", "file": ""},
        ]
    )
    assert [d["name"] for d in docs] == [
        "Tin vắn (vnnews/0101.txt)",
        "Tin vắn (vnnews-b/0101.txt)",
        "Một tin khác",
        "vnnews/0103.txt",
        "5",
    ]


TWIN = "Tin vắn về khu công nghiệp\n\nKhu công nghiệp Sông Công 2 được mở rộng thêm {} ha trong năm 2024.\n"


@pytest.fixture(scope="module")
def twins_client(tmp_path_factory):
    """A store with two files named 0101.txt in two folders, with the same title."""
    from tests.web.conftest import BASE_IRI, build_store
    from web import create_app

    root = tmp_path_factory.mktemp("twins")
    for folder, size in (("vnnews", 50), ("vnnews-b", 70)):
        (root / folder).mkdir()
        (root / folder / "0101.txt").write_text(TWIN.format(size), "utf-8")
    store = build_store(root / "store", [root / "vnnews", root / "vnnews-b"])
    app = create_app({"TESTING": True, "KG_STORE": str(store), "KG_BASE_IRI": BASE_IRI, "KG_TOPIC_EMBEDDINGS": False})
    return app.test_client()


def test_lists_tell_two_files_of_one_name_apart(twins_client):
    data = twins_client.get("/api/documents").get_json()
    assert sorted(d["file"] for d in data["documents"]) == ["vnnews-b/0101.txt", "vnnews/0101.txt"]
    names = sorted(d["name"] for d in data["documents"])
    assert names == ["Tin vắn về khu công nghiệp (vnnews-b/0101.txt)", "Tin vắn về khu công nghiệp (vnnews/0101.txt)"]
    assert not any("/" + "tmp" in str(d) or "twins" in str(d) for d in data["documents"])  # no server path
    page = twins_client.get("/documents").get_data(as_text=True)
    for name in names:
        assert f">{name}</a>" in page
    one = data["documents"][0]
    assert f'<dd class="source-file">{one["file"]}</dd>' in twins_client.get(one["path"]).get_data(as_text=True)


def test_document_names_are_read_once_per_store_generation(web_kb):
    from web.documents import documents_by_id

    assert documents_by_id(web_kb) is documents_by_id(web_kb)  # kept until a writer commits
    names = {doc_id: d["name"] for doc_id, d in documents_by_id(web_kb).items()}
    assert names == {d["doc_id"]: d["name"] for d in document_list(web_kb)}
    assert set(names.values()) >= {"Thái Nguyên đẩy nhanh tiến độ hạ tầng KCN Sông Công 2"}


def test_entity_pages_list_documents_by_their_distinguishing_name(twins_client):
    page = twins_client.get("/entity/industrial-park/kcn-song-cong-2").get_data(as_text=True)
    for folder in ("vnnews", "vnnews-b"):
        name = f"Tin vắn về khu công nghiệp ({folder}/0101.txt)"
        assert page.count(f">{name}</a>") == 2  # in the mentions and in the documents beside them
