"""The store: SQLAlchemy 2 models, repository functions and Alembic migrations.

Only this package talks to the database. SQLite (a file under the data directory)
is the embedded default; ``LUMBUS_DATABASE_URL`` points the same code at PostgreSQL.
"""

from lumbus.store.db import DATABASE_URL_ENV, Store, database_url
from lumbus.store.migrate import upgrade
from lumbus.store.repository import (
    AssessmentRecordOut,
    count_assessments,
    count_cds_feedback,
    get_assessment,
    get_interview,
    get_interview_of_assessment,
    new_assessment,
    save_assessment,
    save_cds_feedback,
    save_interview,
    store_assessment,
)

__all__ = [
    "DATABASE_URL_ENV",
    "AssessmentRecordOut",
    "Store",
    "count_assessments",
    "count_cds_feedback",
    "database_url",
    "get_assessment",
    "get_interview",
    "get_interview_of_assessment",
    "new_assessment",
    "save_assessment",
    "save_cds_feedback",
    "save_interview",
    "store_assessment",
    "upgrade",
]
