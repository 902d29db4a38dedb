"""Checks a model's follow-up before a candidate sees it as final: one concise question that
neither answers the interview question nor hints at what a good answer contains."""

from __future__ import annotations

import re

MAX_FOLLOW_UP_CHARS = 600
MAX_SENTENCES = 4
_ANSWERS_ITSELF = re.compile(
    r"\b(?:a (?:good|strong|great|complete|ideal) answer(?: would)?|you (?:should|could|might|may want to) "
    r"(?:mention|talk about|discuss|say|cover|consider|include)|for example,? you could|"
    r"here(?:'s| is) (?:how|an example|what)|"
    r"the (?:right|correct|best) answer|model answer|ideal answer|i would (?:design|use|recommend|suggest)|"
    r"one approach (?:is|would be)|a common approach|hint:)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def problem_with(text: str) -> str | None:
    """Why this completion cannot be used, or None if it can."""
    stripped = text.strip()
    if not stripped:
        return "empty completion"
    if len(stripped) > MAX_FOLLOW_UP_CHARS:
        return f"overlong completion ({len(stripped)} characters)"
    if "?" not in stripped:
        return "completion is not a question"
    if _ANSWERS_ITSELF.search(stripped):
        return "completion answers or hints at the question"
    if len(_SENTENCE_END.findall(stripped)) > MAX_SENTENCES:
        return "completion is not one concise follow-up"
    return None
