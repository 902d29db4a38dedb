"""The database operations of the story bank. Synchronous; the service runs them off the event loop."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select, update

from app.errors import LimitReached, NotFound
from app.store.tables import Interview, Story, utcnow


def _session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


def practised(session: Session, owner: int) -> dict[str, list[str]]:
    """For each story, the interviews started to practise it, oldest first."""
    found: dict[str, list[str]] = {}
    rows = session.exec(
        select(Interview.story_id, Interview.id)
        .where(Interview.token_id == owner, col(Interview.story_id).is_not(None))
        .order_by(col(Interview.created_at))
    ).all()
    for story_id, interview_id in rows:
        found.setdefault(story_id or "", []).append(interview_id)
    return found


def list_stories(engine: Engine, owner: int) -> tuple[list[Story], dict[str, list[str]]]:
    with _session(engine) as session:
        stories = session.exec(
            select(Story).where(Story.token_id == owner).order_by(col(Story.updated_at).desc(), col(Story.id))
        ).all()
        return list(stories), practised(session, owner)


def _owned(session: Session, owner: int, story_id: str) -> Story:
    found = session.exec(select(Story).where(Story.id == story_id, Story.token_id == owner)).first()
    if found is None:
        raise NotFound(f"story {story_id!r} not found")
    return found


def get_story(engine: Engine, owner: int, story_id: str) -> tuple[Story, list[str]]:
    with _session(engine) as session:
        return _owned(session, owner, story_id), practised(session, owner).get(story_id, [])


def create_story(engine: Engine, story: Story, limit: int) -> Story:
    with _session(engine) as session:
        count = session.exec(select(func.count()).select_from(Story).where(Story.token_id == story.token_id)).one()
        if count >= limit:
            raise LimitReached(f"this token already has {count} stories; the limit is {limit}. Delete old ones.")
        session.add(story)
        session.commit()
        return story


def update_story(engine: Engine, owner: int, story_id: str, values: dict[str, Any]) -> tuple[Story, list[str]]:
    with _session(engine) as session:
        story = _owned(session, owner, story_id)
        for key, value in values.items():
            setattr(story, key, value)
        story.updated_at = utcnow()
        session.add(story)
        session.commit()
        return story, practised(session, owner).get(story_id, [])


def delete_story(engine: Engine, owner: int, story_id: str) -> None:
    """The interviews that practised it stay; they no longer point at it."""
    with _session(engine) as session:
        story = _owned(session, owner, story_id)
        session.exec(update(Interview).where(col(Interview.story_id) == story.id).values(story_id=None))
        session.delete(story)
        session.commit()
