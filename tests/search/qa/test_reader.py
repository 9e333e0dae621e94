"""search.qa.reader and search.qa.rank on passages written for the test: the right figure,
date or person is read out of the passage, scored by what stands next to it, and merged
with graph answers into one calibrated list."""

from __future__ import annotations

from dataclasses import dataclass

from search.qa import rank
from search.qa.expect import expected
from search.qa.reader import Reader
from search.qa.result import Answer


@dataclass
class Hit:
    passage: str
    doc_id: str = "d1"
    passage_id: str = "p1"
    source: str = "a.txt"
    title: str = "Đường sắt Cát Linh - Hà Đông"
    first_sentence: int = 3


PASSAGE = (
    "Dự án đường sắt đô thị Cát Linh - Hà Đông được khởi công vào tháng 10/2011. "
    "Dự án có vốn vay ODA là 250 triệu USD, tổng mức đầu tư 552 triệu USD. "
    "Ông Nguyễn Văn Thể, Bộ trưởng Bộ GTVT cho biết tuyến sẽ chạy thử từ ngày 1/10/2017."
)


def read(question: str, hits=None):
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    return reader.read(question, expected(question), hits or [Hit(PASSAGE)], subject="Cát Linh - Hà Đông")


def test_the_figure_next_to_the_measure_asked_wins():
    best = read("Tổng mức đầu tư dự án đường sắt Cát Linh - Hà Đông là bao nhiêu?")
    assert (best[0].value, best[0].unit) == (552_000_000, "USD") and best[0].measure > best[1].measure
    sentence = best[0].sentence
    assert sentence[best[0].span[0] : best[0].span[1]].endswith("552 triệu USD")
    assert best[0].sentence_index == 3 + 2 - 1  # the passage's first sentence, then its second


def test_dates_and_people_are_read_in_english_questions_too():
    dates = read("When does the Cat Linh - Ha Dong line start trial runs?")
    assert dates[0].label == "ngày 1/10/2017"
    people = read("Ai là Bộ trưởng Bộ GTVT?")
    assert people and people[0].label == "Nguyễn Văn Thể" and people[0].type == "Person"


def test_merge_keeps_graph_answers_of_the_kind_wanted_and_one_value():
    want = expected("Tổng mức đầu tư dự án Cát Linh - Hà Đông là bao nhiêu?")
    about = Answer(iri="x", label="Phường La Khê", type="Ward")
    for targeted in (False, True):  # a ward is no money figure, whether or not the graph's query targeted it
        ranked = rank.merge(
            want, [about], read("Tổng mức đầu tư dự án Cát Linh - Hà Đông là bao nhiêu?"), targeted=targeted
        )
        (answer,) = ranked.answers  # the ward the graph relates to the project is no answer
        assert answer["value"] == 552_000_000 and answer["display"] == "552 triệu USD"
        assert answer["source"] == "reader" and 0 <= answer["confidence"] <= 1 and ranked.more >= 1
        assert answer["evidence"][0]["span"] and answer["evidence"][0]["doc_id"] == "d1"


def test_calibration_is_a_probability_that_grows_with_the_fit():
    low = {f: 0.0 for f in rank.FEATURES}
    high = {**low, "score": 0.9, "focus": 1.0, "near": 1.0, "measure": 1.0, "first": 1.0, "margin": 0.5}
    assert 0 <= rank.probability(low) < rank.probability(high) <= 1
    assert rank.model()["features"] == list(rank.FEATURES)


def test_a_body_is_the_answer_to_who_holds_a_role_only_when_the_sentence_gives_it_that_role():
    from search.qa.reader import _role_near

    sentence = "Đại diện chủ đầu tư là Ban quản lý dự án đường sắt, nhà thầu là Cty Cục 6 (Trung Quốc)."
    at = sentence.index("Cty Cục 6")
    assert _role_near(("nha thau",), sentence, (at, at + 9)) == 1.0
    board = sentence.index("Ban quản lý")
    assert _role_near(("nha thau",), sentence, (board, board + 11)) == 0.0


def test_what_a_person_said_goes_on_in_the_next_sentences_until_someone_else_speaks():
    passage = (
        "Chủ nhiệm Ủy ban Kinh tế Vũ Hồng Thanh cho biết, dự án Long Thành đã được cân nhắc kỹ. "
        "Sự quá tải của Cảng hàng không Tân Sơn Nhất khiến việc triển khai càng cấp bách. "
        "Ông Lê Văn Nam nói rằng cần thận trọng hơn. "
        "Thời tiết hôm đó đẹp."
    )
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    question = "Ông Vũ Hồng Thanh nói gì về dự án Long Thành?"
    said = reader.read(question, expected(question), [Hit(passage)], subject="Vũ Hồng Thanh")
    assert [c.sentence[:20] for c in said] == ["Chủ nhiệm Ủy ban Kin", "Sự quá tải của Cảng "]
    ranked = rank.merge(expected(question), [], said)
    assert len(ranked.answers) == 2  # the second sentence shares fewer words, and is kept


def test_the_speaker_of_a_question_without_capitals_is_the_words_before_the_verb_of_saying():
    from search.qa.plan import subject_phrase
    from search.qa.understand import Interpretation

    for question, name in (
        ("pgs ts vu thanh ca noi gi ve thuy dien va lu lut", "vu thanh ca"),
        ("chu nhiem uy ban kinh te vu hong thanh noi gi ve du an long thanh", "vu hong thanh"),
    ):
        q = Interpretation(question=question, intent="search")
        assert subject_phrase(q, expected(question)) == name


def test_a_count_answers_only_when_it_counts_what_was_asked():
    passage = "Khu đô thị có mật độ 382 người/ha và 1.200 căn hộ. Thành phố có 35 dự án nhà ở xã hội."
    question = "Khu đô thị có bao nhiêu căn hộ?"
    assert expected(question).counted == "can ho"
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    found = reader.read(question, expected(question), [Hit(passage)], subject=None)
    assert [c.value for c in found] == [1200]


def test_dates_written_day_dot_month_after_ngay_and_times_of_day():
    passage = (
        "Tập đoàn Sumitomo ký thỏa thuận hợp tác tại Nhật Bản ngày 5.6 vừa qua. "
        "Sáng 3/6, tuyến xe khách chất lượng cao chính thức khai trương. Giá tăng 5.6% so với năm trước."
    )
    found = read("Tuyến xe khách chất lượng cao khai trương ngày nào?", [Hit(passage)])
    assert {c.label for c in found} == {"ngày 5.6", "Sáng 3/6"}  # not the 5.6 % rise


def test_the_only_date_of_a_sentence_with_the_questions_words_dates_it_even_after_a_comma():
    passage = (
        "Thủ tướng đã chấp thuận chủ trương đầu tư dự án gang thép tại văn bản số 152/TTg-CN, ngày 25-1-2017. "
        "Nhà máy thép được hình thành từ năm 2006."
    )
    question = "Thủ tướng chấp thuận chủ trương đầu tư dự án gang thép khi nào?"
    ranked = rank.merge(expected(question), [], read(question, [Hit(passage)]))
    assert [a.label for a in ranked.answers] == ["ngày 25-1-2017"]


def test_a_graph_figure_from_anywhere_stands_only_in_a_document_search_found():
    from search.qa.result import Evidence

    want = expected("Tổng mức đầu tư dự án là bao nhiêu?")
    figure = Answer(
        iri="o",
        label="tổng mức đầu tư",
        type="Observation",
        value=63.6e12,
        evidence=(Evidence(sentence="s", doc_id="other"),),
    )
    assert not rank.merge(want, [figure], [], found_in=frozenset({"d1"})).answers
    assert rank.merge(want, [figure], [], found_in=frozenset({"other"})).answers
    assert rank.merge(want, [figure], []).answers  # search found nothing: the graph's figure stands


def test_a_body_inside_a_list_takes_the_role_written_before_the_list():
    from search.qa.reader import _role_near

    sentence = (
        "Nhà đầu tư dự án gồm Liên danh Công ty cổ phần đầu tư Đèo Cả, Công ty Cổ phần tập đoàn Hải Thạch "
        "và Cty TNHH MTV Ngân hàng TMCP Công Thương Việt Nam."
    )
    hai_thach = (sentence.index("Công ty Cổ phần tập đoàn"), sentence.index(" và Cty"))
    bank = (sentence.index("Cty TNHH"), len(sentence) - 1)
    role = ("chu dau tu", "nha dau tu")
    assert _role_near(role, sentence, bank, (hai_thach, bank)) == 1.0
    assert _role_near(role, sentence, hai_thach, (hai_thach, bank)) == 1.0  # across the body no extractor named
    alone = "Bộ Tài chính cho biết, Công ty Cổ phần tập đoàn Hải Thạch đã nộp thuế."
    at = alone.index("Công ty")
    assert _role_near(role, alone, (at, at + 34), ()) == 0.0


def test_the_measure_the_question_names_counts_in_the_figures_own_phrase():
    passage = (
        "Khoản vay bổ sung cho dự án đường sắt đô thị Cát Linh - Hà Đông là 250,62 triệu USD. "
        "Dự án thực hiện từ năm 2008 với tổng mức đầu tư 552,86 triệu USD."
    )
    question = "Tổng mức đầu tư dự án đường sắt đô thị Cát Linh - Hà Đông là bao nhiêu?"
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    found = reader.read(question, expected(question), [Hit(passage)], subject="Cát Linh", measure="tổng mức đầu tư")
    assert found[0].value == 552_860_000 and found[0].measure == 1.0


def test_the_only_area_figure_of_a_sentence_naming_the_subject_answers_how_large():
    passage = "Khu công nghiệp Nhân Cơ được quy hoạch với tổng diện tích 148,2ha. Nhà máy mới chiếm 12 ha và 3 ha."
    question = "Khu công nghiệp Nhân Cơ rộng bao nhiêu?"
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    found = reader.read(
        question, expected(question), [Hit(passage, title="Khu công nghiệp Nhân Cơ")], subject="Khu công nghiệp Nhân Cơ"
    )
    (answer,) = rank.merge(expected(question), [], found).answers
    assert answer.value == 148.2 and answer.unit == "ha"


def test_a_person_named_after_the_body_they_head_is_read():
    hits = [
        Hit(
            "Chủ tịch UBND tỉnh Trần Văn Bình vừa ký quyết định giải thể 5 ban quản lý dự án cấp huyện. "
            "Ông Lê Hữu Phước, Phó giám đốc Sở Xây dựng, cho biết các ban sẽ sáp nhập vào một ban chung."
        )
    ]
    people = read("Ai ký quyết định giải thể 5 ban quản lý dự án cấp huyện?", hits)
    assert [p.label for p in people][:2] == ["Trần Văn Bình", "Lê Hữu Phước"]
    assert people[0].type == "Person" and people[0].score > people[1].score


def test_a_depth_asked_is_not_answered_by_a_diameter():
    hits = [Hit("Mỗi hệ trụ có 20 cọc khoan nhồi đường kính 2m, được khoan ở độ sâu 88m.")]
    found = read("Các cọc khoan nhồi được khoan sâu bao nhiêu mét?", hits)
    assert [c.label for c in found] == ["88 m"]
    assert {c.label for c in read("Cọc khoan nhồi có đường kính bao nhiêu mét?", hits)} == {"2 m"}


def test_the_bare_names_after_a_place_in_a_list_are_the_same_level_of_the_same_province():
    from search.qa.reader import list_siblings

    sentence = "Toàn tuyến đi qua quận 12, Bình Tân, Tân Phú, Gò Vấp và huyện Bình Chánh, dài gần 32 km."
    at = sentence.index("quận 12")
    names = [u.name for u in list_siblings(sentence, (at, at + 7), "City", "761")]  # Quận 12, TP HCM
    assert names == ["Quận Bình Tân", "Quận Tân Phú", "Quận Gò Vấp", "Huyện Bình Chánh"]
    # a name with no unit of that level in the province ends the list
    sentence = "Dự án đi qua quận 12, Sông Công và Gò Vấp."
    assert list_siblings(sentence, (sentence.index("quận 12"), sentence.index("quận 12") + 7), "City", "761") == []


def test_a_person_after_a_place_name_and_theo_ong_as_a_saying():
    hits = [
        Hit(
            "Chủ tịch UBND TP Hà Nội Nguyễn Đức Chung đã ký quyết định thành lập tổ công tác. "
            "Theo ông Lê Văn Khải, lần cưỡng chế này suôn sẻ hơn các lần trước bởi số hộ ít."
        )
    ]
    people = read("Ai ký quyết định thành lập tổ công tác?", hits)
    assert people[0].label == "Nguyễn Đức Chung"
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    question = "Ông Lê Văn Khải nói gì về đợt cưỡng chế?"
    said = reader.read(question, expected(question), hits, subject="Lê Văn Khải")
    assert [c.label for c in said] == [
        "Theo ông Lê Văn Khải, lần cưỡng chế này suôn sẻ hơn các lần trước bởi số hộ ít."
    ]


def test_the_subject_named_in_another_passage_of_the_article_counts_and_a_day_asked_needs_a_day():
    first = Hit("UBND tỉnh Bình Thuận họp về xâm thực ở Phan Thiết.", passage_id="p1")
    second = Hit("Tỉnh đã thống nhất xây kè tạm; tổng kinh phí dự kiến khoảng 27 tỉ đồng.", passage_id="p2")
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    question = "Bình Thuận dự kiến chi bao nhiêu tiền để xây kè tạm?"
    found = reader.read(question, expected(question), [first, second], subject="Bình Thuận")
    assert found[0].label == "27 tỷ đồng" and found[0].subject
    hits = [Hit("Năm 2014 thí điểm thị thực điện tử; từ ngày 15/8/2021 cấp cho mọi nước.")]
    question = "Việt Nam cấp thị thực điện tử cho mọi nước từ ngày nào?"
    assert [c.label for c in reader.read(question, expected(question), hits)] == ["ngày 15/8/2021"]


def test_a_question_asking_the_day_wants_a_day_not_a_month_and_year():
    from search.qa.reader import _HAS_DAY

    assert all(_HAS_DAY.search(t) for t in ("ngày 24-8-2015", "24/8/2015", "Sáng 8/2", "30-7"))
    assert not any(_HAS_DAY.search(t) for t in ("tháng 3-2016", "Tháng 3/2016", "năm 2015"))


def _read(question: str, passage: str) -> list:
    """The reader's candidates for ``question`` from one passage."""
    reader = Reader(lambda kind, key: f"http://kg.test/entity/{kind}/{key}")
    return reader.read(question, expected(question), [Hit(passage)])


def test_a_count_no_extractor_measured_is_read_before_the_counted_words():
    question = "Bao nhiêu vòm cầu đường sắt sẽ được đục thông?"
    passage = "Cầu đường sắt nối phố Phùng Hưng tới ga Long Biên có 127 vòm cầu sắp được đục thông."
    found = _read(question, passage)
    assert [(c.label, c.value, c.unit) for c in found] == [("127 vòm cầu", 127.0, "1")]


def test_bare_names_listed_after_the_kind_asked_are_read():
    question = "Những kênh nào ở thị xã Sóc Trăng đang bị ô nhiễm nặng?"
    passage = "Các kênh Cô Bắc, Ba Tháng Hai, Tam Thước và Trà Men đang ô nhiễm nặng."
    found = _read(question, passage)
    assert sorted((c.label, c.type) for c in found) == [
        ("Kênh Ba Tháng Hai", "Canal"),
        ("Kênh Cô Bắc", "Canal"),
        ("Kênh Tam Thước", "Canal"),
        ("Kênh Trà Men", "Canal"),
    ]


def test_a_list_after_nhu_names_the_items_and_places_are_no_companies():
    question = "Những doanh nghiệp nào khai trương sớm sau Tết?"
    passage = (
        "Nhiều doanh nghiệp ở Bình Dương, Đồng Nai đã khai trương. "
        "Một số doanh nghiệp lớn chuyên gia công giày da cũng khai trương như Changshin, Pouyuen, PPJ."
    )
    found = _read(question, passage)
    assert sorted(c.label for c in found if c.type == "Company") == ["Changshin", "PPJ", "Pouyuen"]


def test_one_name_after_a_kind_word_is_no_list():
    question = "Những cây cầu nào bắc qua sông Hàn?"
    found = _read(question, "Cầu Rồng bắc qua sông Hàn đã thông xe.")
    assert [c.label for c in found] == ["Cầu Rồng"]  # the extractor's bridge, not a list read again


def test_the_role_after_brackets_is_the_body_before_them():
    question = "Ai là chủ đầu tư dự án mở rộng đường vành đai 3?"
    passage = (
        "Dự án mở rộng đường vành đai 3 do Ban quản lý đầu tư xây dựng công trình giao thông Hà Nội "
        "(Sở GTVT TP Hà Nội) làm chủ đầu tư."
    )
    found = _read(question, passage)
    assert found[0].label == "Ban Quản lý đầu tư xây dựng công trình giao thông Hà Nội" and found[0].measure == 1.0
    assert [c.measure for c in found if c.label.startswith("Sở")] == [0.0]


def test_the_items_of_one_list_are_as_near_the_question_as_their_nearest():
    question = "628 tiểu dự án giảm nghèo của tỉnh Điện Biên được triển khai ở những huyện nào?"
    passage = (
        "Dự án giảm nghèo gồm 628 tiểu dự án triển khai tại 4 huyện: Mường Ảng, Mường Chà, Tủa Chùa và Điện Biên "
        "với tổng kinh phí trên 64,4 tỷ đồng."
    )
    found = [c for c in _read(question, passage) if c.type == "City"]
    assert {c.label for c in found} >= {"Huyện Mường Ảng", "Huyện Mường Chà", "Huyện Tủa Chùa"}
    assert len({c.near for c in found if c.group}) == 1  # one list, one nearness
