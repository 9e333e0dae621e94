"""What kind of answer a question wants: money, a percentage, a length, a date, a person, places.

The graph's templates answer what its typed facts hold; the passage reader
(:mod:`search.qa.reader`) reads the same answer out of the best passages when they do not.
Both need to know the expected answer type, which the question's words say: "bao nhiêu
tiền", "tổng mức đầu tư" and "how much" want money; "dài bao nhiêu" and "how long" a length;
"khi nào" and "when" a date; "ai", "đại biểu nào" and "who" a person (or a body: "nhà thầu …
là ai?"); "những tỉnh nào" places; "nói gì về" what someone said; "tăng thế nào", "từ bao
nhiêu lên bao nhiêu" several figures of one measure.

The rules are tried in order (:data:`RULES`), each a small named function over the folded
question, so each can be read and tested on its own; the first that fits decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.extract.subjects import WORK_TYPES as WORKS
from kg.text import fold

# Unit families: the codes kg.extract.quantities gives (ISO 4217, UCUM, "1" for counts)
MONEY = frozenset({"VND", "USD", "EUR", "JPY", "CNY", "KRW"})
PERCENT = frozenset({"%"})
LENGTH = frozenset({"km", "m"})
AREA = frozenset({"ha", "m2", "km2"})
POWER = frozenset({"MW", "kW", "GW", "kW.h", "MW.h", "t", "{TEU}", "m3", "L"})
COUNT = frozenset({"1"})
PEOPLE = ("Person",)
BODIES = ("Person", "Organization", "Company", "Role")
PLACES = {
    "tinh": ("Province",),
    "thanh pho": ("Province", "City"),
    "huyen": ("City",),
    "quan": ("City",),
    "thi xa": ("City",),
    "xa": ("Ward",),
    "phuong": ("Ward",),
    "province": ("Province",),
    "district": ("City",),
    "town": ("City",),
    "commune": ("Ward",),
    "ward": ("Ward",),
    "city": ("Province", "City"),
}


@dataclass(frozen=True)
class Expected:
    """The answer a question wants. ``kind``: ``figure`` (``units``: acceptable unit codes;
    empty: any), ``date``, ``entity`` (``types``: acceptable classes), ``said`` (what someone
    said: sentences), ``successor`` (the 2025 unit). ``many``: a list (places, several figures
    compared), not one value. ``rule`` names the rule that decided."""

    kind: str
    units: frozenset[str] = frozenset()
    types: tuple[str, ...] = ()
    many: bool = False
    rule: str = ""
    role: tuple[str, ...] = ()  # who: the role the answer holds ("nha thau", "chu dau tu"), folded
    counted: str = ""  # a count: what is counted, as the question writes it ("can ho"), folded


def _has(text: str, *phrases: str) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", text) for p in phrases)


def successor(q: str) -> Expected | None:
    if _has(
        q,
        "sau sap nhap",
        "sap nhap",
        "became",
        "become",
        "merged into",
        "merged with",
        "sau 2025",
        "nam 2025 thuoc",
        "2025 thuoc",
        "don vi moi",
        "after the 2025",
        "in 2025",
    ):
        if _has(
            q,
            "thuoc",
            "don vi nao",
            "xa nao",
            "phuong nao",
            "tinh nao",
            "become",
            "became",
            "merged",
            "part of",
            "what",
        ):
            return Expected("successor", types=("Province", "City", "Ward"))
    return None


def said(q: str) -> Expected | None:
    if _has(
        q,
        "noi gi",
        "phat bieu gi",
        "cho biet gi",
        "neu y kien gi",
        "nhan dinh gi",
        "danh gia gi",
        "what did",
        "what does",
    ) and _has(q, "noi gi", "phat bieu", "cho biet", "y kien", "nhan dinh", "danh gia", "say", "said", "think"):
        return Expected("said", many=True)
    return None


def compare(q: str) -> Expected | None:
    if _has(
        q,
        "tang the nao",
        "giam the nao",
        "thay doi the nao",
        "thay doi ra sao",
        "tang ra sao",
        "tu bao nhieu len bao nhieu",
        "tu bao nhieu xuong bao nhieu",
        "how has",
        "how did",
        "grown",
        "change",
        "changed",
        "from what to what",
        "bien dong",
        "compare",
        "compared",
        "compares",
        "so sanh",
    ) or re.search(r"(?<![a-z])so voi(?: [a-z0-9-]+){1,6} (?:the nao|ra sao|nhu the nao)(?![a-z])", q):
        return Expected("figure", units=_units(q), many=True)
    return None


def when(q: str) -> Expected | None:
    if _has(
        q,
        "khi nao",
        "bao gio",
        "luc nao",
        "nam nao",
        "ngay nao",
        "thang nao",
        "thoi diem nao",
        "when",
        "what year",
        "what date",
        "since when",
        "tu khi nao",
        "which year",
        "what month",
        "which month",
        "which day",
        "what day",
        "from what year",
        "tu nam nao",
        "vao nam nao",
        "hoi nam nao",
    ):
        return Expected("date")
    return None


def who(q: str) -> Expected | None:
    if _has(
        q,
        "nhung ai",
        "la ai",
        "ai la",
        "nguoi nao",
        "dai bieu nao",
        "ong nao",
        "ba nao",
        "who",
        "whom",
        "which deputy",
        "which delegate",
        "which official",
        "which minister",
        "which leader",
        "which person",
    ) or _ASKS_WHO.search(q):
        role = _roles(q)
        if role:  # "Ai là chủ đầu tư …?": a body named as holding that role
            return Expected(
                "entity", types=("Company", "Organization"), many=_has(q, "nhung ai", "whom", "who are"), role=role
            )
        bodies = _has(q, "don vi nao", "co quan nao", "cong ty nao", "which company", "which body")
        return Expected("entity", types=BODIES if bodies else PEOPLE, many=_has(q, "nhung ai", "whom"))
    if _has(
        q,
        "nha thau nao",
        "chu dau tu nao",
        "cong ty nao",
        "don vi nao thi cong",
        "which contractor",
        "which company",
        "which investor",
    ):
        return Expected("entity", types=("Company", "Organization"), role=_roles(q))
    return None


#: "Ai đã khảo sát …", "… do ai ký": "ai" as the one who acts (folded "ai" is also a syllable of names:
#: "Ai Cập", so only at the start or after a verb or preposition that takes a person)
_ASKS_WHO = re.compile(
    r"(?:^ai|(?<![a-z])(?:do|boi|voi|cua|cho) ai)(?: (?:da|se|dang|duoc|phu trach|chiu trach nhiem|"
    r"ky|lam|dung|de xuat|chi dao|quyet dinh|[a-z]+ ?[a-z]*\?)|\?|$)"
)


#: Roles a body holds in a project, as the articles write them (folded), by the question's words.
ROLES = {
    "nha thau": ("nha thau", "tong thau", "thi cong"),
    "contractor": ("nha thau", "tong thau", "thi cong"),
    "chu dau tu": ("chu dau tu", "nha dau tu", "co du an"),
    "investor": ("chu dau tu", "nha dau tu", "co du an"),
    "nha dau tu": ("chu dau tu", "nha dau tu", "co du an"),
    "investors": ("chu dau tu", "nha dau tu", "co du an"),
    "contractors": ("nha thau", "tong thau", "thi cong"),
    "developer": ("chu dau tu", "nha dau tu"),
    "don vi thi cong": ("thi cong", "nha thau"),
    "tu van": ("tu van",),
    "consultant": ("tu van",),
}


def _roles(q: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for word, written in ROLES.items() if _has(q, word) for w in written))


#: "về những đâu", "which places": places of any level
_ANY_PLACES = re.compile(r"(?<![a-z])(?:nhung dau|nhung noi nao|nhung dia diem nao|what places|which places)(?![a-z])")


def places(q: str) -> Expected | None:
    found = [
        t
        for word, types in PLACES.items()
        for t in types
        if _has(q, f"{word} nao", f"which {word}", f"what {word}", f"which {word}s", f"which {word}es")
        or (_has(q, "which", "what") and _has(q, f"{word}s", f"{word}es"))
    ]
    if not found and _ANY_PLACES.search(q):
        # "Cảng Sài Gòn sẽ di dời về những đâu?": places of any level
        found = ["Province", "City", "Ward"]
    return Expected("entity", types=tuple(dict.fromkeys(found)), many=True) if found else None


#: "các dự án do X đầu tư", "những công trình do X thi công": works listed by who made them
_DONE_BY = re.compile(
    r"(?<![a-z])(?:du an|cong trinh|nha may)(?: [a-z]+){0,4} do(?: [a-z]+){1,6} "
    r"(?:dau tu|thi cong|xay dung|lam chu dau tu)(?![a-z])"
)
_PLURAL_WORKS = re.compile(r"^(?:(?:liet ke|ke ten|cho biet) )?(?:cac|nhung) (?:du an|cong trinh|nha may)(?![a-z])")


def projects(q: str) -> Expected | None:
    if (
        re.search(
            r"(?<![a-z])(?:du an|cong trinh|nha may|cay cau|cau vuot|cang(?: bien)?|san bay|ben cang|"
            r"tuyen duong|con duong|kenh|con kenh|rach)"
            r"(?: [a-z]+){0,5} nao(?![a-z])",
            q,
        )
        or re.search(
            r"(?<![a-z])(?:which|what)(?: [a-z'-]+){0,4} "
            r"(?:projects?|works|bridges|plants|factories|ports|seaports|airports|overpasses|tunnels|roads|streets"
            r"|canals)"
            r"(?![a-z])",
            q,
        )
        or not _has(q, "bao nhieu", "how much", "how many")
        and (_DONE_BY.search(q) or _PLURAL_WORKS.search(q))
    ):
        return Expected("entity", types=_kinds_named(q), many=True)
    return None


#: Kinds of work a list question may name, folded: "những cảng nào" lists ports, not bridges
_WORK_KINDS = (
    (
        re.compile(r"(?<![a-z])(?:cang bien|ben cang|(?<!hang khong )cang(?! hang khong)|seaports?|ports)(?![a-z])"),
        ("Seaport",),
    ),
    (re.compile(r"(?<![a-z])(?:san bay|cang hang khong|airports?)(?![a-z])"), ("Airport",)),
    (re.compile(r"(?<![a-z])(?:cay cau|cau vuot|bridges?|overpass(?:es)?)(?![a-z])"), ("Bridge", "Interchange")),
    (re.compile(r"(?<![a-z])(?:nha may|plants?|factories)(?![a-z])"), ("Plant",)),
    (re.compile(r"(?<![a-z])(?:tuyen duong|con duong|roads?|streets?)(?![a-z])"), ("Road",)),
    (re.compile(r"(?<![a-z])(?:kenh|con kenh|rach|canals?)(?![a-z])"), ("Canal",)),
)


#: The words that say what is listed: "(những) dự án cầu vượt nào", "which overpass projects"
_ASKED = re.compile(r"(?<![a-z])(?:(?:[a-z]+ ){1,4}nao|(?:which|what)(?: [a-z'-]+){1,4})(?![a-z])")


def _kinds_named(q: str) -> tuple[str, ...]:
    """The classes of work a list question asks for: the one kind it names ("những cảng nào":
    Seaport; "những dự án cầu vượt nào": bridges, or projects of them), else every kind."""
    asked = _ASKED.search(q)
    phrase = asked.group(0) if asked else q
    named = [types for pattern, types in _WORK_KINDS if pattern.search(phrase)]
    if len(named) != 1:
        return WORKS
    project = ("Project",) if re.search(r"(?<![a-z])(?:du an|cong trinh|projects?)(?![a-z])", phrase) else ()
    return (*named[0], *project)


def work_roles(q: str) -> tuple[str, ...]:
    """The role a list of works is asked by ("do X thi công": contractor; "do X đầu tư",
    "X invested in": investor), as :data:`ROLES` writes it; () when none."""
    if _has(q, "thi cong", "nha thau", "tong thau", "contractor", "built by", "constructed by", "build", "built"):
        return ROLES["nha thau"]
    if _has(q, "dau tu", "invest", "invested", "invests", "investor", "developed", "developer", "develop", "owns"):
        return ROLES["chu dau tu"]
    return ()


def bodies(q: str) -> Expected | None:
    """ "Những tập đoàn nào …", "which companies …": businesses and bodies, listed."""
    if re.search(
        r"(?<![a-z])(?:tap doan|cong ty|doanh nghiep|nha dau tu|nha thau|ngan hang|to chuc|co quan)"
        r"(?: [a-z]+){0,2} nao(?![a-z])",
        q,
    ) or re.search(
        r"(?<![a-z])(?:which|what)(?: [a-z'-]+){0,2} (?:companies|groups|firms|investors|banks|"
        r"contractors|enterprises|businesses|organi[sz]ations|corporations)(?![a-z])",
        q,
    ):
        return Expected("entity", types=("Company", "Organization"), many=True)
    return None


def figure(q: str) -> Expected | None:
    units = _units(q)
    if units or _has(
        q,
        "bao nhieu",
        "how much",
        "how many",
        "how long",
        "how large",
        "how big",
        "what is the",
        "muc nao",
        "la bao nhieu",
    ):
        return Expected("figure", units=units, many=False, counted=_counted(q) if units == COUNT else "")
    return None


#: "bao nhiêu căn hộ", "bao nhiêu doanh nghiệp": the noun a count counts (one or two words)
_COUNTED = re.compile(r"(?<![a-z])bao nhieu ([a-z]+(?: [a-z]+)?)")
_NOT_NOUNS = frozenset("o tai cua trong duoc da dang se nam la hien co phai con tu den va voi so cho".split())  # so với


def _counted(q: str) -> str:
    found = _COUNTED.search(q)
    if not found:
        return ""
    words = found.group(1).split()
    while words and words[-1] in _NOT_NOUNS:
        words.pop()
    return " ".join(words) if words and words[0] not in _NOT_NOUNS else ""


# A unit the question names outright ("bao nhiêu MW", "in hectares"): only that unit answers.
NAMED_UNITS = {
    "mw": "MW",
    "megawatt": "MW",
    "kw": "kW",
    "km": "km",
    "kilomet": "km",
    "ha": "ha",
    "hecta": "ha",
    "hectares": "ha",
    "usd": "USD",
    "do la": "USD",
    "dollars": "USD",
    "m2": "m2",
    "tan": "t",
    "tonnes": "t",
}


#: Words that ask for an area (besides "rộng", which "mở rộng" also holds)
AREA_WORDS = (
    "dien tich",
    "how large",
    "area",
    "bao nhieu ha",
    "hecta",
    "how big",
    "quy mo",
    "how much land",
    "cover",
    "covers",
    "bao nhieu dat",
    "surface",
)


def _asks_area(q: str) -> bool:
    """An area asked: one of :data:`AREA_WORDS`, or "rộng" not inside "mở rộng" (to widen)."""
    return _has(q, *AREA_WORDS) or bool(re.search(r"(?<![a-z])(?<!mo )rong(?![a-z])", q))


def _units(q: str) -> frozenset[str]:
    """The unit family the question's words ask for (empty: any)."""
    named = {
        unit for word, unit in NAMED_UNITS.items() if _has(q, f"bao nhieu {word}", f"in {word}", f"how many {word}")
    }
    if named:
        return frozenset(named)
    if _has(
        q,
        "bao nhieu tien",
        "so tien bao nhieu",
        "voi so tien",
        "how much money",
        "vay bo sung",
        "vay them",
        "khoan vay",
        "von vay",
        "tien su dung dat",
    ):
        return MONEY  # before the area words: "nộp bao nhiêu tiền … khi mở rộng nhà máy"
    if _has(q, "phan tram", "ty le", "%", "percent", "percentage", "rate", "lai suat", "tang truong", "growth"):
        return PERCENT
    if _has(q, "dai bao nhieu", "chieu dai", "how long", "length", "bao nhieu km", "bao nhieu met"):
        return LENGTH
    if _asks_area(q):
        return AREA
    if _has(q, "cong suat", "capacity", "megawatt", "mw", "san luong", "output"):
        return POWER
    if _has(
        q,
        "bao nhieu tien",
        "von",
        "tong muc dau tu",
        "dau tu",
        "kinh phi",
        "chi phi",
        "gia ve",
        "gia dat",
        "muc gia",
        "gia toi da",
        "gia toi thieu",
        "tri gia",
        "gia tri",
        "boi thuong",
        "den bu",
        "ngan sach",
        "doanh thu",
        "loi nhuan",
        "thu nhap",
        "how much",
        "investment",
        "cost",
        "price",
        "value",
        "worth",
        "income",
        "salary",
        "wage",
        "wages",
        "compensation",
        "budget",
        "revenue",
        "profit",
        "fund",
        "funds",
        "allocate",
        "paid",
        "money",
    ):
        return MONEY
    if _has(q, "tang bao nhieu", "giam bao nhieu", "tang them bao nhieu", "increase by", "grow by", "rise by"):
        return frozenset()  # "xuất khẩu gạo tăng bao nhiêu so với …": a change, in % or in the measure's unit
    if _has(q, "bao nhieu", "how many", "so luong", "number of"):
        return COUNT
    return frozenset()


RULES: tuple[Callable[[str], Expected | None], ...] = (
    successor,
    said,
    compare,
    when,
    who,
    places,
    projects,
    bodies,
    figure,
)


def expected(question: str) -> Expected | None:
    """The first rule's answer for the folded question, with the rule's name; None: no rule fits."""
    q = fold(question)
    for rule in RULES:
        found = rule(q)
        if found is not None:
            return Expected(found.kind, found.units, found.types, found.many, rule.__name__, found.role, found.counted)
    return None
