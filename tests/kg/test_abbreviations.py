"""Tests for kg.abbreviations: the table, and expansion both ways in text and queries."""

from __future__ import annotations

import pytest

from kg.abbreviations import ABBREVIATIONS, abbreviations_in, contract, expand, variants
from kg.text import normalise


def test_table_is_large_glossed_and_normalised():
    assert len(ABBREVIATIONS) >= 50
    shorts = [a.short for a in ABBREVIATIONS]
    assert len(shorts) == len(set(shorts))
    for entry in ABBREVIATIONS:
        assert entry.gloss and entry.expansion
        assert normalise(entry.expansion) == entry.expansion  # "Ủy", "hóa": the text's spelling
    wanted = {
        "UBND",
        "HĐND",
        "MTTQ",
        "KCN",
        "CCN",
        "KKT",
        "NTM",
        "TP",
        "TX",
        "TT",
        "ĐT",
        "QL",
        "KT-XH",
        "GPMB",
        "BCH",
        "BTV",
        "ĐBQH",
        "CNH-HĐH",
        "DN",
        "FDI",
        "GRDP",
        "GDP",
        "CPI",
        "ODA",
        "PPP",
        "BOT",
        "ATGT",
        "ANTT",
        "CCHC",
        "THCS",
        "THPT",
        "BHXH",
        "BHYT",
        "VH-TT-DL",
    }
    assert wanted <= set(shorts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND TP Sông Công", "Ủy ban nhân dân thành phố Sông Công"),
        ("đề xuất rà soát KCN Sông Công 1", "đề xuất rà soát Khu công nghiệp Sông Công 1"),
        ("nâng cấp ĐT262 và QL3", "nâng cấp Đường tỉnh 262 và Quốc lộ 3"),
        ("phát triển KT-XH", "phát triển kinh tế - xã hội"),
        ("NTM đã hoàn thành", "Nông thôn mới đã hoàn thành"),  # capitalised at the start
        ("Sở KH&ĐT tỉnh", "Sở Kế hoạch và Đầu tư tỉnh"),
        ("DN tại TP.HCM", "Doanh nghiệp tại Thành phố Hồ Chí Minh"),
    ],
)
def test_expand_running_text(text, expected):
    assert expand(text) == expected


def test_expand_respects_word_boundaries_and_case():
    assert expand("UBNDX và KCNN") == "UBNDX và KCNN"  # inside other words: untouched
    assert expand("Ubnd tỉnh") == "Ubnd tỉnh"  # running text is matched case-sensitively
    assert expand("UBND, HĐND") == "Ủy ban nhân dân, Hội đồng nhân dân"


def test_expand_lower_case_queries():
    assert expand("ubnd tinh thai nguyen") == "uy ban nhan dan tinh thai nguyen"
    assert expand("ubnd tỉnh thái nguyên") == "ủy ban nhân dân tỉnh thái nguyên"
    assert expand("kcn song cong 2") == "khu cong nghiep song cong 2"
    # Spellings that fold to ordinary syllables are not abbreviations in a query.
    assert expand("thu hut dau tu bot mi") == "thu hut dau tu bot mi"


def test_abbreviations_in_gives_offsets():
    text = "UBND tỉnh và các KCN"
    found = abbreviations_in(text)
    assert [(f.text, f.abbreviation.expansion) for f in found] == [
        ("UBND", "Ủy ban nhân dân"),
        ("KCN", "Khu công nghiệp"),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)
    assert found[0].abbreviation.gloss == "People's Committee"


def test_contract():
    assert contract("Ủy ban nhân dân thành phố Sông Công") == "UBND TP Sông Công"
    assert contract("Phát triển kinh tế-xã hội") == "Phát triển KT-XH"
    assert contract("phát triển kinh tế-xã hội") == "phát triển kt-xh"  # lower case: a query
    assert contract("uy ban nhan dan tinh thai nguyen") == "ubnd tinh thai nguyen"


def test_variants_both_ways():
    assert variants("UBND tỉnh Thái Nguyên") == {"UBND tỉnh Thái Nguyên", "Ủy ban nhân dân tỉnh Thái Nguyên"}
    assert variants("Ủy ban nhân dân tỉnh Thái Nguyên") == variants("UBND tỉnh Thái Nguyên")
    mixed = variants("UBND TP Sông Công")
    assert {"UBND thành phố Sông Công", "Ủy ban nhân dân thành phố Sông Công", "Ủy ban nhân dân TP Sông Công"} <= mixed
    assert "ubnd tp song cong" in variants("uy ban nhan dan tp song cong")
    assert variants("Sông Công") == {"Sông Công"}
