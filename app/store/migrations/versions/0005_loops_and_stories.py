"""Loops (simulated interview loops) and the story bank; an interview may belong to a loop's round and
practise a story.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "loop",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_id", sa.Integer, sa.ForeignKey("token.id"), nullable=False),
        sa.Column("level", sa.String(4), nullable=False),
        sa.Column("rounds", sa.Text, nullable=False),
        sa.Column("ended_early", sa.Boolean, nullable=False),
        _ts("ended_at", nullable=True),
        sa.Column("prose", sa.Text, nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
    )
    op.create_index("ix_loop_token_id", "loop", ["token_id"])

    op.create_table(
        "story",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_id", sa.Integer, sa.ForeignKey("token.id"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("principles", sa.Text, nullable=False),
        sa.Column("numbers", sa.Text, nullable=False),
        sa.Column("source_interview_id", sa.String(32), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
    )
    op.create_index("ix_story_token_id", "story", ["token_id"])

    with op.batch_alter_table("interview") as batch:
        batch.add_column(sa.Column("loop_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("loop_round", sa.Integer, nullable=True))
        batch.add_column(sa.Column("story_id", sa.String(32), nullable=True))
        batch.create_foreign_key("fk_interview_loop_id_loop", "loop", ["loop_id"], ["id"])
        batch.create_foreign_key("fk_interview_story_id_story", "story", ["story_id"], ["id"])
        batch.create_index("ix_interview_loop_id", ["loop_id"])
        batch.create_index("ix_interview_story_id", ["story_id"])


def downgrade() -> None:
    with op.batch_alter_table("interview") as batch:
        batch.drop_index("ix_interview_story_id")
        batch.drop_index("ix_interview_loop_id")
        batch.drop_constraint("fk_interview_story_id_story", type_="foreignkey")
        batch.drop_constraint("fk_interview_loop_id_loop", type_="foreignkey")
        batch.drop_column("story_id")
        batch.drop_column("loop_round")
        batch.drop_column("loop_id")
    op.drop_index("ix_story_token_id", table_name="story")
    op.drop_table("story")
    op.drop_index("ix_loop_token_id", table_name="loop")
    op.drop_table("loop")
