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
