"""Held-out first-person stories, set B (two per condition, written from guidelines, reviews and
textbooks and committed before any was run; tests/data/heldout_stories_b.yaml): the differential
keeps its measured top-3 and top-1.

The stories are not tuned to: a failing story is a finding about the reader or the knowledge base,
never a reason to edit the story. Raise the floor when the measured value rises.

No emergency floor here: when first measured, three of the 17 stories labelled emergency were
triaged lower (the atypical aortic aneurysm as self care, both traumatic spinal fractures as
urgent). Add the check once they are triaged emergency.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from lumbus.api import assess_text
from lumbus.assessment import Assessment
from lumbus.knowledge.loader import load_packaged

STORIES = Path(__file__).resolve().parent / "data" / "heldout_stories_b.yaml"
MEASURED_ON = date(2026, 12, 7)
"""the day the floors were measured: "since Christmas" in a story counts from it"""

# First measured: 113 of 136 (0.831) in the top 3 and 88 of 136 (0.647) first.
# After intake round 5 (fixes from a reviewer's notes on these stories, so set B is no longer held out for them):
# 127 of 136 (0.934) in the top 3, 101 of 136 (0.743) first. Floors are the measured values rounded down.
TOP3_FLOOR = 0.93
TOP1_FLOOR = 0.74


def _stories() -> list[dict[str, Any]]:
    data = yaml.safe_load(STORIES.read_text())
    stories: list[dict[str, Any]] = data["stories"]
    return stories


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], Assessment]]:
    return [(s, assess_text(s["text"], age=s["age"], sex=s["sex"], today=MEASURED_ON)) for s in _stories()]


def test_two_stories_for_every_condition() -> None:
    kb = load_packaged()
    counts: dict[str, int] = {}
    for s in _stories():
        assert s["condition"] in kb.conditions, s["condition"]
        assert s["text"].strip() and s["source"].strip()
        assert s["sex"] in ("female", "male") and isinstance(s["age"], int)
        assert s["urgency"] in ("self_care", "routine", "soon", "urgent", "emergency")
        counts[s["condition"]] = counts.get(s["condition"], 0) + 1
    assert counts == {c: 2 for c in kb.conditions}


def test_top3_floor(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    hits = [s["condition"] in [d.condition.id for d in a.differential[:3]] for s, a in results]
    assert sum(hits) / len(hits) >= TOP3_FLOOR


def test_top1_floor(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    hits = [a.differential[0].condition.id == s["condition"] for s, a in results]
    assert sum(hits) / len(hits) >= TOP1_FLOOR
