"""Tests for kg.extract.events: terms, congresses, meetings and elections."""

from __future__ import annotations

import time

import pytest

from kg.document import prepare
from kg.extract.events import extract_events, ordinal, roman
from kg.extract.model import Ref
from kg.extract.orgs import extract_orgs
from kg.extract.places import extract_places, place_context
from kg.reader import RawDocument, read_file
from tests.kg.extract.helpers import DEMO, SEED
from tests.kg.extract.helpers import corpus_sentence as _line


def _events(doc):
    places, _ = extract_places(doc)
    context = place_context(doc, places)
    orgs, _ = extract_orgs(doc, context)
    return extract_events(doc, context, orgs), context, orgs


def _events_of(sentence: str, title: str = "Tin tức"):
    (entities, relations), _, _ = _events(prepare(RawDocument("t.txt", "t.txt", "text", title, sentence)))
    return {(e.type, e.label): e for e in entities}, relations


@pytest.fixture(scope="module")
def seed():
    path = SEED if SEED.is_file() else DEMO
    doc = prepare(next(read_file(path, 10**7)))
    (entities, relations), context, orgs = _events(doc)
    facts = {(r.subject.key, r.predicate, r.object.key) for r in relations}
    return doc, {e.key: e for e in entities}, facts, (context, orgs)


def test_seed_terms(seed):
    _, found, _, _ = seed
    terms = {k: e for k, e in found.items() if e.type == "Term"}
    assert set(terms) == {"2015-2020", "2020-2025"}
    term = terms["2015-2020"]
    assert (term.label, term.aliases) == ("Nhiệm kỳ 2015-2020", ("2015-2020",))
    assert term.attrs == (("startYear", "2015"), ("endYear", "2020"))
    assert len(term.mentions) == 2


def test_seed_congress_viii(seed):
    _, found, facts, _ = seed
    key = "dai-hoi-dang-bo-thanh-pho-song-cong-lan-thu-viii"
    congress = found[key]
    assert (congress.type, congress.label) == ("Congress", "Đại hội Đảng bộ thành phố Sông Công lần thứ VIII")
    assert ("ordinal", "8") in congress.attrs
    assert {
        (key, "organizedBy", "dang-bo-thanh-pho-song-cong"),
        (key, "eventPlace", "165"),
        (key, "duringTerm", "2015-2020"),
    } <= facts


def test_seed_pilot_congress_at_mo_che(seed):
    _, found, facts, _ = seed
    congress = found["dai-hoi-dang-bo-phuong-mo-che"]
    assert congress.label == "Đại hội Đảng bộ phường Mỏ Chè"
    assert len(congress.mentions) == 2  # "đại hội điểm cấp xã …" and "Đại hội điểm Đảng bộ …"
    assert {
        ("dai-hoi-dang-bo-phuong-mo-che", "eventPlace", "05512"),
        ("dai-hoi-dang-bo-phuong-mo-che", "organizedBy", "dang-bo-phuong-mo-che"),
        ("dai-hoi-dang-bo-phuong-mo-che", "duringTerm", "2020-2025"),
    } <= facts
    # "Đại hội Đảng bộ các cấp" names no one congress.
    assert [e.type for e in found.values()].count("Congress") == 2


def test_seed_reported_meeting(seed):
    doc, found, facts, _ = seed
    meetings = [e for e in found.values() if e.type == "Meeting"]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert meeting.label == ("Buổi làm việc của Chủ tịch UBND tỉnh Thái Nguyên với Ban Thường vụ Thành ủy Sông Công")
    texts = [m.text for m in meeting.mentions]
    assert texts[0] == doc.title and "buổi làm việc" in texts  # "Tại buổi làm việc, …"
    assert (meeting.key, "organizedBy", "ubnd-tinh-thai-nguyen") in facts


def test_seed_is_fast(seed):
    doc, _, _, (context, orgs) = seed
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        extract_events(doc, context, orgs)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.05


def test_numbers():
    assert [ordinal(t) for t in ("VIII", "XIV", "IX", "13", "nhất", "tư", "mười hai")] == [8, 14, 9, 13, 1, 4, 12]
    assert ordinal("Sông") is None
    assert [roman(n) for n in (8, 14, 19, 40)] == ["VIII", "XIV", "XIX", "XL"]


@pytest.mark.parametrize(
    ("name", "needle", "kind", "label", "organiser"),
    [
        ("0823.txt", "Kỳ họp thứ 3 Quốc hội khóa XIV:", "Meeting", "Kỳ họp thứ 3 Quốc hội khóa XIV", "quoc-hoi"),
        (
            "1145.txt",
            "Bế mạc Phiên họp thứ 10",
            "Meeting",
            "Phiên họp thứ 10 Ủy ban Thường vụ Quốc hội khóa XIV",
            "uy-ban-thuong-vu-quoc-hoi",
        ),
        (
            "1425.txt",
            "Đại hội Đảng toàn quốc lần thứ XII",
            "Congress",
            "Đại hội đại biểu toàn quốc lần thứ XII của Đảng",
            None,
        ),
        (
            "0908.txt",
            "Khai mạc Đại hội VIII Hội nhà báo Việt Nam",
            "Congress",
            "Đại hội Hội nhà báo Việt Nam lần thứ VIII",
            None,
        ),
    ],
)
def test_events_in_real_sentences(name, needle, kind, label, organiser):
    found, relations = _events_of(_line(name, needle))
    event = found[(kind, label)]
    by = {r.object.key for r in relations if r.subject == event.ref and r.predicate == "organizedBy"}
    assert by == ({organiser} if organiser else set())


def test_meeting_of_a_commune_council_with_its_term():
    title = "Đảng ủy xã Tứ Cường, Hải Dương: Hoàn thành tốt nhiệm vụ chính trị"
    found, relations = _events_of(_line("1373.txt", "Tại kỳ họp thứ nhất HĐND xã"), title)
    meeting = found[("Meeting", "Kỳ họp thứ 1 HĐND xã Tứ Cường")]
    assert "Kỳ họp thứ nhất HĐND xã Tứ Cường" in meeting.aliases
    facts = {(r.predicate, r.object) for r in relations if r.subject == meeting.ref}
    assert ("duringTerm", Ref("Term", "2016-2020")) in facts
    assert ("organizedBy", Ref("Organization", "hdnd-xa-tu-cuong")) in facts


def test_term_spacing_variants():
    found, _ = _events_of(_line("0662.txt", "nhiệm kỳ 2015 - 2020"))
    assert ("Term", "Nhiệm kỳ 2015-2020") in found


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("1437.txt", "các kỳ họp Quốc hội không còn đơn điệu"),  # plural: no one meeting
        ("1726.txt", "Tại kỳ họp HĐND TP gần đây"),  # no number, no date
    ],
)
def test_unspecific_meetings_are_not_entities(name, needle):
    found, _ = _events_of(_line(name, needle))
    assert not [label for kind, label in found if kind == "Meeting"]
