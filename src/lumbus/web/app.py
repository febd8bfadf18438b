"""The app factory: store, migrations at startup, routes, errors, security headers, local assets."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lumbus import __version__
from lumbus.store import Store
from lumbus.web.auth import LoginRequired, utcnow
from lumbus.web.deps import STATIC_DIR, make_templates
from lumbus.web.problems import ProblemError, api_http_problem, on_problem, on_validation, problem_response
from lumbus.web.settings import Settings

log = logging.getLogger("lumbus.web")

API_PREFIX = "/api/"
PRIVATE_PREFIXES = (
    "/assessments/",
    "/api/v1/assessments",
    "/api/v1/interviews",
    "/cds-services/",
    "/interview/",
    "/clinic",
    "/api/v1/people",
    "/api/v1/audit",
)
"""Responses that carry a person's health data: never cached by browsers or proxies."""
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"


def warm_up() -> None:
    """Build the free-text reader and the compiled knowledge base once, before the first request.

    Then move everything built so far out of the cycle collector's reach (``gc.freeze``): it lives as
    long as the process, and a full collection over those ~200,000 objects took ~130 ms, paid by
    every request waiting at the time (it set the 99th percentile under load).
    """
    from lumbus.intake.text import read_text
    from lumbus.knowledge.compiled import compiled_packaged

    compiled_packaged()
    read_text("warm up")
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    store = Store(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        store.upgrade()
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        app.state.pdf_limiter = anyio.CapacityLimiter(1)  # one PDF laid out at a time, outside the threads above
        if settings.warm_up:
            warm_up()
        yield
        store.close()

    app = FastAPI(
        title="Lumbus",
        version=__version__,
        summary="Decision support for lower back weakness and muscle atrophy. Not a diagnosis.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.clock = utcnow  # the time sessions and the failed sign-in limit go by (tests move it on)
    app.state.templates = make_templates()
    from lumbus.report.pdf import RenderedReports

    app.state.reports = RenderedReports()

    from lumbus.web.routes import (
        api,
        api_interviews,
        api_questionnaires,
        cds,
        clinic,
        interview,
        pages,
        people_api,
        questionnaires,
        report,
        static,
    )

    app.include_router(api.router)  # machines' routes first: a request is matched against routers in order
    app.include_router(cds.router)
    app.include_router(api_interviews.router)
    app.include_router(api_questionnaires.router)
    app.include_router(questionnaires.router)
    app.include_router(people_api.router)
    app.include_router(clinic.router)
    app.include_router(interview.router)
    app.include_router(pages.router)
    app.include_router(report.router)
    app.include_router(static.router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(LoginRequired, clinic.to_login)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(SQLAlchemyError, _store_error)
    app.add_middleware(SecurityHeaders)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith(API_PREFIX):
        return api_http_problem(request, exc)
    templates = request.app.state.templates
    title = "Not found" if exc.status_code == 404 else "Something went wrong"
    response: Response = templates.TemplateResponse(
        request, "error.html", {"title": title, "message": str(exc.detail)}, status_code=exc.status_code
    )
    return response


async def _store_error(request: Request, exc: Exception) -> Response:
    """The store failed: say so (503) and log the kind of error only, never the statement's values."""
    log.error("store error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    detail = "the store is unavailable; nothing was stored, please try again later"
    if request.url.path.startswith(API_PREFIX):
        return problem_response(request, 503, "store_unavailable", detail)
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, "error.html", {"title": "Please try again later", "message": "We could not reach the store; nothing was saved."}, 503
    )
    return response


class SecurityHeaders:
    """Security and caching headers on every response (plain ASGI: no per-request task as with ``BaseHTTPMiddleware``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = str(scope["path"]).startswith(PRIVATE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        from lumbus.web.routes.api import extra_schemas

        schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(extra_schemas())
        app.openapi_schema = schema
    return app.openapi_schema
