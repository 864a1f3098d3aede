"""read(): encodings found from the bytes, and bad files rejected with a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from summaries.errors import (
    BinaryContent,
    EmptyFile,
    FileTooLarge,
    UndecodableText,
    UnsupportedFormat,
)
from summaries.read import READERS, read

DATA = Path(__file__).resolve().parents[1] / "data"
# Real seed text (001 and 003) that every tested encoding can represent.
NEWS = (DATA / "web_news_001.txt").read_text(encoding="utf-8")
TRENDS = (DATA / "web_comments_003.txt").read_text(encoding="utf-8")


def _write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_read_returns_text_name_and_format_when_utf8(tmp_path: Path) -> None:
    raw = read(_write(tmp_path, NEWS.encode("utf-8"), "news.txt"))
    assert raw.text == NEWS
    assert raw.encoding == "utf-8"
    assert raw.name == "news.txt"
    assert raw.format == "txt"
    assert raw.title is None and raw.urls == ()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(b"\xef\xbb\xbf" + NEWS.encode("utf-8"), "utf-8-sig", id="utf-8 with BOM"),
        pytest.param(b"\xff\xfe" + NEWS.encode("utf-16-le"), "utf-16-le", id="utf-16-le BOM"),
        pytest.param(b"\xfe\xff" + NEWS.encode("utf-16-be"), "utf-16-be", id="utf-16-be BOM"),
        pytest.param(NEWS.encode("utf-16-le"), "utf-16-le", id="utf-16-le no BOM"),
        pytest.param(NEWS.encode("utf-16-be"), "utf-16-be", id="utf-16-be no BOM"),
        pytest.param(NEWS.encode("cp1256"), "cp1256", id="windows-1256"),
        pytest.param(TRENDS.encode("cp1256"), "cp1256", id="windows-1256 curly quotes"),
    ],
)
def test_read_finds_encoding_from_bytes_when_arabic_text(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    raw = read(_write(tmp_path, data))
    assert raw.encoding == encoding
    assert raw.text in (NEWS, TRENDS)
    assert not raw.text.startswith("\ufeff")


def test_read_reads_markdown_like_text(tmp_path: Path) -> None:
    raw = read(_write(tmp_path, NEWS.encode("utf-8"), "news.MD"))
    assert raw.format == "md"
    assert raw.text == NEWS


def test_read_offers_a_reader_per_text_suffix() -> None:
    assert {".txt", ".md"} <= READERS.keys()


def test_read_rejects_unsupported_format_when_suffix_unknown(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        read(_write(tmp_path, NEWS.encode("utf-8"), "doc.xyz"))
    assert caught.value.reason == "unsupported format: .xyz"


def test_read_rejects_empty_file_when_zero_bytes(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile, match="empty"):
        read(_write(tmp_path, b""))


def test_read_rejects_empty_file_when_only_bom_and_spaces(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile, match="white space"):
        read(_write(tmp_path, b"\xef\xbb\xbf \n\n  \r\n"))


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ],
)
def test_read_rejects_binary_content_when_magic_number_under_txt_name(
    tmp_path: Path, head: bytes, what: str
) -> None:
    with pytest.raises(BinaryContent, match=what):
        read(_write(tmp_path, head + NEWS.encode("utf-8")))


def test_read_rejects_binary_content_when_nul_bytes(tmp_path: Path) -> None:
    data = NEWS.encode("utf-8")
    with pytest.raises(BinaryContent, match="NUL"):
        read(_write(tmp_path, data[:200] + b"\x00\x00\x01\x00" + data[200:]))


def test_read_rejects_binary_content_when_full_of_control_bytes(tmp_path: Path) -> None:
    data = NEWS.encode("utf-8").replace(b" ", b"\x01\x02")
    with pytest.raises(BinaryContent, match="control"):
        read(_write(tmp_path, data))


def test_read_rejects_undecodable_text_when_utf8_is_cut_mid_letter(tmp_path: Path) -> None:
    data = NEWS.encode("utf-8")[:201]  # ends inside a two-byte Arabic letter
    assert data[-1] >= 0xC2
    with pytest.raises(UndecodableText, match="not valid UTF-8") as caught:
        read(_write(tmp_path, data))
    assert "byte 200" in caught.value.reason


def test_read_rejects_undecodable_text_when_bom_lies(tmp_path: Path) -> None:
    with pytest.raises(UndecodableText, match="utf-8-sig"):
        read(_write(tmp_path, b"\xef\xbb\xbf" + NEWS.encode("cp1256")))


def test_read_rejects_file_too_large_with_sizes_in_reason(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(25_000_000)  # sparse: the size is real, the disk stays empty
    with pytest.raises(FileTooLarge) as caught:
        read(path)
    assert caught.value.reason == "file is 25.0 MB, the limit is 20.0 MB"


def test_read_rejects_file_too_large_when_limit_is_lowered(tmp_path: Path) -> None:
    path = _write(tmp_path, NEWS.encode("utf-8"))
    with pytest.raises(FileTooLarge, match="the limit is 0.0 MB"):
        read(path, max_bytes=1000)


def test_read_leaves_file_unchanged(tmp_path: Path) -> None:
    data = b"\xff\xfe" + NEWS.encode("utf-16-le")
    path = _write(tmp_path, data)
    before = os.stat(path)
    read(path)
    after = os.stat(path)
    assert path.read_bytes() == data
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
