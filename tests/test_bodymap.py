"""The body map's knowledge (bodymap.yaml), its geometry, and what it marks for an assessment; the similar-cases index."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import get_args

import pytest
import yaml

from lumbus.api import assess_text
from lumbus.assessment import Assessment
from lumbus.evaluation.vignettes import load_vignettes
from lumbus.knowledge.check import check
from lumbus.knowledge.loader import KnowledgeBaseError, load_from, load_packaged
from lumbus.knowledge.schema import ROOT_LEVELS, BodyRegion
from lumbus.report import geometry
from lumbus.report.bodymap import body_map
from lumbus.report.cases import build_index, dump_index, published_cases, similar_cases

ROOT = Path(__file__).resolve().parent.parent
KB_MIN = Path(__file__).parent / "fixtures" / "kb_min"
ORIGIN = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my right leg "
    "hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)


@pytest.fixture(scope="module")
def origin() -> Assessment:
    return assess_text(ORIGIN, age=30, sex="female")


def _marks(a: Assessment) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(s.region, s.side): s.marks for s in body_map(load_packaged(), a).shapes}


# -- knowledge ----------------------------------------------------------------------------------


def test_every_root_has_skin_and_muscles_and_every_region_is_drawn() -> None:
    bm = load_packaged().body_map
    assert [d.root for d in bm.dermatomes] == list(ROOT_LEVELS)
    assert [m.root for m in bm.myotomes] == list(ROOT_LEVELS)
    assert set(geometry.REGIONS) == set(get_args(BodyRegion)) == set(geometry.REGION_NAMES)
    assert {"gluteal_atrophy", "calf_atrophy", "thigh_atrophy", "shin_atrophy", "paraspinal_atrophy"} <= {
        f.finding for f in bm.finding_regions
    }


def _kb_with_body_map(tmp_path: Path, body: dict[str, object]) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(KB_MIN, root)
    (root / "bodymap.yaml").write_text(yaml.safe_dump(body))
    return root


def test_a_body_map_is_checked_like_the_rest_of_the_base(tmp_path: Path) -> None:
    body = {
        "dermatomes": [{"root": "S1", "regions": ["calf"], "refs": ["r1"]}, {"root": "S1", "regions": ["heel_sole"], "estimate": True}],
        "myotomes": [{"root": "L5", "muscles": [{"name": "Toe lifters", "regions": ["leg_lateral"]}]}],
        "finding_regions": [{"finding": "ghost", "regions": ["buttock"], "refs": ["nowhere"]}],
    }
    issues = {(i.code, i.where) for i in check(load_from(_kb_with_body_map(tmp_path, body)))}
    assert ("DuplicateId", "body_map.dermatomes") in issues
    assert ("MissingCitation", "body_map.myotomes[0].muscles[0]") in issues
    assert ("DanglingFinding", "body_map.finding_regions[0]") in issues
    assert ("DanglingReference", "body_map.finding_regions[0]") in issues


def test_an_unknown_region_or_key_is_refused_at_load(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError) as info:
        load_from(_kb_with_body_map(tmp_path, {"dermatomes": [{"root": "S1", "regions": ["elbow"], "estimate": True}]}))
    assert info.value.code == "SchemaError" and "bodymap.yaml:dermatomes.0.regions.0" in info.value.where
    with pytest.raises(KnowledgeBaseError) as info:
        load_from(_kb_with_body_map(tmp_path / "2", {"dermatomes": [], "colour": "red"}))
    assert info.value.code == "UnknownField"


def test_a_base_without_a_body_map_still_loads() -> None:
    assert load_from(KB_MIN).body_map.dermatomes == []


# -- geometry -----------------------------------------------------------------------------------


def _xs_ys(points: str) -> tuple[list[float], list[float]]:
    pairs = [tuple(map(float, p.split(","))) for p in points.split()]
    return [p[0] for p in pairs], [p[1] for p in pairs]


@pytest.mark.parametrize("region", list(geometry.REGIONS))
def test_regions_lie_inside_their_figure_on_the_right_side(region: BodyRegion) -> None:
    view = geometry.REGIONS[region].view
    ox, oy = _xs_ys(geometry.outline_points(view))
    for side in ("left", "right"):
        xs, ys = _xs_ys(geometry.region_points(region, side))
        assert min(ox) - 0.1 <= min(xs) and max(xs) <= max(ox) + 0.1
        assert min(oy) - 0.1 <= min(ys) and max(ys) <= max(oy) + 0.1
        mid = sum(xs) / len(xs)
        viewer_left = mid < geometry.origin(view)
        # the front view faces us (their right on our left); the back view turns away (their right on our right)
        assert viewer_left == ((side == "right") == (view == "front")), (region, side)


# -- what an assessment marks -------------------------------------------------------------------


def test_the_origin_case_marks_s1_on_the_right_and_the_right_buttock(origin: Assessment) -> None:
    bm = body_map(load_packaged(), origin)
    assert bm.root is not None and (bm.root.level, bm.root.side) == ("S1", "right")
    marks = _marks(origin)
    assert marks[("buttock", "right")] == ("myotome", "wasting"), "gluteus maximus (S1) and the wasted buttock"
    assert marks[("calf", "right")] == ("dermatome", "myotome")
    assert marks[("heel_sole", "right")] == ("dermatome",)
    assert all(not m for (_region, side), m in marks.items() if side == "left"), "nothing on the left"
    assert [(w.name, w.side, w.regions) for w in bm.wasting] == [("Buttock muscle wasting", "right", ["buttock"])]
    assert "Ankle plantar flexors (gastrocnemius and soleus)" in bm.muscles
    assert bm.skin == ["calf", "outer edge of the foot", "heel and sole"]


def test_l5_on_the_left() -> None:
    a = assess_text(
        "My left foot slaps when I walk and I cannot lift my big toe; the top of my left foot is numb and my back hurts", age=45
    )
    bm = body_map(load_packaged(), a)
    assert bm.root is not None and (bm.root.level, bm.root.side) == ("L5", "left")
    marks = _marks(a)
    assert marks[("leg_lateral", "left")] == ("dermatome", "myotome") and marks[("foot_dorsum", "left")] == ("dermatome", "myotome")
    assert marks[("buttock", "left")] == ("myotome",), "gluteus medius"
    assert not any(m for (_r, side), m in marks.items() if side == "right")
    assert not bm.wasting


def test_no_side_given_marks_both_sides() -> None:
    a = assess_text("My back hurts and my buttock has shrunk, pain goes down the back of my leg", age=45)
    bm = body_map(load_packaged(), a)
    assert bm.root is not None and bm.root.side is None
    marks = _marks(a)
    for side in ("left", "right"):
        assert marks[("buttock", side)] == ("myotome", "wasting") and "dermatome" in marks[("calf", side)]
    assert [w.side for w in bm.wasting] == [None]


def test_a_muscle_disease_marks_no_root() -> None:
    a = assess_text("My thigh muscles are wasting on both sides and I can't climb stairs or get up from a chair. My CK was high.", age=60)
    bm = body_map(load_packaged(), a)
    assert bm.root is None and not bm.skin and not bm.muscles
    marks = _marks(a)
    assert "wasting" in marks[("thigh_front_upper", "left")] and "wasting" in marks[("thigh_front_upper", "right")]


def test_nothing_to_draw_without_a_root_or_wasting() -> None:
    assert body_map(load_packaged(), assess_text("I feel tired", age=40)).empty


# -- similar published cases --------------------------------------------------------------------


def test_the_packaged_index_is_up_to_date_with_the_vignettes() -> None:
    packaged = (ROOT / "src" / "lumbus" / "report" / "data" / "cases.json").read_text(encoding="utf-8")
    assert packaged == dump_index(build_index(load_vignettes(ROOT / "vignettes"))), "run: make cases"
    assert len(json.loads(packaged)["cases"]) == len(list((ROOT / "vignettes").glob("v*.yaml")))


def test_similar_cases_share_the_likely_condition_and_leave_out_the_persons_own_story(origin: Assessment) -> None:
    found = similar_cases(load_packaged(), origin, ORIGIN)
    assert len(found) == 3
    assert "v001_origin_case" not in [s.case.id for s in found], "the person's own words are not a similar case"
    assert {s.case.condition for s in found} == {"disc_herniation_s1"}
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(s.case.citation and s.condition_name == "Lumbar disc herniation with S1 radiculopathy" for s in found)
    assert any("Buttock muscle wasting" in s.shared for s in found)
    with_own = similar_cases(load_packaged(), origin, None)
    assert with_own[0].case.id == "v001_origin_case", "its findings match exactly, so it ranks first when not excluded"


def test_an_excerpt_is_short_and_cut_at_a_word() -> None:
    long = max(published_cases(), key=lambda c: len(c.text))
    assert len(long.text) > 240
    assert len(long.excerpt) <= 241 and long.excerpt.endswith("…")
    assert long.text.startswith(long.excerpt[:-1]) and re.match(r".*\w…$", long.excerpt)
