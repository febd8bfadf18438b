"""From a request's case (words and/or findings) to a stored assessment; shared by the pages and the API.

Validation happens in full before anything is written, and the write is one transaction,
so bad input leaves the store untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from lumbus.assessment import Assessment
from lumbus.case import Case
from lumbus.intake.casefile import CaseInputError, case_from_mapping, merge_text
from lumbus.reasoning.evidence import ContradictionError, UnknownFindingError
from lumbus.store import AssessmentRecordOut, Store, new_assessment, store_assessment
from lumbus.store.repository import Channel
from lumbus.web.problems import ProblemError

_BAD_CASE = (UnknownFindingError, ContradictionError, CaseInputError)
T = TypeVar("T")

ON_LOOP_TEXT_CHARS = 1_000
"""Longer words are read in a thread: reading takes ~17 ms for a short story and 1.6 s for the 20,000-character limit"""
ON_LOOP_BODY_BYTES = 32 * 1024
"""Larger CDS Hooks requests are prepared in a thread: a 256 kB prefetch took ~160 ms to validate and assess"""


async def cpu_work(large: bool, work: Callable[..., T], *args: Any) -> T:
    """Run ``work`` on the event loop, or in a thread when its input is ``large``.

    A millisecond of assessment holds the GIL wherever it runs, and handing it to a thread made the loop
    wait for the GIL behind the other threads (up to the 5 ms switch interval per wait): under 50 clients
    that took a third of the throughput and tripled the 99th percentile. Work that grows with a large
    input goes to a thread all the same, so one long request cannot stop a worker for everyone else.
    """
    return await run_in_threadpool(work, *args) if large else work(*args)


def _problem(exc: Exception) -> ProblemError:
    """The 422 problem for a case that cannot be assessed."""
    if isinstance(exc, UnknownFindingError):
        return ProblemError(422, "unknown_finding", str(exc), finding=exc.finding)
    contradictory = isinstance(exc, ContradictionError) or "contradictory evidence" in str(exc)
    return ProblemError(422, "contradictory_evidence" if contradictory else "invalid_case", str(exc))


def validated_case(data: Any) -> Case:
    """``data`` as a case, exactly as given (the words not yet read); raises :class:`ProblemError` on bad input."""
    _refuse_nul(data, "case")
    try:
        given = case_from_mapping(data, read_text=False)
        if not given.text and not given.evidence:
            raise CaseInputError("give the person's words in 'text', or findings in 'present', 'absent' or 'evidence'")
    except _BAD_CASE as exc:
        raise _problem(exc) from exc
    return given


def assess_given(given: Case) -> Assessment:
    """Assess a validated case, reading its words first; raises :class:`ProblemError` on a case the engine refuses."""
    from lumbus.reasoning.engine import assess

    try:
        return assess(merge_text(given, given.text, date.today()) if given.text else given)
    except _BAD_CASE as exc:
        raise _problem(exc) from exc


async def assess_and_store(store: Store, data: Any, *, channel: Channel) -> AssessmentRecordOut:
    """Validate ``data`` as a case, assess it and store both; raises :class:`ProblemError` on bad input.

    The assessment runs as :func:`cpu_work` says (long words in a thread); the write waits for its turn
    without stopping the loop, in a group commit.
    """
    given = validated_case(data)
    result = await cpu_work(len(given.text or "") > ON_LOOP_TEXT_CHARS, assess_given, given)
    return await store_assessment(store, new_assessment(given, result, channel=channel))


def _refuse_nul(value: Any, where: str) -> None:
    """A NUL character cannot be stored (PostgreSQL's text and JSONB refuse it) and is never part of anyone's words."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ProblemError(422, "invalid_case", f"{where}: contains a NUL character (\\u0000) at position {value.index(chr(0))}")
    elif isinstance(value, dict):
        for k, v in value.items():
            _refuse_nul(k, where)
            _refuse_nul(v, f"{k}" if where == "case" else f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _refuse_nul(v, f"{where}.{i}")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes (before it is all read)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProblemError(413, "body_too_large", f"the request body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError(413, "body_too_large", f"the request body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _not_json(constant: str) -> Any:
    raise ProblemError(400, "malformed_json", f"{constant} is not a JSON value (RFC 8259 has no NaN or Infinity)")


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise ProblemError(400, "malformed_json", "the request body is empty; send a JSON object")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(400, "malformed_json", f"the request body is not UTF-8 (byte {exc.start})") from exc
    try:
        return json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise ProblemError(400, "malformed_json", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc


def require_json(request: Request) -> None:
    """415 unless the request's Content-Type is JSON (``application/json`` or ``+json``)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ProblemError(415, "unsupported_media_type", f"send application/json (the Content-Type was {media or 'none'})")


async def read_json(request: Request, limit: int) -> Any:
    """A JSON request body: 415 unless the Content-Type is JSON, 413 past ``limit`` bytes, 400 if malformed."""
    require_json(request)
    return parse_json(await read_body(request, limit))
