"""Registry, read_document, iter_paths and document_name."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import FIXTURES

from lmskg.errors import ReaderError
from lmskg.model import Document
from lmskg.readers import (
    READERS,
    SUFFIXES,
    Reader,
    document_from_bytes,
    document_name,
    iter_paths,
    read_document,
    reader_for,
)


def test_suffix_table_is_exactly_the_documented_one() -> None:
    assert SUFFIXES == {
        ".txt": "text",
        ".text": "text",
        ".md": "markdown",
        ".markdown": "markdown",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
    }
    assert set(READERS) == {"text", "markdown", "html"}


@pytest.mark.parametrize("key", sorted(READERS))
def test_reader_contract(key: str) -> None:
    reader = READERS[key]
    assert isinstance(reader, Reader)
    assert reader.name == key == key.lower()
    assert reader.media_type.startswith("text/")
    text, title = reader.to_text("Leiomyosarcoma of the uterus\n\nA rare tumour.\n")
    assert isinstance(text, str) and "rare tumour" in text
    assert title is None or isinstance(title, str)


@pytest.mark.parametrize("suffix", sorted(SUFFIXES))
def test_every_suffix_maps_to_a_registered_reader(suffix: str) -> None:
    assert reader_for(Path(f"doc{suffix}")) is READERS[SUFFIXES[suffix]]
    assert reader_for(Path(f"DOC{suffix.upper()}")) is READERS[SUFFIXES[suffix]]


def test_reader_for_unsupported_suffix() -> None:
    with pytest.raises(ReaderError) as err:
        reader_for(Path("paper.pdf"))
    assert "paper.pdf" in str(err.value) and "'.pdf'" in str(err.value)
    assert ".txt" in (err.value.hint or "")


@pytest.mark.parametrize(
    ("fixture", "media_type"),
    [("webcopy.txt", "text/plain"), ("article.md", "text/markdown"), ("page.html", "text/html")],
)
def test_read_document_fields(fixture: str, media_type: str) -> None:
    path = FIXTURES / fixture
    doc = read_document(path)
    assert isinstance(doc, Document)
    assert doc.path == str(path)
    assert doc.name == fixture
    assert doc.media_type == media_type
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.encoding == "utf-8"
    assert doc.text == doc.text.strip() and "\r" not in doc.text and "\t" not in doc.text


def test_read_document_webcopy_end_to_end() -> None:
    doc = read_document(FIXTURES / "webcopy.txt", name="custom/name.txt")
    assert doc.name == "custom/name.txt"
    assert doc.text.startswith("Uterine leiomyosarcoma: a made-up review for testing\n\n")
    assert doc.title == "Uterine leiomyosarcoma: a made-up review for testing"
    assert doc.doi == "10.9999/example.2024.001"
    kept_lines = ("Rarely, leiomyosarcomas arise in the skin.", "General information", "- Uterus")
    for kept in kept_lines:
        assert kept in doc.text
    gone_lines = ("Save to my", "Advertisement", "Download PDF", "Cite this", "©", "Related")
    for gone in gone_lines:
        assert gone not in doc.text


def test_read_document_markdown_and_html_titles() -> None:
    assert read_document(FIXTURES / "article.md").title == "Gastric leiomyosarcoma"
    page = read_document(FIXTURES / "page.html")
    assert page.title == "Pulmonary artery sarcoma"
    assert "We use cookies" not in page.text and "Sponsored" not in page.text


def test_same_bytes_same_document(tmp_path: Path) -> None:
    data = "Title line\n\nSmooth muscle tumour of the uterus.\r\n".encode("utf-16")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(data)
    second.write_bytes(data)
    assert read_document(first) == read_document(first)
    one, two = read_document(first), read_document(second)
    fields = ("text", "sha256", "title", "encoding", "media_type", "doi")
    assert [getattr(one, f) for f in fields] == [getattr(two, f) for f in fields]
    assert one.key == two.key


def _one_line(err: ReaderError, path: Path) -> str:
    message = str(err)
    assert "\n" not in message and str(path) in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.txt"
    with pytest.raises(ReaderError) as err:
        read_document(path)
    assert "no such file" in _one_line(err.value, path)


def test_directory_with_a_supported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(ReaderError) as err:
        read_document(path)
    assert "directory" in _one_line(err.value, path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Some tumour text.")
    path.chmod(0)
    try:
        with pytest.raises(ReaderError) as err:
            read_document(path)
        assert "permission denied" in _one_line(err.value, path).lower()
    finally:
        path.chmod(0o644)


def test_os_error_reason_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Some tumour text.")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(ReaderError) as err:
        read_document(path)
    assert "cannot read: Permission denied" in _one_line(err.value, path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\r\n", "\u00a0\u2009\n".encode()])
def test_empty_after_cleaning(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(ReaderError) as err:
        read_document(path)
    assert "no text after cleaning" in _one_line(err.value, path)


def test_page_that_is_only_chrome(tmp_path: Path) -> None:
    path = tmp_path / "chrome.html"
    path.write_text("<body><nav>Home</nav><footer>Contact</footer><script>x()</script></body>")
    with pytest.raises(ReaderError, match="no text after cleaning"):
        read_document(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ReaderError) as err:
        read_document(path)
    assert "binary file, not text" in _one_line(err.value, path)


def test_unsupported_suffix_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ReaderError) as err:
        read_document(path)
    assert "unsupported file type" in _one_line(err.value, path)


def test_document_from_bytes_needs_no_file() -> None:
    doc = document_from_bytes(b"# Heading\n\nBody text about a tumour.", "virtual.md")
    assert doc.title == "Heading" and doc.name == "virtual.md" and doc.media_type == "text/markdown"


def _tree(root: Path) -> None:
    for rel in ("b.txt", "a.md", "notes.pdf", ".hidden.txt", ".git/config.txt", "sub/z.html",
                "sub/a.txt", "sub/deeper/UPPER.TXT", "sub/.secret/x.md", "aa/first.htm"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("A tumour.")


def test_iter_paths_folder_order_and_skipping(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = list(iter_paths([tmp_path]))
    rel = [p.relative_to(tmp_path).as_posix() for p in found]  # type: ignore[union-attr]
    assert rel == [
        "a.md", "aa/first.htm", "b.txt", "sub/a.txt", "sub/deeper/UPPER.TXT", "sub/z.html"
    ]
    assert list(iter_paths([tmp_path])) == found


def test_iter_paths_explicit_inputs(tmp_path: Path) -> None:
    _tree(tmp_path)
    inputs = [tmp_path / "sub", tmp_path / "missing.txt", tmp_path / "notes.pdf",
              tmp_path / ".hidden.txt", tmp_path / "sub" / "a.txt"]
    items = list(iter_paths(inputs))
    assert items[0] == tmp_path / "sub" / "a.txt"
    assert items[1] == tmp_path / "sub" / "deeper" / "UPPER.TXT"
    assert items[2] == tmp_path / "sub" / "z.html"
    assert isinstance(items[3], ReaderError) and "missing.txt" in str(items[3])
    assert isinstance(items[4], ReaderError) and "unsupported" in str(items[4])
    assert items[5] == tmp_path / ".hidden.txt"  # named explicitly, so read
    assert len(items) == 6  # sub/a.txt was already yielded


def test_document_name(tmp_path: Path) -> None:
    path = tmp_path / "corpus" / "2024" / "case.txt"
    assert document_name(path, tmp_path / "corpus") == "2024/case.txt"
    assert document_name(path, None) == "case.txt"
    assert document_name(path, tmp_path / "elsewhere") == "case.txt"
