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
        assert text[s.start : s.end] == s.text
    assert "Thái_Nguyên" in sents[1].segmented


def test_a_sentence_without_punctuation_is_cut_into_bounded_pieces_at_word_breaks():
    from kg.text import MAX_SENTENCE, split_sentences

    text = " ".join(["đường", "vành", "đai", "ba"] * 5_000)  # 75,000 characters, no full stop
    spans = split_sentences(text)
    assert len(spans) > 30
    assert all(e - s <= MAX_SENTENCE and text[s:e] == piece for s, e, piece in spans)
    assert all(not piece.startswith(" ") and not piece.endswith(" ") for _, _, piece in spans)
    assert " ".join(piece for _, _, piece in spans) == text


def test_an_article_sentence_is_never_cut():
    from kg.text import split_sentences

    sentence = "Tỉnh đề nghị Bộ Giao thông vận tải sớm đầu tư tuyến đường " * 30 + "."
    assert [piece for _, _, piece in split_sentences(sentence.strip())] == [sentence.strip()]


def test_a_full_stop_inside_a_domain_name_does_not_end_the_sentence():
    from kg.text import split_sentences

    text = "Chỉ dùng một tên miền (như evisa.gov.vn) cho du khách. Câu sau. Thứ ba, v.v..Thứ tư, hết."
    assert [s for _, _, s in split_sentences(text)][:2] == [
        "Chỉ dùng một tên miền (như evisa.gov.vn) cho du khách.",
        "Câu sau.",
    ]
