"""Proposals as whole clauses, with proposer and addressee (issue 12).

The sentences are written for these tests in the style of the vnnews corpus (government
and meeting reports); the entities the other extractors would find are built by hand from
their mentions, so these tests depend on :mod:`kg.extract.statements` and
:mod:`kg.extract.proposals` only.
"""

from __future__ import annotations

import pytest

from kg.build import document_graph
from kg.extract.model import Entity, Extraction, PlaceContext, Ref
from kg.extract.spans import span
from kg.extract.statements import extract_statements
from kg.iris import Iris
from kg.namespaces import KG, RDF
from kg.validate import validate_graph
from tests.kg.extract.helpers import make_doc


def _entity(doc, type_, key, label, *surfaces, **fields) -> Entity:
    mentions = []
    for surface in surfaces or (label,):
        at = doc.text.find(surface)
        while at >= 0:
            mentions.append(span(doc, at, at + len(surface)))
            at = doc.text.find(surface, at + 1)
    return Entity(type_, key, label, mentions=tuple(sorted(mentions)), **fields)


def _read(body: str, *specs, context: PlaceContext | None = None, title: str = "Tin thời sự"):
    doc = make_doc(body, title)
    entities = tuple(_entity(doc, *spec) for spec in specs)
    return doc, entities, extract_statements(doc, context or PlaceContext(), entities)


def _proposals(body: str, *specs, **kw):
    return [s for s in _read(body, *specs, **kw)[2] if s.kind == "Proposal"]


GOV = ("Organization", "chinh-phu", "Chính phủ")
MOT = ("Organization", "bo-giao-thong-van-tai", "Bộ Giao thông vận tải")
MOH = ("Organization", "bo-y-te", "Bộ Y tế")
MPS = ("Organization", "bo-cong-an", "Bộ Công an")
PM = ("Role", "thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "Thủ tướng")


def test_two_cues_in_one_sentence_are_two_proposals_to_the_body_written_to():
    found = _proposals(
        "Trước tình trạng nhân viên y tế liên tục bị hành hung, Bộ Y tế đã có công văn gửi Bộ Công an "
        "đề nghị hỗ trợ bảo đảm an ninh trật tự tại các bệnh viện và đề xuất cho lực lượng bảo vệ "
        "bệnh viện được phép sử dụng công cụ hỗ trợ.",
        MOH,
        MPS,
    )
    assert [s.text for s in found] == [
        "hỗ trợ bảo đảm an ninh trật tự tại các bệnh viện",
        "lực lượng bảo vệ bệnh viện được phép sử dụng công cụ hỗ trợ",
    ]
    assert {(s.by.key, s.addressed_to.key) for s in found} == {("bo-y-te", "bo-cong-an")}


def test_independent_requests_joined_by_va_are_split_but_shared_objects_are_not():
    hcm = Entity("Organization", "ubnd-thanh-pho-ho-chi-minh", "UBND thành phố Hồ Chí Minh", ("UBND TP HCM",))
    doc = make_doc(
        "Sở Giao thông vận tải cho biết sẽ đề nghị UBND TP HCM hỗ trợ lãi suất vay 5% "
        "cho nhà đầu tư và miễn tiền thuê đất trong thời gian xây dựng bãi đỗ xe ngầm. "
        "Tỉnh cũng kiến nghị Chính phủ bổ sung và tăng vốn cho các dự án chống sạt lở ven "
        "biển."
    )
    entities = (
        Entity(
            hcm.type,
            hcm.key,
            hcm.label,
            hcm.aliases,
            mentions=(span(doc, doc.text.index("UBND TP HCM"), doc.text.index("UBND TP HCM") + 11),),
        ),
        _entity(doc, *GOV),
    )
    found = extract_statements(doc, PlaceContext(), entities)
    assert [s.text for s in found] == [
        "UBND TP HCM hỗ trợ lãi suất vay 5% cho nhà đầu tư",
        "miễn tiền thuê đất trong thời gian xây dựng bãi đỗ xe ngầm",
        "Chính phủ bổ sung và tăng vốn cho các dự án chống sạt lở ven biển",
    ]
    assert found[1].addressed_to == Ref("Organization", "ubnd-thanh-pho-ho-chi-minh")


def test_an_enumeration_over_several_sentences_gives_one_proposal_per_item():
    found = _proposals(
        "Phát biểu tại buổi hội đàm, Chủ tịch Quốc hội đề nghị, trong thời gian tới: Thứ nhất, hai "
        "bên tiếp tục duy trì trao đổi đoàn cấp cao và các cấp. Thứ hai, tiếp tục rà soát, ký mới "
        "các văn kiện hợp tác giữa hai Quốc hội; quyết tâm nâng kim ngạch thương mại song phương "
        "lên 1 tỷ USD. Thứ ba, tăng cường phối hợp tại các diễn đàn nghị viện đa phương. Hai bên "
        "cũng trao đổi về tình hình khu vực.",
        ("Role", "chu-tich-quoc-hoi", "Chủ tịch Quốc hội"),
    )
    assert [s.text for s in found] == [
        "hai bên tiếp tục duy trì trao đổi đoàn cấp cao và các cấp",
        "tiếp tục rà soát, ký mới các văn kiện hợp tác giữa hai Quốc hội",
        "quyết tâm nâng kim ngạch thương mại song phương lên 1 tỷ USD",
        "tăng cường phối hợp tại các diễn đàn nghị viện đa phương",
    ]
    assert {s.by for s in found} == {Ref("Role", "chu-tich-quoc-hoi")}


def test_xin_asks_for_each_object_and_the_place_speaks_through_its_committee():
    doc = make_doc(
        "Tỉnh Bạc Liêu xin được tăng hạn mức vay vốn, cũng như cơ chế đặc thù để huy "
        "động vốn doanh nghiệp đầu tư các công trình kè chống sạt lở. Ông Hải xin lỗi vì "
        "đến muộn. Xin cảm ơn các đại biểu đã tham dự."
    )
    province = _entity(doc, "Province", "95", "Tỉnh Bạc Liêu", "Bạc Liêu", aliases=("Bạc Liêu",))
    committee = Entity("Organization", "ubnd-tinh-bac-lieu", "UBND tỉnh Bạc Liêu", located_in=(province.ref,))
    found = extract_statements(doc, PlaceContext((province,), province, None), (province, committee))
    assert [s.text for s in found] == [
        "được tăng hạn mức vay vốn",
        "cơ chế đặc thù để huy động vốn doanh nghiệp đầu tư các công trình kè chống sạt lở",
    ]
    assert {s.by for s in found} == {committee.ref}


@pytest.mark.parametrize(
    "body",
    [
        # a decision taken on someone's proposal, and the legal formula
        "Theo đề nghị của Sở Nội vụ, UBND tỉnh đã quyết định khen thưởng 12 tập thể có thành tích.",
        "Xét đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 215, UBND thành phố quyết định phê duyệt dự toán.",
        # a body's remit (the fragment "Thủ tướng phương hướng, giải pháp …" of issue 12)
        "Hội đồng là tổ chức phối hợp liên ngành, có nhiệm vụ nghiên cứu, tư vấn, đề xuất với Thủ "
        "tướng phương hướng, giải pháp để giải quyết những vấn đề quan trọng.",
        # denied, passive, relative, supposed
        "Chúng tôi không đề xuất 18 dự án này mà chỉ rà soát phương án của địa phương.",
        "Bãi rác gây ô nhiễm cho người dân thôn Câu Nhi được cử tri kiến nghị nhiều lần.",
        "Cả 18 dự án này do UBND tỉnh, thành phố đề nghị bằng văn bản và đều rất cấp bách.",
        "Nếu doanh nghiệp kiến nghị lên cấp cao hơn thì người có trách nhiệm phải giải trình.",
        "Khi đề xuất đầu tư các địa phương đều nói đây là những công trình rất cần thiết.",
        # generic and private senses, instructions to the public
        "Có địa phương chỉ đưa ra dự án để xin, sau đó về mới chuẩn bị chi tiết.",
        "Đề nghị ông (bà) truy cập cổng thông tin điện tử của Tổng cục Thuế để tra cứu.",
        "Những người này bắt hai bác sĩ quỳ xuống xin lỗi trước mặt người nhà bệnh nhân.",
    ],
)
def test_no_proposal_from_decisions_duties_and_private_senses(body):
    assert _proposals(body, PM) == []


def test_a_condition_in_front_belongs_to_the_proposal():
    found = _proposals(
        "Sở đang yêu cầu nhà thầu trình phương án thi công mới, nếu nhà thầu vẫn không trình được "
        "phương án khả thi thì sở đề xuất Bộ Giao thông vận tải chấm dứt hợp đồng.",
        ("Organization", "so-giao-thong-van-tai-tinh-kien-giang", "Sở Giao thông vận tải tỉnh Kiên Giang", "Sở"),
        MOT,
    )
    (proposal,) = found
    assert proposal.text.startswith("nếu nhà thầu vẫn không trình được")
    assert proposal.text.endswith("Bộ Giao thông vận tải chấm dứt hợp đồng")
    assert proposal.addressed_to == Ref("Organization", "bo-giao-thong-van-tai")


def test_a_request_to_the_government_with_can_stays_a_proposal_a_leaders_to_the_city_directs():
    doc = make_doc(
        "Ủy ban Tài chính - Ngân sách cũng đề nghị Chính phủ cần rút kinh nghiệm để không "
        "để chuyển số hoàn thuế sang năm sau. Chủ tịch Quốc hội tán thành các giải pháp "
        "đã nêu và đề nghị thành phố trong thời gian tới cần tập trung cải cách hành chính."
    )
    city = Entity("Province", "01", "Thành phố Hà Nội", ("Hà Nội",))
    hanoi = Entity("Organization", "ubnd-thanh-pho-ha-noi", "UBND thành phố Hà Nội", located_in=(city.ref,))
    entities = (_entity(doc, *GOV), hanoi, _entity(doc, "Role", "chu-tich-quoc-hoi", "Chủ tịch Quốc hội"))
    first, second = extract_statements(doc, PlaceContext((city,), city, None), entities)
    assert (first.kind, first.addressed_to) == ("Proposal", Ref("Organization", "chinh-phu"))
    assert first.text.startswith("Chính phủ cần rút kinh nghiệm")
    assert (second.kind, second.by, second.addressed_to) == ("Directive", Ref("Role", "chu-tich-quoc-hoi"), hanoi.ref)


def test_a_fronted_request_ends_where_the_speaker_s_clause_begins():
    (proposal,) = _proposals(
        "Đề nghị Liên đoàn Kinh tế Nhật Bản kêu gọi các doanh nghiệp thành viên đầu tư vào Việt Nam, "
        "Thủ tướng khuyến khích các nhà đầu tư tham gia cổ phần hóa doanh nghiệp nhà nước.",
        PM,
    )
    assert proposal.text == "Liên đoàn Kinh tế Nhật Bản kêu gọi các doanh nghiệp thành viên đầu tư vào Việt Nam"
    assert proposal.by == Ref("Role", "thu-tuong-chinh-phu")


def test_a_quotation_goes_on_into_the_next_sentence():
    found = _proposals(
        "Ông Châu cũng kiến nghị thêm rằng “Các chủ đầu tư vi phạm vẫn được tiếp tục xây dựng nhưng "
        "phải cam kết thực hiện đúng kết luận thanh tra. Riêng phần chênh lệch giá thì không thể bắt "
        "người mua nhà chịu, mà phải bắt nhà đầu tư chịu”. Hiệp hội có hơn 400 hội viên."
    )
    assert [s.text for s in found] == [
        "Các chủ đầu tư vi phạm vẫn được tiếp tục xây dựng nhưng phải cam kết thực hiện đúng kết luận thanh tra",
        "Riêng phần chênh lệch giá thì không thể bắt người mua nhà chịu, mà phải bắt nhà đầu tư chịu",
    ]


def test_a_caption_or_heading_run_into_the_sentence_ends_the_proposal():
    (proposal,) = _proposals(
        "Kiến nghị kiểm điểm việc chậm phân bổ 30.000 tỷ đồng vốn ODA Chiều 17/5, Ủy ban Tài chính - "
        "Ngân sách trình bày báo cáo thẩm tra quyết toán ngân sách nhà nước."
    )
    assert proposal.text == "kiểm điểm việc chậm phân bổ 30.000 tỷ đồng vốn ODA"


def test_this_body_is_the_last_proposer_and_the_city_is_its_committee():
    doc = make_doc(
        "Trước đó, Hiệp hội Bất động sản TP HCM kiến nghị UBND thành phố công bố rõ quy "
        "hoạch các khu đô thị mới; hoặc công khai lộ trình lên quận của các huyện ngoại "
        "thành. Đơn vị này cũng kiến nghị thành phố yêu cầu các nhà đầu tư sớm trình dự án "
        "để người dân hiểu rõ thông tin."
    )
    hcm = Entity("Province", "79", "Thành phố Hồ Chí Minh", ("Hồ Chí Minh", "TP HCM"))
    horea = _entity(doc, "Organization", "hiep-hoi-bat-dong-san-tp-hcm", "Hiệp hội Bất động sản TP HCM")
    ubnd = _entity(
        doc,
        "Organization",
        "ubnd-thanh-pho-ho-chi-minh",
        "UBND thành phố Hồ Chí Minh",
        "UBND thành phố",
        located_in=(hcm.ref,),
    )
    first, second = extract_statements(doc, PlaceContext((hcm,), hcm, None), (horea, ubnd))
    assert first.text.endswith("; hoặc công khai lộ trình lên quận của các huyện ngoại thành")
    assert second.text.startswith("thành phố yêu cầu các nhà đầu tư sớm trình dự án")
    assert first.by == second.by == horea.ref
    assert first.addressed_to == second.addressed_to == ubnd.ref


def test_a_bare_ministry_is_the_ministry_of_the_document():
    (proposal,) = _proposals(
        "Bộ Giáo dục và Đào tạo vừa làm việc với các trường. Hôm qua, những trường này đề nghị Bộ "
        "cho phép kéo dài thời gian xét tuyển nguyện vọng 3 đến hết tháng 9.",
        ("Organization", "bo-giao-duc-va-dao-tao", "Bộ Giáo dục và Đào tạo"),
    )
    assert proposal.addressed_to == Ref("Organization", "bo-giao-duc-va-dao-tao")
    assert proposal.text.startswith("Bộ cho phép kéo dài thời gian xét tuyển")


def test_kien_nghi_voi_names_the_addressee_and_a_restated_request_is_said_once():
    found = _proposals(
        "UBND tỉnh kiến nghị với Bộ Giao thông vận tải sớm bố trí vốn nâng cấp quốc lộ 63. Tại "
        "cuộc họp, UBND tỉnh kiến nghị với Bộ Giao thông vận tải sớm bố trí vốn nâng cấp quốc lộ 63.",
        MOT,
    )
    (proposal,) = found
    assert proposal.text == "Bộ Giao thông vận tải sớm bố trí vốn nâng cấp quốc lộ 63"
    assert proposal.addressed_to == Ref("Organization", "bo-giao-thong-van-tai")


def test_a_proposal_s_addressee_is_written_as_addressed_to():
    doc, entities, found = _read(
        "Bộ Giao thông vận tải kiến nghị Chính phủ dành một gói ngân sách riêng khoảng 70.000 tỷ "
        "đồng cho các dự án cao tốc Bắc - Nam.",
        MOT,
        GOV,
    )
    (proposal,) = found
    iris = Iris("http://kg.test/")
    graph = document_graph(doc, iris, Extraction(entities=entities, statements=found)).union()
    [node] = graph.subjects(RDF.type, KG.Proposal)
    assert graph.value(node, KG.addressedTo) == iris.entity("organization", "chinh-phu")
    assert graph.value(node, KG.proposedBy) == iris.entity("organization", "bo-giao-thong-van-tai")
    report = validate_graph(graph)
    assert report.conforms, [str(v) for v in report.violations]


def test_speakers_no_other_extractor_names():
    from kg.extract.speakers import speaker_entities

    doc = make_doc(
        "Hiệp hội Bất động sản TP.HCM (Horea) kiến nghị UBND thành phố công bố quy hoạch "
        "các khu đô thị mới. Horea cũng đề nghị thành phố giảm thủ tục cho nhà đầu tư. "
        "Ông Lê Hoàng Châu, Chủ tịch Horea, kiến nghị Chính phủ sửa đổi Luật Đất đai. "
        "Chủ nhiệm Ủy ban Đối ngoại Vũ Hải Hà đề nghị hai bên tăng cường trao đổi đoàn. "
        "Ông Nguyễn Văn Bình đi công tác nước ngoài."
    )
    found = {e.label: e for e in speaker_entities(doc, ())}
    assert set(found) == {"Hiệp hội Bất động sản TP.HCM", "Lê Hoàng Châu", "Ủy ban Đối ngoại"}
    horea = found["Hiệp hội Bất động sản TP.HCM"]
    assert horea.aliases == ("Horea",) and [m.text for m in horea.mentions] == [
        "Hiệp hội Bất động sản TP.HCM",
        "Horea",
        "Horea",
    ]
    assert found["Lê Hoàng Châu"].type == "Person"  # the one outside a request is not taken
    first, second, third, _ = extract_statements(doc, PlaceContext(), tuple(found.values()))
    assert first.by == second.by == horea.ref
    assert third.by == horea.ref  # "Ông …, Chủ tịch Horea, kiến nghị": the body its chairman speaks for


def test_a_count_of_solutions_is_no_proposal_and_dong_thoi_joins_two_actions():
    found = [
        s.text
        for s in _proposals(
            "Trước thách thức đó, Thủ tướng đã đề xuất ba nhóm giải pháp giải quyết vấn đề này. "
            "Sở VHTT đề nghị UBND thị xã Sơn Tây chỉ đạo đơn vị liên quan dừng thi công, đồng thời "
            "tổ chức hội nghị xin ý kiến chuyên ngành.",
            PM,
            ("Organization", "ubnd-thi-xa-son-tay", "UBND thị xã Sơn Tây"),
        )
    ]
    assert found == [
        "UBND thị xã Sơn Tây chỉ đạo đơn vị liên quan dừng thi công",
        "tổ chức hội nghị xin ý kiến chuyên ngành",
    ]


def test_a_wish_addressed_to_a_side_and_a_measure_named_by_its_action():
    found = [
        s.text
        for s in _proposals(
            "Thủ tướng nhấn mạnh Việt Nam quan tâm tới các kinh nghiệm; mong muốn phía Hà Lan tiếp tục "
            "hỗ trợ Việt Nam cập nhật Kế hoạch Đồng bằng sông Cửu Long; tăng cường hợp tác giữa Hà Nội "
            "và Amsterdam. Hiệp hội Nhà thầu đề xuất biện pháp cổ phần hóa đối với các DN kinh doanh ổn định "
            "và kiên quyết giải thể các đơn vị làm ăn thua lỗ.",
            PM,
            ("Organization", "hiep-hoi-nha-thau", "Hiệp hội Nhà thầu"),
        )
    ]
    assert found == [
        "phía Hà Lan tiếp tục hỗ trợ Việt Nam cập nhật Kế hoạch Đồng bằng sông Cửu Long",
        "tăng cường hợp tác giữa Hà Nội và Amsterdam",
        "biện pháp cổ phần hóa đối với các DN kinh doanh ổn định",
        "kiên quyết giải thể các đơn vị làm ăn thua lỗ",
    ]


# -- round 3 of the rules: with every extractor, as `kg extract` runs them ---------------------


def _read_proposals(body: str) -> list:
    from kg.extract import extract_document

    return [s for s in extract_document(make_doc(body)).statements if s.kind == "Proposal"]


def test_an_item_after_a_semicolon_opening_with_an_unlisted_verb_is_an_item():
    found = _read_proposals(
        "Theo đó, TAB đề xuất nâng cấp hệ thống trang web, tốc độ truy cập; chỉ sử dụng "
        "một tên miền ngắn gọn (như evisa.gov.vn) và công bố rộng rãi để du khách dễ tìm kiếm."
    )
    assert [s.text for s in found] == [
        "nâng cấp hệ thống trang web, tốc độ truy cập",
        "chỉ sử dụng một tên miền ngắn gọn (như evisa.gov.vn) và công bố rộng rãi để du khách dễ tìm kiếm",
    ]


def test_a_sentence_adding_what_is_also_needed_continues_the_request():
    found = _read_proposals(
        "Hiệp hội đề xuất nâng cấp hệ thống trang web cấp thị thực điện tử. Trên hệ thống "
        "cũng cần minh bạch các thông tin liên quan đến thị thực để khách dễ tra cứu."
    )
    assert [s.text for s in found][-1].startswith("Trên hệ thống cũng cần minh bạch các thông tin")
    assert (
        _read_proposals(
            "Hiệp hội đề xuất nâng cấp hệ thống trang web cấp thị thực điện tử. Ông Nam cho "
            "biết trên hệ thống cũng cần minh bạch các thông tin liên quan."
        )[-1].text
        == "nâng cấp hệ thống trang web cấp thị thực điện tử"
    )


def test_a_request_stops_where_but_tells_what_came_of_it_unless_it_answers_although():
    assert [
        s.text
        for s in _read_proposals(
            "Đơn vị này đã đề nghị điều chỉnh lộ giới hẻm 68 Trần Quang Khải nhưng vẫn chưa nhận được ý "
            "kiến cụ thể từ cơ quan chức năng."
        )
    ] == ["điều chỉnh lộ giới hẻm 68 Trần Quang Khải"]
    kept = _read_proposals(
        "Ông Châu kiến nghị các chủ đầu tư mặc dù vi phạm nhưng vẫn cho tiếp tục xây dựng "
        "với cam kết thực hiện đúng quy định."
    )
    assert kept and "nhưng vẫn cho tiếp tục xây dựng" in kept[0].text


def test_a_judgement_after_a_cue_is_not_a_request():
    assert _read_proposals("Các hộ kinh doanh cũng kiến nghị, việc trật tự vỉa hè, lòng đường là tốt.") == []


def test_items_announced_then_enumerated_after_a_remark_are_each_a_proposal():
    found = _read_proposals(
        "Trước thách thức đó, Thủ tướng đã đề xuất ba nhóm giải pháp giải quyết vấn đề này. "
        "Thủ tướng cho rằng, cần duy trì môi trường hòa bình. Hai là tập trung giải quyết các "
        "khác biệt nội tại khu vực. Ba là thúc đẩy hợp tác tìm kiếm giải pháp lâu dài."
    )
    assert [s.text for s in found] == [
        "tập trung giải quyết các khác biệt nội tại khu vực",
        "thúc đẩy hợp tác tìm kiếm giải pháp lâu dài",
    ]
    assert (
        _read_proposals(
            "Thủ tướng đã đề xuất ba nhóm giải pháp. Trận đấu diễn ra sôi nổi. Khán giả rất đông. Hai là đội bạn thắng."
        )
        == []
    )


def test_a_department_asking_a_district_proposes_and_an_unknown_body_is_not_the_city():
    found = _read_proposals(
        "Sở VHTT Hà Nội đề nghị UBND thị xã Sơn Tây chỉ đạo đơn vị liên quan dừng thi "
        "công, đồng thời tổ chức hội nghị xin ý kiến chuyên ngành."
    )
    assert [s.text for s in found] == [
        "UBND thị xã Sơn Tây chỉ đạo đơn vị liên quan dừng thi công",
        "tổ chức hội nghị xin ý kiến chuyên ngành",
    ]
    assert all(s.by is None or "ubnd" not in s.by.key for s in found)
    ordered = _read_proposals("Sở Văn hóa và Thể thao Hà Nội đề nghị UBND thị xã Sơn Tây dừng thi công ngay.")
    assert [s.kind for s in ordered] == ["Proposal"]


def test_a_list_verb_without_its_object_shares_the_next_object():
    found = _read_proposals(
        "Hai bên nhất trí đề nghị Chính phủ hai nước tiếp tục rà soát, ký mới các văn kiện hợp tác giữa hai Quốc hội."
    )
    assert len(found) == 1 and found[0].text.endswith("ký mới các văn kiện hợp tác giữa hai Quốc hội")


def test_asking_a_minister_to_tell_is_a_question_not_a_proposal():
    assert (
        _read_proposals(
            "Đại biểu Phạm Đình Cúc đề nghị Bộ trưởng cho biết nguyên nhân và trách nhiệm của Bộ trưởng về vấn đề này."
        )
        == []
    )
    assert [
        s.text
        for s in _read_proposals("Cử tri đề nghị Bộ Giao thông vận tải trả lời cử tri về tiến độ nâng cấp quốc lộ 1.")
    ] == ["Bộ Giao thông vận tải trả lời cử tri về tiến độ nâng cấp quốc lộ 1"]


def test_a_photo_enlarge_prompt_run_into_the_text_ends_the_request():
    found = _read_proposals(
        "Bộ đề nghị thực hiện phân loại dự án theo tiêu chí về môi trường - 2Nhấn để "
        "phóng to ảnh Hội nghị diễn ra sáng qua."
    )
    assert [s.text for s in found] == ["thực hiện phân loại dự án theo tiêu chí về môi trường"]


def test_a_request_about_a_bridge_or_an_airport_is_about_transport():
    from kg.extract import extract_document

    doc = make_doc(
        "UBND tỉnh kiến nghị Bộ Giao thông vận tải sớm bố trí vốn cho cầu Rạch Miễu 2 để hoàn thành đúng hạn."
    )
    found = [s for s in extract_document(doc).statements if s.kind == "Proposal"]
    assert found and "transport" in found[0].topics


def test_a_list_after_a_wish_goes_on_past_items_that_open_with_a_noun():
    found = _read_proposals(
        "Thủ tướng mong muốn phía Hà Lan tiếp tục hỗ trợ Việt Nam cập nhật Kế hoạch Đồng bằng sông Cửu Long; "
        "tăng cường hợp tác giữa Hà Nội và Amsterdam; quy hoạch tài nguyên nước lưu vực sông Hồng; giúp Việt "
        "Nam tiếp cận các nguồn tài chính hợp lý."
    )
    assert [s.text for s in found][-2:] == [
        "quy hoạch tài nguyên nước lưu vực sông Hồng",
        "giúp Việt Nam tiếp cận các nguồn tài chính hợp lý",
    ]
    stopped = _read_proposals(
        "Hiệp hội đề nghị Bộ Tài chính giảm thuế cho doanh nghiệp nhỏ; nhiều doanh "
        "nghiệp đã phải đóng cửa trong năm qua."
    )
    assert [s.text for s in stopped] == ["Bộ Tài chính giảm thuế cho doanh nghiệp nhỏ"]


def test_a_request_named_by_its_document_is_a_request_up_to_who_speaks():
    found = _read_proposals(
        "Trong bản kiến nghị Chính phủ và Bộ Tài chính nâng hạn mức doanh thu đánh thuế "
        "cho thuê nhà lên 200 triệu đồng một năm, Hiệp hội Bất động sản TP HCM cho biết "
        "nhiều chung cư cho thuê bị trả lại."
    )
    assert [s.text for s in found] == [
        "Chính phủ và Bộ Tài chính nâng hạn mức doanh thu đánh thuế cho thuê nhà lên 200 triệu đồng một năm"
    ]
    assert _read_proposals("Các bản kiến nghị của cử tri đã được tổng hợp gửi Quốc hội.") == []


# -- round 4 of the rules: measures listed in the sentences after a request --------------------


def test_measures_listed_after_a_request_without_a_cue_are_each_a_proposal():
    found = _read_proposals(
        "Sở Công thương đề xuất tổ chức tuyên truyền cho người dân về các sản phẩm thủy sản an toàn. "
        "Nhanh chóng tìm địa điểm tập trung kinh doanh cá sống ở ngoại thành. Các chợ này có công suất lớn. "
        "Duy trì tạm thời các điểm bán ở vùng ven đủ điều kiện vệ sinh. Ngoài ra, hoàn thiện tiêu chuẩn "
        "định mức về kho lạnh vì hiện nhiều tiêu chuẩn chưa được ban hành."
    )
    assert [s.text for s in found] == [
        "tổ chức tuyên truyền cho người dân về các sản phẩm thủy sản an toàn",
        "Nhanh chóng tìm địa điểm tập trung kinh doanh cá sống ở ngoại thành",
        "Duy trì tạm thời các điểm bán ở vùng ven đủ điều kiện vệ sinh",
        "hoàn thiện tiêu chuẩn định mức về kho lạnh",
    ]  # the reason after "vì" is no part of it
    assert len({s.by for s in found}) == 1


@pytest.mark.parametrize(
    "after",
    [
        "Phối hợp với lực lượng chức năng xử lý vi phạm",  # a heading: no full stop
        "Hoạt động nuôi tôm của công ty gây ô nhiễm nghiêm trọng.",  # a verb as a noun
        "Phát triển du lịch là hướng đi đúng của tỉnh.",  # the sentence's subject
        "Xem thêm: Nỗi khổ của người làm du lịch.",
        "Trận đấu diễn ra sôi nổi. Khán giả rất đông. Tăng cường lực lượng bảo vệ sân vận động.",  # too far
    ],
)
def test_what_follows_a_request_without_being_a_measure_of_it(after):
    found = _read_proposals(
        f"Sở Công thương đề xuất tổ chức tuyên truyền cho người dân về các sản phẩm an toàn. {after}"
    )
    assert [s.text for s in found] == ["tổ chức tuyên truyền cho người dân về các sản phẩm an toàn"]


def test_no_split_inside_brackets_or_after_ve_viec_nor_at_an_ordinal():
    found = _read_proposals(
        "Sở đề xuất cho phép nhập sản phẩm gia cầm từ các tỉnh cho hệ thống siêu thị "
        "(sau khi được cơ quan thú y kiểm tra và thông qua hợp đồng trách nhiệm)."
    )
    assert len(found) == 1 and found[0].text.endswith("thông qua hợp đồng trách nhiệm)")
    found = _read_proposals(
        "UBND thành phố đề nghị Công an thành phố làm rõ sai phạm của chủ đầu tư về việc "
        "thế chấp chung cư và bán căn hộ cho người dân."
    )
    assert len(found) == 1 and found[0].text.endswith("bán căn hộ cho người dân")
    found = _read_proposals(
        "Hiệp hội đề nghị trước hết các bên gặp nhau lần thứ hai để bàn kế hoạch hành động trong thời gian tới."
    )
    assert [s.text for s in found] == [
        "trước hết các bên gặp nhau lần thứ hai để bàn kế hoạch hành động trong thời gian tới"
    ]


def test_a_duty_to_propose_is_no_proposal_and_a_letter_sent_to_propose_is():
    assert (
        _read_proposals(
            "Chủ tịch giao Sở Thương mại trong 10 ngày phải đề xuất giải pháp tiêu thụ gia cầm cho thành phố."
        )
        == []
    )
    found = _read_proposals(
        "Công ty Môi trường Xanh đã gửi công văn tới UBND TP để đề xuất tài trợ miễn "
        "phí thí điểm xử lý mùi của bãi rác."
    )
    assert [s.text for s in found] == ["tài trợ miễn phí thí điểm xử lý mùi của bãi rác"]


def test_a_sentence_spelling_out_what_the_request_obliges_goes_on_with_it():
    found = _read_proposals(
        "Ngân hàng đề nghị chủ đầu tư làm việc với người mua nhà để chuyển đủ số tiền còn thiếu. Sau khi "
        "ngân hàng giải chấp xong thì chủ đầu tư phải thế chấp lại các phần tài sản khác của chung cư."
    )
    assert [s.text for s in found][-1].startswith("Sau khi ngân hàng giải chấp xong thì chủ đầu tư phải")
    for after in (
        "Ông Nam cho biết chủ đầu tư phải thế chấp lại các tài sản khác.",  # reported
        "Bộ trưởng chỉ đạo các tỉnh phải phun thuốc tiêu độc ngay tuần sau.",  # a directive's verb
        "“Bán hàng cũng phải có chỗ để xe cho khách chứ.",
    ):  # a quotation of someone else
        found = _read_proposals(
            f"Ngân hàng đề nghị chủ đầu tư làm việc với người mua nhà để chuyển đủ số tiền còn thiếu. {after}"
        )
        assert [s.text for s in found] == ["chủ đầu tư làm việc với người mua nhà để chuyển đủ số tiền còn thiếu"], (
            after
        )


def test_two_bodies_asking_the_same_in_the_same_words_are_two_proposals():
    found = _read_proposals(
        "Bộ Tài chính đề nghị thực hiện theo phương án 2. Bộ Kế hoạch và Đầu tư cũng "
        "đề nghị thực hiện theo phương án 2."
    )
    assert [s.text for s in found] == ["thực hiện theo phương án 2"] * 2
    assert len({s.by for s in found}) == 2


def test_lists_that_are_no_requests_stay_inside_their_item():
    found = _read_proposals(
        "Hiệp hội đề nghị các nước giải quyết các khác biệt trong khu vực trên cơ sở bình "
        "đẳng, tôn trọng lẫn nhau, tôn trọng luật pháp quốc tế."
    )
    assert len(found) == 1 and found[0].text.endswith("tôn trọng luật pháp quốc tế")
    found = _read_proposals(
        "Thủ tướng đề nghị Chính phủ Hà Lan hỗ trợ chống sạt lở, chống xâm nhập mặn và "
        "nước biển dâng ở Đồng bằng sông Cửu Long."
    )
    assert len(found) == 1 and found[0].text.endswith("ở Đồng bằng sông Cửu Long")


def test_requests_told_of_in_passing():
    assert _read_proposals("Quận Thủ Đức đã đề nghị nhiều lần vẫn chưa thấy thành phố xử lý.") == []
    found = _read_proposals(
        "Trong 126 mặt hàng mà Bảo hiểm xã hội tỉnh đề nghị thương thảo lại giá, chỉ 2 "
        "mặt hàng được tham khảo bằng phương thức báo giá."
    )
    assert [s.text for s in found] == ["thương thảo lại giá"]
    found = _read_proposals("Ngày 29.6, Sở Y tế gửi 18 nhà thầu văn bản đề nghị xem xét lại giá đã trúng thầu.")
    assert [s.text for s in found] == ["xem xét lại giá đã trúng thầu"]


def test_a_second_wish_after_va_dac_biet_is_a_request_of_its_own():
    found = _read_proposals(
        "Thủ tướng đề nghị Chính phủ Hà Lan khuyến khích doanh nghiệp của mình đầu tư nhiều "
        "hơn ở Việt Nam và đặc biệt mong Chính phủ Hà Lan hỗ trợ chống xâm nhập mặn ở miền Trung."
    )
    assert [s.text for s in found] == [
        "Chính phủ Hà Lan khuyến khích doanh nghiệp của mình đầu tư nhiều hơn ở Việt Nam",
        "Chính phủ Hà Lan hỗ trợ chống xâm nhập mặn ở miền Trung",
    ]


@pytest.mark.parametrize(
    "after",
    [
        "Thêm giấy chứng nhận thì sẽ phải thêm thủ tục, người dân mất thời gian.",
        "Khi cấp, bên xây dựng lại phải đo đạc một lần nữa, vừa mất sức mất công.",
        "Các bác sĩ đã làm chủ kỹ thuật nhưng đến nay buộc phải ngừng vì thiếu máy.",
        "Đồng thời sẽ kêu gọi doanh nghiệp khác đến đầu tư tại khu du lịch trên.",
    ],
)
def test_a_complaint_or_an_announcement_after_a_request_does_not_go_on_with_it(after):
    found = _read_proposals(f"Cử tri kiến nghị Quốc hội giám sát tối cao về an toàn vệ sinh thực phẩm. {after}")
    assert [s.text for s in found] == ["Quốc hội giám sát tối cao về an toàn vệ sinh thực phẩm"]


def test_a_request_about_the_work_the_title_names_is_about_its_kind():
    from kg.extract import extract_document

    def topics(title, body):
        found = [s for s in extract_document(make_doc(body, title)).statements if s.kind == "Proposal"]
        return found[0].topics if found else None

    body = (
        "Văn phòng Chính phủ đề nghị chủ đầu tư báo cáo lại Thủ tướng về sự cần thiết phải triển khai "
        "dự án và năng lực tài chính."
    )
    assert "infrastructure" in topics("VTV xin rút khỏi dự án Tháp truyền hình cao nhất thế giới", body)
    assert "transport" in topics("Cây cầu dài 100 m vẫn dở dang sau 6 năm", body)
    assert not any(t in ("infrastructure", "transport") for t in topics("Đáp ứng nhu cầu vốn cho doanh nghiệp", body))
    assert "infrastructure" not in topics("Chủ đầu tư chung cư Rubyland bị đề nghị điều tra", body)  # homes


def test_a_clause_describing_the_object_is_no_item_and_vi_vay_ma_is_no_relative_clause():
    found = _read_proposals(
        "Chủ tịch Quốc hội mong Quốc hội Hoa Kỳ ủng hộ việc bãi bỏ chương trình giám sát cá "
        "da trơn, vốn tạo ra rào cản kỹ thuật quá mức cho sản phẩm này."
    )
    assert len(found) == 1 and found[0].text.endswith("rào cản kỹ thuật quá mức cho sản phẩm này")
    found = _read_proposals(
        "Chính vì vậy mà Ủy ban Thường vụ Quốc hội đề nghị Quốc hội ủng hộ lập Ban chỉ đạo, "
        "do Thủ tướng Chính phủ đứng đầu."
    )
    assert len(found) == 1 and found[0].text.endswith("do Thủ tướng Chính phủ đứng đầu")


def test_recommending_prosecution_is_criminal_procedure_not_a_proposal():
    assert (
        _read_proposals(
            "Khi có tố giác, tin báo về tội phạm, kiến nghị khởi tố hoặc có tin báo về vi phạm "
            "pháp luật, cơ quan quản lý thông tin cho cảnh sát để phối hợp; phối hợp kiểm tra "
            "việc chấp hành quy định của pháp luật."
        )
        == []
    )


@pytest.mark.parametrize(
    ("body", "specs", "text"),
    [
        # a letter that asks, with the verb right after it
        (
            "Bộ Tài chính đã có công văn đề nghị sửa đổi quy định về phí bảo trì đường bộ đối với xe máy.",
            [("Organization", "bo-tai-chinh", "Bộ Tài chính")],
            "sửa đổi quy định về phí bảo trì đường bộ đối với xe máy",
        ),
        # an ordinal is no count, a ward's number no count either
        (
            "Nhóm ý kiến thứ ba đề nghị làm rõ nguồn vốn cho tuyến đường sắt đô thị số 2.",
            [],
            "làm rõ nguồn vốn cho tuyến đường sắt đô thị số 2",
        ),
        (
            "Vì vậy, phường 7 kiến nghị UBND quận sớm nạo vét kênh thoát nước trên địa bàn.",
            [("Organization", "ubnd-quan", "UBND quận")],
            "UBND quận sớm nạo vét kênh thoát nước trên địa bàn",
        ),
        # a role before the verb and a comma after it
        (
            "Tuy vậy, Bộ trưởng đề nghị, việc mở rộng sân bay phải bảo đảm đúng quy hoạch được duyệt.",
            [],
            "việc mở rộng sân bay phải bảo đảm đúng quy hoạch được duyệt",
        ),
        # an association addressing "các cơ quan" asks, it does not direct
        (
            "Hiệp hội Vận tải đề nghị các cơ quan chức năng xem xét giảm phí qua trạm BOT cho xe tải.",
            [("Organization", "hiep-hoi-van-tai", "Hiệp hội Vận tải")],
            "các cơ quan chức năng xem xét giảm phí qua trạm BOT cho xe tải",
        ),
        # an application sent to the authorities, then xin
        (
            "Công ty đã làm đơn gửi UBND huyện và các ngành chức năng xin được chuyển mục đích sử dụng khu đất.",
            [("Organization", "ubnd-huyen", "UBND huyện")],
            "được chuyển mục đích sử dụng khu đất",
        ),
    ],
)
def test_requests_the_noun_readings_used_to_hide(body, specs, text):
    assert [s.text for s in _proposals(body, *specs)] == [text]


def test_a_request_to_the_body_that_should_direct_keeps_the_directive_inside():
    found = _read(
        "Bộ trưởng Trần Văn An kiến nghị, trước mắt, Chính phủ chỉ đạo UBND tỉnh Cà Mau hỗ trợ tái định cư "
        "cho người dân vùng sạt lở.",
        ("Role", "bo-truong", "Bộ trưởng Trần Văn An"),
        GOV,
        ("Organization", "ubnd-tinh-ca-mau", "UBND tỉnh Cà Mau"),
    )[2]
    assert [(s.kind, s.text) for s in found] == [
        ("Proposal", "trước mắt, Chính phủ chỉ đạo UBND tỉnh Cà Mau hỗ trợ tái định cư cho người dân vùng sạt lở")
    ]


def test_a_list_announced_with_its_count_is_read_from_the_next_sentences():
    found = _proposals(
        "Tại hội thảo, Hội đồng tư vấn đưa ra 3 nhóm đề xuất. Cụ thể là cho phép thành phố tự phê duyệt "
        "quy hoạch các nhà ga. Thành phố được giữ lại nguồn thu từ đấu giá đất quanh nhà ga; được phát "
        "hành trái phiếu để làm đường sắt đô thị. Các đại biểu đánh giá cao các đề xuất này.",
        ("Organization", "hoi-dong-tu-van", "Hội đồng tư vấn"),
    )
    assert [s.text for s in found] == [
        "cho phép thành phố tự phê duyệt quy hoạch các nhà ga",
        "Thành phố được giữ lại nguồn thu từ đấu giá đất quanh nhà ga",
        "được phát hành trái phiếu để làm đường sắt đô thị",
    ]
    assert {s.by for s in found} == {Ref("Organization", "hoi-dong-tu-van")}


def test_a_list_inside_an_item_is_not_cut_at_its_semicolons_and_a_bare_can_goes_on():
    found = _proposals(
        "Sở Văn hóa đề nghị UBND TP cho tổ chức lễ hội ở quảng trường ba lần trong năm, vào các dịp: "
        "Tết Nguyên đán; lễ 30-4; Quốc khánh 2-9. Trong quá trình tổ chức, cần bảo đảm an toàn giao thông "
        "quanh quảng trường.",
        ("Organization", "so-van-hoa", "Sở Văn hóa"),
        ("Organization", "ubnd-tp", "UBND TP"),
    )
    assert [s.text for s in found] == [
        "UBND TP cho tổ chức lễ hội ở quảng trường ba lần trong năm, vào các dịp: Tết Nguyên đán; lễ 30-4; "
        "Quốc khánh 2-9",
        "Trong quá trình tổ chức, cần bảo đảm an toàn giao thông quanh quảng trường",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Do yêu cầu phát triển hội chợ, công viên được cải tạo lại trong năm nay.",
        "Có 5 kiến nghị được cử tri gửi tới kỳ họp lần này.",
    ],
)
def test_nouns_still_ask_nothing(body):
    assert _read(body, PM)[2] == ()


def test_a_reason_ends_the_request_and_dong_thoi_khong_de_is_a_request_of_its_own():
    found = _proposals(
        "Ông Hải đề nghị UBND quận cho phép dùng bãi đất trống ở phường 4 làm nơi đỗ xe du lịch vì hiện nay, "
        "mỗi ngày có hàng trăm xe dừng đón khách trên phố. Bà Mai đề nghị Bộ Xây dựng dừng cấp phép khai thác "
        "cát trên sông Tiền để giữ cát cho các công trình trọng điểm, như cao tốc Trung Lương, đồng thời không "
        "để giá cát tăng đột biến.",
        ("Organization", "ubnd-quan", "UBND quận"),
        ("Organization", "bo-xay-dung", "Bộ Xây dựng"),
    )
    assert [s.text for s in found] == [
        "UBND quận cho phép dùng bãi đất trống ở phường 4 làm nơi đỗ xe du lịch",
        "Bộ Xây dựng dừng cấp phép khai thác cát trên sông Tiền để giữ cát cho các công trình trọng điểm, "
        "như cao tốc Trung Lương",
        "không để giá cát tăng đột biến",
    ]


def test_a_sentence_that_adds_to_a_request_with_ben_canh_thi():
    found = _proposals(
        "Chủ tịch UBND tỉnh đề xuất Chính phủ bổ sung vốn cho các dự án kè chống sạt lở ven biển. Bên cạnh "
        "việc ưu tiên vốn thì Chính phủ cho phép tỉnh tăng hạn mức vay; áp dụng cơ chế cấp phát toàn bộ vốn "
        "ODA cho các dự án đê biển. Đoàn công tác ghi nhận các ý kiến.",
        ("Role", "chu-tich-ubnd-tinh", "Chủ tịch UBND tỉnh"),
        GOV,
    )
    assert [s.text for s in found] == [
        "Chính phủ bổ sung vốn cho các dự án kè chống sạt lở ven biển",
        "Chính phủ cho phép tỉnh tăng hạn mức vay",
        "áp dụng cơ chế cấp phát toàn bộ vốn ODA cho các dự án đê biển",
    ]
    assert {s.by for s in found} == {Ref("Role", "chu-tich-ubnd-tinh")}


def test_an_application_that_asks_someone_be_allowed():
    found = _proposals(
        "Gia đình các bệnh nhân cũng viết đơn kiến nghị cho bác sĩ Hùng được tại ngoại trong thời gian điều tra.",
    )
    assert [s.text for s in found] == ["bác sĩ Hùng được tại ngoại trong thời gian điều tra"]


def test_va_after_viec_and_a_verb_goes_on_with_what_viec_names_and_do_gives_a_reason():
    found = _proposals(
        "Sở Xây dựng đề nghị UBND quận phải đẩy nhanh việc thực hiện các dự án nhà ở và đầu tư hạ tầng "
        "do hiện trạng đang được đầu tư manh mún.",
        ("Organization", "so-xay-dung", "Sở Xây dựng"),
        ("Organization", "ubnd-quan", "UBND quận"),
    )
    assert [s.text for s in found] == ["UBND quận phải đẩy nhanh việc thực hiện các dự án nhà ở và đầu tư hạ tầng"]


def test_time_clauses_with_their_main_clause_and_lists_of_documents():
    # "khi …, thì X kiến nghị": the time clause has its main clause; "ngay cả khi": even though
    found = _proposals(
        "Khi người dân đang xây nhà thì cuối năm 2014 Sở Tài nguyên và Môi trường lại có văn bản kiến nghị "
        "thu hồi khu đất này với tổng diện tích gần 90.000m2. Ngay cả khi dự thảo luật đã đề xuất tăng mức "
        "trợ cấp hưu trí xã hội lên 500.000 đồng thì cũng khó đủ sống.",
        ("Organization", "so-tai-nguyen-va-moi-truong", "Sở Tài nguyên và Môi trường"),
    )
    assert [s.text for s in found] == [
        "thu hồi khu đất này với tổng diện tích gần 90.000m2",
        "tăng mức trợ cấp hưu trí xã hội lên 500.000 đồng",
    ]
    # the reports a session will hear are no requests
    found = _proposals(
        "Chủ tịch Quốc hội đề nghị các cơ quan hoàn thiện các báo cáo trình Quốc hội: về quyết toán ngân "
        "sách năm 2015; dự án Luật sửa đổi Bộ luật Hình sự; về việc tách dự án thành phần.",
    )
    assert len(found) <= 1


def test_cần_thiết_phải_goes_on_with_the_request_before():
    found = _proposals(
        "UBND quận kiến nghị Thành ủy chỉ đạo rà soát các dự án ven biển. Cần thiết phải có biện pháp sớm "
        "khắc phục sạt lở tại các vị trí xung yếu.",
        ("Organization", "ubnd-quan", "UBND quận"),
        ("Organization", "thanh-uy", "Thành ủy"),
    )
    assert [s.text for s in found][-1] == "Cần thiết phải có biện pháp sớm khắc phục sạt lở tại các vị trí xung yếu"


def test_a_speaker_named_earlier_in_the_sentence_or_in_the_sentence_before_proposes():
    hanh = ("Role", "giam-doc-so-xay-dung", "Giám đốc Sở Xây dựng")
    found = _proposals(
        "Giám đốc Sở Xây dựng cho biết thành phố đang thiếu quỹ đất, vì thế tại cuộc họp đã đề nghị UBND TP "
        "bố trí thêm đất cho nhà ở xã hội. Đồng thời, ngành sẽ đề xuất Bộ Xây dựng sửa quy định về "
        "diện tích căn hộ tối thiểu.",
        hanh,
        ("Organization", "ubnd-tp", "UBND TP"),
        ("Organization", "bo-xay-dung", "Bộ Xây dựng"),
    )
    assert [s.text for s in found] == [
        "UBND TP bố trí thêm đất cho nhà ở xã hội",
        "Bộ Xây dựng sửa quy định về diện tích căn hộ tối thiểu",
    ]
    assert {s.by for s in found} == {Ref("Role", "giam-doc-so-xay-dung")}


def test_a_role_named_without_its_holder_proposes_as_the_person_last_named_with_it():
    person = ("Person", "nguyen-xuan-phuc", "Nguyễn Xuân Phúc")
    found = _proposals(
        "Thủ tướng Chính phủ Nguyễn Xuân Phúc đã tiếp Bộ trưởng Thương mại Hoa Kỳ. "
        "Tại buổi tiếp, Thủ tướng đề nghị Bộ Thương mại Hoa Kỳ sớm công nhận quy chế kinh tế thị trường cho Việt Nam.",
        ("Role", "thu-tuong-chinh-phu", "Thủ tướng Chính phủ"),
        person,
    )
    assert [(s.text, s.by) for s in found] == [
        ("Bộ Thương mại Hoa Kỳ sớm công nhận quy chế kinh tế thị trường cho Việt Nam", Ref(*person[:2]))
    ]


def test_a_ministry_asks_the_provinces_and_the_government_orders_them():
    body = "Bộ NN&PTNT đề nghị UBND các tỉnh ven biển chỉ đạo cơ quan chức năng thông báo cho ngư dân biết."
    mard = ("Organization", "bo-nn-ptnt", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ NN&PTNT")
    assert [(s.kind, s.text) for s in _read(body, mard)[2]] == [
        ("Proposal", "UBND các tỉnh ven biển chỉ đạo cơ quan chức năng thông báo cho ngư dân biết")
    ]
    ordered = _read(body.replace("Bộ NN&PTNT", "Chính phủ"), GOV)[2]
    assert [s.kind for s in ordered] == ["Directive"]


def test_a_sentence_opening_on_a_directive_verb_after_a_recommendation_is_its_next_item():
    mof = ("Organization", "bo-tai-chinh", "Bộ Tài chính")
    found = _read(
        "Căn cứ kết quả thanh tra, Bộ Tài chính kiến nghị UBND tỉnh Lạng Sơn chỉ đạo rà soát các dự án chậm tiến độ. "
        "Chỉ đạo các cơ quan của tỉnh điều chỉnh giá tính thuế tài nguyên.",
        mof,
        ("Organization", "ubnd-tinh-lang-son", "UBND tỉnh Lạng Sơn"),
    )[2]
    assert [(s.kind, s.by) for s in found] == [("Proposal", Ref(*mof[:2]))] * 2
    assert found[1].text == "các cơ quan của tỉnh điều chỉnh giá tính thuế tài nguyên"


def test_an_application_asks_for_what_its_verb_says_but_counted_applications_ask_nothing():
    found = _proposals(
        "Năm 1982, ông Trần Thanh Bình có đơn đề nghị mượn 3 công đất để sản xuất. "
        "Đến năm 1999 ông Bình có đơn xin cấp giấy chứng nhận quyền sử dụng đất vườn. "
        "Số đơn xin cấp bằng sáng chế của các viện đã tăng lên nhanh chóng.",
        ("Person", "tran-thanh-binh", "Trần Thanh Bình"),
    )
    assert [s.text for s in found] == [
        "mượn 3 công đất để sản xuất",
        "cấp giấy chứng nhận quyền sử dụng đất vườn",
    ]


def test_a_request_attributed_first_is_the_rest_of_the_sentence_by_whom_cua_names():
    city = ("Organization", "thanh-uy-ha-noi", "Thành ủy Hà Nội", "lãnh đạo thành phố")
    found = _read(
        "Cũng theo yêu cầu của lãnh đạo thành phố, trong tháng 9/2017, quận Tây Hồ phải hoàn thành việc rà soát "
        "tình hình dân cư. Các khoản vay được cấp theo đề nghị của Ngân hàng Nhà nước, trừ phương án phá sản.",
        city,
    )[2]
    assert [(s.kind, s.by, s.text) for s in found] == [
        (
            "Directive",
            Ref(*city[:2]),
            "trong tháng 9/2017, quận Tây Hồ phải hoàn thành việc rà soát tình hình dân cư",
        )
    ]
