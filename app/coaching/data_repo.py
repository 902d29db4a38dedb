"""All of an identity's data at once: read for an export, or deleted in one transaction."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from app.coaching import loops_repo
from app.interviews import repo
from app.store.tables import Interview, Loop, Message, Scorecard, Story


def interviews(engine: Engine, owner: int) -> list[repo.Snapshot]:
    """Every interview with its messages and scorecard, oldest first."""
    with Session(engine, expire_on_commit=False) as session:
        found = session.exec(
            select(Interview).where(Interview.token_id == owner).order_by(col(Interview.created_at), col(Interview.id))
        ).all()
        ids = [i.id for i in found]
        messages: dict[str, list[Message]] = {}
        for m in session.exec(select(Message).where(col(Message.interview_id).in_(ids)).order_by(col(Message.seq))):
            messages.setdefault(m.interview_id, []).append(m)
        cards = {c.interview_id: c for c in session.exec(select(Scorecard).where(col(Scorecard.interview_id).in_(ids)))}
        return [repo.Snapshot(i, messages.get(i.id, []), cards.get(i.id)) for i in found]


def delete_everything(engine: Engine, owner: int) -> tuple[int, int, int]:
    """Delete every interview, loop and story of the owner; how many of each there were. The token stays."""
    with Session(engine) as session:
        loop_ids = list(session.exec(select(Loop.id).where(Loop.token_id == owner)).all())
        interview_ids = list(session.exec(select(Interview.id).where(Interview.token_id == owner)).all())
        story_count = len(session.exec(select(Story.id).where(Story.token_id == owner)).all())
        for table, column in ((Message, Message.interview_id), (Scorecard, Scorecard.interview_id)):
            session.exec(delete(table).where(col(column).in_(interview_ids)))
        session.exec(delete(Interview).where(col(Interview.token_id) == owner))
        loops_repo.delete_loops(session, loop_ids)
        session.exec(delete(Story).where(col(Story.token_id) == owner))
        session.commit()
        return len(interview_ids), len(loop_ids), story_count
