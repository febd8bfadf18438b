"""Measurement kinds and the evidence their latest values give, all read from the instrument files."""

from __future__ import annotations

import pytest

from lumbus.instruments.measures import Latest, check_measurement, evidence_entries, measure_kinds, mrc_sites
from lumbus.instruments.scoring import AnswerError, get_instrument


def test_kinds_take_units_ranges_and_mcids_from_the_instruments() -> None:
    kinds = measure_kinds()
    assert {"oswestry", "pain_nrs", "rmdq", "sarc_f", "sppb", "mrc", "grip_strength", "thigh_girth", "calf_girth"} <= set(kinds)
    odi = get_instrument("oswestry").primary_score
    assert odi is not None and kinds["oswestry"].change == odi.change and kinds["oswestry"].unit == "%"
    assert (kinds["rmdq"].low, kinds["rmdq"].high) == (0, 24)
    assert kinds["mrc"].allowed == (0, 1, 2, 3, 4, 5)
    assert "ankle_dorsiflexion" in mrc_sites() and "hip_extension" in mrc_sites()


@pytest.mark.parametrize(
    ("kind", "value", "site", "side", "message"),
    [
        ("mrc", 7, "hip_flexion", "left", "7 is not an MRC grade"),
        ("mrc", 4.5, "hip_flexion", "left", "not an MRC grade"),
        ("mrc", 4, None, "left", "muscle group"),
        ("grip_strength", 30, None, None, "needs side"),
        ("oswestry", 40, None, "left", "has no side"),
        ("oswestry", 101, None, None, "out of range"),
        ("thigh_girth", 3, None, "left", "out of range"),
        ("odi", 40, None, None, "unknown measurement kind 'odi'"),
    ],
)
def test_impossible_measurements_are_named(kind: str, value: float, site: str | None, side: str | None, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        check_measurement(kind, value, site=site, side=side)


def test_latest_values_become_instrument_entries() -> None:
    latest = [
        Latest("mrc", "hip_flexion", "left", 3),
        Latest("grip_strength", None, "left", 14),
        Latest("grip_strength", None, "right", 19),
        Latest("sarc_f", None, None, 5),
        Latest("oswestry", None, None, 40),
    ]
    entries = evidence_entries(latest, sex="female")
    assert entries == [
        {"instrument": "mrc_lower_limb", "answers": {"hip_flexion_left": 3}},
        {"instrument": "ewgsop2", "answers": {"grip_kg": 19, "sarc_f_total": 5}, "sex": "female"},  # the better hand
    ]
    # without the sex the grip cut-off is unknown: grip is left out, not guessed
    assert evidence_entries(latest, sex=None)[1] == {"instrument": "ewgsop2", "answers": {"sarc_f_total": 5}}
