"""The body map's drawing: a lower-body outline seen from the front and from the back, cut into regions.

Pure geometry, no medicine: which region belongs to which root lives in ``knowledge/data/bodymap.yaml``.
A leg is described once, for one side, as an inner and an outer edge (distance from the midline at
each height); every region is a band between two heights and two fractions of the leg's width,
mirrored for the other side. In the front view the person's right is on the viewer's left; in the
back view it is on the viewer's right.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from lumbus.case import Side
from lumbus.knowledge.schema import BodyRegion

View = Literal["front", "back"]
BodySide = Literal["left", "right"]

FIGURE_WIDTH = 180.0
"""Width of one figure in SVG units; the two figures sit side by side."""
TOP = 30.0
"""Room above the figures for their titles."""
HEIGHT = 470.0

_OUTER: tuple[tuple[float, float], ...] = (
    (0, 56),
    (22, 63),
    (48, 72),
    (80, 73),
    (120, 67),
    (170, 57),
    (212, 48),
    (234, 44),
    (262, 47),
    (290, 47),
    (330, 37),
    (366, 27),
    (380, 29),
    (396, 40),
    (410, 42),
)
"""(height, distance from the midline) of the leg's outer edge, waist to toes."""
_INNER: tuple[tuple[float, float], ...] = (
    (0, 0),
    (102, 0),
    (106, 6),
    (160, 9),
    (212, 13),
    (234, 12),
    (262, 9),
    (290, 10),
    (330, 13),
    (366, 14),
    (380, 13),
    (396, 9),
    (410, 9),
)
"""(height, distance from the midline) of the leg's inner edge; above the crotch it is the midline."""


@dataclass(frozen=True)
class Band:
    """A region as a band of the leg: between two heights and two fractions of its width (0 inner, 1 outer)."""

    view: View
    top: float
    bottom: float
    inner: float = 0.0
    outer: float = 1.0


REGIONS: dict[BodyRegion, Band] = {
    "groin": Band("front", 66, 106),
    "thigh_front_upper": Band("front", 106, 160),
    "thigh_front_lower": Band("front", 160, 216),
    "knee_front": Band("front", 216, 250),
    "leg_medial": Band("front", 250, 372, 0.0, 0.5),
    "leg_lateral": Band("front", 250, 372, 0.5, 1.0),
    "foot_dorsum": Band("front", 372, 410, 0.0, 0.62),
    "foot_lateral": Band("front", 372, 410, 0.62, 1.0),
    "lower_back": Band("back", 0, 42),
    "buttock": Band("back", 42, 114),
    "thigh_back": Band("back", 114, 216),
    "knee_back": Band("back", 216, 250),
    "calf": Band("back", 250, 372),
    "heel_sole": Band("back", 372, 410),
}

REGION_NAMES: dict[BodyRegion, str] = {
    "groin": "groin",
    "thigh_front_upper": "upper front of the thigh",
    "thigh_front_lower": "lower front of the thigh",
    "knee_front": "front of the knee",
    "leg_medial": "inner side of the lower leg",
    "leg_lateral": "outer side of the lower leg",
    "foot_dorsum": "top of the foot and big toe",
    "foot_lateral": "outer edge of the foot",
    "lower_back": "lower back",
    "buttock": "buttock",
    "thigh_back": "back of the thigh",
    "knee_back": "back of the knee",
    "calf": "calf",
    "heel_sole": "heel and sole",
}


def _edge(points: tuple[tuple[float, float], ...], y: float) -> float:
    """The edge's distance from the midline at height ``y``: a Catmull-Rom curve through the given points."""
    for i, ((y1, x1), (y2, x2)) in enumerate(itertools.pairwise(points)):
        if y1 <= y <= y2 and y2 > y1:
            x0 = points[i - 1][1] if i > 0 else x1
            x3 = points[i + 2][1] if i + 2 < len(points) else x2
            t = (y - y1) / (y2 - y1)
            return 0.5 * (2 * x1 + (x2 - x0) * t + (2 * x0 - 5 * x1 + 4 * x2 - x3) * t**2 + (3 * x1 - x0 - 3 * x2 + x3) * t**3)
    return points[-1][1] if y > points[-1][0] else points[0][1]


STEP = 4.0
"""Height between the sampled points of a curved edge."""


def _heights(top: float, bottom: float) -> list[float]:
    """The heights at which a band's edges are sampled: its ends, every outline point and every ``STEP`` between."""
    inside = {y for y, _ in (*_OUTER, *_INNER) if top < y < bottom}
    steps = {top + STEP * i for i in range(1, int((bottom - top) / STEP)) if top + STEP * i < bottom}
    return sorted({top, bottom, *inside, *steps})


def origin(view: View) -> float:
    """The x of the figure's midline."""
    return FIGURE_WIDTH / 2 if view == "front" else FIGURE_WIDTH * 1.5


def _x(view: View, side: BodySide, offset: float) -> float:
    """Viewer's x of a point ``offset`` from the midline on the person's ``side``."""
    toward_viewer_right = (side == "left") == (view == "front")
    return origin(view) + (offset if toward_viewer_right else -offset)


def _points(view: View, side: BodySide, pts: list[tuple[float, float]]) -> str:
    return " ".join(f"{_x(view, side, dx):.1f},{TOP + y:.1f}" for y, dx in pts)


def _at(y: float, f: float) -> tuple[float, float]:
    lo, hi = _edge(_INNER, y), _edge(_OUTER, y)
    return y, lo + (hi - lo) * f


@lru_cache(maxsize=64)
def region_points(region: BodyRegion, side: BodySide) -> str:
    """The region on one side as an SVG polygon's ``points``."""
    band = REGIONS[region]
    ys = _heights(band.top, band.bottom)
    outline = [_at(y, band.outer) for y in ys] + [_at(y, band.inner) for y in reversed(ys)]
    return _points(band.view, side, outline)


@lru_cache(maxsize=2)
def outline_points(view: View) -> str:
    """The whole figure's silhouette (both legs and the pelvis) as one polygon's ``points``."""
    crotch = next(y for y, dx in _INNER if dx > 0) - 4
    bottom = _OUTER[-1][0]
    down = [(y, _edge(_OUTER, y)) for y in _heights(0, bottom)]
    up = [(y, _edge(_INNER, y)) for y in reversed(_heights(crotch, bottom))]
    one_side = [*down, *up]
    right = [(_x(view, "right", dx), TOP + y) for y, dx in one_side]
    left = [(_x(view, "left", dx), TOP + y) for y, dx in reversed(one_side)]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in [*right, *left])


def sides(side: Side | None) -> tuple[BodySide, ...]:
    """The body sides to mark for a reported side; unknown means both."""
    if side in ("left", "right"):
        return (side,)
    return ("left", "right")


def side_label_x(view: View, side: BodySide) -> float:
    """Where the word Right or Left goes under a figure."""
    return _x(view, side, 42)
