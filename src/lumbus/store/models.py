"""SQLAlchemy 2 models. Every schema change is an Alembic migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JsonDoc = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class AssessmentRecord(Base):
    """One assessment as it was given: the case that went in and the Assessment JSON that came out.

    The result is stored, not recomputed, so a record reads the same after the knowledge base changes.
    """

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kb_version: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(16))
    """where it came in: ``web`` (the patient pages) or ``api``"""
    urgency: Mapped[str] = mapped_column(String(16))
    top_condition: Mapped[str | None] = mapped_column(String(80))
    case_input: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    """the case as given (words, age, sex, structured evidence), before intake read the words"""
    result: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    person_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("people.id", ondelete="RESTRICT"))
    """the clinic's person this assessment belongs to (none for the anonymous patient pages)"""

    __table_args__ = (Index("ix_assessments_created_at", "created_at"), Index("ix_assessments_person_id", "person_id"))


class CdsFeedback(Base):
    """What a clinician did with a CDS Hooks card (CDS Hooks 2.0 feedback): no health data, only the outcome."""

    __tablename__ = "cds_feedback"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    service_id: Mapped[str] = mapped_column(String(80))
    card: Mapped[str] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(16))
    """``accepted`` or ``overridden``"""
    override_reason: Mapped[str | None] = mapped_column(String(200))
    accepted_suggestions: Mapped[int] = mapped_column()
    outcome_at: Mapped[str | None] = mapped_column(String(40))


class InterviewRecord(Base):
    """An adaptive interview in progress on the patient pages: its resumable state, and the assessment it ended in."""

    __tablename__ = "interviews"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    assessment_id: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (Index("ix_interviews_assessment_id", "assessment_id"),)


class Person(Base):
    """A person the clinic follows, under a pseudonymous label the clinic chooses: no name, no contact details."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    label: Mapped[str] = mapped_column(String(80), unique=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(80))


class Measurement(Base):
    """One measured value of a person on a date: a score, a grade, a strength or a girth (kinds: lumbus.instruments.measures)."""

    __tablename__ = "measurements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("people.id", ondelete="RESTRICT"))
    measured_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    site: Mapped[str | None] = mapped_column(String(40))
    """the muscle group of an MRC grade"""
    side: Mapped[str | None] = mapped_column(String(8))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    recorded_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_measurements_person_kind", "person_id", "kind", "measured_on"),)


class Account(Base):
    """A clinician or admin who signs in; only an Argon2 hash of the password is kept."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    """``clinician`` or ``admin``"""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A bearer token of an account for the REST API; only its SHA-256 is kept (the token itself is random, 256 bits)."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), ForeignKey("accounts.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """Who viewed, created or changed which record, when: ids only, never health data; and failed or refused sign-ins."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(16))
    """``viewed``, ``created``, ``changed``, ``sign-in failed`` or ``sign-in refused`` (actor: the username, or ``(unknown username)``)"""
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))

    __table_args__ = (Index("ix_audit_log_at", "at"),)


class AppSecret(Base):
    """A random secret the app makes once (the session-signing key), shared by every replica on this store."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class LoginSession(Base):
    """A clinician's signed-in browser session; only the SHA-256 of its random id is kept (the id lives in the signed cookie).

    Signing out deletes the row, so a copied cookie stops working at once; disabling an account deletes all of its rows.
    """

    __tablename__ = "login_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_login_sessions_account_id", "account_id"), Index("ix_login_sessions_expires_at", "expires_at"))


class LoginFailure(Base):
    """Failed sign-ins for one username (existing or not) in the current window, shared by every worker process.

    Keyed by the SHA-256 of the username as typed, so nothing typed into the field is kept here in clear.
    """

    __tablename__ = "login_failures"

    username_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_login_failures_window_start", "window_start"),)
