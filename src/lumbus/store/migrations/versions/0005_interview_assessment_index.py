"""An index on interviews.assessment_id: the doctor's report finds an assessment's interview by it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interviews_assessment_id", "interviews", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_interviews_assessment_id", table_name="interviews")
