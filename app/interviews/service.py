"""The one place that runs an interview: load -> plan -> phrase -> store, in that order.

Every answer is committed before any model call. A turn runs in its own task, so a client that
hangs up mid-stream does not cancel it: the follow-up is stored and found on the next GET.
Database work runs in worker threads so a slow model never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.bank.models import Level, Question
from app.bank.select import NoQuestionError, pick_question
from app.errors import InvalidInput, NotFound
from app.interviews import repo
from app.interviews.schemas import (
    InterviewCreate,
    InterviewPublic,
    InterviewsPublic,
    InterviewSummary,
    MessagePublic,
    QuestionPublic,
    TurnPublic,
    Usage,
)
from app.interviews.text import clean_answer
from app.planner import Close, Turn, depth_of, next_step
from app.providers.base import JudgeRequest, PhraseRequest, ProviderError
from app.providers.base import Usage as ModelUsage
from app.providers.guard import problem_with
from app.providers.offline import closing_text, offline_text
from app.runtime import Runtime
from app.scoring.models import ScorecardData
from app.scoring.rubric import build_rubric
from app.scoring.scorer import score
from app.store.tables import MessageRecord, ScorecardRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delta:
    text: str


@dataclass(frozen=True)
class Reset:
    """The streamed text so far is withdrawn (the model failed); the fallback follows."""

    reason: str


@dataclass(frozen=True)
class Final:
    turn: TurnPublic


TurnEvent = Delta | Reset | Final


def question_public(rt: Runtime, question: Question) -> QuestionPublic:
    info = next((t for t in rt.bank.framework.question_types if t.id == question.question_type), None)
    return QuestionPublic(
        **question.model_dump(),
        question_type_name=info.name if info else None,
        frequency=dict(info.frequency) if info else None,
        success_factor=info.success_factor if info else None,
    )


def _message(m: MessageRecord) -> MessagePublic:
    return MessagePublic.model_validate(m, from_attributes=True)


def _turns(messages: Sequence[MessageRecord]) -> list[Turn]:
    return [Turn(role=m.role, text=m.text, probe=m.probe) for m in messages]  # type: ignore[arg-type]


def _scorecard(card: ScorecardRecord | None) -> ScorecardData | None:
    return ScorecardData.model_validate_json(card.data) if card else None


def to_public(rt: Runtime, snap: repo.Snapshot) -> InterviewPublic:
    interview, messages = snap.interview, snap.messages
    awaiting = None
    if interview.status != "completed":
        awaiting = "interviewer" if messages and messages[-1].role == "candidate" else "candidate"
    usage = Usage(
        prompt_tokens=sum(m.prompt_tokens or 0 for m in messages),
        completion_tokens=sum(m.completion_tokens or 0 for m in messages),
        cached_tokens=sum(m.cached_tokens or 0 for m in messages),
    )
    if snap.scorecard:
        usage.prompt_tokens += snap.scorecard.prompt_tokens or 0
        usage.completion_tokens += snap.scorecard.completion_tokens or 0
    return InterviewPublic(
        id=interview.id,
        status=interview.status,  # type: ignore[arg-type]
        level=interview.level,  # type: ignore[arg-type]
        depth=depth_of(_turns(messages)),
        min_follow_ups=rt.bounds.min_follow_ups,
        max_follow_ups=rt.bounds.max_follow_ups,
        awaiting=awaiting,  # type: ignore[arg-type]
        ended_early=interview.ended_early,
        question=question_public(rt, snap.question),
        messages=[_message(m) for m in messages],
        scorecard=_scorecard(snap.scorecard),
        provider=interview.provider,
        model=interview.model,
        prompt_hash=interview.prompt_hash,
        usage=usage,
        created_at=interview.created_at,
        updated_at=interview.updated_at,
        completed_at=interview.completed_at,
    )


def _turn_result(snap: repo.Snapshot, reply: MessageRecord) -> TurnPublic:
    answered = next((m for m in snap.messages if m.seq == reply.seq - 1 and m.role == "candidate"), None)
    return TurnPublic(
        answer=_message(answered) if answered else None,
        message=_message(reply),
        depth=depth_of(_turns(snap.messages)),
        status=snap.interview.status,  # type: ignore[arg-type]
        scorecard=_scorecard(snap.scorecard),
    )


def choose_question(rt: Runtime, body: InterviewCreate) -> Question:
    if body.question_id is not None:
        question = rt.bank.questions.get(body.question_id)
        if question is None:
            raise InvalidInput(("body", "question_id"), f"unknown question id {body.question_id!r}")
        return question
    try:
        return pick_question(rt.bank, body, random.Random(body.seed))
    except NoQuestionError as exc:
        raise InvalidInput(("body",), str(exc)) from exc


async def start(rt: Runtime, owner: int, body: InterviewCreate) -> InterviewPublic:
    question = choose_question(rt, body)
    snap = await rt.db(
        repo.create_interview,
        owner,
        question,
        body.level.value,
        provider=rt.provider.name,
        model=rt.provider.model,
        prompt_hash=rt.prompts.hash,
        limit=rt.settings.max_interviews_per_token,
    )
    return to_public(rt, snap)


async def answer(
    rt: Runtime,
    owner: int,
    interview_id: str,
    text: str,
    idempotency_key: str | None = None,
    *,
    deltas: bool = True,
) -> AsyncIterator[TurnEvent]:
    """Store the answer, then run the interviewer's turn in a task of its own and relay its events.

    Without ``deltas`` only the Final event is relayed: a client waiting for the whole reply does not
    need its consumer woken for each of the model's chunks.
    """
    text = clean_answer(text, rt.settings.max_answer_chars)
    snap = await rt.db(repo.append_answer, owner, interview_id, text, idempotency_key)
    if snap.replay is not None:
        return _single(Final(_turn_result(snap, snap.replay)))
    return detach(rt, lambda emit: _reply(rt, snap, emit, stream=deltas), deltas=deltas)


async def _single(event: TurnEvent) -> AsyncIterator[TurnEvent]:
    yield event


Emit = Callable[[TurnEvent], None]


def detach(rt: Runtime, work: Callable[[Emit], Any], *, deltas: bool = True) -> AsyncIterator[TurnEvent]:
    """Run ``work`` to completion whatever the consumer does; the consumer reads its events."""
    queue: asyncio.Queue[TurnEvent | BaseException | None] = asyncio.Queue()

    def emit(event: TurnEvent) -> None:
        if deltas or isinstance(event, Final):
            queue.put_nowait(event)

    async def run() -> None:
        try:
            await work(emit)
        except BaseException as exc:
            if isinstance(exc, Exception):
                log.exception("interview turn failed")
            queue.put_nowait(exc)
            if not isinstance(exc, Exception):
                raise
        finally:
            queue.put_nowait(None)

    task = asyncio.create_task(run())
    rt.tasks.add(task)
    task.add_done_callback(rt.tasks.discard)

    async def events() -> AsyncIterator[TurnEvent]:
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    return events()


async def _reply(rt: Runtime, snap: repo.Snapshot, emit: Emit, *, stream: bool) -> None:
    question = snap.question
    transcript = _turns(snap.messages)
    step = next_step(question, transcript, rt.bank.framework, rt.bounds)
    last_seq = snap.messages[-1].seq
    if isinstance(step, Close):
        reply = MessageRecord(
            interview_id=snap.interview.id,
            seq=last_seq + 1,
            role="interviewer",
            text=closing_text(rt.prompts.offline, snap.interview.id),
            reason=step.reason,
            depth=step.depth,
            provider="offline",
        )
        emit(Delta(reply.text))
        card = await _judge(rt, repo.Snapshot(snap.interview, [*snap.messages, reply]))
        stored = await rt.db(repo.store_reply, snap, reply, card)
    else:
        request = PhraseRequest(
            snap.interview.id, question, snap.interview.level, rt.bank.framework, transcript, step, stream=stream
        )
        reply = await _phrase(rt, request, last_seq + 1, emit)
        stored = await rt.db(repo.store_reply, snap, reply)
    final = next((m for m in stored.messages if m.seq == last_seq + 1), reply)
    emit(Final(_turn_result(stored, final)))


async def _phrase(rt: Runtime, request: PhraseRequest, seq: int, emit: Emit) -> MessageRecord:
    """The provider's follow-up, or the offline phrasing of the same probe if anything goes wrong."""
    provider, step = rt.provider, request.step
    started = time.monotonic()
    parts: list[str] = []
    usage = ModelUsage()
    fallback_reason: str | None = None
    try:
        async with asyncio.timeout(rt.settings.lease_seconds):
            async for item in provider.phrase(request):
                if isinstance(item, ModelUsage):
                    usage = item
                elif item:
                    parts.append(item)
                    emit(Delta(item))
        text = "".join(parts).strip()
        if problem := problem_with(text):
            raise ProviderError(problem)
    except (ProviderError, TimeoutError) as exc:
        fallback_reason = str(exc) or type(exc).__name__
        log.warning(
            "interview %s: %s failed at depth %s, using offline phrasing: %s",
            request.interview_id,
            provider.name,
            step.depth,
            fallback_reason,
        )
        if parts:
            emit(Reset(fallback_reason))
        text = offline_text(rt.prompts.offline, request)
        emit(Delta(text))
    return MessageRecord(
        interview_id=request.interview_id,
        seq=seq,
        role="interviewer",
        text=text,
        probe=step.probe,
        reason=step.reason,
        depth=step.depth,
        provider="offline" if fallback_reason else provider.name,
        model=None if fallback_reason else provider.model,
        fallback=fallback_reason is not None and provider.name != "offline",
        fallback_reason=fallback_reason[:500] if fallback_reason else None,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cached_tokens=usage.cached_tokens,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


async def _score(rt: Runtime, snap: repo.Snapshot) -> repo.Snapshot:
    return await rt.db(repo.store_scorecard, snap, await _judge(rt, snap))


async def _judge(rt: Runtime, snap: repo.Snapshot) -> ScorecardRecord:
    question = snap.question
    request = JudgeRequest(
        interview_id=snap.interview.id,
        question=question,
        level=snap.interview.level,
        framework=rt.bank.framework,
        transcript=_turns(snap.messages),
        rubric=build_rubric(question, rt.bank.framework, rt.scoring_spec),
    )
    card, usage = await score(request, rt.provider, rt.offline)
    return ScorecardRecord(
        interview_id=snap.interview.id,
        scorer=card.scorer,
        model=card.model,
        recommendation=card.recommendation,
        level_verdict=card.level_verdict,
        data=card.model_dump_json(),
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
    )


async def _drain(events: AsyncIterator[TurnEvent]) -> None:
    async for _ in events:
        pass


async def recover(rt: Runtime, snap: repo.Snapshot) -> repo.Snapshot:
    """Finish work a crashed or restarted process left behind, once its lease has run out."""
    interview = snap.interview
    if not await rt.db(repo.claim, interview.id, interview.turn_started_at, rt.settings.lease_seconds):
        return snap
    log.info("interview %s: finishing a turn left pending by another process", interview.id)
    if interview.status == "completed":
        return await _score(rt, snap)
    if snap.messages and snap.messages[-1].role == "candidate":
        await _drain(detach(rt, lambda emit: _reply(rt, snap, emit, stream=False), deltas=False))
    return await rt.db(repo.load_unowned, interview.id)


async def get(rt: Runtime, owner: int, interview_id: str) -> InterviewPublic:
    snap = await rt.db(repo.load, owner, interview_id)
    if snap.interview.turn_started_at is not None:
        snap = await recover(rt, snap)
    return to_public(rt, snap)


async def end(rt: Runtime, owner: int, interview_id: str) -> InterviewPublic:
    snap = await rt.db(repo.end, owner, interview_id)
    if snap.scorecard is None:
        snap = await _score(rt, snap)
    return to_public(rt, snap)


async def rescore(rt: Runtime, owner: int, interview_id: str) -> ScorecardData:
    snap = await rt.db(repo.load, owner, interview_id)
    if snap.interview.status != "completed":
        raise NotFound("this interview is still in progress; it is scored when it completes or is ended")
    return ScorecardData.model_validate_json((await _score(rt, snap)).scorecard.data)  # type: ignore[union-attr]


async def scorecard(rt: Runtime, owner: int, interview_id: str) -> ScorecardData:
    card = (await get(rt, owner, interview_id)).scorecard
    if card is None:
        raise NotFound("this interview has no scorecard yet; it is scored when it completes or is ended")
    return card


async def list_(rt: Runtime, owner: int, limit: int, offset: int) -> InterviewsPublic:
    rows, count = await rt.db(repo.list_interviews, owner, limit, offset)
    data = []
    for interview, depth, card in rows:
        question = Question.model_validate_json(interview.question_json)
        data.append(
            InterviewSummary(
                id=interview.id,
                question_id=question.id,
                question_text=question.text,
                category=question.category,
                level=Level(interview.level),
                status=interview.status,  # type: ignore[arg-type]
                depth=depth,
                recommendation=card.recommendation if card else None,
                created_at=interview.created_at,
                updated_at=interview.updated_at,
                completed_at=interview.completed_at,
            )
        )
    return InterviewsPublic(data=data, count=count, limit=limit, offset=offset)


async def delete(rt: Runtime, owner: int, interview_id: str) -> None:
    await rt.db(repo.delete, owner, interview_id)
