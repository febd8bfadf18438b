"""Benchmark: the doctor's report (GET /assessments/{id}/report.pdf) against the result page for the same assessment.

Both go through the app in the same process (FastAPI's TestClient, a temporary SQLite store), so the ratio
is what WeasyPrint's layout adds on top of building and rendering the same context.
Run: ``python bench/bench_report.py [--runs 30]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from lumbus.web.app import create_app
from lumbus.web.settings import Settings

ORIGIN = (
    "I strained my back doing warm-ups last year. After three months of rehab I still can't recover; stretching my right leg "
    "hurts when I sit down or stand up, and my physiotherapist says the right side of my buttock has shrunk."
)


def timed(client: TestClient, address: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        r = client.get(address)
        out.append(time.perf_counter() - t)
        assert r.status_code == 200, r.status_code
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", warm_up=True))
        with TestClient(app) as client:
            r = client.post("/assess", data={"text": ORIGIN, "age": "30", "sex": "female"}, follow_redirects=False)
            r = client.post(r.headers["location"], data={"action": "finish"}, follow_redirects=False)
            result = r.headers["location"]
            timed(client, result, 3)
            timed(client, f"{result}/report.pdf", 3)  # fonts and WeasyPrint's first import
            page = timed(client, result, args.runs)
            pdf = timed(client, f"{result}/report.pdf", args.runs)
            size = len(client.get(f"{result}/report.pdf").content)
    p50_page, p50_pdf = statistics.median(page) * 1000, statistics.median(pdf) * 1000
    print(f"result page   p50 {p50_page:7.1f} ms   max {max(page) * 1000:7.1f} ms")
    print(f"report.pdf    p50 {p50_pdf:7.1f} ms   max {max(pdf) * 1000:7.1f} ms   {size / 1024:.0f} KiB")
    print(f"the PDF takes {p50_pdf / p50_page:.1f}x the result page (p50, same process, {args.runs} runs each)")


if __name__ == "__main__":
    main()
