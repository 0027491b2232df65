import pytest

from assistant.knowledge.loaders import LoadError, iter_source_files, load_document
from tests.pdf_fixtures import content_pdf

VALID = """---
title: "Un titre"
lang: fr
audience: [manager]
tags: [roi]
sources:
  - title: "Source"
    url: "https://example.org/source"
---
# Un titre

## Section
Du texte.
"""


def test_markdown_front_matter_is_read(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text(VALID, encoding="utf-8")
    doc = load_document(path, "doc.md")
    assert doc.title == "Un titre" and doc.lang == "fr" and doc.audience == ("manager",)
    assert doc.sources == (("Source", "https://example.org/source"),)
    assert "## Section" in doc.text and "title:" not in doc.text


def test_invalid_front_matter_is_reported_with_the_field(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text(VALID.replace("lang: fr", "lang: de"), encoding="utf-8")
    with pytest.raises(LoadError, match="lang"):
        load_document(path, "doc.md")


def test_markdown_without_front_matter_gets_title_and_language(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Notes internes\n\nLes données de la PME sont dans le tableur.", encoding="utf-8")
    doc = load_document(path, "notes.md")
    assert doc.title == "Notes internes" and doc.lang == "fr"


def test_invisible_characters_are_removed(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Visible\u200b text\U000e0041 here and the data", encoding="utf-8")
    doc = load_document(path, "t.txt")
    assert doc.text == "Visible text here and the data"


def test_html_keeps_headings_and_drops_scripts(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<h1>Title</h1><script>alert(1)</script><h2>Part</h2><p>Some text for the reader.</p>")
    doc = load_document(path, "page.html")
    assert "## Part" in doc.text and "alert" not in doc.text


def test_docx_headings_become_markdown(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Guide", level=0)
    document.add_heading("Première partie", level=1)
    document.add_paragraph("Le contenu de la partie.")
    path = tmp_path / "guide.docx"
    document.save(path)
    doc = load_document(path, "guide.docx")
    assert "# Guide" in doc.text and "## Première partie" in doc.text


def test_pdf_text_is_extracted(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(minimal_pdf("Hello PDF world"))
    doc = load_document(path, "doc.pdf")
    assert "Hello PDF world" in doc.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.pdf", b"%PDF-1.4 garbage", "unreadable PDF"),
        ("broken.docx", b"not a zip", "unreadable DOCX"),
        ("empty.txt", b"   ", "no text"),
        ("binary.txt", bytes(range(256)) * 4, "text"),
    ],
)
def test_broken_files_raise_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError) as info:
        load_document(path, name)
    assert reason in info.value.reason


def test_source_files_skip_readme_and_hidden(tmp_path):
    (tmp_path / "README.md").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "a.md").write_text("x")
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "c.exe").write_text("x")
    assert [p.name for p in iter_source_files(tmp_path)] == ["b.md"]


def minimal_pdf(text: str) -> bytes:
    """Build a one-page PDF with a text line."""
    return content_pdf(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
