"""CDS Hooks 2.0 endpoints: discovery, the two services and their feedback.

The EHR's bearer token is checked on every service and feedback call (``interop/cds_auth.py``);
errors are RFC 9457 problems with the exact reason and never a 500. A patient-view assessment is
stored so the card can link to its full page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from lumbus.interop import cds_hooks
from lumbus.interop.cds_auth import CdsAuthConfig, TokenError, verify
from lumbus.store import Store, new_assessment, save_cds_feedback, store_assessment
from lumbus.web.problems import ProblemError
from lumbus.web.responses import FastJSONResponse
from lumbus.web.service import ON_LOOP_BODY_BYTES, cpu_work, parse_json, read_body
from lumbus.web.settings import Settings

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"])
_SERVICES = (cds_hooks.PATIENT_VIEW, cds_hooks.LUMBAR_IMAGING)
_OUTCOMES = ("accepted", "overridden")


def _auth(request: Request) -> CdsAuthConfig:
    config: CdsAuthConfig | None = getattr(request.app.state, "cds_auth", None)
    if config is None:
        config = request.app.state.cds_auth = CdsAuthConfig.from_env()
    return config


async def _signed_body(service_id: str, request: Request) -> Any:
    """The parsed body of a call whose service exists and whose bearer token holds.

    Called by the routes themselves rather than as a FastAPI dependency: resolving dependencies was a
    fifteenth of a patient-view call, more than the checks they made.
    """
    if service_id not in _SERVICES:
        raise ProblemError(404, "unknown_service", f"no CDS service {service_id!r}; see GET /cds-services")
    try:
        verify(request.headers.get("authorization"), _auth(request), str(request.url))
    except TokenError as exc:
        raise ProblemError(401, "invalid_token", str(exc)) from exc
    settings: Settings = request.app.state.settings
    return parse_json(await read_body(request, settings.max_body_bytes))


@router.get("", summary="CDS Hooks discovery")
async def discovery() -> dict[str, Any]:
    return cds_hooks.discovery()


@router.post("/{service_id}", summary="Call a CDS service (patient-view or order-select)")
async def call_service(service_id: str, request: Request) -> JSONResponse:
    """Prepared as ``service.cpu_work`` says (a large prefetch in a thread); the write does not stop the loop."""
    body = await _signed_body(service_id, request)
    store: Store = request.app.state.store
    declared = request.headers.get("content-length", "")
    large = not declared.isdigit() or int(declared) > ON_LOOP_BODY_BYTES
    try:
        req, imported, assessment = await cpu_work(large, cds_hooks.prepare, service_id, body)
    except cds_hooks.HookRequestError as exc:
        raise ProblemError(400, "invalid_hook_request", str(exc)) from exc
    if service_id == cds_hooks.LUMBAR_IMAGING:
        return FastJSONResponse(cds_hooks.order_select(req, assessment, imported))
    record = await store_assessment(store, new_assessment(imported.case, assessment, channel="cds"))
    link = f"{str(request.base_url).rstrip('/')}/assessments/{record.id}"
    return FastJSONResponse(cds_hooks.patient_view(req, assessment, imported, link=link))


@router.post("/{service_id}/feedback", summary="What the clinician did with the cards")
async def feedback(service_id: str, request: Request) -> JSONResponse:
    body = await _signed_body(service_id, request)
    store: Store = request.app.state.store
    items = body.get("feedback") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise ProblemError(400, "invalid_feedback", "send {'feedback': [{card, outcome, outcomeTimestamp, ...}]}")
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("card"), str) or item.get("outcome") not in _OUTCOMES:
            raise ProblemError(400, "invalid_feedback", f"feedback[{i}] needs a 'card' uuid and an 'outcome' of accepted or overridden")
    async with store.transaction_on_loop() as session:
        n = save_cds_feedback(session, service_id, items)
    return FastJSONResponse({"recorded": n})
