"""What the dense side embeds: abbreviations written out, diacritics restored."""

from search.rewrite import dense_query


def test_abbreviations_are_written_out():
    assert dense_query("UBND tỉnh Thái Nguyên") == "Ủy ban nhân dân tỉnh Thái Nguyên"


def test_english_and_accented_queries_are_left_alone():
    assert dense_query("proposals about infrastructure") == "proposals about infrastructure"
    assert dense_query("hạ tầng khu công nghiệp") == "hạ tầng khu công nghiệp"


def test_diacritics_come_back_from_the_evidence():
    evidence = [
        "Quỹ bình ổn giá xăng dầu của Petrolimex còn dư 2.476 tỷ đồng",
        "chưa mua bảo hiểm y tế cho trẻ dưới 6 tuổi",
    ]
    assert dense_query("quy binh on gia xang dau", evidence) == "Quỹ bình ổn giá xăng dầu"
    assert dense_query("bhyt tre duoi 6 tuoi", evidence).lower() == "bảo hiểm y tế trẻ dưới 6 tuổi"
