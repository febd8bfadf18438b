"""Routes split by concern: ``pages`` (HTML), ``api`` (REST under /api/v1), ``static`` (assets and API docs)."""
