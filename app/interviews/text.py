"""Candidate text as it is stored: exactly what they typed, minus control characters."""

from __future__ import annotations

import re

from app.errors import InvalidInput

# C0 controls except tab and newline, DEL, and C1 controls: invisible, and some (NUL) break PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cleaned(text: str, field: tuple[str, ...]) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(field, "text contains an unpaired surrogate (invalid Unicode)", "unicode_error") from exc
    return text


def clean_answer(text: str, max_chars: int, field: tuple[str, ...] = ("body", "text")) -> str:
    text = _cleaned(text, field)
    if not text.strip():
        raise InvalidInput(field, "answer is empty; write your answer before sending", "empty")
    if len(text) > max_chars:
        raise InvalidInput(
            field, f"answer is {len(text)} characters; the limit is {max_chars} characters", "string_too_long"
        )
    return text


def clean_notes(notes: str | None, max_chars: int, field: tuple[str, ...] = ("body", "notes")) -> str | None:
    """Design notes as stored: cleaned like an answer; blank notes are no notes."""
    if notes is None:
        return None
    notes = _cleaned(notes, field)
    if len(notes) > max_chars:
        raise InvalidInput(
            field,
            f"notes are {len(notes)} characters; the limit is {max_chars} characters (MAX_NOTES_CHARS)",
            "string_too_long",
        )
    return notes if notes.strip() else None
