"""System design rounds: the phase of each interviewer message and of the interview, and the design
notes sent with an answer.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("phase", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("notes", sa.Text, nullable=True))
    with op.batch_alter_table("interview") as batch:
        batch.add_column(sa.Column("phase", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interview") as batch:
        batch.drop_column("phase")
    with op.batch_alter_table("message") as batch:
        batch.drop_column("notes")
        batch.drop_column("phase")
