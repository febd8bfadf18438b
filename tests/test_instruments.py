"""Instruments scored exactly as published: every worked example of clinical-notes §7 and the published rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lumbus.instruments.change import compare, compare_values
from lumbus.instruments.evidence import instrument_evidence
from lumbus.instruments.licensed import ENV_VAR, load_item_text
from lumbus.instruments.scoring import AnswerError, get_instrument, score

ODI = ("pain_intensity", "personal_care", "lifting", "walking", "sitting", "standing", "sleeping", "sex_life", "social_life", "travelling")
SARC_F = ("strength", "assistance_walking", "rise_from_chair", "climb_stairs", "falls")
START = (
    "leg_pain",
    "shoulder_neck_pain",
    "short_distances",
    "dressing_slowly",
    "activity_unsafe",
    "worrying_thoughts",
    "catastrophising",
    "low_mood",
)


def odi(*sections: int | str | None) -> dict[str, Any]:
    return {k: v for k, v in zip(ODI, sections, strict=True) if v is not None}


def found(result: Any) -> dict[str, tuple[bool, str | None]]:
    return {e.finding: (e.present, e.side) for e in result.evidence}


# ---------------------------------------------------------------- 7.1 Oswestry
@pytest.mark.parametrize(
    ("sections", "index", "band"),
    [
        ((2, 2, 2, 2, 2, 2, 1, 1, 1, 1), 32.0, "moderate"),  # O1: 10 sections, sum 16 -> 16/50
        ((2, 2, 2, 2, 2, 2, 2, "na", 1, 1), 16 / 45 * 100, "moderate"),  # O2: 9 answered, sum 16 -> 35.56
        ((2, 2, 2, 2, 2, 2, 2, None, 1, 1), 16 / 45 * 100, "moderate"),  # O2 with the section left blank
        ((0,) * 10, 0.0, "minimal"),  # O3
        ((5,) * 10, 100.0, "bed_bound"),  # O4
        ((3, 2, 3, 2, 3, 2, 1, "na", 2, 2), 20 / 45 * 100, "severe"),  # O7: 44.44
        ((2, 1, 1, 2, 1, 1, 1, 1, 0, 0), 20.0, "minimal"),  # O8: boundary
    ],
)
def test_oswestry_worked_examples(sections: tuple[Any, ...], index: float, band: str) -> None:
    s = score("oswestry", odi(*sections)).score()
    assert s.value == pytest.approx(index)
    assert s.band == band


def test_oswestry_keeps_the_unrounded_index_and_displays_one_decimal() -> None:
    s = score("oswestry", odi(2, 2, 2, 2, 2, 2, 2, "na", 1, 1)).score()
    assert s.value == pytest.approx(35.5556, abs=1e-4)
    assert s.display == "35.6%"
    assert s.answered == 9 and s.missing == ["sex_life"]


def test_oswestry_two_missing_sections_are_refused() -> None:  # O9
    with pytest.raises(AnswerError, match=r"2 of 10 items unanswered \(sex_life, travelling\)"):
        score("oswestry", odi(1, 1, 1, 1, 1, 1, 1, None, 1, None))


@pytest.mark.parametrize("bad", [6, -1])
def test_oswestry_out_of_range_section_is_refused(bad: int) -> None:  # O10
    with pytest.raises(AnswerError, match=r"item 'lifting'.*out of range; allowed: 0 to 5"):
        score("oswestry", odi(1, 1, bad, 1, 1, 1, 1, 1, 1, 1))


def test_oswestry_change_meets_absolute_not_relative() -> None:  # O11
    c = compare_values("oswestry", "index", 50, 38)
    assert (c.change, c.meets_absolute, c.meets_relative, c.verdict) == (-12, True, False, "improvement")
    assert c.relative_change == pytest.approx(0.24)


def test_oswestry_walking_limit_is_evidence_of_difficulty_walking() -> None:
    assert found(score("oswestry", odi(1, 1, 1, 4, 1, 1, 1, 1, 1, 1)))["difficulty_walking"] == (True, None)
    assert "difficulty_walking" not in found(score("oswestry", odi(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)))


# ---------------------------------------------------------------- 7.2 Roland-Morris
def rmdq(yes: int, **extra: str) -> dict[str, str]:
    return {**{f"s{n:02d}": "yes" for n in range(1, yes + 1)}, **extra}


def test_rmdq_recovery_example() -> None:  # R1
    before, after = score("rmdq", rmdq(12)), score("rmdq", rmdq(2))
    assert (before.score().value, after.score().value) == (12, 2)
    c = compare(before, after)
    assert c.verdict == "improvement" and c.meets_absolute
    assert c.relative_change == pytest.approx(10 / 12)
    assert after.score().band == "recovered_range"


def test_rmdq_change_from_a_low_baseline_is_not_reliable() -> None:  # R2
    c = compare_values("rmdq", "total", 3, 1)
    assert not c.reliable and c.verdict == "no_important_change"
    assert "detect improvement" in c.note


def test_rmdq_not_applicable_and_unticked_count_as_no() -> None:  # R3
    assert score("rmdq", rmdq(3, s10="na", s11="no")).score().value == 3
    assert score("rmdq", {"s24": "yes"}).score().value == 1
    assert score("rmdq", {"s01": True, "s02": False, "s03": 1}).score().value == 2


def test_rmdq_worsening_near_the_ceiling_is_not_reliable() -> None:
    assert compare_values("rmdq", "total", 21, 24).reliable is False
    assert compare_values("rmdq", "total", 10, 16).verdict == "worsening"


# ---------------------------------------------------------------- 7.3 STarT Back
@pytest.mark.parametrize(
    ("agree", "q9", "total", "distress", "risk"),
    [
        ((), "not_at_all", 0, 0, "low"),  # S1
        (START, "extremely", 9, 5, "high"),  # S2
        (("leg_pain", "shoulder_neck_pain", "short_distances", "dressing_slowly"), "moderately", 4, 0, "medium"),  # S3, S6
        (("activity_unsafe", "worrying_thoughts", "catastrophising", "low_mood"), "not_at_all", 4, 4, "high"),  # S4
        (("leg_pain", "short_distances", "activity_unsafe", "low_mood"), "slightly", 4, 2, "medium"),  # S5 shape
        (("leg_pain", "activity_unsafe", "worrying_thoughts", "catastrophising", "low_mood"), "slightly", 5, 4, "high"),  # S7
        (("activity_unsafe", "worrying_thoughts", "catastrophising"), "very_much", 4, 4, "high"),  # S8
        (("leg_pain", "short_distances"), "very_much", 3, 1, "low"),  # S9
    ],
)
def test_start_back_worked_examples(agree: tuple[str, ...], q9: str, total: int, distress: int, risk: str) -> None:
    answers = {q: ("agree" if q in agree else "disagree") for q in START} | {"bothersomeness": q9}
    r = score("start_back", answers)
    assert (r.score("total").value, r.score("distress").value) == (total, distress)
    assert r.outcome is not None and r.outcome.id == risk
    assert found(r)[f"startback_{risk}_risk"] == (True, None)


def test_start_back_refuses_a_missing_item() -> None:
    with pytest.raises(AnswerError, match="bothersomeness"):
        score("start_back", dict.fromkeys(START, "agree"))


# ---------------------------------------------------------------- 7.4 SARC-F
@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ((1, 0, 1, 2, 0), 4, "positive"),  # F1
        ((0, 0, 1, 1, 1), 3, "negative"),  # F2
        ((2, 2, 2, 2, 2), 10, "positive"),  # F3
    ],
)
def test_sarc_f_worked_examples(answers: tuple[int, ...], total: int, band: str) -> None:
    r = score("sarc_f", dict(zip(SARC_F, answers, strict=True)))
    assert r.score().value == total
    assert r.score().band == band
    assert found(r)["sarc_f_positive"] == (total >= 4, None)


# ---------------------------------------------------------------- 7.5 EWGSOP2
@pytest.mark.parametrize(
    ("sex", "answers", "outcome"),
    [
        ("male", {"grip_kg": 25, "chair_stand_s": 12, "asm_index": 7.4, "gait_speed_m_s": 1.0}, "probable"),  # E1
        ("female", {"grip_kg": 14, "asm_index": 5.2, "gait_speed_m_s": 0.9, "sppb_total": 10}, "confirmed"),  # E2
        ("female", {"grip_kg": 15, "chair_stand_s": 18, "asm_index": 5.0, "gait_speed_m_s": 0.7}, "severe"),  # E3
        ("male", {"grip_kg": 30, "chair_stand_s": 16, "asm_index": 6.5, "gait_speed_m_s": 1.1}, "confirmed"),  # E4
        ("male", {"grip_kg": 30, "chair_stand_s": 12, "asm_index": 6.5, "gait_speed_m_s": 0.7}, "no_sarcopenia"),  # E5
        ("female", {"grip_kg": 17}, "no_sarcopenia"),  # E6, the EWGSOP2 half
        ("male", {"sarc_f_total": 6}, "not_assessed"),
        ("female", {"grip_kg": "unable", "asm_kg": 14, "walk_400m_min": "unable"}, "severe"),
    ],
)
def test_ewgsop2_worked_examples(sex: str, answers: dict[str, Any], outcome: str) -> None:
    r = score("ewgsop2", answers, sex=sex)
    assert r.outcome is not None and r.outcome.id == outcome


def test_grip_of_17_kg_in_a_woman_is_low_under_awgs_only() -> None:  # E6
    awgs = score("awgs2019", {"grip_kg": 17}, sex="female")
    assert awgs.outcome is not None and awgs.outcome.id == "possible"
    assert awgs.criteria["low_strength"] is True and score("ewgsop2", {"grip_kg": 17}, sex="female").criteria["low_grip"] is False


@pytest.mark.parametrize(
    ("sex", "answers", "outcome"),
    [
        ("male", {"grip_kg": 26, "gait_speed_m_s": 0.9, "asm_index_dxa": 6.8}, "severe"),
        ("female", {"grip_kg": 20, "chair_stand_s": 12, "asm_index_bia": 5.6}, "sarcopenia"),
        ("female", {"grip_kg": 20, "sppb_total": 10, "asm_index_bia": 5.6}, "no_sarcopenia"),
        ("male", {"calf_circumference_cm": 32}, "not_assessed"),
    ],
)
def test_awgs_2019_classes(sex: str, answers: dict[str, Any], outcome: str) -> None:
    r = score("awgs2019", answers, sex=sex)
    assert r.outcome is not None and r.outcome.id == outcome


def test_ewgsop2_flags_low_performance_without_sarcopenia() -> None:  # E5
    r = score("ewgsop2", {"grip_kg": 30, "chair_stand_s": 12, "asm_index": 6.5, "gait_speed_m_s": 0.7}, sex="male")
    assert r.criteria["low_performance"] is True and r.criteria["low_strength"] is False
    assert found(r)["slow_gait_speed"] == (True, None)


def test_ewgsop2_severity_without_a_muscle_quantity_measure() -> None:
    """SARC-F 5, grip 14 kg (woman), gait 0.6 m/s: severe but unconfirmed while muscle quantity is unmeasured;
    confirmed severe once ASM/h² is low; only probable (with low performance) when ASM/h² is measured normal."""
    answers = {"sarc_f_total": 5, "grip_kg": 14, "gait_speed_m_s": 0.6}
    r = score("ewgsop2", answers, sex="female")
    assert r.outcome is not None and r.outcome.id == "severe_unconfirmed"
    assert r.outcome.label.startswith("severe sarcopenia") and "not measured" in r.outcome.label
    assert r.criteria["low_quantity"] is None
    assert found(r) == {
        "sarc_f_positive": (True, None),
        "low_grip_strength": (True, None),
        "slow_gait_speed": (True, None),
    }
    severe = score("ewgsop2", answers | {"asm_index": 5.0}, sex="female")
    assert severe.outcome is not None and severe.outcome.id == "severe"
    normal_mass = score("ewgsop2", answers | {"asm_index": 6.1}, sex="female")
    assert normal_mass.outcome is not None and normal_mass.outcome.id == "probable_low_performance"
    assert found(normal_mass)["low_muscle_mass_scan"] == (False, None)


def test_ewgsop2_needs_sex_for_sex_specific_cut_offs() -> None:
    with pytest.raises(AnswerError, match="differs by sex"):
        score("ewgsop2", {"grip_kg": 20})
    assert score("ewgsop2", {"gait_speed_m_s": 0.5}).criteria["slow_gait"] is True  # the same cut-off for both


@pytest.mark.parametrize(
    ("answers", "named"), [({"grip_kg": 400}, "'grip_kg'"), ({"grip_kg": "weak"}, "'grip_kg'"), ({"asm_kg": "unable"}, "'asm_kg'")]
)
def test_ewgsop2_bad_measurements_name_the_item(answers: dict[str, Any], named: str) -> None:
    with pytest.raises(AnswerError, match=named):
        score("ewgsop2", answers, sex="female")


# ---------------------------------------------------------------- 7.6 SPPB
@pytest.mark.parametrize(
    ("answers", "total", "low"),
    [
        ({"side_by_side": "held_10s", "semi_tandem": "held_10s", "tandem_s": 10, "gait_4m_s": 4.5, "chair_stand_s": 10.9}, 12, False),  # P1
        ({"side_by_side": "held_10s", "semi_tandem": "held_10s", "tandem_s": 5, "gait_4m_s": 5.0, "chair_stand_s": 14.0}, 8, True),  # P2
        (
            {"side_by_side": "held_10s", "semi_tandem": "not_held", "tandem_s": 0, "gait_4m_s": 9.0, "chair_stand_s": "unable"},
            2,
            True,
        ),  # P3
    ],
)
def test_sppb_worked_examples(answers: dict[str, Any], total: int, low: bool) -> None:
    r = score("sppb", answers)
    assert r.score().value == total
    assert found(r)["low_sppb_score"] == (low, None)


@pytest.mark.parametrize(
    ("item", "value", "points"),
    [
        ("gait_4m_s", 4.81, 4),
        ("gait_4m_s", 4.82, 3),
        ("gait_4m_s", 6.20, 3),
        ("gait_4m_s", 6.21, 2),
        ("gait_4m_s", 8.70, 2),
        ("gait_4m_s", 8.71, 1),
        ("chair_stand_s", 11.19, 4),
        ("chair_stand_s", 11.2, 3),
        ("chair_stand_s", 13.6, 3),
        ("chair_stand_s", 13.7, 2),
        ("chair_stand_s", 16.6, 2),
        ("chair_stand_s", 16.7, 1),
        ("tandem_s", 2.99, 0),
        ("tandem_s", 3, 1),
        ("tandem_s", 10, 2),
    ],
)
def test_sppb_band_edges(item: str, value: float, points: int) -> None:
    base: dict[str, Any] = {"side_by_side": "held_10s", "semi_tandem": "held_10s", "tandem_s": 10, "gait_4m_s": 4, "chair_stand_s": 10}
    assert score("sppb", base | {item: value}).answers[item].points == points


# ---------------------------------------------------------------- MRC and pain
def test_mrc_grades_are_per_muscle_and_side_evidence() -> None:
    r = score(
        "mrc_lower_limb",
        {
            "ankle_dorsiflexion_left": "3",
            "ankle_dorsiflexion_right": 5,
            "hip_abduction_left": "4+",
            "hip_abduction_right": "4-",
            "knee_extension_left": 5,
            "knee_extension_right": 5,
            "hip_flexion_left": 4,
        },
    )
    ev = found(r)
    assert ev["weak_ankle_dorsiflexion"] == (True, "left")
    assert ev["weak_hip_abduction"] == (True, "both")
    assert ev["weak_knee_extension"] == (False, None)
    assert ev["weak_hip_flexion"] == (True, "left")
    assert "foot_drop" not in ev  # 3/5 dorsiflexion does not rule a foot drop out
    assert r.answers["hip_abduction_left"].code == "4+" and r.answers["hip_flexion_left"].code == "4"
    assert found(score("mrc_lower_limb", {"ankle_dorsiflexion_right": 1}))["foot_drop"] == (True, "right")


def test_mrc_refuses_a_decimal_grade() -> None:
    with pytest.raises(AnswerError, match="'knee_extension_left'"):
        score("mrc_lower_limb", {"knee_extension_left": 4.5})


_ASAS_YES = {"insidious_onset": "yes", "better_with_exercise": "yes", "not_better_with_rest": "yes", "night_pain_better_on_rising": "yes"}


@pytest.mark.parametrize(
    ("answers", "features", "outcome"),
    [
        ({"back_pain_months": 6, "onset_age": 32, **_ASAS_YES}, 5, "inflammatory"),  # I1
        ({"onset_age": 45, **_ASAS_YES, "not_better_with_rest": "no"}, 3, "not_inflammatory"),  # I2: the age criterion fails
        ({"back_pain_months": 2, "onset_age": 32, **_ASAS_YES}, 5, "not_applicable"),  # I3: 5 of 5, but only 2 months
        ({"back_pain_months": 3, "onset_age": 32, **_ASAS_YES}, 5, "not_applicable"),  # more than 3 months, not 3
        ({"onset_age": 39, **_ASAS_YES, "night_pain_better_on_rising": "no"}, 4, "inflammatory_if_chronic"),
        ({"back_pain_months": 24, "onset_age": 40, **_ASAS_YES}, 4, "inflammatory"),  # onset at 40 is not before 40
    ],
)
def test_asas_inflammatory_back_pain_worked_examples(answers: dict[str, Any], features: int, outcome: str) -> None:
    r = score("asas_ibp", answers)
    assert r.score().value == features
    assert r.outcome is not None and r.outcome.id == outcome


def test_asas_features_are_evidence_and_an_unanswered_feature_is_refused() -> None:
    r = score("asas_ibp", {"back_pain_months": 6, "onset_age": 45, **_ASAS_YES, "better_with_exercise": "no"})
    assert found(r) == {
        "back_pain_onset_before_40": (False, None),
        "gradual_onset": (True, None),
        "pain_better_with_exercise": (False, None),
        "pain_not_better_with_rest": (True, None),
        "night_pain_better_on_rising": (True, None),
        "duration_chronic_over_12_weeks": (True, None),
    }
    with pytest.raises(AnswerError, match="insidious_onset"):
        score("asas_ibp", {"back_pain_months": 6, "onset_age": 30})


@pytest.mark.parametrize(("pain", "band"), [(0, "none"), (4, "mild"), (5, "moderate"), (6, "moderate"), (7, "severe"), (10, "severe")])
def test_pain_bands(pain: int, band: str) -> None:
    assert score("pain_nrs", {"pain": pain}).score().band == band


def test_pain_change_uses_two_points_or_thirty_percent() -> None:
    assert compare_values("pain_nrs", "pain", 6, 4).verdict == "improvement"
    assert compare_values("pain_nrs", "pain", 8, 7).verdict == "no_important_change"
    assert compare_values("pain_nrs", "pain", 3, 5).verdict == "worsening"


def test_compare_refuses_two_instruments() -> None:
    with pytest.raises(AnswerError, match="one instrument"):
        compare(score("pain_nrs", {"pain": 3}), score("sarc_f", dict.fromkeys(SARC_F, 0)))


# ---------------------------------------------------------------- bad input and licensed text
@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({"strength": 3}, "'strength'"),
        ({"strength": -1}, "'strength'"),
        ({"strenght": 1}, "'strenght'"),
        ({"falls": "often"}, "'falls'"),
        ({"falls": True}, "'falls'"),
    ],
)
def test_bad_answers_name_the_item(answers: dict[str, object], named: str) -> None:
    with pytest.raises(AnswerError, match=named) as info:
        score("sarc_f", {**dict.fromkeys(SARC_F, 0), **answers})
    assert info.value.item == named.strip("'")


def test_unknown_instrument_suggests() -> None:
    with pytest.raises(AnswerError, match="sarc_f"):
        score("sarcf", {})


def test_licensed_text_is_loaded_from_a_file_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inst = get_instrument("oswestry")
    path = tmp_path / "text.yaml"
    path.write_text("oswestry:\n  lifting: Licensed lifting wording\n  lifting.0: Licensed first statement\n")
    assert load_item_text(inst) == {}
    monkeypatch.setenv(ENV_VAR, str(path))
    assert load_item_text(inst) == {"lifting": "Licensed lifting wording", "lifting.0": "Licensed first statement"}
    path.write_text("oswestry:\n  lifing: typo\n")
    with pytest.raises(AnswerError, match="unknown item 'lifing'"):
        load_item_text(inst, path)


def test_case_file_entries_take_answers_or_a_stored_result() -> None:
    stored = score("ewgsop2", {"grip_kg": 14, "gait_speed_m_s": 0.6}, sex="female").model_dump(mode="json")
    from_result = instrument_evidence([{"instrument": "ewgsop2", "result": stored}])
    from_answers = instrument_evidence([{"instrument": "ewgsop2", "answers": {"grip_kg": 14, "gait_speed_m_s": 0.6}}], sex="female")
    assert from_result == from_answers and {e.finding for e in from_result} == {"low_grip_strength", "slow_gait_speed"}
    with pytest.raises(AnswerError, match=r"instruments\[0\]: give either"):
        instrument_evidence([{"instrument": "sarc_f"}])
    with pytest.raises(AnswerError, match=r"instruments\[0\]: unknown key 'score'"):
        instrument_evidence([{"instrument": "sarc_f", "score": 5}])
