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
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.bank.models import Question
from app.errors import Conflict, LimitReached, NotFound, Unauthorized
from app.store.tables import (
    Interview,
    InterviewRecord,
    Message,
    MessageRecord,
    Scorecard,
    ScorecardRecord,
    Token,
    utcnow,
)

TOKEN_PREFIX = "mi_"


@dataclass
class Snapshot:
    """An interview as one transaction saw it."""

    interview: InterviewRecord
    messages: list[MessageRecord]
    scorecard: ScorecardRecord | None = None
    replay: MessageRecord | None = field(default=None, repr=False)

    @property
    def question(self) -> Question:
        return _question(self.interview.question_json)


@lru_cache(maxsize=256)
def _question(question_json: str) -> Question:
    """Every interview keeps the question it was asked; the few distinct ones are parsed once."""
    return Question.model_validate_json(question_json)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


_TOKENS = Token.__table__  # type: ignore[attr-defined]
_INSERT_TOKEN = sa.insert(_TOKENS)
_TOKEN_ID = sa.select(_TOKENS.c.id).where(_TOKENS.c.token_hash == sa.bindparam("token_hash"))


def create_token(engine: Engine) -> str:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with engine.connect() as conn:
        conn.execute(_INSERT_TOKEN, {"token_hash": hash_token(raw), "created_at": utcnow()})
        conn.commit()
    return raw


def token_id(engine: Engine, raw: str) -> int:
    with engine.connect() as conn:
        found = conn.execute(_TOKEN_ID, {"token_hash": hash_token(raw)}).scalar()
    if found is None:
        raise Unauthorized("invalid token; create one with POST /api/tokens")
    return int(found)


# The hot path's statements are built once: building a statement per call cost more than running it.
# They are Core statements whose rows become records: the ORM's per-query and per-instance work cost
# more than the queries (bench/RESULTS.md).
_INTERVIEWS = Interview.__table__  # type: ignore[attr-defined]
_MESSAGE_TABLE = Message.__table__  # type: ignore[attr-defined]
_BY_ID = sa.select(_INTERVIEWS).where(_INTERVIEWS.c.id == sa.bindparam("interview_id"))
_OWNED = _BY_ID.where(_INTERVIEWS.c.token_id == sa.bindparam("owner"))
_OWNED_LOCKED = _OWNED.with_for_update()
_MESSAGES = (
    sa.select(_MESSAGE_TABLE)
    .where(_MESSAGE_TABLE.c.interview_id == sa.bindparam("interview_id"))
    .order_by(_MESSAGE_TABLE.c.seq)
)
_INSERT_MESSAGE = sa.insert(_MESSAGE_TABLE)
_UPDATE_INTERVIEW = sa.update(_INTERVIEWS).where(_INTERVIEWS.c.id == sa.bindparam("interview_id"))
_UPDATE_OPEN_INTERVIEW = _UPDATE_INTERVIEW.where(_INTERVIEWS.c.status != "completed")
_INSERT_INTERVIEW = sa.insert(_INTERVIEWS)
_COUNT_OWNED = sa.select(sa.func.count()).where(_INTERVIEWS.c.token_id == sa.bindparam("owner"))
_MESSAGE_COLUMNS = [c.name for c in _MESSAGE_TABLE.columns if c.name != "id"]
_SCORECARD_TABLE = Scorecard.__table__  # type: ignore[attr-defined]
_SCORECARD = sa.select(_SCORECARD_TABLE).where(_SCORECARD_TABLE.c.interview_id == sa.bindparam("interview_id"))
_DELETE_SCORECARD = sa.delete(_SCORECARD_TABLE).where(_SCORECARD_TABLE.c.interview_id == sa.bindparam("interview_id"))
_INSERT_SCORECARD = sa.insert(_SCORECARD_TABLE)
_SCORECARD_COLUMNS = [c.name for c in _SCORECARD_TABLE.columns]


def _interview(conn: sa.Connection, statement: sa.Select[Any], **params: object) -> InterviewRecord:
    row = conn.execute(statement, params).first()
    if row is None:
        raise NotFound(f"interview {params['interview_id']!r} not found")
    return InterviewRecord.model_construct(**row._mapping)


def _owned(conn: sa.Connection, owner: int, interview_id: str, *, lock: bool = False) -> InterviewRecord:
    return _interview(conn, _OWNED_LOCKED if lock else _OWNED, interview_id=interview_id, owner=owner)


def _messages(conn: sa.Connection, interview_id: str) -> list[MessageRecord]:
    rows = conn.execute(_MESSAGES, {"interview_id": interview_id})
    return [MessageRecord.model_construct(**row._mapping) for row in rows]


def _insert(conn: sa.Connection, message: MessageRecord) -> None:
    result = conn.execute(_INSERT_MESSAGE, {name: getattr(message, name) for name in _MESSAGE_COLUMNS})
    message.id = result.inserted_primary_key[0]  # type: ignore[index]


def _insert_scorecard(conn: sa.Connection, card: ScorecardRecord) -> None:
    conn.execute(_INSERT_SCORECARD, {name: getattr(card, name) for name in _SCORECARD_COLUMNS})


def _scorecard(conn: sa.Connection, interview_id: str) -> ScorecardRecord | None:
    row = conn.execute(_SCORECARD, {"interview_id": interview_id}).first()
    return ScorecardRecord.model_construct(**row._mapping) if row else None


def _snapshot(conn: sa.Connection, interview: InterviewRecord) -> Snapshot:
    return Snapshot(interview, _messages(conn, interview.id), _scorecard(conn, interview.id))


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
    with engine.connect() as conn:
        count = conn.execute(_COUNT_OWNED, {"owner": owner}).scalar_one()
        if count >= limit:
            raise LimitReached(f"this token already has {count} interviews; the limit is {limit}. Delete old ones.")
        interview = InterviewRecord(
            id=uuid.uuid4().hex,
            token_id=owner,
            question_id=question.id,
            question_json=question.model_dump_json(),
            level=level,
            provider=provider,
            model=model,
            prompt_hash=prompt_hash,
        )
        opening = MessageRecord(interview_id=interview.id, seq=1, role="interviewer", text=question.text, depth=0)
        conn.execute(_INSERT_INTERVIEW, interview.model_dump())
        _insert(conn, opening)
        conn.commit()
        return Snapshot(interview, [opening])


def load(engine: Engine, owner: int, interview_id: str) -> Snapshot:
    with engine.connect() as conn:
        return _snapshot(conn, _owned(conn, owner, interview_id))


def load_unowned(engine: Engine, interview_id: str) -> Snapshot:
    with engine.connect() as conn:
        return _snapshot(conn, _interview(conn, _BY_ID, interview_id=interview_id))


def append_answer(engine: Engine, owner: int, interview_id: str, text: str, key: str | None) -> Snapshot:
    """Commit the candidate's answer before anything else happens to it.

    A repeated Idempotency-Key returns the turn it already started instead of storing it twice.
    """
    with engine.connect() as conn:
        interview = _owned(conn, owner, interview_id, lock=True)
        messages = _messages(conn, interview.id)
        if key is not None:
            previous = next((m for m in messages if m.idempotency_key == key), None)
            if previous is not None:
                reply = next((m for m in messages if m.seq == previous.seq + 1), None)
                if reply is None:
                    raise Conflict("this answer is still being processed; GET the interview to see the reply")
                return Snapshot(interview, messages, _scorecard(conn, interview.id), replay=reply)
        if interview.status == "completed":
            raise Conflict("this interview is completed; start a new one to keep practising")
        if not messages or messages[-1].role != "interviewer":
            raise Conflict("the interviewer is still replying to your previous answer; GET the interview to see it")
        now = utcnow()
        answer = MessageRecord(
            interview_id=interview.id,
            seq=messages[-1].seq + 1,
            role="candidate",
            text=text,
            depth=messages[-1].depth,
            idempotency_key=key,
            created_at=now,
        )
        try:
            _insert(conn, answer)
            touched = {"interview_id": interview.id, "turn_started_at": now, "updated_at": now}
            conn.execute(_UPDATE_INTERVIEW, touched)
            conn.commit()
        except IntegrityError as exc:
            raise Conflict("another answer to this turn arrived first; GET the interview to see it") from exc
    interview.turn_started_at = interview.updated_at = now
    return Snapshot(interview, [*messages, answer])


def store_reply(engine: Engine, snap: Snapshot, reply: MessageRecord, card: ScorecardRecord | None = None) -> Snapshot:
    """Store the interviewer's message for the turn ``snap`` saw, and with the closing one the scorecard of
    the closed transcript; if the interview was ended or this turn stored meanwhile, keep what is there.

    The closing turn is judged before this and stored in the same transaction: until then the interview
    is open with the answer pending, so a crash while judging leaves what a crash in any other turn
    leaves, the answer, replied to again after the lease. The usual case is one UPDATE and one INSERT
    (two when closing), and the snapshot plus the reply is what a reload would read.
    """
    interview = snap.interview
    now = utcnow()
    values: dict[str, object] = {"updated_at": now, "turn_started_at": None}
    if card is not None:
        values |= {"status": "completed", "completed_at": now}
    with engine.connect() as conn:
        if conn.execute(_UPDATE_OPEN_INTERVIEW, {"interview_id": interview.id, **values}).rowcount == 1:
            reply.created_at = now
            try:
                _insert(conn, reply)
                if card is not None:
                    _insert_scorecard(conn, card)
                conn.commit()
            except IntegrityError:
                conn.rollback()
            else:
                for key, value in values.items():
                    setattr(interview, key, value)
                return Snapshot(interview, [*snap.messages, reply], card or snap.scorecard)
        conn.rollback()
        return _snapshot(conn, _interview(conn, _BY_ID, interview_id=interview.id))


def end(engine: Engine, owner: int, interview_id: str) -> Snapshot:
    with engine.connect() as conn:
        interview = _owned(conn, owner, interview_id, lock=True)
        if interview.status != "completed":
            now = utcnow()
            values = {
                "status": "completed",
                "ended_early": True,
                "completed_at": now,
                "updated_at": now,
                "turn_started_at": now,  # scoring is the work still pending
            }
            conn.execute(_UPDATE_INTERVIEW, {"interview_id": interview.id, **values})
            conn.commit()
            for key, value in values.items():
                setattr(interview, key, value)
        return _snapshot(conn, interview)


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


def store_scorecard(engine: Engine, snap: Snapshot, card: ScorecardRecord) -> Snapshot:
    """Store (or replace) the scorecard of a completed interview; a completed interview's messages no
    longer change, so the snapshot's are kept instead of read again."""
    interview_id = snap.interview.id
    now = utcnow()
    with engine.connect() as conn:
        touched = {"interview_id": interview_id, "turn_started_at": None, "updated_at": now}
        if conn.execute(_UPDATE_INTERVIEW, touched).rowcount != 1:
            raise NotFound(f"interview {interview_id!r} not found")
        try:
            conn.execute(_DELETE_SCORECARD, {"interview_id": interview_id})
            _insert_scorecard(conn, card)
            conn.commit()
        except IntegrityError:  # scored by another process at the same moment: keep theirs
            conn.rollback()
            return _snapshot(conn, _interview(conn, _BY_ID, interview_id=interview_id))
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
    with engine.connect() as conn:
        interview = _owned(conn, owner, interview_id, lock=True)
        conn.execute(sa.delete(Message).where(col(Message.interview_id) == interview.id))
        conn.execute(_DELETE_SCORECARD, {"interview_id": interview.id})
        conn.execute(sa.delete(Interview).where(col(Interview.id) == interview.id))
        conn.commit()
