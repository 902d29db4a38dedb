"""Builds the dimensions a question is scored on, from the question itself and the seed's tables."""

from __future__ import annotations

from app.bank.models import Category, Framework, PrincipleInfo, Question
from app.content import ScoredDimension, ScoringSpec
from app.domain.scorecard import Dimension, DimensionKind

STRATEGIC_HEADINGS = ("strategic", "leadership", "executive", "organizational", "transformational")
# The question type whose success factor (vision clarity) shows strategic reach, as the strategic dimension does.
STRATEGIC_TYPE = "strategic_thinking"
# A principle's own evidence, in the reader's terms (framework.yaml names the offline signals that show it).
_SIGNAL_CLAIMS = {
    "role": ("action", "decision"),
    "task": ("action",),
    "alternatives": ("option",),
    "learning": ("lesson",),
    "process": ("mechanism",),
    "vision": ("horizon", "mechanism"),
    "diplomacy": ("resistance", "action"),
    "resistance": ("resistance",),
    "metrics": ("number",),
    "results": ("result", "number"),
}


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def success_factor_id(question_type: str) -> str:
    return f"success-factor-{_slug(question_type)}"


def strategic_follow_ups(question: Question) -> list[str]:
    return [f.text for f in question.follow_ups if any(h in f.heading.lower() for h in STRATEGIC_HEADINGS)]


def _dimension(id: str, kind: DimensionKind, spec: ScoredDimension, title: str, **text: str) -> Dimension:
    """A dimension from its spec, with the spec's templates ('{name}', '{pattern}') filled in."""
    return Dimension(
        id=id,
        name=title,
        kind=kind,
        description=spec.description.format(**text),
        signal=spec.signal,
        steps=tuple(spec.steps),
        claims=tuple(spec.claims),
        needs=tuple(spec.needs),
        deep=tuple(spec.deep),
        anchors=tuple(a.format(**text) for a in spec.anchors or ()),
        missing=spec.missing.format(**text),
        improvement=spec.improvement.format(**text),
        stronger=spec.stronger.format(**text),
        core=kind != "leadership_principle",
    )


def _principle(info: PrincipleInfo, spec: ScoringSpec, design: bool = False) -> Dimension:
    dim = _dimension(
        f"lp-{_slug(info.id.value)}",
        "leadership_principle",
        spec.principle,
        info.name,
        name=info.name,
        summary=info.summary,
    )
    own = tuple(kind for signal in info.evidence_signals for kind in _SIGNAL_CLAIMS.get(signal, ()))
    # A principle's own kinds of claim back it as they are; any other claim must speak of its topic. In a
    # system design round, so do the parts of a design that show the principle (scoring.yaml).
    steps = tuple(spec.design_principles.get(info.id.value, ())) if design else ()
    return dim.model_copy(
        update={
            "signal": f"principle:{info.id.value}",
            "topics": tuple(info.evidence_terms),
            "claims": own,
            "steps": steps,
        }
    )


def build_rubric(question: Question, framework: Framework, spec: ScoringSpec, level: str = "L6") -> list[Dimension]:
    """Success factor, principles, success pattern, then the deep-dive (or design) steps; an L7 interview
    adds the strategic dimension, an L6 one never does."""
    dims: list[Dimension] = []
    type_info = next((t for t in framework.question_types if t.id == question.question_type), None)
    if type_info:
        factor = spec.success_factors[type_info.id.value]
        dims.append(
            _dimension(success_factor_id(type_info.id.value), "success_factor", factor, type_info.success_factor)
        )
    principles = {p.id: p for p in framework.leadership_principles}
    design = question.category == Category.SYSTEM_DESIGN
    dims += [_principle(principles[lp], spec, design) for lp in question.leadership_principles]
    pattern = spec.design_success_pattern if design else spec.success_pattern
    dims.append(
        _dimension(
            "success-pattern",
            "success_pattern",
            pattern,
            pattern.name or "Success pattern",
            pattern=question.success_pattern,
        )
    )
    for key, item in (spec.system_design if design else spec.deep_dive).items():
        dims.append(_dimension(_slug(key), "system_design" if design else "deep_dive", item, item.name or key))
    if level == "L7":
        follow_ups = strategic_follow_ups(question)
        strategic = spec.design_strategy if design else spec.strategic
        dims.append(
            _dimension(
                "strategic-depth",
                "system_design" if design else "strategic",
                strategic,
                strategic.name or "Strategic depth",
                follow_ups=": " + "; ".join(follow_ups[:3]) if follow_ups else ".",
            )
        )
    return dims
