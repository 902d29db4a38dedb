"""Builds the dimensions a question is scored on, from the question itself and the seed's tables."""

from __future__ import annotations

from typing import Any

from app.bank.models import Category, Framework, Level, Question
from app.scoring.models import Dimension

STRATEGIC_HEADINGS = ("strategic", "leadership", "executive", "organizational", "transformational")


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def strategic_follow_ups(question: Question) -> list[str]:
    return [f.text for f in question.follow_ups if any(h in f.heading.lower() for h in STRATEGIC_HEADINGS)]


def build_rubric(question: Question, framework: Framework, spec: dict[str, Any]) -> list[Dimension]:
    """Success factor, principles, success pattern, then the deep-dive (or design) steps; L7 adds strategy."""
    dims: list[Dimension] = []
    type_info = next((t for t in framework.question_types if t.id == question.question_type), None)
    if type_info:
        factor = spec["success_factors"][type_info.success_factor]
        dims.append(
            Dimension(
                id=f"success-factor-{_slug(type_info.success_factor)}",
                name=type_info.success_factor,
                kind="success_factor",
                **factor,
            )
        )
    principles = {p.id: p for p in framework.leadership_principles}
    for lp in question.leadership_principles:
        info = principles[lp]
        dims.append(
            Dimension(
                id=f"lp-{_slug(info.name)}",
                name=info.name,
                kind="leadership_principle",
                description=spec["principle"]["description"].format(name=info.name, summary=info.summary),
                signal=f"principle:{lp.value}",
                improvement=spec["principle"]["improvement"].format(name=info.name),
                stronger=spec["principle"]["stronger"].format(name=info.name),
            )
        )
    pattern = spec["success_pattern"]
    dims.append(
        Dimension(
            id="success-pattern",
            name=pattern["name"],
            kind="success_pattern",
            description=pattern["description"].format(pattern=question.success_pattern),
            signal="pattern",
            improvement=pattern["improvement"].format(pattern=question.success_pattern),
            stronger=pattern["stronger"].format(pattern=question.success_pattern),
        )
    )
    section, kind = (
        ("system_design", "system_design")
        if question.category == Category.SYSTEM_DESIGN
        else ("deep_dive", "deep_dive")
    )
    for key, item in spec[section].items():
        dims.append(Dimension(id=_slug(key), kind=kind, **item))
    if Level.L7 in question.levels and (follow_ups := strategic_follow_ups(question)):
        strategic = dict(spec["strategic"])
        strategic["description"] = strategic["description"].format(follow_ups="; ".join(follow_ups[:3]))
        dims.append(Dimension(id="strategic-depth", kind="strategic", **strategic))
    return dims
