"""Tokens, interviews, messages and scorecards.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "token",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_token_token_hash", "token", ["token_hash"], unique=True)

    op.create_table(
        "interview",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_id", sa.Integer, sa.ForeignKey("token.id"), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("question_json", sa.Text, nullable=False),
        sa.Column("level", sa.String(4), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("ended_early", sa.Boolean, nullable=False),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("model", sa.String(200)),
        sa.Column("prompt_hash", sa.String(64)),
        _ts("turn_started_at", nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        _ts("completed_at", nullable=True),
    )
    op.create_index("ix_interview_token_id", "interview", ["token_id"])
    op.create_index("ix_interview_question_id", "interview", ["question_id"])

    op.create_table(
        "message",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("interview_id", sa.String(32), sa.ForeignKey("interview.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("probe", sa.String(80)),
        sa.Column("reason", sa.String(500)),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("provider", sa.String(32)),
        sa.Column("model", sa.String(200)),
        sa.Column("fallback", sa.Boolean, nullable=False),
        sa.Column("fallback_reason", sa.String(500)),
        sa.Column("prompt_tokens", sa.Integer),
        sa.Column("cached_tokens", sa.Integer),
        sa.Column("completion_tokens", sa.Integer),
        sa.Column("duration_ms", sa.Integer),
        sa.Column("idempotency_key", sa.String(200)),
        _ts("created_at"),
        sa.UniqueConstraint("interview_id", "seq", name="uq_message_interview_seq"),
        sa.UniqueConstraint("interview_id", "idempotency_key", name="uq_message_idempotency"),
    )
    op.create_index("ix_message_interview_id", "message", ["interview_id"])

    op.create_table(
        "scorecard",
        sa.Column("interview_id", sa.String(32), sa.ForeignKey("interview.id"), primary_key=True),
        sa.Column("scorer", sa.String(32), nullable=False),
        sa.Column("model", sa.String(200)),
        sa.Column("recommendation", sa.String(32), nullable=False),
        sa.Column("level_verdict", sa.String(16), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("prompt_tokens", sa.Integer),
        sa.Column("completion_tokens", sa.Integer),
        _ts("created_at"),
    )


def downgrade() -> None:
    op.drop_table("scorecard")
    op.drop_index("ix_message_interview_id", "message")
    op.drop_table("message")
    op.drop_index("ix_interview_question_id", "interview")
    op.drop_index("ix_interview_token_id", "interview")
    op.drop_table("interview")
    op.drop_index("ix_token_token_hash", "token")
    op.drop_table("token")
