"""A neutral document model: what a report says, independent of how it is rendered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """A section title; ``level`` 1 is a top section, 3 the smallest."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 3:
            raise ValueError(f"heading level must be 1-3, got {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``**bold**`` is the only markup understood."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """An unordered list; items may use ``**bold**``."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells with one header row."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None

    def __post_init__(self) -> None:
        if not self.header:
            raise ValueError("a table needs at least one column")
        if any(len(row) != len(self.header) for row in self.rows):
            raise ValueError("every table row needs as many cells as the header")


@dataclass(frozen=True)
class RadarSeries:
    """One polygon of a radar chart: a value per axis."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Radar:
    """A radar (spider) chart on a 0..``max_value`` scale."""

    title: str
    axes: tuple[str, ...]
    series: tuple[RadarSeries, ...]
    max_value: int

    def __post_init__(self) -> None:
        if self.max_value <= 0:
            raise ValueError("a radar needs a positive max_value")
        if len(self.axes) < 3 or not self.series:
            raise ValueError("a radar needs at least three axes and one series")
        if any(len(s.values) != len(self.axes) for s in self.series):
            raise ValueError("every radar series needs one value per axis")

    def as_table(self, axis_header: str = "") -> Table:
        """The same data as a table (axis x series), for formats that cannot draw."""
        rows = tuple((axis, *(_number(s.values[i]) for s in self.series)) for i, axis in enumerate(self.axes))
        return Table((axis_header, *(s.name for s in self.series)), rows, self.title)


@dataclass(frozen=True)
class Note:
    """A small italic remark, such as a disclaimer."""

    text: str


Block = Heading | Paragraph | Bullets | Table | Radar | Note


@dataclass(frozen=True)
class Report:
    """A whole report: title, optional subtitle and footer, blocks in reading order."""

    title: str
    subtitle: str | None
    blocks: tuple[Block, ...]
    footer: str | None = None
    lang: str = "fr"


def _number(value: float) -> str:
    # Levels are whole numbers in practice; avoid printing "3.0".
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
