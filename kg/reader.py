"""Read input files into raw documents: encoding, size limits and format detection.

Each problem is reported as a one-line :class:`~kg.errors.BadInput` naming the file (and
the line, for JSON Lines) so that a long batch can skip the file and go on. Nothing here
touches the store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadInput
from .manifest import manifest_for, normalise_date

FORMATS = ("seed", "jsonl", "text")
_TEXT_SUFFIXES = {".txt", ".text", ""}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_VIET = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")
_COMBINING_TONE = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_TITLE_END = re.compile(r"[.!?;:,…]$")


@dataclass(frozen=True)
class RawDocument:
    """A document as read from its file, before normalisation.

    ``path`` and ``source`` together say which stored document this replaces on re-ingest:
    the absolute file path, and the file name or the JSON Lines record id.
    """

    path: str
    source: str
    format: str
    title: str | None
    body: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Failure:
    """One input that could not be read: where, and a one-line reason."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def _vietnamese_ratio(text: str) -> float:
    words = text.split()
    return sum(bool(_VIET.search(w)) for w in words) / max(len(words), 1)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258; refuse anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(f"{name}: invalid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise BadInput(f"{name}: binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        utf8_error = f"invalid UTF-8 at byte {err.start}"
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    import unicodedata

    # Windows-1258 writes most tones as combining marks; require them and Vietnamese words.
    if _COMBINING_TONE.search(text) and _vietnamese_ratio(unicodedata.normalize("NFC", text)) >= 0.3:
        return text
    raise BadInput(f"{name}: not UTF-8 text ({utf8_error}; looks like {_guess_encoding(data)}); "
                   "convert it to UTF-8 and retry")


def _guess_encoding(data: bytes) -> str:
    """charset-normalizer's best guess, only to name the encoding in the error message."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else "binary or unknown"


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing unreadable, oversized and empty files."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise BadInput(f"{path}: file is {size:,} bytes, over the {limit:,}-byte limit (KG_MAX_BYTES)")
        data = path.read_bytes()
    except OSError as err:
        raise BadInput(f"{path}: cannot read file ({err.strerror or err})") from None
    if not data.strip():
        raise BadInput(f"{path}: empty document")
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
    if fmt == "seed":
        title, _, body = stripped.partition("\n")
        title = title.strip()
    else:
        title, body = None, stripped
    if not body.strip():
        raise BadInput(f"{path}: document has a title but no body text")
    return RawDocument(str(path), path.name, fmt, title, body, manifest_for(path))


def parse_jsonl(path: Path, text: str) -> Iterator[RawDocument | Failure]:
    """One document per JSON object with ``title`` and ``text`` (``id``, ``url``, ``date``, ``source`` optional)."""
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield _jsonl_record(path, line, number, seen)
        except BadInput as err:
            yield Failure(where, str(err))


def _jsonl_record(path: Path, line: str, number: int, seen: set[str]) -> RawDocument:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise BadInput(f"malformed JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(obj, dict):
        raise BadInput("a JSON Lines record must be an object")
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise BadInput('record has no "text" string')
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise BadInput('"title" must be a string')
    ident = str(obj["id"]) if obj.get("id") not in (None, "") else f"{path.name}:{number}"
    if ident in seen:
        raise BadInput(f"duplicate record id {ident!r}")
    seen.add(ident)
    meta = {k: str(obj[k]) for k in ("url", "date", "source") if obj.get(k) not in (None, "")}
    if "date" in meta:  # a date that is no date is dropped (and said nowhere else: the text is kept)
        meta = {**meta, "date": normalise_date(meta["date"])} if normalise_date(meta["date"]) else \
            {k: v for k, v in meta.items() if k != "date"}
    return RawDocument(str(path), ident, "jsonl", (title or "").strip() or None, body, meta)


def read_file(path: Path, limit: int, fmt: str | None = None, jsonl_limit: int | None = None) -> Iterator[RawDocument | Failure]:
    """Every document in one file, or a :class:`Failure` for each part that cannot be read."""
    path = path.resolve()
    try:
        is_jsonl = (fmt or "") == "jsonl" or path.suffix.lower() in _JSONL_SUFFIXES
        text = decode(read_bytes(path, (jsonl_limit or limit) if is_jsonl else limit), str(path))
        fmt = fmt or detect_format(path, text)
        if fmt == "jsonl":
            yield from parse_jsonl(path, text)
            return
        if not text.strip():
            raise BadInput(f"{path}: empty document")
        yield parse_titled(path, text, fmt)
    except BadInput as err:
        yield Failure(str(path), str(err).removeprefix(f"{path}: "))


def iter_paths(paths: list[Path]) -> Iterator[Path | Failure]:
    """Files named, and files under directories (recursively, sorted, hidden ones skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in rel) and _ingestible(child):
                    yield child
        elif path.exists():
            yield path
        else:
            yield Failure(str(path), "no such file or directory")


def _ingestible(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in _TEXT_SUFFIXES or suffix in _JSONL_SUFFIXES
