"""Companies and investors: "Công ty CP Tập đoàn Hòa Phát", "Tập đoàn Samsung", "Vietcombank".

Business and investment news names a company by a head word (công ty, tập đoàn, tổng công
ty, ngân hàng, quỹ, liên doanh and their abbreviations CTCP, TCT, NH), an optional legal
form (TNHH, cổ phần, MTV, TMCP) and a name that is mostly capitalised ("Đầu tư và Phát
triển Nam Long", "Nestlé Việt Nam"). After a first full mention articles use the bare name
("Hòa Phát"), which is then a mention of the same company.

A company's key is the slug of its *core name*: the name without head words and legal forms,
so "Công ty CP Tập đoàn Hòa Phát", "Tập đoàn Hòa Phát" and "Hòa Phát" are one node in every
document. State bodies that share a head word (Ngân hàng Nhà nước, Quỹ Bảo hiểm xã hội) are
organisations, not companies, and are left to :mod:`kg.extract.orgs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document
from ..text import fold, slugify
from .model import Entity, merge_entities
from .orgs import PARTICLES, SURNAMES
from .spans import span

_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_HEAD = (
    r"(?:[Tt]ổng [Cc]ông ty|[Cc]ông ty|[Tt]ập đoàn|[Nn]gân hàng|[Qq]uỹ đầu tư|[Ll]iên doanh"
    r"|CTCP|Cty|TCT|Ctcp)"
)
_FORM = (
    r"(?:\s+(?:(?:[Tt]rách nhiệm hữu hạn|TNHH)(?:\s+(?:MTV|[Mm]ột thành viên|[Hh]ai thành viên|2TV))?"
    r"|[Cc]ổ phần|CP|MTV|[Tt]hương mại cổ phần|TMCP|[Ll]iên doanh|[Hh]ợp danh))*"
)
_COMPANY = re.compile(rf"(?<![\w])(?P<head>{_HEAD}){_FORM}(?=\s+[{_UP}\d])")
#: A company written with its trade in lower case before its name: a capitalised head word
#: ("Công ty cổ phần cơ khí … Đại Dũng", "Công ty xây dựng Hòa Bình"); never "các công ty …"
_TRADE = re.compile(rf"(?<![\w])(?P<head>Công ty|Tổng [Cc]ông ty|Cty){_FORM}(?=\s+[a-zđà-ỹ])")
_HEAD_AT = re.compile(rf"\s+{_HEAD}\s")
_TOKEN = re.compile(r"\s*(?P<word>[\w&'’+]+(?:\.[\w]+)*|[-–])")
# Words that end a company name: verbs, prepositions, particles. Names may hold other
# lower-case words ("Điện lực Việt Nam", "Xử lý chất thải rắn"), but must end capitalised.
_STOP = PARTICLES | frozenset(
    """làm thực biết các đi hai ba số giá cổ phiếu mua bán tăng giảm đạt ký nhận thành phụ đổi chôn
    xây sở hữu góp chiếm trả bằng sản công suất dài rộng tổng mức lên kế hoạch dự kiến""".split()
)
_COUNTRIES = frozenset(
    fold(c)
    for c in (
        "Hàn Quốc",
        "Nhật Bản",
        "Nhật",
        "Trung Quốc",
        "Mỹ",
        "Hoa Kỳ",
        "Đài Loan",
        "Singapore",
        "Thái Lan",
        "Pháp",
        "Đức",
        "Anh",
        "Nga",
        "Ấn Độ",
        "Úc",
        "Malaysia",
        "Indonesia",
        "Hà Lan",
        "Thụy Sĩ",
        "Nhà nước",
    )
)
MAX_WORDS = 12
_VOLTAGE = re.compile(r"\d{2,3}kV")
_NOT_COMPANY = frozenset(
    fold(n)
    for n in (  # state bodies and generic phrases behind a head word
        "Nhà nước",
        "Chính sách xã hội",
        "Thế giới",
        "Phát triển châu Á",
        "Bảo hiểm xã hội",
        "Nhà nước Việt Nam",
        "Trung ương",
        "Phòng chống thiên tai",
    )
)
# A core name made only of generic business words is too vague to find alone in the text.
_GENERIC = re.compile(
    r"(?:(?:Đầu tư|Xây dựng|Phát triển|Thương mại|Dịch vụ|Sản xuất|Công nghiệp|Kinh doanh"
    r"|Tư vấn|Cổ phần|Tập đoàn|Việt Nam)(?:\s+|$)|và\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CompanyHit:
    """One full mention: where it is, the label as written and the core name."""

    start: int
    end: int
    label: str
    core: str


def core_name(name: str) -> str:
    """The distinctive part of a company name: legal forms and head words dropped."""
    core, previous = name, None
    while core != previous:  # "Công ty CP Tập đoàn Hòa Phát": both heads go
        previous, core = core, re.sub(rf"^(?:{_HEAD}){_FORM}\s+", "", core).strip()
    core = re.sub(r"\s*[-–]\s*(?:CTCP|JSC|TNHH|Công ty cổ phần)$", "", core)
    return core or name


def short_names(core: str) -> list[str]:
    """Names a company goes by after its first mention: the core name, and its first word
    when that is a brand no Vietnamese syllable spells ("Viglacera", "Samsung", "Bitexco")."""
    first = core.split()[0]
    return [core, first] if _brand(first) and first != core else [core]


def _brand(word: str) -> bool:
    """A word no Vietnamese syllable spells: ASCII, six letters or more, capitalised."""
    return len(word) >= 6 and word.isascii() and word.isalpha() and word[0].isupper()


def company_hits(doc: Document) -> list[CompanyHit]:
    """Every full company mention ("Công ty CP X", "Tập đoàn X"), left to right."""
    hits: list[CompanyHit] = []
    for sent in doc.sentences:
        found = [*_COMPANY.finditer(doc.text, sent.start, sent.end), *_TRADE.finditer(doc.text, sent.start, sent.end)]
        for m in sorted(found, key=lambda m: (m.start(), -m.end())):
            if hits and m.start() < hits[-1].end:
                continue  # "Tập đoàn X" inside "Công ty CP Tập đoàn X"
            if m.re is _TRADE:  # "Công ty cổ phần cơ khí xây dựng thương mại Đại Dũng"
                end = _named_after_trade(doc.text, m.end(), sent.end, most=8)
                proper = re.search(rf"[{_UP}].*", doc.text[m.end() : end])
                if not end or proper is None or fold(proper.group()) in _COUNTRIES:
                    continue  # "Công ty đầu tư Trung Quốc": a company of a country, not its name
                if _truncated(doc.text, proper.group().strip(), end, sent.end):
                    continue  # "cổ phần Bảo hiểm …": the name goes on in lower case
            else:
                end = name_end(doc.text, m.end(), sent.end)
                if _HEAD_AT.match(doc.text, m.end()) and len(doc.text[m.end() : end].split()) == 1:
                    continue  # "công ty CP Tổng công ty phát triển …": the inner company is the name
            name = doc.text[m.end() : end].strip().rstrip(".")
            if name and _only_forms(name) and (named := _named_after_trade(doc.text, end, sent.end)):
                end = named  # "Công ty TNHH xây dựng Mai Phương Minh": the trade, then the name
                name = doc.text[m.end() : end].strip()
            if name and _truncated(doc.text, name, end, sent.end):
                end = lower_case_end(doc.text, end, sent.end)
                name = doc.text[m.end() : end].strip() if end else ""
            if not name or fold(name) in _COUNTRIES or _only_forms(name):
                continue  # "Công ty TNHH đã …": a legal form names no company
            if any(fold(doc.text[m.end() : m.end() + 40]).strip().startswith(n) for n in _NOT_COMPANY):
                continue
            end = m.end() + doc.text[m.end() : end].find(name) + len(name)
            hits.append(CompanyHit(m.start(), end, doc.text[m.start() : end], core_name(name)))
    return hits


def _only_forms(name: str) -> bool:
    """Whether what follows a head word is legal forms alone ("TNHH", "CP MTV"): no name yet."""
    return re.fullmatch(_FORM, " " + name) is not None


def _truncated(text: str, name: str, end: int, limit: int) -> bool:
    """A one-word name followed by lower-case words ("Công ty Giáo dục ...", "Ngân hàng Thế
    giới"): the name goes on in lower case, so where it ends cannot be told."""
    nxt = _TOKEN.match(text, end, limit)
    vietnamese = not name.isascii() or len(name) <= 4  # a syllable, not a brand ("Samsung")
    return (
        len(name.split()) == 1
        and vietnamese
        and nxt is not None
        and nxt.group("word")[0].islower()
        and nxt.group("word") not in _STOP
    )


#: Words a name's lower-case run ends before
_NOT_NAME = PARTICLES | {"biết", "các", "đi"}
_CLOSE = re.compile(r"\s*(?:[,;:()]|\.(?:\s|$)|$)")


def _named_after_trade(text: str, end: int, limit: int, most: int = 4) -> int:
    """After a legal form, a trade in lower case and then the capitalised name ("TNHH xây dựng
    Mai Phương Minh"): where that name ends; 0 when no name follows the trade."""
    pos = end
    for _ in range(most):
        m = _TOKEN.match(text, pos, limit)
        if m is None or m.group("word") in _NOT_NAME or not m.group("word")[0].isalpha():
            return 0
        if m.group("word")[0].isupper():
            named = name_end(text, m.start("word"), limit)
            return _before_a_person(text, m.start("word"), named) if named > m.start("word") else 0
        pos = m.end()
    return 0


def _before_a_person(text: str, start: int, end: int) -> int:
    """A name that runs on into the person after it ("… Trung Nam Nguyễn Tâm Tiến"): it ends
    before a surname followed by two capitalised words."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for i, w in enumerate(words[1:], 1):
        if w.group() in SURNAMES and len(words) - i >= 3 and all(x.group()[:1].isupper() for x in words[i : i + 3]):
            return start + words[i - 1].end()
    return end


def lower_case_end(text: str, end: int, limit: int, most: int = 8) -> int:
    """Where a name that goes on in lower case ends, when the text says it: the run of
    lower-case words right after it stops at a comma, a bracket or the sentence's end, with no
    verb or particle on the way ("Công ty Khai thác và sản xuất vật liệu xây dựng, thuộc …");
    0 when it does not ("Công ty Giáo dục đã …": where the name ends cannot be told)."""
    pos = end
    for _ in range(most):
        m = _TOKEN.match(text, pos, limit)
        if m is None or not m.group("word")[0].islower() or m.group("word") in _NOT_NAME:
            break
        pos = m.end()
        if _CLOSE.match(text, pos, limit) or pos >= limit:
            return pos
    return 0


_NEXT_COMPANY = re.compile(r"(?:Công ty|Tổng [Cc]ông ty|Cty|Cty\.)\s")
_NEXT_WORK = re.compile(r"(?:Dự án|Công trình)\s")


def name_end(text: str, pos: int, limit: int, max_lower: int = 5, stop: frozenset[str] = _STOP) -> int:
    """Where a name starting at ``pos`` ends: before the first ``stop`` word or punctuation, at
    the last capitalised word, acronym or number (at most :data:`MAX_WORDS` words, and at
    most ``max_lower`` lower-case words in a row)."""
    end, count, previous, lower = pos, 0, "", 0
    while count < MAX_WORDS and (m := _TOKEN.match(text, pos, limit)) is not None:
        word = m.group("word")
        if word.lower() in stop and not word[0].isupper():
            break
        if count >= 2 and _NEXT_COMPANY.match(text, m.start("word")):
            break  # "Công ty Cổ phần Trung Nam Công ty Cổ phần …": a caption ran two names together
        if word == "và" and (
            _COMPANY.match(text, m.end() + 1)
            or _NEXT_WORK.match(text, m.end() + 1)
            or not text[m.end() + 1 : m.end() + 2].isupper()
        ):
            break  # "Công ty A và Công ty B", "Dự án A và Dự án B": two names; "A và đường B": a list
        voltage = bool(_VOLTAGE.fullmatch(word))  # "Đường dây 500kV mạch 3 ...": part of the name
        named_on = bool(re.match(rf"\s+[{_UP}]", text[m.end() : m.end() + 2]))  # "mạch 3 Vũng Áng"
        numbered = previous in ("đai", "lộ", "số", "tuyến") and len(word) <= 3  # "Vành đai 3", "Tỉnh lộ 8"
        if (
            word[0].isdigit()
            and not previous[:1].isupper()
            and not voltage
            and not numbered
            and not (named_on and len(word) <= 2)
        ):
            break  # a figure, not part of the name ("... đầu tư 1 tỉ USD")
        lower = 0 if word[0].isupper() or word[0].isdigit() else lower + 1
        if lower > max_lower:
            break
        if (
            word[0].isupper()
            or word == "&"
            or (word[0].isdigit() and (previous[:1].isupper() or voltage))
            or (word == "nước" and previous == "Nhà")
        ):  # "... vốn Nhà nước"
            end = m.end()
        pos, count, previous = m.end(), count + 1, word
    return end


def _bare_mentions(doc: Document, cores: dict[str, Entity], taken: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Later mentions by the core name alone, when it is distinctive (two words or an acronym)."""
    out: list[tuple[str, int, int]] = []
    for key, entity in cores.items():
        core = entity.aliases[0] if entity.aliases else entity.label
        for name in short_names(core):
            distinctive = (
                len(name.split()) >= 2 or re.fullmatch(rf"[{_UP}0-9&-]{{3,}}", name) or name != core or _brand(name)
            )
            if not distinctive or _GENERIC.fullmatch(name):
                continue
            out.extend((key, start, end) for start, end in _free(doc, name, taken, before=r"\w"))
    return out


def _free(doc: Document, name: str, taken: list[tuple[int, int]], before: str) -> list[tuple[int, int]]:
    """The occurrences of ``name`` as a word (not after a ``before`` character) that no earlier
    mention covers; each is marked as taken."""
    out = []
    for m in re.finditer(rf"(?<![{before}]){re.escape(name)}(?!\w)", doc.text):
        if not any(s <= m.start() < e for s, e in taken):
            out.append((m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return out


# Companies named without a head word: a brand or an acronym that does business in the same
# clause ("Samsung đầu tư thêm 1 tỷ USD", "EVN cho biết lãi 2.000 tỷ đồng").
_BUSINESS = re.compile(
    r"(?<!\w)(?:đầu tư|rót vốn|góp vốn|sản xuất|mua lại|thâu tóm|sáp nhập|lãi|lỗ|doanh thu"
    r"|lợi nhuận|cổ phiếu|cổ phần|niêm yết|phát hành|sở hữu|thoái vốn|xuất khẩu|nhà máy"
    r"|chủ đầu tư|liên doanh|ký kết|trúng thầu|nhà thầu|hợp tác|thuê|đặt cọc|ghi nhớ)(?!\w)",
    re.IGNORECASE,
)
# A brand introduced as a firm: "đối tác khác là Samsung Pin", "nhà đầu tư Nhật, Toshin, công ty ..."
_FIRM_BEFORE = re.compile(
    r"(?:đối tác|nhà đầu tư|hãng|nhà thầu|chủ đầu tư|nhà sản xuất|nhà bán lẻ)"
    r"(?:\s+(?:khác|lớn|nước ngoài|ngoại|[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)?))?\s*(?:là|,)?\s+$"
)
_FIRM_AFTER = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?,\s*(?:một\s+)?(?:công ty|tập đoàn|hãng|nhà đầu tư|doanh nghiệp)(?!\w)", re.IGNORECASE
)
_BRAND = re.compile(r"(?<![\w.])(?P<name>[A-Z][\w&]*(?:\s+(?:[A-Z][\w&]*|\d{1,3}))*)(?![\w.])")
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?[aeiouy]+(ch|ng|nh|[cmnpt])?$", re.IGNORECASE
)
_NOT_BRAND = frozenset(
    """UBND HĐND GDP GRDP FDI ODA USD VND EUR BOT BT PPP KCN CCN KKT TP HCM TPHCM VN
    WTO ASEAN APEC EU WB ADB IMF CPI PCI EVFTA CPTPP HĐQT ĐHĐCĐ CEO TS ThS PGS GS NXB THPT THCS ĐH
    MTTQ QĐ NĐ TT CP TNHH MTV BĐS DN XNK KT XH CNTT NTM ATGT PCCC Covid COVID TTg VPCP TTXVN EPS
    LNTT DWT TEU FTA EPC NASDAQ Internet Video Fortune Complex IPO ETF HOSE HNX UPCoM OTC ROE ROA
    EBITDA GTVT TNMT KH ĐT""".split()
)
_PERSON_BEFORE = re.compile(
    r"(?:ông|bà|ngài|tổng thống|thủ tướng|bộ trưởng|CEO|giám đốc|chủ tịch|nhà sáng lập"
    r"|tỷ phú|cầu thủ|ca sĩ|diễn viên)\s+$",
    re.IGNORECASE,
)


def _foreign(word: str) -> bool:
    """A word no Vietnamese syllable spells (an acronym, or a brand such as "Samsung")."""
    return bool(word) and not _SYLLABLE.match(fold(word)) and word not in _NOT_BRAND


@lru_cache(maxsize=1)
def _abbreviation_forms() -> frozenset[str]:
    """Every spelling of the administrative abbreviations: "UBND" is no brand."""
    from ..abbreviations import ABBREVIATIONS

    return frozenset(f for a in ABBREVIATIONS for f in a.forms)


@lru_cache(maxsize=1)
def _territories() -> frozenset[str]:
    """Country and territory names in Vietnamese and English (CLDR data through Babel)."""
    from babel import Locale

    return frozenset(fold(n) for code in ("vi", "en") for n in Locale.parse(code).territories.values())


def _brands(doc: Document, taken: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Brands and acronyms that do business right beside them and are no place or person.

    An acronym ("EVN", "SCIC") needs a business word within a few words after it; a brand
    word ("Samsung", "Formosa") must also be named twice in the article.
    """
    known = _abbreviation_forms()
    out = []
    for sent in doc.sentences:
        for m in _BRAND.finditer(doc.text, sent.start, sent.end):
            words: list[str] = []
            for word in m.group("name").split():  # "VNN Ngày 5": the brand is "VNN"
                if not (_foreign(word) or word.isdigit() and words):
                    break
                words.append(word)
            if not words or not _foreign(words[0]) or words[0] in known or len(words[0]) < 3:
                continue
            name = " ".join(words)
            start, end = m.start(), m.start() + len(name)
            if any(s <= start < e for s, e in taken) or fold(name) in _territories():
                continue
            if _PERSON_BEFORE.search(doc.text[max(sent.start, start - 20) : start]):
                continue
            acronym = words[0].isupper() and len(words[0]) >= 3
            introduced = _FIRM_BEFORE.search(doc.text[max(sent.start, start - 40) : start]) or _FIRM_AFTER.match(
                doc.text, end
            )
            if (
                not introduced
                and not _BUSINESS.search(doc.text[end : min(sent.end, end + 30)])
                and not (not acronym and doc.text.count(name) >= 2 and _BUSINESS.search(sent.text))
            ):
                continue
            out.append((name, start, end))
    return out


def extract_companies(doc: Document) -> tuple[Entity, ...]:
    """Companies with every mention, one entity per core name."""
    found: dict[str, Entity] = {}
    taken = []
    for hit in company_hits(doc):
        key = slugify(hit.core)
        if not key:
            continue
        entity = Entity("Company", key, hit.label, (hit.core,), mentions=(span(doc, hit.start, hit.end),))
        found[key] = found[key].merged(entity) if key in found else entity
        taken.append((hit.start, hit.end))
    for key, start, end in _bare_mentions(doc, found, taken):
        found[key] = found[key].merged(Entity("Company", key, found[key].label, mentions=(span(doc, start, end),)))
    _add_mentions(doc, found, taken, _tickers(doc, found))
    brands = {}
    for name, start, end in _brands(doc, taken):
        key = slugify(name)
        entity = Entity("Company", key, name, mentions=(span(doc, start, end),))
        found[key] = found[key].merged(entity) if key in found else entity
        brands[name] = key
        taken.append((start, end))
    _add_mentions(doc, found, taken, brands)  # a brand once known is a company wherever named
    _add_mentions(doc, found, taken, _tickers(doc, found))
    return merge_entities(found.values())


# "Tổng công ty Vật tư Nông nghiệp Việt Nam (Vigecam)", "Viglacera (VGC)", "Hòa Phát (HOSE: HPG)"
_TICKER = re.compile(
    r"\s*\(\s*(?:(?:mã(?:\s+(?:chứng khoán|CK|cổ phiếu))?|HOSE|HNX|UPCoM)\s*:?\s*)?"
    rf"(?P<name>[{_UP}][\w&-]{{1,14}})\s*[,;)]"
)


def _tickers(doc: Document, found: dict[str, Entity]) -> dict[str, str]:
    """Short names and stock codes written in parentheses right after a company's mention:
    later mentions by them are the same company, not a new one."""
    out: dict[str, str] = {}
    for key, entity in found.items():
        for mention in entity.mentions:
            m = _TICKER.match(doc.text, mention.end)
            if m is None:
                continue
            name = m.group("name")
            if (
                name in _NOT_BRAND
                or fold(name) in _COUNTRIES
                or fold(name) in _territories()
                or (_SYLLABLE.match(fold(name)) and not name.isupper())
            ):
                continue  # "(Nhật)", "(Hà Nội)": where it is from, not what it is called
            out.setdefault(name, key)
    return out


def _add_mentions(doc: Document, found: dict[str, Entity], taken: list[tuple[int, int]], names: dict[str, str]) -> None:
    """Every free occurrence of ``name`` is a mention of company ``names[name]``; a separate
    entity made from that name alone (a brand read before its full name) is merged in."""
    for name, key in names.items():
        other = slugify(name)
        if other != key and other in found and found[other].label == name:
            found[key] = found[key].merged(found.pop(other))
        extra = [span(doc, start, end) for start, end in _free(doc, name, taken, before=r"\w.")]
        if key in found and (extra or name not in found[key].aliases):
            found[key] = found[key].merged(Entity("Company", key, found[key].label, (name,), mentions=tuple(extra)))
