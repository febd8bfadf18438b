"""Benchmark: POST /api/v1/assessments under concurrent clients, against a bare endpoint on the same server.

Starts ``lumbus serve`` (SQLite in a temporary folder, or PostgreSQL with ``--database-url``), then runs
``--clients`` concurrent clients, each sending requests back to back, for: the bare ``GET /api/v1/health``
(the baseline: HTTP, routing and the event loop, no assessment, no store), POST with structured findings and
POST with free text, and a CDS Hooks ``patient-view`` call with its prefetch (the server runs in
the development open mode, so no token is signed per call). Reports throughput and p50/p99 latency,
and each POST as a ratio to the baseline.
The load comes from aiohttp's client: on two cores httpx's async client tops out near 350 requests/s
and would measure itself rather than the server.
Run: ``python bench/bench_api.py`` (``--clients 50 --requests 1000``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import httpx

STORY = "My right buttock has shrunk over the last year and my leg hurts when I sit; my calf feels weak."
FINDINGS = "https://lumbus.example/fhir/CodeSystem/finding"
PATIENT_VIEW = {
    "hook": "patient-view",
    "hookInstance": "bench",
    "context": {"userId": "Practitioner/1", "patientId": "p1"},
    "prefetch": {
        "patient": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1980-01-01"},
        "observations": {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [
                {"resource": {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": FINDINGS, "code": f}]}}}
                for f in ("saddle_anaesthesia", "urinary_retention", "bilateral_leg_weakness", "low_back_pain")
            ],
        },
    },
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


Send = Callable[[aiohttp.ClientSession, int], Any]


async def _run(base: str, clients: int, total: int, send: Send) -> dict[str, Any]:
    """``clients`` keep-alive connections, each sending its next request as soon as the last one is answered."""
    latencies: list[float] = []
    counter = iter(range(total))
    failures: dict[int, int] = {}
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base, connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:

        async def client() -> None:
            for i in counter:
                t = time.perf_counter()
                async with send(session, i) as r:
                    await r.read()
                latencies.append(time.perf_counter() - t)
                if r.status >= 400:
                    failures[r.status] = failures.get(r.status, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": total / wall,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "failures": failures,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes (lumbus serve --workers)")
    ap.add_argument("--database-url", default=None, help="PostgreSQL URL; default: SQLite in a temporary folder")
    args = ap.parse_args()

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "LUMBUS_DATABASE_URL"}
    env["LUMBUS_CDS_OPEN"] = "1"
    if args.database_url:
        env["LUMBUS_DATABASE_URL"] = args.database_url
    with tempfile.TemporaryDirectory() as data:
        cmd = [sys.executable, "-m", "lumbus.cli", "serve", "--port", str(port), "--data-dir", data, "--workers", str(args.workers)]
        server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            while True:
                try:
                    backend = httpx.get(f"{base}/api/v1/health").json()["database"]
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            cases: dict[str, Send] = {
                "bare GET /api/v1/health": lambda c, i: c.get("/api/v1/health"),
                "POST structured findings": lambda c, i: c.post(
                    "/api/v1/assessments", json={"age": 30 + i % 50, "present": ["leg_weakness", "muscle_atrophy", "low_back_pain"]}
                ),
                "POST free text": lambda c, i: c.post("/api/v1/assessments", json={"text": STORY, "age": 30 + i % 50}),
                "CDS patient-view (prefetch)": lambda c, i: c.post("/cds-services/lumbus-patient-view", json=PATIENT_VIEW),
            }
            print(
                f"lumbus serve on {backend} with {args.workers} worker(s), "
                f"{args.clients} concurrent clients, {args.requests} requests each measure"
            )
            baseline: dict[str, Any] | None = None
            for name, send in cases.items():
                asyncio.run(_run(base, args.clients, min(100, args.requests), send))  # warm up
                r = asyncio.run(_run(base, args.clients, args.requests, send))
                baseline = baseline or r
                ratio = f"  ({baseline['rps'] / r['rps']:.1f}x the baseline's time per request)" if r is not baseline else ""
                print(
                    f"{name:28s} {r['rps']:7.0f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms"
                    f"  failures {r['failures'] or 'none'}{ratio}"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
