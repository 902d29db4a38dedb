"""The few database operations an interview needs. Synchronous; the service runs them off the event loop.

Each function is one transaction. Ordering and concurrency rest on the database, not on process
memory: a message's (interview, seq) is unique, so two requests racing for the same turn cannot
both store it, whichever process they run in.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.bank.models import Question
from app.errors import Conflict, LimitReached, NotFound, Unauthorized
from app.store.tables import Interview, Message, Scorecard, Token, utcnow

TOKEN_PREFIX = "mi_"


@dataclass
class Snapshot:
    """An interview as one transaction saw it."""

    interview: Interview
    messages: list[Message]
    scorecard: Scorecard | None = None
    replay: Message | None = field(default=None, repr=False)

    @property
    def question(self) -> Question:
        return _question(self.interview.question_json)


@lru_cache(maxsize=256)
def _question(question_json: str) -> Question:
    """Every interview keeps the question it was asked; the few distinct ones are parsed once."""
    return Question.model_validate_json(question_json)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(engine: Engine) -> str:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with Session(engine) as session:
        session.add(Token(token_hash=hash_token(raw)))
        session.commit()
    return raw


def token_id(engine: Engine, raw: str) -> int:
    with Session(engine) as session:
        found = session.exec(select(Token.id).where(Token.token_hash == hash_token(raw))).first()
    if found is None:
        raise Unauthorized("invalid token; create one with POST /api/tokens")
    return found


# The hot path's statements are built once: building a statement per call cost more than running it.
_OWNED = select(Interview).where(
    col(Interview.id) == sa.bindparam("interview_id"), col(Interview.token_id) == sa.bindparam("owner")
)
_OWNED_LOCKED = _OWNED.with_for_update()
_MESSAGES = select(Message).where(col(Message.interview_id) == sa.bindparam("interview_id")).order_by(col(Message.seq))
_INSERT_MESSAGE = sa.insert(Message.__table__)  # type: ignore[attr-defined]
_UPDATE_INTERVIEW = sa.update(Interview.__table__).where(  # type: ignore[attr-defined]
    Interview.__table__.c.id == sa.bindparam("interview_id")  # type: ignore[attr-defined]
)
_UPDATE_OPEN_INTERVIEW = _UPDATE_INTERVIEW.where(Interview.__table__.c.status != "completed")  # type: ignore[attr-defined]
_MESSAGE_COLUMNS = [c.name for c in Message.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
_SCORECARD_TABLE = Scorecard.__table__  # type: ignore[attr-defined]
_DELETE_SCORECARD = sa.delete(_SCORECARD_TABLE).where(_SCORECARD_TABLE.c.interview_id == sa.bindparam("interview_id"))
_INSERT_SCORECARD = sa.insert(_SCORECARD_TABLE)
_SCORECARD_COLUMNS = [c.name for c in _SCORECARD_TABLE.columns]


def _owned(session: Session, owner: int, interview_id: str, *, lock: bool = False) -> Interview:
    params = {"interview_id": interview_id, "owner": owner}
    interview = session.exec(_OWNED_LOCKED if lock else _OWNED, params=params).first()
    if interview is None:
        raise NotFound(f"interview {interview_id!r} not found")
    return interview


def _messages(session: Session, interview_id: str) -> list[Message]:
    return list(session.exec(_MESSAGES, params={"interview_id": interview_id}))


def _insert(session: Session, message: Message) -> None:
    """A Core INSERT: the ORM's unit of work cost more than the write for a row nobody updates."""
    result = session.execute(_INSERT_MESSAGE, {name: getattr(message, name) for name in _MESSAGE_COLUMNS})
    message.id = result.inserted_primary_key[0]  # type: ignore[attr-defined]


def _snapshot(session: Session, interview: Interview) -> Snapshot:
    return Snapshot(interview, _messages(session, interview.id), session.get(Scorecard, interview.id))


def create_interview(
    engine: Engine,
    owner: int,
    question: Question,
    level: str,
    *,
    provider: str,
    model: str | None,
    prompt_hash: str,
    limit: int,
) -> Snapshot:
    with Session(engine, expire_on_commit=False) as session:
        count = session.exec(select(func.count()).select_from(Interview).where(Interview.token_id == owner)).one()
        if count >= limit:
            raise LimitReached(f"this token already has {count} interviews; the limit is {limit}. Delete old ones.")
        interview = Interview(
            id=uuid.uuid4().hex,
            token_id=owner,
            question_id=question.id,
            question_json=question.model_dump_json(),
            level=level,
            provider=provider,
            model=model,
            prompt_hash=prompt_hash,
        )
        opening = Message(interview_id=interview.id, seq=1, role="interviewer", text=question.text, depth=0)
        session.add(interview)
        session.flush()
        session.add(opening)
        session.commit()
        return Snapshot(interview, [opening])


def load(engine: Engine, owner: int, interview_id: str) -> Snapshot:
    with Session(engine, expire_on_commit=False) as session:
        return _snapshot(session, _owned(session, owner, interview_id))


def load_unowned(engine: Engine, interview_id: str) -> Snapshot:
    with Session(engine, expire_on_commit=False) as session:
        interview = session.get(Interview, interview_id)
        if interview is None:
            raise NotFound(f"interview {interview_id!r} not found")
        return _snapshot(session, interview)


def append_answer(engine: Engine, owner: int, interview_id: str, text: str, key: str | None) -> Snapshot:
    """Commit the candidate's answer before anything else happens to it.

    A repeated Idempotency-Key returns the turn it already started instead of storing it twice.
    """
    with Session(engine, expire_on_commit=False) as session:
        interview = _owned(session, owner, interview_id, lock=True)
        messages = _messages(session, interview.id)
        if key is not None:
            previous = next((m for m in messages if m.idempotency_key == key), None)
            if previous is not None:
                reply = next((m for m in messages if m.seq == previous.seq + 1), None)
                if reply is None:
                    raise Conflict("this answer is still being processed; GET the interview to see the reply")
                return Snapshot(interview, messages, session.get(Scorecard, interview.id), replay=reply)
        if interview.status == "completed":
            raise Conflict("this interview is completed; start a new one to keep practising")
        if not messages or messages[-1].role != "interviewer":
            raise Conflict("the interviewer is still replying to your previous answer; GET the interview to see it")
        now = utcnow()
        answer = Message(
            interview_id=interview.id,
            seq=messages[-1].seq + 1,
            role="candidate",
            text=text,
            depth=messages[-1].depth,
            idempotency_key=key,
            created_at=now,
        )
        try:
            _insert(session, answer)
            touched = {"interview_id": interview.id, "turn_started_at": now, "updated_at": now}
            session.execute(_UPDATE_INTERVIEW, touched)
            session.commit()
        except IntegrityError as exc:
            raise Conflict("another answer to this turn arrived first; GET the interview to see it") from exc
        session.expunge(interview)
    interview.turn_started_at = interview.updated_at = now
    return Snapshot(interview, [*messages, answer])


def store_reply(engine: Engine, snap: Snapshot, reply: Message, *, close: bool) -> Snapshot:
    """Store the interviewer's message for the turn ``snap`` saw; if another process stored it first, keep theirs.

    The usual case is one UPDATE and one INSERT, and the snapshot plus the reply is what a reload
    would read. Only an interview that changed meanwhile (ended, or this turn stored elsewhere) is read again.
    """
    interview = snap.interview
    now = utcnow()
    values: dict[str, object] = {"updated_at": now, "turn_started_at": now if close else None}
    if close:
        values |= {"status": "completed", "completed_at": now}  # scoring is the work still pending
    query = _UPDATE_INTERVIEW if close else _UPDATE_OPEN_INTERVIEW  # ended meanwhile: nothing left to ask
    with Session(engine, expire_on_commit=False) as session:
        if session.execute(query, {"interview_id": interview.id, **values}).rowcount == 1:  # type: ignore[attr-defined]
            reply.created_at = now
            try:
                _insert(session, reply)
                session.commit()
            except IntegrityError:
                session.rollback()
            else:
                for key, value in values.items():
                    setattr(interview, key, value)
                return Snapshot(interview, [*snap.messages, reply], snap.scorecard)
        session.rollback()
        current = session.get(Interview, interview.id)
        if current is None:
            raise NotFound(f"interview {interview.id!r} not found")
        return _snapshot(session, current)


def end(engine: Engine, owner: int, interview_id: str) -> Snapshot:
    with Session(engine, expire_on_commit=False) as session:
        interview = _owned(session, owner, interview_id, lock=True)
        if interview.status != "completed":
            now = utcnow()
            interview.status = "completed"
            interview.ended_early = True
            interview.completed_at = now
            interview.updated_at = now
            interview.turn_started_at = now
            session.add(interview)
            session.commit()
        return _snapshot(session, interview)


def claim(engine: Engine, interview_id: str, seen: datetime | None, lease: float) -> bool:
    """Take over pending work whose owner has not finished within the lease (a crash, a restart)."""
    if seen is None:
        return False
    seen_aware = seen if seen.tzinfo else seen.replace(tzinfo=utcnow().tzinfo)
    now = utcnow()
    if now - seen_aware < timedelta(seconds=lease):
        return False
    with Session(engine) as session:
        result = session.execute(
            sa.update(Interview)
            .where(col(Interview.id) == interview_id, col(Interview.turn_started_at) == seen)
            .values(turn_started_at=now)
        )
        session.commit()
        return result.rowcount == 1


def store_scorecard(engine: Engine, snap: Snapshot, card: Scorecard) -> Snapshot:
    """Store (or replace) the scorecard of a completed interview; a completed interview's messages no
    longer change, so the snapshot's are kept instead of read again."""
    interview_id = snap.interview.id
    now = utcnow()
    with Session(engine, expire_on_commit=False) as session:
        touched = {"interview_id": interview_id, "turn_started_at": None, "updated_at": now}
        if session.execute(_UPDATE_INTERVIEW, touched).rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound(f"interview {interview_id!r} not found")
        try:
            session.execute(_DELETE_SCORECARD, {"interview_id": interview_id})
            session.execute(_INSERT_SCORECARD, {name: getattr(card, name) for name in _SCORECARD_COLUMNS})
            session.commit()
        except IntegrityError:  # scored by another process at the same moment: keep theirs
            session.rollback()
            return _snapshot(session, session.get(Interview, interview_id) or snap.interview)
    snap.interview.turn_started_at, snap.interview.updated_at = None, now
    return Snapshot(snap.interview, snap.messages, card)


def list_interviews(
    engine: Engine, owner: int, limit: int, offset: int
) -> tuple[list[tuple[Interview, int, Scorecard | None]], int]:
    """A page of the owner's interviews, newest first, each with its depth and scorecard."""
    with Session(engine, expire_on_commit=False) as session:
        where = Interview.token_id == owner
        count = session.exec(select(func.count()).select_from(Interview).where(where)).one()
        rows = session.exec(
            select(Interview)
            .where(where)
            .order_by(col(Interview.created_at).desc(), col(Interview.id).desc())
            .limit(limit)
            .offset(offset)
        ).all()
        ids = [r.id for r in rows]
        depths = dict(
            session.exec(
                select(Message.interview_id, func.max(Message.depth))
                .where(col(Message.interview_id).in_(ids))
                .group_by(col(Message.interview_id))
            ).all()
        )
        cards = {c.interview_id: c for c in session.exec(select(Scorecard).where(col(Scorecard.interview_id).in_(ids)))}
        return [(r, depths.get(r.id) or 0, cards.get(r.id)) for r in rows], count


def delete(engine: Engine, owner: int, interview_id: str) -> None:
    with Session(engine) as session:
        interview = _owned(session, owner, interview_id, lock=True)
        session.execute(sa.delete(Message).where(col(Message.interview_id) == interview.id))
        session.execute(sa.delete(Scorecard).where(col(Scorecard.interview_id) == interview.id))
        session.delete(interview)
        session.commit()
