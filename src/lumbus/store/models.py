"""SQLAlchemy 2 models. Every schema change is an Alembic migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, String
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

    __table_args__ = (Index("ix_assessments_created_at", "created_at"),)


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
