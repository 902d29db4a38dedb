"""Each answer's assessment (the interviewer's notes) and each follow-up's target.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("assessment", sa.Text, nullable=True))
        batch.add_column(sa.Column("target", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.drop_column("target")
        batch.drop_column("assessment")
