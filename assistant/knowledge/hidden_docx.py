"""Find the runs of a DOCX file a reader would not see, and the technique hiding each.

Runs marked hidden (``vanish``), set in 2 pt or less, or coloured like what lies behind them
(highlight, run or paragraph shading, table cell or table, page colour; a white page by default).
``drop_hidden_runs`` removes them from the parsed document, as ``drop_hidden_elements`` does for
HTML, and returns them as ``HiddenText`` (see ``assistant.knowledge.hidden_text`` for the thresholds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.knowledge.hidden_html import HiddenText
from assistant.knowledge.hidden_text import MAX_HIDDEN_PT, WHITE, Colour, close, colour_technique, has_payload

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

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
    page = _docx_colour(next(iter(document.element.xpath("./w:background/@w:color")), None)) or WHITE
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
        if has_payload(text):
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
    return None if any(fill is not None and not close(fill, page) for fill in fills) else page


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
    return colour_technique(text, marked or _docx_shading(props) or behind)
