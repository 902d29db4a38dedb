"""An index on interview.turn_started_at, for the sweep that finds turns a crashed process left.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interview_turn_started_at", "interview", ["turn_started_at"])


def downgrade() -> None:
    op.drop_index("ix_interview_turn_started_at", "interview")
