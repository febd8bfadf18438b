"""Benchmark: choosing the next interview question (p50, p99) on the full knowledge base.

Reported as a ratio against one full ``assess()`` of the same cases in the same run, never as a
timed test. States are realistic: the structured cases of ``bench_assess.py`` (a condition's
findings, some absent, age and sex) with a duration, taken at the start of the interview and
after a few answers. Run: ``python bench/bench_interview.py`` (``--cases 2000``).
"""

from __future__ import annotations

import argparse
import json

from bench_assess import make_cases, percentile_ms, time_each
from lumbus.case import Case
from lumbus.knowledge.compiled import compiled_packaged
from lumbus.reasoning.engine import assess
from lumbus.reasoning.interview import DONT_KNOW, Interview


def _state(case: Case, answers: int) -> Interview:
    """An interview on ``case`` after ``answers`` answers of "don't know" (so the next choice is fresh)."""
    iv = Interview(case.model_copy(update={"duration_days": 30.0}))
    for _ in range(answers):
        q = iv.next_question()
        if q is None:
            break
        iv.answer(q.id, DONT_KNOW)
    return iv


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    ckb = compiled_packaged()
    cases = make_cases(ckb, args.cases)
    states = [_state(c, k % 6) for k, c in enumerate(cases)]
    for iv in states[:50]:
        Interview(iv.case()).next_question()  # warm-up
        assess(iv.case())
    next_q = time_each(lambda iv: iv.next_question(), states)
    full = time_each(assess, [iv.case() for iv in states])
    asking = [t for t, iv in zip(next_q, states, strict=True) if iv.next_question() is not None]
    out = {
        "cases": len(states),
        "next_question_ms": {"p50": percentile_ms(next_q, 50), "p99": percentile_ms(next_q, 99)},
        "next_question_ms_when_a_question_is_chosen": {"p50": percentile_ms(asking, 50), "p99": percentile_ms(asking, 99)},
        "assess_ms": {"p50": percentile_ms(full, 50), "p99": percentile_ms(full, 99)},
        "ratio_next_question_to_assess": {
            "p50": percentile_ms(next_q, 50) / percentile_ms(full, 50),
            "p99": percentile_ms(next_q, 99) / percentile_ms(full, 99),
        },
        "stopped": len(states) - len(asking),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
