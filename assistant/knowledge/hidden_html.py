"""Find the elements of an HTML page a reader would not see, and the technique hiding each.

``drop_hidden_elements`` removes from a BeautifulSoup tree the elements hidden by the ``hidden``
attribute, inline styles, ``color``/``bgcolor`` attributes or simple ``.class``/``#id`` rules of the
page's style sheets, and returns their text. ``CONCEALMENT`` names the techniques that only serve
to conceal text on purpose (as opposed to collapsed menus or tabs); whether hidden text is an
injection is judged in ``assistant.knowledge.sanitise``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

HTML_HINT = re.compile(r"<(?:style\b|[a-z][a-z0-9]*\b[^<>]{0,2000}?\b(?:style|hidden|color|bgcolor|class|id)\b)", re.I)
CONCEALMENT = frozenset({"font-size:0", "same colour as background", "opacity:0", "off-screen", "zero size"})
_NAMED = {"white": "#ffffff", "black": "#000000", "transparent": "transparent"}


@dataclass(frozen=True)
class HiddenText:
    """Text of an HTML element a reader does not see, and the technique hiding it."""

    technique: str
    text: str


def drop_hidden_elements(soup: Any) -> list[HiddenText]:
    """Remove the elements of a BeautifulSoup tree a reader would not see; return their text."""
    rules = _stylesheet_rules(soup)
    found = []
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        technique = _hiding(element, rules)
        if technique is None:
            continue
        text = " ".join(element.get_text(" ", strip=True).split())
        element.decompose()
        if text:
            found.append(HiddenText(technique, text))
    return found


def _declarations(style: str) -> dict[str, str]:
    decls = {}
    for part in style.split(";"):
        name, colon, value = part.partition(":")
        if colon:
            value = re.sub(r"\s+(?=[^(]*\))", "", value.lower().replace("!important", ""))
            decls[name.strip().lower()] = " ".join(value.split())
    return decls


def _stylesheet_rules(soup: Any) -> dict[str, dict[str, str]]:
    """Declarations for simple ``.class`` and ``#id`` selectors of the page's style sheets."""
    rules: dict[str, dict[str, str]] = {}
    for style in soup.find_all("style"):
        css = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            for selector in selectors.split(","):
                simple = re.fullmatch(r"\s*[a-z0-9]*([.#][\w-]+)\s*", selector, re.I)
                if simple:
                    rules.setdefault(simple.group(1), {}).update(_declarations(body))
    return rules


def _element_declarations(element: Any, rules: dict[str, dict[str, str]]) -> dict[str, str]:
    classes = element.get("class") or []
    keys = [f".{c}" for c in ([classes] if isinstance(classes, str) else classes)]
    if element.get("id"):
        keys.append(f"#{element.get('id')}")
    decls: dict[str, str] = {}
    for key in keys:
        decls.update(rules.get(key, {}))
    decls.update(_declarations(str(element.get("style") or "")))
    for attribute, prop in (("color", "color"), ("bgcolor", "background-color")):
        if element.get(attribute):
            decls.setdefault(prop, str(element.get(attribute)).lower())
    return decls


def _colour(value: str) -> str:
    value = _NAMED.get(value, value)
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    rgb = re.fullmatch(r"rgba?\((\d+),(\d+),(\d+)(?:,([\d.]+))?\)", value)
    if rgb:
        if rgb.group(4) is not None and float(rgb.group(4)) == 0:
            return "transparent"
        value = "#" + "".join(f"{min(int(n), 255):02x}" for n in rgb.groups()[:3])
    return value


def _background(element: Any, rules: dict[str, dict[str, str]]) -> str:
    node = element
    while node is not None and node.name not in (None, "[document]"):
        decls = _element_declarations(node, rules)
        value = decls.get("background-color") or decls.get("background", "")
        for token in value.split():
            colour = _colour(token)
            if colour.startswith("#"):
                return colour
        node = node.parent
    return "#ffffff"


def _length_px(value: str) -> float | None:
    found = re.fullmatch(r"(-?\d*\.?\d+)(px|pt|em|rem|%|vw|vh)?", value.strip())
    if not found:
        return None
    return float(found.group(1)) * (16 if found.group(2) in ("em", "rem") else 1)


def _hiding(element: Any, rules: dict[str, dict[str, str]]) -> str | None:
    if element.has_attr("hidden"):
        return "hidden attribute"
    decls = _element_declarations(element, rules)
    if not decls:
        return None
    if decls.get("display") == "none":
        return "display:none"
    if decls.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    if _length_px(decls.get("font-size", "1")) == 0:
        return "font-size:0"
    if _length_px(decls.get("opacity", "1")) == 0:
        return "opacity:0"
    if "color" in decls:
        colour = _colour(decls["color"])
        if colour == "transparent" or colour == _background(element, rules):
            return "same colour as background"
    offsets = (_length_px(decls.get(p, "0")) for p in ("left", "top", "right", "text-indent", "margin-left"))
    if any(offset is not None and offset <= -999 for offset in offsets):
        return "off-screen"
    sizes = (_length_px(decls.get(p, "1")) for p in ("height", "max-height", "width", "max-width"))
    if decls.get("overflow") == "hidden" and any(size == 0 for size in sizes):
        return "zero size"
    return None
