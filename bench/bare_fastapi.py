"""The issue's baseline for the API benchmark: a bare FastAPI endpoint returning a constant.

``POST /constant`` reads the request body and returns, unchanged, one assessment's JSON computed at start-up
(the structured case that ``bench_api.py`` sends), so the response is as large as a real one; ``GET /constant``
returns a two-field constant. No validation, engine, store or middleware. The difference between this and
``POST /api/v1/assessments`` is what assessing and storing a case costs on top of HTTP, FastAPI and the
bytes on the wire. Served by uvicorn with the same worker count as ``lumbus serve``:
``uvicorn bare_fastapi:app --app-dir bench``.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from pydantic_core import to_json

from lumbus.api import assess
from lumbus.case import Case, Evidence

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
_CASE = Case(age=40, evidence=[Evidence(finding=f) for f in ("leg_weakness", "muscle_atrophy", "low_back_pain")])
ASSESSMENT = to_json(assess(_CASE).model_dump(mode="json"))
SMALL = b'{"status":"ok","kb":"constant"}'


@app.post("/constant")
async def constant_assessment(request: Request) -> Response:
    await request.body()
    return Response(content=ASSESSMENT, media_type="application/json", status_code=201)


@app.get("/constant")
async def constant_small() -> Response:
    return Response(content=SMALL, media_type="application/json")
