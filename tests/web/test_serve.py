"""`lumbus serve` and `lumbus db upgrade` as a user runs them: real processes, a real port, a real SQLite file."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


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
    assert "at revision 0006" in r.stdout
    with sqlite3.connect(data / "lumbus.sqlite3") as db:
        assert db.execute("select version_num from alembic_version").fetchall() == [("0006",)]
        assert db.execute("select count(*) from assessments").fetchone() == (0,)


@contextmanager
def _served(data: Path, *extra: str) -> Iterator[tuple[str, list[str]]]:
    """``lumbus serve`` on a free port until the block ends; yields the base URL and, afterwards, its output lines."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        _lumbus("serve", "--port", str(port), "--data-dir", str(data), *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(),
    )
    base = f"http://127.0.0.1:{port}"
    output: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                assert httpx.get(f"{base}/api/v1/health", timeout=2).json()["database"] == "sqlite"
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start within 90 s"
                time.sleep(0.2)
        yield base, output
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
        output.extend(out.splitlines())
    assert "Finished server process" in out, out  # a clean shutdown (uvicorn re-raises SIGTERM after it)
    assert proc.returncode in (0, -15), out
    assert f"Lumbus on http://127.0.0.1:{port}/" in out


def test_serve_starts_the_app_on_sqlite(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with _served(data) as (base, output), httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client:
        assert "Tell us what" in client.get("/").text
        r = client.post("/assess", data={"text": "my left calf is wasting and my foot slaps", "age": "52"})
        assert r.status_code == 200 and str(r.url).startswith(f"{base}/interview/")
        assert "Why are you asking?" in r.text
        r = client.post(str(r.url), data={"action": "finish"})
        assert r.status_code == 200 and str(r.url).startswith(f"{base}/assessments/")
        assert "What it could be" in r.text
    assert (data / "lumbus.sqlite3").is_file()
    assert not any("my left calf" in line for line in output), "no personal health data in the logs"
    assert not any("/assessments/" in line for line in output), "no access log by default"


def test_serve_with_two_workers_shares_one_store(tmp_path: Path) -> None:
    """Worker processes migrate once (in the parent) and all write to the same SQLite file without losing a record."""
    data = tmp_path / "data"
    case = {"text": "my right buttock has shrunk and my leg hurts when I sit", "age": 30}
    with _served(data, "--workers", "2") as (base, _output):

        def post(_: int) -> str:
            with httpx.Client(base_url=base, timeout=60) as c:
                r = c.post("/api/v1/assessments", json=case)
                assert r.status_code == 201, r.text
                return str(r.json()["id"])

        with ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(post, range(40)))
        with httpx.Client(base_url=base, timeout=30) as c:
            assert all(c.get(f"/api/v1/assessments/{i}").status_code == 200 for i in ids)
    assert len(set(ids)) == 40
    with sqlite3.connect(data / "lumbus.sqlite3") as db:
        assert db.execute("select count(*) from assessments").fetchone() == (40,)


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


def test_a_bad_thread_count_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pydantic import ValidationError

    from lumbus.web.settings import Settings

    monkeypatch.setenv("LUMBUS_THREADS", "8")
    assert Settings.from_env(tmp_path).threads == 8
    for bad in ("many", "0"):
        monkeypatch.setenv("LUMBUS_THREADS", bad)
        with pytest.raises(ValidationError, match="threads"):
            Settings.from_env(tmp_path)
