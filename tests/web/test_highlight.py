"""Marked text as pieces; accent-insensitive matching."""

from __future__ import annotations

from web.highlight import answer_phrases, evidence_pieces, find, pieces


def test_pieces_cover_the_text_once():
    parts = pieces("xây dựng hạ tầng KCN", [(9, 16), (12, 14), (17, 20)])
    assert "".join(p["text"] for p in parts) == "xây dựng hạ tầng KCN"
    assert [p["text"] for p in parts if p["mark"]] == ["hạ tầng", "KCN"]
    assert pieces("abc", []) == [{"text": "abc", "mark": False}]


def test_find_ignores_accents_and_case():
    assert find("Đường Vành đai 5 qua TP Sông Công", "vanh dai 5") == [(6, 16)]
    assert find("Sông Công, sông công", "SONG CONG") == [(0, 9), (11, 20)]
    assert find("abc", "") == []
    assert find("năm 2015 đạt 2%", "2") == [(13, 14)]  # whole words only


def test_evidence_marks_every_phrase_found():
    parts = evidence_pieces("thu ngân sách tăng gần 21%", [None, "21", "thu ngân sách", "không có"])
    assert [p["text"] for p in parts if p["mark"]] == ["thu ngân sách", "21"]
    fallback = evidence_pieces("xây dựng hạ tầng", ["không có"], question="ha tang")
    assert [p["text"] for p in fallback if p["mark"]] == ["hạ", "tầng"]


def test_answer_phrases_mark_value_numbers_and_label_parts():
    phrases = answer_phrases("thu ngân sách — Thành phố Sông Công — 2015-2020", "≈ 1.75 %")
    assert {"1.75", "1,75", "thu ngân sách", "Thành phố Sông Công"} <= set(phrases)
    parts = evidence_pieces("thu ngân sách tăng gấp 1,75 lần so với năm 2015", phrases)
    assert [p["text"] for p in parts if p["mark"]] == ["thu ngân sách", "1,75"]
    assert answer_phrases("rà soát, điều chỉnh KCN…", None)[-1] == "rà soát, điều chỉnh KCN"


# -- diacritics: a word typed without any matches accent-free; a word typed with them, exactly --


def _marked(text: str, query: str) -> list[str]:
    from search.snippets import highlights

    return [text[s:e] for s, e in highlights(text, query)]


TEXT = "Sông Công có chè ngon, không chẽ; cong, còng, cống và CÔNG. Hoà Bình, hòa bình."


def test_search_highlights_respect_typed_diacritics():
    assert _marked(TEXT, "Chè") == ["chè"]  # never "chẽ"
    assert _marked(TEXT, "Công") == ["Công", "CÔNG"]  # never "cong", "còng", "cống"
    assert _marked(TEXT, "cong") == ["Công", "cong", "còng", "cống", "CÔNG"]  # typed plain: folded
    assert _marked(TEXT, "che") == ["chè", "chẽ"]
    assert _marked(TEXT, "Sông cong") == ["Sông", "Công", "cong", "còng", "cống", "CÔNG"]  # per word
    assert _marked(TEXT, "hòa") == ["Hoà", "hòa"]  # where the tone mark sits does not matter


def test_search_highlights_keep_abbreviations_both_ways():
    text = "UBND tỉnh và Ủy ban nhân dân thành phố"
    assert _marked(text, "UBND") == ["UBND", "Ủy", "ban", "nhân", "dân"]
    assert _marked(text, "Ủy ban nhân dân") == ["UBND", "Ủy", "ban", "nhân", "dân"]


def test_evidence_phrases_follow_the_same_rule():
    assert find("Sông Công và song cong", "Sông Công") == [(0, 9)]
    assert find("Sông Công và song cong", "song cong") == [(0, 9), (13, 22)]
    assert find("chè và chẽ", "Chè") == [(0, 3)]
    assert find("Hoà Bình", "Hòa Bình") == [(0, 8)]


def test_search_snippet_marks_follow_the_rule_end_to_end(client):
    from search.snippets import marks

    accented = client.get("/api/search", query_string={"q": "Sông Công", "k": 20, "per_doc": 0}).json
    words = [hit["snippet"][s:e] for hit in accented["results"] for s, e in hit["highlights"]]
    assert words and all(marks(w) in {marks("Sông"), marks("Công")} for w in words)
    plain = client.get("/api/search", query_string={"q": "song cong", "k": 20, "per_doc": 0}).json
    words = {hit["snippet"][s:e] for hit in plain["results"] for s, e in hit["highlights"]}
    assert {"Sông", "Công"} <= words  # typed without accents: the accented words are marked
