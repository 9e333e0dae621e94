"""Query and passage tokens: accents, word segments and abbreviations meet in one space."""

import pytest

from search.analyzer import EXACT, match_terms, passage_tokens, query_tokens


def shared(query: str, text: str, segmented: str) -> set[str]:
    return set(query_tokens(query)) & set(passage_tokens(text, segmented))


@pytest.mark.parametrize("query", ["ha tang", "hạ tầng", "HA TANG"])
def test_accentless_and_accented_queries_meet_the_segmented_word(query):
    tokens = shared(query, "xây dựng hạ tầng kỹ thuật", "xây_dựng hạ_tầng kỹ_thuật")
    assert {"ha", "tang", "ha_tang"} <= tokens


def test_exact_tokens_only_for_accented_queries():
    assert f"{EXACT}tầng" in query_tokens("hạ tầng")
    assert not any(t.startswith(EXACT) for t in query_tokens("ha tang"))
    # the passage keeps exact forms of accented syllables only
    tokens = passage_tokens("kinh tế", "kinh_tế")
    assert f"{EXACT}tế" in tokens and f"{EXACT}kinh" not in tokens


def test_place_name_without_diacritics():
    assert "thai_nguyen" in shared("thai nguyen", "tỉnh Thái Nguyên", "tỉnh Thái_Nguyên")


@pytest.mark.parametrize("query", ["UBND", "ubnd", "Ủy ban nhân dân", "uy ban nhan dan"])
@pytest.mark.parametrize("text", ["Chủ tịch UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"])
def test_abbreviations_match_both_ways(query, text):
    segmented = text.replace("Chủ tịch", "Chủ_tịch").replace("Ủy ban", "Ủy_ban").replace("nhân dân", "nhân_dân")
    assert {"ubnd", "uy", "nhan", "dan"} & shared(query, text, segmented)
    assert "ubnd" in shared(query, text, segmented) or {"uy", "ban", "nhan", "dan"} <= shared(query, text, segmented)


def test_query_tokens_are_unique_and_highlight_terms_plain():
    tokens = query_tokens("ha tang ha tang")
    assert len(tokens) == len(set(tokens))
    assert match_terms("UBND hạ tầng") >= {"ubnd", "uy", "ban", "nhan", "dan", "ha", "tang"}
