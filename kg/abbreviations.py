"""Vietnamese administrative abbreviations: a table, and expansion both ways.

Government news writes "UBND tỉnh", "KCN Sông Công 2" or "ĐT262" where a reader (or a
search query) may use the long form, and the other way round. Extraction uses this table to
give an organisation one key whatever its spelling; search uses it so that "ubnd thai
nguyen" finds "Ủy ban nhân dân tỉnh Thái Nguyên". It depends on :mod:`kg.text` only, so
both can import it cheaply.

Two matching modes, chosen per text:

* running text (any upper-case letter): the spellings of the table, case-sensitive, at word
  boundaries, so "UBND" matches and the "tp" of a word never does;
* a query typed in lower case (no upper-case letter): matched on the folded text
  (``ubnd``, ``kt-xh``, ``dt``), except spellings that fold to an ordinary syllable
  ("TƯ" -> "tu", "BOT" -> "bot"), which would rewrite "đầu tư" or "bột".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from kg.text import fold


@dataclass(frozen=True)
class Abbreviation:
    """One abbreviation: its spellings (the first is canonical), expansion and English gloss."""

    forms: tuple[str, ...]
    expansion: str
    gloss: str

    @property
    def short(self) -> str:
        return self.forms[0]


@dataclass(frozen=True)
class Found:
    """An abbreviation (or, for :func:`contract`, an expansion) found in a text."""

    start: int
    end: int
    text: str
    abbreviation: Abbreviation


# spellings ("|"-separated, canonical first), expansion as written mid-sentence, gloss.
# Expansions that head proper names are capitalised ("Ủy ban nhân dân"); common nouns are
# not ("doanh nghiệp"), and are capitalised only at the start of a text.
_ROWS = """
UBND|UBNDND|UB ND	Ủy ban nhân dân	People's Committee
HĐND	Hội đồng nhân dân	People's Council
UBMTTQ|UB MTTQ	Ủy ban Mặt trận Tổ quốc	Fatherland Front Committee
MTTQ	Mặt trận Tổ quốc	Fatherland Front
UBKT	Ủy ban Kiểm tra	Inspection Committee (Party)
UBTVQH	Ủy ban Thường vụ Quốc hội	National Assembly Standing Committee
ĐBQH	đại biểu Quốc hội	National Assembly deputy
QH	Quốc hội	National Assembly
TW|TƯ	Trung ương	Central (Party/State)
BCH	Ban Chấp hành	Executive Committee
BTV	Ban Thường vụ	Standing Committee
BCĐ	Ban Chỉ đạo	Steering Committee
BQL	Ban Quản lý	Management Board
BQLDA	Ban Quản lý dự án	Project Management Board
HĐQT	Hội đồng quản trị	Board of Directors
TP.HCM|TPHCM|TP HCM|TP. HCM|TP.Hồ Chí Minh	Thành phố Hồ Chí Minh	Ho Chi Minh City
TP|TP.|Tp.|Tp	thành phố	city
TX|TX.	thị xã	town (district-level)
TT|TT.	thị trấn	township
KCN	Khu công nghiệp	industrial park
CCN	Cụm công nghiệp	industrial cluster
KKT	Khu kinh tế	economic zone
KCX	Khu chế xuất	export processing zone
KCNC	Khu công nghệ cao	high-tech park
NTM	nông thôn mới	new rural development
ĐT|ĐT.	Đường tỉnh	provincial road
QL|QL.	Quốc lộ	national highway
KT-XH|KTXH|KT - XH	kinh tế - xã hội	socio-economic
GPMB	giải phóng mặt bằng	site clearance
CNH-HĐH|CNH, HĐH|CNH - HĐH	công nghiệp hóa - hiện đại hóa	industrialisation and modernisation
DNNVV	doanh nghiệp nhỏ và vừa	small and medium-sized enterprises
DNNN	doanh nghiệp nhà nước	state-owned enterprise
DN	doanh nghiệp	enterprise
HTX	hợp tác xã	cooperative
FDI	đầu tư trực tiếp nước ngoài	foreign direct investment
GRDP	tổng sản phẩm trên địa bàn	gross regional domestic product
GDP	tổng sản phẩm quốc nội	gross domestic product
CPI	chỉ số giá tiêu dùng	consumer price index
PCI	chỉ số năng lực cạnh tranh cấp tỉnh	provincial competitiveness index
PAPI	chỉ số hiệu quả quản trị và hành chính công cấp tỉnh	provincial governance index
ODA	hỗ trợ phát triển chính thức	official development assistance
PPP	đối tác công tư	public-private partnership
BOT	xây dựng - kinh doanh - chuyển giao	build-operate-transfer
NSNN	ngân sách nhà nước	state budget
XDCB	xây dựng cơ bản	capital construction
ATGT	an toàn giao thông	traffic safety
ANTT	an ninh trật tự	security and order
TTATXH	trật tự an toàn xã hội	social order and safety
QP-AN|QPAN|QP - AN	quốc phòng - an ninh	defence and security
CCHC	cải cách hành chính	administrative reform
TTHC	thủ tục hành chính	administrative procedures
CNTT	công nghệ thông tin	information technology
THCS	trung học cơ sở	lower secondary school
THPT	trung học phổ thông	upper secondary school
BHXH	bảo hiểm xã hội	social insurance
BHYT	bảo hiểm y tế	health insurance
BHTN	bảo hiểm thất nghiệp	unemployment insurance
CBCCVC	cán bộ, công chức, viên chức	officials, civil servants and public employees
CBCC	cán bộ, công chức	officials and civil servants
NLĐ	người lao động	workers
QSDĐ	quyền sử dụng đất	land use rights
ĐTM	đánh giá tác động môi trường	environmental impact assessment
PCCC	phòng cháy chữa cháy	fire prevention and fighting
CSGT	cảnh sát giao thông	traffic police
VKSND	Viện kiểm sát nhân dân	People's Procuracy
TAND	Tòa án nhân dân	People's Court
CAND	Công an nhân dân	People's Public Security
QĐND	Quân đội nhân dân	People's Army
LLVT	lực lượng vũ trang	armed forces
TNCS	Thanh niên Cộng sản	Communist Youth
XHCN	xã hội chủ nghĩa	socialist
NHNN	Ngân hàng Nhà nước	State Bank
KBNN	Kho bạc Nhà nước	State Treasury
TNHH	trách nhiệm hữu hạn	limited liability
VH-TT-DL|VH-TT&DL|VHTTDL|VH, TT&DL	Văn hóa, Thể thao và Du lịch	Culture, Sports and Tourism
KH&ĐT|KH-ĐT|KHĐT	Kế hoạch và Đầu tư	Planning and Investment
GTVT	Giao thông vận tải	Transport
TN&MT|TN-MT|TNMT	Tài nguyên và Môi trường	Natural Resources and Environment
NN&PTNT|NN-PTNT|NNPTNT	Nông nghiệp và Phát triển nông thôn	Agriculture and Rural Development
LĐ-TB&XH|LĐTB&XH|LĐ-TBXH|LĐTBXH	Lao động - Thương binh và Xã hội	Labour, Invalids and Social Affairs
KH&CN|KH-CN|KHCN	Khoa học và Công nghệ	Science and Technology
TT&TT|TT-TT|TTTT	Thông tin và Truyền thông	Information and Communications
GD&ĐT|GD-ĐT|GDĐT	Giáo dục và Đào tạo	Education and Training
CN-TTCN|CN - TTCN	công nghiệp - tiểu thủ công nghiệp	industry and handicrafts
TM-DV|TMDV	thương mại - dịch vụ	trade and services
"""

#: The table: every abbreviation with its spellings, expansion and English gloss.
ABBREVIATIONS: tuple[Abbreviation, ...] = tuple(
    Abbreviation(tuple(forms.split("|")), expansion, gloss)
    for forms, expansion, gloss in (line.split("\t") for line in _ROWS.strip().split("\n"))
)

# A folded form that is itself one Vietnamese syllable ("tu", "bot") is not safe in queries.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]+"
    r"(ch|ng|nh|[cmnpt])?$"
)


def _alternation(forms: Iterable[str]) -> str:
    # Longest first, so "TP.HCM" wins over "TP" and "DNNN" over "DN".
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


def _bounded(alternation: str, flags: int = 0) -> re.Pattern[str]:
    # Not inside a word; a digit may follow ("ĐT262", "QL3"), a letter may not.
    return re.compile(rf"(?<![\w&-])(?:{alternation})(?![^\W\d]|&)", flags)


@lru_cache(maxsize=1)
def _cased() -> tuple[re.Pattern[str], dict[str, Abbreviation]]:
    by_form = {f: a for a in ABBREVIATIONS for f in a.forms}
    return _bounded(_alternation(by_form)), by_form


@lru_cache(maxsize=1)
def _folded() -> tuple[re.Pattern[str], dict[str, Abbreviation]]:
    by_form = {fold(f): a for a in ABBREVIATIONS for f in a.forms if not _SYLLABLE.match(fold(f))}
    return _bounded(_alternation(by_form)), by_form


def _expansion_pattern(expansion: str) -> str:
    # Tolerate the spacing of hyphens and commas that texts vary on ("kinh tế-xã hội").
    out = []
    for token in re.split(r"(\s*[-–,]\s*|\s+)", expansion):
        if not token:
            continue
        sep = token.strip()
        if token.isspace():
            out.append(r"\s+")
        elif sep in ("-", "–"):
            out.append(r"\s*[-–]\s*")
        elif sep == ",":
            out.append(r"\s*,\s*")
        else:
            out.append(re.escape(token))
    return "".join(out)


@lru_cache(maxsize=2)
def _expansions(query: bool) -> tuple[re.Pattern[str], dict[str, Abbreviation]]:
    by_key = {fold(a.expansion): a for a in reversed(ABBREVIATIONS)}  # first row wins ties
    ordered = sorted(by_key.values(), key=lambda a: len(a.expansion), reverse=True)
    written = (fold(a.expansion) if query else a.expansion for a in ordered)
    alternation = "|".join(_expansion_pattern(w) for w in written)
    return _bounded(alternation, re.IGNORECASE), by_key


def _is_query(text: str) -> bool:
    return text == text.lower()


def abbreviations_in(text: str) -> tuple[Found, ...]:
    """The abbreviations a text uses, in order.

    Args:
        text: running text (case-sensitive matching) or a lower-case query (folded matching).

    Returns:
        One :class:`Found` per occurrence, with offsets into ``text``.
    """
    pattern, table = _folded() if _is_query(text) else _cased()
    subject = fold(text) if _is_query(text) else text
    return tuple(
        Found(m.start(), m.end(), text[m.start() : m.end()], table[m.group(0)]) for m in pattern.finditer(subject)
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _splice(text: str, found: Iterable[Found], replacement: Callable[[Found], str]) -> str:
    out: list[str] = []
    last = 0
    for f in found:
        out.append(text[last : f.start])
        out.append(replacement(f))
        last = f.end
    return "".join(out) + text[last:]


def _written(found: Found, text: str) -> str:
    """The expansion of one abbreviation of ``text``, cased and spaced to fit where it stands."""
    long = found.abbreviation.expansion
    glued = " " if text[found.end : found.end + 1].isalnum() else ""  # "ĐT262" -> "Đường tỉnh 262"
    if _is_query(text):
        return (fold(long) if fold(text) == text else long.lower()) + glued
    before = text[: found.start].rstrip()
    return (_cap(long) if not before or before[-1] in ".!?:\n" else long) + glued


def expand(text: str) -> str:
    """The text with every known abbreviation written out.

    >>> expand("UBND TP Sông Công")
    'Ủy ban nhân dân thành phố Sông Công'
    >>> expand("ubnd tinh thai nguyen")
    'uy ban nhan dan tinh thai nguyen'

    A lower-case query gets lower-case expansions, accent-free if the query had no accents.
    """
    return _splice(text, abbreviations_in(text), lambda f: _written(f, text))


def expansions_in(text: str) -> tuple[Found, ...]:
    """Written-out forms the table knows ("Ủy ban nhân dân", "khu công nghiệp"), in order."""
    query = _is_query(text)
    pattern, table = _expansions(query)
    subject = fold(text) if query else text
    return tuple(
        Found(m.start(), m.end(), text[m.start() : m.end()], table[_key(m.group(0))]) for m in pattern.finditer(subject)
    )


def _key(written: str) -> str:
    # The table key of a matched expansion, whatever its spacing around hyphens and commas.
    return re.sub(r"\s*([-–,])\s*", lambda m: " - " if m.group(1) in "-–" else ", ", re.sub(r"\s+", " ", fold(written)))


def contract(text: str) -> str:
    """The text with every written-out form the table knows replaced by its abbreviation.

    >>> contract("Ủy ban nhân dân thành phố Sông Công")
    'UBND TP Sông Công'
    """
    query = _is_query(text)
    return _splice(text, expansions_in(text), lambda f: fold(f.abbreviation.short) if query else f.abbreviation.short)


def variants(term: str, limit: int = 16) -> set[str]:
    """Abbreviated, written-out and mixed spellings of a name, the name itself included.

    >>> sorted(variants("UBND tỉnh Thái Nguyên"))
    ['UBND tỉnh Thái Nguyên', 'Ủy ban nhân dân tỉnh Thái Nguyên']

    Mixed forms ("UBND thành phố Sông Công") are included while there are at most
    ``log2(limit)`` places to choose; beyond that only the two extremes.
    """
    short = contract(term)
    spots = abbreviations_in(short)
    out = {term, short, expand(short)}
    if 2 ** len(spots) > limit:
        return out
    for choice in product((False, True), repeat=len(spots)):
        pick = dict(zip(spots, choice, strict=True))

        def written(f: Found, pick: dict[Found, bool] = pick) -> str:
            return _written(f, short) if pick[f] else f.text

        out.add(_splice(short, spots, written))
    return out
