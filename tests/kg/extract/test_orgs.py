"""Tests for kg.extract.orgs: organisations, roles and the people who hold them."""

from __future__ import annotations

import re
import time

import pytest

from kg.document import prepare
from kg.extract.model import Ref
from kg.extract.orgs import extract_orgs
from kg.extract.places import extract_places, place_context
from kg.reader import RawDocument, read_file
from tests.kg.extract.helpers import DEMO, ROOT, SEED
from tests.kg.extract.helpers import corpus_sentence as _sentence

ONTOLOGY = ROOT / "ontology" / "vnkg.ttl"


def _extract(doc):
    places, _ = extract_places(doc)
    context = place_context(doc, places)
    return extract_orgs(doc, context), context


def _orgs_of(sentence: str, title: str = "Tin tức"):
    doc = prepare(RawDocument("t.txt", "t.txt", "text", title, sentence))
    (entities, relations), _ = _extract(doc)
    return {(e.type, e.label): e for e in entities}, relations


@pytest.fixture(scope="module")
def seed():
    path = SEED if SEED.is_file() else DEMO
    doc = prepare(next(read_file(path, 10**7)))
    (entities, relations), context = _extract(doc)
    return doc, {e.key: e for e in entities}, relations, context


def test_seed_organisations(seed):
    _, found, _, _ = seed
    orgs = {e.label: key for key, e in found.items() if e.type == "Organization"}
    assert orgs == {
        "UBND tỉnh Thái Nguyên": "ubnd-tinh-thai-nguyen",
        "Thành ủy Sông Công": "thanh-uy-song-cong",
        "Ban Thường vụ Thành ủy Sông Công": "ban-thuong-vu-thanh-uy-song-cong",
        "Đảng bộ thành phố Sông Công": "dang-bo-thanh-pho-song-cong",
        "Đảng bộ phường Mỏ Chè": "dang-bo-phuong-mo-che",
        "Đảng bộ tỉnh Thái Nguyên": "dang-bo-tinh-thai-nguyen",  # "toàn Đảng bộ tỉnh"
    }
    ubnd = found["ubnd-tinh-thai-nguyen"]
    # The title's full form and the body's context-only "UBND tỉnh" are one entity.
    assert [m.text for m in ubnd.mentions] == ["UBND tỉnh Thái Nguyên", "UBND tỉnh"]
    assert "Ủy ban nhân dân tỉnh Thái Nguyên" in ubnd.aliases
    assert "Đảng bộ TP Sông Công" in found["dang-bo-thanh-pho-song-cong"].aliases


def test_seed_mentions_slice_the_text(seed):
    doc, found, relations, _ = seed
    for entity in found.values():
        for m in entity.mentions:
            assert doc.text[m.start : m.end] == m.text
            assert doc.sentences[m.sentence].start <= m.start < doc.sentences[m.sentence].end
    assert all(doc.text[r.evidence.start : r.evidence.end] == r.evidence.text for r in relations)


def test_seed_jurisdictions(seed):
    _, _, relations, _ = seed
    where = {(r.subject.key, r.object) for r in relations if r.predicate == "jurisdiction"}
    assert ("ubnd-tinh-thai-nguyen", Ref("Province", "19")) in where
    assert ("thanh-uy-song-cong", Ref("City", "165")) in where
    assert ("ban-thuong-vu-thanh-uy-song-cong", Ref("City", "165")) in where
    assert ("dang-bo-phuong-mo-che", Ref("Ward", "05512")) in where
    # One relation per fact, whatever the number of mentions.
    assert len(where) == len([r for r in relations if r.predicate == "jurisdiction"])


def test_seed_role_is_unnamed(seed):
    _, found, relations, _ = seed
    role = found["chu-tich-ubnd-tinh-thai-nguyen"]
    assert (role.type, role.label) == ("Role", "Chủ tịch UBND tỉnh Thái Nguyên")
    assert ("roleTitle", "Chủ tịch") in role.attrs
    # The title and "đồng chí Chủ tịch UBND tỉnh nhấn mạnh" are the same role.
    assert [m.text for m in role.mentions] == ["Chủ tịch UBND tỉnh Thái Nguyên", "Chủ tịch UBND tỉnh"]
    assert (role.ref, "roleOf", Ref("Organization", "ubnd-tinh-thai-nguyen")) in {
        (r.subject, r.predicate, r.object) for r in relations
    }
    assert not [e for e in found.values() if e.type == "Person"]  # nobody is named


def test_predicates_are_ontology_properties(seed):
    _, _, relations, _ = seed
    declared = set(re.findall(r"^kg:(\w+) a owl:ObjectProperty", ONTOLOGY.read_text("utf-8"), re.MULTILINE))
    assert {r.predicate for r in relations} <= declared


def test_default_path_is_fast(seed):
    doc, _, _, context = seed
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        extract_orgs(doc, context)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.05


@pytest.mark.parametrize(
    ("name", "needle", "person", "role", "org"),
    [
        (
            "1106.txt",
            "Bà Lê Thị Thu Hà, Chủ tịch UBND xã Hòa Bắc",
            "Lê Thị Thu Hà",
            "Chủ tịch UBND xã Hòa Bắc",
            "UBND xã Hòa Bắc",
        ),
        (
            "0916.txt",
            "Phó Chủ tịch UBND tỉnh Đồng Tháp Đoàn Tấn Bửu",
            "Đoàn Tấn Bửu",
            "Phó Chủ tịch UBND tỉnh Đồng Tháp",
            "UBND tỉnh Đồng Tháp",
        ),
        (
            "1327.txt",
            "ông Phạm Sỹ Quý, Giám đốc Sở TN-MT tỉnh Yên Bái",
            "Phạm Sỹ Quý",
            "Giám đốc Sở Tài nguyên và Môi trường tỉnh Yên Bái",
            "Sở Tài nguyên và Môi trường tỉnh Yên Bái",
        ),
        (
            "1051.txt",
            "Bộ trưởng Bộ TN&MT Trần Hồng Hà",
            "Trần Hồng Hà",
            "Bộ trưởng Bộ Tài nguyên và Môi trường",
            "Bộ Tài nguyên và Môi trường",
        ),
        ("0460.txt", "Bộ trưởng Công an Tô Lâm", "Tô Lâm", "Bộ trưởng Bộ Công an", "Bộ Công an"),
        ("0900.txt", "Phó Thủ tướng Vương Đình Huệ", "Vương Đình Huệ", "Phó Thủ tướng Chính phủ", None),
    ],
)
def test_named_officials_in_real_sentences(name, needle, person, role, org):
    found, relations = _orgs_of(_sentence(name, needle))
    holds = {(r.subject.key, r.object.key) for r in relations if r.predicate == "holdsRole"}
    people = {label: e for (kind, label), e in found.items() if kind == "Person"}
    assert person in people
    if role:
        assert (people[person].key, found[("Role", role)].key) in holds
    if org:
        assert ("Organization", org) in found


def test_roles_joined_by_kiem_share_their_holder():
    needle = "Bí thư Quận ủy kiêm Chủ tịch UBND quận Nam Từ Liêm Nguyễn Văn Hải"
    # The article's own title says which district "Quận ủy" is.
    title = "Đảng bộ quận Nam Từ Liêm: Đổi mới tư duy, hành động quyết liệt"
    found, relations = _orgs_of(_sentence("0424.txt", needle), title)
    held = {r.object.key for r in relations if r.predicate == "holdsRole"}
    assert held == {
        found[("Role", "Chủ tịch UBND quận Nam Từ Liêm")].key,
        found[("Role", "Bí thư Quận ủy Nam Từ Liêm")].key,
    }


@pytest.mark.parametrize(
    ("name", "needle", "absent"),
    [
        ("0835.txt", "Chủ tịch Quốc hội Cuba", "Esteban"),  # another country's parliament
        ("0341.txt", "Thủ tướng Shinzo Abe và Chính phủ Nhật Bản", "Shinzo"),
        ("1362.txt", "Thủ tướng Hàn Quốc mới được bổ nhiệm", "Hàn Quốc"),
    ],
)
def test_foreign_bodies_and_leaders_are_not_ours(name, needle, absent):
    found, _ = _orgs_of(_sentence(name, needle))
    labels = " | ".join(label for _, label in found)
    assert absent not in labels
    if "Nhật Bản" in needle:
        assert ("Organization", "Chính phủ") not in found


def test_role_description_is_the_same_in_every_document():
    """One role key, one roleTitle and one roleOf, however the text spells or splits it."""
    from kg.document import prepare
    from kg.extract import extract_document
    from kg.reader import RawDocument

    texts = [
        "Phó Chủ tịch Thường trực UBND thành phố Đà Nẵng Đặng Việt Dũng chủ trì cuộc họp.",
        "Ông Đặng Việt Dũng, Phó Chủ tịch thường trực UBND thành phố Đà Nẵng cho biết như vậy.",
        "Chánh văn phòng Bộ Giáo dục và Đào tạo trả lời báo chí.",
        "Chánh Văn phòng Bộ Giáo dục và Đào tạo trả lời báo chí.",
    ]
    seen = {}
    for i, body in enumerate(texts):
        doc = prepare(RawDocument(f"/tmp/{i}.txt", f"{i}.txt", "seed", "Tin Đà Nẵng", body))
        result = extract_document(doc)
        for role in (e for e in result.entities if e.type == "Role"):
            role_of = sorted(
                r.object.key for r in result.relations if r.subject == role.ref and r.predicate == "roleOf"
            )
            seen.setdefault(role.key, set()).add((dict(role.attrs)["roleTitle"], tuple(role_of)))
    assert seen["pho-chu-tich-thuong-truc-ubnd-thanh-pho-da-nang"] == {
        ("Phó Chủ tịch Thường trực", ("ubnd-thanh-pho-da-nang",))
    }
    assert seen["chanh-van-phong-bo-giao-duc-va-dao-tao"] == {("Chánh Văn phòng", ("bo-giao-duc-va-dao-tao",))}


def test_project_boards_are_organisations_when_their_name_ends_on_a_name():
    found, _ = _orgs_of(
        "Dự án mở rộng đường vành đai 3 do Ban quản lý đầu tư xây dựng công trình giao thông Hà Nội "
        "(Sở GTVT TP Hà Nội) làm chủ đầu tư. Ban QLDA 85 cho biết dự án chậm. "
        "Ban quản lý dự án đã họp với người dân."
    )
    boards = sorted(label for kind, label in found if label.startswith("Ban Quản lý"))
    assert boards == ["Ban Quản lý dự án 85", "Ban Quản lý đầu tư xây dựng công trình giao thông Hà Nội"]
    assert ("Organization", "Sở Giao thông vận tải thành phố Hà Nội") in found
