"""The bare assessment endpoint the API benchmark compares against: the same engine behind the same server.

``POST /assess`` reads a JSON case, assesses it and returns the Assessment JSON, in one ASGI callable:
no framework routing, no validation of the request beyond the case itself, no problem documents, no
store. ``GET /health`` answers ``{"status": "ok"}``. What the full API takes beyond this is the cost
of Lumbus's own web layer and store, which is what ``bench_api.py`` reports as a ratio.
Served by uvicorn with the same worker count as ``lumbus serve``: ``uvicorn bench.bare_app:app``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic_core import to_json

from lumbus.intake.casefile import case_from_mapping
from lumbus.reasoning.engine import assess
from lumbus.web.app import warm_up

Scope = dict[str, Any]


async def app(scope: Scope, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            warm_up()  # the same start-up as lumbus serve: knowledge base, text reader, frozen heap
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["method"] == "POST":
        payload = to_json(assess(case_from_mapping(json.loads(body))).model_dump(mode="json"))
    else:
        payload = b'{"status":"ok"}'
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": payload})
