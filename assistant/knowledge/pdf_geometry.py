"""Compute PDF page geometry: matrices in PDF's row-vector convention, boxes, and a page's visible area."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pypdf import PageObject

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def matrix(nums: Sequence[float]) -> Matrix:
    """The matrix of six numbers; the identity for any other count."""
    return (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]) if len(nums) == 6 else IDENTITY


def mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    return (
        a * n[0] + b * n[2], a * n[1] + b * n[3], c * n[0] + d * n[2], c * n[1] + d * n[3],
        e * n[0] + f * n[2] + n[4], e * n[1] + f * n[3] + n[5],
    )  # fmt: skip


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """Transform the point ``(x, y)`` by ``m``."""
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


def bounds(m: Matrix, points: Sequence[Sequence[float]]) -> Box:
    """The box around ``points`` (for two points: the corners of a box) once transformed by ``m``."""
    if len(points) == 2:
        (x0, y0), (x1, y1) = points[0][:2], points[1][:2]
        points = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
    xs, ys = zip(*(apply(m, p[0], p[1]) for p in points), strict=True)
    return (min(xs), min(ys), max(xs), max(ys))


def page_box(page: PageObject) -> Box:
    """The visible area of ``page`` (media box within crop box); unbounded when no box can be read."""
    try:
        return intersect(_box(page.mediabox), _box(page.cropbox))
    except (ValueError, TypeError, KeyError):  # no readable box: text cannot be judged off the page
        return (-math.inf, -math.inf, math.inf, math.inf)


def _box(rect: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def union(a: Box, b: Box) -> Box:
    """The box around both boxes."""
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def intersect(a: Box, b: Box) -> Box:
    """The box both boxes cover (inverted, hence empty, when they do not meet)."""
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def overlaps(a: Box, b: Box) -> bool:
    """Say whether the boxes share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(point: tuple[float, float], box: Box) -> bool:
    """Say whether ``point`` lies in ``box`` (its edges included)."""
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]
