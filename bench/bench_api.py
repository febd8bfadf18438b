"""Benchmark: POST /api/v1/assessments under concurrent clients, against a bare endpoint on the same server.

Starts ``lumbus serve`` (SQLite in a temporary folder, or PostgreSQL with ``--database-url``), then runs
``--clients`` concurrent clients, each sending requests back to back, for: the bare ``GET /api/v1/health``
(HTTP, routing and the event loop, no assessment, no store), POST with structured findings and
POST with free text, and a CDS Hooks ``patient-view`` call with its prefetch (the server runs in
the development open mode, so no token is signed per call). Each POST is also sent to the bare
assessment endpoint of ``bare_app.py`` (the same engine in a bare ASGI callable on the same server,
no framework, validation or store), started alongside; each POST's throughput is reported as a
share of the bare endpoint's (what Lumbus's web layer and store cost) and of the health call's.
The load comes from aiohttp's client: on two cores httpx's async client tops out near 350 requests/s
and would measure itself rather than the server.
Run: ``python bench/bench_api.py`` (``--clients 50 --requests 1000``; ``--runs 4`` repeats every line and sums up).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
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
_HEALTH = "bare GET /api/v1/health"


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


def _start(cmd: list[str], base: str, env: dict[str, str], ready: str = "/api/v1/health") -> subprocess.Popen[bytes]:
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    while True:
        try:
            httpx.get(f"{base}{ready}")
            return server
        except httpx.TransportError:
            if server.poll() is not None:
                raise SystemExit(f"the server did not start: {' '.join(cmd)}") from None
            time.sleep(0.1)


def _measure(base: str, clients: int, requests: int, send: Send) -> dict[str, Any]:
    asyncio.run(_run(base, clients, min(100, requests), send))  # warm up
    return asyncio.run(_run(base, clients, requests, send))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes (lumbus serve --workers)")
    ap.add_argument("--database-url", default=None, help="PostgreSQL URL; default: SQLite in a temporary folder")
    ap.add_argument("--runs", type=int, default=1, help="measure every line this many times (same servers), then sum up")
    args = ap.parse_args()

    port, bare_port, const_port = _free_port(), _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if k != "LUMBUS_DATABASE_URL"}
    env["LUMBUS_CDS_OPEN"] = "1"
    if args.database_url:
        env["LUMBUS_DATABASE_URL"] = args.database_url
    structured = {"present": ["leg_weakness", "muscle_atrophy", "low_back_pain"]}
    api: dict[str, Send] = {
        _HEALTH: lambda c, i: c.get("/api/v1/health"),
        "POST structured findings": lambda c, i: c.post("/api/v1/assessments", json={"age": 30 + i % 50, **structured}),
        "POST free text": lambda c, i: c.post("/api/v1/assessments", json={"text": STORY, "age": 30 + i % 50}),
        "CDS patient-view (prefetch)": lambda c, i: c.post("/cds-services/lumbus-patient-view", json=PATIENT_VIEW),
    }
    bare: dict[str, Send] = {
        "POST structured findings": lambda c, i: c.post("/assess", json={"age": 30 + i % 50, **structured}),
        "POST free text": lambda c, i: c.post("/assess", json={"text": STORY, "age": 30 + i % 50}),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    bare_cmd = [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", here, "--port", str(bare_port)]
    bare_cmd += ["--workers", str(args.workers), "--no-access-log", "--log-level", "warning"]
    const_cmd = [sys.executable, "-m", "uvicorn", "bare_fastapi:app", "--app-dir", here, "--port", str(const_port)]
    const_cmd += ["--workers", str(args.workers), "--no-access-log", "--log-level", "warning"]
    # the baseline: a bare FastAPI endpoint returning a constant, here the same request body in and an
    # assessment-sized constant out (and, for reference, a GET of a small constant)
    constant: dict[str, Send] = {
        "POST structured findings": lambda c, i: c.post("/constant", json={"age": 30 + i % 50, **structured}),
        "POST free text": lambda c, i: c.post("/constant", json={"text": STORY, "age": 30 + i % 50}),
    }
    with tempfile.TemporaryDirectory() as data:
        cmd = [sys.executable, "-m", "lumbus.cli", "serve", "--port", str(port), "--data-dir", data, "--workers", str(args.workers)]
        base, bare_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bare_port}"
        const_base = f"http://127.0.0.1:{const_port}"
        servers = [_start(cmd, base, env)]
        try:
            servers.append(_start(bare_cmd, bare_base, env))
            servers.append(_start(const_cmd, const_base, env, "/constant"))
            backend = httpx.get(f"{base}/api/v1/health").json()["database"]
            print(
                f"lumbus serve on {backend} with {args.workers} worker(s), "
                f"{args.clients} concurrent clients, {args.requests} requests each measure"
            )
            seen: dict[str, list[dict[str, Any]]] = {}
            for run in range(args.runs):
                if args.runs > 1:
                    print(f"run {run + 1} of {args.runs}")
                health: dict[str, Any] | None = None
                small = _measure(const_base, args.clients, args.requests, lambda c, i: c.get("/constant"))
                _line("  bare FastAPI GET constant", small, "")
                seen.setdefault("bare FastAPI GET constant", []).append(small)
                for name, send in api.items():
                    r = _measure(base, args.clients, args.requests, send)
                    health = health or r
                    r["of_health"] = r["rps"] / health["rps"]
                    ratio = f"  {r['of_health']:6.1%} of health" if r is not health else ""
                    if name in constant:
                        k = _measure(const_base, args.clients, args.requests, constant[name])
                        _line(f"  {name} (bare FastAPI constant)", k, "")
                        r["of_constant"] = r["rps"] / k["rps"]
                        ratio += f"  {r['of_constant']:6.1%} of the FastAPI constant"
                    if name in bare:
                        b = _measure(bare_base, args.clients, args.requests, bare[name])
                        _line(f"  {name} (bare endpoint)", b, "")
                        r["of_bare"] = r["rps"] / b["rps"]
                        ratio += f"  {r['of_bare']:6.1%} of the bare endpoint"
                    _line(name, r, ratio)
                    seen.setdefault(name, []).append(r)
            if args.runs > 1:
                _summary(seen)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)


_SUMMED = (
    ("rps", "{} req/s", "{:.0f}"),
    ("p99_ms", "p99 {} ms", "{:.1f}"),
    ("of_health", "{} of health", "{:.1%}"),
    ("of_constant", "{} of the FastAPI constant", "{:.1%}"),
    ("of_bare", "{} of bare", "{:.1%}"),
)


def _summary(seen: dict[str, list[dict[str, Any]]]) -> None:
    """Median and range over the runs of each line: one run of a few seconds on two shared cores varies a lot."""
    print(f"over {len(next(iter(seen.values())))} runs: median (lowest-highest)")
    for name, runs in seen.items():
        parts = []
        for key, label, number in _SUMMED:
            values = sorted(r[key] for r in runs if key in r and not (key == "of_health" and name == _HEALTH))
            if values:
                mid, low, high = (number.format(v) for v in (statistics.median(values), values[0], values[-1]))
                parts.append(f"{label.format(mid)} ({low}-{high})")
        print(f"{name:40s} " + ", ".join(parts))


def _line(name: str, r: dict[str, Any], ratio: str) -> None:
    failures = r["failures"] or "none"
    print(f"{name:40s} {r['rps']:7.0f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  failures {failures}{ratio}")


if __name__ == "__main__":
    main()
