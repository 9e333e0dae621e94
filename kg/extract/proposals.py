"""The words of requests: cues, what tells a verb from a noun, and where items begin and end.

:mod:`kg.extract.statements` reads proposals and directives with these patterns; they are
kept here, apart from the reading, so that each rule can be read (and tested) on its own.
Every pattern works on the running text of a sentence (case-insensitive unless it needs
capitals to find a name).

* Cues: *đề xuất*, *kiến nghị*, *đề nghị* (also "kính đề nghị", "kiến nghị với"), *xin* and
  *mong muốn* for proposals; *yêu cầu*, *chỉ đạo*, *giao* for directives.
* Not in verb use: a noun before ("các kiến nghị", "theo đề nghị của", "xét đề nghị",
  "năm kiến nghị") or after ("kiến nghị của", "đề xuất này"); a weaker noun before ("văn bản",
  "tờ trình", "là", "ý kiến") unless a body is addressed right after ("văn bản đề nghị Bộ …",
  "là kiến nghị Thủ tướng …"); passive or relative ("được cử tri kiến nghị", "do UBND tỉnh
  đề nghị"); denied ("không đề xuất"); supposed ("nếu … yêu cầu", "khi doanh nghiệp kiến
  nghị", but not "nếu …, thì sở đề xuất"); a duty ("có nhiệm vụ nghiên cứu, tư vấn, đề
  xuất …").
* *xin* asks only after a subject and before what is asked ("xin được", "xin cơ chế", "xin
  ứng trước vốn"), never "xin lỗi", "xin cảm ơn", "để xin", "xin cho"; *mong muốn* only with
  a body addressed ("mong muốn Chính phủ …").
"""

from __future__ import annotations

import re
from functools import lru_cache

UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"

PROPOSALS = ("đề xuất, kiến nghị", "kiến nghị, đề xuất", "đề xuất", "kiến nghị", "đề nghị")
WISHES = ("xin", "mong muốn", "mong")
DIRECTIVES = ("yêu cầu", "chỉ đạo", "giao")
TRIGGER = re.compile(r"(?<!\w)(?:{})(?!\w)".format("|".join(PROPOSALS + WISHES + DIRECTIVES)), re.I)

_NUMBERS = "hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"
NOUN_BEFORE = re.compile(
    r"(?<!\w)(?:những|các|một số|nhiều|mọi|sự|đơn|theo|xét|về|của|trong|tiếp thu|chấp thuận|"
    r"ghi nhận|trả lời|nhận được|đáp ứng|đạt|đúng|(?<!văn )bản|ban|lời|phiếu|việc|chấp hành|"
    r"thực hiện|bác|bác bỏ|từ chối|phản đối|ủng hộ|thông qua|chưa có|không có|giải quyết|"
    rf"xem xét|được|niềm|bày tỏ|thể hiện|nguyện vọng|hồ sơ|giấy|thủ tục|do|(?<!thứ )(?:{_NUMBERS}))\W*$"
    r"|(?<!\w)(?:đáp ứng|theo|đạt)\s+\w+\s+$"
    r"|(?<!\w)(?:phản ánh|khiếu nại|tố cáo|thắc mắc),\s*$",
    re.I,
)
#: Nouns before a cue that still let it be a verb when a body is addressed right after.
WEAK_BEFORE = re.compile(
    r"(?<!\w)(?:là|ý kiến|lãnh đạo|công tác|phát biểu|với|để|nhằm|"
    r"văn bản|thư|tờ trình|công văn|(?<!phường )(?<!quận )(?<!khu )(?<!tổ )(?<!số )\d+)\W*$",
    re.I,
)
#: Nouns of :data:`WEAK_BEFORE` that name a request rather than carry one even before a verb:
#: "với đề nghị xây dựng cầu, Bộ trả lời …", "là đề xuất xây dựng …".
WEAK_NOUN_ONLY = re.compile(r"(?<!\w)(?:là|với)\W*$", re.I)
#: A person named by a role or an honorific right before a verb: "Bộ trưởng đề nghị, …".
ROLE_BEFORE = re.compile(
    r"(?<!\w)(?:bộ trưởng|thứ trưởng|chủ tịch|giám đốc|bí thư|trưởng ban|chủ nhiệm|viện trưởng|"
    r"thủ tướng|đại biểu|ĐB|ông|bà|cử tri)(?:\s+[^\s,;]+){0,6}?"
    r"(?:\s+(?:cũng|đã|vừa|tiếp tục|còn))*\s*$",
    re.I,
)
NOUN_AFTER = re.compile(
    r"\s*(?:của|này|đó|trên|nêu|được|đặt ra|chính đáng|hợp lý|cơ bản|"
    r"mới|cao|chung|là|lần|tại|ngày|số|và|rất|nói trên|kể trên|đã|thì|"
    r"sau|hay|nào|ấy|kia|nhiều lần|mấy lần|nhiều năm|"
    r"khởi tố|truy tố)(?!\w)",
    re.I,
)  # "kiến nghị khởi tố": a step of criminal procedure
#: "Sở … phải đề xuất giải pháp", "cần kiến nghị": someone's duty to propose, not a proposal.
OBLIGED = re.compile(r"(?<!\w)(?:phải|cần)\s+$", re.I)
#: "đã gửi công văn tới UBND TP để đề xuất …": what a letter to a body was sent for is asked.
SENT_FOR = re.compile(
    r"(?<!\w)(?:gửi|trình)\s+(?:(?:\w+\s+){0,3}(?:tới|đến|lên|cho)\s+[^,;]{2,40}?\s+để"
    r"|[^,;]{2,40}?\s+(?:văn bản|công văn|tờ trình|thư))\s*$",
    re.I,
)
NOT_GIAO = re.compile(r"(?<!\w)(?:ngoại|bàn|chuyển|trao|tiếp|kết|tân|bang|được)\s+$", re.I)
NOT_WISH_BEFORE = re.compile(
    r"(?<!\w)(?:để|việc|phiếu|đơn|chỉ|mà|đi|được|sự|niềm|những|các|bày tỏ|thể hiện|"
    r"nguyện vọng|lời|có thể|phải|thủ tục|hồ sơ|hoặc|không|chưa|muốn|cần|nên|ý định|"
    r"dự định)\s*$",
    re.I,
)
#: Who may *xin* on the record: a body, a place, an institution ("xã đang xin huyện …"), not
#: a person asking a favour ("em vào nhà dân xin được chăn ngựa").
PRIVATE = re.compile(
    r"(?<!\w)(?:ông|bà|anh|chị|em|tôi|cháu|họ|mình|người dân|gia đình)"
    r"(?:\s+(?:cũng|đã|sẽ|đang|vẫn|còn))*\s*$",
    re.I,
)
XIN_SUBJECT = re.compile(
    r"(?<!\w)(?:tỉnh|thành phố|TP|huyện|quận|thị xã|xã|phường|địa phương|"
    r"trường|bệnh viện|công ty|doanh nghiệp|DN|bộ|sở|ngành|cơ quan|đơn vị|ban|"
    r"UBND|hiệp hội|nhà đầu tư|chủ đầu tư|nhà trường)"
    r"(?:\s+(?:này|cũng|đã|sẽ|tiếp tục|còn|vẫn|đang|đồng thời|mới|vừa))*\s*$",
    re.I,
)
#: A document that asks, sent or not: "đưa tờ trình xin chủ trương …", "làm đơn gửi quận và các
#: ngành chức năng xin được chuyển đổi …" (with what is asked for, :data:`XIN_OBJECT`).
#: Applications counted, not made: "số đơn xin cấp bằng sáng chế đã tăng" asks nothing.
COUNTED_APPLICATIONS = re.compile(r"(?<!\w)(?:số|lượng|các|những)\s+đơn\s*$", re.I)
XIN_DOCUMENT = re.compile(
    r"(?<!\w)(?:tờ trình|văn bản|công văn|đơn|thư)(?:\s+(?:gửi|lên|tới)\s+[^.;:“”\"]{1,60}?)?\s+$", re.I
)
#: "Những lĩnh vực mà Việt Nam mong muốn Keidanren xúc tiến …": a relative clause.
RELATIVE = re.compile(r"(?<!\w)mà\s+(?:[^\s,;]+\s+){0,4}$", re.I)
#: A request told inside a relative clause, whose subject may be longer: "mà Bảo hiểm xã hội
#: tỉnh đề nghị thương thảo lại giá, …": its content ends at the clause's comma.
IN_RELATIVE = re.compile(r"(?<!\w)(?<!vậy )(?<!thế )(?<!đó )mà\s+(?:[^\s,;]+\s+){0,7}$", re.I)
#: A piece that describes rather than asks: "…, vốn tạo ra rào cản …", "…, có thể ảnh hưởng …".
DESCRIBES = re.compile(r"(?:vốn|có thể|đã|đang|sẽ|vẫn|từng)\s", re.I)
XIN_OBJECT = re.compile(
    r"\s+(?:được|cơ chế|chủ trương|bổ sung|hỗ trợ|tạm ứng|ứng trước|ứng|vốn|kinh phí|"
    r"gia hạn|điều chỉnh|cho phép|chuyển|kéo dài|thêm|miễn|giảm|hoãn|lùi|giữ|nâng|tăng|"
    r"đầu tư|ngân sách|cấp|thuê|mượn)(?!\w)",
    re.I,
)
_HYPOTHESIS = re.compile(r"(?<!\w)(?:nếu|trường hợp|có thể|giả sử)(?!\w)", re.I)
#: "khi doanh nghiệp kiến nghị", "trước khi đề xuất", "Khi đề xuất đầu tư, …" (not "ông X,
#: Chủ tịch Hiệp hội, khi kiến nghị …": one act of a named person)
#: (not "khi nghe X đề nghị": heard; not "ngay cả khi": even though; not "khi …, thì X đề nghị": the
#: main clause after the time clause)
_WHEN = re.compile(
    r"(?<!\w)(?<!cả )khi\s+(?!nghe\s)(?![^,;]*(?<!\w)thì\s)\w[^,;]*\s$|(?<!\w)(?:trước|sau)\s+khi\s+$", re.I
)
_WHEN_NAMED = re.compile(rf"(?<!\w)[{UP}][\w.]*\s+khi\s+$")
#: A clause that the cue stands in, whose "thì" opens the main clause after the request.
SUPPOSING = re.compile(r"(?<!\w)(?:ngay cả khi|ngay cả|kể cả khi|khi|nếu)(?!\w)(?![^,;]*(?<!\w)thì\s)", re.I)
_JUST_WHEN = re.compile(r"(?<!\w)khi\s+$", re.I)
_THEN = re.compile(r"(?<!\w)thì(?!\w)", re.I)
_DENIED = re.compile(r"(?<!\w)(?:không|chưa|chẳng)(?:\s+(?:hề|từng|bao giờ))?\s+$", re.I)
_DUTY = re.compile(
    r"(?<!\w)(?:nhiệm vụ|(?<!ngành )(?<!quan )(?<!lượng )(?<!vị )chức năng|trách nhiệm|thẩm quyền|được giao)"
    r"(?:\s+(?:là|chính))?\s*(?:[^\W\d]+(?:\s+[^\W\d]+)?\s*(?:,|và)\s*){0,5}$",
    re.I,
)
_PASSIVE = re.compile(
    r"(?<!\w)(?:được|bị|do)\s+(?!(?:biết|vậy|đó|thế|không|chưa|thiếu|có|nhiều|là)(?!\w))"
    r"(?:(?!(?:và|mà|nhưng|rồi|để|thì|nên|gây|đã)\s)"
    r"(?:[^\s,;.“”\"]+\s+|[^\s,;.“”\"]+,\s+(?=(?:thành phố|tỉnh|ngành|huyện|quận|xã)(?!\w)))"
    r"){1,5}$",
    re.I,
)
#: "theo yêu cầu của X, …", "Theo đề nghị của X, …": a request attributed before what it asks
BY_WHOSE = re.compile(r"^\W*(?:(?:cũng|đồng thời|và|ngoài ra)\s+)?theo\s*$", re.I)  # opening the sentence
OF_WHOM = re.compile(r"\s+của\s+[^,;:.“”\"]{2,80}?,\s*")
INTRO = re.compile(
    r"[^;:]{0,60}?(?:,\s*|\s)(?:liên quan (?:đến|tới)|về việc|như|gồm|bao gồm)"
    r"\s*:?\s*|[^;:]{0,60}?:\s*"
)
_SKIP = re.compile(
    r"(?:\s+|[,:“\"”‘’']|(?<!\w)(?:(?:bao )?gồm|thêm|rằng|với|lên|tới|đến|"
    r"cho(?!\s+phép))(?!\w))*",
    re.I,
)
_COLON_INTRO = re.compile(r"(?:[^\s:;,“”\"]+\s+){0,5}[^\s:;,“”\"]+\s*:\s*")
ENUM = re.compile(
    rf"(?:thứ\s+(?:nhất|{_NUMBERS}|tư)|(?:một|{_NUMBERS}|bốn)\s+là"
    r"|\(?\d{1,2}[.)](?=\s)|[a-e]\)|[-–•+](?=\s))\s*[,:.]?\s*",
    re.I,
)
FIRST = re.compile(r"(?<!\w)(?:thứ nhất|một là)(?!\w)|(?:^|:\s*)\(?1[.)]\s", re.I)
NEXT = re.compile(
    rf"\W*(?:thứ\s+(?:{_NUMBERS}|tư)|(?:{_NUMBERS}|bốn)\s+là"
    r"|nhóm\s+(?:giải pháp|biện pháp)\s+(?:khác|nữa|tiếp theo|thứ\s+\w+))(?!\w)"
    r"|\s*(?:\(?\d{1,2}[.)]|[-–•+])\s",
    re.I,
)
SUBJECT_ADVERB = re.compile(r"(?<!\w)(?:cũng|đã|sẽ|vừa|mới|tiếp tục|còn|đồng thời)\s*$", re.I)
ALTERNATIVE = re.compile(r"(?<!\w)hoặc\s*$", re.I)
JOINED = re.compile(
    r"(?:[,;]|(?<!\w)(?:và|đồng thời|cũng như|rồi))\s*"
    r"(?:(?:cũng|còn|thêm|đã|sẽ|tiếp tục|đặc biệt)\s+)*$",
    re.I,
)
_CONDITION = re.compile(r"(?:^|(?<=[\s“\"(]))(?:nếu|trường hợp|đối với|riêng với)(?!\w)", re.I)
CONDITION_THEN = re.compile(
    r"(?<!\w)(?:nếu|trường hợp|đối với|riêng với)(?!\w).*(?<!\w)thì"
    r"\s+(?:[^\s,;]+\s+){0,2}$",
    re.I | re.S,
)
_PLACE = r"(?P<w>thành phố|tp|tỉnh|huyện|thị xã|quận|địa phương)"
_ADVERBS = r"(?:\s+(?:cũng|đã|sẽ|tiếp tục|còn|vẫn|đồng thời|mới|vừa))*"
PLACE_SUBJECT = re.compile(
    rf"(?:^|(?<=\W))(?<!các )(?<!những )(?<!nhiều )(?<!mọi )(?<!số )"
    rf"{_PLACE}{_ADVERBS}\s*$",
    re.I,
)
#: "sở đề xuất", "Bộ cũng kiến nghị": the department or ministry of the document.
BARE_SUBJECT = re.compile(rf"(?:^|(?<=\W))(?P<h>[Ss]ở|[Bb]ộ){_ADVERBS}\s*$")
#: "Thủ tướng đề nghị", "Bộ trưởng cũng kiến nghị": a role named without its holder.
BARE_ROLE = re.compile(
    rf"(?:^|(?<=\W))(?<!Phó )(?P<h>Phó Thủ tướng|Thủ tướng|Tổng Bí thư|Bí thư|Chủ tịch|Bộ trưởng|Thứ trưởng|Giám đốc)"
    rf"{_ADVERBS}\s*$"
)
PLACE_NOUN = re.compile(rf"{_PLACE}(?!\w)", re.I)
PRONOUN = re.compile(rf"(?:^|(?<=\W))(?:đồng chí|ông|bà){_ADVERBS}\W*$", re.I)
NAMED_PERSON = re.compile(
    rf"(?<!\w)(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Đđ]ồng chí|ĐB|[Đđ]ại biểu)\s+"
    rf"(?P<name>[{UP}]\w*(?:\s+[{UP}]\w*){{0,3}}){_ADVERBS}\s*$"
)
THIS_BODY = re.compile(
    r"(?<!\w)(?:đơn vị|cơ quan|bộ|sở|hiệp hội|tổ chức|ngành|ủy ban|ban|"
    rf"doanh nghiệp|công ty)\s+(?:này|nói trên){_ADVERBS}\s*$",
    re.I,
)
WE = re.compile(rf"(?<!\w)chúng tôi{_ADVERBS}\s*$", re.I)
#: Where a sentence's subject stands: at its start, or after one short fronted phrase.
SUBJECT_SLOT = re.compile(
    r"\W*(?:[^,;]{0,40},\s*)?(?:(?:theo đó|tuy nhiên|ngoài ra|đồng thời|"
    r"bên cạnh đó|trong khi đó|cũng|sau đó)\W+)?"
    r"(?:(?:ông|bà|đồng chí|ĐB|đại biểu)\s+)?$",
    re.I,
)
NOT_SUBJECT = re.compile(r"(?:gửi|với|cho|tới|đến|của|và|lên)\s*$", re.I)
SENT_TO = re.compile(r"(?:gửi|lên|tới|giải trình với|làm việc với)\s+$", re.I)
#: Where a request's content stops inside its sentence: a photo caption or a video link, a
#: heading run into the next sentence ("… chưa phân bổ Chiều 17.5, …"), a contrast with
#: another subject ("… song các đơn vị quản lý đường bộ không thực hiện").
BREAK = re.compile(
    r"\s+[-–]\s*[Ảả]nh(?!\w)|\s*\([Ảả]nh(?!\w)|\s+Ảnh\s*:|\s+XEM\s"
    r"|\s*[-–]?\s*\d*\s*Nhấn để phóng to"
    r"|\s(?=(?:Sáng|Chiều|Tối|Trưa|Đêm|Ngày|Hôm qua|Hôm nay)\s+(?:\d|(?:nay|qua|mai)"
    rf"(?!\w)))|(?:…|\.\.\.)\s+(?=[{UP}])"
    r"|,?\s+(?:song|nhưng)\s+(?=(?:các|những|nhiều|một số|chưa|không|vẫn|đến nay|lại|"
    r"đơn vị|cơ quan)(?!\w))"
    r"|,?\s+(?:đồng thời|và)\s+(?=(?:tin tưởng|khẳng định|cho biết|nhấn mạnh|bày tỏ|"
    r"cam kết|hoan nghênh|đánh giá cao|hy vọng|chúc|cảm ơn)(?!\w))"
)
_CONCEDES = re.compile(r"(?<!\w)(?:mặc dù|mặc dầu|dù|tuy)(?!\w)", re.I)


def break_at(text: str, start: int, end: int) -> int | None:
    """Where a request's content stops (:data:`BREAK`); "nhưng" that answers a "mặc dù"
    ("mặc dù vi phạm nhưng vẫn cho tiếp tục xây dựng") is not a contrast with another subject."""
    for stop in BREAK.finditer(text, start, end):
        if "nhưng" in stop.group().casefold() and _CONCEDES.search(text, start, stop.start()):
            continue
        return stop.start()
    return None


#: A cue inside a fronted adverbial: "Liên quan đến việc Bộ Tài chính kiến nghị …, …".
FRONTED = re.compile(
    r"\W*(?:(?:liên quan (?:đến|tới)|về|trước|đối với|sau)\s+việc"
    r"|trong\s+(?:bản|tờ trình|thư))(?!\w)",
    re.I,
)
TRAILING_JOIN = re.compile(r"(?:[\s,;:]|(?<!\w)(?:và|đồng thời|cũng như|hoặc|thì|rồi|đặc biệt)(?!\w))*$", re.I)
LEAD = re.compile(
    r"\s*(?:(?:đồng thời|và|trong đó|bên cạnh đó|ngoài ra)\W+)*(?:(?:{})\W+)?".format(
        "|".join(PROPOSALS + DIRECTIVES[:2])
    ),
    re.I,
)
#: A request that only announces how many follow ("ba nhóm giải pháp giải quyết vấn đề này",
#: "5 kiến nghị"): the items are the proposals, not the count.
ANNOUNCES = re.compile(
    rf"(?:{_NUMBERS}|bốn|một số|\d+)\s+(?:nhóm\s+)?(?:giải pháp|biện pháp|kiến nghị|đề xuất|"
    r"đề nghị|nội dung|vấn đề|nhiệm vụ|điểm|ý kiến)(?:\s+(?:giải quyết|chính|lớn|cụ thể)"
    r"(?:\s+(?:vấn đề|thách thức)\s*(?:này|đó|trên)?)?)?\s*[:.]?$",
    re.I,
)
#: A sentence that announces a number of proposals and ends there, the items following in
#: the next sentences: "Hội đồng tư vấn đưa ra 6 nhóm đề xuất. Cụ thể là cho phép …".
ANNOUNCED_LIST = re.compile(
    rf"(?<!\w)(?:đưa ra|nêu|nêu ra|có|gửi|đề ra|kiến nghị|đề xuất)\s+(?P<n>\d{{1,2}}|{_NUMBERS}|bốn)\s+"
    r"(?:nhóm\s+)?(?P<cue>đề xuất|kiến nghị|đề nghị|giải pháp|nhóm giải pháp)(?![\w,])"
    r"(?:\s+[^\s.:;,]+){0,8}?\s*[.:]?\s*$",
    re.I,
)
#: What opens the first item of an announced list: "Cụ thể là", "Trong đó", "Đó là".
LISTED_LEAD = re.compile(r"\W*(?:cụ thể(?:\s+là)?|trong đó|đó là|bao gồm|gồm)(?!\w)\W*", re.I)
_COUNTS = {w: n for n, w in enumerate(("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"), 1)}


def announced_count(found: re.Match[str]) -> int | None:
    """How many items an :data:`ANNOUNCED_LIST` match announces ("6", "sáu"), else None."""
    n = found.group("n").lower()
    return int(n) if n.isdigit() else _COUNTS.get(n)


#: An item that judges rather than asks: "việc trật tự vỉa hè, lòng đường là tốt", "tăng thời
#: hạn phục vụ là hợp lý", "… là không đúng với Luật Đất đai".
JUDGES = re.compile(
    r"^.{0,150}?\s(?:là|thì)\s+(?:(?:rất|hoàn toàn|là|cũng)\s+)?(?:không\s+)?"
    r"(?:tốt|hợp lý|đúng|cần thiết|phù hợp|chính đáng|việc làm (?:tốt|đúng|cần thiết))(?!\w)",
    re.I,
)
#: Where a segment may be cut into items (see ``statements._Finder.split``).
JOINTS = re.compile(
    rf"(?P<enum>(?:[,;.:]\s*|(?<!lần)(?<!hạng)(?<!đứng)\s+)(?=(?:thứ\s+(?:{_NUMBERS}|tư)|(?:{_NUMBERS}|bốn)\s+là)[\s,:]))"
    r"|(?P<cungnhu>,\s+cũng như\s+)"
    r"|(?P<va>,?\s+(?:và|đồng thời)\s+)"
    r"|(?P<comma>,\s+)",
    re.I,
)
NO_SPLIT_AFTER = re.compile(
    r"(?<!cũng )(?<!\w)như(?!\w)|(?<!\w)(?:nhất là|đặc biệt là|kể cả|"
    r"trong đó|bao gồm|gồm|về việc|trên cơ sở|dựa trên|theo nguyên tắc)(?!\w)|:",
    re.I,
)
PURPOSE = re.compile(r"(?<!\w)(?:để|nhằm)(?!\w)", re.I)
#: Verbs after a comma that say what the request leads to, not a request of their own.
RESULT = re.compile(r"(?:tạo điều kiện|góp phần)(?!\w)", re.I)
GROUP = re.compile(
    r"(?:các|những|mọi)\s+(?:sở|ban|ngành|bộ|cấp|địa phương|đơn vị|cơ quan|"
    r"huyện|quận|xã|phường|thị xã|tỉnh|phòng|doanh nghiệp|chủ đầu tư|nhà thầu|"
    r"lực lượng|thành viên|tổ chức|trường|chi bộ|đảng bộ|cấp ủy)(?!\w)"
    r"|chính quyền(?!\w)",
    re.I,
)
#: Whom *đề nghị* addresses as a superior: then it is a directive in substance.
SUBORDINATES = re.compile(
    r"(?:các|những|mọi)\s+(?:sở|ban|ngành|cấp|địa phương|đơn vị|"
    # "các cơ quan chức năng", "các cơ quan tố tụng": the authorities, nobody's subordinates
    r"cơ quan(?!\s+(?:chức năng|tố tụng|điều tra|tư pháp|có thẩm quyền|thẩm quyền|liên quan)(?!\w))|"
    r"huyện|quận|xã|phường|thị xã|tỉnh|phòng|chủ đầu tư|nhà thầu|"
    r"lực lượng|thành viên|chi bộ|đảng bộ|cấp ủy|chi nhánh)(?!\w)"
    r"|chính quyền(?!\w)|(?:UBND|Ủy ban nhân dân)\s+(?:các|cấp)(?!\w)",
    re.I,
)
#: "các bộ, ngành": subordinates of the Government and the Prime Minister only.
MINISTRIES = re.compile(r"(?:các|những)\s+bộ(?!\w)", re.I)
NATIONAL_SPEAKERS = re.compile(r"(?:Chính phủ|Thủ tướng|Phó Thủ tướng|Văn phòng Chính phủ)(?!\w)")
#: A document named by its request ("bản kiến nghị", "văn bản đề nghị"): what follows is asked.
DOCUMENT_BEFORE = re.compile(r"(?<!\w)(?<!văn )(?:bản|tờ trình|thư|đơn)\s*$", re.I)
#: "đơn kiến nghị cho BS Lương được tại ngoại": what a document asks someone be allowed
LET_HAVE = re.compile(r"\s*cho\s+(?!phép)[^,.;:]{1,40}?\s+được\s+\w", re.I)
#: "Đề nghị Bộ trưởng cho biết …": a question at question time, not a request for action.
ASKS_TO_TELL = re.compile(r"(?:[^,;:]{0,40}?\s)?cho biết(?!\w)", re.I)
#: Whom an instruction, not a proposal, addresses: "Đề nghị ông (bà) truy cập …".
INSTRUCTED = re.compile(
    r"(?:ông\s*\(bà\)|ông\s*/\s*bà|quý (?:khách|vị|ông bà)|các bạn|bạn|"
    r"người dân|nhân dân|người nộp thuế|người sử dụng|thí sinh|phụ huynh|"
    r"hành khách|du khách|bà con)(?!\w)",
    re.I,
)
HEAD = re.compile(
    r"(?:UBND|HĐND|Ủy ban|Sở|Bộ|Ban|Phòng|Công an|Cục|Chi cục|Tổng cục|Văn phòng|"
    r"Thanh tra|Trung tâm|Chính phủ|Quốc hội|QH|Thủ tướng|Thành ủy|Tỉnh ủy|Huyện ủy|"
    r"Đảng ủy|Mặt trận|Tòa án|Viện|Kho bạc|Tập đoàn|Tổng công ty|Công ty|"
    r"Trung ương|TƯ|Nhà nước|Liên đoàn|Hiệp hội|"
    r"chủ đầu tư|nhà thầu|chính quyền|cơ quan|lực lượng|ngành|[Tt]ỉnh|[Tt]hành phố|"
    r"[Hh]uyện|[Tt]hị xã|[Qq]uận|phía(?=\s+[A-ZĐÀ-Ỹ]))(?!\w)"
)  # "phía Hà Lan": the Dutch side
BARE_HEAD = re.compile(
    rf"(?P<h>Bộ|Sở|UBND|Ủy ban|Thủ tướng|Chính phủ|Quốc hội|Thanh tra)"
    rf"(?!\w)(?!\s*[{UP}\d&])"
)
HEAD_FORMS = {"ubnd": ("UBND", "Ủy ban nhân dân"), "ủy ban": ("Ủy ban", "UBND")}
REPORTING = re.compile(
    r"(?<!\w)(?:cho biết|cho rằng|nói|khẳng định|chia sẻ|thông tin|"
    r"trả lời|giải thích|phản ánh|đánh giá(?=\s*,)|nhận định|theo ông|theo bà)"
    r"(?!\w)",
    re.I,
)
MODAL = re.compile(
    r"(?:^|[,:]\s*|\s)(?:cũng\s+)?cần(?:\s+phải)?\s+"  # not "cần cẩu" (a crane)
    r"(?!(?:thiết|cẩu|câu|cù|mẫn|sa|tây|kiệm|trục|gạt)(?!\w))(?=\w+\W+\w+\W+\w)"
)
PROPOSAL_MODAL = re.compile(
    r"(?<!\w)(?:cũng\s+)?(?:cần|phải|nên)\s+(?!(?:thiết|cẩu|chăng)(?!\w))"
    r"(?=\w+\W+\w+\W+\w)",
    re.I,
)
#: A sentence whose main clause is a bare "cần …" with no subject of its own, after at most one
#: fronted phrase: "Trong quá trình thu hồi, cần bình tĩnh, đảm bảo …" goes on with the request
#: just made.
BARE_MODAL = re.compile(
    r"\W*(?:[^,;:“”\"]{0,50},\s*)?(?:thì\s+)?(?:cũng\s+)?(?:cần thiết\s+phải|cần(?:\s+phải)?\s+(?!thiết(?!\w)))\s*\w",
    re.I,
)  # "Cần thiết phải có biện pháp …": "cần thiết" asks only with "phải" after it
CONNECTOR = re.compile(
    r"\W*(?:ngoài ra|bên cạnh đó|đồng thời|về lâu dài|trước mắt|mặt khác|"
    r"cùng với đó)(?!\w)",
    re.I,
)
#: What opens a sentence that goes on with a list of measures without a cue or a subject:
#: a connector ("Ngoài ra,", "Cùng với đó là"), then manner adverbs ("Nhanh chóng", "Không").
_MEASURE_LEAD = re.compile(
    r"\W*(?P<connector>(?:ngoài ra|bên cạnh đó|đồng thời|cùng với đó(?:\s+là)?|mặt khác|"
    r"về lâu dài|trước mắt)\W+)?(?P<adverbs>(?:(?:nhanh chóng|khẩn trương|không|chỉ)\s+)*)",
    re.I,
)
#: A reason given for a measure: "… vì hiện có một số tiêu chuẩn … chưa được xây dựng".
_REASON = re.compile(r",?\s+(?:vì|bởi vì|bởi lẽ)(?!\w)", re.I)


def imperative(text: str, start: int, end: int) -> int | None:
    """Where the measure begins when a sentence opens with a request verb and no subject
    ("Duy trì tạm thời điểm giết mổ …", "Ngoài ra, hoàn thiện tiêu chuẩn …"), else None. Not
    when the verb has a clause of its own ("Thực hiện chỉ đạo …, Sở đã …")."""
    if not re.search(r"[.!;]\W*$", text[start : end + 2]):
        return None  # a heading: "Phối hợp với cảnh sát môi trường xử lý tội phạm"
    lead = _MEASURE_LEAD.match(text, start, end)
    assert lead is not None  # it matches the empty string
    at = lead.end()
    group = GROUP.match(text, at, end)  # "Các cấp ngành thực hiện nghiêm túc …": whom it asks
    bodies = _MORE_BODIES.match(text, group.end()) if group else None  # it matches the empty string
    pos = bodies.end() if bodies else at
    if group or lead.group("connector") or lead.group("adverbs"):  # past these, any verb
        verb = verb_at(text[:pos] + text[pos : pos + 1].lower() + text[pos + 1 : end], pos, end)
    else:  # a sentence's first word: only a request verb ("Phát triển …" is as often a subject)
        verb = found.end() if (found := ACTION.match(text, pos, end)) else None
    if verb is None or len(text[verb:end].split()) < 3 or ":" in text[start:end]:
        return None
    stop = reason_at(text, at, end)
    if _DONE.search(text, at, stop) or REPORTING.search(text, start, end) or _NOMINAL.match(text, verb, stop):
        return None
    return lead.start("adverbs")  # the connector dropped, the manner kept: "Nhanh chóng tìm …"


#: A clause that reports or announces rather than asks: "đã", "đang", "sẽ", "được", "bị" (not
#: "chuẩn bị", "thiết bị").
_DONE = re.compile(r"(?<!\w)(?:đã|đang|sẽ|vẫn|từng|được|(?<!chuẩn )(?<!thiết )(?<!trang )(?<!dự )bị)\s", re.I)
#: "Các cấp, ngành", "các sở ngành": more bodies after the first of a group.
_MORE_BODIES = re.compile(r"(?:[\s,]+(?:và\s+)?(?:ngành|cấp|sở|bộ|địa phương|đơn vị|cơ quan)(?!\w))*\W*", re.I)
#: A verb used as a noun or a sentence's subject: "Hoạt động nuôi tôm của …", "… là sai".
_NOMINAL = re.compile(r"(?:\s+\S+){0,3}?\s+của(?!\w)|.*?(?<!\w)là(?!\w)", re.I)


#: "Bên cạnh việc xem xét, ưu tiên vốn thì …", "Ngoài hỗ trợ vốn thì …": the sentence after a
#: request adds to it; what follows "thì" is asked too.
BESIDES_THEN = re.compile(r"\W*(?:bên cạnh|ngoài)(?!\s+ra)\s[^.;:“”\"]{2,80}?\sthì\s+", re.I)
#: A request that something not be let happen: "không để giá cát tăng …", "không cho phép …".
NOT_LET = re.compile(r"(?:không|chưa)\s+(?:để|cho phép|cho)\s+\w", re.I)
#: The reason given after a request's content, a clause of its own: "… vì hiện nay, mỗi ngày có
#: …", "… bởi các dự án này không có khả năng thu hồi vốn" (lower case: "Quỹ Vì người nghèo" is a name).
REASON_CLAUSE = re.compile(
    r",?\s+(?:vì|bởi vì|bởi lẽ|bởi|do)\s+(?=(?:hiện nay|hiện trạng|hiện|hiện tại|đây|đó|các|những|nhiều|"
    r"mỗi|số|thời gian|trên thực tế|thực tế|theo|nếu|khi|tình trạng|việc)(?!\w))"
)


def reason_at(text: str, start: int, end: int) -> int:
    """Where a measure's reason begins ("… vì …"), else ``end``."""
    found = _REASON.search(text, start, end)
    return found.start() if found else end


#: "Trên hệ thống cũng cần minh bạch …": a sentence that adds to the request just made.
ALSO_NEEDED = re.compile(r"^[^,;:“”\"]{0,60}?(?<!\w)(?:cũng|còn)\s+(?:cần|nên)(?!\w)", re.I)
#: "… thì Công ty phải thế chấp lại …": what the request obliges someone to, spelt out next;
#: not what someone is forced to or will have to ("buộc phải", "sẽ phải", "lại phải": a complaint).
MUST = re.compile(
    r"(?<!\w)(?<!buộc )(?<!đã )(?<!sẽ )(?<!lại )(?<!vẫn )(?<!mới )(?:phải|cần phải)\s+(?!(?:là|không|chịu)(?!\w))\w",
    re.I,
)


def spells_out(text: str, start: int, end: int) -> bool:
    """Whether a sentence right after a request says what it obliges someone to ("Sau khi …
    thì Công ty phải thế chấp lại …", "Công tác kiểm toán … cũng phải được tăng cường"): a
    "phải" of its own, no one reported as speaking, no request verb, no quotation opening."""
    return (
        bool(MUST.search(text, start, end))
        and not REPORTING.search(text, start, end)
        and not TRIGGER.search(text, start, end)
        and not re.search(r"[“\"]", text[max(0, start - 3) : start + 3])
    )


#: A sentence of a quotation that recommends ("nên" alone is as often "so" as "should").
RECOMMENDS = re.compile(
    r"(?<!\w)(?:cần|phải|đề nghị|kiến nghị|đề xuất)(?!\w)"
    r"|(?:^|[,:]\s*|(?<!\w)(?:tôi|chúng ta|thì)\s+)nên\s+(?!(?:việc|đã|là)(?!\w))",
    re.I,
)
#: Verbs that open a requested action, for lists cut at "," and ";".
ACTIONS = (
    "đẩy nhanh|đẩy mạnh|tăng cường|hỗ trợ|nâng cấp|cải tạo|xây dựng|đầu tư|rà soát|điều chỉnh|"
    "bổ sung|sửa đổi|ban hành|tập trung|triển khai|thực hiện|hoàn thành|hoàn thiện|kiểm tra|"
    "xử lý|xem xét|nghiên cứu|quan tâm|cho phép|chấp thuận|phê duyệt|bố trí|ưu tiên|tháo gỡ|"
    "giải quyết|khẩn trương|sớm|tiếp tục|chủ động|phối hợp|cải thiện|nâng cao|phát triển|"
    "mở rộng|tổ chức|đảm bảo|bảo đảm|tạo điều kiện|thu hút|kêu gọi|đôn đốc|làm rõ|khắc phục|"
    "di dời|thu hồi|giải phóng|quản lý|chấn chỉnh|tuyên truyền|vận động|chăm lo|đánh giá|"
    "báo cáo|tham mưu|chủ trì|kiên quyết|quyết liệt|huy động|phân bổ|giải ngân|công khai|"
    "thanh tra|điều tra|dừng|tạm dừng|duy trì|củng cố|siết chặt|kiểm soát|ngăn chặn|chuẩn bị|"
    "thành lập|quyết tâm|áp dụng|miễn|chú trọng|giải thể|cổ phần hóa|thoái vốn|"
    "cắt giảm|gia hạn|bãi bỏ|công bố|khuyến khích|trang bị|lắp đặt|sáp nhập|cơ cấu lại"
).split("|")
_ACTIONS_ALTERNATION = "|".join(sorted(ACTIONS, key=len, reverse=True))  # longest first
ACTION = re.compile(rf"(?:{_ACTIONS_ALTERNATION})(?!\w)", re.I)
#: A piece ending with verbs used as nouns shares its object with the next: "trong việc kiểm
#: soát, ngăn chặn gia cầm …", "hoạt động xây dựng và quản lý, sử dụng vốn …".
ENDS_WITH_ACTION = re.compile(
    r"(?<!\w)(?:việc|công tác|hoạt động|quá trình|lĩnh vực)\s+"
    rf"(?:{_ACTIONS_ALTERNATION})(?:\s*,\s*(?:{_ACTIONS_ALTERNATION}))*\s*$",
    re.I,
)
#: "đẩy nhanh việc thực hiện các dự án nhà ở và đầu tư hạ tầng": after "việc" + a verb, "và" + a
#: verb goes on with what "việc" names, not with a request of its own.
NOMINAL_ACTION = re.compile(rf"(?<!\w)việc\s+(?:{_ACTIONS_ALTERNATION})(?!\w)", re.I)
#: A piece that ends with its verb shares the object of the next: "rà soát, ký mới các văn kiện".
ENDS_WITH_VERB = re.compile(rf"(?<!\w)(?<!nhà )(?:{_ACTIONS_ALTERNATION})\s*$", re.I)
#: The government bodies and places a superior's *đề nghị … cần* directs ("đề nghị thành phố
#: cần tập trung …").
LOCAL_BODY = re.compile(
    r"(?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Sở|Thành ủy|Tỉnh ủy|"
    r"Huyện ủy|Quận ủy|thành phố|tỉnh|quận|huyện|thị xã|xã|phường|"
    r"địa phương|TP)(?!\w)",
    re.I,
)
#: District-level bodies: a province's *đề nghị* to them is a directive in substance.
DISTRICT_BODY = re.compile(
    r"(?:UBND|Ủy ban nhân dân|HĐND|Công an|Phòng \S+)\s+(?:quận|huyện|thị xã|"
    r"xã|phường|thị trấn)(?!\w)",
    re.I,
)
PROVINCIAL = re.compile(
    r"(?:(?:Phó\s+)?(?:Chủ tịch|Bí thư)\s+)?(?:UBND|Ủy ban nhân dân|HĐND|"
    r"Thành ủy|Tỉnh ủy)\s+.*(?:tỉnh|thành phố|TP)(?!\w)",
    re.I,
)  # a Sở directs no district
#: Speakers who ask rather than direct, whatever they address: businesses and associations.
ASKERS = re.compile(
    r"(?:Hiệp hội|Hội|Liên đoàn|Câu lạc bộ|Công ty|Tập đoàn|Tổng công ty|"
    r"Ngân hàng|Phòng Thương mại)(?!\w)"
)


def supposed(clause: str) -> bool:
    """A request only supposed: "Nếu Quốc hội Cuba yêu cầu", "khi doanh nghiệp kiến nghị";
    not a condition followed by its consequence ("nếu … thì sở đề xuất")."""
    last = None
    for match in _HYPOTHESIS.finditer(clause):
        last = match
    if last is None:
        return bool(_WHEN.search(clause)) or bool(_JUST_WHEN.search(clause) and not _WHEN_NAMED.search(clause))
    tail = clause[last.end() :]
    if re.search(r"[,;]", tail):
        return False
    return not (last.group(0).lower() == "nếu" and _THEN.search(tail))


def denied(before: str) -> bool:
    """ "Chúng tôi không đề xuất …"."""
    return bool(_DENIED.search(before))


def duty(clause: str) -> bool:
    """A body's remit, not a request: "có nhiệm vụ nghiên cứu, tư vấn, đề xuất với …"."""
    return bool(_DUTY.search(clause))


def passive(before: str) -> bool:
    """ "được cử tri kiến nghị", "do UBND tỉnh, thành phố đề nghị": the thing proposed is
    named before, by someone else's sentence."""
    return bool(_PASSIVE.search(before))


def content_start(text: str, pos: int, end: int) -> int:
    """Where the requested content begins after a cue: past "với", "rằng", quotation marks,
    a short introduction ending in a colon ("trong thời gian tới:") and a first enumerator."""
    skipped = _SKIP.match(text, pos, end)
    assert skipped is not None  # it matches the empty string
    pos = skipped.end()
    if intro := _COLON_INTRO.match(text, pos, end):
        pos = intro.end()
    if first := ENUM.match(text, pos, end):
        pos = first.end()
    return pos


def condition_start(text: str, start: int, at: int) -> int | None:
    """The start of a condition the request depends on ("Đối với …, thì kiến nghị …",
    "nếu công ty … thì sở đề xuất …"), or None."""
    last = None
    for match in _CONDITION.finditer(text, start, at):
        last = match
    if last is None or not CONDITION_THEN.search(text, last.start(), at):
        return None
    return last.start()


def continues(text: str, start: int, end: int) -> bool:
    """Whether a segment without a request verb goes on with the list: a verb phrase."""
    lead = LEAD.match(text, start, end)
    assert lead is not None  # it matches the empty string
    start = lead.end()
    return bool(
        verb_at(text, start, end)
        or re.match(r"(?:cũng\s+)?cần\s", text[start:end])
        or NEXT.match(text, start, end)
        or text[start : start + 1].islower()
        and not REPORTING.search(text, start, end)
        and not TRIGGER.search(text, start, end)
        and not _OWN_CLAUSE.search(text, start, end)
        and not _DOCUMENT_ITEM.match(text, start, end)
    )


#: An item of a list of documents, not of requests: "…; về quyết toán ngân sách năm 2015; dự án
#: Luật sửa đổi …; dự thảo Nghị quyết …" (the reports a session will hear).
_DOCUMENT_ITEM = re.compile(r"(?:về|dự án luật|dự thảo|báo cáo|tờ trình|đề án)(?!\w)", re.I)


#: A segment with a subject and verb of its own ("… ; nhiều doanh nghiệp đã …"): not an item.
_OWN_CLAUSE = re.compile(r"(?<!\w)(?:đã|đang|vẫn|từng|được|bị)\s", re.I)


#: Verbs that open a clause without being an action asked for: being, having, undergoing.
_NOT_ACTIONS = frozenset("là có được bị cho thấy gồm bao gồm nhằm để theo đúng như tại về từ đến với qua vướng".split())


def verb_at(text: str, pos: int, end: int | None = None) -> int | None:
    """Where the verb ends when the phrase at ``pos`` opens with one, else None.

    The list of request verbs (:data:`ACTIONS`) is tried first; past it, the part-of-speech
    tagger that ships with underthesea decides, so a request made with a verb nobody listed
    ("chỉ sử dụng một tên miền …", "minh bạch hóa …") still reads as an item. Up to two
    adverbs may come first ("sớm", "chỉ", "tiếp tục"); a capital letter means a name.
    """
    found = ACTION.match(text, pos)
    if found:
        return found.end()
    piece = text[pos : min(len(text) if end is None else end, pos + 60)]
    if not piece[:1].isalpha() or piece[:1].isupper():
        return None
    at = 0
    for word, tag in _tagged(piece)[:3]:
        at = piece.find(word, at)
        if at < 0:
            return None
        at += len(word)
        if tag == "V":
            return pos + at if word.casefold() not in _NOT_ACTIONS else None
        if tag != "R":
            return None
    return None


@lru_cache(maxsize=4096)
def _tagged(piece: str) -> tuple[tuple[str, str], ...]:
    from underthesea import pos_tag

    return tuple(pos_tag(piece))
