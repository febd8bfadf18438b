"""Engine maths against the hand-computed two-condition knowledge base in fixtures/kb_min."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from lumbus.case import Case, Evidence
from lumbus.knowledge.compiled import CompiledKB, compile_kb
from lumbus.knowledge.loader import load_from
from lumbus.knowledge.schema import AgeCurve
from lumbus.reasoning.differential import posterior
from lumbus.reasoning.engine import assess
from lumbus.reasoning.evidence import ContradictionError, UnknownFindingError, expand

KB_MIN = Path(__file__).parent / "fixtures" / "kb_min"


def post_of(ckb: CompiledKB, case: Case) -> dict[str, float]:
    p = posterior(ckb, expand(case, ckb))
    return dict(zip(ckb.condition_ids, (float(v) for v in p), strict=True))


def test_prior_only(min_ckb: CompiledKB) -> None:
    p = post_of(min_ckb, Case())
    assert p["cond_a"] == pytest.approx(0.6)
    assert p["cond_b"] == pytest.approx(0.4)


def test_present_and_absent_by_hand(min_ckb: CompiledKB) -> None:
    # A: 0.6 * P(x|A)=0.8 * (1 - P(y|A)=bg 0.2) = 0.384 ; B: 0.4 * 0.2 * (1 - 0.5) = 0.04
    p = post_of(min_ckb, Case(evidence=[Evidence(finding="x"), Evidence(finding="y", present=False)]))
    assert p["cond_a"] == pytest.approx(0.384 / 0.424)
    assert p["cond_b"] == pytest.approx(0.04 / 0.424)


def test_age_and_sex_multipliers(min_ckb: CompiledKB) -> None:
    # B's prior doubles over 80 and halves for men: 0.4 * 2 * 0.5 = 0.4 against A's 0.6
    p = post_of(min_ckb, Case(age=85, sex="male"))
    assert p["cond_b"] == pytest.approx(0.4)


def test_age_curve_interpolates_the_log_multiplier_between_anchors() -> None:
    """With an age curve, B's x2 over 80 holds from its anchor on, and halfway back to the 60-79 anchor it is
    the geometric mean (x sqrt 2); below the first anchor the multiplier is flat. No curve: a step at 80."""
    kb = load_from(KB_MIN)
    curve = AgeCurve(anchors={"0-17": 10, "18-39": 30, "40-59": 50, "60-79": 70, "80-120": 90})
    smooth = compile_kb(dataclasses.replace(kb, meta=kb.meta.model_copy(update={"age_curve": curve})))

    def odds_b(ckb: CompiledKB, age: int) -> float:
        p = post_of(ckb, Case(age=age))
        return p["cond_b"] / p["cond_a"]

    base = 0.4 / 0.6
    assert odds_b(smooth, 95) == pytest.approx(base * 2)
    assert odds_b(smooth, 90) == pytest.approx(base * 2)
    assert odds_b(smooth, 80) == pytest.approx(base * math.sqrt(2))
    assert odds_b(smooth, 70) == pytest.approx(base)
    assert odds_b(smooth, 3) == pytest.approx(base)
    step = compile_kb(kb)
    assert odds_b(step, 79) == pytest.approx(base)
    assert odds_b(step, 80) == pytest.approx(base * 2)


@pytest.mark.parametrize(
    "anchors", [{"0-17": 10, "18-39": 30, "40-59": 50, "60-79": 70}, {"0-17": 20, "18-39": 30, "40-59": 50, "60-79": 70, "80-120": 90}]
)
def test_age_curve_needs_one_anchor_inside_each_band(anchors: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        AgeCurve.model_validate({"anchors": anchors, "estimate": True})


def test_explanations_are_log_likelihood_ratios(min_ckb: CompiledKB) -> None:
    a = assess(Case(evidence=[Evidence(finding="x"), Evidence(finding="y")]), min_ckb)
    entry = {d.condition.id: d for d in a.differential}
    (sup,) = [c for c in entry["cond_a"].supporting if c.finding == "x"]
    assert sup.likelihood_ratio == pytest.approx(0.8 / 0.1)
    assert sup.llr == pytest.approx(math.log(8), abs=1e-4)
    (opp,) = [c for c in entry["cond_b"].opposing if c.finding == "y"] or [None]
    assert opp is None  # y raises B (0.5 > bg 0.2): it supports B
    assert [c.finding for c in entry["cond_b"].supporting] == ["y", "x"]


def test_red_flag_and_condition_urgency(min_ckb: CompiledKB) -> None:
    # x and z fire the urgent rule; B (an emergency condition) stays under its 0.1 threshold? check both paths
    a = assess(Case(evidence=[Evidence(finding="x"), Evidence(finding="z")]), min_ckb)
    assert [r.id for r in a.triage.red_flags] == ["rf_xy"]
    assert a.triage.level.value in ("urgent", "emergency")
    b = assess(Case(evidence=[Evidence(finding="y")]), min_ckb)
    # B: 0.4*0.5 = 0.2 vs A: 0.6*0.2 = 0.12 -> B = 0.625, over the emergency threshold 0.1
    assert b.triage.level.value == "emergency"
    assert any("Condition B" in r for r in b.triage.reasons)
    c = assess(Case(evidence=[Evidence(finding="x"), Evidence(finding="y", present=False)]), min_ckb)
    assert c.triage.level.value == "routine"


def test_atrophy_none_share_moves_when_wasting_seen(min_ckb: CompiledKB) -> None:
    a = assess(Case(evidence=[Evidence(finding="x", side="right"), Evidence(finding="y", present=False)]), min_ckb)
    assert a.atrophy_type.observed is None
    # not mentioned: A wastes with P(wasting|A) = 0.5, B with its leak 0.05 (the background of "wasting")
    pa, pb = 0.384 / 0.424, 0.04 / 0.424
    assert a.atrophy_type.probabilities["none"] == pytest.approx(0.5 * pa + 0.95 * pb, abs=1e-5)
    assert a.atrophy_type.probabilities["myopathic"] == pytest.approx(0.05 * pb, abs=1e-5)
    denied = assess(Case(evidence=[Evidence(finding="wasting", present=False)]), min_ckb)
    assert denied.atrophy_type.observed is False and denied.atrophy_type.label == "none"
    b = assess(Case(evidence=[Evidence(finding="wasting"), Evidence(finding="x", side="right")]), min_ckb)
    assert b.atrophy_type.observed
    assert b.atrophy_type.probabilities["none"] == 0.0
    assert b.atrophy_type.label == "neurogenic"


def test_root_level_and_side(min_ckb: CompiledKB) -> None:
    a = assess(Case(evidence=[Evidence(finding="x", side="left")]), min_ckb)
    assert a.localization.root_levels[0].level == "S1"
    assert a.localization.root_levels[0].side == "left"
    assert a.localization.lesion_site == "root"


def test_derived_evidence(min_ckb: CompiledKB) -> None:
    ev = expand(Case(age=75, duration_days=100, evidence=[Evidence(finding="x", side="both")]), min_ckb)
    names = {min_ckb.finding_ids[i] for i in ev.present}
    assert {"old", "chronic", "x", "x_both"} <= names
    young = expand(Case(age=30, duration_days=10), min_ckb)
    assert {min_ckb.finding_ids[i] for i in young.absent} == {"old", "chronic"}
    # an absent finding rules out what implies it
    ev2 = expand(Case(evidence=[Evidence(finding="x", present=False)]), min_ckb)
    assert {min_ckb.finding_ids[i] for i in ev2.absent} == {"x", "x_both"}


def test_bad_evidence(min_ckb: CompiledKB) -> None:
    with pytest.raises(UnknownFindingError, match="unknown finding id 'xx'"):
        expand(Case(evidence=[Evidence(finding="xx")]), min_ckb)
    with pytest.raises(ContradictionError, match="implies 'x'"):
        expand(Case(evidence=[Evidence(finding="x_both"), Evidence(finding="x", present=False)]), min_ckb)
    with pytest.raises(ValueError, match="contradictory"):
        Case(evidence=[Evidence(finding="x"), Evidence(finding="x", present=False)])


def test_unlinked_finding_changes_nothing(min_ckb: CompiledKB) -> None:
    base = post_of(min_ckb, Case(evidence=[Evidence(finding="x")]))
    with_z = post_of(min_ckb, Case(evidence=[Evidence(finding="x"), Evidence(finding="z")]))
    without_z = post_of(min_ckb, Case(evidence=[Evidence(finding="x"), Evidence(finding="z", present=False)]))
    assert with_z == pytest.approx(base)
    assert without_z == pytest.approx(base)


def test_mention_model_for_free_text(min_ckb: CompiledKB) -> None:
    """A salient history item a story leaves out is weak evidence against it: P(not mentioned) = 1 - s P(f|c)."""
    told = Case(text="some words", evidence=[Evidence(finding="y", source="text")])
    structured = Case(evidence=[Evidence(finding="y")])
    # A: 0.6 * bg(y)=0.2 * (1 - 0.5*0.1) ; B: 0.4 * 0.5 * (1 - 0.5*0.9)
    a, b = 0.6 * 0.2 * 0.95, 0.4 * 0.5 * 0.55
    assert post_of(min_ckb, told)["cond_b"] == pytest.approx(b / (a + b))
    assert post_of(min_ckb, structured)["cond_b"] == pytest.approx(0.2 / (0.2 + 0.12))
    # triage never drops because of what was not said: B is an emergency condition either way
    assert assess(told, min_ckb).triage.level.value == "emergency"
    entry = {d.condition.id: d for d in assess(told, min_ckb).differential}["cond_b"]
    (c,) = [c for c in entry.opposing if c.finding == "hx"]
    assert c.mentioned is False and c.likelihood_ratio == pytest.approx(0.55 / 0.95, abs=1e-4)


def test_implied_findings_are_not_counted_twice(min_ckb: CompiledKB) -> None:
    """x_both implies x: saying both adds nothing over saying x_both (naive Bayes would double count)."""
    only = post_of(min_ckb, Case(evidence=[Evidence(finding="x_both")]))
    both = post_of(min_ckb, Case(evidence=[Evidence(finding="x_both"), Evidence(finding="x", side="both")]))
    assert both == pytest.approx(only)
    ev = expand(Case(evidence=[Evidence(finding="x_both")]), min_ckb)
    assert {min_ckb.finding_ids[i] for i in ev.present} == {"x_both", "x"}  # rules still see x
    assert {min_ckb.finding_ids[i] for i in ev.scored_present} == {"x_both"}


def test_a_stated_absence_is_not_counted_again() -> None:
    """z says y is absent ('painless' says 'no back pain'): told both, y's absence adds nothing over z, yet rules
    still see y as absent; told alone, y's absence counts as before."""
    kb = load_from(KB_MIN)
    z = kb.findings["z"].model_copy(update={"states_absent": ["y"]})
    ckb = compile_kb(dataclasses.replace(kb, findings={**kb.findings, "z": z}))
    z_only = post_of(ckb, Case(evidence=[Evidence(finding="z")]))
    both = post_of(ckb, Case(evidence=[Evidence(finding="z"), Evidence(finding="y", present=False)]))
    no_y = post_of(ckb, Case(evidence=[Evidence(finding="y", present=False)]))
    assert both == pytest.approx(z_only)
    assert no_y != pytest.approx(post_of(ckb, Case()))
    ev = expand(Case(evidence=[Evidence(finding="z"), Evidence(finding="y", present=False)]), ckb)
    assert "y" in {ckb.finding_ids[i] for i in ev.absent}
    assert "y" not in {ckb.finding_ids[i] for i in ev.scored_absent}


def test_painless_and_no_back_or_leg_pain_are_one_fact() -> None:
    """In the packaged knowledge base a painless foot drop told with 'no back pain, no leg pain' scores as
    'painless' alone: three wordings of one fact used to put an L5 root 60 times further behind a peroneal palsy."""
    from lumbus.knowledge.compiled import compiled_packaged

    ckb = compiled_packaged()
    told = [Evidence(finding="foot_drop", side="right"), Evidence(finding="painless")]
    denied = [Evidence(finding=f, present=False) for f in ("low_back_pain", "radiating_leg_pain")]
    assert post_of(ckb, Case(evidence=told + denied)) == pytest.approx(post_of(ckb, Case(evidence=told)))


def test_very_rare_and_excluded_links_always_argue_against() -> None:
    """A link marked 'very rare' or 'excluded' lowers the condition even for findings rare in everyone."""
    from lumbus.knowledge.compiled import compiled_packaged

    ckb = compiled_packaged()
    checked = 0
    for ci, cid in enumerate(ckb.condition_ids):
        for link in ckb.kb.conditions[cid].findings:
            if link.frequency in ("very_rare", "excluded"):
                fi = ckb.finding_index[link.finding]
                assert ckb.llr_present[ci, fi] <= math.log(0.5) + 1e-9, (cid, link.finding)
                checked += 1
    assert checked > 100


def test_unless_switches_a_rule_off(min_ckb: CompiledKB) -> None:
    """A rule fires when its clauses hold, and not when one of its `unless` findings is present."""
    import dataclasses

    from lumbus.reasoning.triage import fired_rules

    case = Case(evidence=[Evidence(finding="x"), Evidence(finding="y")])
    assert [min_ckb.rule_ids[r] for r in fired_rules(min_ckb, expand(case, min_ckb))] == ["rf_xy"]
    unless = min_ckb.unless_matrix.copy()
    unless[0, min_ckb.finding_index["z"]] = 1.0
    switched = dataclasses.replace(min_ckb, unless_matrix=unless)
    assert fired_rules(switched, expand(case, switched)) == [0]
    with_z = Case(evidence=[*case.evidence, Evidence(finding="z")])
    assert fired_rules(switched, expand(with_z, switched)) == []


def test_root_levels_add_up_to_the_chance_of_a_root_lesion() -> None:
    """A condition's root levels say where the root is hit *when* one is: a degenerative disc (a root lesion
    in 10%) must not place a root level with its full probability, so the levels sum to P(root lesion)."""
    from lumbus.knowledge.compiled import compiled_packaged
    from lumbus.knowledge.schema import LESION_SITES
    from lumbus.reasoning.characterise import lesion_distribution
    from lumbus.reasoning.localization import root_distribution

    ckb = compiled_packaged()
    case = Case(age=55, evidence=[Evidence(finding=f) for f in ("low_back_pain", "morning_stiffness")])
    ev = expand(case, ckb)
    post = posterior(ckb, ev)
    roots = root_distribution(ckb, ev, post)
    root_lesion = float(lesion_distribution(ckb, post)[LESION_SITES.index("root")])
    with_levels = sum(
        float(post[i]) * c.lesion_site.get("root", 0.0)
        for i, c in enumerate(ckb.kb.conditions[cid] for cid in ckb.condition_ids)
        if c.root_levels
    )
    assert float(roots.sum()) == pytest.approx(with_levels)  # conditions that name their levels
    assert float(roots.sum()) <= root_lesion + 1e-9 < 0.5


def test_an_assessment_built_without_validation_is_what_validation_would_give() -> None:
    """The engine builds its output models without validating them (for speed); validating the
    dumped JSON must give back an equal model, so nothing it builds would have failed validation."""
    from lumbus.assessment import Assessment

    case = Case(
        age=62,
        sex="male",
        evidence=[Evidence(finding="leg_weakness"), Evidence(finding="saddle_anaesthesia"), Evidence(finding="fever", present=False)],
    )
    built = assess(case)
    again = Assessment.model_validate_json(built.model_dump_json())
    assert again == built
    assert again.model_dump(mode="json") == built.model_dump(mode="json")
    assert built.differential[0].supporting and built.triage.red_flags
