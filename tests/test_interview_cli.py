"""``lumbus interview`` driven through a real terminal (pexpect): words, corrections, back, why, save, resume, result."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect

WORDS = "my right buttock is shrinking and my leg hurts"
TIMEOUT = 60


def _spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "120", "LINES": "40", "NO_COLOR": "1"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "lumbus.cli", "interview", *args],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def _question(child: pexpect.spawn) -> str:
    """The text of the next question shown (the first one in the output not yet read)."""
    child.expect(r"Question \d+: ([^\r\n]+)")
    return str(child.match.group(1))


def test_terminal_interview_back_why_save_and_resume(tmp_path: Path) -> None:
    save, out = tmp_path / "iv.json", tmp_path / "assessment.json"
    child = _spawn(tmp_path, "--age", "30", "--sex", "female", "--save", str(save), "--json-out", str(out))
    child.expect("in your own words")
    child.sendline(WORDS)
    child.expect("This is what I understood")
    child.expect("press Enter if it is right")
    understood = dict(re.findall(r"(?m)^\s+(\d+)\. ([^\r\n]+)", str(child.before)))
    assert "buttock muscle wasting (right)" in understood.values()
    leg = next(n for n, text in understood.items() if text.startswith("pain radiating down the leg"))
    child.sendline("99")
    child.expect(f"please type numbers from 1 to {len(understood)}")
    child.sendline(leg)
    child.expect(f"Changed {leg} to: no pain radiating down the leg")
    first = _question(child)
    child.expect("b back")
    child.sendline("d")
    second = _question(child)
    assert second != first
    child.sendline("b")
    assert _question(child) == first, "b goes back to the previous question"
    child.sendline("?")
    child.expect("I'm asking because")
    child.sendline("maybe")
    child.expect("please answer with")
    child.sendline("d")
    child.expect("Question 2: " + re.escape(second))
    child.sendline("d")
    third = _question(child)
    child.sendline("s")
    child.expect("Saved to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    state = json.loads(save.read_text())
    assert len(state["answers"]) == 2

    child = _spawn(tmp_path, "--resume", str(save), "--json-out", str(out))
    child.expect(r"Question 3: ")
    child.expect(re.escape(third))
    for _ in range(30):
        child.sendline("d")
        if child.expect([r"Question \d+: ", "What it could be"]) == 1:
            break
    else:
        raise AssertionError("the interview did not end within its budget")
    child.expect("Assessment written to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    a = json.loads(out.read_text())
    assert a["kb_version"] == state["kb_version"] and a["triage"]["level"] and a["differential"]
    evidence = {e["finding"]: e for e in a["evidence"]}
    assert evidence["gluteal_atrophy"]["side"] == "right" and evidence["gluteal_atrophy"]["source"] == "text"
    assert evidence["radiating_leg_pain"]["present"] is False, "the correction made at the start holds to the end"


def _lumbus(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lumbus.cli", "interview", *args], cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def test_damaged_or_foreign_resume_file_exits_2_and_is_kept(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "lumbus-interview/1", "kb_ver')
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "lumbus-interview/1", "kb_version": "0.0.1", "case": {}, "answers": []}))
    for f, message in ((damaged, "malformed JSON"), (other, "knowledge base '0.0.1'"), (tmp_path / "missing.json", "no such file")):
        before = f.read_text() if f.exists() else None
        r = _lumbus(tmp_path, "--resume", str(f))
        assert r.returncode == 2 and message in " ".join(r.stderr.split()), r.stderr
        assert (f.read_text() if f.exists() else None) == before


def test_scripted_answers_and_bad_answers(tmp_path: Path) -> None:
    save = tmp_path / "iv.json"
    r = _lumbus(tmp_path, "--age", "45", "--sex", "male", "--save", str(save), "--answer", "duration_weeks=3")
    assert r.returncode == 0, r.stderr
    nxt = json.loads(r.stdout)["next_question"]
    kept = save.read_text()
    bad_value = "[1, 2]" if nxt["kind"] == "yes_no" else '"maybe"'
    for answer, message in (
        ("fever=yes", "was not asked"),
        (f"{nxt['id']}={bad_value}", "must be"),
    ):
        r = _lumbus(tmp_path, "--resume", str(save), "--answer", answer)
        assert r.returncode == 2 and message in r.stderr, r.stderr
        assert save.read_text() == kept, "a refused answer leaves the saved interview as it was"
    r = _lumbus(tmp_path, "--resume", str(save), "--answer", f'{nxt["id"]}="dont_know"')
    assert r.returncode == 0 and json.loads(save.read_text())["answers"][-1]["value"] == "dont_know"
    assert _lumbus(tmp_path, "--sex", "other").returncode == 2


def test_fhir_out_writes_the_bundle_with_the_answers(tmp_path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    out = tmp_path / "bundle.json"
    words = "both my legs went weak yesterday and I can't pee"
    r = subprocess.run(
        [sys.executable, "-m", "lumbus.cli", "interview", "--text", words, "--age", "50", "--fhir-out", str(out)],
        input="\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    bundle = Bundle.model_validate_json(out.read_text())
    risk = next(e.resource for e in bundle.entry if e.resource.__resource_type__ == "RiskAssessment")
    assert risk.method.coding[0].code == "emergency"
