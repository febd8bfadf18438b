"""Held-out first-person stories (two per condition, written from guidelines and textbooks before any
was run; tests/data/heldout_stories.yaml): the differential keeps its top-3 and no emergency is
under-triaged.

The stories are not tuned to: a failing story is a finding about the reader or the knowledge base,
never a reason to edit the story. Raise the floor when the measured value rises.
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

STORIES = Path(__file__).resolve().parent / "data" / "heldout_stories.yaml"
MEASURED_ON = date(2026, 12, 7)
"""the day the floors were measured: "since Christmas" in a story counts from it"""

# Measured 118 of 136 (0.868) in top 3 and 97 of 136 (0.713) first after the 2026-12-07 knowledge-base
# audit and the third round of reading fixes (0.831 and 0.647 before both). The fourth round of reading fixes
# raised them to 131 of 136 (0.963) and 104 of 136 (0.765); its misreadings were found by reviewers who read
# these stories, so part of that gain is no longer held out. Floors are the measured values rounded down.
TOP3_FLOOR = 0.96
TOP1_FLOOR = 0.76


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
        counts[s["condition"]] = counts.get(s["condition"], 0) + 1
    assert counts == {c: 2 for c in kb.conditions}


def test_top3_floor(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    hits = [s["condition"] in [d.condition.id for d in a.differential[:3]] for s, a in results]
    assert sum(hits) / len(hits) >= TOP3_FLOOR


def test_top1_floor(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    hits = [a.differential[0].condition.id == s["condition"] for s, a in results]
    assert sum(hits) / len(hits) >= TOP1_FLOOR


def test_no_emergency_story_is_under_triaged(results: list[tuple[dict[str, Any], Assessment]]) -> None:
    kb = load_packaged()
    emergencies = [(s, a) for s, a in results if kb.conditions[s["condition"]].urgency.value == "emergency"]
    assert len(emergencies) >= 14
    missed = [s["text"] for s, a in emergencies if a.triage.level.value != "emergency"]
    assert missed == []
