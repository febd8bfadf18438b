"""The clinic's people, their measurements and their assessments: repository functions.

Each write runs inside the caller's transaction (``Store.transaction``), so a request that
fails half-way stores nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lumbus.store.models import AssessmentRecord, Measurement, Person
from lumbus.store.repository import AssessmentRecordOut, assessment_out


class PersonError(ValueError):
    """A person cannot be stored as given; the message says why."""


@dataclass(frozen=True)
class PersonOut:
    id: str
    label: str
    birth_year: int | None
    sex: str | None
    created_at: datetime

    def age(self, today: date | None = None) -> int | None:
        """Age in whole years as far as the year of birth tells (it may be one year more)."""
        return None if self.birth_year is None else (today or date.today()).year - self.birth_year


@dataclass(frozen=True)
class PersonSummary:
    person: PersonOut
    latest_urgency: str | None
    latest_at: datetime | None
    assessments: int


@dataclass(frozen=True)
class MeasurementOut:
    id: str
    person_id: str
    measured_on: date
    kind: str
    site: str | None
    side: str | None
    value: float
    unit: str
    recorded_by: str


def _person(rec: Person) -> PersonOut:
    return PersonOut(id=rec.id, label=rec.label, birth_year=rec.birth_year, sex=rec.sex, created_at=rec.created_at)


def _measurement(rec: Measurement) -> MeasurementOut:
    return MeasurementOut(
        id=rec.id,
        person_id=rec.person_id,
        measured_on=rec.measured_on,
        kind=rec.kind,
        site=rec.site,
        side=rec.side,
        value=rec.value,
        unit=rec.unit,
        recorded_by=rec.recorded_by,
    )


def create_person(session: Session, label: str, *, birth_year: int | None, sex: str | None, created_by: str) -> PersonOut:
    """Add a person; labels are unique within the clinic."""
    if session.scalar(select(Person.id).where(Person.label == label)) is not None:
        raise PersonError(f"label: there is already a person labelled {label!r}")
    rec = Person(id=str(uuid.uuid4()), label=label, birth_year=birth_year, sex=sex, created_at=datetime.now(UTC), created_by=created_by)
    session.add(rec)
    session.flush()
    return _person(rec)


def get_person(session: Session, person_id: str) -> PersonOut | None:
    rec = session.get(Person, person_id)
    return None if rec is None else _person(rec)


def list_people(session: Session) -> list[PersonSummary]:
    """Every person with the urgency of their latest assessment, most recently assessed first."""
    latest = (
        select(AssessmentRecord.person_id, func.max(AssessmentRecord.created_at).label("at"), func.count().label("n"))
        .where(AssessmentRecord.person_id.is_not(None))
        .group_by(AssessmentRecord.person_id)
        .subquery()
    )
    rows = session.execute(
        select(Person, latest.c.at, latest.c.n, AssessmentRecord.urgency)
        .outerjoin(latest, latest.c.person_id == Person.id)
        .outerjoin(AssessmentRecord, (AssessmentRecord.person_id == Person.id) & (AssessmentRecord.created_at == latest.c.at))
        .order_by(latest.c.at.desc().nulls_last(), Person.label)
    ).all()
    seen: dict[str, PersonSummary] = {}
    for person, at, n, urgency in rows:
        seen.setdefault(person.id, PersonSummary(person=_person(person), latest_urgency=urgency, latest_at=at, assessments=int(n or 0)))
    return list(seen.values())


def count_people(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def add_measurement(
    session: Session,
    person_id: str,
    *,
    measured_on: date,
    kind: str,
    value: float,
    unit: str,
    recorded_by: str,
    site: str | None = None,
    side: str | None = None,
) -> MeasurementOut:
    """Add a measurement (already checked against its kind: lumbus.instruments.measures.check_measurement)."""
    rec = Measurement(
        id=str(uuid.uuid4()),
        person_id=person_id,
        measured_on=measured_on,
        kind=kind,
        site=site,
        side=side,
        value=value,
        unit=unit,
        recorded_by=recorded_by,
        created_at=datetime.now(UTC),
    )
    session.add(rec)
    session.flush()
    return _measurement(rec)


def list_measurements(session: Session, person_id: str) -> list[MeasurementOut]:
    """A person's measurements, oldest first (by date, then by when they were entered)."""
    rows = session.scalars(
        select(Measurement).where(Measurement.person_id == person_id).order_by(Measurement.measured_on, Measurement.created_at)
    )
    return [_measurement(r) for r in rows]


def count_measurements(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Measurement)) or 0)


def person_assessments(session: Session, person_id: str) -> list[AssessmentRecordOut]:
    """A person's assessments, newest first."""
    rows = session.scalars(
        select(AssessmentRecord).where(AssessmentRecord.person_id == person_id).order_by(AssessmentRecord.created_at.desc())
    )
    return [assessment_out(r) for r in rows]
