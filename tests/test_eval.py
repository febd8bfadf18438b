"""Evaluation on the published vignettes: the metrics are computed right and do not regress."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lumbus.evaluation.vignettes import Report, VignetteError, assess_narrative, evaluate, load_vignettes

VIGNETTES = Path(__file__).resolve().parents[1] / "vignettes"

# Narrative only (no interview), on the public vignettes. Top-1, atrophy type and root level are held at
# issue 2's targets (0.65, 0.85, 0.80); top-3 at its measured value (90 of 100 cases). Root level is 22 of
# 27 (0.815) since 'painless' stopped being counted a second and third time as 'no back pain, no leg pain'.
FLOOR = {"top3": 0.90, "top1": 0.65, "atrophy_type": 0.85, "root_level": 0.80}


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(load_vignettes(VIGNETTES), assess_narrative)


def test_enough_published_vignettes(report: Report) -> None:
    assert len(report.outcomes) >= 60
    for o in report.outcomes:
        v = o.vignette
        assert v.source.citation
        assert v.expected.condition not in v.text.lower().replace(" ", "_")


def test_no_emergency_under_triaged(report: Report) -> None:
    missed = [o.vignette.id for o in report.outcomes if o.emergency_missed]
    assert missed == []


@pytest.mark.parametrize("metric", sorted(FLOOR))
def test_accuracy_floor(report: Report, metric: str) -> None:
    value = report.summary()[metric]
    assert value >= FLOOR[metric], f"{metric} fell to {value:.3f} (floor {FLOOR[metric]})"


def test_metrics_are_counted_right(report: Report) -> None:
    s = report.summary()
    o = report.outcomes
    assert s["top1"] == sum(x.top1 for x in o) / len(o)
    assert s["top1"] <= s["top3"]
    assert s["emergencies"] == sum(x.vignette.expected.urgency.value == "emergency" for x in o)
    listed = {m["id"] for m in report.misses()}
    assert all(x.vignette.id in listed for x in o if not x.top3)


def test_cli_eval_json(tmp_path: Path) -> None:
    for f in sorted(VIGNETTES.glob("*.yaml"))[:3]:
        shutil.copy(f, tmp_path / f.name)
    r = subprocess.run(
        [sys.executable, "-m", "lumbus.cli", "eval", str(tmp_path), "--format", "json"], capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["summary"]["vignettes"] == 3
    assert set(out) == {"summary", "misses"}


def test_bad_vignette_folder(tmp_path: Path) -> None:
    with pytest.raises(VignetteError, match="no vignette files"):
        load_vignettes(tmp_path)
    (tmp_path / "v.yaml").write_text("id: x\ntext: too short\n")
    with pytest.raises(VignetteError, match=r"v\.yaml"):
        load_vignettes(tmp_path)
    r = subprocess.run([sys.executable, "-m", "lumbus.cli", "eval", str(tmp_path)], capture_output=True, text=True, check=False)
    assert r.returncode == 2 and "v.yaml" in r.stderr


# Issue 3's targets after the interview, on every public vignette (measured 2026-12-07: top-3 92 of 100, top-1 76).
INTERVIEW_FLOOR = {"top3": 0.92, "top1": 0.75}


def test_simulated_patient_interviews_are_safe_and_short(report: Report) -> None:
    """The adaptive interview on a simulated patient (answers from the vignette's findings) never under-triages
    an emergency, always completes the red-flag screen before a non-emergency result, stays in budget and
    keeps issue 3's accuracy targets."""
    from lumbus.evaluation.vignettes import evaluate_interviews

    narrative_only = {o.vignette.id: o.ranked for o in report.outcomes}
    interviews = evaluate_interviews(load_vignettes(VIGNETTES))
    s = interviews.summary()
    for metric, floor in INTERVIEW_FLOOR.items():
        assert s[metric] >= floor, f"{metric} after the interview fell to {s[metric]:.3f} (floor {floor})"
    assert s["red_flag_screen_complete"] == 1.0
    assert s["emergency_under_triage"] == 0
    assert s["questions_max"] <= 25 and s["questions_median"] <= 12
    assert s["questions_median"] <= s["questions_p90"] <= s["questions_max"]
    assert all(o.ranked == narrative_only[o.vignette.id] for o in interviews.narrative.outcomes), "the interview starts from the narrative"
    assert s["top1"] >= s["narrative_top1"], "answers from the vignette's own findings should not make the ranking worse"
    asked = {o.vignette.id: r.questions for o, r in zip(interviews.after.outcomes, interviews.runs, strict=True)}
    assert all(m["questions"] == asked[m["id"]] for m in interviews.misses())


def test_cli_eval_interactive_json(tmp_path: Path) -> None:
    for f in sorted(VIGNETTES.glob("*.yaml"))[:4]:
        shutil.copy(f, tmp_path / f.name)
    r = subprocess.run(
        [sys.executable, "-m", "lumbus.cli", "eval", str(tmp_path), "--interactive", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)["summary"]
    assert s["vignettes"] == 4
    assert {"questions_median", "questions_p90", "narrative_top1", "narrative_top3", "red_flag_screen_complete"} <= set(s)
