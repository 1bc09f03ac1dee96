"""Encodings, binary detection and text normalisation."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from lmskg.errors import ReaderError
from lmskg.readers import read_document
from lmskg.readers.decode import decode_bytes, normalize_text

SAMPLE = "Ménétrier disease – a rare “giant fold” gastropathy.\nSecond line.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("utf-8-sig"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by its NUL bytes
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-32"), "utf-32-le"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_decoding(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data, "x.txt")
    assert (text, used) == (SAMPLE, encoding)


@pytest.mark.parametrize("word", ["Ménétrier", "Café", "naïve – “quoted”", "Größe 5 cm"])
def test_short_western_text(word: str) -> None:
    assert decode_bytes(word.encode("cp1252"), "x.txt") == (word, "cp1252")


def test_latin1_file_through_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Maladie de Ménétrier\n\nUne gastropathie rare à plis géants."
    path.write_bytes(text.encode("latin-1"))
    doc = read_document(path)
    assert doc.encoding == "cp1252"
    assert doc.text == "Maladie de Ménétrier\n\nUne gastropathie rare à plis géants."
    assert doc.title == "Maladie de Ménétrier"


def test_non_western_legacy_encoding_is_guessed() -> None:
    text = "Лейомиосаркома матки — редкая злокачественная опухоль гладких мышц. " * 4
    decoded, used = decode_bytes(text.encode("cp1251"), "x.txt")
    assert decoded == text and used != "utf-8"


def test_declared_charset_is_tried_after_utf8() -> None:
    data = "Ĺeiomyosarcoma ťest".encode("iso8859_2")
    expected = ("Ĺeiomyosarcoma ťest", "iso8859-2")
    assert decode_bytes(data, "x.html", declared="iso-8859-2") == expected
    assert decode_bytes(b"plain ascii", "x.html", declared="no-such-codec")[0] == "plain ascii"


def test_html_meta_charset_used(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    html = '<head><meta charset="windows-1250"></head><body><p>Łódź – sarkom</p></body>'
    path.write_bytes(html.encode("cp1250"))
    doc = read_document(path)
    assert doc.text == "Łódź – sarkom" and doc.encoding == "cp1250"


def test_invalid_bytes_after_a_bom() -> None:
    with pytest.raises(ReaderError, match="invalid utf-8 text at byte"):
        decode_bytes(b"\xef\xbb\xbfabc\xff\xfe", "bad.txt")


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03binary", b"%PDF-1.7\n" + bytes(range(32)) * 10, b"text\x00with a nul"],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(ReaderError, match="binary file, not text"):
        decode_bytes(data, "x.txt")


def test_undetectable_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    from lmskg.readers import decode

    class NoMatch:
        def best(self) -> None:
            return None

    monkeypatch.setattr(decode, "from_bytes", lambda data: NoMatch())
    with pytest.raises(ReaderError, match="cannot detect the text encoding"):
        decode_bytes(bytes(range(0x80, 0x100)) * 4, "x.txt")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc\n", "a\nb\nc"),
        ("col1\tcol2", "col1 col2"),
        ("5\u00a0cm and 72\u2009months\u202fago", "5 cm and 72 months ago"),
        ("trailing   \nspaces \t\n", "trailing\nspaces"),
        ("one\n\n\n\n\ntwo", "one\n\ntwo"),
        ("\n\n  \nstart\n\n", "start"),
        ("Me\u0301ne\u0301trier", "Ménétrier"),
        ("leio\u00admyo\u200bsarcoma\ufeff", "leiomyosarcoma"),
        ("page\fbreak\u2028line", "page\nbreak\nline"),
        ("bell\x07 and escape\x1b", "bell and escape"),
        ("  indented stays", "  indented stays"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_keeps_words_and_is_idempotent() -> None:
    raw = "KIT-negative, desmin+  (n = 12); p < 0.05 — “rare”.\n\n\n- bullet"
    once = normalize_text(raw)
    assert once == "KIT-negative, desmin+  (n = 12); p < 0.05 — “rare”.\n\n- bullet"
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
