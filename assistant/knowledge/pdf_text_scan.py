"""Walk a PDF page's content and forms, recording where, how big and in which colour text is drawn.

``PageScan`` interprets the part of the graphics state that decides whether text shows (matrices,
clipping, fill and stroke colours, opacity, render mode, font size) and records every text operation
as ``Shown``, with what was painted before it and where images lie. It judges nothing:
``assistant.knowledge.hidden_pdf`` decides from these records which text a reader would not see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf import PageObject
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, StreamObject

from assistant.knowledge.hidden_text import WHITE, Colour
from assistant.knowledge.pdf_geometry import (
    IDENTITY,
    Box,
    Matrix,
    apply,
    bounds,
    intersect,
    matrix,
    mul,
    page_box,
    union,
)
from assistant.knowledge.pdf_objects import components, num, numbers, pdf_dict, resource, rgb, text_length

_MAX_DEPTH, _MAX_FORMS = 12, 500  # nested forms, and form runs per page: bound work on crafted files
_BLACK: Colour = (0.0, 0.0, 0.0)


@dataclass
class Stream:
    """A content stream (the page's or a form's), its forms by name and how each text operation was drawn."""

    operations: list[tuple[Any, bytes]]
    source: StreamObject | None
    resources: DictionaryObject
    forms: dict[str, Stream] = field(default_factory=dict)
    drawn: dict[int, frozenset[str | None]] = field(default_factory=dict)


@dataclass
class _Graphics:
    """The part of the PDF graphics state that decides whether text shows (saved by ``q``, restored by ``Q``)."""

    ctm: Matrix = IDENTITY
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
class Shown:
    """One text operation as drawn: colour, opacity, render mode, size in points and where it lands."""

    stream: Stream
    index: int
    colour: Colour | None
    alpha: float
    mode: int
    size: float
    box: Box
    anchor: tuple[float, float]
    clip: Box
    painted: int  # how many paints came before, the last one under ``anchor`` being the background


class PageScan:
    """Walk a page's content and forms, recording where, how big and in which colour text is drawn."""

    def __init__(self, page: PageObject) -> None:
        self.pdf = page.pdf
        self.page = page_box(page)
        self.painted: list[tuple[Box, Colour | None]] = []
        self.images: list[Box] = []
        self.shown: list[Shown] = []
        self.budget = _MAX_FORMS
        self._colours: set[Colour] | None = None
        resources = pdf_dict(page.get_inherited("/Resources")) or DictionaryObject()
        self.content = _content(page.get("/Contents"), self.pdf)
        self.root = Stream(self.content.operations, None, resources)
        self.run(self.root, _Graphics(clip=self.page), ())

    def colours(self) -> set[Colour]:
        """The distinct colours painted on the page, the page's white included."""
        if self._colours is None:
            self._colours = {WHITE} | {colour for _, colour in self.painted if colour is not None}
        return self._colours

    def run(self, stream: Stream, g: _Graphics, chain: tuple[int, ...]) -> None:
        """Interpret ``stream`` from graphics state ``g``; ``chain`` holds the forms being run (no cycles)."""
        stack: list[_Graphics] = []
        tm = line = IDENTITY
        path: Box | None = None
        clipping = False
        for index, (operands, operator) in enumerate(stream.operations):
            nums = [float(o) for o in operands if isinstance(o, int | float)] if isinstance(operands, list) else []
            if operator == b"q":
                stack.append(replace(g))
            elif operator == b"Q" and stack:
                g = stack.pop()
            elif operator == b"cm" and len(nums) == 6:
                g.ctm = mul(matrix(nums), g.ctm)
            elif operator in (b"g", b"rg", b"k") and len(nums) == {b"g": 1, b"rg": 3, b"k": 4}[operator]:
                g.fill, g.components = rgb(nums), (len(nums), g.components[1])
            elif operator in (b"G", b"RG", b"K") and len(nums) == {b"G": 1, b"RG": 3, b"K": 4}[operator]:
                g.stroke, g.components = rgb(nums), (g.components[0], len(nums))
            elif operator in (b"cs", b"CS") and operands:
                n = components(operands[0], stream.resources)
                colour = _BLACK if n else None
                if operator == b"cs":
                    g.fill, g.components = colour, (n, g.components[1])
                else:
                    g.stroke, g.components = colour, (g.components[0], n)
            elif operator in (b"sc", b"scn", b"SC", b"SCN"):
                stroking = operator.isupper()
                n = g.components[stroking]
                colour = rgb(nums) if n and len(nums) == n == len(operands) else None
                g.fill, g.stroke = (g.fill, colour) if stroking else (colour, g.stroke)
            elif operator == b"gs" and operands:
                state = pdf_dict(resource(stream.resources, "/ExtGState", operands[0]))
                if state is not None:
                    g.alpha = (num(state.get("/ca"), g.alpha[0]), num(state.get("/CA"), g.alpha[1]))
            elif operator in (b"re", b"m", b"l", b"c", b"v", b"y") and len(nums) >= (4 if operator == b"re" else 2):
                corners = [(nums[0], nums[1]), (nums[0] + nums[2], nums[1] + nums[3])] if operator == b"re" else []
                corners = corners or list(zip(nums[0::2], nums[1::2], strict=False))
                box = bounds(g.ctm, corners)
                path = box if path is None else union(path, box)
            elif operator in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"n"):
                if path is not None and operator not in (b"S", b"s", b"n") and g.alpha[0] > 0:
                    self.painted.append((path, g.fill))
                if path is not None and clipping:
                    g.clip = intersect(g.clip, path)
                path, clipping = None, False
            elif operator in (b"W", b"W*"):
                clipping = True
            elif operator == b"sh":
                self.painted.append((g.clip, None))
            elif operator == b"INLINE IMAGE":
                self.image(bounds(g.ctm, [(0, 0), (1, 1)]))
            elif operator == b"Do" and operands:
                self.xobject(stream, operands[0], g, chain)
            elif operator == b"BT":
                tm = line = IDENTITY
            elif operator == b"Tf" and len(operands) >= 2:
                g.size = num(operands[1], g.size)
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
                tm = line = mul((1, 0, 0, 1, nums[0], nums[1]), line)
            elif operator == b"Tm" and len(nums) == 6:
                tm = line = matrix(nums)
            elif operator in (b"T*", b"'", b'"'):
                tm = line = mul((1, 0, 0, 1, 0, -g.leading), line)
            if operator in (b"Tj", b"TJ", b"'", b'"') and operands:
                self.show(stream, index, g, tm, text_length(operands[-1]))

    def show(self, stream: Stream, index: int, g: _Graphics, tm: Matrix, length: int) -> None:
        """Record a text operation; its width is guessed generously (0.6 em a character) so as to flag less."""
        trm = mul(tm, g.ctm)
        size = abs(g.size) * min(math.hypot(trm[2], trm[3]), abs(g.scale) * math.hypot(trm[0], trm[1]))
        width, height = 0.6 * max(length, 1) * g.size * g.scale, g.size
        box = bounds(trm, [(0, g.rise - 0.25 * height), (width, g.rise + height)])
        anchor = apply(trm, 0.25 * g.size * g.scale, g.rise + 0.3 * height)
        stroked = g.mode in (1, 5)
        colour, alpha = (g.stroke, g.alpha[1]) if stroked else (g.fill, g.alpha[0])
        self.shown.append(Shown(stream, index, colour, alpha, g.mode, size, box, anchor, g.clip, len(self.painted)))

    def image(self, box: Box) -> None:
        """An image: OCR text may lie over it, and text over it is not judged by its colour."""
        self.images.append(box)
        self.painted.append((box, None))

    def xobject(self, stream: Stream, name: Any, g: _Graphics, chain: tuple[int, ...]) -> None:
        """Draw an image or run a form (with its own resources and matrix) from the state ``g``."""
        target = resource(stream.resources, "/XObject", name)
        if not isinstance(target, StreamObject):
            return
        if target.get("/Subtype") == "/Image":
            self.image(bounds(g.ctm, [(0, 0), (1, 1)]))
            return
        if target.get("/Subtype") != "/Form" or id(target) in chain or len(chain) >= _MAX_DEPTH or self.budget <= 0:
            return
        self.budget -= 1
        child = stream.forms.get(str(name))
        if child is None:
            resources = pdf_dict(target.get("/Resources")) or stream.resources
            child = Stream(_content(target, self.pdf).operations, target, resources)
            stream.forms[str(name)] = child
        ctm = mul(matrix(numbers(target.get("/Matrix")) or list(IDENTITY)), g.ctm)
        bbox = numbers(target.get("/BBox"))
        clip = intersect(g.clip, bounds(ctm, [bbox[:2], bbox[2:4]])) if len(bbox) == 4 else g.clip
        self.run(child, replace(g, ctm=ctm, clip=clip), (*chain, id(target)))


def _content(stream: Any, pdf: Any) -> ContentStream:
    """Parse a content stream as pypdf's text extraction does: strings left as bytes for the fonts to decode."""
    stream = stream.get_object() if stream is not None else None
    return ContentStream(stream if isinstance(stream, StreamObject | ArrayObject) else None, pdf, "bytes")
