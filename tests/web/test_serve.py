"""`lumbus serve` and `lumbus db upgrade` as a user runs them: real processes, a real port, a real SQLite file."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _lumbus(*args: str) -> list[str]:
    return [sys.executable, "-m", "lumbus.cli", *args]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LUMBUS_DATABASE_URL", None)
    env.pop("LUMBUS_DATA_DIR", None)
    return env


def test_db_upgrade_creates_the_sqlite_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    r = subprocess.run(_lumbus("db", "upgrade", "--data-dir", str(data)), capture_output=True, text=True, timeout=120, env=_env())
    assert r.returncode == 0, r.stderr
    assert "at revision 0004" in r.stdout
    with sqlite3.connect(data / "lumbus.sqlite3") as db:
        assert db.execute("select version_num from alembic_version").fetchall() == [("0004",)]
        assert db.execute("select count(*) from assessments").fetchone() == (0,)


def test_serve_starts_the_app_on_sqlite(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tmp_path / "data"
    proc = subprocess.Popen(
        _lumbus("serve", "--port", str(port), "--data-dir", str(data)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                health = httpx.get(f"{base}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start within 90 s"
                time.sleep(0.2)
        assert health.json()["database"] == "sqlite"
        with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client:
            assert "Tell us what" in client.get("/").text
            r = client.post("/assess", data={"text": "my left calf is wasting and my foot slaps", "age": "52"})
            assert r.status_code == 200 and str(r.url).startswith(f"{base}/interview/")
            assert "Why are you asking?" in r.text
            r = client.post(str(r.url), data={"action": "finish"})
            assert r.status_code == 200 and str(r.url).startswith(f"{base}/assessments/")
            assert "What it could be" in r.text
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "Finished server process" in out, out  # a clean shutdown (uvicorn re-raises SIGTERM after it)
    assert proc.returncode in (0, -15), out
    assert (data / "lumbus.sqlite3").is_file()
    assert f"Lumbus on http://127.0.0.1:{port}/" in out
    assert "my left calf" not in out, "no personal health data in the logs"


def test_fhir_export_of_a_stored_assessment(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from fhir.resources.R4B.bundle import Bundle

    from lumbus.web.app import create_app
    from lumbus.web.settings import Settings

    data = tmp_path / "data"
    with TestClient(create_app(Settings.from_env(data, warm_up=False))) as client:
        r = client.post("/api/v1/assessments", json={"text": "my right buttock has shrunk and my leg hurts when I sit", "age": 30})
        assessment_id = r.json()["id"]
    out = subprocess.run(
        _lumbus("fhir", "export", assessment_id, "--data-dir", str(data)), capture_output=True, text=True, timeout=120, env=_env()
    )
    assert out.returncode == 0, out.stderr
    bundle = Bundle.model_validate_json(out.stdout)
    kinds = {e.resource.__resource_type__ for e in bundle.entry}
    assert {"Patient", "Observation", "Condition", "RiskAssessment", "ServiceRequest"} <= kinds
    missing = subprocess.run(
        _lumbus("fhir", "export", "nope", "--data-dir", str(data)), capture_output=True, text=True, timeout=120, env=_env()
    )
    assert missing.returncode == 2 and "no stored assessment" in missing.stderr
