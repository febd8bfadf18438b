"""Errors of the REST API as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details; ``code`` names the kind of error for programs, ``detail`` says exactly what is wrong."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    code: str


class ProblemError(Exception):
    """Raised by a route to answer with a problem; nothing has been stored when it is raised."""

    def __init__(self, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers
        self.extra = extra


def problem_response(
    request: Request, status: int, code: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, instance=request.url.path, code=code, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(request, exc.status, exc.code, exc.detail, headers=exc.headers, **exc.extra)


async def on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "path", "query"))
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    return problem_response(request, 422, "invalid_request", "; ".join(parts))


def api_http_problem(request: Request, exc: HTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).description
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such resource: {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    return problem_response(request, exc.status_code, HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_"), detail)


def problem_doc(description: str) -> dict[str, Any]:
    """An OpenAPI response entry for a problem of this kind."""
    return {"model": Problem, "description": description, "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: problem_doc("Malformed JSON"),
    413: problem_doc("Request body too large"),
    415: problem_doc("Not JSON"),
    422: problem_doc("Not a valid case: unknown finding ids, contradictory evidence, text too long or empty, age or sex out of range"),
}
