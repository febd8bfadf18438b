"""`lumbus serve` as a real process on a free loopback port, for tests that need a real server (browsers, HTTP clients)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

START_TIMEOUT_S = 90.0
"""`lumbus serve` is ready in 7-13 s on a quiet machine (migrations, then the free-text reader); a busy CI machine gets slack."""


@dataclass(frozen=True)
class LiveServer:
    url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        """What the server has written to stdout and stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def lumbus_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without the store settings a developer may have set, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in ("LUMBUS_DATABASE_URL", "LUMBUS_DATA_DIR")}
    env.update(extra or {})
    return env


@contextmanager
def serve(data_dir: Path, env: Mapping[str, str] | None = None) -> Iterator[LiveServer]:
    """Start ``lumbus serve`` on an SQLite file in ``data_dir``, wait for /api/v1/health, and stop it afterwards."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = data_dir / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "lumbus.cli", "serve", "--port", str(port), "--data-dir", str(data_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=lumbus_env(env),
        )
    server = LiveServer(f"http://127.0.0.1:{port}", data_dir, log_path, process)
    try:
        _wait_until_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(server: LiveServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"lumbus serve exited with {server.process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"lumbus serve was not healthy within {START_TIMEOUT_S:.0f} s:\n{server.log()}")
        time.sleep(0.2)
