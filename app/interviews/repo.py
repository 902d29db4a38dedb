"""The few database operations an interview needs. Synchronous; the service runs them off the event loop.

Each function is one transaction through the ORM. Ordering and concurrency rest on the database, not
on process memory: a message's (interview, seq) is unique, so two requests racing for the same turn
cannot both store it, whichever process they run in.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select, update

from app.bank.models import Question
from app.errors import Conflict, InvalidInput, LimitReached, NotFound, StaleReply, Unauthorized
from app.store.tables import Interview, Message, Scorecard, Story, Token, utcnow

TOKEN_PREFIX = "mi_"


class TurnPending(Conflict):
    """The interviewer has not replied to the previous answer yet (or its process died before it could)."""

    def __init__(self, turn_started_at: datetime | None) -> None:
        super().__init__("the interviewer is still replying to your previous answer; GET the interview to see it")
        self.turn_started_at = turn_started_at


@dataclass(frozen=True)
class AnswerNotes:
    """The assessment of an answer, stored on it with the turn's reply, and what producing it cost."""

    seq: int
    assessment_json: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    duration_ms: int | None = None


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


def _session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(engine: Engine) -> str:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with _session(engine) as session:
        session.add(Token(token_hash=hash_token(raw)))
        session.commit()
    return raw


def token_id(engine: Engine, raw: str) -> int:
    with _session(engine) as session:
        found = session.exec(select(Token.id).where(Token.token_hash == hash_token(raw))).first()
    if found is None:
        raise Unauthorized("invalid token; create one with POST /api/tokens")
    return found


def _owned(session: Session, owner: int, interview_id: str, *, lock: bool = False) -> Interview:
    query = select(Interview).where(Interview.id == interview_id, Interview.token_id == owner)
    found = session.exec(query.with_for_update() if lock else query).first()
    if found is None:
        raise NotFound(f"interview {interview_id!r} not found")
    return found


def _messages(session: Session, interview_id: str) -> list[Message]:
    return list(session.exec(select(Message).where(Message.interview_id == interview_id).order_by(col(Message.seq))))


def _snapshot(session: Session, interview: Interview) -> Snapshot:
    messages = _messages(session, interview.id)
    card = session.get(Scorecard, interview.id)
    if card is not None and interview.status != "completed":
        # The closing turn (its reply, scorecard and status in one commit) landed between these reads, which
        # PostgreSQL lets each statement see: read the interview again after it, never scored yet in progress.
        interview = _reloaded(session, interview.id)
        messages = _messages(session, interview.id)
    return Snapshot(interview, messages, card)


@dataclass(frozen=True)
class NewInterview:
    """What starting an interview stores: its question (as asked), level and interviewer, and where it belongs."""

    question: Question
    level: str
    provider: str
    model: str | None
    prompt_hash: str
    opening: str | None = None
    """The first message when it is not the question itself (an interview that practises a story)."""
    loop_id: str | None = None
    loop_round: int | None = None
    story_id: str | None = None
    phase: str | None = None
    """The design round's first phase; None for a behavioural question."""


def check_room(session: Session, owner: int, limit: int, adding: int = 1) -> None:
    count = session.exec(select(func.count()).select_from(Interview).where(Interview.token_id == owner)).one()
    if count + adding > limit:
        needs = "" if adding == 1 else f" and this needs {adding} more"
        raise LimitReached(f"this token already has {count} interviews{needs}; the limit is {limit}. Delete old ones.")


def add_interview(session: Session, owner: int, new: NewInterview) -> Snapshot:
    """Add an interview and its opening to ``session``; the caller commits."""
    interview = Interview(
        id=uuid.uuid4().hex,
        token_id=owner,
        question_id=new.question.id,
        question_json=new.question.model_dump_json(),
        level=new.level,
        provider=new.provider,
        model=new.model,
        prompt_hash=new.prompt_hash,
        loop_id=new.loop_id,
        loop_round=new.loop_round,
        story_id=new.story_id,
        phase=new.phase,
    )
    opening = Message(
        interview_id=interview.id,
        seq=1,
        role="interviewer",
        text=new.opening or new.question.text,
        depth=0,
        phase=new.phase,
    )
    session.add(interview)
    session.add(opening)
    return Snapshot(interview, [opening])


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
    opening: str | None = None,
    story_id: str | None = None,
    phase: str | None = None,
) -> Snapshot:
    with _session(engine) as session:
        check_room(session, owner, limit)
        new = NewInterview(
            question, level, provider, model, prompt_hash, opening=opening, story_id=story_id, phase=phase
        )
        snap = add_interview(session, owner, new)
        try:
            session.commit()
        except IntegrityError as exc:  # the story was deleted since it was read
            raise InvalidInput(("body", "story_id"), f"story {story_id!r} no longer exists") from exc
        return snap


def story(engine: Engine, owner: int, story_id: str) -> Story:
    """One of the owner's stories; another identity's is as unknown as one that does not exist."""
    with _session(engine) as session:
        found = session.exec(select(Story).where(Story.id == story_id, Story.token_id == owner)).first()
    if found is None:
        raise InvalidInput(("body", "story_id"), f"unknown story id {story_id!r}; GET /api/stories lists yours")
    return found


def load(engine: Engine, owner: int, interview_id: str) -> Snapshot:
    with _session(engine) as session:
        return _snapshot(session, _owned(session, owner, interview_id))


def load_unowned(engine: Engine, interview_id: str) -> Snapshot:
    with _session(engine) as session:
        interview = session.get(Interview, interview_id)
        if interview is None:
            raise NotFound(f"interview {interview_id!r} not found")
        return _snapshot(session, interview)


def append_answer(
    engine: Engine,
    owner: int,
    interview_id: str,
    text: str,
    key: str | None,
    reply_to: int | None = None,
    notes: str | None = None,
) -> Snapshot:
    """Commit the candidate's answer (and the design notes sent with it) before anything else happens to it.

    A repeated Idempotency-Key returns the turn it already started instead of storing it twice. An answer
    that names (``reply_to``) a question other than the current one is refused, not attached to a question
    the candidate never saw.
    """
    with _session(engine) as session:
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
        asked = max((m.seq for m in messages if m.role == "interviewer"), default=0)
        if reply_to is not None and reply_to != asked:
            raise StaleReply(
                ("body", "reply_to"),
                f"reply_to is {reply_to}, but the current question is message {asked}: the interview moved on "
                "(answered from another tab or device). Your answer was not stored; GET the interview to read "
                "the current question.",
                "stale_reply",
            )
        if not messages or messages[-1].role != "interviewer":
            raise TurnPending(interview.turn_started_at)
        now = utcnow()
        answer = Message(
            interview_id=interview.id,
            seq=messages[-1].seq + 1,
            role="candidate",
            text=text,
            notes=notes,
            depth=messages[-1].depth,
            idempotency_key=key,
            created_at=now,
        )
        interview.turn_started_at = interview.updated_at = now
        session.add(answer)
        session.add(interview)
        try:
            session.commit()
        except IntegrityError as exc:
            raise Conflict("another answer to this turn arrived first; GET the interview to see it") from exc
        return Snapshot(interview, [*messages, answer])


def store_reply(
    engine: Engine,
    snap: Snapshot,
    reply: Message,
    card: Scorecard | None = None,
    notes: AnswerNotes | None = None,
) -> Snapshot:
    """Store the interviewer's message for the turn ``snap`` saw, and with the closing one the scorecard of
    the closed transcript; if the interview was ended or this turn stored meanwhile, keep what is there.

    The closing turn is judged before this and stored in the same transaction: until then the interview
    is open with the answer pending, so a crash while judging leaves what a crash in any other turn
    leaves, the answer, replied to again after the lease.
    """
    interview_id = snap.interview.id
    now = utcnow()
    values: dict[str, Any] = {"updated_at": now, "turn_started_at": None}
    if reply.phase is not None:
        values["phase"] = reply.phase
    if card is not None:
        values |= {"status": "completed", "completed_at": now}
    with _session(engine) as session:
        opened = update(Interview).where(col(Interview.id) == interview_id, col(Interview.status) != "completed")
        if session.exec(opened.values(**values)).rowcount == 1:
            reply.created_at = now
            session.add(reply)
            if card is not None:
                session.add(card)
            if notes is not None:
                answer = update(Message).where(col(Message.interview_id) == interview_id, col(Message.seq) == notes.seq)
                session.exec(
                    answer.values(
                        assessment=notes.assessment_json,
                        prompt_tokens=notes.prompt_tokens,
                        completion_tokens=notes.completion_tokens,
                        duration_ms=notes.duration_ms,
                    )
                )
            try:
                session.commit()
                return _snapshot(session, _reloaded(session, interview_id))
            except IntegrityError:
                session.rollback()
        else:
            session.rollback()
        return _snapshot(session, _reloaded(session, interview_id))


def _reloaded(session: Session, interview_id: str) -> Interview:
    interview = session.get(Interview, interview_id, populate_existing=True)
    if interview is None:
        raise NotFound(f"interview {interview_id!r} not found")
    return interview


def end(engine: Engine, owner: int, interview_id: str) -> Snapshot:
    with _session(engine) as session:
        interview = _owned(session, owner, interview_id, lock=True)
        if interview.status != "completed":
            now = utcnow()
            interview.status = "completed"
            interview.ended_early = True
            interview.completed_at = interview.updated_at = now
            interview.turn_started_at = now  # scoring is the work still pending
            session.add(interview)
            session.commit()
        return _snapshot(session, interview)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


def claim(engine: Engine, interview_id: str, seen: datetime | None, lease: float) -> bool:
    """Take over pending work whose owner has not finished within the lease (a crash, a restart).

    Of several processes that saw the same pending turn, the one whose update still finds the time it
    saw wins; the others find it changed and leave the turn alone.
    """
    if seen is None:
        return False
    now = utcnow()
    if now - _aware(seen) < timedelta(seconds=lease):
        return False
    with _session(engine) as session:
        taken = (
            update(Interview)
            .where(col(Interview.id) == interview_id, col(Interview.turn_started_at) == seen)
            .values(turn_started_at=now)
        )
        result = session.exec(taken)
        session.commit()
        return bool(result.rowcount == 1)


def overdue(engine: Engine, lease: float, limit: int = 50) -> list[Snapshot]:
    """Interviews whose pending work (a reply, a scorecard) has outlived its lease: a process died."""
    cutoff = utcnow() - timedelta(seconds=lease)
    with _session(engine) as session:
        found = session.exec(
            select(Interview)
            .where(col(Interview.turn_started_at).is_not(None), col(Interview.turn_started_at) < cutoff)
            .order_by(col(Interview.turn_started_at))
            .limit(limit)
        ).all()
        return [_snapshot(session, interview) for interview in found]


def store_scorecard(engine: Engine, snap: Snapshot, card: Scorecard) -> Snapshot:
    """Store (or replace) the scorecard of a completed interview and release its pending work."""
    interview_id = snap.interview.id
    with _session(engine) as session:
        interview = session.get(Interview, interview_id, with_for_update=True)
        if interview is None:
            raise NotFound(f"interview {interview_id!r} not found")
        interview.turn_started_at = None
        interview.updated_at = utcnow()
        session.add(interview)
        session.exec(delete(Scorecard).where(col(Scorecard.interview_id) == interview_id))
        session.add(card)
        try:
            session.commit()
        except IntegrityError:  # scored by another process at the same moment: keep theirs
            session.rollback()
        return _snapshot(session, _reloaded(session, interview_id))


def list_interviews(
    engine: Engine, owner: int, limit: int, offset: int
) -> tuple[list[tuple[Interview, int, Scorecard | None]], int]:
    """A page of the owner's interviews, newest first, each with its depth and scorecard."""
    with _session(engine) as session:
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


def delete_interview(engine: Engine, owner: int, interview_id: str) -> None:
    with _session(engine) as session:
        interview = _owned(session, owner, interview_id, lock=True)
        for table, column in ((Message, Message.interview_id), (Scorecard, Scorecard.interview_id)):
            session.exec(delete(table).where(col(column) == interview.id))
        session.delete(interview)
        session.commit()
