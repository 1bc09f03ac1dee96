"""Bytes -> str: encoding detection, binary detection and text normalisation.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; a charset the
file declares (for HTML, passed in by the reader); then a guess. The guess prefers
Windows-1252 when the bytes decode as such and at most 30 % of them are non-ASCII
(English text with a few accented letters or typographic dashes and quotes, where
charset-normalizer alone often picks a Central-European or CJK code page on short
inputs); otherwise it is charset-normalizer's best match.

Normalisation (``normalize_text``) changes layout only, never words: newlines to
``\\n``; tabs, NBSP and other Unicode spaces to a plain space; invisible format
characters (soft hyphen, zero-width space, word joiner, BOM, LRM/RLM) and control
characters dropped; Unicode NFC; trailing spaces stripped per line; 3+ newlines
collapsed to 2; blank lines at both ends removed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from lmskg.errors import ReaderError

SAMPLE = 8192
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_DROP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f\u2060\ufeff]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING = re.compile(" +$", re.MULTILINE)
_BLANKS = re.compile("\n{3,}")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by NUL bytes sitting in one byte position only."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.01 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, path: object) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReaderError(
            path, f"invalid {encoding} text at byte {exc.start}", "re-save the file as UTF-8"
        ) from None


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C
    return controls > 4 and controls > 0.05 * len(sample)


def _guess(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 for mostly-ASCII text, else charset-normalizer's best match."""
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    if non_ascii <= 0.3 * len(data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None:
        return None
    encoding = codecs.lookup(best.encoding).name
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(
    data: bytes, path: object = "<bytes>", declared: str | None = None
) -> tuple[str, str]:
    """Decode raw bytes; return ``(text, encoding_used)`` or raise ``ReaderError``.

    ``declared`` is an encoding the file itself names (an HTML ``<meta charset>``); it
    is tried after strict UTF-8 and ignored when unknown or when the bytes do not fit.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            return _strict(data[len(bom) :], codec, path), encoding
    sample = data[:SAMPLE]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the NUL bytes make it binary below
    if _looks_binary(sample):
        hint = "only text, Markdown and HTML files are read"
        raise ReaderError(path, "binary file, not text", hint)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            name = codecs.lookup(declared).name
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    guessed = _guess(data)
    if guessed is None:
        raise ReaderError(path, "cannot detect the text encoding", "re-save the file as UTF-8")
    return guessed


def normalize_text(text: str) -> str:
    """Normalise layout (newlines, spaces, NFC) without changing any word."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _DROP.sub("", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING.sub("", text)
    text = _BLANKS.sub("\n\n", text)
    return text.strip("\n")
