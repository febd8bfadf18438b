"""Red-flag rules added in the triage audit: each reaches its level when its guideline's pattern is there and
stays quiet when it is not (NICE NG65 spondyloarthritis referral, NICE NG59 STarT Back stratification,
subacute progressive girdle weakness in the inflammatory myopathies)."""

from __future__ import annotations

import pytest

from lumbus.api import assess, assess_text
from lumbus.assessment import Assessment
from lumbus.case import Case, Evidence
from lumbus.knowledge.schema import Urgency


def _case(*findings: str, age: int | None = None, days: int | None = None) -> Assessment:
    return assess(Case(age=age, duration_days=days, evidence=[Evidence(finding=f) for f in findings]))


def _fired(a: Assessment) -> set[str]:
    return {r.id for r in a.triage.red_flags}


# --- NICE NG65: back pain from before 45, over 3 months, 4 or more features (3 with HLA-B27) -> rheumatology
SPA_FEATURES = ("buttock_pain", "night_pain_better_on_rising", "pain_better_with_exercise", "good_nsaid_response")


def test_ng65_referral_criteria_reach_soon() -> None:
    a = _case("low_back_pain", *SPA_FEATURES, age=29, days=200)
    assert "spondyloarthritis_referral_nice" in _fired(a)
    assert a.triage.level.rank >= Urgency.soon.rank


def test_ng65_three_features_need_hla_b27() -> None:
    three = _case("low_back_pain", *SPA_FEATURES[:3], age=29, days=200)
    assert not _fired(three) & {"spondyloarthritis_referral_nice", "spondyloarthritis_referral_nice_hla_b27"}
    b27 = _case("low_back_pain", *SPA_FEATURES[:3], "hla_b27_positive", age=29, days=200)
    assert "spondyloarthritis_referral_nice_hla_b27" in _fired(b27)


def test_ng65_not_for_short_pain_or_late_onset() -> None:
    short = _case("low_back_pain", *SPA_FEATURES, age=29, days=20)
    late = _case("low_back_pain", *SPA_FEATURES, age=58, days=200)
    for a in (short, late):
        assert "spondyloarthritis_referral_nice" not in _fired(a)


# --- NICE NG59: medium or high STarT Back risk -> a supported programme, not self-care alone
def test_startback_medium_or_high_risk_is_not_self_care() -> None:
    for risk in ("startback_medium_risk", "startback_high_risk"):
        a = _case("low_back_pain", risk, age=40, days=10)
        assert "startback_not_low_risk" in _fired(a)
        assert a.triage.level.rank >= Urgency.routine.rank


def test_startback_low_risk_does_not_fire() -> None:
    a = _case("low_back_pain", "startback_low_risk", age=40, days=10)
    assert "startback_not_low_risk" not in _fired(a)


# --- inflammatory myopathy pattern: shoulder and hip girdle weakness worsening over days to weeks -> today
def test_subacute_progressive_girdle_weakness_is_urgent() -> None:
    a = _case("proximal_arm_weakness", "proximal_leg_weakness", "progressive_weakness", age=60, days=42)
    assert "subacute_progressive_girdle_weakness" in _fired(a)
    assert a.triage.level.rank >= Urgency.urgent.rank


def test_girdle_weakness_told_as_a_story_is_urgent() -> None:
    a = assess_text(
        "Over the last six weeks I've been getting weaker and it's getting worse: I struggle to get up out of a chair "
        "and I can't lift my arms to brush my hair.",
        age=58,
    )
    assert a.triage.level.rank >= Urgency.urgent.rank


def test_girdle_weakness_over_years_is_not_hurried() -> None:
    slow = _case("proximal_arm_weakness", "proximal_leg_weakness", "progressive_weakness", age=45, days=5 * 365)
    assert "subacute_progressive_girdle_weakness" not in _fired(slow)
    stable = _case("proximal_arm_weakness", "proximal_leg_weakness", age=60, days=42)
    assert "subacute_progressive_girdle_weakness" not in _fired(stable)


# --- degenerative cervical myelopathy: worsening cord signs -> today; stable ones stay with the condition's level
def test_worsening_myelopathy_signs_are_urgent() -> None:
    a = _case("hand_clumsiness", "difficulty_walking", "progressive_weakness", age=64, days=120)
    assert "worsening_myelopathy_signs" in _fired(a)
    assert a.triage.level.rank >= Urgency.urgent.rank


def test_stable_myelopathy_signs_do_not_fire_the_worsening_rule() -> None:
    a = _case("hand_clumsiness", "difficulty_walking", age=64, days=400)
    assert "worsening_myelopathy_signs" not in _fired(a)


# --- NICE NG12: unexplained weight loss at 60 or over -> cancer investigations within days
def test_unexplained_weight_loss_at_60_or_over_is_soon() -> None:
    old = _case("weight_loss", "generalized_muscle_wasting", age=71, days=180)
    assert "unexplained_weight_loss_older" in _fired(old)
    assert old.triage.level.rank >= Urgency.soon.rank
    story = assess_text("My wife died last year and I don't bother cooking. I've lost about 2 stone in 6 months.", age=71, sex="male")
    assert "unexplained_weight_loss_older" in _fired(story)


def test_weight_loss_rule_waits_for_age_60() -> None:
    assert "unexplained_weight_loss_older" not in _fired(_case("weight_loss", age=45, days=180))


# --- NICE NG41: back pain after a dangerous mechanism is imaged in hospital straight away
def test_back_pain_after_a_fall_from_height_is_an_emergency() -> None:
    a = assess_text("I fell about 15 feet off a ladder two days ago and my mid back really hurts, legs are fine.", age=50, sex="female")
    assert "significant_trauma_back" in _fired(a)
    assert a.triage.level == Urgency.emergency


def test_an_old_injury_is_not_todays_fracture() -> None:
    a = _case("significant_trauma", "low_back_pain", age=50, days=3000)
    assert "significant_trauma_back" not in _fired(a)


# --- NICE NG41: a fused spine (ankylosing spondylitis) breaks after a minor fall
def test_a_minor_fall_in_a_fused_spine_is_an_emergency() -> None:
    a = assess_text("I have ankylosing spondylitis. I slipped and fell on the ice yesterday and my neck hurts.", age=50, sex="male")
    assert "fused_spine_after_a_fall" in _fired(a) and a.triage.level == Urgency.emergency


def test_a_minor_fall_or_a_fused_spine_alone_is_not() -> None:
    for text in ("I tripped over the cat and my back hurts", "I have ankylosing spondylitis and my back is stiff in the mornings"):
        assert "fused_spine_after_a_fall" not in _fired(assess_text(text, age=50))


# --- Bosch 2009: dark urine with muscle symptoms now is rhabdomyolysis until shown otherwise
def test_cola_urine_after_a_hard_class_is_an_emergency() -> None:
    a = _case("dark_urine_after_exertion", "myalgia", "onset_acute_under_4_weeks", age=24)
    assert "dark_urine_with_muscle_symptoms" in _fired(a) and a.triage.level == Urgency.emergency


def test_dark_urine_after_a_binge_with_no_date_is_an_emergency() -> None:
    a = assess_text("After a heavy drinking binge the muscles in my thighs became painful, swollen and tender, and my pee went dark.")
    assert "dark_urine_with_muscle_symptoms" in _fired(a) and a.triage.level == Urgency.emergency


def test_dark_urine_in_a_story_dated_years_back_is_not_todays_emergency() -> None:
    a = _case("dark_urine_after_exertion", "muscle_cramps", "weakness_since_youth", age=19, days=4000)
    assert "dark_urine_with_muscle_symptoms" not in _fired(a)


# --- Horlocker 2018, Kreppel 2003: a blood thinner, new back pain and new leg deficit is a spinal bleed until imaged
def test_old_sciatica_on_a_blood_thinner_is_not_a_bleed() -> None:
    a = _case("anticoagulant_use", "low_back_pain", "leg_numbness", age=70, days=400)
    assert "anticoagulated_back_pain_with_new_neurology" not in _fired(a)


# --- Fehlings 2017, Davies 2018: numb hands and walking that is getting worse (cervical myelopathy told as numbness)
def test_numb_hands_at_night_alone_are_not_myelopathy() -> None:
    a = assess_text("My hands go numb at night and I shake them to wake them up. My walking is fine.", age=50, sex="female")
    assert "numb_hands_with_worsening_walking" not in _fired(a)


# --- stories that must reach a rule, each told the way a person wrote it in a held-out set
STORY_RULES = [
    # a new deficit dated on its own, days old, in a back pain of months (the illness's length is the months)
    (
        "I have had back pain for 6 months, and over the last 2 days both legs have gone weak and numb",
        50,
        "ces_bilateral_deficit",
        Urgency.emergency,
    ),
    ("back pain for 6 months. Since yesterday both my legs are weak and numb", 50, "ces_bilateral_deficit", Urgency.emergency),
    ("6/12 back pain, now bilat leg weakness and numbness over 2/7", 50, "ces_bilateral_deficit", Urgency.emergency),
    (
        "had knee replacement yesterday with the spinal anaesthetic and they've got me on the blood thinning injections. "
        "my legs were working this morning but now they've gone numb again and my back hurts where they put the needle",
        67,
        "anticoagulated_back_pain_with_new_neurology",
        Urgency.emergency,
    ),
    (
        "For about four weeks I've had tingling and numbness down my right arm and my right leg. Over the last few days "
        "it's got worse, to the point that it's affecting how I walk.",
        63,
        "numb_hands_with_worsening_walking",
        Urgency.urgent,
    ),
    (
        "My right leg since 3 hours is very painful, cold like ice, colour is like marble, and I cannot feel my foot. "
        "I have heart rhythm problem.",
        71,
        "cold_pale_leg_with_new_symptoms",
        Urgency.emergency,
    ),
    (
        "Had a pallet fall on my shin at work this morning. Tonight the pain is unbelievable, the front of my leg is rock "
        "hard and the top of my foot is numb.",
        35,
        "tense_swollen_limb_after_injury",
        Urgency.emergency,
    ),
    (
        "Sudden ripping pain in my chest that went straight through to my back about an hour ago, and now my left leg is numb and weak.",
        64,
        "tearing_chest_or_back_pain",
        Urgency.emergency,
    ),
    (
        "I've taken warfarin for years because of an artificial heart valve. My left leg has become painful and swollen, and "
        "it has gone weak.",
        67,
        "anticoagulated_swollen_weak_leg",
        Urgency.emergency,
    ),
    (
        "bin skin poppin in my thigh, got a sore patch there. now seein double, cant talk proper, words come out slurry n my arms r weak.",
        30,
        "bulbar_signs_with_limb_weakness",
        Urgency.emergency,
    ),
]


@pytest.mark.parametrize(("text", "age", "rule", "level"), STORY_RULES, ids=[r[2] for r in STORY_RULES])
def test_a_told_story_reaches_its_rule(text: str, age: int, rule: str, level: Urgency) -> None:
    a = assess_text(text, age=age)
    assert rule in _fired(a) and a.triage.level == level


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "I have tight knots in my back muscles, I can feel them like little marbles. Nothing in my legs.",
            "cold_pale_leg_with_new_symptoms",
        ),
        ("My back MRI only showed wear and tear, and the pain goes down my leg.", "tearing_chest_or_back_pain"),
        (
            "For two years my eyelids droop and I see double by the evening, and my legs get weaker as the day goes on.",
            "bulbar_signs_with_limb_weakness",
        ),
    ],
)
def test_look_alike_words_do_not_reach_the_rule(text: str, rule: str) -> None:
    assert rule not in _fired(assess_text(text, age=55))


# --- set P's safety misses, each a cited rule that reaches its level and stays quiet without its pattern
def test_sudden_weakness_of_both_legs_or_feet_is_an_emergency() -> None:
    a = assess_text("Very suddenly both my feet have gone floppy - I can't lift the fronts of either foot.", age=45)
    assert "sudden_bilateral_leg_weakness" in _fired(a) and a.triage.level == Urgency.emergency
    one = assess_text("Very suddenly my right foot has gone floppy and I can't lift the front of it.", age=45)
    assert "sudden_bilateral_leg_weakness" not in _fired(one)


def test_new_back_pain_after_injecting_drugs_is_seen_today() -> None:
    a = _case("low_back_pain", "iv_drug_use", "mechanical_pain", days=3)
    assert "injecting_or_recent_procedure_with_new_back_pain" in _fired(a)
    assert a.triage.level.rank >= Urgency.urgent.rank
    old = _case("low_back_pain", "iv_drug_use", "mechanical_pain", days=400)
    assert "injecting_or_recent_procedure_with_new_back_pain" not in _fired(old)


def test_weakness_with_morning_headaches_is_seen_within_days() -> None:
    a = _case("proximal_leg_weakness", "orthopnoea_morning_headache", days=400)
    assert "weakness_with_night_breathing_signs" in _fired(a)
    assert a.triage.level.rank >= Urgency.soon.rank
    assert "weakness_with_night_breathing_signs" not in _fired(_case("orthopnoea_morning_headache", days=400))
