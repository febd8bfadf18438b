"""The body map: the suspected root's skin and muscles and the reported wasting, on a lower-body outline.

Which regions to mark comes from the assessment (its likeliest root and side, its wasting findings
and their sides) and the knowledge base's ``bodymap.yaml``; how regions are drawn comes from
:mod:`lumbus.report.geometry`. The template ``_bodymap.html`` turns a :class:`BodyMap` into inline SVG
with a legend and the same content as a list, for people who cannot see the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

from lumbus.assessment import Assessment, RootLevelResult
from lumbus.case import Side
from lumbus.knowledge.loader import KnowledgeBase
from lumbus.knowledge.schema import BodyRegion
from lumbus.report import geometry
from lumbus.report.geometry import BodySide, View

MIN_ROOT_CHANCE = 0.25
"""The likeliest root is drawn when it is a real contender (its probability, printed beside it, is at least this);
below it (e.g. 7% for a vague story) a drawn territory would look more certain than the assessment is.
A presentation choice, not a medical threshold: the probability itself comes from the engine."""

Mark = str
"""``dermatome``, ``myotome`` or ``wasting``: a CSS class of the region's shape."""


@dataclass(frozen=True)
class Shape:
    region: BodyRegion
    side: BodySide
    view: View
    points: str
    marks: tuple[Mark, ...]

    @property
    def label(self) -> str:
        return f"{self.side} {geometry.REGION_NAMES[self.region]}"


@dataclass(frozen=True)
class WastingSite:
    name: str
    side: Side | None
    regions: list[str]


@dataclass(frozen=True)
class BodyMap:
    root: RootLevelResult | None
    skin: list[str]
    """the root's skin regions, in words"""
    muscles: list[str]
    wasting: list[WastingSite]
    shapes: list[Shape]

    @property
    def empty(self) -> bool:
        return self.root is None and not self.wasting

    def outline(self, view: View) -> str:
        return geometry.outline_points(view)

    def view_shapes(self, view: View) -> list[Shape]:
        return [s for s in self.shapes if s.view == view]

    @staticmethod
    def side_labels() -> list[tuple[float, str]]:
        """(x, word) under each leg of both figures."""
        return [(geometry.side_label_x(v, s), s.capitalize()) for v in ("front", "back") for s in ("right", "left")]

    @staticmethod
    def view_x(view: View) -> float:
        return geometry.origin(view)


def body_map(kb: KnowledgeBase, a: Assessment) -> BodyMap:
    """The body map of an assessment: its likeliest root (if a real contender) and the wasting it found."""
    marks: dict[tuple[BodyRegion, BodySide], set[Mark]] = {}

    def mark(regions: list[BodyRegion], side: Side | None, kind: Mark) -> None:
        for r in regions:
            for s in geometry.sides(side):
                marks.setdefault((r, s), set()).add(kind)

    roots = a.localization.root_levels
    root = roots[0] if roots and roots[0].probability >= MIN_ROOT_CHANCE else None
    skin: list[str] = []
    muscles: list[str] = []
    if root is not None:
        for d in kb.body_map.dermatomes:
            if d.root == root.level:
                mark(d.regions, root.side, "dermatome")
                skin += [geometry.REGION_NAMES[r] for r in d.regions]
        for m in kb.body_map.myotomes:
            if m.root == root.level:
                for muscle in m.muscles:
                    mark(muscle.regions, root.side, "myotome")
                    muscles.append(muscle.name)
    where = {fr.finding: fr for fr in kb.body_map.finding_regions}
    wasting: list[WastingSite] = []
    for e in a.evidence:
        fr = where.get(e.finding)
        if fr is None or not e.present:
            continue
        side: Side | None = "both" if fr.both_sides else e.side
        mark(fr.regions, side, "wasting")
        wasting.append(WastingSite(e.name, side, [geometry.REGION_NAMES[r] for r in fr.regions]))
    shapes = [
        Shape(region, side, band.view, geometry.region_points(region, side), tuple(sorted(marks.get((region, side), ()))))
        for region, band in geometry.REGIONS.items()
        for side in ("right", "left")
    ]
    return BodyMap(root, list(dict.fromkeys(skin)), list(dict.fromkeys(muscles)), wasting, shapes)
