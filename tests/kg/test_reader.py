import json
import unicodedata

import pytest

from kg.errors import BadInput
from kg.reader import Failure, RawDocument, decode, detect_format, iter_paths, read_file

LIMIT = 1_000_000


def read(path, fmt=None, limit=LIMIT):
    return list(read_file(path, limit, fmt))


def test_seed_layout(seed_path):
    [doc] = read(seed_path)
    assert isinstance(doc, RawDocument)
    assert doc.format == "seed"
    assert doc.title == "chu tich ubnd tinh thai nguyen lam viec voi ban thuong vu thanh uy song cong"
    assert doc.body.startswith("Các đơn vị thi công")
    assert doc.source == seed_path.name


def test_corpus_layout_is_titled(vnnews):
    [doc] = read(vnnews / "0003.txt")
    assert doc.format == "seed"
    assert doc.title == "Xử lý nghiêm những sai phạm tại khu du lịch Pù Luông Retreat"


def test_plain_text_without_title_line(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Một đoạn văn duy nhất về tỉnh Thái Nguyên, không có tiêu đề.", "utf-8")
    [doc] = read(path)
    assert doc.format == "text" and doc.title is None


def test_jsonl_records_and_errors(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Tiêu đề", "text": "Nội dung một.", "url": "http://x/1", "date": "20201001"}),
        "{not json",
        json.dumps({"title": "Không có nội dung"}),
        "",
        json.dumps({"title": "Thứ hai", "text": "Nội dung hai."}),
        json.dumps({"id": "a1", "title": "Trùng", "text": "x"}),
    ]
    path.write_text("\n".join(lines), "utf-8")
    items = read(path)
    docs = [i for i in items if isinstance(i, RawDocument)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert [d.source for d in docs] == ["a1", "docs.jsonl:5"]
    assert docs[0].meta == {"url": "http://x/1", "date": "2020-10-01"}  # normalised
    assert [f.where.rsplit(":", 1)[1] for f in fails] == ["2", "3", "6"]
    assert "malformed JSON" in fails[0].reason
    assert '"text"' in fails[1].reason
    assert "duplicate record id" in fails[2].reason


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty document"),
        (b"  \n\n ", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Grüße aus Köln\n\nschöne Straße, große Äpfel".encode("latin-1"), "not UTF-8"),
        (bytes(range(128, 256)) * 4, "not UTF-8"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [failure] = read(path)
    assert isinstance(failure, Failure)
    assert message in failure.reason
    assert str(path) in str(failure) and "\n" not in str(failure)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Tiêu đề\n" + "Nội dung dài. " * 1000, "utf-8")
    [failure] = read(path, limit=1000)
    assert "over the 1,000-byte limit" in failure.reason


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed where it can, else base letter + tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


def test_utf16_and_windows_1258(tmp_path):
    text = "Chủ tịch UBND tỉnh Thái Nguyên\n\nThành phố Sông Công đã hoàn thành nhiệm vụ xây dựng nông thôn mới."
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "cp.txt").write_bytes(to_cp1258(text))
    for name in ("u16.txt", "cp.txt"):
        [doc] = read(tmp_path / name)
        assert unicodedata.normalize("NFC", doc.title) == "Chủ tịch UBND tỉnh Thái Nguyên"


def test_decode_refuses_non_vietnamese_legacy_bytes():
    with pytest.raises(BadInput, match="not UTF-8"):
        decode("Grüße aus Köln, schöne Straße".encode("latin-1"), "x.txt")


def test_detect_format(tmp_path):
    assert detect_format(tmp_path / "a.jsonl", "anything") == "jsonl"
    assert detect_format(tmp_path / "a.txt", '{"text": "x"}\n') == "jsonl"
    assert detect_format(tmp_path / "a.txt", "Tiêu đề\n\nThân bài.") == "seed"
    assert detect_format(tmp_path / "a.txt", "Một câu kết thúc bằng dấu chấm.\nCâu khác.") == "text"


def test_iter_paths_recurses_and_reports_missing(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("x", "utf-8")
    (tmp_path / "a.jsonl").write_text("{}", "utf-8")
    (tmp_path / ".hidden.txt").write_text("x", "utf-8")
    (tmp_path / "MANIFEST.tsv").write_text("x", "utf-8")
    found = list(iter_paths([tmp_path, tmp_path / "missing.txt"]))
    assert [p.name for p in found[:-1]] == ["a.jsonl", "b.txt"]
    assert isinstance(found[-1], Failure) and "no such file" in found[-1].reason


def test_manifest_beside_the_files_gives_date_url_and_site(tmp_path):
    (tmp_path / "0001.txt").write_text("Tiêu đề bài\n\nNội dung bài báo về Sông Công.", "utf-8")
    (tmp_path / "0002.txt").write_text("Tiêu đề khác\n\nNội dung khác.", "utf-8")
    (tmp_path / "MANIFEST.tsv").write_text(
        "file\ttitle\tsite\tdate\turl\n0001.txt\tTiêu đề bài\tbaomoi.com\t20201001\thttp://x/1\n"
        "0002.txt\tTiêu đề khác\tvnexpress.net\t2020-13-45\t\n",
        "utf-8",
    )
    first, second = (next(read_file(tmp_path / name, 10**6)) for name in ("0001.txt", "0002.txt"))
    assert first.meta == {"date": "2020-10-01", "url": "http://x/1", "source": "baomoi.com"}
    assert second.meta == {"source": "vnexpress.net"}  # not a date: dropped, not stored as text
    assert list(iter_paths([tmp_path])) == [tmp_path / "0001.txt", tmp_path / "0002.txt"]  # not a document


def test_jsonl_date_that_is_no_date_is_dropped(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "T", "text": "Nội dung.", "date": "hôm qua"}) + "\n", "utf-8")
    [doc] = read_file(path, 10**6)
    assert "date" not in doc.meta
