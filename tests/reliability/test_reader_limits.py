"""Issue 14, defect 9: size limits hold while reading, for JSON Lines record by record.

A JSON Lines file is held to ``KG_MAX_JSONL_BYTES`` and each of its records to
``KG_MAX_BYTES``; no reader reads more than its limit plus one byte, even from a file that
grows while it is read.
"""

import json

import pytest

from kg.errors import BadInput
from kg.reader import Failure, RawDocument, _read_limited, _stream_jsonl, read_file


def record(text, **extra):
    return json.dumps({"text": text, **extra}, ensure_ascii=False)


def test_each_jsonl_record_is_held_to_the_per_document_limit(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([record("Nội dung ngắn."), record("dài " * 500), record("Cuối cùng.")]), "utf-8")
    items = list(read_file(path, 1000, jsonl_limit=10**6))
    assert [type(i) for i in items] == [RawDocument, Failure, RawDocument]
    assert items[1].where.endswith("feed.jsonl:2")
    assert items[1].reason == "record is over the 1,000-byte limit (KG_MAX_BYTES)"
    assert items[2].source == "feed.jsonl:3"  # line numbers still count the skipped record


def test_record_exactly_at_the_limit_is_read(tmp_path):
    line = record("x" * 100)
    path = tmp_path / "feed.jsonl"
    path.write_text(line + "\n" + line.replace('"x', '"y'), "utf-8")
    assert all(isinstance(i, RawDocument) for i in read_file(path, len(line.encode()), jsonl_limit=10**6))


def test_oversized_last_line_without_newline(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(record("a") + "\n" + record("b" * 5000), "utf-8")
    doc, failure = read_file(path, 1000, jsonl_limit=10**6)
    assert isinstance(doc, RawDocument) and "over the 1,000-byte limit" in failure.reason


def test_jsonl_file_limit(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(record(f"Bản tin {i}.") for i in range(100)), "utf-8")
    [failure] = read_file(path, 1000, jsonl_limit=500)
    assert "over the 500-byte limit (KG_MAX_JSONL_BYTES)" in failure.reason


def test_forced_jsonl_format_uses_the_record_limit_too(tmp_path):
    path = tmp_path / "feed.txt"
    path.write_text(record("ngắn") + "\n" + record("dài " * 500), "utf-8")
    items = list(read_file(path, 1000, "jsonl", jsonl_limit=10**6))
    assert isinstance(items[0], RawDocument) and "KG_MAX_BYTES" in items[1].reason


def test_utf16_jsonl_records_are_limited_too(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(("\n".join([record("Nội dung."), record("dài " * 500)])).encode("utf-16"))
    doc, failure = read_file(path, 1000, jsonl_limit=10**6)
    assert doc.body == "Nội dung." and "KG_MAX_BYTES" in failure.reason


class Growing:
    """A file object that never ends, as a file being appended to without pause would."""

    def __init__(self, line: bytes):
        self.line = line

    def read(self, n):
        return (self.line * (n // len(self.line) + 1))[:n]

    def readline(self, n):
        return self.line[:n]

    def seek(self, _):
        return 0


def test_reading_stops_at_the_limit_even_when_the_file_grows():
    source = Growing(b'{"text": "x"}\n')  # stat said 10 bytes
    with pytest.raises(BadInput, match="over the 1,000-byte limit"):
        _read_limited(source, 10, 1000, "KG_MAX_BYTES")
    lines = []
    with pytest.raises(BadInput, match="over the 1,000-byte limit .KG_MAX_JSONL_BYTES."):
        lines.extend(_stream_jsonl(source, 10, 100, 1000))
    assert len(lines) == 1000 // len(source.line)
