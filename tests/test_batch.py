"""The vectorised batch gives the same answers as one-at-a-time assessment."""

from __future__ import annotations

import numpy as np

from lumbus.case import Case, Evidence
from lumbus.knowledge.compiled import URGENCIES, CompiledKB
from lumbus.knowledge.schema import ATROPHY_TYPES, LESION_SITES
from lumbus.reasoning.batch import CHUNK, assess_batch
from lumbus.reasoning.engine import assess


def sample_cases(ckb: CompiledKB, n: int) -> list[Case]:
    rng = np.random.default_rng(5)
    out = []
    for k in range(n):
        picks = rng.choice(len(ckb.finding_ids), size=int(rng.integers(0, 10)), replace=False)
        ev = []
        for i in picks:
            fid = ckb.finding_ids[int(i)]
            side = ("left", "right", "both", None)[int(rng.integers(4))] if int(i) in ckb.lateral_set else None
            ev.append(Evidence(finding=fid, present=bool(rng.integers(2)), side=side))
        # drop contradictions the random draw may create
        case = Case(
            age=None if k % 7 == 0 else int(rng.integers(0, 100)),
            sex=(None, "female", "male")[k % 3],
            duration_days=None if k % 2 else float(rng.integers(0, 2000)),
        )
        good: list[Evidence] = []
        for e in ev:
            try:
                from lumbus.reasoning.evidence import expand

                expand(case.model_copy(update={"evidence": [*good, e]}), ckb)
                good.append(e)
            except ValueError:
                continue
        out.append(case.model_copy(update={"evidence": good, "text": "free text" if k % 5 == 0 else None}))
    return out


def test_batch_matches_single(ckb: CompiledKB) -> None:
    cases = sample_cases(ckb, CHUNK + 150)  # crosses a chunk boundary
    result = assess_batch(cases, ckb)
    assert result.posterior.shape == (len(cases), len(ckb.condition_ids))
    for i in range(0, len(cases), 17):
        a = assess(cases[i], ckb)
        probs = {d.condition.id: d.probability for d in a.differential}
        for cid, p in probs.items():
            assert abs(result.posterior[i, ckb.condition_index[cid]] - p) < 1e-5
        assert URGENCIES[int(result.triage_rank[i])] == a.triage.level
        assert ATROPHY_TYPES[int(np.argmax(result.atrophy[i]))] == a.atrophy_type.label
        assert LESION_SITES[int(np.argmax(result.lesion[i]))] == a.localization.lesion_site


def test_empty_batch(ckb: CompiledKB) -> None:
    assert assess_batch([], ckb).posterior.shape == (0, len(ckb.condition_ids))
