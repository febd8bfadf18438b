"""Adaptive interviews kept in the store: start, load, save an answer, finish; shared by the pages and the REST API.

The engine (:class:`lumbus.reasoning.interview.Interview`) checks every answer before anything is
written. A write re-reads the row in its transaction (locked on PostgreSQL) and refuses with 409
if another request changed it since it was loaded, so two answers to one question cannot both land.

Resuming a stored state replays every answer through the engine, a cost that grows with the
answers given; so each process keeps the engines it last saved or loaded, keyed by interview id and
used only when the stored state is exactly the one they hold. The store stays the truth: another
replica, or a restart, just replays.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from lumbus.reasoning.interview import DONT_KNOW, Interview, InterviewError, Question
from lumbus.store import AssessmentRecordOut, Store, get_assessment, get_interview, new_assessment, save_assessment, save_interview
from lumbus.store.repository import Channel
from lumbus.web.problems import ProblemError


@dataclass
class StoredInterview:
    """An interview as loaded: its engine (None once it has ended in a result), the state it was loaded from."""

    id: str
    state: dict[str, Any]
    assessment_id: str | None
    interview: Interview | None

    def running(self) -> Interview:
        """The engine of an interview that has not ended; 409 if it has."""
        if self.interview is None:
            raise ProblemError(
                409,
                "interview_finished",
                f"this interview has ended; its result is assessment {self.assessment_id}",
                assessment_id=self.assessment_id,
            )
        return self.interview


KEY_LABELS = {"yes": "Yes", "left": "Yes, on the left", "right": "Yes, on the right", "both": "Yes, on both sides", "no": "No"}
DONT_KNOW_LABEL = "I don't know"


class AnswerKey(BaseModel):
    value: str
    label: str


def answer_keys(q: Question) -> list[AnswerKey]:
    """The answers a question takes, as the page offers them and the API lists them ("don't know" always last)."""
    if q.kind == "yes_no":
        values = ["yes", *(["left", "right", "both"] if q.lateral else []), "no"]
        keys = [AnswerKey(value=v, label=KEY_LABELS[v]) for v in values]
    elif q.kind == "number":
        keys = []
    else:
        keys = [AnswerKey(value=o.id, label=o.label) for o in q.options]
    return [*keys, AnswerKey(value=DONT_KNOW, label=DONT_KNOW_LABEL)]


class _Engines:
    """Interview engines by id with the state each one stands for; handed out as copies, so requests never share one."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[dict[str, Any], Interview]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, interview_id: str, state: dict[str, Any]) -> Interview | None:
        with self._lock:
            found = self._items.get(interview_id)
            if found is None or found[0] != state:
                return None
            self._items.move_to_end(interview_id)
        return found[1].copy()

    def put(self, interview_id: str, state: dict[str, Any], interview: Interview) -> None:
        interview.next_question()  # chosen once here, and kept with the copy
        with self._lock:
            self._items[interview_id] = (state, interview.copy())
            self._items.move_to_end(interview_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


ENGINES = _Engines(512)


def create(store: Store, interview: Interview) -> str:
    """Store a new interview; returns its unguessable id."""
    state = interview.to_json()
    with store.transaction() as session:
        interview_id = save_interview(session, state)
    ENGINES.put(interview_id, state, interview)
    return interview_id


def load(store: Store, interview_id: str) -> StoredInterview:
    """The stored interview; 404 if there is none, 409 if it was saved under another knowledge-base version."""
    with store.reader() as session:
        found = get_interview(session, interview_id)
    if found is None:
        raise ProblemError(404, "not_found", f"no interview with id {interview_id!r}")
    state, assessment_id = found
    if assessment_id:
        return StoredInterview(interview_id, state, assessment_id, None)
    interview = ENGINES.get(interview_id, state)
    if interview is None:
        try:
            interview = Interview.from_json(state)
        except InterviewError as exc:
            raise ProblemError(409, "interview_outdated", f"this interview cannot continue: {exc}") from exc
        ENGINES.put(interview_id, state, interview)
    return StoredInterview(interview_id, state, None, interview)


def _unchanged(session: Any, stored: StoredInterview) -> None:
    found = get_interview(session, stored.id, lock=True)
    if found is None or found != (stored.state, stored.assessment_id):
        raise ProblemError(409, "interview_changed", "the interview changed while this request was handled; load it again and retry")


def save(store: Store, stored: StoredInterview) -> None:
    """Write the engine's state in place of the one it was loaded from."""
    interview = stored.running()
    state = interview.to_json()
    with store.transaction() as session:
        _unchanged(session, stored)
        save_interview(session, state, stored.id)
    ENGINES.put(stored.id, state, interview)


def finish(store: Store, interview: Interview, interview_id: str | None, *, channel: Channel) -> AssessmentRecordOut:
    """Assess what the interview knows and store it, linked to the interview (if it is stored).

    An interview that another request has just finished keeps that result: the row is re-read under
    lock, and its assessment is returned rather than a second one stored.
    """
    assessment = interview.assessment()
    with store.transaction() as session:
        if interview_id:
            found = get_interview(session, interview_id, lock=True)
            if found is not None and found[1]:
                done = get_assessment(session, found[1])
                if done is not None:
                    return done
        record = save_assessment(session, new_assessment(interview.case(), assessment, channel=channel))
        if interview_id:
            save_interview(session, interview.to_json(), interview_id, assessment_id=record.id)
    return record
