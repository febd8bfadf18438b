"""Settings of the web app, from arguments or the environment.

``LUMBUS_DATABASE_URL``, ``LUMBUS_DATA_DIR``; for the clinician pages ``LUMBUS_SECRET_KEY`` (signs
session cookies; when unset, a random key is made once and kept in the store, so replicas share it)
and ``LUMBUS_SECURE_COOKIES=1`` (cookies only over HTTPS); ``LUMBUS_THREADS`` (assessments run at once per process).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from lumbus.store.db import database_url

DATA_DIR_ENV = "LUMBUS_DATA_DIR"
SECRET_KEY_ENV = "LUMBUS_SECRET_KEY"
SECURE_COOKIES_ENV = "LUMBUS_SECURE_COOKIES"
THREADS_ENV = "LUMBUS_THREADS"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = Field(description="SQLAlchemy URL; SQLite under the data directory unless LUMBUS_DATABASE_URL is set")
    max_body_bytes: int = Field(256 * 1024, ge=1024, description="larger request bodies are refused with 413")
    warm_up: bool = Field(True, description="load the free-text reader at startup, so the first person does not wait")
    secret_key: str | None = Field(None, min_length=16, repr=False, description="signs session cookies; None: a key kept in the store")
    secure_cookies: bool = Field(False, description="send the session cookie over HTTPS only (set behind TLS)")
    threads: int = Field(
        4,
        ge=1,
        le=256,
        description="threads per worker process for the pages' interview steps, store reads and password checks"
        " (the API's assessments and CDS calls run on the event loop); this is CPU work, so more threads than cores"
        " only make them take turns holding the GIL (anyio's default of 40 was a third slower than 4)",
    )

    @classmethod
    def from_env(cls, data_dir: Path | None = None, *, warm_up: bool = True) -> Settings:
        folder = data_dir if data_dir is not None else Path(os.environ.get(DATA_DIR_ENV, "data"))
        secure = os.environ.get(SECURE_COOKIES_ENV, "").strip().lower() in ("1", "true", "yes")
        secret = os.environ.get(SECRET_KEY_ENV, "").strip() or None
        threads = os.environ.get(THREADS_ENV, "4")  # validated (and its error worded) by the model, like every field
        values = {"database_url": database_url(folder), "warm_up": warm_up, "secret_key": secret, "secure_cookies": secure}
        return cls.model_validate({**values, "threads": threads})
