from kg.text import fold, has_diacritics, normalise, sentences, slugify, strip_accents


def test_tone_mark_placement_compares_equal():
    assert normalise("hoà bình") == normalise("hòa bình")
    assert normalise("Thuỷ lợi") == normalise("Thủy lợi")
    assert normalise("khoẻ") == "khỏe"


def test_normalise_keeps_length_and_composes():
    decomposed = "Tho\u0302n Ho\u0300a"  # combining marks
    out = normalise(decomposed)
    assert out == "Thôn Hòa"
    text = "UBND tỉnh Thái Nguyên, hoà thuỷ; 1,75 lần."
    assert len(normalise(text)) == len(text)


def test_strip_accents_and_fold():
    assert strip_accents("Đảng bộ phường Mỏ Chè") == "Dang bo phuong Mo Che"
    assert fold("Thái Nguyên") == "thai nguyen"
    assert len(strip_accents("Sông Công")) == len("Sông Công")
    assert has_diacritics("Sông") and not has_diacritics("song cong")


def test_slugify():
    assert slugify("KCN Sông Công 2") == "kcn-song-cong-2"
    assert slugify("ĐT.262") == "dt-262"


def test_sentences_have_offsets_into_the_text():
    text = "Tiêu đề bài viết\n\nCâu thứ nhất ở Thái Nguyên. Câu thứ hai nói về KCN Sông Công II.\nĐoạn hai."
    sents = sentences(text)
    assert [s.text for s in sents] == [
        "Tiêu đề bài viết",
        "Câu thứ nhất ở Thái Nguyên.",
        "Câu thứ hai nói về KCN Sông Công II.",
        "Đoạn hai.",
    ]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert "Thái_Nguyên" in sents[1].segmented
