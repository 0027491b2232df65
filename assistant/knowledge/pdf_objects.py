"""Read values out of pypdf objects: resources, numbers, text operands and colours as RGB."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject

from assistant.knowledge.hidden_text import Colour


def resource(resources: DictionaryObject, category: str, name: Any) -> Any:
    """The resolved resource ``name`` of ``category`` (``/XObject``, ``/ExtGState``...), or ``None``."""
    found = (pdf_dict(resources.get(category)) or DictionaryObject()).get(name)
    return found.get_object() if found is not None else None


def pdf_dict(value: Any) -> DictionaryObject | None:
    """The resolved dictionary ``value`` refers to, or ``None`` when it is something else."""
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else None


def num(value: Any, default: float) -> float:
    """The resolved number ``value`` refers to, or ``default``."""
    value = value.get_object() if value is not None else None
    return float(value) if isinstance(value, int | float) else default


def numbers(value: Any) -> list[float]:
    """The numbers of the array ``value`` refers to (other items skipped); empty when not an array."""
    value = value.get_object() if value is not None else None
    if not isinstance(value, ArrayObject):
        return []
    return [float(v) for v in (item.get_object() for item in value) if isinstance(v, int | float)]


def text_length(operand: Any) -> int:
    """The characters a text-showing operand holds (``Tj`` string or ``TJ`` array)."""
    if isinstance(operand, ArrayObject):  # TJ: strings and kerning numbers
        return sum(len(item) for item in operand if isinstance(item, str | bytes))
    return len(operand) if isinstance(operand, str | bytes) else 0


def components(name: Any, resources: DictionaryObject) -> int:
    """Colour components of a device-like colour space, 0 for any other (patterns, spot colours, Lab)."""
    device = {"/DeviceGray": 1, "/CalGray": 1, "/G": 1, "/DeviceRGB": 3, "/CalRGB": 3, "/RGB": 3}
    device.update({"/DeviceCMYK": 4, "/CMYK": 4})
    if name in device:
        return device[name]
    space = resource(resources, "/ColorSpace", name)
    if isinstance(space, ArrayObject) and space:
        family = space[0].get_object()
        if family == "/ICCBased" and len(space) > 1:
            profile = pdf_dict(space[1])
            return int(num(profile.get("/N"), 0)) if profile is not None else 0
        return {"/CalGray": 1, "/CalRGB": 3}.get(str(family), 0)
    return device.get(str(space), 0)


def rgb(nums: Sequence[float]) -> Colour:
    """A gray, RGB or CMYK colour (by its count of components) as RGB, each clamped to 0-1."""
    v = [min(max(n, 0.0), 1.0) for n in nums]
    if len(v) == 1:
        return (v[0], v[0], v[0])
    if len(v) == 4:
        return ((1 - v[0]) * (1 - v[3]), (1 - v[1]) * (1 - v[3]), (1 - v[2]) * (1 - v[3]))
    return (v[0], v[1], v[2])
