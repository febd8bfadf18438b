"""Held-out first-person stories, sets B to E (B: two per condition, C, D and E: one per condition, each written
from guidelines, reviews and textbooks by someone who had not read the knowledge base, and committed
before any was run; tests/data/heldout_stories_b.yaml and _c.yaml): the differential keeps its measured
top-3 and top-1.

The stories are not tuned to: a failing story is a finding about the reader or the knowledge base,
never a reason to edit the story. Raise the floor when the measured value rises.

No emergency floor here: when first measured, three of set B's 17 stories labelled emergency were
triaged lower (the atypical aortic aneurysm as self care, now emergency; both traumatic spinal fractures
as urgent, the knowledge base's level for a fracture without nerve signs), and one of set C's 8 (a
fracture). Add the check once the writers and the knowledge base agree on fractures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from lumbus.api import assess_text
from lumbus.assessment import Assessment
from lumbus.knowledge.loader import load_packaged

DATA = Path(__file__).resolve().parent / "data"
MEASURED_ON = date(2026, 12, 7)
"""the day the floors were measured: "since Christmas" in a story counts from it"""


@dataclass(frozen=True)
class StorySet:
    file: str
    per_condition: int
    top3_floor: float
    top1_floor: float


SETS = [
    # B, first measured: 113 of 136 (0.831) in the top 3 and 88 of 136 (0.647) first. After intake round 5
    # (fixes from a reviewer's notes on these stories, so set B is no longer held out for them): 127 of 136
    # (0.934) in the top 3, 101 of 136 (0.743) first.
    StorySet("heldout_stories_b.yaml", 2, 0.93, 0.74),
    # C, written after every fix of 2026-12-07 and first measured then: 67 of 68 (0.985) in the top 3, 57 of 68
    # (0.838) first; after one more general reading fix (minutes are an episode, not the illness) 68 and 58.
    StorySet("heldout_stories_c.yaml", 1, 0.98, 0.83),
    # D, written by a fourth writer who had seen nothing of the project, committed before any run and first measured
    # after every fix of 2026-12-07: 65 of 68 (0.956) in the top 3, 56 of 68 (0.824) first, exact triage 49 of 68,
    # 3 triaged lower than the writer's label (one emergency: a fracture, rated urgent by the knowledge base). After
    # reading fixes from its three top-3 misses (so no longer held out for them): 68 and 59.
    StorySet("heldout_stories_d.yaml", 1, 0.98, 0.85),
    # E, by a fifth writer who had seen nothing of the project, harder to read on purpose (rambling, second-language
    # or phone English, a fifth about someone else), committed before any run and first measured after set D's
    # fixes: 64 of 68 (0.941) in the top 3, 56 of 68 (0.824) first, exact triage 51 of 68, 3 lower than the writer's
    # label (no emergency among them), 14 higher. After reading fixes from its misses (no longer held out): 67 and 58.
    StorySet("heldout_stories_e.yaml", 1, 0.97, 0.84),
    # G, clinician notes (referral letters, physio and ED notes, shorthand such as "3/12 LBP, EHL 4/5, AJ absent") by a
    # sixth writer who had seen nothing of the project, committed before any run. First run: 57 of 68 (0.838) in the
    # top 3, 46 of 68 (0.676) first, exact triage 40, 8 lower than the writer's label, 2 of its 8 emergencies among them
    # (a 3 m fall with a palpable step; cord compression told as MRC grades, brisk reflexes and upgoing plantars). After
    # reading clinicians' notation (MRC grades as values, reflex and sign shorthand, "3/12" durations, blood values with
    # units, abbreviations; so G is no longer held out for them): 61 and 55, 2 lower, no emergency among them.
    # After a second round from its misses (fatigability, past polio, exam words, a medicine that raises statin levels):
    # 66 and 60.
    StorySet("heldout_stories_g.yaml", 1, 0.97, 0.88),
]


def _stories(story_set: StorySet) -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / story_set.file).read_text())
    stories: list[dict[str, Any]] = data["stories"] if isinstance(data, dict) else data
    return stories


@pytest.fixture(scope="module", params=SETS, ids=[s.file for s in SETS])
def results(request: pytest.FixtureRequest) -> tuple[StorySet, list[tuple[dict[str, Any], Assessment]]]:
    story_set: StorySet = request.param
    return story_set, [(s, assess_text(s["text"], age=s["age"], sex=s["sex"], today=MEASURED_ON)) for s in _stories(story_set)]


ADDED_AFTER_THE_SETS = frozenset({"delayed_onset_muscle_soreness"})
"""conditions added to the knowledge base after sets B to G were written"""


@pytest.mark.parametrize("story_set", SETS, ids=[s.file for s in SETS])
def test_stories_for_every_condition(story_set: StorySet) -> None:
    kb = load_packaged()
    counts: dict[str, int] = {}
    for s in _stories(story_set):
        assert s["condition"] in kb.conditions, s["condition"]
        assert s["text"].strip() and s["source"].strip()
        assert s["sex"] in ("female", "male") and isinstance(s["age"], int)
        assert s["urgency"] in ("self_care", "routine", "soon", "urgent", "emergency")
        counts[s["condition"]] = counts.get(s["condition"], 0) + 1
    # a condition added after a set was written has no story in it (the set is not rewritten to cover it)
    assert counts == {c: story_set.per_condition for c in kb.conditions if c not in ADDED_AFTER_THE_SETS}


def test_top3_floor(results: tuple[StorySet, list[tuple[dict[str, Any], Assessment]]]) -> None:
    story_set, found = results
    hits = [s["condition"] in [d.condition.id for d in a.differential[:3]] for s, a in found]
    assert sum(hits) / len(hits) >= story_set.top3_floor


def test_top1_floor(results: tuple[StorySet, list[tuple[dict[str, Any], Assessment]]]) -> None:
    story_set, found = results
    hits = [a.differential[0].condition.id == s["condition"] for s, a in found]
    assert sum(hits) / len(hits) >= story_set.top1_floor
