"""Loops: plan the rounds, create their interviews, read where the candidate is, and debrief at the end.

A round is taken by answering its interviews through the interview service, like any interview. The
debrief is computed from the rounds' scorecards whenever it is read (a read never calls a model); the
prose a model writes (POST .../debrief) is stored with a key of the scorecards it read, and shown only
while they are unchanged.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import uuid
from datetime import timedelta
from typing import cast

from app.coaching import loops_repo
from app.coaching.loops_repo import LoopSnapshot
from app.coaching.prose import bounded
from app.coaching.schemas import LoopCreate, LoopPublic, LoopsPublic, RoundInterview, RoundPublic, RoundStatus
from app.domain.debrief import DebriefData, DebriefRequest, RoundAnswers
from app.domain.scorecard import Recommendation, ScorecardData
from app.errors import InvalidInput, NotFound
from app.interviews import repo, service
from app.interviews.context import Context
from app.interviews.schemas import Status
from app.practice.debrief import RoundTaken, Take, compute_debrief
from app.practice.plan import NoLoopError, PlannedRound, plan_loop
from app.store.tables import Interview, Loop, utcnow

# What the model reads of each answer: enough for the story, bounded however long the answers were.
MAX_PROSE_ANSWER_CHARS = 2_000


def planned(loop: Loop) -> list[PlannedRound]:
    return [PlannedRound.model_validate(r) for r in json.loads(loop.rounds)]


def rounds_of(snap: LoopSnapshot) -> list[list[Interview]]:
    """Each round's interviews, in the order its questions were planned."""
    plan = planned(snap.loop)
    found: list[list[Interview]] = [[] for _ in plan]
    for interview in snap.interviews:
        if interview.loop_round is not None and 0 <= interview.loop_round < len(plan):
            found[interview.loop_round].append(interview)
    for position, interviews in enumerate(found):
        order = plan[position].questions
        interviews.sort(key=lambda i: (order.index(i.question_id) if i.question_id in order else len(order), i.id))
    return found


def _status(interviews: list[Interview], snap: LoopSnapshot) -> RoundStatus:
    taken = any(snap.answered.get(i.id) for i in interviews)
    if all(i.status == "completed" for i in interviews):
        return "completed" if taken or not interviews else "skipped"
    if taken or any(i.status == "completed" for i in interviews):
        return "in_progress"
    return "not_started"


def is_done(snap: LoopSnapshot) -> bool:
    return snap.loop.ended_early or all(i.status == "completed" for i in snap.interviews)


def loop_public(snap: LoopSnapshot) -> LoopPublic:
    loop = snap.loop
    rounds = []
    for position, (plan, interviews) in enumerate(zip(planned(loop), rounds_of(snap), strict=True)):
        questions = [
            RoundInterview(
                interview_id=i.id,
                question_id=i.question_id,
                question_text=repo.Snapshot(i, []).question.text,
                status=cast(Status, i.status),
                started=bool(snap.answered.get(i.id)),
                recommendation=cast(
                    Recommendation | None, (card.recommendation or None) if (card := snap.cards.get(i.id)) else None
                ),
            )
            for i in interviews
        ]
        rounds.append(
            RoundPublic(
                position=position,
                round=plan.round,
                name=plan.name,
                focus=plan.focus,
                status=_status(interviews, snap),
                interviews=[i.id for i in interviews],
                questions=questions,
            )
        )
    done = is_done(snap)
    pending = [q.interview_id for r in rounds for q in r.questions if q.status != "completed"]
    finished = [i.completed_at for i in snap.interviews if i.completed_at is not None]
    return LoopPublic(
        id=loop.id,
        level=loop.level,
        status="completed" if done else "in_progress",
        ended_early=loop.ended_early,
        rounds=rounds,
        rounds_done=sum(r.status == "completed" for r in rounds),
        next_interview=None if done or not pending else pending[0],
        created_at=loop.created_at,
        updated_at=loop.updated_at,
        completed_at=(loop.ended_at or max(finished, default=None)) if done else None,
    )


async def create(ctx: Context, owner: int, body: LoopCreate) -> LoopPublic:
    since = utcnow() - timedelta(days=ctx.practice.spec.recent_days)
    recent = await ctx.db.run(loops_repo.asked_since, owner, since)
    try:
        plan = plan_loop(ctx.bank, ctx.practice.loops[body.level], body.level, random.Random(body.seed), recent)
    except NoLoopError as exc:
        raise InvalidInput(("body", "level"), str(exc)) from exc
    loop = Loop(
        id=uuid.uuid4().hex,
        token_id=owner,
        level=body.level.value,
        rounds=json.dumps([r.model_dump() for r in plan]),
    )
    interviews = [
        repo.NewInterview(
            ctx.bank.questions[question_id],
            body.level.value,
            ctx.provider.name,
            ctx.provider.model,
            ctx.content.hash,
            loop_id=loop.id,
            loop_round=position,
            phase=service.opening_phase(ctx.bank.questions[question_id]),
        )
        for position, r in enumerate(plan)
        for question_id in r.questions
    ]
    snap = await ctx.db.run(loops_repo.create_loop, owner, loop, interviews, ctx.settings.max_interviews_per_token)
    return loop_public(snap)


async def get(ctx: Context, owner: int, loop_id: str) -> LoopPublic:
    return loop_public(await ctx.db.run(loops_repo.load_loop, owner, loop_id))


async def list_(ctx: Context, owner: int, limit: int, offset: int) -> LoopsPublic:
    snaps, count = await ctx.db.run(loops_repo.list_loops, owner, limit, offset)
    return LoopsPublic(data=[loop_public(s) for s in snaps], count=count, limit=limit, offset=offset)


async def end(ctx: Context, owner: int, loop_id: str) -> LoopPublic:
    """End the loop now: its open interviews are ended and scored on what was said, and the debrief is ready."""
    snap = await ctx.db.run(loops_repo.load_loop, owner, loop_id)
    if not is_done(snap):
        await ctx.db.run(loops_repo.mark_ended, owner, loop_id)
        open_ = [i.id for i in snap.interviews if i.status != "completed"]
        await asyncio.gather(*(service.end(ctx, owner, interview_id) for interview_id in open_))
    return await get(ctx, owner, loop_id)


async def delete(ctx: Context, owner: int, loop_id: str) -> None:
    await ctx.db.run(loops_repo.delete_loop, owner, loop_id)


def _taken(snap: LoopSnapshot) -> list[RoundTaken]:
    return [
        RoundTaken(
            position=position,
            round=plan.round,
            name=plan.name,
            takes=tuple(
                Take(
                    id=i.id,
                    card=ScorecardData.model_validate_json(card.data) if (card := snap.cards.get(i.id)) else None,
                    principles=tuple(p.value for p in repo.Snapshot(i, []).question.leadership_principles),
                    answers=tuple(snap.answers.get(i.id, ())),
                    story_id=i.story_id,
                )
                for i in interviews
            ),
        )
        for position, (plan, interviews) in enumerate(zip(planned(snap.loop), rounds_of(snap), strict=True))
    ]


def _key(snap: LoopSnapshot) -> str:
    """What a written debrief was written from: every round's scorecard as stored, and how the loop ended."""
    read = sorted((i.id, c.data if (c := snap.cards.get(i.id)) else "") for i in snap.interviews)
    return hashlib.sha256(json.dumps([snap.loop.ended_early, read]).encode()).hexdigest()


def computed(ctx: Context, snap: LoopSnapshot) -> DebriefData:
    """The debrief as code computes it; 404 until every round is done, unless the loop was ended early."""
    if not is_done(snap):
        public = loop_public(snap)
        raise NotFound(
            f"the debrief is ready when every round is done ({public.rounds_done} of {len(public.rounds)} are); "
            f"end the loop early (POST /api/loops/{snap.loop.id}/end) to debrief the rounds taken so far"
        )
    return compute_debrief(
        snap.loop.id,
        snap.loop.level,
        snap.loop.ended_early,
        _taken(snap),
        ctx.bank.framework.leadership_principles,
        ctx.practice.wording.debrief,
        veto_round=ctx.practice.spec.veto_round,
        stopwords=ctx.content.lexicon.stopwords,
    )


def written(debrief: DebriefData, snap: LoopSnapshot) -> DebriefData:
    """The debrief with the prose written for it, while the scorecards it was written from are unchanged."""
    if not snap.loop.prose:
        return debrief
    stored = json.loads(snap.loop.prose)
    if stored.get("key") != _key(snap):
        return debrief
    return debrief.model_copy(update=stored["update"])


async def debrief(ctx: Context, owner: int, loop_id: str) -> DebriefData:
    snap = await ctx.db.run(loops_repo.load_loop, owner, loop_id, answers=True)
    return written(computed(ctx, snap), snap)


async def write_debrief(ctx: Context, owner: int, loop_id: str) -> DebriefData:
    """Have the provider write the debrief's reasons (a model when one is configured), bounded by code, and keep
    them with the debrief."""
    snap = await ctx.db.run(loops_repo.load_loop, owner, loop_id, answers=True)
    debrief = computed(ctx, snap)
    rounds = tuple(
        RoundAnswers(
            name=taken.name,
            questions=tuple(repo.Snapshot(i, []).question.text for i in interviews),
            answers=tuple(a[:MAX_PROSE_ANSWER_CHARS] for t in taken.takes for a in t.answers),
        )
        for taken, interviews in zip(_taken(snap), rounds_of(snap), strict=True)
    )
    written = await ctx.provider.write_debrief(DebriefRequest(loop_id, snap.loop.level, debrief, rounds))
    answers = [a for texts in snap.answers.values() for a in texts]
    final = bounded(debrief, written, answers)
    update = final.model_dump(include={"reasons", "decision", "writer", "model", "notes"})
    usage = {"prompt_tokens": written.usage.prompt_tokens, "completion_tokens": written.usage.completion_tokens}
    stored = {"key": _key(snap), "update": update, "usage": usage, "prompt_hash": ctx.content.hash}
    await ctx.db.run(loops_repo.store_prose, owner, loop_id, json.dumps(stored))
    return final
