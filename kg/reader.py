"""Read input files into raw documents: encoding, size limits and format detection.

Each problem is reported as a one-line :class:`Failure` naming the file (and the line, for
JSON Lines) so that a long batch can skip it and go on: :func:`read_file` yields failures
and never raises. Only regular files are opened (a device or a named pipe never ends), no
more than the size limit plus one byte is ever read, and JSON Lines are read record by
record, each record held to ``KG_MAX_BYTES`` and the whole file to ``KG_MAX_JSONL_BYTES``.
File names that are not valid UTF-8 are kept with their bytes escaped. Nothing here
touches the store.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, count
from pathlib import Path
from typing import BinaryIO

from .errors import BadInput
from .manifest import manifest_for, normalise_date

log = logging.getLogger(__name__)

FORMATS = ("seed", "jsonl", "text")
MAX_JSON_DEPTH = 64  # objects and arrays nested in one JSON Lines record
_TEXT_SUFFIXES = {".txt", ".text", ""}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_VIET = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_COMBINING_TONE = re.compile(f"[{_TONES}]")
_MISPLACED_TONE = re.compile(f"(?<![aăâeêioôơuưyAĂÂEÊIOÔƠUƯY])[{_TONES}]")
_VIET_LETTERS = {"đ"} | {
    unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in ("", *_TONES)
}
_TITLE_END = re.compile(r"[.!?;:,…]$")
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # would break a one-line message
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")  # NUL, or a surrogate no UTF-8 can hold
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.?)*+"?', re.DOTALL)  # linear, even unterminated
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_OPENERS = re.compile(rf"[\[{{]{{{MAX_JSON_DEPTH + 1}}}")  # that many openers in a row: too deep
_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)
# What a refused file may be written in, the most common first: charset-normalizer alone ranks
# rare code pages (cp1257, cp775) above Windows-1252 on short Western text.
_GUESSES = {
    "cp1252": "Windows-1252 (Latin-1)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Chinese)",
    "cp932": "Shift JIS (Japanese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp874": "Windows-874 (Thai)",
    "cp1253": "Windows-1253 (Greek)",
}


@dataclass(frozen=True)
class RawDocument:
    """A document as read from its file, before normalisation.

    ``path`` and ``source`` together say which stored document this replaces on re-ingest:
    the absolute file path (:func:`shown`), and the file name or the JSON Lines record id.
    """

    path: str
    source: str
    format: str
    title: str | None
    body: str
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Failure:
    """One input that could not be read: where, and a one-line reason."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def shown(path: str | os.PathLike[str]) -> str:
    """A path as one line of valid UTF-8: undecodable bytes and control characters escaped.

    >>> shown(os.fsdecode(b"/in/caf\\xe9.txt"))
    '/in/caf\\\\xe9.txt'
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _UNSAFE_NAME.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _vietnamese_ratio(text: str) -> float:
    words = text.split()
    return sum(bool(_VIET.search(w)) for w in words) / max(len(words), 1)


def _looks_cp1258(text: str) -> bool:
    """Whether text decoded as Windows-1258 is Vietnamese.

    Windows-1258 writes most tones as combining marks after a vowel: require those (a stray
    one aside), words with Vietnamese letters, and hardly a word with a letter outside the
    Vietnamese alphabet (Cyrillic or Western text read as Windows-1258 has tone marks too,
    but also ä, å, ñ, ÿ).
    """
    tones = len(_COMBINING_TONE.findall(text))
    if not tones or len(_MISPLACED_TONE.findall(text)) > 0.05 * tones:
        return False
    words = unicodedata.normalize("NFC", text).split()
    foreign = sum(any(c.isalpha() and not c.isascii() and c.lower() not in _VIET_LETTERS for c in w) for w in words)
    return foreign <= 0.05 * len(words) and _vietnamese_ratio(" ".join(words)) >= 0.3


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with or without BOM), or Windows-1258.

    Raises:
        BadInput: ``name: reason`` for anything else, and for text holding a NUL anywhere.
    """
    try:
        return _decode(data)
    except BadInput as err:
        raise BadInput(f"{name}: {err}") from None


def _decode(data: bytes, guess: bool = True) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput("invalid UTF-16 text") from None
    elif b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise BadInput("binary file (contains NUL bytes), not a text document")
        text = utf16
    else:
        text = _utf8_or_cp1258(data, guess)
    if "\x00" in text:
        raise BadInput("binary file (contains NUL characters), not a text document")
    return text


def _utf16_codec(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs fill one column of bytes (the high bytes of ASCII and
    Latin letters) and hardly appear in the other, else None."""
    half = len(data) // 2
    if half < 2:
        return None
    even, odd = data[0 : 2 * half : 2].count(0), data[1 : 2 * half : 2].count(0)
    if odd >= 0.3 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: the NULs say which byte order, and it decodes cleanly."""
    codec = _utf16_codec(data)
    if codec is None or len(data) % 2:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:65536]
    odd_chars = sum(unicodedata.category(c) in ("Cc", "Cn", "Co") and c not in "\t\n\r\f\v" for c in sample)
    return text if odd_chars <= 0.01 * len(sample) else None


def _utf8_or_cp1258(data: bytes, guess: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        utf8_error = f"invalid UTF-8 at byte {err.start}"
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if _looks_cp1258(text):
        return text
    looks = f"; looks like {_guess_encoding(data)}" if guess else ""
    raise BadInput(f"not UTF-8 text ({utf8_error}{looks}); convert it to UTF-8 and retry")


def _guess_encoding(data: bytes) -> str:
    """The likeliest encoding charset-normalizer finds among :data:`_GUESSES`, for the message."""
    from charset_normalizer import from_bytes

    found = set()
    for match in from_bytes(data[:65536], cp_isolation=list(_GUESSES)):
        found.update([match.encoding, *match.could_be_from_charset])
    return next((label for codec, label in _GUESSES.items() if codec in found), "binary or an unknown encoding")


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[tuple[BinaryIO, int]]:
    """The open file and its size; BadInput unless it is a regular file (links followed)."""
    _check_regular(os.stat(path).st_mode)  # refuse a device or a pipe before opening it
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        _check_regular(info.st_mode)  # replaced between stat and open
        yield fh, info.st_size


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "an unknown kind of file")
        raise BadInput(f"not a regular file ({kind}); only files can be ingested")


def _read_limited(fh: BinaryIO, size: int, limit: int, setting: str) -> bytes:
    """At most ``limit`` bytes, refusing a file over it (even one that grows while read)."""
    if size > limit:
        raise BadInput(f"file is {size:,} bytes, over the {limit:,}-byte limit ({setting})")
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise BadInput(f"file is over the {limit:,}-byte limit ({setting})")
    if not data.strip():
        raise BadInput("empty document")
    return data


def detect_format(path: Path, text: str) -> str:
    """``jsonl`` by suffix or content, ``seed`` when the first line is a title, else ``text``."""
    if path.suffix.lower() in _JSONL_SUFFIXES:
        return "jsonl"
    first = text.lstrip().split("\n", 1)[0].strip()
    if first.startswith("{") and first.endswith("}"):
        return "jsonl"
    lines = [ln for ln in text.strip().split("\n") if ln.strip()]
    if len(lines) >= 2 and len(first) <= 250 and not _TITLE_END.search(first):
        return "seed"
    return "text"


def parse_titled(path: Path, text: str, fmt: str) -> RawDocument:
    """Seed layout: title line, optional ``… Ảnh: name`` caption, paragraphs."""
    stripped = text.strip()
    if not stripped:
        raise BadInput("empty document")
    if fmt == "seed":
        title, _, body = stripped.partition("\n")
        title = title.strip()
    else:
        title, body = None, stripped
    if not body.strip():
        raise BadInput("document has a title but no body text")
    return RawDocument(shown(path), shown(path.name), fmt, title, body, manifest_for(path))


Lines = Iterable[tuple[int, bytes | str | None]]  # (line number, line); None: over the record limit


def _stream_jsonl(fh: BinaryIO, size: int, record_limit: int, file_limit: int) -> Lines:
    """``(line number, line)`` of a JSON Lines file; ``None`` for a line over ``record_limit``."""
    if size > file_limit:
        raise BadInput(f"file is {size:,} bytes, over the {file_limit:,}-byte limit (KG_MAX_JSONL_BYTES)")
    head = fh.read(4096)
    fh.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_codec(head):  # UTF-16: decode it whole
        yield from _text_lines(_decode(_read_limited(fh, size, file_limit, "KG_MAX_JSONL_BYTES")), record_limit)
        return
    total = 0
    for number in count(1):
        line: bytes | None = fh.readline(record_limit + 1)
        if not line:
            return
        total += len(line)
        if len(line) > record_limit and not line.endswith(b"\n"):
            total += _skip_line(fh, file_limit - total + 1)
            line = None
        if total > file_limit:
            raise BadInput(f"file is over the {file_limit:,}-byte limit (KG_MAX_JSONL_BYTES)")
        yield number, line


def _text_lines(text: str, limit: int) -> Iterator[tuple[int, str | None]]:
    """``(line number, line)`` of decoded text; ``None`` for a line over ``limit`` UTF-8 bytes."""
    for number, line in enumerate(text.split("\n"), 1):
        over = len(line) * 4 > limit and len(line.encode("utf-8", "surrogatepass")) > limit
        yield number, None if over else line


def _skip_line(fh: BinaryIO, budget: int) -> int:
    """Read past the rest of an oversized line (at most ``budget`` bytes); how many were read."""
    skipped = 0
    while skipped < budget and (chunk := fh.readline(min(1 << 20, budget - skipped))):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def parse_jsonl(path: Path, lines: Lines, limit: int) -> Iterator[RawDocument | Failure]:
    """One document per JSON object with ``title`` and ``text`` (``id``, ``url``, ``date``,
    ``source`` optional); a :class:`Failure` for each line that is none."""
    seen: set[str] = set()
    name, legacy, found = shown(path), False, False
    for number, line in lines:
        where = f"{name}:{number}"
        try:
            if line is None:
                raise BadInput(f"record is over the {limit:,}-byte limit (KG_MAX_BYTES)")
            if not line.strip():
                continue
            found = True
            if isinstance(line, bytes):
                line, legacy = _decode_line(line, legacy)
            yield _jsonl_record(path, line, number, seen, where)
        except BadInput as err:
            found = True
            yield Failure(where, str(err))
    if not found:
        raise BadInput("empty document")


def _decode_line(line: bytes, legacy: bool) -> tuple[str, bool]:
    """One line of a JSON Lines file; once a line was Windows-1258, the rest may be too."""
    if b"\x00" in line:
        raise BadInput("record contains NUL bytes (binary data)")
    try:
        return line.decode("utf-8-sig"), legacy
    except UnicodeDecodeError:
        pass
    if legacy:
        with contextlib.suppress(UnicodeDecodeError):
            return line.decode("cp1258"), True
    return _decode(line, guess=False), True


def _jsonl_record(path: Path, line: str, number: int, seen: set[str], where: str) -> RawDocument:
    obj = _parse_json(line)
    if not isinstance(obj, dict):
        raise BadInput("a JSON Lines record must be an object")
    body, title = obj.get("text"), obj.get("title")
    if not isinstance(body, str) or not body.strip():
        raise BadInput('record has no "text" string')
    if title is not None and not isinstance(title, str):
        raise BadInput('"title" must be a string')
    fields = {key: _scalar(obj, key) for key in ("id", "url", "date", "source")}
    for key, value in (("text", body), ("title", title), *fields.items()):
        if value is not None and (bad := _BAD_CHAR.search(value)):
            raise BadInput(f'"{key}" holds the character U+{ord(bad.group()):04X}, which no text document can')
    ident = fields.pop("id") or f"{shown(path.name)}:{number}"
    if _UNSAFE_NAME.search(ident):
        raise BadInput(f'"id" {shown(ident)!r} contains control characters')
    if ident in seen:
        raise BadInput(f"duplicate record id {ident!r}")
    seen.add(ident)
    if fields["date"] is not None:
        fields["date"] = _record_date(fields["date"], where)
    meta = {key: value for key, value in fields.items() if value is not None}
    return RawDocument(shown(path), ident, "jsonl", (title or "").strip() or None, body, meta)


def _parse_json(line: str) -> object:
    """The JSON value of one line; BadInput when malformed or nested beyond :data:`MAX_JSON_DEPTH`."""
    if _too_deep(line):  # json.loads would recurse once per level, into a RecursionError
        raise BadInput(f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise BadInput(f"malformed JSON ({err.msg} at column {err.colno})") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise BadInput(f"malformed JSON ({err})") from None


def _too_deep(line: str) -> bool:
    """Whether objects and arrays nest beyond :data:`MAX_JSON_DEPTH`, strings aside (linear time)."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return False
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", line))
    if _OPENERS.search(brackets):
        return True
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > MAX_JSON_DEPTH


def _scalar(obj: dict[str, object], key: str) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadInput(f'"{key}" must be a string or a number')
    return str(value)


def _record_date(value: str, where: str) -> str | None:
    """The date normalised to ``YYYY-MM-DD``; one warning line and None when it is no date."""
    date = normalise_date(value)
    if date is None:
        shown_value = value if len(value) <= 40 else value[:40] + "…"
        log.warning(
            'warning: %s: "date" %r is not a date (YYYY-MM-DD, YYYYMMDD or D/M/YYYY); the record is read without it',
            where,
            shown_value,
        )
    return date


def read_file(
    path: Path, limit: int, fmt: str | None = None, jsonl_limit: int | None = None
) -> Iterator[RawDocument | Failure]:
    """Every document in one file, or a :class:`Failure` for each part that cannot be read."""
    name = shown(path)
    try:
        path = Path(path).resolve()
        name = shown(path)
        with _open_regular(path) as (fh, size):
            if fmt == "jsonl" or (fmt is None and path.suffix.lower() in _JSONL_SUFFIXES):
                yield from parse_jsonl(path, _stream_jsonl(fh, size, limit, jsonl_limit or limit), limit)
                return
            text = _decode(_read_limited(fh, size, limit, "KG_MAX_BYTES"))
        fmt = fmt or detect_format(path, text)
        if fmt == "jsonl":
            yield from parse_jsonl(path, _text_lines(text, limit), limit)
        else:
            yield parse_titled(path, text, fmt)
    except BadInput as err:
        yield Failure(name, str(err))
    except (OSError, RuntimeError) as err:  # RuntimeError: a symbolic link loop (Python 3.11)
        yield Failure(name, f"cannot read file ({getattr(err, 'strerror', None) or err})")


def iter_paths(paths: list[Path]) -> Iterator[Path | Failure]:
    """Files named, and files under directories (recursively, sorted, hidden ones skipped)."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in rel) and _ingestible(child):
                    yield child
        elif path.exists():
            yield path
        else:
            yield Failure(shown(path), "no such file or directory")


def _ingestible(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in _TEXT_SUFFIXES or suffix in _JSONL_SUFFIXES
