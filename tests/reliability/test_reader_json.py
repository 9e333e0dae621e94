"""Issue 14, defects 5 and 12: a JSON Lines record can only fail as a one-line Failure.

Deep nesting used to raise RecursionError out of ``json.loads`` (the batch stopped, the web
upload answered 500); an invalid date was dropped without a word. Now each hostile record
is one ``file:line: reason`` and the rest of the file is read.
"""

import json
import logging
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.reader import MAX_JSON_DEPTH, Failure, RawDocument, read_file

GOOD = json.dumps({"id": "ok", "title": "Bản tin", "text": "UBND tỉnh Bắc Ninh họp."}, ensure_ascii=False)


def read_lines(tmp_path, *lines, limit=10_000_000):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([*lines, GOOD]) + "\n", "utf-8")
    items = list(read_file(path, limit, jsonl_limit=10**9))
    assert isinstance(items[-1], RawDocument) and items[-1].source == "ok"  # the file goes on
    for item in items:
        assert "\n" not in str(item) if isinstance(item, Failure) else True
    return items[:-1]


@pytest.mark.parametrize(
    "line",
    [
        "[" * 200_000 + "]" * 200_000,  # would be a RecursionError
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        '{"text": "x", "meta": ' + "[1," * 1000 + "]" * 1000 + "}",
        "[" * 100_000,  # unterminated too
    ],
)
def test_deeply_nested_json_is_one_failure_naming_file_and_line(tmp_path, line):
    [failure] = read_lines(tmp_path, line)
    assert failure.where.endswith("feed.jsonl:1")
    assert failure.reason == f"JSON nested more than {MAX_JSON_DEPTH} levels deep"


def test_nesting_up_to_the_limit_and_brackets_in_strings_are_fine(tmp_path):
    nested = json.dumps(
        {"text": "Nội dung.", "id": "n", "extra": json.loads("[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1))}
    )
    brackets = json.dumps({"text": "[[[" * 1000 + '\\"{{' * 500, "id": "s"})
    assert [d.source for d in read_lines(tmp_path, nested, brackets)] == ["n", "s"]


def test_string_full_of_escaped_quotes_is_checked_in_linear_time(tmp_path):
    line = "[" * 70 + '"' + '\\"' * 2_000_000  # unterminated string of escaped quotes
    started = time.perf_counter()
    [failure] = read_lines(tmp_path, line)
    # the depth check itself read past the 4 MB string (0.2 s; a backtracking pattern takes hours)
    assert time.perf_counter() - started < 5
    assert failure.reason == f"JSON nested more than {MAX_JSON_DEPTH} levels deep"


@pytest.mark.parametrize(
    "line, reason",
    [
        (
            '{"text": "x", "n": ' + "9" * 5000 + "}",
            "malformed JSON (Exceeds the limit",
        ),  # ValueError, not JSONDecodeError
        ('{"text": "Nội dung \\ud800"}', '"text" holds the character U+D800'),  # no UTF-8 can store it
        ('{"text": "a\\u0000b"}', '"text" holds the character U+0000'),
        ('{"text": "x", "title": "t\\udfff"}', '"title" holds the character U+DFFF'),
        ('{"text": "x", "id": ["a"]}', '"id" must be a string or a number'),
        ('{"text": "x", "id": {"a": 1}}', '"id" must be a string or a number'),
        ('{"text": "x", "url": {"href": "y"}}', '"url" must be a string or a number'),
        ('{"text": "x", "source": true}', '"source" must be a string or a number'),
        ('{"text": "x", "id": "a\\nb"}', "\"id\" 'a\\\\nb' contains control characters"),
    ],
)
def test_hostile_field_values_are_one_line_failures(tmp_path, line, reason):
    [failure] = read_lines(tmp_path, line)
    assert failure.reason.startswith(reason)


def test_nul_bytes_in_a_line_fail_that_record_only(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "a\x00b"}\n' + GOOD.encode() + b"\n")
    failure, doc = read_file(path, 10**6)
    assert "NUL" in failure.reason and doc.source == "ok"


@pytest.mark.parametrize("date", ["2017-13-45", "yesterday", "hôm qua", "2017-02-30T10:00", 20171345, "31/02/2020"])
def test_invalid_date_is_dropped_with_one_warning_line(tmp_path, caplog, date):
    line = json.dumps({"id": "d", "text": "Nội dung.", "date": date}, ensure_ascii=False)
    with caplog.at_level(logging.WARNING, logger="kg.reader"):
        [doc] = read_lines(tmp_path, line)
    assert doc.source == "d" and "date" not in doc.meta
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith("warning: ") and "feed.jsonl:1" in message and "is not a date" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "date, normal",
    [
        ("20201001", "2020-10-01"),
        ("2020-10-01T08:30:00+07:00", "2020-10-01"),
        ("1/10/2020", "2020-10-01"),
        (20201001, "2020-10-01"),
    ],
)
def test_valid_dates_are_normalised_silently(tmp_path, caplog, date, normal):
    line = json.dumps({"id": "d", "text": "Nội dung.", "date": date})
    with caplog.at_level(logging.WARNING, logger="kg.reader"):
        [doc] = read_lines(tmp_path, line)
    assert doc.meta["date"] == normal and not caplog.records


def test_invalid_manifest_date_warns_too(tmp_path, caplog):
    from kg.manifest import _table

    (tmp_path / "0001.txt").write_text("Tiêu đề\n\nNội dung.", "utf-8")
    (tmp_path / "MANIFEST.tsv").write_text("file\tdate\n0001.txt\t2020-13-45\n", "utf-8")
    _table.cache_clear()
    with caplog.at_level(logging.WARNING, logger="kg.manifest"):
        [doc] = read_file(tmp_path / "0001.txt", 10**6)
    assert "date" not in doc.meta
    [message] = [r.getMessage() for r in caplog.records]
    assert "MANIFEST.tsv:2" in message and "'0001.txt' is read without it" in message


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(
        st.dictionaries(st.sampled_from(["id", "title", "text", "url", "date", "source", "x"]), JSON), max_size=4
    )
)
def test_any_json_record_gives_a_document_or_a_failure(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("fuzz") / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    for item in read_file(path, 10**6):
        assert isinstance(item, (RawDocument, Failure))
        if isinstance(item, RawDocument):
            for value in (item.path, item.source, item.title or "", item.body, *item.meta.values()):
                value.encode("utf-8")
        else:
            assert "\n" not in str(item)
