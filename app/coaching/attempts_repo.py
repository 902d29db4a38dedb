"""Reads of an identity's scored interviews, for progress and "try again". Synchronous."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.store.tables import Interview, Scorecard


def scored(engine: Engine, owner: int) -> list[tuple[Interview, Scorecard]]:
    """Every completed interview with its scorecard, oldest first."""
    with Session(engine, expire_on_commit=False) as session:
        rows = session.exec(
            select(Interview, Scorecard)
            .join(Scorecard, col(Scorecard.interview_id) == col(Interview.id))
            .where(Interview.token_id == owner, Interview.status == "completed")
            .order_by(col(Interview.created_at), col(Interview.id))
        ).all()
        return [(interview, card) for interview, card in rows]


def previous_attempt(engine: Engine, owner: int, interview: Interview) -> tuple[Interview, Scorecard] | None:
    """The newest scored attempt at the same question started before this one."""
    with Session(engine, expire_on_commit=False) as session:
        row = session.exec(
            select(Interview, Scorecard)
            .join(Scorecard, col(Scorecard.interview_id) == col(Interview.id))
            .where(
                Interview.token_id == owner,
                Interview.question_id == interview.question_id,
                Interview.id != interview.id,
                col(Interview.created_at) <= interview.created_at,
            )
            .order_by(col(Interview.created_at).desc(), col(Interview.id).desc())
        ).first()
        return (row[0], row[1]) if row else None
