"""Read knowledge files (Markdown, text, PDF, DOCX, HTML) into ``LoadedDocument`` records.

Every text is sanitised (NFKC, invisible characters removed) before it becomes a document, and
``screen_document`` also says whether the file looks like a prompt-injection attempt (see
``assistant.knowledge.sanitise``). HTML elements, DOCX runs and PDF text a reader would not see are
dropped from the text, and make the document suspect (``assistant.knowledge.hidden_docx``, ``hidden_pdf``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.knowledge.documents import AUDIENCES, FrontMatter, LoadedDocument
from assistant.knowledge.sanitise import (
    HiddenText,
    SanitisedText,
    drop_hidden_elements,
    hidden_text_reason,
    injection_reason,
    sanitise_text,
)
from assistant.language import detect_language

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"})
MAX_FILE_BYTES = 20 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


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


@dataclass(frozen=True)
class ScreenedDocument:
    """A loaded document, what sanitising removed from it, and why it looks like an injection, if it does."""

    document: LoadedDocument
    removed: dict[str, int] = field(default_factory=dict)
    suspicion: str | None = None


def load_document(path: Path, doc_id: str) -> LoadedDocument:
    """Load one file as sanitised text; raise ``LoadError`` with a readable reason when it cannot be used."""
    return screen_document(path, doc_id).document


def screen_document(path: Path, doc_id: str) -> ScreenedDocument:
    """Load one file and check it for prompt injection; raise ``LoadError`` when it cannot be used."""
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
            return _screen(path, doc_id, raw, sanitise_text(_decode(path, raw)))
        if suffix == ".pdf":
            return _from_office(path, doc_id, raw, "PDF", *_pdf_text(path, raw))
        if suffix == ".docx":
            return _from_office(path, doc_id, raw, "DOCX", *_docx_text(path, raw))
        if suffix in (".html", ".htm"):
            return _from_html(path, doc_id, raw)
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


def _screen(
    path: Path, doc_id: str, raw: bytes, clean: SanitisedText, suspicion: str | None = None
) -> ScreenedDocument:
    document = _build(path, doc_id, raw, clean.text, title=None)
    return ScreenedDocument(document, clean.removed, suspicion or injection_reason(clean))


def _from_markdown(path: Path, doc_id: str, raw: bytes) -> ScreenedDocument:
    clean = sanitise_text(_decode(path, raw))
    text = clean.text
    match = _FRONT_MATTER.match(text)
    if not match:
        return _screen(path, doc_id, raw, clean)
    try:
        data = yaml.safe_load(match.group(1)) or {}
        meta = FrontMatter.model_validate(data)
    except yaml.YAMLError as exc:
        raise LoadError(path, f"front-matter is not valid YAML ({exc.__class__.__name__})") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise LoadError(path, f"invalid front-matter ({problems})") from exc
    body = text[match.end() :]
    document = LoadedDocument(
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
    return ScreenedDocument(document, clean.removed, injection_reason(clean))


def _from_html(path: Path, doc_id: str, raw: bytes) -> ScreenedDocument:
    """Hidden elements are found on the parsed page, before it becomes text, then dropped from it."""
    page = sanitise_text(_decode(path, raw))
    visible, hidden = _html_text(page.text)
    text = sanitise_text(visible)  # entities such as &nbsp; or &#xE0041; are only decoded by the parser
    removed = Counter(page.removed) + Counter(text.removed) + Counter({"hidden_html": len(hidden)})
    clean = SanitisedText(text.text, dict(removed), page.hidden + text.hidden)
    return _screen(path, doc_id, raw, clean, hidden_text_reason(hidden))


def _from_office(
    path: Path, doc_id: str, raw: bytes, kind: str, text: str, hidden: list[HiddenText]
) -> ScreenedDocument:
    """Hidden text was dropped while reading the file: count it and make it the suspicion."""
    from assistant.knowledge.hidden_text import hidden_document_reason

    clean = sanitise_text(text)
    reason = hidden_document_reason(kind, hidden)
    if reason is None:
        return _screen(path, doc_id, raw, clean)
    if not clean.text.strip():  # nothing left to index or to quarantine: say why
        raise LoadError(path, f"no visible text; {reason}")
    removed = Counter(clean.removed) + Counter({f"hidden_{kind.lower()}": len(hidden)})
    return _screen(path, doc_id, raw, SanitisedText(clean.text, dict(removed), clean.hidden), reason)


def _build(path: Path, doc_id: str, raw: bytes, text: str, title: str | None) -> LoadedDocument:
    text = text.strip()
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


def _pdf_text(path: Path, raw: bytes) -> tuple[str, list[HiddenText]]:
    from io import BytesIO

    from pypdf import PdfReader

    from assistant.knowledge.hidden_pdf import drop_hidden_pdf_text

    reader = PdfReader(BytesIO(raw))
    if reader.is_encrypted:
        raise LoadError(path, "PDF is encrypted")
    hidden = drop_hidden_pdf_text(reader)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        content = (page.extract_text() or "").strip()
        if content:
            pages.append(f"## Page {number}\n\n{content}")
    return "\n\n".join(pages), hidden


def _docx_text(path: Path, raw: bytes) -> tuple[str, list[HiddenText]]:
    from io import BytesIO

    import docx

    from assistant.knowledge.hidden_docx import drop_hidden_runs

    document = docx.Document(BytesIO(raw))
    hidden = drop_hidden_runs(document)
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
    return "\n\n".join(lines), hidden


def _html_text(html: str) -> tuple[str, list[HiddenText]]:
    """Visible text of a page as Markdown-like lines, and the text of the elements hidden from readers."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    hidden = drop_hidden_elements(soup)  # reads the page's <style> rules, so before they go
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for code in soup.find_all("code"):
        if code.find_parent("pre") is None:  # keep inline code marked as code, as in Markdown
            code.insert_before("`")
            code.insert_after("`")
    lines = []
    for node in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "td", "pre"]):
        if node.name == "pre":
            block = node.get_text().strip("\n")
            if block.strip():
                lines.append(f"```\n{block}\n```")
            continue
        content = " ".join(node.get_text(" ", strip=True).split())
        if not content:
            continue
        if node.name in ("h1", "h2", "h3", "h4"):
            lines.append(f"{'#' * int(node.name[1])} {content}")
        elif node.name == "li":
            lines.append(f"- {content}")
        else:
            lines.append(content)
    return "\n\n".join(lines), hidden
