"""Decoding accepts UTF-8 and legacy encodings and refuses what is not text."""

from __future__ import annotations

import codecs

import pytest

from articles.decoding import Refused, decode_bytes, read_bytes

TEXT = "The minister\u2019s \u201cplan\u201d for caf\u00e9s \u2013 na\u00efve, said critics.\n"


def test_utf8_without_bom_is_decoded_as_utf8():
    decoded = decode_bytes(TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (TEXT, "utf-8")


def test_utf8_with_bom_drops_the_mark_and_says_so():
    decoded = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (TEXT, "utf-8-sig")


def test_cp1252_is_detected_and_recorded():
    decoded = decode_bytes(TEXT.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (TEXT, "cp1252")


def test_cyrillic_in_cp1251_is_not_misread_as_cp1252():
    text = "\u041f\u0440\u0435\u043c\u044c\u0435\u0440 \u0437\u0430\u044f\u0432\u0438\u043b. " * 8
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text
    assert decoded.encoding != "cp1252"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (bytes(range(0x80, 0x100)) * 2, "undecodable"),
    ],
)
def test_non_text_input_is_refused_with_a_clear_reason(data, reason):
    with pytest.raises(Refused, match=reason):
        decode_bytes(data)


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    with pytest.raises(Refused, match="over the 100-byte limit"):
        read_bytes(path, max_bytes=100)


def test_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "ok.txt"
    path.write_bytes(b"a" * 100)
    assert read_bytes(path, max_bytes=100) == b"a" * 100


def test_dangling_symlink_is_refused_as_unreadable(tmp_path):
    path = tmp_path / "gone.txt"
    path.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(Refused, match="cannot read"):
        read_bytes(path, max_bytes=None)


def test_directory_named_like_a_file_is_refused_as_unreadable(tmp_path):
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(Refused, match="cannot read"):
        read_bytes(path, max_bytes=None)


def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded_not_refused_as_binary():
    text = "\u201cWe will help,\u201d said Kurti.\n"
    for encoding, name in (
        ("utf-16", "utf-16-le"),
        ("utf-32", "utf-32-le"),
        ("utf-16-be", None),
        ("utf-32-be", None),
    ):
        data = text.encode(encoding)
        if name is None:  # an explicit big-endian file carries its mark by hand
            data = ("\ufeff" + text).encode(encoding)
            name = encoding
        decoded = decode_bytes(data)
        assert (decoded.text, decoded.encoding) == (text, name)
