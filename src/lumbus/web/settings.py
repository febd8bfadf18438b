"""Settings of the web app, from arguments or the environment (``LUMBUS_DATABASE_URL``, ``LUMBUS_DATA_DIR``)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from lumbus.store.db import database_url

DATA_DIR_ENV = "LUMBUS_DATA_DIR"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = Field(description="SQLAlchemy URL; SQLite under the data directory unless LUMBUS_DATABASE_URL is set")
    max_body_bytes: int = Field(256 * 1024, ge=1024, description="larger request bodies are refused with 413")
    warm_up: bool = Field(True, description="load the free-text reader at startup, so the first person does not wait")

    @classmethod
    def from_env(cls, data_dir: Path | None = None, *, warm_up: bool = True) -> Settings:
        folder = data_dir if data_dir is not None else Path(os.environ.get(DATA_DIR_ENV, "data"))
        return cls(database_url=database_url(folder), warm_up=warm_up)
