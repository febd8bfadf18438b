"""The localisation vignettes of clinical-notes §7.8 (L1-L8), each as structured findings through the engine."""

from __future__ import annotations

import pytest

from lumbus.assessment import Assessment
from lumbus.case import Case, Evidence
from lumbus.reasoning.engine import assess


def _case(*present: str, absent: tuple[str, ...] = (), age: int = 50, days: float | None = None) -> Assessment:
    evidence = [Evidence(finding=f) for f in present] + [Evidence(finding=f, present=False) for f in absent]
    return assess(Case(age=age, duration_days=days, evidence=evidence))


def _top(a: Assessment, k: int = 1) -> list[str]:
    return [d.condition.id for d in a.differential[:k]]


def test_l1_foot_drop_with_weak_inversion_and_hip_abduction_is_an_l5_root() -> None:
    a = _case(
        "foot_drop",
        "weak_ankle_inversion",
        "weak_hip_abduction",
        "reduced_medial_hamstring_reflex",
        "ncs_low_cmap_normal_snap",
        "emg_paraspinal_denervation",
        age=45,
    )
    assert _top(a) == ["disc_herniation_l5"]
    assert a.localization.lesion_site == "root" and a.localization.root_levels[0].level == "L5"


def test_l2_foot_drop_with_inversion_and_hip_abduction_spared_is_a_peroneal_neuropathy() -> None:
    a = _case(
        "foot_drop",
        "numbness_l5_dermatome",  # sensory loss over the top of the foot
        absent=("weak_ankle_inversion", "weak_hip_abduction", "reduced_ankle_reflex", "reduced_knee_reflex"),
        age=45,
    )
    assert _top(a) == ["common_peroneal_neuropathy"]
    assert "disc_herniation_l5" in _top(a, 2)  # the alternative an EMG separates


def test_l3_diabetic_thigh_pain_and_wasting_with_a_plexus_emg_is_dlrpn() -> None:
    a = _case(
        "diabetes",
        "weight_loss",
        "anterior_thigh_pain",
        "thigh_atrophy",
        "reduced_knee_reflex",
        "emg_plexopathy_pattern",
        "emg_paraspinal_normal",
        age=62,
    )
    assert _top(a) == ["diabetic_lumbosacral_radiculoplexus_neuropathy"]
    assert a.localization.lesion_site == "plexus"


def test_l4_symmetric_proximal_weakness_high_ck_and_myopathic_emg_is_a_myopathy() -> None:
    a = _case("proximal_leg_weakness", "ck_markedly_elevated", "emg_myopathic", absent=("asymmetric_weakness",))
    assert a.localization.lesion_site == "muscle" and a.atrophy_type.label == "myopathic"
    assert set(_top(a, 3)) <= {"immune_mediated_necrotizing_myopathy", "polymyositis", "dermatomyositis", "statin_myopathy"}
    assert {"myositis_antibodies", "muscle_biopsy"} <= {w.test.id for w in a.workup}


def test_l5_fasciculations_wasting_and_upper_motor_neuron_signs_with_normal_sensation_is_als() -> None:
    a = _case("fasciculations", "muscle_atrophy", "upper_motor_neuron_signs", "normal_sensation", age=60)
    assert _top(a) == ["als_motor_neuron_disease"]
    assert a.localization.lesion_site == "anterior_horn_cell"


def test_l6_slow_proximal_weakness_areflexia_normal_sensation_and_mild_ck_rise_tests_smn1() -> None:
    a = _case("proximal_leg_weakness", "areflexia", "normal_sensation", "ck_elevated", age=38, days=5 * 365)
    assert _top(a) == ["adult_spinal_muscular_atrophy"]
    assert "smn1_genetic_test" in {w.test.id for w in a.workup}


def test_l7_reducible_trunk_flexion_with_paraspinal_fat_is_camptocormia() -> None:
    a = _case("bent_spine_reducible", "paraspinal_fatty_replacement", age=72)
    assert _top(a) == ["camptocormia_axial_myopathy"]
    assert a.localization.lesion_site == "muscle"


@pytest.mark.parametrize("days", [5, 10])
def test_l8_early_paraspinal_fibrillations_point_to_a_root(days: int) -> None:
    a = _case("emg_paraspinal_denervation", days=days)
    assert a.localization.lesion_site == "root"
    assert all(d.condition.id.startswith("disc_herniation") for d in a.differential[:3])
