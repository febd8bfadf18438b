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
