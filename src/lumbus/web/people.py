"""The clinic's people on the pages and the API: validation, measurements, audit and re-assessment.

Everything is checked before the one transaction that writes, so bad input stores nothing;
every read or write of a person's record adds an audit entry (ids only) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.orm import Session

from lumbus.instruments.evidence import instrument_evidence
from lumbus.instruments.measures import Latest, check_measurement, evidence_entries
from lumbus.instruments.scoring import AnswerError
from lumbus.intake.casefile import CaseInputError, describe_validation_error
from lumbus.store import AssessmentRecordOut, Store, new_assessment, save_assessment
from lumbus.store.accounts import AccountOut, audit
from lumbus.store.people import (
    MeasurementOut,
    PersonError,
    PersonOut,
    add_measurement,
    create_person,
    get_person,
    list_measurements,
    person_assessments,
)
from lumbus.web.problems import ProblemError
from lumbus.web.service import assess_given, validated_case


class PersonIn(BaseModel):
    """A person as the clinic registers them: a pseudonymous label, never a name."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"label": "P-0042", "birth_year": 1961, "sex": "male"}]})

    label: str = Field(min_length=1, max_length=80, pattern=r"^[^\x00-\x1f\x7f]+$", description="the clinic's pseudonymous reference")
    birth_year: int | None = Field(None, ge=1900, le=2100)
    age: int | None = Field(None, ge=0, le=120, description="age in years, when the year of birth is not given")
    sex: Literal["female", "male"] | None = None

    @model_validator(mode="after")
    def _one_age(self) -> PersonIn:
        if self.birth_year is not None and self.age is not None:
            raise ValueError("give birth_year or age, not both")
        if self.birth_year is not None and self.birth_year > date.today().year:
            raise ValueError(f"birth_year {self.birth_year} is in the future")
        return self


class MeasurementIn(BaseModel):
    """One measured value; ``site`` is the muscle group of an MRC grade."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"date": "2026-11-01", "kind": "oswestry", "value": 42},
                {"date": "2026-11-01", "kind": "mrc", "site": "ankle_dorsiflexion", "side": "left", "value": 3},
                {"date": "2026-11-01", "kind": "grip_strength", "side": "right", "value": 24.5},
            ]
        },
    )

    date: date
    kind: str = Field(min_length=1, max_length=40)
    site: str | None = Field(None, max_length=40)
    side: Literal["left", "right"] | None = None
    value: float = Field(allow_inf_nan=False)


def _invalid(exc: ValidationError, root: str) -> ProblemError:
    return ProblemError(422, "invalid_request", describe_validation_error(exc, root=root))


def parse_person(data: Any) -> PersonIn:
    try:
        return PersonIn.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc, "person") from exc


def parse_measurement(data: Any) -> MeasurementIn:
    try:
        m = MeasurementIn.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc, "measurement") from exc
    if m.date > date.today():
        raise ProblemError(422, "invalid_measurement", f"date: {m.date.isoformat()} is in the future")
    try:
        check_measurement(m.kind, m.value, site=m.site, side=m.side)
    except AnswerError as exc:
        raise ProblemError(422, "invalid_measurement", str(exc)) from exc
    return m


def register_person(store: Store, given: PersonIn, actor: AccountOut) -> PersonOut:
    birth_year = given.birth_year if given.age is None else date.today().year - given.age
    with store.transaction() as session:
        try:
            person = create_person(session, given.label.strip(), birth_year=birth_year, sex=given.sex, created_by=actor.username)
        except PersonError as exc:
            raise ProblemError(409, "duplicate_label", str(exc)) from exc
        audit(session, actor, "created", "person", person.id)
    return person


def record_measurements(store: Store, person_id: str, given: Sequence[MeasurementIn], actor: AccountOut) -> list[MeasurementOut]:
    """Store several measurements of one person together (all or none)."""
    with store.transaction() as session:
        _person_or_404(session, person_id)
        return _add(session, person_id, given, actor)


def _add(session: Session, person_id: str, given: Sequence[MeasurementIn], actor: AccountOut) -> list[MeasurementOut]:
    out = []
    for m in given:
        kind = check_measurement(m.kind, m.value, site=m.site, side=m.side)
        rec = add_measurement(
            session,
            person_id,
            measured_on=m.date,
            kind=m.kind,
            value=m.value,
            unit=kind.unit,
            recorded_by=actor.username,
            site=m.site,
            side=m.side,
        )
        audit(session, actor, "created", "measurement", rec.id)
        out.append(rec)
    return out


def _person_or_404(session: Session, person_id: str) -> PersonOut:
    person = get_person(session, person_id)
    if person is None:
        raise ProblemError(404, "not_found", f"no person with id {person_id!r}")
    return person


@dataclass(frozen=True)
class PersonRecord:
    person: PersonOut
    assessments: list[AssessmentRecordOut]
    measurements: list[MeasurementOut]


def open_record(store: Store, person_id: str, actor: AccountOut) -> PersonRecord:
    """A person's record, audited as viewed."""
    with store.transaction() as session:
        person = _person_or_404(session, person_id)
        record = PersonRecord(person, person_assessments(session, person_id), list_measurements(session, person_id))
        audit(session, actor, "viewed", "person", person_id)
    return record


def latest_values(measurements: list[MeasurementOut]) -> list[Latest]:
    """The latest value of each series (kind, site, side); measurements come oldest first."""
    latest: dict[tuple[str, str | None, str | None], Latest] = {}
    for m in measurements:
        latest[(m.kind, m.site, m.side)] = Latest(kind=m.kind, site=m.site, side=m.side, value=m.value)
    return list(latest.values())


def reassess(
    store: Store,
    person_id: str,
    new: dict[str, Any],
    actor: AccountOut,
    *,
    use_latest: bool = True,
    record: Sequence[MeasurementIn] = (),
) -> AssessmentRecordOut:
    """Assess the person's case again with new findings, exam or test results, and their latest measurements.

    ``new`` holds ``present``/``absent``/``evidence`` and ``instruments`` entries (as in a case file);
    ``record`` are measurements taken now (MRC grades of the exam), stored with the assessment.
    What is new wins over the latest measurements, which win over the previous assessment's evidence.
    """
    unknown = set(new) - {"present", "absent", "evidence", "instruments"}
    if unknown:
        raise ProblemError(422, "invalid_case", f"{sorted(unknown)[0]}: unknown key; give present, absent, evidence or instruments")
    with store.reader() as session:
        person = _person_or_404(session, person_id)
        previous = person_assessments(session, person_id)
        measurements = list_measurements(session, person_id)
    base: dict[str, Any] = dict(previous[0].case) if previous else {}
    entries = list(new.get("instruments") or [])
    if not isinstance(entries, list):
        raise ProblemError(422, "invalid_case", "instruments: must be a list of {instrument, answers}")
    if use_latest:
        taken = [Latest(kind=m.kind, site=m.site, side=m.side, value=m.value) for m in record]
        entries += evidence_entries(latest_values(measurements) + taken, sex=person.sex)
    try:
        scored = [e.model_dump(mode="json", exclude_none=True) for e in instrument_evidence(entries, sex=person.sex)]
    except (AnswerError, CaseInputError) as exc:
        raise ProblemError(422, "invalid_answers", str(exc)) from exc
    for key in ("present", "absent", "evidence"):
        if not isinstance(new.get(key, []), list):
            raise ProblemError(422, "invalid_case", f"{key}: must be a list")
    explicit: list[Any] = list(new.get("evidence") or [])
    explicit += [{"finding": f, "present": True} for f in new.get("present") or []]
    explicit += [{"finding": f, "present": False} for f in new.get("absent") or []]
    named = {e.get("finding") for e in explicit if isinstance(e, dict)}
    evidence = explicit + [e for e in scored if e["finding"] not in named]
    named |= {e["finding"] for e in scored}
    evidence += [e for e in base.get("evidence", []) if e.get("finding") not in named]
    mapping = {k: v for k, v in base.items() if k in ("text", "duration_days")}
    mapping.update(evidence=evidence, age=person.age() or base.get("age"), sex=person.sex or base.get("sex"))
    mapping = {k: v for k, v in mapping.items() if v is not None}
    given = validated_case(mapping)
    result = assess_given(given)
    with store.transaction() as session:
        saved = save_assessment(session, new_assessment(given, result, channel="clinic", person_id=person_id))
        audit(session, actor, "created", "assessment", saved.id)
        _add(session, person_id, record, actor)
    return saved
