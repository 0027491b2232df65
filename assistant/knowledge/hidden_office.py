"""Find the text of DOCX and PDF files a reader would not see, and the technique hiding each.

DOCX: runs marked hidden (``vanish``), set in 2 pt or less, or coloured like what lies behind them
(highlight, run or paragraph shading, table cell or table, page colour; a white page by default).
PDF: text drawn in the invisible render mode, fully transparent, at 2 pt or less, entirely outside
the page or its clipping area, or in the colour of what was painted behind it (a white page by
default). Invisible text lying over an image is the OCR layer of a scan and stays; text over an
image, a shading or a paint of unknown colour is never judged by its colour.

``drop_hidden_runs`` and ``drop_hidden_pdf_text`` remove that text from the parsed document, as
``drop_hidden_elements`` does for HTML, and return it as ``HiddenText``; ``hidden_document_reason``
words the quarantine reason. Every technique here conceals on purpose, so any hidden passage is
a reason; passages under ``MIN_PAYLOAD`` letters or digits (a white space, a stray dot) are left alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject, StreamObject

from assistant.knowledge.hidden_html import HiddenText
from assistant.knowledge.sanitise import find_injection

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

MAX_HIDDEN_PT = 2.0  # text this small cannot be read, whatever the zoom a reader would use
MIN_PAYLOAD = 3
_NEAR = 0.1  # colours closer than this on every RGB channel (0-1) cannot be told apart
_MAX_DEPTH, _MAX_FORMS = 12, 500  # nested forms, and form runs per page: bound work on crafted files

Colour = tuple[float, float, float]
Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Keep = Callable[[frozenset[str | None]], bool]
_WHITE: Colour = (1.0, 1.0, 1.0)
_BLACK: Colour = (0.0, 0.0, 0.0)
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def hidden_document_reason(kind: str, hidden: Sequence[HiddenText]) -> str | None:
    """The quarantine reason for text hidden in a ``kind`` file, quoting an instruction if one was hidden."""
    if not hidden:
        return None
    shown = max(hidden, key=lambda item: find_injection(item.text) is not None)  # first instruction, else first
    excerpt = shown.text if len(shown.text) <= 80 else shown.text[:79] + "…"
    return f'text hidden in {kind} ({shown.technique}): "{excerpt}"'


def _payload(text: str) -> bool:
    return sum(char.isalnum() for char in text) >= MIN_PAYLOAD


def _close(one: Colour, other: Colour) -> bool:
    return max(abs(a - b) for a, b in zip(one, other, strict=True)) < _NEAR


def _colour_technique(text: Colour | None, behind: Colour | None) -> str | None:
    if text is None or behind is None or not _close(text, behind):
        return None
    return "white text" if _close(text, _WHITE) else "same colour as background"


# --- DOCX -----------------------------------------------------------------------------------------

_HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF", "red": "FF0000",
    "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0",
}  # fmt: skip


def drop_hidden_runs(document: DocxDocument) -> list[HiddenText]:
    """Remove the runs a reader would not see from a python-docx document (body, headers, footers)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iterchildren(qn("w:style"))}
    defaults = document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr")
    page = _docx_colour(next(iter(document.element.xpath("./w:background/@w:color")), None)) or _WHITE
    parts = [document.part.element]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            parts.append(rel.target_part.element)  # type: ignore[attr-defined]
    found: list[HiddenText] = []
    for root in parts:
        for paragraph in root.iter(qn("w:p")):
            found.extend(_drop_in_paragraph(paragraph, styles, defaults, page))
    return found


def _drop_in_paragraph(paragraph: Any, styles: dict[str, Any], defaults: list[Any], page: Colour) -> list[HiddenText]:
    from docx.oxml.ns import qn

    style = paragraph.xpath("string(./w:pPr/w:pStyle/@w:val)") or None
    paragraph_chain = _style_chain(styles, style, "paragraph")
    paragraph_props = paragraph.xpath("./w:pPr") + [p for s in paragraph_chain for p in s.xpath("./w:pPr")]
    behind = _docx_shading(paragraph_props) or _behind_paragraph(paragraph, styles, page)
    # Runs of this paragraph, in hyperlinks and content controls too, but not those of a text box inside it.
    runs = [r for r in paragraph.iter(qn("w:r")) if next(r.iterancestors(qn("w:p"))) is paragraph]
    groups: list[tuple[str, list[Any]]] = []
    previous = None
    for run in runs:
        chain = _style_chain(styles, run.xpath("string(./w:rPr/w:rStyle/@w:val)") or None, "character")
        props = [*run.xpath("./w:rPr"), *(p for s in chain + paragraph_chain for p in s.xpath("./w:rPr")), *defaults]
        technique = _run_technique(props, behind)
        if technique is not None and previous is not None:
            groups[-1][1].append(run)
        elif technique is not None:
            groups.append((technique, [run]))
        previous = technique
    found = []
    for technique, group in groups:
        text = " ".join("".join(run.text for run in group).split())
        if _payload(text):
            for run in group:
                run.getparent().remove(run)
            found.append(HiddenText(technique, text))
    return found


def _style_chain(styles: dict[str, Any], style_id: str | None, kind: str) -> list[Any]:
    """The style ``style_id`` (the default style of ``kind`` when none) and the styles it is based on."""
    from docx.oxml.ns import qn

    style = styles.get(style_id) if style_id else None
    if style is None and kind == "paragraph":
        defaults = (s for s in styles.values() if s.get(qn("w:type")) == kind and s.get(qn("w:default")) in ("1", "on"))
        style = next(defaults, None)
    chain: list[Any] = []
    while style is not None and style not in chain and len(chain) < 20:
        chain.append(style)
        style = styles.get(style.xpath("string(./w:basedOn/@w:val)"))
    return chain


def _first(props: list[Any], tag: str) -> Any:
    return next((found[0] for p in props if (found := p.xpath(f"./{tag}"))), None)


def _docx_colour(value: str | None) -> Colour | None:
    if not value or len(value) != 6:
        return None  # "auto" contrasts with what is behind it, so is never hidden
    try:
        return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)
    except ValueError:
        return None


def _docx_shading(props: list[Any]) -> Colour | None:
    from docx.oxml.ns import qn

    shading = _first(props, "w:shd")
    if shading is None:
        return None
    if shading.get(qn("w:val")) == "solid":  # a solid pattern shows its pattern colour, not the fill
        return _docx_colour(shading.get(qn("w:color")))
    return _docx_colour(shading.get(qn("w:fill")))


def _behind_paragraph(paragraph: Any, styles: dict[str, Any], page: Colour) -> Colour | None:
    """The colour behind a paragraph from its cell, table or text box; ``None`` when it cannot be told."""
    if paragraph.xpath("ancestor::w:txbxContent"):
        return None  # a shape's fill lives in DrawingML; white text on a dark shape is ordinary design
    cell = next(iter(paragraph.xpath("ancestor::w:tc[1]")), None)
    if cell is None:
        return page
    table = cell.xpath("ancestor::w:tbl[1]")
    colour = _docx_shading(cell.xpath("./w:tcPr") + table[0].xpath("./w:tblPr"))
    if colour is not None:
        return colour
    chain = _style_chain(styles, table[0].xpath("string(./w:tblPr/w:tblStyle/@w:val)") or None, "table")
    fills = [_docx_colour(fill) for style in chain for fill in style.xpath(".//w:shd/@w:fill")]
    # A table style shades header rows or bands; which cells it covers is not worked out here.
    return None if any(fill is not None and not _close(fill, page) for fill in fills) else page


def _run_technique(props: list[Any], behind: Colour | None) -> str | None:
    from docx.oxml.ns import qn

    vanish = _first(props, "w:vanish")
    if vanish is not None and vanish.get(qn("w:val"), "true").lower() not in ("0", "false", "off"):
        return "hidden font attribute"
    size = _first(props, "w:sz")
    try:
        if size is not None and float(size.get(qn("w:val"))) / 2 <= MAX_HIDDEN_PT:
            return "tiny font"
    except (TypeError, ValueError):
        pass
    highlight = _first(props, "w:highlight")
    marked = _docx_colour(_HIGHLIGHTS.get(highlight.get(qn("w:val"), ""))) if highlight is not None else None
    colour = _first(props, "w:color")
    text = _docx_colour(colour.get(qn("w:val"))) if colour is not None else None
    return _colour_technique(text, marked or _docx_shading(props) or behind)


# --- PDF ------------------------------------------------------------------------------------------


def drop_hidden_pdf_text(reader: PdfReader) -> list[HiddenText]:
    """Remove from the pages of ``reader`` the text a reader would not see; return it by page and technique."""
    found = []
    for page in reader.pages:
        scan = _PageScan(page)
        reported: set[str | None] = set()
        for technique in sorted(scan.techniques):
            _install(page, scan.root, _showing(technique))
            text = " ".join(page.extract_text().split())
            if _payload(text):
                found.append(HiddenText(technique, text))
                reported.add(technique)
        if scan.techniques:
            _install(page, scan.root, _showing_all_but(frozenset(reported)))
        else:  # spare the text extraction a second parse of the page
            page[NameObject("/Contents")] = scan.content
    return found


def _showing(technique: str) -> Keep:
    return lambda drawn: technique in drawn


def _showing_all_but(reported: frozenset[str | None]) -> Keep:
    return lambda drawn: not drawn <= reported  # drawn visibly once, or hidden in a way not reported


@dataclass
class _Stream:
    """A content stream (the page's or a form's), its forms by name and how each text operation was drawn."""

    operations: list[tuple[Any, bytes]]
    source: StreamObject | None
    resources: DictionaryObject
    forms: dict[str, _Stream] = field(default_factory=dict)
    drawn: dict[int, frozenset[str | None]] = field(default_factory=dict)


@dataclass
class _Graphics:
    """The part of the PDF graphics state that decides whether text shows (saved by ``q``, restored by ``Q``)."""

    ctm: Matrix = _IDENTITY
    clip: Box = (0.0, 0.0, 0.0, 0.0)
    fill: Colour | None = _BLACK
    stroke: Colour | None = _BLACK
    components: tuple[int, int] = (1, 1)  # of the fill and stroke colour spaces; 0 when not a device space
    alpha: tuple[float, float] = (1.0, 1.0)
    mode: int = 0
    size: float = 12.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0


@dataclass(frozen=True)
class _Shown:
    """One text operation as drawn: colour, opacity, render mode, size in points and where it lands."""

    stream: _Stream
    index: int
    colour: Colour | None
    alpha: float
    mode: int
    size: float
    box: Box
    anchor: tuple[float, float]
    clip: Box
    painted: int  # how many paints came before, the last one under ``anchor`` being the background


class _PageScan:
    """Walk a page's content and forms, recording where, how big and in which colour text is drawn."""

    def __init__(self, page: PageObject) -> None:
        self.pdf = page.pdf
        self.page = _page_box(page)
        self.painted: list[tuple[Box, Colour | None]] = []
        self.images: list[Box] = []
        self.shown: list[_Shown] = []
        self.budget = _MAX_FORMS
        self._colours: set[Colour] | None = None
        resources = _dict(page.get_inherited("/Resources")) or DictionaryObject()
        self.content = _content(page.get("/Contents"), self.pdf)
        self.root = _Stream(self.content.operations, None, resources)
        self.run(self.root, _Graphics(clip=self.page), ())
        self.techniques: set[str] = set()
        for shown in self.shown:
            technique = self.technique(shown)
            drawn = shown.stream.drawn
            drawn[shown.index] = drawn.get(shown.index, frozenset()) | {technique}
            if technique is not None:
                self.techniques.add(technique)

    def technique(self, shown: _Shown) -> str | None:
        """How this text is hidden, or ``None`` when a reader sees it."""
        if shown.mode in (3, 7):
            over_image = any(_inside(shown.anchor, image) for image in self.images)
            return None if over_image else "invisible render mode"  # over an image: a scan's OCR layer
        if shown.alpha <= 0:
            return "transparent text"
        if shown.size <= MAX_HIDDEN_PT:
            return "tiny font"
        if not _overlaps(shown.box, self.page):
            return "outside the page"
        if not _overlaps(shown.box, shown.clip):
            return "clipped away"
        if shown.colour is None or not any(_close(shown.colour, c) for c in self.colours()):
            return None  # no paint, the white page included, has this colour: skip looking for the one behind
        behind: Colour | None = _WHITE
        for index in range(shown.painted - 1, -1, -1):  # the last paint under the text is what it shows against
            box, colour = self.painted[index]
            if _inside(shown.anchor, box):
                behind = colour
                break
        return _colour_technique(shown.colour, behind)

    def colours(self) -> set[Colour]:
        """The distinct colours painted on the page, the page's white included."""
        if self._colours is None:
            self._colours = {_WHITE} | {colour for _, colour in self.painted if colour is not None}
        return self._colours

    def run(self, stream: _Stream, g: _Graphics, chain: tuple[int, ...]) -> None:
        """Interpret ``stream`` from graphics state ``g``; ``chain`` holds the forms being run (no cycles)."""
        stack: list[_Graphics] = []
        tm = line = _IDENTITY
        path: Box | None = None
        clipping = False
        for index, (operands, operator) in enumerate(stream.operations):
            nums = [float(o) for o in operands if isinstance(o, int | float)] if isinstance(operands, list) else []
            if operator == b"q":
                stack.append(replace(g))
            elif operator == b"Q" and stack:
                g = stack.pop()
            elif operator == b"cm" and len(nums) == 6:
                g.ctm = _mul(_matrix(nums), g.ctm)
            elif operator in (b"g", b"rg", b"k") and len(nums) == {b"g": 1, b"rg": 3, b"k": 4}[operator]:
                g.fill, g.components = _rgb(nums), (len(nums), g.components[1])
            elif operator in (b"G", b"RG", b"K") and len(nums) == {b"G": 1, b"RG": 3, b"K": 4}[operator]:
                g.stroke, g.components = _rgb(nums), (g.components[0], len(nums))
            elif operator in (b"cs", b"CS") and operands:
                n = _components(operands[0], stream.resources)
                colour = _BLACK if n else None
                if operator == b"cs":
                    g.fill, g.components = colour, (n, g.components[1])
                else:
                    g.stroke, g.components = colour, (g.components[0], n)
            elif operator in (b"sc", b"scn", b"SC", b"SCN"):
                stroking = operator.isupper()
                n = g.components[stroking]
                colour = _rgb(nums) if n and len(nums) == n == len(operands) else None
                g.fill, g.stroke = (g.fill, colour) if stroking else (colour, g.stroke)
            elif operator == b"gs" and operands:
                state = _dict(_resource(stream.resources, "/ExtGState", operands[0]))
                if state is not None:
                    g.alpha = (_num(state.get("/ca"), g.alpha[0]), _num(state.get("/CA"), g.alpha[1]))
            elif operator in (b"re", b"m", b"l", b"c", b"v", b"y") and len(nums) >= (4 if operator == b"re" else 2):
                corners = [(nums[0], nums[1]), (nums[0] + nums[2], nums[1] + nums[3])] if operator == b"re" else []
                corners = corners or list(zip(nums[0::2], nums[1::2], strict=False))
                box = _bounds(g.ctm, corners)
                path = box if path is None else _union(path, box)
            elif operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"):
                if path is not None and operator not in (b"S", b"s", b"n") and g.alpha[0] > 0:
                    self.painted.append((path, g.fill))
                if path is not None and clipping:
                    g.clip = _intersect(g.clip, path)
                path, clipping = None, False
            elif operator in (b"W", b"W*"):
                clipping = True
            elif operator == b"sh":
                self.painted.append((g.clip, None))
            elif operator == b"INLINE IMAGE":
                self.image(_bounds(g.ctm, [(0, 0), (1, 1)]))
            elif operator == b"Do" and operands:
                self.xobject(stream, operands[0], g, chain)
            elif operator == b"BT":
                tm = line = _IDENTITY
            elif operator == b"Tf" and len(operands) >= 2:
                g.size = _num(operands[1], g.size)
            elif operator in (b"Tz", b"TL", b"Ts", b"Tr") and nums:
                if operator == b"Tz":
                    g.scale = nums[0] / 100
                elif operator == b"TL":
                    g.leading = nums[0]
                elif operator == b"Ts":
                    g.rise = nums[0]
                else:
                    g.mode = int(nums[0])
            elif operator in (b"Td", b"TD") and len(nums) == 2:
                g.leading = -nums[1] if operator == b"TD" else g.leading
                tm = line = _mul((1, 0, 0, 1, nums[0], nums[1]), line)
            elif operator == b"Tm" and len(nums) == 6:
                tm = line = _matrix(nums)
            elif operator in (b"T*", b"'", b'"'):
                tm = line = _mul((1, 0, 0, 1, 0, -g.leading), line)
            if operator in (b"Tj", b"TJ", b"'", b'"') and operands:
                self.show(stream, index, g, tm, _length(operands[-1]))

    def show(self, stream: _Stream, index: int, g: _Graphics, tm: Matrix, length: int) -> None:
        """Record a text operation; its width is guessed generously (0.6 em a character) so as to flag less."""
        trm = _mul(tm, g.ctm)
        size = abs(g.size) * min(math.hypot(trm[2], trm[3]), abs(g.scale) * math.hypot(trm[0], trm[1]))
        width, height = 0.6 * max(length, 1) * g.size * g.scale, g.size
        box = _bounds(trm, [(0, g.rise - 0.25 * height), (width, g.rise + height)])
        anchor = _apply(trm, 0.25 * g.size * g.scale, g.rise + 0.3 * height)
        stroked = g.mode in (1, 5)
        colour, alpha = (g.stroke, g.alpha[1]) if stroked else (g.fill, g.alpha[0])
        self.shown.append(_Shown(stream, index, colour, alpha, g.mode, size, box, anchor, g.clip, len(self.painted)))

    def image(self, box: Box) -> None:
        """An image: OCR text may lie over it, and text over it is not judged by its colour."""
        self.images.append(box)
        self.painted.append((box, None))

    def xobject(self, stream: _Stream, name: Any, g: _Graphics, chain: tuple[int, ...]) -> None:
        """Draw an image or run a form (with its own resources and matrix) from the state ``g``."""
        target = _resource(stream.resources, "/XObject", name)
        if not isinstance(target, StreamObject):
            return
        if target.get("/Subtype") == "/Image":
            self.image(_bounds(g.ctm, [(0, 0), (1, 1)]))
            return
        if target.get("/Subtype") != "/Form" or id(target) in chain or len(chain) >= _MAX_DEPTH or self.budget <= 0:
            return
        self.budget -= 1
        child = stream.forms.get(str(name))
        if child is None:
            resources = _dict(target.get("/Resources")) or stream.resources
            child = _Stream(_content(target, self.pdf).operations, target, resources)
            stream.forms[str(name)] = child
        ctm = _mul(_matrix(_numbers(target.get("/Matrix")) or list(_IDENTITY)), g.ctm)
        bbox = _numbers(target.get("/BBox"))
        clip = _intersect(g.clip, _bounds(ctm, [bbox[:2], bbox[2:4]])) if len(bbox) == 4 else g.clip
        self.run(child, replace(g, ctm=ctm, clip=clip), (*chain, id(target)))


def _content(stream: Any, pdf: Any) -> ContentStream:
    """Parse a content stream as pypdf's text extraction does: strings left as bytes for the fonts to decode."""
    stream = stream.get_object() if stream is not None else None
    return ContentStream(stream if isinstance(stream, StreamObject | ArrayObject) else None, pdf, "bytes")


def _install(page: PageObject, root: _Stream, keep: Keep) -> None:
    """Replace the page's content and forms by copies holding only the text operations ``keep`` accepts."""
    page[NameObject("/Contents")] = _rebuild(root, keep, page.pdf)
    page[NameObject("/Resources")] = _resources(root, keep, page.pdf)


def _rebuild(stream: _Stream, keep: Keep, pdf: Any) -> ContentStream:
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


def _resources(stream: _Stream, keep: Keep, pdf: Any) -> DictionaryObject:
    if not stream.forms:
        return stream.resources
    xobjects = DictionaryObject(_dict(stream.resources.get("/XObject")) or {})
    for name, form in stream.forms.items():
        xobjects[NameObject(name)] = _rebuild(form, keep, pdf)
    resources = DictionaryObject(stream.resources)
    resources[NameObject("/XObject")] = xobjects
    return resources


# --- PDF values and geometry ---------------------------------------------------------------------


def _resource(resources: DictionaryObject, category: str, name: Any) -> Any:
    """The resolved resource ``name`` of ``category`` (``/XObject``, ``/ExtGState``...), or ``None``."""
    found = (_dict(resources.get(category)) or DictionaryObject()).get(name)
    return found.get_object() if found is not None else None


def _dict(value: Any) -> DictionaryObject | None:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else None


def _num(value: Any, default: float) -> float:
    value = value.get_object() if value is not None else None
    return float(value) if isinstance(value, int | float) else default


def _numbers(value: Any) -> list[float]:
    value = value.get_object() if value is not None else None
    if not isinstance(value, ArrayObject):
        return []
    return [float(v) for v in (item.get_object() for item in value) if isinstance(v, int | float)]


def _length(operand: Any) -> int:
    if isinstance(operand, ArrayObject):  # TJ: strings and kerning numbers
        return sum(len(item) for item in operand if isinstance(item, str | bytes))
    return len(operand) if isinstance(operand, str | bytes) else 0


def _components(name: Any, resources: DictionaryObject) -> int:
    """Colour components of a device-like colour space, 0 for any other (patterns, spot colours, Lab)."""
    device = {"/DeviceGray": 1, "/CalGray": 1, "/G": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/RGB": 3}
    device.update({"/DeviceCMYK": 4, "/CMYK": 4})
    if name in device:
        return device[name]
    space = _resource(resources, "/ColorSpace", name)
    if isinstance(space, ArrayObject) and space:
        family = space[0].get_object()
        if family == "/ICCBased" and len(space) > 1:
            profile = _dict(space[1])
            return int(_num(profile.get("/N"), 0)) if profile is not None else 0
        return {"/CalGray": 1, "/CalRGB": 3}.get(str(family), 0)
    return device.get(str(space), 0)


def _rgb(nums: Sequence[float]) -> Colour:
    v = [min(max(n, 0.0), 1.0) for n in nums]
    if len(v) == 1:
        return (v[0], v[0], v[0])
    if len(v) == 4:
        return ((1 - v[0]) * (1 - v[3]), (1 - v[1]) * (1 - v[3]), (1 - v[2]) * (1 - v[3]))
    return (v[0], v[1], v[2])


def _matrix(nums: Sequence[float]) -> Matrix:
    return (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]) if len(nums) == 6 else _IDENTITY


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    return (
        a * n[0] + b * n[2], a * n[1] + b * n[3], c * n[0] + d * n[2], c * n[1] + d * n[3],
        e * n[0] + f * n[2] + n[4], e * n[1] + f * n[3] + n[5],
    )  # fmt: skip


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


def _bounds(m: Matrix, points: Sequence[Sequence[float]]) -> Box:
    """The box around ``points`` (for two points: the corners of a box) once transformed by ``m``."""
    if len(points) == 2:
        (x0, y0), (x1, y1) = points[0][:2], points[1][:2]
        points = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
    xs, ys = zip(*(_apply(m, p[0], p[1]) for p in points), strict=True)
    return (min(xs), min(ys), max(xs), max(ys))


def _page_box(page: PageObject) -> Box:
    try:
        return _intersect(_box(page.mediabox), _box(page.cropbox))
    except (ValueError, TypeError, KeyError):  # no readable box: text cannot be judged off the page
        return (-math.inf, -math.inf, math.inf, math.inf)


def _box(rect: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]
