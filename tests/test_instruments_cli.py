"""`lumbus score`, `lumbus questionnaire` and instruments in case files, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from test_cli import lumbus


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data) if path.suffix == ".json" else yaml.safe_dump(data))
    return path


def test_score_json_and_bad_answer_exit_2(tmp_path: Path) -> None:
    good = _write(tmp_path / "a.json", {"strength": 1, "assistance_walking": 0, "rise_from_chair": 1, "climb_stairs": 2, "falls": 0})
    r = lumbus("score", "sarc_f", str(good), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["scores"][0]["value"] == 4 and out["scores"][0]["band"] == "positive"
    bad = _write(tmp_path / "b.json", {"strength": 7, "assistance_walking": 0, "rise_from_chair": 1, "climb_stairs": 2, "falls": 0})
    r = lumbus("score", "sarc_f", str(bad))
    assert r.returncode == 2
    assert "'strength'" in r.stderr and "out of range" in r.stderr


def test_score_asks_interactively() -> None:
    r = lumbus("score", "sarc_f", "--format", "json", stdin="1\n0\n1\n2\n0\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["scores"][0]["value"] == 4


def test_score_asks_for_the_sex_and_measurements_and_asks_again_after_a_bad_one() -> None:
    # sex, then SARC-F total (skipped), grip (a bad answer first), chair stand, ASM, ASM/h² (skipped), gait speed, rest skipped
    r = lumbus("score", "ewgsop2", "--format", "json", stdin="female\n\nstrong\n14\n\n\n\n0.6\n\n\n\n")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["sex"] == "female" and out["outcome"]["id"] == "severe_unconfirmed"
    assert "'grip_kg'" in r.stderr and "not a number" in r.stderr


def test_questionnaire_list_and_export() -> None:
    r = lumbus("questionnaire", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "sarc_f" in {row["id"] for row in json.loads(r.stdout)}
    r = lumbus("questionnaire", "export", "sarc_f", "--fhir")
    assert r.returncode == 0, r.stderr
    q = json.loads(r.stdout)
    assert q["resourceType"] == "Questionnaire" and len(q["item"]) == 5


def test_score_reads_a_fhir_response_and_refuses_another_questionnaire(tmp_path: Path) -> None:
    items = [{"linkId": "pain", "answer": [{"valueCoding": {"code": "7"}}]}]
    qr = {"resourceType": "QuestionnaireResponse", "id": "r1", "status": "completed", "item": items}
    own = _write(tmp_path / "qr.json", qr | {"questionnaire": "https://lumbus.example/fhir/Questionnaire/pain-nrs"})
    r = lumbus("score", "pain_nrs", str(own), "--fhir")
    assert r.returncode == 0, r.stderr
    obs = json.loads(r.stdout)
    assert obs["code"]["coding"][0] == {"system": "http://loinc.org", "code": "72514-3", "display": "Pain (NRS)"}
    assert obs["valueQuantity"]["value"] == 7 and obs["derivedFrom"] == [{"reference": "QuestionnaireResponse/r1"}]
    other = _write(tmp_path / "other.json", qr | {"questionnaire": "https://lumbus.example/fhir/Questionnaire/sarc-f"})
    r = lumbus("score", "pain_nrs", str(other))
    assert r.returncode == 2 and "sarc-f" in r.stderr
    r = lumbus("score", "pain_nrs", str(_write(tmp_path / "obs.json", {"resourceType": "Observation"})))
    assert r.returncode == 2 and "not a QuestionnaireResponse" in r.stderr


def test_severe_sarcopenia_case_puts_sarcopenia_first(tmp_path: Path) -> None:
    case = {
        "sex": "female",
        "instruments": [{"instrument": "ewgsop2", "answers": {"sarc_f_total": 5, "grip_kg": 14, "gait_speed_m_s": 0.6}}],
    }
    r = lumbus("assess", str(_write(tmp_path / "case.yaml", case)), "--format", "json")
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["differential"][0]["condition"]["id"] == "sarcopenia"
    assert a["atrophy_type"]["label"] == "sarcopenia"


def test_start_back_high_risk_and_mrc_grades_change_the_assessment(tmp_path: Path) -> None:
    agree = ["leg_pain", "activity_unsafe", "worrying_thoughts", "catastrophising", "low_mood"]
    start = {q: "agree" for q in agree} | {q: "disagree" for q in ["shoulder_neck_pain", "short_distances", "dressing_slowly"]}
    case = {
        "age": 45,
        "present": ["low_back_pain"],
        "instruments": [
            {"instrument": "start_back", "answers": start | {"bothersomeness": "slightly"}},
            {"instrument": "mrc_lower_limb", "answers": {"ankle_dorsiflexion_left": 3, "great_toe_extension_left": 3}},
        ],
    }
    r = lumbus("assess", str(_write(tmp_path / "case.json", case)), "--format", "json")
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["care_plan"][0]["finding"] == "startback_high_risk" and a["care_plan"][0]["condition"] is None
    assert a["localization"]["root_levels"][0] == {
        "level": "L5",
        "side": "left",
        "probability": a["localization"]["root_levels"][0]["probability"],
    }
    case["instruments"][0]["answers"]["leg_pain"] = 7  # type: ignore[index]
    r = lumbus("assess", str(_write(tmp_path / "bad.json", case)), "--format", "json")
    assert r.returncode == 2 and "instruments[0]" in r.stderr and "'leg_pain'" in r.stderr


def test_case_file_instruments_put_sarcopenia_first(tmp_path: Path) -> None:
    case = {
        "age": 78,
        "sex": "female",
        "instruments": [
            {
                "instrument": "sarc_f",
                "answers": {"strength": 2, "assistance_walking": 1, "rise_from_chair": 1, "climb_stairs": 1, "falls": 0},
            }
        ],
    }
    r = lumbus("assess", str(_write(tmp_path / "case.yaml", case)), "--format", "json")
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["differential"][0]["condition"]["id"] == "sarcopenia"
    assert {"finding": "sarc_f_positive", "source": "instrument"}.items() <= next(
        e for e in a["evidence"] if e["finding"] == "sarc_f_positive"
    ).items()


def test_score_against_a_baseline_says_whether_the_change_matters(tmp_path: Path) -> None:
    sections = (
        "pain_intensity",
        "personal_care",
        "lifting",
        "walking",
        "sitting",
        "standing",
        "sleeping",
        "sex_life",
        "social_life",
        "travelling",
    )
    before = _write(tmp_path / "before.json", dict.fromkeys(sections, 3))  # 60%
    after = _write(tmp_path / "after.json", dict.fromkeys(sections, 2))  # 40%
    r = lumbus("score", "odi", str(after), "--baseline", str(before), "--format", "json")
    assert r.returncode == 0, r.stderr
    change = json.loads(r.stdout)["change"]
    assert (change["baseline"], change["follow_up"], change["verdict"]) == (60, 40, "improvement")
    r = lumbus("score", "sarc_f", str(after), "--baseline", str(before))
    assert r.returncode == 2 and "unknown item 'pain_intensity'" in r.stderr
