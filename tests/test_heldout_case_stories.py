"""Held-out set I: 60 stories modelled on published case reports and retold in the patients' own words, with the
writer's atrophy type and, for 15, root level; by a writer who saw nothing of the project, committed before any run.

First run (2026-12-07, at 11ca766): top-1 49 of 60, top-3 58, exact triage 38 (9 lower, none an emergency; all 6
emergencies emergency), atrophy type 53 of 60, root level 14 of 15. After reading fixes from its misses (an "IM"
abbreviation that matched the phone spelling "im", back pain "worse at the end of the day" read as fatigable weakness,
"when I'm tired" as fatigue, polymyalgia's stiff shoulders and hips, fatty back muscles on a scan, a fine shake of the
fingers): top-1 51, atrophy type 55, so set I is no longer held out for them. Two triage rules its writer's labels
suggested (root pain with a motor deficit within days, a new foot drop the same day) were tried and withdrawn: they
disagreed with published vignettes (v073, v076 routine; v075 soon) and raised over-triage on every other set.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from lumbus.api import assess_text
from lumbus.assessment import Assessment

STORIES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "data" / "heldout_stories_i.yaml").read_text())["stories"]


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], Assessment]]:
    return [(s, assess_text(s["text"], age=s["age"], sex=s["sex"], today=date(2026, 12, 7))) for s in STORIES]


def test_the_set_is_the_committed_one() -> None:
    assert len(STORIES) == 60
    assert sum(1 for s in STORIES if s.get("root")) == 15


def test_differential_floor(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    tops = [(s["condition"], [d.condition.id for d in a.differential]) for s, a in results]
    assert sum(c in top[:3] for c, top in tops) >= 58
    assert sum(c == top[0] for c, top in tops) >= 51


def test_atrophy_type_and_root_level(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    assert sum(a.atrophy_type.label == s["atrophy_type"] for s, a in results) >= 55
    rooted = [(s, a) for s, a in results if s.get("root")]
    assert sum(bool(a.localization.root_levels) and a.localization.root_levels[0].level == s["root"] for s, a in rooted) >= 14


def test_no_emergency_is_triaged_lower(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    missed = [s["id"] for s, a in results if s["urgency"] == "emergency" and a.triage.level.value != "emergency"]
    assert missed == []
