"""Builds the dimensions a question is scored on, from the question itself and the seed's tables."""

from __future__ import annotations

from app.bank.models import Category, Framework, Level, Question
from app.content import ScoringSpec
from app.domain.scorecard import Dimension

STRATEGIC_HEADINGS = ("strategic", "leadership", "executive", "organizational", "transformational")
# The question type whose success factor (vision clarity) shows strategic reach, as the strategic dimension does.
STRATEGIC_TYPE = "strategic_thinking"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def success_factor_id(question_type: str) -> str:
    return f"success-factor-{_slug(question_type)}"


def strategic_follow_ups(question: Question) -> list[str]:
    return [f.text for f in question.follow_ups if any(h in f.heading.lower() for h in STRATEGIC_HEADINGS)]


def build_rubric(question: Question, framework: Framework, spec: ScoringSpec) -> list[Dimension]:
    """Success factor, principles, success pattern, then the deep-dive (or design) steps; L7 adds strategy."""
    dims: list[Dimension] = []
    type_info = next((t for t in framework.question_types if t.id == question.question_type), None)
    if type_info:
        factor = spec.success_factors[type_info.id.value]
        dims.append(
            Dimension(
                id=success_factor_id(type_info.id.value),
                name=type_info.success_factor,
                kind="success_factor",
                description=factor.description,
                signal=factor.signal,
                improvement=factor.improvement,
                stronger=factor.stronger,
            )
        )
    principles = {p.id: p for p in framework.leadership_principles}
    for lp in question.leadership_principles:
        info = principles[lp]
        dims.append(
            Dimension(
                id=f"lp-{_slug(lp.value)}",
                name=info.name,
                kind="leadership_principle",
                description=spec.principle.description.format(name=info.name, summary=info.summary),
                signal=f"principle:{lp.value}",
                improvement=spec.principle.improvement.format(name=info.name),
                stronger=spec.principle.stronger.format(name=info.name),
            )
        )
    pattern = spec.success_pattern
    dims.append(
        Dimension(
            id="success-pattern",
            name=pattern.name or "Success pattern",
            kind="success_pattern",
            description=pattern.description.format(pattern=question.success_pattern),
            signal="pattern",
            improvement=pattern.improvement.format(pattern=question.success_pattern),
            stronger=pattern.stronger.format(pattern=question.success_pattern),
        )
    )
    design = question.category == Category.SYSTEM_DESIGN
    steps = spec.system_design if design else spec.deep_dive
    for key, item in steps.items():
        dims.append(
            Dimension(
                id=_slug(key),
                name=item.name or key,
                kind="system_design" if design else "deep_dive",
                description=item.description,
                signal=item.signal,
                improvement=item.improvement,
                stronger=item.stronger,
            )
        )
    if Level.L7 in question.levels and (follow_ups := strategic_follow_ups(question)):
        strategic = spec.strategic
        dims.append(
            Dimension(
                id="strategic-depth",
                name=strategic.name or "Strategic depth",
                kind="strategic",
                description=strategic.description.format(follow_ups="; ".join(follow_ups[:3])),
                signal=strategic.signal,
                improvement=strategic.improvement,
                stronger=strategic.stronger,
            )
        )
    return dims
