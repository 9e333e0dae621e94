"""Issue 14, defects 6 and 9: what a file *is* (device, pipe, name bytes) never stops a batch.

Every reader refuses what is not a regular file before reading it (``kg ingest /dev/zero``
used to fill memory, a FIFO to hang), and a file name that is not valid UTF-8 is kept with
its bytes escaped instead of failing in the store after the NLP ran.
"""

import os
import threading
from pathlib import Path

import pytest

from kg.reader import Failure, RawDocument, iter_paths, read_file, shown

ARTICLE = "Tỉnh Thái Nguyên họp bàn\n\nUBND tỉnh Thái Nguyên họp bàn về hạ tầng giao thông."


def read_within(path, seconds=5.0, **kw):
    """read_file's items, failing the test (not hanging it) if reading does not finish."""
    out = []
    worker = threading.Thread(target=lambda: out.extend(read_file(path, 10_000, **kw)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"reading {path} did not finish in {seconds} s"
    return out


@pytest.mark.parametrize("fmt", [None, "text", "seed", "jsonl"])
def test_character_device_is_refused_before_reading(fmt):
    [failure] = read_within(os.path.realpath("/dev/zero"), fmt=fmt)
    assert isinstance(failure, Failure)
    assert failure.where == "/dev/zero" and "not a regular file (a character device)" in failure.reason


def test_symlink_to_a_device_is_followed_and_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    [failure] = read_within(link)
    assert "character device" in failure.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl"])
def test_named_pipe_does_not_hang(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    [failure] = read_within(fifo)
    assert "not a regular file (a named pipe)" in failure.reason and "\n" not in str(failure)


def test_directory_given_as_a_file_is_refused(tmp_path):
    [failure] = read_within(tmp_path)
    assert "not a regular file (a directory)" in failure.reason


def test_explicit_device_path_goes_through_iter_paths_to_a_failure():
    [path] = list(iter_paths([Path("/dev/null")]))  # named explicitly: not filtered out
    [failure] = read_within(path)
    assert "character device" in failure.reason


def test_undecodable_file_name_is_escaped_not_fatal(tmp_path):
    raw_name = os.fsdecode(b"b\xe1o c\xe1o.txt")  # Latin-1 bytes: not UTF-8
    (tmp_path / raw_name).write_text(ARTICLE, "utf-8")
    [doc] = read_within(tmp_path / raw_name)
    assert isinstance(doc, RawDocument)
    assert doc.source == "b\\xe1o c\\xe1o.txt"
    assert doc.path.endswith("/b\\xe1o c\\xe1o.txt")
    for value in (doc.path, doc.source):
        value.encode("utf-8")  # what the store does with them; used to raise UnicodeEncodeError


def test_undecodable_names_in_failures_and_records(tmp_path):
    raw_name = os.fsdecode(b"feed\xff.jsonl")
    (tmp_path / raw_name).write_text('{"text": "Nội dung."}\n{broken\n', "utf-8")
    doc, failure = read_within(tmp_path / raw_name)
    assert doc.source == "feed\\xff.jsonl:1"
    assert failure.where.endswith("feed\\xff.jsonl:2")
    str(failure).encode("utf-8")
    [missing] = list(iter_paths([tmp_path / os.fsdecode(b"gone\xfe.txt")]))
    assert missing.where.endswith("gone\\xfe.txt")


def test_control_characters_in_names_keep_messages_on_one_line(tmp_path):
    name = "a\nerror: forged.txt"
    (tmp_path / name).write_bytes(b"\x00\x01binary")
    [failure] = read_within(tmp_path / name)
    assert "\n" not in str(failure) and failure.where.endswith("a\\nerror: forged.txt")


def test_shown_leaves_ordinary_names_alone():
    assert shown("/dữ liệu/Sông Công.txt") == "/dữ liệu/Sông Công.txt"
