"""Tests for kg.extract.statements: proposals and directives, split into items.

The entities other extractors would find are built by hand here, from the mentions of their
names in the text, so these tests depend on this module only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.document import prepare
from kg.embeddings import HashEncoder
from kg.extract.model import Entity, PlaceContext, Ref
from kg.extract.spans import span
from kg.extract.statements import embedding_text, extract_statements
from kg.extract.topics import broader_closure
from kg.reader import RawDocument, read_file

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "000_21c30ca8b6a13368.txt"
DEMO = ROOT / "kg" / "data" / "demo" / SEED.name


def _entity(doc, type_, key, label, *surfaces, after=None, **fields) -> Entity:
    """An entity mentioned wherever a surface occurs (only after the text ``after``, if given)."""
    mentions, start = [], doc.text.find(after) if after else 0
    for surface in surfaces:
        at = doc.text.find(surface, start)
        while at >= 0:
            mentions.append(span(doc, at, at + len(surface)))
            at = doc.text.find(surface, at + 1)
    return Entity(type_, key, label, mentions=tuple(sorted(mentions)), **fields)


def _doc(body: str, title: str = "Tin địa phương"):
    return prepare(RawDocument("test.txt", "test.txt", "text", title, body))


@pytest.fixture(scope="module")
def seed():
    doc = prepare(next(read_file(SEED if SEED.is_file() else DEMO, 10**7)))
    province = _entity(doc, "Province", "19", "Tỉnh Thái Nguyên", "tỉnh Thái Nguyên", aliases=("Thái Nguyên",))
    city = _entity(
        doc, "City", "165", "Thành phố Sông Công", "TP Sông Công", aliases=("Sông Công",), located_in=(province.ref,)
    )
    entities = (
        province,
        city,
        _entity(doc, "IndustrialPark", "kcn-song-cong-2", "KCN Sông Công 2", "Sông Công 2"),
        _entity(doc, "IndustrialPark", "kcn-song-cong-1", "KCN Sông Công 1", "KCN Sông Công 1"),
        _entity(doc, "Road", "vanh-dai-5", "Vành đai 5", "đường vành đai 5"),
        _entity(doc, "Road", "dt-262", "ĐT262", "đường tỉnh 262"),
        _entity(doc, "Organization", "thanh-uy-song-cong", "Thành ủy Sông Công", "Thành ủy đã"),
        _entity(
            doc,
            "Organization",
            "ban-thuong-vu-thanh-uy-song-cong",
            "Ban Thường vụ Thành ủy Sông Công",
            "Ban Thường vụ Thành ủy",
            after="Đồng chí yêu",
        ),
        _entity(
            doc,
            "Role",
            "chu-tich-ubnd-tinh-thai-nguyen",
            "Chủ tịch UBND tỉnh Thái Nguyên",
            "Chủ tịch UBND tỉnh",
            after="Đánh giá cao",
        ),
    )
    return doc, PlaceContext((province, city), province, city), entities


def _seed_statements(seed, encoder=None):
    doc, context, entities = seed
    return extract_statements(doc, context, entities, encoder=encoder)


@pytest.mark.parametrize("encoder", [None, HashEncoder()], ids=["keywords", "hash-encoder"])
def test_seed_proposals_one_per_item(seed, encoder):
    proposals = [s for s in _seed_statements(seed, encoder) if s.kind == "Proposal"]
    assert [s.text.split()[:4] for s in proposals] == [
        ["tiến", "độ", "xây", "dựng"],
        ["rà", "soát,", "điều", "chỉnh"],
        ["hỗ", "trợ", "đẩy", "nhanh"],
        ["đầu", "tư", "xây", "dựng"],
        ["nâng", "cấp", "cải", "tạo"],
    ]
    assert proposals[0].text.endswith("thu hút đầu tư vào Sông Công 2")
    assert [[r.key for r in s.concerns if r.type != "City"] for s in proposals] == [
        ["kcn-song-cong-2"],
        ["kcn-song-cong-1"],
        [],
        ["vanh-dai-5"],
        ["dt-262"],
    ]
    infrastructure = [any("infrastructure" in broader_closure(t) for t in s.topics) for s in proposals]
    assert infrastructure[0] and infrastructure[3] and infrastructure[4]
    assert not infrastructure[2] and "tourism" in proposals[2].topics
    # "những đề xuất, kiến nghị của địa phương": the city's body, its party committee here
    assert {s.by for s in proposals} == {Ref("Organization", "thanh-uy-song-cong")}
    doc = seed[0]
    assert all(doc.text[s.evidence.start : s.evidence.end] == s.text for s in proposals)


def test_seed_directives_and_their_continuation(seed):
    directives = [s for s in _seed_statements(seed) if s.kind == "Directive"]
    chair = Ref("Role", "chu-tich-ubnd-tinh-thai-nguyen")
    assert [s.text.split(",")[0] for s in directives] == [
        "Ban Thường vụ Thành ủy cần tập trung lãnh đạo hoàn thành vượt mức các chỉ tiêu phát "
        "triển của năm 2020 và trong cả nhiệm kỳ",
        "Đối với chỉ tiêu thành phần chưa đạt",
        "Thành phố cũng cần tập trung chăm lo đời sống vật chất và tinh thần cho nhân dân trên địa bàn vui xuân",
        "Đối với công tác chuẩn bị tổ chức Đại hội điểm Đảng bộ cấp xã tại Đảng bộ phường Mỏ Chè",
    ]
    assert all(s.by == chair for s in directives)  # "Đồng chí" refers back to the chairman
    assert directives[0].addressed_to == Ref("Organization", "ban-thuong-vu-thanh-uy-song-cong")
    assert directives[2].addressed_to == Ref("Organization", "thanh-uy-song-cong")
    assert "social-welfare" in directives[2].topics
    # "những yêu cầu, đòi hỏi của sự phát triển" and "tập trung chỉ đạo công tác …" are nouns
    assert len(directives) == 4


def _one(body: str, *entities_spec):
    doc = _doc(body)
    entities = tuple(_entity(doc, *spec) for spec in entities_spec)
    return doc, extract_statements(doc, PlaceContext(), entities)


def test_directive_with_speaker_and_addressee():  # vnnews 0696
    _, found = _one(
        "Chủ tịch UBND TP Hà Nội Nguyễn Đức Chung vừa yêu cầu Sở GD&ĐT Hà Nội báo cáo vụ việc cô "
        "giáo mầm non dùng dép đánh vào đầu trẻ gây bức xúc dư luận.",
        ("Role", "chu-tich-ubnd-tp-ha-noi", "Chủ tịch UBND TP Hà Nội", "Chủ tịch UBND TP Hà Nội"),
        ("Person", "nguyen-duc-chung", "Nguyễn Đức Chung", "Nguyễn Đức Chung"),
        ("Organization", "so-gd-dt-ha-noi", "Sở GD&ĐT Hà Nội", "Sở GD&ĐT Hà Nội"),
    )
    (statement,) = found
    assert (statement.kind, statement.by, statement.addressed_to) == (
        "Directive",
        Ref("Role", "chu-tich-ubnd-tp-ha-noi"),
        Ref("Organization", "so-gd-dt-ha-noi"),
    )
    assert statement.text.startswith("Sở GD&ĐT Hà Nội báo cáo vụ việc")
    assert "education" in statement.topics


def test_proposal_keeps_a_nested_directive_inside():  # vnnews 0443
    _, found = _one(
        "Vì vậy, Bộ Giao thông Vận tải đề nghị Văn phòng Chính phủ báo cáo Thủ tướng giao UBND "
        "tỉnh Cao Bằng và UBND tỉnh Lạng Sơn chủ trì vay lại khoản vay 300 triệu USD của Trung "
        "Quốc để đầu tư tuyến đường bộ cao tốc Đồng Đăng - Trà Lĩnh.",
        ("Organization", "bo-giao-thong-van-tai", "Bộ Giao thông vận tải", "Bộ Giao thông Vận tải"),
        ("Organization", "van-phong-chinh-phu", "Văn phòng Chính phủ", "Văn phòng Chính phủ"),
        ("Organization", "ubnd-tinh-cao-bang", "UBND tỉnh Cao Bằng", "UBND tỉnh Cao Bằng"),
    )
    (statement,) = found
    assert (statement.kind, statement.by.key, statement.addressed_to.key) == (
        "Proposal",
        "bo-giao-thong-van-tai",
        "van-phong-chinh-phu",
    )
    assert Ref("Organization", "ubnd-tinh-cao-bang") in statement.concerns
    assert "transport" in statement.topics


def test_the_city_speaks_through_its_people_s_committee():  # vnnews 0357
    doc = _doc(
        "Lãnh đạo thành phố đề nghị Bộ GD&ĐT tham mưu với Chính phủ sớm triển khai xây "
        "dựng dự án ĐH Kiến trúc, nhằm đáp ứng nhu cầu đào tạo nhân lực cho thành phố."
    )
    city = Entity("City", "92", "Thành phố Cần Thơ", ("Cần Thơ",))
    orgs = (
        Entity("Organization", "thanh-uy-can-tho", "Thành ủy Cần Thơ"),
        Entity("Organization", "ubnd-thanh-pho-can-tho", "UBND thành phố Cần Thơ"),
    )
    (statement,) = extract_statements(doc, PlaceContext((city,), None, city), orgs)
    assert statement.by == Ref("Organization", "ubnd-thanh-pho-can-tho")
    assert "transport" not in statement.topics  # "nhu cầu" is not a bridge


def test_a_quoted_request_before_its_speaker():  # vnnews 0204
    _, found = _one(
        "“Bộ trưởng cần chú ý đây là câu trả lời của Bộ trưởng ngày hôm qua, lưu ý sớm "
        "nghiên cứu trình Chính phủ Nghị định quản lý lễ hội này”, Chủ tịch Quốc hội "
        "đề nghị."
    )
    (statement,) = found
    assert statement.text.startswith("Bộ trưởng cần chú ý")
    assert statement.text.endswith("lễ hội này")


MINH = ("Person", "pham-binh-minh", "Phạm Bình Minh", "Phạm Bình Minh")


@pytest.mark.parametrize(
    ("body", "specs"),
    [
        # nouns, not requests (vnnews 0217, 0460, 0617, 0443, 0106)
        (
            "Hội nghị hoan nghênh các sáng kiến của Đức về đào tạo kỹ năng cho phụ nữ, tạo việc làm "
            "cho thanh niên để đáp ứng các yêu cầu mới về lao động, việc làm.",
            (),
        ),
        ("Tham gia đoàn có Phó thủ tướng, Bộ trưởng Ngoại giao Phạm Bình Minh; Bộ trưởng Công an Tô Lâm.", (MINH,)),
        ("Các cán bộ được bố trí phù hợp với năng lực, đáp ứng tốt yêu cầu nhiệm vụ chính trị được giao.", ()),
        (
            "Chấp thuận kiến nghị của tỉnh Cao Bằng, tại Quyết định số 326 ngày 1/3/2016, Thủ tướng "
            "Chính phủ đã bổ sung tuyến đường cao tốc vào quy hoạch.",
            (),
        ),
        ("Thành phố cũng xác định có 52 dự án trọng điểm; trong đó có 39 dự án trọng điểm về giao thông.", ()),
        # supposed, not made (vnnews 0124)
        ("Nếu Quốc hội Cuba yêu cầu, Quốc hội Việt Nam sẽ cử chuyên gia tham gia các hội thảo.", ()),
    ],
)
def test_no_statement_from_nouns_and_suppositions(body, specs):
    assert _one(body, *specs)[1] == ()


@pytest.mark.slow
def test_seed_with_the_real_model(seed):
    from kg.embeddings import default_encoder

    encoder = default_encoder()
    proposals = [s for s in _seed_statements(seed, encoder) if s.kind == "Proposal"]
    assert len(proposals) == 5
    under = [any("infrastructure" in broader_closure(t) for t in s.topics) for s in proposals]
    assert under[0] and under[3] and under[4] and not under[2]
    query = encoder.encode_queries(["proposals about infrastructure"])[0]
    scores = encoder.encode_passages([embedding_text(s) for s in proposals]) @ query
    assert max(scores[[0, 3, 4]]) > scores[2], scores  # [2] is the trade/tourism proposal
    assert embedding_text(proposals[3]).endswith("Giao thông (Transport), Hạ tầng (Infrastructure)")
