"""The story bank: stories written out or saved from an interview's answers, and how well they cover the
principles. A story is private to its identity, like an interview."""

from __future__ import annotations

import json
import uuid
from typing import Any

from app.coaching import loops, loops_repo, stories_repo
from app.coaching.schemas import StoriesPublic, StoryCreate, StoryPublic, StoryUpdate
from app.domain.assessment import AnswerAssessment
from app.errors import InvalidInput, NotFound
from app.interviews import repo
from app.interviews.context import Context
from app.interviews.text import clean_answer
from app.practice.stories import (
    Banked,
    LoopTelling,
    Suggestion,
    coverage,
    suggest_numbers,
    suggest_principles,
    told_twice,
)
from app.store.tables import Story

# The loops whose rounds a story is compared with to find one told twice: the most recent ones.
RECENT_LOOPS = 20
_PROBLEMS = {
    "unicode_error": "{what} contains an unpaired surrogate (invalid Unicode)",
    "empty": "{what} is empty",
    "string_too_long": "{what} is {length} characters; the limit is {limit} characters",
}


def checked(value: str, limit: int, loc: tuple[str, ...], what: str) -> str:
    """Text as stored: control characters removed, not empty, within its limit (the 422 names the field)."""
    try:
        return clean_answer(value, limit, loc).strip()
    except InvalidInput as exc:
        message = _PROBLEMS.get(exc.kind, "{what} is not usable").format(what=what, length=len(value), limit=limit)
        raise InvalidInput(loc, message, exc.kind) from exc


def story_public(story: Story, practised: list[str]) -> StoryPublic:
    numbers = json.loads(story.numbers)
    return StoryPublic(
        id=story.id,
        title=story.title,
        text=story.text,
        principles=json.loads(story.principles),
        numbers=numbers,
        lacks_numbers=not numbers,
        source_interview_id=story.source_interview_id,
        practised_in=practised,
        created_at=story.created_at,
        updated_at=story.updated_at,
    )


async def suggestion(
    ctx: Context, owner: int, interview_id: str, seq: int | None = None, *, body: bool = False
) -> Suggestion:
    """What saving an interview's answers (or one of them) as a story would give: its text, a title, the
    principles the answers show and the numbers they give. ``body``: the ids came in a request body (an
    unknown interview is then a 422 naming the field, not a 404)."""
    where = "body" if body else "query"
    try:
        snap = await ctx.db.run(repo.load, owner, interview_id)
    except NotFound as exc:
        if not body:
            raise
        raise InvalidInput(("body", "interview_id"), f"unknown interview id {interview_id!r}") from exc
    answers = [m for m in snap.messages if m.role == "candidate" and (seq is None or m.seq == seq)]
    if not answers and seq is not None:
        raise InvalidInput((where, "seq"), f"interview {interview_id!r} has no answer with seq {seq}")
    if not answers:
        raise InvalidInput((where, "interview_id"), f"interview {interview_id!r} has no answers yet")
    text = "\n\n".join(m.text for m in answers)
    assessments = [AnswerAssessment.model_validate_json(m.assessment) for m in answers if m.assessment]
    question = snap.question
    title = ctx.practice.wording.stories.default_title.format(question=question.text)
    return Suggestion(
        title=title[:200],
        text=text,
        principles=suggest_principles(ctx.bank.framework, question, text, assessments),
        numbers=suggest_numbers(assessments),
    )


async def create(ctx: Context, owner: int, body: StoryCreate) -> StoryPublic:
    suggested = await suggestion(ctx, owner, body.interview_id, body.seq, body=True) if body.interview_id else None
    if body.seq is not None and body.interview_id is None:
        raise InvalidInput(("body", "seq"), "seq picks one answer of an interview: give interview_id too")
    title = body.title or (suggested.title if suggested else None)
    text = body.text if body.text is not None else (suggested.text if suggested else None)
    if title is None:
        raise InvalidInput(("body", "title"), "a story needs a title (1-200 characters)", "missing")
    if text is None:
        raise InvalidInput(("body", "text"), "a story needs its text, or an interview_id to take it from", "missing")
    principles = body.principles if body.principles is not None else (suggested.principles if suggested else [])
    numbers = body.numbers if body.numbers is not None else (suggested.numbers if suggested else [])
    story = Story(
        id=uuid.uuid4().hex,
        token_id=owner,
        **_values(ctx, title=title, text=text, principles=principles, numbers=numbers),
        source_interview_id=body.interview_id,
    )
    return story_public(await ctx.db.run(stories_repo.create_story, story, ctx.settings.max_stories_per_token), [])


def _values(ctx: Context, **given: Any) -> dict[str, Any]:
    """The stored form of the fields given (a partial update gives some)."""
    values: dict[str, Any] = {}
    if (title := given.get("title")) is not None:
        values["title"] = checked(title, 200, ("body", "title"), "the title")
    if (text := given.get("text")) is not None:
        values["text"] = checked(text, ctx.settings.max_answer_chars, ("body", "text"), "the story text")
    if (principles := given.get("principles")) is not None:
        values["principles"] = json.dumps([str(p) for p in dict.fromkeys(principles)])
    if (numbers := given.get("numbers")) is not None:
        cleaned = [checked(n, 200, ("body", "numbers", str(i)), "a number") for i, n in enumerate(numbers)]
        values["numbers"] = json.dumps(list(dict.fromkeys(cleaned)))
    return values


async def get(ctx: Context, owner: int, story_id: str) -> StoryPublic:
    return story_public(*await ctx.db.run(stories_repo.get_story, owner, story_id))


async def update(ctx: Context, owner: int, story_id: str, body: StoryUpdate) -> StoryPublic:
    values = _values(ctx, **body.model_dump(exclude_unset=True))
    return story_public(*await ctx.db.run(stories_repo.update_story, owner, story_id, values))


async def delete(ctx: Context, owner: int, story_id: str) -> None:
    await ctx.db.run(stories_repo.delete_story, owner, story_id)


async def tellings(ctx: Context, owner: int) -> list[LoopTelling]:
    """What each round of the recent loops heard: its interviews' answers."""
    snaps, _ = await ctx.db.run(loops_repo.list_loops, owner, RECENT_LOOPS, 0, answers=True)
    return [
        LoopTelling(
            snap.loop.id, position, plan.name, "\n".join(a for i in interviews for a in snap.answers.get(i.id, []))
        )
        for snap in snaps
        for position, (plan, interviews) in enumerate(zip(loops.planned(snap.loop), loops.rounds_of(snap), strict=True))
    ]


async def list_(ctx: Context, owner: int) -> StoriesPublic:
    stories, practised = await ctx.db.run(stories_repo.list_stories, owner)
    data = [story_public(s, practised.get(s.id, [])) for s in stories]
    banked = [Banked(s.id, s.text, tuple(s.principles), tuple(s.numbers)) for s in data]
    overused = told_twice(banked, await tellings(ctx, owner), ctx.content.lexicon.stopwords)
    return StoriesPublic(data=data, count=len(data), coverage=coverage(ctx.bank.framework, banked, overused))
