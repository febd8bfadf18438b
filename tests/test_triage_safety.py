"""Emergencies in people's own words are never under-triaged (the worst error the system can make).

The phrasings paraphrase the warning signs in the BASS/GIRFT cauda equina pathway, NICE NG234
(metastatic cord compression), the spinal epidural abscess literature and the Guillain-Barré
criteria; none is a vignette.
"""

from __future__ import annotations

import pytest

from lumbus.api import assess_text

EMERGENCIES = [
    ("numb between my legs and I wet myself, my back is agony", None),
    ("my lower back hurts and since yesterday I can't empty my bladder", 50),
    ("sciatica in both legs now and my bottom feels numb when I wipe", 41),
    ("my legs are getting weaker by the hour and my hands started tingling after a stomach bug", 34),
    ("both my legs went weak over two days and I'm struggling to breathe", 60),
    ("I've had a fever for days, my back is agony and now my legs are weak", 52),
    ("I had breast cancer and now my legs are weak and my back hurts at night", 61),
    ("I fell off a ladder, my back is killing me and I can't feel my legs", 45),
    ("the numbness started in my feet and within days it has crept up to my chest", 30),
    ("back pain and now both legs are going weak and numb, I'm peeing myself", 50),
    ("I had breast cancer 5 years ago, now terrible back pain at night and my legs feel weak", 62),
    (
        "Since yesterday I can't feel anything when I wipe after the toilet, I haven't passed urine since this morning "
        "and both my legs are getting weak",
        45,
    ),
    ("my back is sore and I have not passed urine all day", 58),
]

# Who the emergency most likely is, not only how urgent: the condition named first.
LEADING = [
    ("back pain and now both legs are going weak and numb, I'm peeing myself", 50, "cauda_equina_syndrome"),
    ("I had breast cancer 5 years ago, now terrible back pain at night and my legs feel weak", 62, "metastatic_spinal_cord_compression"),
    ("I inject drugs, I've had a fever and really bad back pain for a week, now my legs are weak", 35, "spinal_epidural_abscess"),
    ("had a tummy bug 2 weeks ago, now my feet and hands tingle and my legs are getting weaker every day", 45, "guillain_barre_syndrome"),
]

NOT_EMERGENCIES = [
    ("I pulled my back lifting a box yesterday, no leg pain, otherwise well", 35),
    ("my right buttock has got smaller over the last year and my leg aches when I sit", 30),
    ("a sore back, I haven't had any trouble passing urine and I'm not numb when I wipe", 40),
]


def test_saddle_numbness_and_retention_in_everyday_words_are_read() -> None:
    a = assess_text("I can't feel anything when I wipe after the toilet and I haven't peed since this morning", age=45)
    read = {e.finding: e.present for e in a.evidence}
    assert read["saddle_anaesthesia"] is True and read["urinary_retention"] is True, read


@pytest.mark.parametrize(("text", "age"), EMERGENCIES)
def test_emergency_words_give_emergency(text: str, age: int | None) -> None:
    a = assess_text(text, age=age)
    assert a.triage.level.value == "emergency", (text, a.triage.reasons)
    assert a.triage.reasons and a.disclaimer


@pytest.mark.parametrize(("text", "age"), NOT_EMERGENCIES)
def test_ordinary_back_trouble_is_not_an_emergency(text: str, age: int) -> None:
    assert assess_text(text, age=age).triage.level.value != "emergency"


@pytest.mark.parametrize(("text", "age", "condition"), LEADING)
def test_emergency_condition_leads(text: str, age: int, condition: str) -> None:
    a = assess_text(text, age=age)
    assert a.differential[0].condition.id == condition, [c.condition.id for c in a.differential[:3]]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm leaking poo and my back is agony", 60),
        ("my wife says I'm walking funny, both legs numb from the waist down since yesterday", 66),
        ("sudden tearing pain in my back going through to my belly, I feel faint and sweaty", 72),
        ("my back is in agony and I have a lump near my belly button that beats", 70),
        ("I can hardly breathe and my arms and legs are weak", 50),
    ],
)
def test_more_emergencies_in_everyday_words(text: str, age: int) -> None:
    assert assess_text(text, age=age).triage.level.value == "emergency"


def test_saddle_numbness_and_retention_without_trauma_is_cauda_equina_first() -> None:
    """Nobody leaves a fall or a crash out of their story: unmentioned major trauma makes a traumatic fracture
    an unlikely explanation for new saddle numbness and retention (it had ranked first at 65%)."""
    from lumbus.api import start_interview

    iv = start_interview("my lower back has been aching for a few days", age=45, sex="male")
    iv.answer("both_legs", [])
    iv.answer("bladder_bowel_saddle", ["urinary_retention", "saddle_anaesthesia"])
    a = iv.assessment()
    assert a.triage.level.value == "emergency"
    assert a.differential[0].condition.id == "cauda_equina_syndrome"


#: cauda equina stories that carry words a denial is made of ("normal", "fine"): still emergencies
CAUDA_EQUINA_WITH_DENIAL_WORDS = [
    "my bowels are normal but I can't empty my bladder and I'm numb around my bottom",
    "I don't feel normal down there, numb around my bottom, and I can't pass urine normally",
    "bladder and bowels are not normal anymore, my bottom is numb and both legs are weak",
    "my back is fine but since yesterday I cannot pee properly and I can't feel the toilet paper when I wipe",
]


@pytest.mark.parametrize("text", CAUDA_EQUINA_WITH_DENIAL_WORDS)
def test_denial_words_do_not_hide_cauda_equina(text: str) -> None:
    a = assess_text(text, age=45)
    assert a.triage.level.value == "emergency", (text, a.triage.reasons)
    absent = {e.finding for e in a.evidence if not e.present}
    assert not absent & {"urinary_retention", "urinary_incontinence", "bowel_incontinence", "saddle_anaesthesia"}, absent


def test_denied_red_flags_are_read_and_ordinary_back_pain_stays_ordinary() -> None:
    a = assess_text("I hurt my back lifting yesterday. My bladder and bowels are normal. No weakness.", age=40)
    absent = {e.finding for e in a.evidence if not e.present}
    assert {"urinary_retention", "urinary_incontinence", "bowel_incontinence", "leg_weakness"} <= absent
    assert a.triage.level.value not in ("emergency", "urgent"), a.triage.reasons


@pytest.mark.parametrize(
    "text",
    [
        "I had a disc operation six years ago and my foot has been numb ever since, but lately that leg has got weaker on the stairs.",
        "My thigh has been thin for years after polio as a child, and over the past few months it has been getting weaker.",
    ],
)
def test_an_old_weakness_that_has_started_to_worsen_is_seen_within_days(text: str) -> None:
    """Years of a stable problem do not make new worsening a slow matter: it is a progressive deficit (soon)."""
    a = assess_text(text, age=55)
    assert "recent_progression_of_old_weakness" in [rf.id for rf in a.triage.red_flags]
    assert a.triage.level.rank >= a.triage.level.__class__("soon").rank


def test_weakness_unchanged_for_years_is_not_hurried() -> None:
    """Weak since childhood and not worse lately: the old-weakness rule stays quiet."""
    a = assess_text("I've had weak legs since childhood but they haven't got weaker recently.", age=40)
    assert "recent_progression_of_old_weakness" not in [rf.id for rf in a.triage.red_flags]
    assert "progressive_motor_deficit" not in [rf.id for rf in a.triage.red_flags]
