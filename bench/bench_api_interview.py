"""Benchmark: one interview step over REST (POST an answer, which returns the next question), by how many
answers came before it.

Each request loads the stored state and replays its answers through the engine, so the cost grows
with the answers given. Reported against choosing one next question in the engine itself, in the
same run, never as a timed test. In process (TestClient) on an SQLite file, so HTTP parsing and the
network are left out. Run: ``python bench/bench_api_interview.py`` (``--interviews 20``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bench_assess import percentile_ms
from lumbus.api import start_interview
from lumbus.reasoning.interview import DONT_KNOW
from lumbus.web.app import create_app
from lumbus.web.settings import Settings

STORIES = [
    "my lower back has been aching for a few days",
    "my right buttock has shrunk and my leg hurts when I sit",
    "my legs feel weak when I climb stairs and my thighs look thinner",
    "I hurt my back lifting a box last week and the pain goes down my left leg",
]
PLAIN = {"yes_no": "no", "multiple": [], "single": DONT_KNOW, "number": DONT_KNOW}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=20)
    args = parser.parse_args()
    steps: dict[int, list[float]] = {}
    engine: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", warm_up=True))
        with TestClient(app) as client:
            for n in range(args.interviews):
                story = STORIES[n % len(STORIES)]
                started = client.post("/api/v1/interviews", json={"text": story, "age": 40 + n % 30, "sex": "female"}).json()
                iv = start_interview(story, age=40 + n % 30, sex="female")
                q = started["next"]["question"]
                while q is not None:
                    value = PLAIN[q["kind"]]
                    t0 = time.perf_counter()
                    r = client.post(f"/api/v1/interviews/{started['id']}/answers", json={"question_id": q["id"], "value": value})
                    steps.setdefault(len(iv.answers), []).append(time.perf_counter() - t0)
                    iv.answer(q["id"], value)
                    t0 = time.perf_counter()
                    iv.next_question()
                    engine.append(time.perf_counter() - t0)
                    q = r.json()["next"]["question"]
    base = percentile_ms(engine, 50)
    buckets = {"answers 0-4": range(5), "answers 5-14": range(5, 15), "answers 15-24": range(15, 25)}
    out: dict[str, object] = {"engine_next_question_ms_p50": base, "interviews": args.interviews}
    for name, span in buckets.items():
        times = [t for k in span for t in steps.get(k, [])]
        if times:
            out[name] = {
                "requests": len(times),
                "p50_ms": percentile_ms(times, 50),
                "p99_ms": percentile_ms(times, 99),
                "ratio_p50_to_engine_next_question": percentile_ms(times, 50) / base,
            }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
