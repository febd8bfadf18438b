"""Repository functions: the only way the rest of Lumbus reads or writes stored assessments."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Literal, cast

from pydantic_core import to_json
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from lumbus.assessment import Assessment
from lumbus.case import Case
from lumbus.store.db import EncodedJSON, Store
from lumbus.store.models import AssessmentRecord, CdsFeedback, InterviewRecord

_ASSESSMENTS = cast(Table, AssessmentRecord.__table__)

Channel = Literal["web", "api", "cds", "clinic"]


class AssessmentRecordOut:
    """A stored (or about to be stored) assessment. ``result`` is the Assessment as JSON data and
    ``result_json`` as JSON text; a record just made holds the Assessment itself and encodes it once,
    when first needed (encoding it to a dict and then to text for the store and again for the response
    was a sixth of a stored API request)."""

    def __init__(
        self,
        id: str,
        created_at: datetime,
        channel: str,
        case: dict[str, Any],
        result: dict[str, Any] | Assessment,
        person_id: str | None = None,
    ) -> None:
        self.id, self.created_at, self.channel, self.case, self.person_id = id, created_at, channel, case, person_id
        self._made = result if isinstance(result, Assessment) else None
        if isinstance(result, dict):
            self.__dict__["result"] = result

    @cached_property
    def result(self) -> dict[str, Any]:
        assert self._made is not None
        return self._made.model_dump(mode="json")

    @cached_property
    def result_json(self) -> str:
        return self._made.model_dump_json() if self._made is not None else to_json(self.result).decode()

    @property
    def kb_version(self) -> str:
        return self._made.kb_version if self._made is not None else str(self.result["kb_version"])

    @property
    def urgency(self) -> str:
        return self._made.triage.level.value if self._made is not None else str(self.result["triage"]["level"])

    @property
    def top_condition(self) -> str | None:
        if self._made is not None:
            return self._made.differential[0].condition.id if self._made.differential else None
        differential = self.result.get("differential") or []
        return str(differential[0]["condition"]["id"]) if differential else None

    def assessment(self) -> Assessment:
        return self._made if self._made is not None else Assessment.model_validate(self.result)


def assessment_out(rec: AssessmentRecord) -> AssessmentRecordOut:
    return AssessmentRecordOut(
        id=rec.id, created_at=rec.created_at, channel=rec.channel, case=rec.case_input, result=rec.result, person_id=rec.person_id
    )


def new_assessment(case: Case, assessment: Assessment, *, channel: Channel, person_id: str | None = None) -> AssessmentRecordOut:
    """The record of an assessment about to be stored, with its new id: built before the write
    transaction, so a writer holds SQLite's one-writer turn only for the INSERT and the commit."""
    return AssessmentRecordOut(
        id=str(uuid.uuid4()),
        created_at=datetime.now(UTC),
        channel=channel,
        case=case.model_dump(mode="json", exclude_none=True),
        result=assessment,
        person_id=person_id,
    )


def assessment_row(record: AssessmentRecordOut) -> dict[str, Any]:
    """The table row of a record (from :func:`new_assessment`)."""
    return {
        "id": record.id,
        "created_at": record.created_at,
        "kb_version": record.kb_version,
        "channel": record.channel,
        "urgency": record.urgency,
        "top_condition": record.top_condition,
        "case_input": record.case,
        "result": EncodedJSON(record.result_json),
        "person_id": record.person_id,
    }


def save_assessment(session: Session, record: AssessmentRecordOut) -> AssessmentRecordOut:
    """Add ``record`` (from :func:`new_assessment`) inside the caller's transaction.

    One Core INSERT rather than the ORM's unit of work: a record is never changed after it is
    written, and the unit of work was two thirds of a stored API request's time in the store.
    """
    session.execute(insert(_ASSESSMENTS), assessment_row(record))
    return record


async def store_assessment(store: Store, record: AssessmentRecordOut) -> AssessmentRecordOut:
    """Store ``record`` from code on the event loop, committed with the other rows written meanwhile."""
    await store.insert_on_loop(_ASSESSMENTS, assessment_row(record))
    return record


def get_assessment(session: Session, assessment_id: str) -> AssessmentRecordOut | None:
    rec = session.get(AssessmentRecord, assessment_id)
    return None if rec is None else assessment_out(rec)


def count_assessments(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AssessmentRecord)) or 0)


def save_cds_feedback(session: Session, service_id: str, items: list[dict[str, Any]]) -> int:
    """Record each feedback item (already validated) inside the caller's transaction; returns how many."""
    now = datetime.now(UTC)
    for item in items:
        reason = item.get("overrideReason") or {}
        code = (reason.get("reason") or {}).get("code") or reason.get("userComment")
        session.add(
            CdsFeedback(
                id=str(uuid.uuid4()),
                created_at=now,
                service_id=service_id,
                card=item["card"],
                outcome=item["outcome"],
                override_reason=str(code)[:200] if code else None,
                accepted_suggestions=len(item.get("acceptedSuggestions") or []),
                outcome_at=item.get("outcomeTimestamp"),
            )
        )
    session.flush()
    return len(items)


def count_cds_feedback(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(CdsFeedback)) or 0)


def save_interview(session: Session, state: dict[str, Any], interview_id: str | None = None, assessment_id: str | None = None) -> str:
    """Create (no id) or update an interview's state inside the caller's transaction; returns its id."""
    now = datetime.now(UTC)
    rec = session.get(InterviewRecord, interview_id) if interview_id else None
    if rec is None:
        rec = InterviewRecord(id=interview_id or str(uuid.uuid4()), created_at=now, updated_at=now, state=state)
        session.add(rec)
    rec.state = state
    rec.updated_at = now
    rec.assessment_id = assessment_id or rec.assessment_id
    session.flush()
    return rec.id


def get_interview(session: Session, interview_id: str, *, lock: bool = False) -> tuple[dict[str, Any], str | None] | None:
    """An interview's saved state and, once it has ended, its assessment id.

    ``lock`` (inside a transaction) holds the row until commit on PostgreSQL (``FOR UPDATE``), so a
    check-then-write of the state cannot interleave with another request's.
    """
    rec = session.get(InterviewRecord, interview_id, with_for_update=lock, populate_existing=lock)
    return None if rec is None else (rec.state, rec.assessment_id)


def get_interview_of_assessment(session: Session, assessment_id: str) -> dict[str, Any] | None:
    """The saved state of the interview that ended in this assessment, if it came from one."""
    state = session.scalar(select(InterviewRecord.state).where(InterviewRecord.assessment_id == assessment_id).limit(1))
    return None if state is None else dict(state)
