"""The one place that runs an interview: store the answer, plan, phrase, store the reply, score at the close.

Every answer is committed before any model call. A turn runs in a task of its own (``streaming``),
so a client that hangs up mid-stream does not cancel it. Reads never call a model: work a crashed
process left behind is finished by the sweep that runs beside the app, or by the next answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import replace

from app.bank.models import Category, Framework, Question
from app.bank.select import NoQuestionError, pick_question
from app.content import PHASES, ScoringSpec
from app.design.reading import with_design_parts
from app.design.scoring import design_reach
from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Close, Probe, Step, Turn
from app.domain.scorecard import ScorecardData
from app.errors import Conflict, InvalidInput, NotFound
from app.interviews import repo, views
from app.interviews.context import Context
from app.interviews.language import scorecard_notes
from app.interviews.schemas import InterviewCreate, InterviewPublic, InterviewsPublic
from app.interviews.streaming import Emit, Final, TurnEvent
from app.interviews.text import clean_answer, clean_notes
from app.planner import next_step, unanswered_follow_ups
from app.practice.stories import practising, story_filter
from app.providers.base import (
    AlreadyAnswered,
    Assessed,
    AssessRequest,
    JudgeRequest,
    Phrased,
    PhraseEvent,
    PhraseRequest,
    Provider,
    Usage,
)
from app.scoring.rubric import build_rubric
from app.scoring.scorecard import finalize, sanitized
from app.store.tables import Message, Scorecard

log = logging.getLogger(__name__)
MAX_OWNERS_REMEMBERED = 100_000


async def owner_of(ctx: Context, raw_token: str) -> int:
    """The identity behind a token. Tokens are never reassigned, so a found one is remembered."""
    key = repo.hash_token(raw_token)
    if key not in ctx.owners:
        if len(ctx.owners) >= MAX_OWNERS_REMEMBERED:
            ctx.owners.clear()
        ctx.owners[key] = await ctx.db.run(repo.token_id, raw_token)
    return ctx.owners[key]


async def create_token(ctx: Context) -> str:
    return await ctx.db.run(repo.create_token)


def choose_question(ctx: Context, body: InterviewCreate) -> Question:
    """A question asked at another level is refused: an L6 story judged against the L7 bar (or the reverse)
    would score the candidate against a question real loops at that level do not ask."""
    if body.question_id is not None:
        question = ctx.bank.questions.get(body.question_id)
        if question is None:
            raise InvalidInput(("body", "question_id"), f"unknown question id {body.question_id!r}")
        if body.level not in question.levels:
            levels = " and ".join(question.levels)
            raise InvalidInput(
                ("body", "level"),
                f"question {question.id!r} is asked at {levels} only, not at {body.level.value}; start it at "
                f"{question.levels[0]}, or pick a {body.level.value} question (GET /api/questions?level="
                f"{body.level.value})",
                "level_mismatch",
            )
        return question
    try:
        return pick_question(ctx.bank, body, random.Random(body.seed))
    except NoQuestionError as exc:
        raise InvalidInput(("body",), str(exc)) from exc


def _public(ctx: Context, snap: repo.Snapshot) -> InterviewPublic:
    return views.interview_public(ctx.bank, ctx.bounds, snap, ctx.content.design)


def _design(question: Question) -> bool:
    return question.category == Category.SYSTEM_DESIGN


def opening_phase(question: Question) -> str | None:
    """A design round starts in its first phase; a behavioural interview has none."""
    return PHASES[0] if _design(question) else None


async def start(ctx: Context, owner: int, body: InterviewCreate) -> InterviewPublic:
    opening = None
    story = await ctx.db.run(repo.story, owner, body.story_id) if body.story_id is not None else None
    if story is None:
        question = choose_question(ctx, body)
    else:
        pick = body if body.question_id else story_filter(ctx.bank, body, json.loads(story.principles))
        question = choose_question(ctx, pick)
        question, opening = practising(question, story.title, story.text, ctx.practice.wording.stories)
    snap = await ctx.db.run(
        repo.create_interview,
        owner,
        question,
        body.level.value,
        provider=ctx.provider.name,
        model=ctx.provider.model,
        prompt_hash=ctx.content.hash,
        limit=ctx.settings.max_interviews_per_token,
        opening=opening,
        story_id=body.story_id,
        phase=opening_phase(question),
    )
    return _public(ctx, snap)


async def answer(
    ctx: Context,
    owner: int,
    interview_id: str,
    text: str,
    idempotency_key: str | None = None,
    reply_to: int | None = None,
    notes: str | None = None,
) -> AsyncIterator[TurnEvent]:
    """Store the answer (and the design notes sent with it), then run the interviewer's turn in a task of its
    own and relay its events."""
    text = clean_answer(text, ctx.settings.max_answer_chars)
    notes = clean_notes(notes, ctx.settings.max_notes_chars)
    try:
        snap = await ctx.db.run(repo.append_answer, owner, interview_id, text, idempotency_key, reply_to, notes)
    except repo.TurnPending as pending:
        left = await ctx.db.run(repo.load, owner, interview_id)
        if await finish_pending(ctx, left) is not left:
            raise Conflict(
                "the interviewer's reply to your previous answer was delayed and is ready now; "
                "GET the interview to read it before answering"
            ) from pending
        raise
    if snap.replay is not None:
        return _single(Final(views.turn_public(snap, snap.replay)))
    return ctx.turns.detach(lambda emit: _reply(ctx, snap, emit))


async def _single(event: TurnEvent) -> AsyncIterator[TurnEvent]:
    yield event


async def _reply(ctx: Context, snap: repo.Snapshot, emit: Emit) -> None:
    """One interviewer turn, top to bottom: read the answer, plan, phrase, (at the close) judge, store."""
    interview, question = snap.interview, snap.question
    transcript = views.turns_of(snap.messages)
    draft = _with_design(ctx, question, transcript, ctx.reader.assess_newest(question, transcript))
    transcript[-1] = replace(transcript[-1], assessment=draft)
    started = time.monotonic()
    turn_started = asyncio.get_running_loop().time()
    reading = AssessRequest(interview.id, question, interview.level, transcript, draft.answered, draft, turn_started)
    noting = asyncio.create_task(_assess(ctx, reading))
    try:
        step, phrased = await _ask(ctx, snap, transcript, emit, turn_started)
    finally:
        notes = await noting
    reply = Message(
        interview_id=interview.id,
        seq=snap.messages[-1].seq + 1,
        role="interviewer",
        text=phrased.text,
        probe=step.probe if isinstance(step, Probe) else None,
        reason=step.reason,
        target=step.target if isinstance(step, Probe) else None,
        phase=step.phase,
        depth=step.depth,
        provider=phrased.provider,
        model=phrased.model,
        fallback=phrased.fallback_reason is not None,
        fallback_reason=phrased.fallback_reason,
        prompt_tokens=phrased.usage.prompt_tokens,
        completion_tokens=phrased.usage.completion_tokens,
        cached_tokens=phrased.usage.cached_tokens,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    transcript[-1] = replace(transcript[-1], assessment=notes.assessment)
    card = await _judge(ctx, snap, [*transcript, Turn("interviewer", reply.text)]) if isinstance(step, Close) else None
    answer_notes = repo.AnswerNotes(
        seq=snap.messages[-1].seq,
        assessment_json=notes.assessment.model_dump_json(),
        prompt_tokens=notes.usage.prompt_tokens,
        completion_tokens=notes.usage.completion_tokens,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    stored = await ctx.db.run(repo.store_reply, snap, reply, card, answer_notes)
    final = next((m for m in stored.messages if m.seq == reply.seq), reply)
    emit(Final(views.turn_public(stored, final)))


def _with_design(
    ctx: Context, question: Question, transcript: Sequence[Turn], assessment: AnswerAssessment
) -> AnswerAssessment:
    return with_design_parts(ctx.content.design, question, transcript, assessment)


async def _assess(ctx: Context, request: AssessRequest) -> Assessed:
    noted = await ctx.provider.assess(request)
    return replace(noted, assessment=_with_design(ctx, request.question, request.transcript, noted.assessment))


async def _ask(
    ctx: Context, snap: repo.Snapshot, transcript: list[Turn], emit: Emit, turn_started: float
) -> tuple[Step, Phrased]:
    """Plan from the offline reading and phrase at once: the first words reach the candidate as soon as the
    model sends them. A model that says the probe is already answered gets one other probe."""
    interview, question = snap.interview, snap.question

    def plan(skip: frozenset[str] = frozenset()) -> Step:
        return next_step(
            question,
            transcript,
            ctx.bank.framework,
            ctx.content.probes,
            ctx.bounds,
            interview.level,
            skip,
            design=ctx.content.design,
        )

    def phrase(step: Step, allow_answered: bool) -> AsyncGenerator[PhraseEvent]:
        request = PhraseRequest(
            interview.id,
            question,
            interview.level,
            ctx.bank.framework,
            transcript,
            step,
            allow_answered=allow_answered,
            turn_started=turn_started,
        )
        return ctx.provider.phrase(request)

    step = plan()
    events = phrase(step, allow_answered=True)
    try:
        first = await anext(events)
    except AlreadyAnswered:
        step = plan(frozenset({step.probe} if isinstance(step, Probe) else ()))
        events = phrase(step, allow_answered=False)
        first = await anext(events)
    return step, await _relay(first, events, emit)


async def _relay(first: PhraseEvent, events: AsyncGenerator[PhraseEvent], emit: Emit) -> Phrased:
    """Pass the provider's words on as they come; return the finished message."""
    event: PhraseEvent = first
    while True:
        if isinstance(event, Phrased):
            return event
        emit(event)
        try:
            event = await anext(events)
        except StopAsyncIteration:
            raise RuntimeError("the provider ended without a message") from None


async def score_transcript(
    judge: Provider,
    framework: Framework,
    spec: ScoringSpec,
    interview_id: str,
    question: Question,
    level: str,
    transcript: list[Turn],
) -> tuple[ScorecardData, Usage]:
    """Judge a transcript and verify the draft into a scorecard: what the close of every interview does."""
    rubric = build_rubric(question, framework, spec, level)
    judged, notes = sanitized(transcript)
    request = JudgeRequest(interview_id, question, level, framework, judged, rubric)
    result = await judge.judge(request)
    card = finalize(
        result.draft,
        rubric,
        judged,
        level,
        unanswered_follow_ups(question, judged),
        scorer=result.judge,
        model=result.model,
        notes=[*notes, *result.notes, *scorecard_notes([t.text for t in judged if t.role == "candidate"])],
        follow_up_covers={f.id: f.covers for f in question.follow_ups},
        reached=design_reach([t.assessment or AnswerAssessment() for t in judged if t.role == "candidate"])
        if _design(question)
        else None,
        needed=[d.id for d in rubric if d.kind == "success_factor"] if _design(question) else (),
    )
    return card, result.usage


async def _judge(ctx: Context, snap: repo.Snapshot, transcript: list[Turn]) -> Scorecard:
    interview = snap.interview
    card, usage = await score_transcript(
        ctx.provider, ctx.bank.framework, ctx.content.scoring, interview.id, snap.question, interview.level, transcript
    )
    return Scorecard(
        interview_id=interview.id,
        scorer=card.scorer,
        model=card.model,
        recommendation=card.recommendation or "",
        level_verdict=card.level_verdict or "",
        data=card.model_dump_json(),
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
    )


async def _score(ctx: Context, snap: repo.Snapshot) -> repo.Snapshot:
    card = await _judge(ctx, snap, _read(ctx, snap.question, views.turns_of(snap.messages)))
    return await ctx.db.run(repo.store_scorecard, snap, card)


def _read(ctx: Context, question: Question, turns: list[Turn]) -> list[Turn]:
    """The transcript with every answer assessed: one ended before its reply has not been read yet, and a
    design answer stored before design rounds were read for their parts is read for them now."""
    for i, turn in enumerate(turns):
        if turn.role == "candidate":
            read = turn.assessment or ctx.reader.assess_newest(question, turns[: i + 1])
            turns[i] = replace(turn, assessment=_with_design(ctx, question, turns[: i + 1], read))
    return turns


async def finish_pending(ctx: Context, snap: repo.Snapshot) -> repo.Snapshot:
    """Finish work a crashed or restarted process left behind (a reply, a scorecard), once its lease has
    run out and this process has claimed it; otherwise return ``snap`` unchanged."""
    interview = snap.interview
    if not await ctx.db.run(repo.claim, interview.id, interview.turn_started_at, ctx.settings.lease_seconds):
        return snap
    log.info("interview %s: finishing work left pending by another process", interview.id)
    if interview.status == "completed":
        return await _score(ctx, snap)
    if snap.messages and snap.messages[-1].role == "candidate":
        await _reply(ctx, snap, lambda _event: None)
    return await ctx.db.run(repo.load_unowned, interview.id)


async def sweep(ctx: Context) -> int:
    """One pass over the interviews whose pending work outlived its lease; how many were finished."""
    finished = 0
    for snap in await ctx.db.run(repo.overdue, ctx.settings.lease_seconds):
        if await finish_pending(ctx, snap) is not snap:
            finished += 1
    return finished


async def sweep_forever(ctx: Context) -> None:
    """The sweep, every SWEEP_SECONDS, for as long as the app runs."""
    while True:
        await asyncio.sleep(ctx.settings.sweep_seconds)
        try:
            await sweep(ctx)
        except Exception:
            log.exception("the sweep of pending interviews failed; it runs again in %s s", ctx.settings.sweep_seconds)


async def get(ctx: Context, owner: int, interview_id: str) -> InterviewPublic:
    return _public(ctx, await ctx.db.run(repo.load, owner, interview_id))


async def end(ctx: Context, owner: int, interview_id: str) -> InterviewPublic:
    snap = await ctx.db.run(repo.end, owner, interview_id)
    if snap.scorecard is None:
        snap = await _score(ctx, snap)
    return _public(ctx, snap)


async def rescore(ctx: Context, owner: int, interview_id: str) -> ScorecardData:
    snap = await ctx.db.run(repo.load, owner, interview_id)
    if snap.interview.status != "completed":
        raise NotFound("this interview is still in progress; it is scored when it completes or is ended")
    card = views.scorecard_data((await _score(ctx, snap)).scorecard)
    assert card is not None
    return card


async def scorecard(ctx: Context, owner: int, interview_id: str) -> ScorecardData:
    card = (await get(ctx, owner, interview_id)).scorecard
    if card is None:
        raise NotFound("this interview has no scorecard yet; it is scored when it completes or is ended")
    return card


async def list_(ctx: Context, owner: int, limit: int, offset: int) -> InterviewsPublic:
    rows, count = await ctx.db.run(repo.list_interviews, owner, limit, offset)
    return InterviewsPublic(data=[views.summary(*row) for row in rows], count=count, limit=limit, offset=offset)


async def delete(ctx: Context, owner: int, interview_id: str) -> None:
    await ctx.db.run(repo.delete_interview, owner, interview_id)
