"""Read knowledge files (Markdown, text, PDF, DOCX, HTML) into ``LoadedDocument`` records."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.knowledge.documents import AUDIENCES, FrontMatter, LoadedDocument
from assistant.language import detect_language

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"})
MAX_FILE_BYTES = 20 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
# Zero-width and bidi control characters can hide text from a reader but not from a model.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\U000e0000-\U000e007f]")


class LoadError(Exception):
    """A file could not be turned into a document; ``reason`` says why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def iter_source_files(root: Path) -> Iterator[Path]:
    """Yield the loadable files below ``root`` in a stable order (README files excluded)."""
    for path in sorted(root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        wanted = path.suffix.lower() in SUPPORTED_SUFFIXES and path.stem.lower() != "readme"
        if path.is_file() and wanted and not hidden:
            yield path


def normalise_text(text: str) -> str:
    """Apply NFC normalisation, drop invisible characters and unify line endings."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _INVISIBLE.sub("", text)


def load_document(path: Path, doc_id: str) -> LoadedDocument:
    """Load one file; raise ``LoadError`` with a readable reason when it cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(path, f"cannot read file ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise LoadError(path, f"file too large ({size // 1024 // 1024} MB > {MAX_FILE_BYTES // 1024 // 1024} MB)")
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    try:
        if suffix in (".md", ".markdown"):
            return _from_markdown(path, doc_id, raw)
        if suffix == ".txt":
            text = _decode(path, raw)
            return _build(path, doc_id, raw, text, title=None)
        if suffix == ".pdf":
            return _build(path, doc_id, raw, _pdf_text(path, raw), title=None)
        if suffix == ".docx":
            return _build(path, doc_id, raw, _docx_text(path, raw), title=None)
        if suffix in (".html", ".htm"):
            return _build(path, doc_id, raw, _html_text(_decode(path, raw)), title=None)
    except LoadError:
        raise
    except Exception as exc:  # parsers raise many types on corrupt input; report, don't crash
        raise LoadError(path, f"unreadable {suffix[1:].upper()} file ({type(exc).__name__}: {exc})") from exc
    raise LoadError(path, f"unsupported file type {suffix!r}")


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise LoadError(path, "not valid UTF-8 or Windows-1252 text") from exc


def _from_markdown(path: Path, doc_id: str, raw: bytes) -> LoadedDocument:
    text = normalise_text(_decode(path, raw))
    match = _FRONT_MATTER.match(text)
    if not match:
        return _build(path, doc_id, raw, text, title=None)
    try:
        data = yaml.safe_load(match.group(1)) or {}
        meta = FrontMatter.model_validate(data)
    except yaml.YAMLError as exc:
        raise LoadError(path, f"front-matter is not valid YAML ({exc.__class__.__name__})") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise LoadError(path, f"invalid front-matter ({problems})") from exc
    body = text[match.end() :]
    return LoadedDocument(
        doc_id=doc_id,
        path=str(path),
        title=meta.title,
        lang=meta.lang,
        audience=tuple(meta.audience),
        tags=tuple(meta.tags),
        text=body,
        sha256=hashlib.sha256(raw).hexdigest(),
        sources=tuple((s.title, str(s.url)) for s in meta.sources),
    )


def _build(path: Path, doc_id: str, raw: bytes, text: str, title: str | None) -> LoadedDocument:
    text = normalise_text(text).strip()
    if not text:
        raise LoadError(path, "no text could be extracted")
    heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return LoadedDocument(
        doc_id=doc_id,
        path=str(path),
        title=title or (heading.group(1).strip() if heading else path.stem.replace("-", " ").replace("_", " ")),
        lang=detect_language(text[:5000]),
        audience=AUDIENCES,
        tags=(),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _pdf_text(path: Path, raw: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(raw))
    if reader.is_encrypted:
        raise LoadError(path, "PDF is encrypted")
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        content = (page.extract_text() or "").strip()
        if content:
            pages.append(f"## Page {number}\n\n{content}")
    return "\n\n".join(pages)


def _docx_text(path: Path, raw: bytes) -> str:
    from io import BytesIO

    import docx

    document = docx.Document(BytesIO(raw))
    lines = []
    for paragraph in document.paragraphs:
        content = paragraph.text.strip()
        if not content:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = re.match(r"(?:Heading|Titre)\s*(\d)", style)
        if style == "Title":
            lines.append(f"# {content}")
        elif level:
            lines.append(f"{'#' * min(int(level.group(1)) + 1, 4)} {content}")
        else:
            lines.append(content)
    return "\n\n".join(lines)


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    lines = []
    for node in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "td", "pre"]):
        content = " ".join(node.get_text(" ", strip=True).split())
        if not content:
            continue
        if node.name in ("h1", "h2", "h3", "h4"):
            lines.append(f"{'#' * int(node.name[1])} {content}")
        elif node.name == "li":
            lines.append(f"- {content}")
        else:
            lines.append(content)
    return "\n\n".join(lines)
