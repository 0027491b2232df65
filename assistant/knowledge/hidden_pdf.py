"""Find the text of a PDF file a reader would not see, and the technique hiding each.

Text drawn in the invisible render mode, fully transparent, at 2 pt or less, entirely outside the
page or its clipping area, or in the colour of what was painted behind it (a white page by default).
Invisible text lying over an image is the OCR layer of a scan and stays; text over an image, a
shading or a paint of unknown colour is never judged by its colour. ``drop_hidden_pdf_text`` removes
that text from the pages, as ``drop_hidden_elements`` does for HTML, and returns it as ``HiddenText``;
where each text operation lands comes from ``assistant.knowledge.pdf_text_scan``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from assistant.knowledge.hidden_html import HiddenText
from assistant.knowledge.hidden_text import MAX_HIDDEN_PT, WHITE, Colour, close, colour_technique, has_payload
from assistant.knowledge.pdf_geometry import inside, overlaps
from assistant.knowledge.pdf_objects import pdf_dict
from assistant.knowledge.pdf_text_scan import PageScan, Shown, Stream

Keep = Callable[[frozenset[str | None]], bool]


def drop_hidden_pdf_text(reader: PdfReader) -> list[HiddenText]:
    """Remove from the pages of ``reader`` the text a reader would not see; return it by page and technique."""
    found = []
    for page in reader.pages:
        scan = PageScan(page)
        techniques = _judge(scan)
        reported: set[str | None] = set()
        for technique in sorted(techniques):
            _install(page, scan.root, _showing(technique))
            text = " ".join(page.extract_text().split())
            if has_payload(text):
                found.append(HiddenText(technique, text))
                reported.add(technique)
        if techniques:
            _install(page, scan.root, _showing_all_but(frozenset(reported)))
        else:  # spare the text extraction a second parse of the page
            page[NameObject("/Contents")] = scan.content
    return found


def _showing(technique: str) -> Keep:
    return lambda drawn: technique in drawn


def _showing_all_but(reported: frozenset[str | None]) -> Keep:
    return lambda drawn: not drawn <= reported  # drawn visibly once, or hidden in a way not reported


def _judge(scan: PageScan) -> set[str]:
    """Mark how each text operation of the page was drawn; return the techniques hiding some of them."""
    techniques: set[str] = set()
    for shown in scan.shown:
        technique = _technique(scan, shown)
        drawn = shown.stream.drawn
        drawn[shown.index] = drawn.get(shown.index, frozenset()) | {technique}
        if technique is not None:
            techniques.add(technique)
    return techniques


def _technique(scan: PageScan, shown: Shown) -> str | None:
    """How this text is hidden, or ``None`` when a reader sees it."""
    if shown.mode in (3, 7):
        over_image = any(inside(shown.anchor, image) for image in scan.images)
        return None if over_image else "invisible render mode"  # over an image: a scan's OCR layer
    if shown.alpha <= 0:
        return "transparent text"
    if shown.size <= MAX_HIDDEN_PT:
        return "tiny font"
    if not overlaps(shown.box, scan.page):
        return "outside the page"
    if not overlaps(shown.box, shown.clip):
        return "clipped away"
    if shown.colour is None or not any(close(shown.colour, c) for c in scan.colours()):
        return None  # no paint, the white page included, has this colour: skip looking for the one behind
    behind: Colour | None = WHITE
    for index in range(shown.painted - 1, -1, -1):  # the last paint under the text is what it shows against
        box, colour = scan.painted[index]
        if inside(shown.anchor, box):
            behind = colour
            break
    return colour_technique(shown.colour, behind)


def _install(page: PageObject, root: Stream, keep: Keep) -> None:
    """Replace the page's content and forms by copies holding only the text operations ``keep`` accepts."""
    page[NameObject("/Contents")] = _rebuild(root, keep, page.pdf)
    page[NameObject("/Resources")] = _resources(root, keep, page.pdf)


def _rebuild(stream: Stream, keep: Keep, pdf: Any) -> ContentStream:
    operations: list[tuple[Any, bytes]] = []
    for index, (operands, operator) in enumerate(stream.operations):
        drawn = stream.drawn.get(index)
        if drawn is None or keep(drawn):
            operations.append((operands, operator))
        elif operator in (b"'", b'"'):  # these move to the next line before showing text
            sets = [([operands[0]], b"Tw"), ([operands[1]], b"Tc")] if operator == b'"' and len(operands) == 3 else []
            operations.extend([*sets, ([], b"T*")])
    content = ContentStream(None, pdf)
    content.operations = operations
    if stream.source is not None:
        for key, value in stream.source.items():
            if key not in ("/Length", "/Filter", "/DecodeParms"):
                content[NameObject(key)] = value
        content[NameObject("/Resources")] = _resources(stream, keep, pdf)
    return content


def _resources(stream: Stream, keep: Keep, pdf: Any) -> DictionaryObject:
    if not stream.forms:
        return stream.resources
    xobjects = DictionaryObject(pdf_dict(stream.resources.get("/XObject")) or {})
    for name, form in stream.forms.items():
        xobjects[NameObject(name)] = _rebuild(form, keep, pdf)
    resources = DictionaryObject(stream.resources)
    resources[NameObject("/XObject")] = xobjects
    return resources
