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


def test_questionnaire_list_and_export() -> None:
    r = lumbus("questionnaire", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "sarc_f" in {row["id"] for row in json.loads(r.stdout)}
    r = lumbus("questionnaire", "export", "sarc_f", "--fhir")
    assert r.returncode == 0, r.stderr
    q = json.loads(r.stdout)
    assert q["resourceType"] == "Questionnaire" and len(q["item"]) == 5


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
