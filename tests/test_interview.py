"""The adaptive interview engine: order (red flags first), information gain, skipping, state and errors."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lumbus.case import Case, Evidence
from lumbus.knowledge.compiled import CompiledKB, compile_kb
from lumbus.knowledge.loader import load_from
from lumbus.reasoning.differential import posterior
from lumbus.reasoning.evidence import expand
from lumbus.reasoning.interview import (
    DONT_KNOW,
    Interview,
    InterviewError,
    Question,
    confirmed_if_yes,
    expected_gain,
    red_flag_if_yes,
    theme_gain,
)
from lumbus.reasoning.triage import fired_rules


def _case(*present: str, absent: tuple[str, ...] = (), age: int | None = 45, sex: str | None = "male", weeks: float | None = 6) -> Case:
    ev = [Evidence(finding=f, source="text") for f in present] + [Evidence(finding=f, present=False, source="text") for f in absent]
    return Case(age=age, sex=sex, evidence=ev, duration_days=None if weeks is None else weeks * 7, text="(words)")  # type: ignore[arg-type]


def _run(iv: Interview, answer: str = DONT_KNOW, limit: int = 60) -> list[Question]:
    asked = []
    while (q := iv.next_question()) is not None and len(asked) < limit:
        asked.append(q)
        if q.kind == "number":
            iv.answer(q.id, DONT_KNOW)
        elif q.kind == "multiple":
            iv.answer(q.id, {o.id: answer for o in q.options})
        else:
            iv.answer(q.id, answer if q.kind == "yes_no" else DONT_KNOW)
    return asked


def test_expected_gain_matches_the_posterior_after_each_answer(ckb: CompiledKB) -> None:
    """The vectorised yes/no posteriors equal a full posterior with the finding added (findings that neither
    imply nor are implied by another, so that the answer adds nothing else)."""
    case = _case("low_back_pain", "radiating_leg_pain")
    ev = expand(case, ckb)
    post = posterior(ckb, ev)
    known = set(ev.present.tolist()) | set(ev.absent.tolist())
    cands = np.array(
        [i for i in range(len(ckb.finding_ids)) if not ckb.implies[i] and not ckb.implied_by[i] and i not in known], dtype=np.int64
    )
    s = expected_gain(ckb, ev, post, cands, 0, 0.0)
    for k, f in enumerate(cands):
        for present, got in ((True, s.post_yes[:, k]), (False, s.post_no[:, k])):
            extra = Evidence(finding=ckb.finding_ids[f], present=present)
            want = posterior(ckb, expand(case.model_copy(update={"evidence": [*case.evidence, extra]}), ckb))
            np.testing.assert_allclose(got, want, atol=1e-9)
    h = lambda p: float(-(p * np.log(np.clip(p, 1e-300, 1))).sum())  # noqa: E731
    k = int(np.argmax(s.score))
    direct = h(post) - s.p_yes[k] * h(s.post_yes[:, k]) - (1 - s.p_yes[k]) * h(s.post_no[:, k])
    assert s.score[k] == pytest.approx(direct) and s.score[k] > 0


def test_a_multiple_choice_question_is_worth_its_whole_answer(ckb: CompiledKB) -> None:
    """theme_gain is the entropy drop over every tick pattern, each pattern's posterior computed by the
    engine itself; it is at least the best single option's gain (the answer includes that option's)."""
    case = _case("leg_weakness", "proximal_leg_weakness", weeks=30)
    ev = expand(case, ckb)
    post = posterior(ckb, ev)
    options = ["ck_elevated", "crp_esr_raised", "low_vitamin_d"]
    members = np.array([ckb.finding_index[o] for o in options])
    s = expected_gain(ckb, ev, post, members, 0, 0.0)
    got = theme_gain(ckb, post, s, np.arange(len(members)), 0.0)
    h = lambda p: float(-(p * np.log(np.clip(p, 1e-300, 1))).sum())  # noqa: E731
    p = ckb.p[:, members]
    expected_after = 0.0
    for ticks in itertools.product((True, False), repeat=len(options)):
        like = np.prod(np.where(ticks, p, 1 - p), axis=1)
        p_pattern = float((post * like).sum())
        extra = [Evidence(finding=o, present=t) for o, t in zip(options, ticks, strict=True)]
        after = posterior(ckb, expand(case.model_copy(update={"evidence": [*case.evidence, *extra]}), ckb))
        expected_after += p_pattern * h(after)
    assert got == pytest.approx(h(post) - expected_after, rel=1e-6)
    assert got >= float(s.score.max()) > 0


def test_red_flag_screen_comes_first_and_says_why(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "leg_weakness"), ckb)
    asked = _run(iv)
    flags = [q.red_flag for q in asked]
    assert flags[0] and not any(flags[flags.index(False) :]), "every red-flag question precedes the others"
    bladder = next(q for q in asked if "saddle_anaesthesia" in q.findings)
    assert bladder.red_flag and "cauda equina" in bladder.rationale.lower()
    assert all(q.rationale.startswith("I'm asking") for q in asked if q.kind != "number")
    assert iv.screen_pending() == []


def test_case_questions_first_when_unknown(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", age=None, sex=None, weeks=None), ckb)
    q = iv.next_question()
    assert q is not None and q.id == "age" and q.kind == "number"
    iv.answer("age", 72)
    q = iv.next_question()
    assert q is not None and q.id == "sex" and [o.id for o in q.options] == ["female", "male"]
    iv.answer("sex", "female")
    q = iv.next_question()
    assert q is not None and q.id == "duration_weeks"
    iv.answer("duration_weeks", 2)
    c = iv.case()
    assert (c.age, c.sex, c.duration_days) == (72, "female", 14.0)


def test_dont_know_is_not_no(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "leg_weakness"), ckb)
    q = iv.next_question()
    assert q is not None
    iv.answer(q.id, DONT_KNOW if q.kind != "multiple" else {o.id: DONT_KNOW for o in q.options})
    assert {e.finding for e in iv.case().evidence} == {"low_back_pain", "leg_weakness"}
    assert q.id != (iv.next_question() or q).id, "a question answered 'don't know' is not asked again"
    assert not (set(q.findings) & {f for x in _run(iv) for f in x.findings})


def test_no_to_leg_weakness_skips_which_movements(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "radiating_leg_pain", absent=("leg_weakness",)), ckb)
    asked = {f for q in _run(iv, "no") for f in q.findings} | {q.id for q in _run(iv)}
    assert not asked & {"weak_movements", "foot_drop", "weak_ankle_dorsiflexion", "weak_knee_extension"}


def test_follow_up_only_after_yes(ckb: CompiledKB) -> None:
    """'Which movements are weak?' is a follow-up of leg weakness: never asked while it is unknown, asked once it is present."""
    movements = set(next(t for t in ckb.kb.interview.themes if t.id == "weak_movements").options)
    unknown = _run(Interview(_case("low_back_pain", "radiating_leg_pain"), ckb))
    assert not movements & {f for q in unknown for f in q.findings}
    weak = _run(Interview(_case("low_back_pain", "radiating_leg_pain", "leg_weakness"), ckb))
    assert "weak_movements" in [q.id for q in weak]


def test_sex_restricted_questions(ckb: CompiledKB) -> None:
    for sex, banned in (("male", "pregnancy_or_postpartum"), ("female", "gynaecomastia"), (None, "pregnancy_or_postpartum")):
        iv = Interview(_case("low_back_pain", "leg_weakness", "muscle_atrophy", sex=sex), ckb)
        assert banned not in {f for q in _run(iv, "no") for f in q.findings}


def test_emergency_stops_the_interview(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "urinary_retention", "saddle_anaesthesia"), ckb)
    assert iv.next_question() is None
    assert iv.assessment().triage.level == "emergency"
    with pytest.raises(InterviewError, match="the interview is over"):
        iv.answer("fever", "no")
    stop = iv.stop_reason()
    assert stop is not None and stop.code == "urgency" and "'emergency'" in stop.detail


def _answer_all(iv: Interview, yes_no: str) -> None:
    while (q := iv.next_question()) is not None:
        iv.answer(q.id, {"multiple": [], "single": DONT_KNOW, "number": DONT_KNOW}.get(q.kind, yes_no))


def _with_budget(ckb: CompiledKB, budget: int) -> CompiledKB:
    iv = ckb.kb.interview
    settings = iv.settings.model_copy(update={"budget": budget})
    return compile_kb(dataclasses.replace(ckb.kb, interview=iv.model_copy(update={"settings": settings})))


def test_stop_reasons_say_which_rule_stopped(ckb: CompiledKB) -> None:
    s = ckb.kb.interview.settings
    small_budget = _with_budget(ckb, 6)
    iv = Interview(_case("low_back_pain"), small_budget)
    assert iv.next_question() is not None and iv.stop_reason() is None  # still asking
    _answer_all(iv, "no")
    stop = iv.stop_reason()
    assert stop is not None and stop.code == "budget" and iv.questions_asked == 6 and "all 6 questions" in stop.detail
    iv.undo()  # taking an answer back resumes the questions
    assert iv.next_question() is not None and iv.stop_reason() is None
    settled = Interview(_case("low_back_pain"), ckb)
    _answer_all(settled, DONT_KNOW)
    stop = settled.stop_reason()
    assert stop is not None and stop.code == "settled" and f"stops at {s.top1_settled:g}" in stop.detail
    assert settled.questions_asked < s.budget


def test_a_yes_to_a_red_flag_raises_triage(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "leg_weakness"), ckb)
    while (q := iv.next_question()) is not None and "saddle_anaesthesia" not in q.findings:
        iv.answer(q.id, {o.id: "no" for o in q.options} if q.kind == "multiple" else "no")
    assert q is not None
    iv.answer(q.id, ["saddle_anaesthesia"])
    assert iv.assessment().triage.level == "emergency"
    assert iv.next_question() is None


def test_undo(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "leg_weakness"), ckb)
    first = iv.next_question()
    assert first is not None
    iv.answer(first.id, {o.id: "no" for o in first.options} if first.kind == "multiple" else "no")
    second = iv.next_question()
    assert iv.undo() is not None and iv.next_question() == first
    assert iv.undo() is None
    iv.answer(first.id, {o.id: "no" for o in first.options} if first.kind == "multiple" else "no")
    assert iv.next_question() == second


def test_state_round_trips_through_json(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "radiating_leg_pain", age=None), ckb)
    iv.answer("age", 51)
    for _ in range(4):
        q = iv.next_question()
        assert q is not None
        iv.answer(q.id, {o.id: "no" for o in q.options} if q.kind == "multiple" else "no" if q.kind == "yes_no" else DONT_KNOW)
    saved = json.loads(json.dumps(iv.to_json()))
    assert saved["kb_version"] == ckb.kb.meta.kb_version
    back = Interview.from_json(saved, ckb)
    assert back.next_question() == iv.next_question()
    assert back.assessment().model_dump() == iv.assessment().model_dump()


def test_bad_answers_are_clear_errors(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "leg_weakness", age=None), ckb)
    with pytest.raises(InterviewError, match="was not asked"):
        iv.answer("fever", "yes")
    with pytest.raises(InterviewError, match="must be a number"):
        iv.answer("age", "old")
    with pytest.raises(InterviewError, match="between 0 and 120"):
        iv.answer("age", 300)
    with pytest.raises(InterviewError, match="must be a number"):
        iv.answer("age", True)
    iv.answer("age", 40)
    q = iv.next_question()
    assert q is not None
    bad: object = "maybe" if q.kind == "yes_no" else ["not_an_option"]
    with pytest.raises(InterviewError):
        iv.answer(q.id, bad)  # type: ignore[arg-type]
    assert iv.questions_asked == 1


def test_contradicting_answer_is_refused(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", "foot_drop"), ckb)
    with pytest.raises(InterviewError, match="contradicts"):
        iv.correct("leg_weakness", False)


def test_resume_refuses_other_kb_version_and_damage(ckb: CompiledKB, min_ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", age=None), ckb)
    iv.answer("age", 30)
    saved = iv.to_json()
    with pytest.raises(InterviewError, match="knowledge base"):
        Interview.from_json(saved, min_ckb)
    with pytest.raises(InterviewError, match="not a saved interview"):
        Interview.from_json({"kb_version": saved["kb_version"], "answers": "x"}, ckb)
    damaged = {**saved, "answers": [{"question": "fever", "value": "yes"}]}
    with pytest.raises(InterviewError, match="damaged at answer 1"):
        Interview.from_json(damaged, ckb)


def test_corrections_to_what_was_understood(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain", absent=("leg_numbness",)), ckb)
    assert [(e.finding, e.present) for e in iv.understood()] == [("low_back_pain", True), ("leg_numbness", False)]
    iv.correct("leg_numbness", True)
    ev = {e.finding: e.present for e in iv.case().evidence}
    assert ev["leg_numbness"] is True
    assert "leg_numbness" not in {e.finding for e in iv.understood()}
    iv.correct("low_back_pain", None)
    assert "low_back_pain" not in {e.finding for e in iv.case().evidence}
    q = iv.next_question()
    assert q is not None
    iv.answer(q.id, DONT_KNOW)
    with pytest.raises(InterviewError, match="before the first question"):
        iv.correct("fever", True)


def test_minimal_kb_interview(kb_copy: Callable[[str, Callable[[dict[str, Any]], None]], Path]) -> None:
    """The screen comes from the rules: with y present, rule rf_xy (x and y, urgent) is one answer away,
    so after the case question x is asked, as a red flag, with a side."""

    def calm(data: dict[str, Any]) -> None:
        data["conditions"][1]["urgency"] = "soon"

    small = compile_kb(load_from(kb_copy("conditions/c.yaml", calm)))
    iv = Interview(Case(evidence=[Evidence(finding="y")]), small)
    q = iv.next_question()
    assert q is not None and q.id == "age"
    iv.answer("age", 40)
    q = iv.next_question()
    assert q is not None and q.id == "x" and q.red_flag and q.lateral
    assert "x with y" in q.rationale
    iv.answer("x", "left")
    assert iv.assessment().triage.level == "urgent"
    assert [(e.finding, e.side) for e in iv.case().evidence if e.finding == "x"] == [("x", "left")]


def test_compiled_kb_tables_are_per_kb(ckb: CompiledKB) -> None:
    other = compile_kb(ckb.kb)
    assert Interview(_case("low_back_pain"), other).next_question() == Interview(_case("low_back_pain"), ckb).next_question()


def test_red_flag_if_yes_matches_the_triage_rules(ckb: CompiledKB) -> None:
    """'Which rule would a yes newly fire' equals adding the finding and running the real red-flag evaluator."""
    for present in (
        ("low_back_pain", "leg_weakness"),
        ("thoracic_back_pain", "history_of_cancer"),
        ("low_back_pain", "fever", "foot_drop"),
    ):
        case = _case(*present, age=72)
        ev = expand(case, ckb)
        known = set(ev.present.tolist()) | set(ev.absent.tolist())
        cands = np.array([i for i in range(len(ckb.finding_ids)) if i not in known], dtype=np.int64)
        rank, _ = red_flag_if_yes(ckb, ev, cands)
        np.testing.assert_array_equal(confirmed_if_yes(ckb, ev, cands), rank)
        for k, f in enumerate(cands):
            with_yes = expand(case.model_copy(update={"evidence": [*case.evidence, Evidence(finding=ckb.finding_ids[f])]}), ckb)
            new = set(fired_rules(ckb, with_yes)) - set(fired_rules(ckb, ev))
            want = max((int(ckb.rule_urgency_rank[r]) for r in new), default=-1)
            assert rank[k] == want, ckb.finding_ids[f]


def test_theme_answers(kb_copy: Callable[[str, Callable[[dict[str, Any]], None]], Path]) -> None:
    """A ticked list makes the ticked options present and the others absent; a mapping leaves unknowns unknown;
    a finding for one sex is not asked of anyone else; nothing past the budget."""
    small = compile_kb(load_from(kb_copy("conditions/c.yaml", lambda d: d["conditions"][1].update(urgency="soon"))))
    for answer, want in ((["z"], {"y": False, "z": True}), ({"y": "no", "z": DONT_KNOW}, {"y": False})):
        iv = Interview(Case(age=40, evidence=[Evidence(finding="x", side="left", source="text")]), small)
        q = iv.next_question()
        assert q is not None and q.id == "yz" and q.kind == "multiple" and [o.id for o in q.options] == ["y", "z"]
        iv.answer("yz", answer)
        assert {e.finding: e.present for e in iv.case().evidence if e.source == "answer"} == want
        asked = [q.id for q in _run(iv)]
        assert "hx" not in asked and "wasting" not in asked and iv.questions_asked <= 5


def test_interview_yaml_is_checked(kb_copy: Callable[[str, Callable[[dict[str, Any]], None]], Path]) -> None:
    """interview.yaml is validated like every knowledge file: unknown keys, dangling ids and clashing ids are named errors."""
    import yaml

    from lumbus.knowledge.check import check
    from lumbus.knowledge.loader import KnowledgeBaseError

    root = kb_copy("interview.yaml", lambda d: None)
    original = yaml.safe_load((root / "interview.yaml").read_text())

    def with_theme(**change: Any) -> Path:
        data = {**original, "themes": [{**original["themes"][0], **change}]}
        (root / "interview.yaml").write_text(yaml.safe_dump(data))
        return root

    with pytest.raises(KnowledgeBaseError) as err:
        load_from(with_theme(colour="red"))
    assert err.value.code == "UnknownField"
    with pytest.raises(KnowledgeBaseError) as err:  # a ticked list is valued over all 2 ** n tick patterns
        load_from(with_theme(options=[f"f{i}" for i in range(13)]))
    assert err.value.code == "SchemaError" and "12" in err.value.message
    for change, code in (
        ({"options": ["y", "ghost"]}, "DanglingFinding"),
        ({"id": "x"}, "DuplicateId"),
        ({"after": ["nope"]}, "DanglingFinding"),
    ):
        issues = check(load_from(with_theme(**change)))
        assert code in {i.code for i in issues if i.where.startswith("interview")}, change
    assert not [i for i in check(load_from(with_theme())) if i.where.startswith("interview")]


def test_a_copy_answers_and_undoes_on_its_own(ckb: CompiledKB) -> None:
    iv = Interview(_case("low_back_pain"), ckb)
    q = iv.next_question()
    assert q is not None
    twin = iv.copy()
    twin.answer(q.id, DONT_KNOW)
    assert iv.questions_asked == 0 and iv.next_question() == q and twin.next_question() != q
    iv.answer(q.id, DONT_KNOW)
    iv.undo()
    assert twin.questions_asked == 1 and twin.to_json() == Interview.from_json(twin.to_json(), ckb).to_json()


def _estimate(value: float) -> dict[str, Any]:
    return {"value": value, "estimate": True}


def _link_t(d: dict[str, Any]) -> None:
    """Four conditions (so that three never settle it alone); t is near-certain in A and rare in the rest."""
    d["conditions"][1]["urgency"] = "soon"
    d["conditions"] += [{**d["conditions"][0], "id": f"cond_{k}", "name": f"Condition {k}"} for k in "cd"]
    for c, freq in zip(d["conditions"], (0.95, 0.02, 0.05, 0.05), strict=True):
        c["findings"] = [*c["findings"], {"finding": "t", "frequency": freq, "estimate": True}]


def _gated_min_kb(kb_copy: Callable[[str, Callable[[dict[str, Any]], None]], Path], **gate: Any) -> CompiledKB:
    """The minimal base plus a test result t that tells A from B, behind the gate question g."""
    import yaml

    def add_gate(d: dict[str, Any]) -> None:
        d["gates"] = [{"finding": "g", "why": "A result you have would settle it.", "opens": ["t"], "share_yes": 0.9, **gate}]

    root = kb_copy("interview.yaml", add_gate)
    for rel, edit in (
        (
            "findings/f.yaml",
            lambda d: d["findings"].extend(
                [
                    {
                        "id": "g",
                        "name": "Had tests",
                        "question": "Had tests?",
                        "type": "history",
                        "background": {"value": 0.5, "estimate": True},
                    },
                    {
                        "id": "t",
                        "name": "Test t",
                        "question": "Did t show it?",
                        "type": "test_result",
                        "background": {"value": 0.3, "estimate": True},
                    },
                ]
            ),
        ),
        ("conditions/c.yaml", _link_t),
    ):
        path = root / rel
        data = yaml.safe_load(path.read_text())
        edit(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    return compile_kb(load_from(root))


def test_test_results_are_asked_only_after_the_gate(kb_copy: Callable[[str, Callable[[dict[str, Any]], None]], Path]) -> None:
    """The gate gains nothing itself but is worth the result it opens, so it is asked first, with its own why;
    a no (or don't know) keeps the result unasked, a yes opens it, and a result already known skips the gate."""
    small = _gated_min_kb(kb_copy)
    iv = Interview(Case(age=40), small)
    q = iv.next_question()
    assert q is not None and q.id == "g" and q.rationale == "A result you have would settle it."
    for answer in ("no", DONT_KNOW):
        other = iv.copy()
        other.answer("g", answer)
        assert "t" not in {f for x in _run(other, "no") for f in x.findings}
    iv.answer("g", "yes")
    assert iv.next_question() == Question(
        id="t",
        kind="yes_no",
        text="Did t show it?",
        rationale=iv.next_question().rationale,
        findings=["t"],  # type: ignore[union-attr]
    )
    known = Interview(Case(age=40, evidence=[Evidence(finding="t", present=False, source="text")]), small)
    assert "g" not in {x.id for x in _run(known)}


def test_a_gate_is_worth_its_share_of_what_it_opens(kb_copy: Callable[[str, Callable[[dict[str, Any]], None]], Path]) -> None:
    """With a tiny chance of a yes, the gate is worth less than asking about symptoms."""
    small = _gated_min_kb(kb_copy, share_yes=0.001)
    first = Interview(Case(age=40), small).next_question()
    assert first is not None and first.id != "g"


def test_packaged_test_results_wait_for_the_gate(ckb: CompiledKB) -> None:
    """In the packaged base a result is asked only after a yes to 'have you had tests?' or once a result is known,
    and second-line results (biopsy, antibodies, genes) are never asked."""
    gate = ckb.kb.interview.gates[0]
    opens = set(gate.opens)
    tests = {f for f, x in ckb.kb.findings.items() if x.type == "test_result"}
    story = ("proximal_leg_weakness", "proximal_arm_weakness", "statin_use")
    no = _run(Interview(_case(*story, absent=(gate.finding,), age=66), ckb), "no")
    assert not tests & {f for q in no for f in q.findings}
    yes = _run(Interview(_case(*story, gate.finding, age=66), ckb), "no")
    asked = {f for q in yes for f in q.findings}
    assert asked & tests and asked & tests <= opens
    known = _run(Interview(_case(*story, "ck_elevated", age=66), ckb), "no")
    assert gate.finding not in {f for q in known for f in q.findings}


def test_results_are_asked_the_way_people_hold_them(ckb: CompiledKB) -> None:
    """After a yes to the gate, a statin user with weak thighs and arms is asked for blood results as one
    ticked list with the CK on it, before the budget runs out, and a ticked CK is read as present."""
    iv = Interview(_case("proximal_leg_weakness", "proximal_arm_weakness", "statin_use", "had_tests_for_this", age=66), ckb)
    while (q := iv.next_question()) is not None and q.id != "blood_results":
        iv.answer(q.id, {"multiple": [], "single": DONT_KNOW, "number": DONT_KNOW}.get(q.kind, DONT_KNOW))
    assert q is not None and q.kind == "multiple" and "ck_elevated" in q.findings and len(q.findings) >= 3
    iv.answer(q.id, ["ck_elevated"])
    assert {e.finding: e.present for e in iv.case().evidence if e.source == "answer"}["ck_elevated"] is True


@pytest.mark.parametrize(
    ("gate", "code"),
    [
        ({"finding": "x", "opens": ["y"]}, "BadGate"),
        ({"finding": "z", "opens": ["z"]}, "BadGate"),
        ({"finding": "z", "opens": ["ghost"]}, "DanglingFinding"),
    ],
)
def test_bad_gates_are_named(kb_copy: Callable[[str, Callable[[dict[str, Any]], None]], Path], gate: dict[str, Any], code: str) -> None:
    """A gate must be a finding no condition links (x is linked), must not open itself, and opens only real findings."""
    from lumbus.knowledge.check import check

    root = kb_copy("interview.yaml", lambda d: d.update(gates=[{**gate, "why": "Because tests help.", "share_yes": 0.5}]))
    assert code in {i.code for i in check(load_from(root)) if i.where == "interview.gates[0]"}
