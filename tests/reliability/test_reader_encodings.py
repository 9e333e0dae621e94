"""Issue 14, defect 14: encodings. UTF-16 without BOM is text, a refused file's encoding is
named sensibly, a NUL anywhere refuses a text file, and the same article in two encodings
is one content hash (so one stored document)."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.document import content_hash
from kg.reader import Failure, RawDocument, read_file
from tests.kg.test_reader import to_cp1258

ARTICLE = (
    "Chủ tịch UBND tỉnh Thái Nguyên làm việc với Sông Công\n\n"
    "Thành phố Sông Công đã hoàn thành nhiệm vụ xây dựng nông thôn mới, thu hút đầu tư vào "
    "khu công nghiệp Sông Công 2 và nâng cấp quốc lộ 3.\n"
)


def read_one(tmp_path, data: bytes, name="doc.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read_file(path, 10**6)
    return item


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, codec):
    doc = read_one(tmp_path, ARTICLE.encode(codec))
    assert isinstance(doc, RawDocument), doc
    assert doc.title == ARTICLE.split("\n", 1)[0]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
        bytes(range(256)) * 8,
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 16,
        "Tiêu đề\n\nNội dung".encode("utf-16-le") + b"\x00\x00",  # a NUL character in UTF-16
        "A\x00B".encode("utf-16-le"),
    ],
)
def test_binary_is_still_binary(tmp_path, data):
    failure = read_one(tmp_path, data)
    assert isinstance(failure, Failure) and "binary file" in failure.reason


def test_nul_after_the_first_8_kb_is_refused(tmp_path):
    data = ("Tiêu đề\n\n" + "Nội dung dài. " * 2000).encode("utf-8") + b"\x00trailing"
    failure = read_one(tmp_path, data)
    assert isinstance(failure, Failure) and "NUL" in failure.reason


def test_nul_in_utf16_with_bom_is_refused(tmp_path):
    failure = read_one(tmp_path, ("Tiêu đề\n\nNội\x00 dung").encode("utf-16"))
    assert isinstance(failure, Failure) and "NUL" in failure.reason


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Café résumé naïve, a Latin-1 file.\n" * 20, "latin-1"),
        ("Grüße aus Köln\n\nschöne Straße, große Äpfel", "latin-1"),
        ("He said \u201chello\u201d \u2013 it\u2019s fine, a Word document.", "cp1252"),
    ],
)
def test_latin1_is_named_as_such(tmp_path, text, codec):
    failure = read_one(tmp_path, text.encode(codec))
    assert "not UTF-8" in failure.reason and "looks like Windows-1252 (Latin-1)" in failure.reason


def test_cyrillic_is_not_taken_for_windows_1258(tmp_path):
    """Read as Windows-1258 it has tone marks and đ, ạ; it used to pass for Vietnamese."""
    failure = read_one(tmp_path, "Привет, как дела? Это тест на русском языке.".encode("cp1251"))
    assert isinstance(failure, Failure) and "Windows-1251 (Cyrillic)" in failure.reason


def test_windows_1258_with_a_foreign_name_and_a_stray_mark_is_still_read(tmp_path):
    text = ARTICLE + "Ông François Müller phát biểu tại hội nghị về phát triển kinh tế vùng trung du ̣miền núi.\n"
    doc = read_one(tmp_path, to_cp1258(text))
    assert isinstance(doc, RawDocument), doc
    assert unicodedata.normalize("NFC", doc.title) == ARTICLE.split("\n", 1)[0]
    # every character decoded as written (the reader leaves composition to kg.text: compare NFC)
    assert (
        unicodedata.normalize("NFC", doc.body).strip() == unicodedata.normalize("NFC", text.split("\n\n", 1)[1]).strip()
    )


def test_same_article_in_four_encodings_has_one_content_hash(tmp_path):
    variants = {
        "utf8.txt": ARTICLE.encode("utf-8"),
        "bom.txt": ARTICLE.encode("utf-8-sig"),
        "u16.txt": ARTICLE.encode("utf-16"),
        "cp1258.txt": to_cp1258(ARTICLE.replace("\n", "\r\n")),
        "nfd.txt": unicodedata.normalize("NFD", ARTICLE).encode("utf-8"),
    }
    hashes = {}
    for name, data in variants.items():
        doc = read_one(tmp_path, data, name)
        assert isinstance(doc, RawDocument), (name, doc)
        hashes[name] = content_hash(doc)
    assert len(set(hashes.values())) == 1, hashes


def test_different_text_still_hashes_differently():
    one = RawDocument("/a.txt", "a.txt", "seed", "Tiêu đề", "Nội dung một.")
    two = RawDocument("/a.txt", "a.txt", "seed", "Tiêu đề", "Nội dung hai.")
    assert content_hash(one) != content_hash(two)


def test_hash_of_already_canonical_text_is_unchanged():
    """Documents stored before the change keep their ids: NFC text with LF line ends hashes as before."""
    import hashlib

    raw = RawDocument("/a.txt", "a.txt", "seed", "Tiêu đề", "Nội dung.\nDòng hai.", {"date": "2020-10-01"})
    h = hashlib.sha256()
    for part in (raw.format, raw.title, raw.body, *sorted(raw.meta.items())):
        h.update(str(part).encode("utf-8"))
        h.update(b"\x00")
    assert content_hash(raw) == h.hexdigest()


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600) | st.text(max_size=200).map(lambda t: t.encode("utf-16-le")))
def test_any_bytes_give_a_document_or_a_one_line_failure(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    path.write_bytes(data)
    for item in read_file(path, 10**6):
        if isinstance(item, Failure):
            assert "\n" not in str(item)
        else:
            assert "\x00" not in item.body
            item.body.encode("utf-8")
