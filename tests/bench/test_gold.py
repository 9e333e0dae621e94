"""The hand-labelled extraction gold (bench/gold) and the scoring of bench/eval_extraction.py.

The gold files must stay valid, point at real corpus files, follow the naming conventions the
evaluation relies on, and keep the seed's eight indicators; the scoring functions are checked
on small hand-made inputs so a change of matching rule is a visible, deliberate one.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "bench" / "gold"
CORPUS = ROOT.parent / "shared" / "corpus"
GOLD_FILES = sorted(GOLD.glob("*.json"))
REQUIRED_TYPES = (
    "Province",
    "City",
    "Ward",
    "IndustrialPark",
    "EconomicZone",
    "Road",
    "Organization",
    "Person",
    "Term",
    "Congress",
    "Meeting",
    "Role",
)
KNOWN_TYPES = (*REQUIRED_TYPES, "Event")
COMPARATORS = {">", "<", "≈", "=", ">=", "<="}
PLACE_PREFIX = re.compile(r"(?i)^(tỉnh|tp\.?|thành phố|huyện|thị xã|thị trấn|phường|xã|quận)\s")
ROAD_FORM = re.compile(
    r"^(QL\d\w*|ĐT\d\w*|ĐH\d\w*|Vành đai \d[\d.]*|Cao tốc \S.*|Đường \S.*|"
    r"Phố \S.*|Đại lộ \S.*|Xa lộ \S.*|Hương lộ \d+|Liên tỉnh lộ \d+)$"
)


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_extraction", ROOT / "bench" / "eval_extraction.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module while being built
    spec.loader.exec_module(module)
    return module


E = _load_eval()


def _data(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _names(data: dict, entity_type: str, optional: bool = True) -> list[str]:
    names = list(data["entities"].get(entity_type, []))
    if optional:
        names += data.get("optional", {}).get(entity_type, [])
    return [a.strip() for n in names for a in n.split("|")]


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent (a fresh clone without ../shared); CI provides it")
    return CORPUS


# --------------------------------------------------------------------------- the gold files


def test_selection_covers_every_group():
    groups = [("control" if d.get("control") else d["corpus"]) for d in map(_data, GOLD_FILES)]
    assert groups.count("seed") == 1
    assert groups.count("vnnews") >= 20
    assert groups.count("vnnews-b") == 5
    assert groups.count("control") == 3


def test_vnnews_articles_come_from_the_intended_manifest_rows():
    rows = {}
    for line in (_corpus() / "vnnews" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        rows[cells[0]] = cells
    for data in map(_data, GOLD_FILES):
        if data["corpus"] != "vnnews":
            continue
        category, notes = rows[data["file"]][3], rows[data["file"]][8]
        if data.get("control"):
            assert "selection=random-other" in notes, data["file"]
        else:
            assert "selection=topic-keyword" in notes or category == "politics-society"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_schema(path):
    data = _data(path)
    assert path.name == f"{data['corpus']}-{Path(data['file']).stem}.json"
    assert data["corpus"] in ("seed", "vnnews", "vnnews-b")
    assert isinstance(data["annotator_notes"], str) and data["annotator_notes"].strip()
    assert set(REQUIRED_TYPES) <= set(data["entities"]) <= set(KNOWN_TYPES)
    assert set(data.get("optional", {})) <= set(KNOWN_TYPES)
    for section in (data["entities"], data.get("optional", {})):
        for names in section.values():
            assert all(isinstance(n, str) and n.strip() for n in names)
            assert len(names) == len(set(names))
    for ind in (*data["indicators"], *data.get("optional_indicators", [])):
        assert {"indicator", "value", "unit", "comparator", "direction", "target", "estimated"} <= set(ind)
        assert ind["comparator"] in COMPARATORS and isinstance(ind["estimated"], bool)
        assert ind["direction"] in ("increase", "decrease", None)
        assert E.parse_values(ind["value"]), ind
    assert set(data["infrastructure_proposals"]) <= set(data["proposals"])
    assert all(isinstance(p, str) and p.strip() for p in data.get("optional_proposals", []))


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_references_a_corpus_file(path):
    data = _data(path)
    assert (_corpus() / data["corpus"] / data["file"]).is_file()


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_names_follow_the_conventions(path):
    data = _data(path)
    for entity_type in ("Province", "City", "Ward"):
        for name in _names(data, entity_type):
            assert not PLACE_PREFIX.match(name) or re.fullmatch(r"Quận \d+", name), name
            assert name not in ("HCM", "TP HCM", "TP.HCM", "Sài Gòn"), name
    for name in _names(data, "IndustrialPark"):
        assert re.match(r"^(KCN|CCN|KCX) \S", name) and not re.search(r"\b[IVX]+\b", name), name
    assert all(n.startswith("KKT ") for n in _names(data, "EconomicZone"))
    assert all(ROAD_FORM.match(n) for n in _names(data, "Road", optional=False))
    assert all(re.fullmatch(r"\d{4}-\d{4}", n) for n in _names(data, "Term"))


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_places_and_people_occur_in_the_article(path):
    data = _data(path)
    text = f" {E.norm_words((_corpus() / data['corpus'] / data['file']).read_text()).lower()} "
    for entity_type in ("Province", "City", "Ward", "Person"):
        for name in data["entities"][entity_type]:
            written = [E.norm_words(a.strip()) for a in name.split("|")]
            keys = [re.escape(k) for k in written] + (["hcm"] if "ho chi minh" in written else [])
            # "Q.2", "quận 1, 5 qua quận 4, 7, 8": a numbered district inside a list
            keys += [rf"(?:quan|q)(?: \d+)* {n}" for n in re.findall(r"^quan (\d+)$", written[0])]
            end = "" if entity_type == "Person" else " "  # 0924: "Nguyễn Văn TámPhó giám đốc"
            assert any(re.search(rf" {k}{end}", text) for k in keys), (entity_type, name)


def test_seed_gold_has_its_eight_indicators():
    seed = _data(GOLD / "seed-000_21c30ca8b6a13368.json")
    got = {(i["value"], i["unit"], i["comparator"]): i for i in seed["indicators"]}
    assert set(got) == {
        ("19", "%", ">"),
        ("12", "%", ">"),
        ("21", "%", "≈"),
        ("2", "%", "<"),
        ("70", "triệu đồng/người", "="),
        ("50", "%", ">"),
        ("4", "%", "="),
        ("20", "%", "="),
    }
    assert got[("70", "triệu đồng/người", "=")]["estimated"] and got[("4", "%", "=")]["estimated"]
    assert got[("20", "%", "=")]["target"] == "22"
    assert got[("2", "%", "<")]["direction"] == "decrease"
    infra = " ".join(seed["infrastructure_proposals"])
    assert "vành đai 5" in infra and "đường tỉnh 262" in infra


# --------------------------------------------------------------------------- scoring rules


@pytest.mark.parametrize(
    "entity_type, a, b",
    [
        ("Province", "Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("Province", "TP.HCM", "Hồ Chí Minh"),
        ("Province", "Tỉnh Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("City", "Huyện Đắk R'Lấp", "Đắk R’lấp"),
        ("City", "Quận 1", "Quận 1"),
        ("Ward", "Phường Mỏ Chè", "mỏ chè"),
        ("IndustrialPark", "Khu công nghiệp Sông Công II", "KCN Sông Công 2"),
        ("EconomicZone", "Khu kinh tế Dung Quất", "KKT Dung Quất"),
        ("Road", "Quốc lộ 1A", "QL1A"),
        ("Road", "đường tỉnh 262", "ĐT262"),
        ("Road", "tỉnh lộ 14B", "ĐT14B"),
        ("Road", "đường vành đai 5", "Vành đai 5"),
        ("Road", "Đường cao tốc TP.HCM – Long Thành", "Cao tốc Thành phố Hồ Chí Minh - Long Thành"),
        ("Organization", "Ủy ban nhân dân tỉnh Thái Nguyên", "UBND tỉnh Thái Nguyên"),
        ("Organization", "Sở GTVT tỉnh Đồng Nai", "Sở Giao thông vận tải Đồng Nai"),
        ("Organization", "Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư"),
        ("Term", "nhiệm kỳ 2015 - 2020", "2015-2020"),
        ("Congress", "Đại hội Đảng bộ TP Sông Công lần thứ VIII", "Đại hội Đảng bộ thành phố Sông Công lần thứ 8"),
        ("Congress", "Đại hội Đảng bộ xã Lê Hồng lần thứ XXX", "Đại hội Đảng bộ xã Lê Hồng lần thứ 30"),
        ("Role", "Phó Thủ tướng Chính phủ", "Phó Thủ tướng"),
    ],
)
def test_name_key_unifies_written_forms(entity_type, a, b):
    assert E.name_key(entity_type, a) == E.name_key(entity_type, b)


@pytest.mark.parametrize(
    "entity_type, a, b",
    [
        ("Road", "Vành đai 3", "Vành đai 3.5"),
        ("Road", "QL1", "QL1A"),
        ("IndustrialPark", "KCN Sông Công 1", "KCN Sông Công 2"),
        ("City", "Quận 1", "Quận 12"),
        ("Province", "Hà Nội", "Hà Nam"),
    ],
)
def test_name_key_keeps_different_names_apart(entity_type, a, b):
    assert E.name_key(entity_type, a) != E.name_key(entity_type, b)


def test_match_entities_is_one_to_one_and_ignores_optional_names():
    gold = (("Sông Công",), ("Mỏ Chè",), ("Phan Rang - Tháp Chàm", "Phan Rang"))
    predicted = [("Thành phố Sông Công", "Sông Công"), ("Phan Rang",), ("Sông Công",), ("Bách Quang",), ("Hà Nội",)]
    counts = E.match_entities("City", gold, (("Bách Quang",),), predicted)
    assert (counts.tp, counts.fp, counts.fn) == (2, 2, 1)
    assert counts.misses == ["Mỏ Chè"]
    assert counts.false_positives == ["Sông Công (duplicate)", "Hà Nội"]


def test_counts_arithmetic():
    counts = E.Counts(tp=3, fp=1, fn=2)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.6)
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert (E.Counts().precision, E.Counts().recall, E.Counts().f1) == (None, None, None)
    only_fp = E.Counts(fp=2)
    assert (only_fp.precision, only_fp.recall, only_fp.f1) == (0.0, None, 0.0)
    total = E.Counts(tp=1)
    total.add(counts)
    assert (total.tp, total.fp, total.fn) == (4, 1, 2)


def test_quantities_are_compared_after_scaling():
    assert E.canonical_quantity(Decimal("70"), "triệu đồng/người") == (Decimal("7E+7"), "dong/nguoi")
    assert E.canonical_quantity(Decimal("8.200"), "tỉ đồng") == (Decimal("8.2E+9"), "dong")
    assert E.canonical_quantity(Decimal("1.8"), "triệu dân")[1] == "nguoi"
    assert E.units_agree("dong/nguoi", "dong") and not E.units_agree("%", "dong")
    assert E.parse_values("2-3") == (Decimal(2), Decimal(3))


def test_indicator_matching_needs_value_unit_and_label():
    gold = {"indicator": "thu nhập bình quân đầu người", "value": "70", "unit": "triệu đồng/người"}
    obs = E.PredObservation("thu nhập bình quân đầu người", Decimal("70000000"), "đồng/người")
    assert E.indicator_matches(gold, obs)
    assert not E.indicator_matches(gold, E.PredObservation("tỷ lệ hộ nghèo", Decimal(70), "triệu đồng/người"))
    assert not E.indicator_matches(gold, E.PredObservation("thu nhập", Decimal(71), "triệu đồng/người"))
    ranged = {"indicator": "tỷ lệ hộ nghèo giảm", "value": "2-3", "unit": "%"}
    assert E.indicator_matches(ranged, E.PredObservation("hộ nghèo", Decimal(3), "%"))


def test_score_indicators_counts_optional_figures_as_neither():
    gold = E.GoldDoc(
        "vnnews",
        "x.txt",
        False,
        {},
        {},
        indicators=(
            {"indicator": "thu ngân sách", "value": "6279", "unit": "tỷ đồng", "comparator": "=", "estimated": False},
        ),
        optional_indicators=({"indicator": "diện tích", "value": "4-5", "unit": "ha"},),
    )
    observations = [
        E.PredObservation("diện tích khu đất", Decimal(5), "ha"),
        E.PredObservation("thu ngân sách", Decimal("6279"), "tỷ đồng", "="),
        E.PredObservation("tuổi", Decimal(48), "tuổi"),
    ]
    score = E.score_indicators(gold, observations)
    assert (score.counts.tp, score.counts.fp, score.counts.fn) == (1, 1, 0)
    assert score.agree["comparator"] == [1, 1]


def test_proposal_coverage_threshold_and_infrastructure_topics():
    assert E.covers("đề xuất đầu tư đường vành đai 5", "xây dựng mới đường vành đai 5")
    assert not E.covers("đề xuất đầu tư", "xây dựng mới đường vành đai 5")
    topics = E.infrastructure_topics()
    assert {"infrastructure", "transport"} <= topics and "industry" not in topics
    gold = E.GoldDoc(
        "seed",
        "x.txt",
        False,
        {},
        {},
        proposals=("đầu tư xây dựng mới đường vành đai 5", "hỗ trợ du lịch"),
        infrastructure_proposals=("đầu tư xây dựng mới đường vành đai 5",),
    )
    pred = [("đề xuất đầu tư xây dựng mới đường vành đai 5", ("trade-services",)), ("kiến nghị tăng lương", ())]
    scores = E.score_proposals(gold, pred, topics)
    assert (scores["proposals"].tp, scores["proposals"].fn, scores["proposals"].fp) == (1, 1, 1)
    assert (scores["infrastructure"].tp, scores["infrastructure"].fn) == (0, 1)


def test_gold_scored_against_itself_is_perfect():
    docs = E.load_gold()
    report = E.evaluate(docs, {g.name: E.from_gold(g) for g in docs})
    for agg in report["groups"].values():
        assert agg["entities"]["targets"].fp == agg["entities"]["targets"].fn == 0
        assert agg["indicators"].counts.fn == agg["indicators"].counts.fp == 0
        assert agg["proposals"]["infrastructure"].fn == 0
    assert all(c["all_fp"] == 0 for c in report["controls"].values())


def test_extraction_adapter_keeps_mentioned_entities_and_proposals():
    model = pytest.importorskip("kg.extract.model")
    span = model.Span(0, 0, 3, "KKT")
    extraction = model.Extraction(
        entities=(
            model.Entity("IndustrialPark", "kkt-dung-quat", "KKT Dung Quất", mentions=(span,)),
            model.Entity("Road", "ql-1", "QL1"),
        ),
        observations=(model.Observation("ty-le", "tỷ lệ hộ nghèo", None, Decimal(2), "%", "<", span),),
        statements=(
            model.Statement("Proposal", "đề xuất", span, topics=("transport",)),
            model.Statement("Directive", "yêu cầu", span),
        ),
    )
    pred = E.from_extraction(extraction)
    assert pred.entities == {"EconomicZone": [("KKT Dung Quất",)]}
    assert pred.observations[0].comparator == "<"
    assert pred.proposals == [("đề xuất", ("transport",))]
