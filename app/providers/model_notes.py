"""A model's notes on an answer, held to the same standard as the offline reading.

The model returns an assessment as JSON; every quote must appear verbatim in the answer (or, for a
contradiction's earlier half, in an earlier answer), every label must be one we know. What does not
hold is dropped, and a field with nothing valid left keeps the offline reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from app.domain.assessment import (
    AnswerAssessment,
    Claim,
    ClaimKind,
    Contradiction,
    Dodge,
    Horizon,
    Satisfied,
    Scope,
    Step,
)

_STEPS = set(get_args(Step)) - {"situation"}
_KINDS = set(get_args(ClaimKind))
_ACTORS = {"self", "other", "shared"}


def notes_schema(follow_up_ids: Sequence[str]) -> dict[str, Any]:
    """The notes as a strict JSON schema; the question's own follow-up ids are steps too."""
    text = {"type": "string"}
    nullable = {"type": ["string", "null"]}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "satisfied",
            "dodge",
            "dodge_quote",
            "hollow",
            "claims",
            "contradictions",
            "scope",
            "horizon",
            "questions",
        ],
        "properties": {
            "satisfied": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["step", "quote"],
                    "properties": {
                        "step": {"type": "string", "enum": sorted(_STEPS | set(follow_up_ids))},
                        "quote": text,
                    },
                },
            },
            "dodge": {"type": ["string", "null"], "enum": [*get_args(Dodge), None]},
            "dodge_quote": nullable,
            "hollow": {"type": "array", "items": {"type": "string", "enum": sorted(_STEPS)}},
            "claims": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["kind", "quote", "subject", "value", "unit", "actor"],
                    "properties": {
                        "kind": {"type": "string", "enum": sorted(_KINDS)},
                        "quote": text,
                        "subject": nullable,
                        "value": {"type": ["number", "null"]},
                        "unit": nullable,
                        "actor": {"type": ["string", "null"], "enum": [*sorted(_ACTORS), None]},
                    },
                },
            },
            "contradictions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["about", "earlier", "later"],
                    "properties": {"about": text, "earlier": text, "later": text},
                },
            },
            "scope": {"type": ["string", "null"], "enum": [*get_args(Scope), None]},
            "horizon": {"type": ["string", "null"], "enum": [*get_args(Horizon), None]},
            "questions": {"type": "array", "items": text},
        },
    }


def _normal(text: str) -> str:
    for fancy, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(fancy, plain)
    return " ".join(text.casefold().split())


def _verbatim(quote: object, haystack: str) -> str | None:
    if not isinstance(quote, str):
        return None
    cleaned = quote.strip().strip("\"'“”‘’").strip()
    return cleaned if len(cleaned.split()) >= 2 and _normal(cleaned) in haystack else None


def checked_notes(
    data: dict[str, Any],
    answer: str,
    earlier: Sequence[tuple[int, str]],
    draft: AnswerAssessment,
    follow_up_ids: Sequence[str],
) -> AnswerAssessment:
    """The model's notes with every unverifiable part removed; ``draft`` fills what is left empty."""
    here = _normal(answer)
    steps = _STEPS | set(follow_up_ids)
    satisfied = [
        Satisfied(step=item["step"], quote=quote)
        for item in _items(data.get("satisfied"))
        if item.get("step") in steps and (quote := _verbatim(item.get("quote"), here))
    ]
    claims = [
        Claim(
            kind=item["kind"],
            quote=quote,
            subject=item.get("subject") if isinstance(item.get("subject"), str) else None,
            value=item.get("value") if isinstance(item.get("value"), int | float) else None,
            unit=item.get("unit") if isinstance(item.get("unit"), str) else None,
            actor=item.get("actor") if item.get("actor") in _ACTORS else None,
        )
        for item in _items(data.get("claims"))
        if item.get("kind") in _KINDS and (quote := _verbatim(item.get("quote"), here))
    ]
    contradictions = []
    for item in _items(data.get("contradictions")):
        later = _verbatim(item.get("later"), here)
        found = next(((seq, q) for seq, text in earlier if (q := _verbatim(item.get("earlier"), _normal(text)))), None)
        if later and found and isinstance(item.get("about"), str):
            contradictions.append(
                Contradiction(about=item["about"], earlier=found[1], later=later, earlier_seq=found[0])
            )
    dodge = data.get("dodge") if data.get("dodge") in get_args(Dodge) else None
    hollow = [s for s in data.get("hollow") or [] if s in _STEPS] if isinstance(data.get("hollow"), list) else []
    return AnswerAssessment(
        assessor="model",
        answered=draft.answered,
        satisfied=[] if dodge else _or_draft(data, "satisfied", satisfied, draft.satisfied),
        dodge=dodge if "dodge" in data else draft.dodge,
        dodge_quote=(_verbatim(data.get("dodge_quote"), here) if dodge else None)
        if "dodge" in data
        else draft.dodge_quote,
        hollow=hollow if "hollow" in data else draft.hollow,
        claims=_or_draft(data, "claims", claims, draft.claims),
        contradictions=_or_draft(data, "contradictions", contradictions, draft.contradictions),
        scope=data.get("scope") if data.get("scope") in get_args(Scope) else draft.scope,
        horizon=data.get("horizon") if data.get("horizon") in get_args(Horizon) else draft.horizon,
        questions=[q for item in data.get("questions") or [] if (q := _verbatim(item, here))]
        if isinstance(data.get("questions"), list)
        else draft.questions,
    )


def _or_draft(data: dict[str, Any], field: str, checked: list[Any], draft: list[Any]) -> list[Any]:
    """The model's items that held; the draft's when the model gave none for the field, or only ones
    that did not hold (an empty list is the model saying there are none)."""
    given = data.get(field)
    if not isinstance(given, list) or (given and not checked):
        return draft
    return checked


def _items(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
