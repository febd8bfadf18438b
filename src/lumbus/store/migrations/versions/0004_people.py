"""People, measurements, clinician accounts, API tokens, the audit log and the app's secret; assessments linked to a person.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("label", sa.String(80), nullable=False, unique=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(8), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
    )
    op.create_table(
        "measurements",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("people.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("site", sa.String(40), nullable=True),
        sa.Column("side", sa.String(8), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("recorded_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_measurements_person_kind", "measurements", ["person_id", "kind", "measured_on"])
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("account_id", sa.String(36), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("record_type", sa.String(20), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table("app_secrets", sa.Column("name", sa.String(40), primary_key=True), sa.Column("value", sa.String(200), nullable=False))
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("person_id", sa.String(36), nullable=True))
        batch.create_foreign_key("fk_assessments_person_id", "people", ["person_id"], ["id"], ondelete="RESTRICT")
        batch.create_index("ix_assessments_person_id", ["person_id"])


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_index("ix_assessments_person_id")
        batch.drop_constraint("fk_assessments_person_id", type_="foreignkey")
        batch.drop_column("person_id")
    op.drop_table("app_secrets")
    op.drop_index("ix_audit_log_at", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("api_tokens")
    op.drop_table("accounts")
    op.drop_index("ix_measurements_person_kind", "measurements")
    op.drop_table("measurements")
    op.drop_table("people")
