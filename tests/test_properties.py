"""Property tests of the engine over the packaged knowledge base."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lumbus.case import Case, Evidence
from lumbus.knowledge.compiled import CompiledKB, compiled_packaged
from lumbus.reasoning.differential import log_likelihood_ratio, posterior
from lumbus.reasoning.evidence import expand

CKB: CompiledKB = compiled_packaged()
# findings that imply nothing and are implied by nothing, so any subset is consistent
FREE = [f for i, f in enumerate(CKB.finding_ids) if not CKB.implies[i] and not CKB.implied_by[i] and CKB.bilateral_of[i] < 0]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    chosen = draw(st.lists(st.sampled_from(FREE), unique=True, max_size=12))
    ev = [Evidence(finding=f, present=draw(st.booleans())) for f in chosen]
    return Case(
        age=draw(st.none() | st.integers(0, 120)),
        sex=draw(st.none() | st.sampled_from(["female", "male"])),
        evidence=ev,
        duration_days=draw(st.none() | st.floats(0, 3650)),
    )


@settings(max_examples=150, deadline=None)
@given(cases())
def test_probabilities_sum_to_one(case: Case) -> None:
    p = posterior(CKB, expand(case, CKB))
    assert np.all(p >= 0)
    assert abs(float(p.sum()) - 1.0) < 1e-9


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_explained_finding_never_lowers_likelihood_ratio(case: Case, data: st.DataObject) -> None:
    ci = data.draw(st.integers(0, len(CKB.condition_ids) - 1))
    given_ids = {e.finding for e in case.evidence}
    explained = [f for f in FREE if CKB.p[ci, CKB.finding_index[f]] >= CKB.background[CKB.finding_index[f]] and f not in given_ids]
    if not explained:
        return
    f = data.draw(st.sampled_from(explained))
    before = log_likelihood_ratio(CKB, expand(case, CKB))[ci]
    after_case = case.model_copy(update={"evidence": [*case.evidence, Evidence(finding=f)]})
    after = log_likelihood_ratio(CKB, expand(after_case, CKB))[ci]
    assert after >= before - 1e-12


UNLINKED = [
    f for f in FREE if np.allclose(CKB.llr_present[:, CKB.finding_index[f]], 0) and np.allclose(CKB.llr_absent[:, CKB.finding_index[f]], 0)
]


@settings(max_examples=100, deadline=None)
@given(cases(), st.sampled_from(UNLINKED), st.booleans())
def test_unknown_finding_changes_nothing(case: Case, finding: str, present: bool) -> None:
    """A finding no condition's likelihood depends on weighs nothing, present or absent
    (a "don't know" answer is simply left out of the evidence)."""
    if finding in {e.finding for e in case.evidence}:
        return
    p = posterior(CKB, expand(case, CKB))
    with_it = case.model_copy(update={"evidence": [*case.evidence, Evidence(finding=finding, present=present)]})
    assert np.allclose(p, posterior(CKB, expand(with_it, CKB)))
