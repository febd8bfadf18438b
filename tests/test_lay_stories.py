"""Short stories in everyday words, one per condition family: the right condition is in the top three.

Written by the authors from the textbook picture of each condition (not taken from the vignettes),
to keep the reading of lay phrasing ("stiff for an hour every morning", "since I started a statin")
from regressing.
"""

from __future__ import annotations

import pytest

from lumbus.api import assess_text

STORIES = [
    (
        "I had an injection in my left buttock last week and since then my foot drops and the back of my leg is numb",
        50,
        "female",
        "sciatic_gluteal_nerve_injury",
    ),
    (
        "I sat cross-legged for hours and now my right foot drops, the top of my foot is numb, my back is fine",
        30,
        "male",
        "common_peroneal_neuropathy",
    ),
    (
        "I'm diabetic, lost a lot of weight, and now severe pain in my right thigh and it's wasting, I can't climb stairs",
        65,
        "male",
        "diabetic_lumbosacral_radiculoplexus_neuropathy",
    ),
    ("burning and numbness in both feet for years, worse at night, I'm diabetic", 60, "male", "peripheral_polyneuropathy"),
    (
        "My shoulders and hips are stiff and painful every morning for over an hour, I'm 72, I can't lift my arms to comb my hair",
        72,
        "female",
        "polymyalgia_rheumatica",
    ),
    ("rash on my eyelids and knuckles, weak thighs and shoulders", 50, "female", "dermatomyositis"),
    ("I'm 70, my fingers are weak and I trip over, thigh muscles wasting, slowly over 5 years", 70, "male", "inclusion_body_myositis"),
    (
        "buttock pain on sitting, worse with crossing my legs, pain down the back of my thigh, back is fine",
        40,
        "female",
        "piriformis_syndrome",
    ),
    ("pain in the outside of my hip, can't lie on that side at night", 55, "female", "greater_trochanteric_pain_syndrome"),
    (
        "I'm 68, my legs ache and feel heavy when I walk and I have to stop, sitting down or leaning on a trolley helps",
        68,
        "male",
        "lumbar_spinal_stenosis",
    ),
    (
        "I'm 25 and my lower back is stiff for an hour every morning, gets better with exercise, wakes me in the second half of the night",
        25,
        "male",
        "axial_spondyloarthritis",
    ),
    ("severe pain in my side going to my groin, comes in waves, blood in my urine", 40, "male", "kidney_stone"),
    ("fever, pain in my side and back, burning when I pee", 30, "female", "pyelonephritis"),
    ("I've been on prednisolone for a year and my thighs are weak, hard to get out of a chair", 60, "female", "steroid_myopathy"),
    ("I'm always tired, cold, gaining weight and my thigh muscles ache and are weak", 45, "female", "hypothyroid_myopathy"),
    ("I hurt all over, tender points everywhere, tired, sleep badly, for years", 40, "female", "fibromyalgia"),
    (
        "I'm 55, the front of my left thigh is numb and weak and my knee gives way, I have diabetes",
        55,
        "male",
        "diabetic_lumbosacral_radiculoplexus_neuropathy",
    ),
    ("numbness and burning on the outside of my thigh, worse when I stand, since I put on weight", 45, "male", "meralgia_paresthetica"),
    ("my eyelids droop and I see double in the evening, my legs get tired with walking", 35, "female", "myasthenia_gravis"),
    ("had polio as a child, now my weak leg is getting weaker and I'm exhausted", 68, "female", "post_polio_syndrome"),
    ("I'm 82, I've lost weight and my legs are weak, I don't eat much", 82, "female", "cachexia_malnutrition"),
    ("my back hurts after gardening yesterday, no other problems", 45, "female", "nonspecific_lbp"),
    ("pain in my lower back for 6 months, worse bending, MRI showed a worn disc", 45, "male", "degenerative_disc_disease"),
    ("pain across my lower back worse when I lean back and twist, better sitting", 65, "female", "facet_arthropathy"),
    (
        "pain over my left sacroiliac joint, worse standing on one leg and turning in bed, after pregnancy",
        32,
        "female",
        "sacroiliac_joint_dysfunction",
    ),
    (
        "I'm 70 and my back pain came on suddenly when I bent to pick something up, I have osteoporosis",
        70,
        "female",
        "osteoporotic_compression_fracture",
    ),
    (
        "My legs are stiff and weak and I have electric shocks down my spine when I bend my neck, my hands are clumsy",
        60,
        "male",
        "cervical_spondylotic_myelopathy",
    ),
    (
        "I lost vision in one eye last year, now numbness in my legs and a band around my belly, and I'm more tired in the heat",
        30,
        "female",
        "multiple_sclerosis",
    ),
]


@pytest.mark.parametrize(("text", "age", "sex", "condition"), STORIES)
def test_condition_in_top_three(text: str, age: int, sex: str, condition: str) -> None:
    a = assess_text(text, age=age, sex=sex)  # type: ignore[arg-type]
    top3 = [c.condition.id for c in a.differential[:3]]
    assert condition in top3, top3


def test_most_lead() -> None:
    hits = sum(assess_text(t, age=a, sex=s).differential[0].condition.id == c for t, a, s, c in STORIES)  # type: ignore[arg-type]
    assert hits >= 0.85 * len(STORIES)


#: Weakness and wasting as people describe them on forums and ask-a-doctor sites, with the findings (and the
#: side, where one is named) that must be read. Paraphrased, never copied; the comment names the kind of source.
FORUM_FINDINGS = [
    # paraphrased from foot-drop patient information and sciatica forum threads (slapping, catching, tripping)
    ("my right foot slaps the floor when I walk", {"foot_drop"}, "right"),
    ("my toes keep catching on the ground and I trip over my own foot", {"foot_drop"}, None),
    ("I have to lift my knee really high so my foot doesn't drag", {"foot_drop"}, None),
    ("I can't walk on my heels on the left and my foot flops", {"foot_drop"}, "left"),
    ("I keep stubbing my toes on the stairs because my left foot won't lift", {"foot_drop"}, "left"),
    ("my foot drags when I'm tired and I catch my toe on the kerb", {"foot_drop"}, None),
    ("my ankle flops and I can't lift the front of my foot", {"foot_drop"}, None),
    ("my right foot feels floppy and my shoe keeps coming off", {"foot_drop"}, "right"),
    # weakness below the knee named by the foot or ankle, and "it" for the foot named a sentence earlier
    ("My left foot has gone weak.", {"leg_weakness"}, "left"),
    ("my ankles are getting weaker", {"leg_weakness"}, "both"),
    ("My foot has gone badly weak. I can't lift the front of it up at all.", {"leg_weakness", "weak_ankle_dorsiflexion"}, None),
    # wasting and weakness as an older person or someone just out of a cast says it
    ("Just got out of a cast after 7 weeks for a broken ankle.", {"recent_immobilisation"}, None),
    ("My thigh on that side is about half the size of the other leg", {"thigh_atrophy"}, None),
    ("my legs look like sticks compared to before", {"muscle_atrophy"}, None),
    ("I need to push with my arms to get out of my chair", {"proximal_leg_weakness"}, None),
    ("I walk much slower and I just feel feeble", {"slow_gait_speed", "generalized_weakness"}, None),
    ("Appetite isn't what it was.", {"poor_appetite"}, None),
    ("I'm shocked how weak I am, my legs shake after a few stairs", {"generalized_weakness", "leg_weakness"}, None),
    # held-out set E (not held out for these now): second-language English, third person, fatigable weakness
    ("I cannot stand up from low chair without push with my hands, stairs very hard", {"proximal_leg_weakness"}, None),
    ("Sometimes I have small problem to swallow bread. It is more bad every week.", {"dysphagia", "progressive_weakness"}, None),
    ("when she lies flat on the bed her back is completely straight", {"bent_spine_reducible"}, None),
    (
        "By the afternoon my legs feel like lead, after a rest they come back. In the evenings things go double.",
        {"leg_weakness", "fatigable_weakness", "diplopia"},
        None,
    ),
    (
        "The worst thing is sitting, long drives are a nightmare. Lying flat helps and sneezing catches it.",
        {"pain_worse_sitting", "pain_eased_lying_down", "pain_worse_cough_sneeze"},
        None,
    ),
    (
        "My daughter says I've become very stooped and I bend further and further forward when I walk",
        {"height_loss_kyphosis", "bent_spine_reducible"},
        None,
    ),
    # weakness that goes back to the teenage years, said as trouble or not keeping up
    ("Since my teens I've had trouble climbing stairs", {"weakness_since_youth"}, None),
    ("I've never been able to keep up with my mates running", {"weakness_since_youth"}, None),
    ("Always been rubbish at running and my calves are massive", {"weakness_since_youth", "calf_pseudohypertrophy"}, None),
    # paraphrased from sciatica forum threads about a buttock, thigh or calf shrinking
    ("one of my bum cheeks looks flatter than the other since the sciatica started", {"gluteal_atrophy"}, None),
    ("my right bum cheek has shrunk and is flatter than the left", {"gluteal_atrophy"}, "right"),
    ("my right glute has shrunk and I limp", {"gluteal_atrophy"}, "right"),
    ("my trousers are looser on my right leg, the thigh has shrunk", {"thigh_atrophy"}, "right"),
    ("my left thigh is thinner than my right now, the muscle has gone", {"thigh_atrophy"}, "left"),
    ("the muscle on the front of my thigh has wasted away and my knee buckles", {"thigh_atrophy", "weak_knee_extension"}, None),
    ("my left calf is noticeably smaller than my right", {"calf_atrophy"}, "left"),
    ("my calf has shrunk since the disc problem", {"calf_atrophy"}, None),
    ("my left leg has got thinner, you can see the difference in the mirror", {"muscle_atrophy"}, None),
    ("my buttock on the right side has lost its shape and feels weak", {"gluteal_atrophy"}, "right"),
    # paraphrased from Q&A pages about legs giving way and stairs
    (
        "I need to pull myself up the stairs on the banister and can't get up off the sofa without pushing with my arms",
        {"proximal_leg_weakness"},
        None,
    ),
    ("I struggle to get out of a low chair and need my arms to push up", {"proximal_leg_weakness"}, None),
    ("I can't go up stairs without holding the rail, my legs feel like jelly", {"proximal_leg_weakness"}, None),
    ("my leg gave way going down the stairs and I fell", {"leg_weakness", "falls"}, None),
    ("my thigh feels weak and my knee keeps giving out", {"weak_knee_extension"}, None),
    ("my leg keeps buckling under me", {"leg_weakness"}, None),
    ("I can't stand on tiptoe on my left side", {"weak_ankle_plantarflexion"}, "left"),
    ("I can't push off with my right foot when walking", {"weak_ankle_plantarflexion"}, "right"),
    ("I can't get up off the floor without climbing up my legs", {"proximal_leg_weakness"}, None),
    # paraphrased from back-pain forum posts about night pain, weight loss and how long it has lasted
    ("pain in my back every night, it wakes me at 3am", {"night_pain"}, None),
    ("lost 2 stone without trying in 3 months", {"weight_loss"}, None),
    ("my back has been bad since Christmas", {"low_back_pain"}, None),
    ("my lower back has been bad on and off for years", {"low_back_pain", "relapsing_course"}, None),
    ("back pain on and off for years but this last month it's been much worse", {"low_back_pain", "relapsing_course"}, None),
]


@pytest.mark.parametrize(("text", "findings", "side"), FORUM_FINDINGS)
def test_forum_wordings_of_weakness_and_wasting_are_read(text: str, findings: set[str], side: str | None) -> None:
    from lumbus.intake.text import read_text

    evidence = {e.finding: e for e in read_text(text).evidence if e.present}
    assert findings <= set(evidence), (text, findings - set(evidence))
    if side:
        assert all(evidence[f].side == side for f in findings if f in evidence and evidence[f].side), (text, side)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("sciatica for 3 weeks", 21),
        ("back pain that wakes me up at night for two months", 60.8),
        ("lost 2 stone without trying in 3 months", 91.2),
        ("my lower back has been bad on and off for years", 730),
    ],
)
def test_forum_wordings_of_time_are_read(text: str, days: float) -> None:
    from lumbus.intake.text import read_text

    assert read_text(text).duration_days == pytest.approx(days), text
