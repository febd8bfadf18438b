"""Benchmark: one assessment (p50, p99), batch throughput, and pgmpy exact inference on the same network.

Speed is reported as ratios against baselines run in the same process, never as timed tests:
- single assessment vs the posterior alone (how much the full Assessment costs on top of the maths);
- Lumbus posterior vs pgmpy VariableElimination on the identical network and evidence.
Run: ``make bench`` (or ``python bench/bench_assess.py --cases 2000``).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from lumbus.case import Case, Evidence
from lumbus.knowledge.compiled import CompiledKB, compiled_packaged
from lumbus.reasoning.batch import assess_batch
from lumbus.reasoning.differential import posterior
from lumbus.reasoning.engine import assess
from lumbus.reasoning.evidence import expand


def make_cases(ckb: CompiledKB, n: int, seed: int = 7) -> list[Case]:
    """Structured cases shaped like real ones: a condition's findings, some absent, age and sex."""
    rng = np.random.default_rng(seed)
    free = [i for i in range(len(ckb.finding_ids)) if not ckb.implies[i] and not ckb.implied_by[i] and ckb.bilateral_of[i] < 0]
    cases = []
    for k in range(n):
        ci = int(rng.integers(len(ckb.condition_ids)))
        likely = [i for i in free if ckb.p[ci, i] > ckb.background[i]]
        chosen = rng.choice(likely, size=min(len(likely), int(rng.integers(3, 9))), replace=False)
        others = rng.choice(free, size=3, replace=False)
        ev = [Evidence(finding=ckb.finding_ids[i]) for i in chosen]
        ev += [Evidence(finding=ckb.finding_ids[i], present=False) for i in others if i not in chosen]
        cases.append(Case(id=f"b{k}", age=int(rng.integers(18, 90)), sex=("female", "male")[k % 2], evidence=ev))
    return cases


def percentile_ms(samples: list[float], q: float) -> float:
    return float(np.percentile(np.array(samples) * 1000, q))


def time_each(fn, items) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for it in items:
        t = time.perf_counter()
        fn(it)
        out.append(time.perf_counter() - t)
    return out


def pgmpy_model(ckb: CompiledKB, findings: list[int]):  # type: ignore[no-untyped-def]
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.models import DiscreteBayesianNetwork

    model = DiscreteBayesianNetwork([("C", f"f{i}") for i in findings])
    prior = np.exp(ckb.log_prior - ckb.log_prior.max())
    prior /= prior.sum()
    cpds = [TabularCPD("C", len(prior), prior.reshape(-1, 1))]
    for i in findings:
        p = ckb.p[:, i]
        cpds.append(TabularCPD(f"f{i}", 2, np.vstack([1 - p, p]), evidence=["C"], evidence_card=[len(prior)]))
    model.add_cpds(*cpds)
    return model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=20000)
    parser.add_argument("--batch-runs", type=int, default=5, help="batch runs; the median is reported")
    parser.add_argument("--pgmpy-queries", type=int, default=40)
    args = parser.parse_args()
    ckb = compiled_packaged()
    cases = make_cases(ckb, args.cases)
    for c in cases[:50]:
        assess(c)  # warm-up

    full = time_each(assess, cases)
    maths = time_each(lambda c: posterior(ckb, expand(c, ckb)), cases)

    batch_cases = make_cases(ckb, args.batch, seed=11)
    assess_batch(batch_cases[:2000], ckb)  # warm-up
    runs = []
    for _ in range(args.batch_runs):  # the median of a few runs, as timeit repeats: one run also times page faults
        t = time.perf_counter()
        result = assess_batch(batch_cases, ckb)
        runs.append(time.perf_counter() - t)
    batch_seconds = float(np.median(runs))
    assert result.posterior.shape == (args.batch, len(ckb.condition_ids))

    # pgmpy: identical network (condition node, one binary child per finding), same evidence, exact inference.
    from pgmpy.inference import VariableElimination

    q_cases = cases[: args.pgmpy_queries]
    used = sorted({ckb.finding_index[e.finding] for c in q_cases for e in c.evidence})
    model = pgmpy_model(ckb, used)
    infer = VariableElimination(model)
    worst = 0.0
    pg_times = []
    ours_times = []
    for c in q_cases:
        plain = c.model_copy(update={"age": None, "sex": None})
        ev = {f"f{ckb.finding_index[e.finding]}": int(e.present) for e in plain.evidence}
        t = time.perf_counter()
        q = infer.query(["C"], evidence=ev, show_progress=False)
        pg_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        ours = posterior(ckb, expand(plain, ckb))
        ours_times.append(time.perf_counter() - t)
        worst = max(worst, float(np.max(np.abs(np.asarray(q.values) - ours))))

    report = {
        "knowledge_base": {"conditions": len(ckb.condition_ids), "findings": len(ckb.finding_ids)},
        "single_assessment_ms": {"p50": percentile_ms(full, 50), "p99": percentile_ms(full, 99)},
        "posterior_only_ms": {"p50": percentile_ms(maths, 50), "p99": percentile_ms(maths, 99)},
        "full_assessment_over_posterior_p50": float(np.median(full) / np.median(maths)),
        "batch": {
            "cases": args.batch,
            "runs": len(runs),
            "median_seconds": batch_seconds,
            "cases_per_second": args.batch / batch_seconds,
            "cases_per_second_each_run": [round(args.batch / r) for r in runs],
        },
        "pgmpy": {
            "queries": len(q_cases),
            "network_findings": len(used),
            "pgmpy_ms_p50": percentile_ms(pg_times, 50),
            "lumbus_ms_p50": percentile_ms(ours_times, 50),
            "pgmpy_over_lumbus_p50": float(np.median(pg_times) / np.median(ours_times)),
            "max_abs_posterior_difference": worst,
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
