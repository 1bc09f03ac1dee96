"""Property tests: arbitrary input never crashes a reader, and output is clean."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lmskg.errors import ReaderError
from lmskg.readers import READERS, document_from_bytes
from lmskg.readers.decode import decode_bytes, normalize_text

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("\r\n\t\u00a0 -*#<>&;|`_[]()!"),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_text_reader_never_crashes_and_output_is_clean(raw: str) -> None:
    try:
        doc = document_from_bytes(raw.encode("utf-8"), "prop.txt")
    except ReaderError as err:
        assert err.problem in ("no text after cleaning", "binary file, not text")
        return
    assert "\r" not in doc.text and "\t" not in doc.text and "\u00a0" not in doc.text
    assert doc.text == doc.text.strip("\n") and "\n\n\n" not in doc.text
    assert all(line == line.rstrip(" ") for line in doc.text.split("\n"))
    assert doc == document_from_bytes(raw.encode("utf-8"), "prop.txt")


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_every_reader_accepts_any_text(raw: str) -> None:
    for reader in READERS.values():
        text, title = reader.to_text(raw)
        cleaned = normalize_text(text)
        assert "\r" not in cleaned and "\t" not in cleaned
        assert title is None or isinstance(title, str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_decoding_any_bytes_returns_text_or_a_reader_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "bytes.txt")
    except ReaderError as err:
        assert "\n" not in str(err)
        return
    assert isinstance(text, str) and encoding


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_normalisation_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
