"""CDS Hooks feedback: what clinicians did with each card.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cds_feedback",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("service_id", sa.String(80), nullable=False),
        sa.Column("card", sa.String(80), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("override_reason", sa.String(200), nullable=True),
        sa.Column("accepted_suggestions", sa.Integer(), nullable=False),
        sa.Column("outcome_at", sa.String(40), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("cds_feedback")
