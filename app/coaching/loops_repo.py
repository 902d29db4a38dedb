"""The database operations of loops. Synchronous; the service runs them off the event loop.

A loop and all its rounds' interviews are created in one transaction, so a loop never exists with a
round missing. Its interviews are ordinary interviews (``Interview.loop_id``): they are answered, ended
and deleted through the interview service like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, func, select

from app.errors import NotFound
from app.interviews import repo
from app.store.tables import Interview, Loop, Message, Scorecard, utcnow


@dataclass
class LoopSnapshot:
    loop: Loop
    interviews: list[Interview]
    answered: dict[str, int] = field(default_factory=dict)
    """How many answers each interview has."""
    cards: dict[str, Scorecard] = field(default_factory=dict)
    answers: dict[str, list[str]] = field(default_factory=dict)
    """Each interview's answers, when loaded with them."""


def _session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


def _snapshots(session: Session, loops: Sequence[Loop], *, answers: bool = False) -> list[LoopSnapshot]:
    snaps = {loop.id: LoopSnapshot(loop, []) for loop in loops}
    of: dict[str, LoopSnapshot] = {}
    for interview in session.exec(select(Interview).where(col(Interview.loop_id).in_(list(snaps)))):
        snap = snaps[interview.loop_id or ""]
        snap.interviews.append(interview)
        snap.answered[interview.id] = 0
        of[interview.id] = snap
    ids = list(of)
    candidate = (col(Message.interview_id).in_(ids), Message.role == "candidate")
    counted = select(Message.interview_id, func.count()).where(*candidate).group_by(col(Message.interview_id))
    for interview_id, count in session.exec(counted).all():
        of[interview_id].answered[interview_id] = count
    for card in session.exec(select(Scorecard).where(col(Scorecard.interview_id).in_(ids))):
        of[card.interview_id].cards[card.interview_id] = card
    if answers:
        for message in session.exec(select(Message).where(*candidate).order_by(col(Message.seq))):
            of[message.interview_id].answers.setdefault(message.interview_id, []).append(message.text)
    return list(snaps.values())


def create_loop(
    engine: Engine, owner: int, loop: Loop, interviews: Sequence[repo.NewInterview], limit: int
) -> LoopSnapshot:
    with _session(engine) as session:
        repo.check_room(session, owner, limit, adding=len(interviews))
        session.add(loop)
        session.flush()
        for new in interviews:
            repo.add_interview(session, owner, new)
        session.commit()
        return _snapshots(session, [loop])[0]


def _owned(session: Session, owner: int, loop_id: str) -> Loop:
    found = session.exec(select(Loop).where(Loop.id == loop_id, Loop.token_id == owner)).first()
    if found is None:
        raise NotFound(f"loop {loop_id!r} not found")
    return found


def load_loop(engine: Engine, owner: int, loop_id: str, *, answers: bool = False) -> LoopSnapshot:
    with _session(engine) as session:
        return _snapshots(session, [_owned(session, owner, loop_id)], answers=answers)[0]


def list_loops(
    engine: Engine, owner: int, limit: int, offset: int, *, answers: bool = False
) -> tuple[list[LoopSnapshot], int]:
    with _session(engine) as session:
        count = session.exec(select(func.count()).select_from(Loop).where(Loop.token_id == owner)).one()
        loops = session.exec(
            select(Loop)
            .where(Loop.token_id == owner)
            .order_by(col(Loop.created_at).desc(), col(Loop.id).desc())
            .limit(limit)
            .offset(offset)
        ).all()
        return _snapshots(session, loops, answers=answers), count


def asked_since(engine: Engine, owner: int, since: datetime) -> set[str]:
    """The questions the owner was asked since then (to leave them for later)."""
    with _session(engine) as session:
        query = select(Interview.question_id).where(Interview.token_id == owner, col(Interview.created_at) >= since)
        return set(session.exec(query).all())


def mark_ended(engine: Engine, owner: int, loop_id: str) -> None:
    with _session(engine) as session:
        loop = _owned(session, owner, loop_id)
        if not loop.ended_early:
            loop.ended_early = True
            loop.ended_at = loop.updated_at = utcnow()
            session.add(loop)
            session.commit()


def store_prose(engine: Engine, owner: int, loop_id: str, prose: str) -> None:
    with _session(engine) as session:
        loop = _owned(session, owner, loop_id)
        loop.prose = prose
        loop.updated_at = utcnow()
        session.add(loop)
        session.commit()


def delete_loops(session: Session, loop_ids: Sequence[str]) -> None:
    """Delete loops with their interviews (messages and scorecards too); the caller commits."""
    interviews = select(Interview.id).where(col(Interview.loop_id).in_(loop_ids))
    for table, column in ((Message, Message.interview_id), (Scorecard, Scorecard.interview_id)):
        session.exec(delete(table).where(col(column).in_(interviews)))
    session.exec(delete(Interview).where(col(Interview.loop_id).in_(loop_ids)))
    session.exec(delete(Loop).where(col(Loop.id).in_(loop_ids)))


def delete_loop(engine: Engine, owner: int, loop_id: str) -> None:
    with _session(engine) as session:
        delete_loops(session, [_owned(session, owner, loop_id).id])
        session.commit()
