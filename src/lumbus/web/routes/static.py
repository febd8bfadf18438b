"""Static assets from the package and the OpenAPI docs page, with no CDN."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"
"""Swagger UI sets inline styles from its scripts; its scripts themselves are local files."""


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, "docs.html", {"openapi_url": request.app.openapi_url})
    response.headers["Content-Security-Policy"] = DOCS_CSP
    return response
