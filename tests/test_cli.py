"""The `lumbus` command as a user runs it: a real subprocess, real exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ORIGIN = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my "
    "right leg hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)
CONTRACT_KEYS = {
    "kb_version",
    "differential",
    "atrophy_type",
    "localization",
    "triage",
    "specialist",
    "workup",
    "care_plan",
    "evidence",
    "disclaimer",
}


def lumbus(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lumbus.cli", *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_assess_text_json_contract() -> None:
    r = lumbus("assess", "--text", ORIGIN, "--age", "30", "--sex", "female", "--format", "json")
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert set(a) >= CONTRACT_KEYS
    top3 = [d["condition"]["id"] for d in a["differential"][:3]]
    assert "disc_herniation_s1" in top3
    d0 = a["differential"][0]
    assert {"id", "name", "icd10", "snomed"} <= set(d0["condition"])
    assert d0["supporting"], "the top condition must say why"
    assert a["atrophy_type"]["label"] == "neurogenic"
    assert a["localization"]["root_levels"][0]["level"] in ("S1", "L5")
    assert a["localization"]["root_levels"][0]["side"] == "right"
    assert a["triage"]["level"] in ("routine", "soon")
    assert a["triage"]["reasons"]
    assert any(w["test"]["id"] == "emg_ncs" for w in a["workup"])
    assert a["specialist"]["id"] == "neurologist"
    assert a["disclaimer"]
    spans = [e["span"] for e in a["evidence"] if e["span"]]
    assert spans and all(ORIGIN[s["start"] : s["end"]] == s["text"] for s in spans)


def test_assess_text_rendering_puts_urgency_first() -> None:
    r = lumbus("assess", "--text", "I suddenly can't pee and the skin around my bottom is numb, my back is killing me")
    assert r.returncode == 0, r.stderr
    first = r.stdout.strip().splitlines()[0]
    assert "EMERGENCY" in first
    assert "emergency department" in r.stdout.lower()


def test_case_file(tmp_path: Path) -> None:
    f = tmp_path / "case.yaml"
    f.write_text("age: 58\nsex: male\npresent: [leg_weakness, foot_drop]\nabsent: [low_back_pain]\n")
    r = lumbus("assess", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    ev = {e["finding"]: e["present"] for e in json.loads(r.stdout)["evidence"]}
    assert ev["foot_drop"] is True and ev["low_back_pain"] is False


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["--format", "json"], '{"age": 30, "present": [', "malformed JSON at line 1"),
        (["--format", "json"], '{"age": 30, "present": ["not_a_finding"]}', "unknown finding id 'not_a_finding'"),
        (["--format", "json"], '{"age": 130}', "age"),
        (["--format", "json"], '{"present": ["fever"], "absent": ["fever"]}', "contradictory"),
        (["--format", "json"], '{"text": "   "}', "text: is empty"),
        (["--format", "json"], "[1, 2]", "a case must be an object"),
    ],
)
def test_bad_case_file_exits_2(tmp_path: Path, args: list[str], content: str, message: str) -> None:
    f = tmp_path / "case.json"
    f.write_text(content)
    r = lumbus("assess", str(f), *args)
    assert r.returncode == 2
    assert message in r.stderr
    assert r.stdout == ""


def test_bad_flags_exit_2() -> None:
    assert "--age must be between 0 and 120" in lumbus("assess", "--text", "back pain", "--age", "130").stderr
    assert lumbus("assess", "--text", "back pain", "--sex", "other").returncode == 2
    assert lumbus("assess", "--text", "").returncode == 2
    big = lumbus("assess", "--text-file", "-", stdin="my back hurts " * 80_000)
    assert big.returncode == 2 and "limit" in big.stderr


def test_batch_reports_bad_lines_and_keeps_good_ones() -> None:
    lines = [
        json.dumps({"id": "a", "text": ORIGIN, "age": 30, "sex": "female"}),
        '{"id": "b", "age": 40, "present": [',
        json.dumps({"id": "c", "age": 70, "present": ["low_back_pain", "fever", "spinal_tenderness"]}),
        json.dumps({"id": "d", "present": ["unicorn_horn"]}),
    ]
    r = lumbus("assess", "--batch", "-", stdin="\n".join(lines) + "\n")
    assert r.returncode == 2
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "c", "d"]
    assert set(out[0]) >= CONTRACT_KEYS and set(out[2]) >= CONTRACT_KEYS
    assert out[1]["line"] == 2 and "malformed JSON" in out[1]["error"]
    assert out[3]["line"] == 4
    assert "line 2:" in r.stderr and "line 4:" in r.stderr
    assert out[2]["triage"]["level"] in ("urgent", "emergency")


def test_kb_commands() -> None:
    r = lumbus("kb", "stats", "--format", "json")
    assert r.returncode == 0
    s = json.loads(r.stdout)
    assert s["cited_or_estimate_share"] == 1.0
    assert lumbus("kb", "check").returncode == 0
