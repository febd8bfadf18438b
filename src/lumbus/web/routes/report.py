"""The doctor's report: GET /assessments/{id}/report.pdf, the result page's content laid out for print."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from lumbus.knowledge.loader import load_packaged
from lumbus.report.pdf import RenderedReports
from lumbus.store import Store, get_assessment, get_interview_of_assessment
from lumbus.web.deps import get_store

router = APIRouter(include_in_schema=False)


def load_result(store: Store, assessment_id: str) -> dict[str, Any] | None:
    """The result page's and the report's context for a stored assessment; None if there is none."""
    from lumbus.report.document import result_context

    with store.reader() as session:
        record = get_assessment(session, assessment_id)
        state = get_interview_of_assessment(session, assessment_id) if record is not None else None
    return None if record is None else result_context(load_packaged(), record, state)


def not_found(request: Request) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "error.html", {"title": "Not found", "message": "There is no result at this address."}, status_code=404
    )
    return response


@router.get("/assessments/{assessment_id}/report.pdf", response_model=None)
async def report_pdf(request: Request, assessment_id: str, store: Annotated[Store, Depends(get_store)]) -> Response:
    context = await run_in_threadpool(load_result, store, assessment_id)
    if context is None:
        return not_found(request)
    record = context["record"]
    template = request.app.state.templates.env.get_template("report.html")
    reports: RenderedReports = request.app.state.reports
    key = (record.id, load_packaged().meta.kb_version)
    pdf = reports.cached(key)
    if pdf is None:
        pdf = await anyio.to_thread.run_sync(reports.render, key, template.render(context), limiter=request.app.state.pdf_limiter)
    filename = f"lumbus-report-{record.created_at:%Y-%m-%d}-{record.id[:8]}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
