"""An interview as readable Markdown: the question, every message with its time, the scorecard."""

from __future__ import annotations

import re

from app.content import ProbeVocabulary
from app.domain.scorecard import ScorecardData
from app.interviews.markdown import escape
from app.interviews.schemas import InterviewPublic


def _quote_block(text: str) -> str:
    return "\n".join(f"> {escape(line)}" if line else ">" for line in text.splitlines() or [""])


def _fenced(text: str) -> list[str]:
    """Text as a fenced block whose fence no run of backticks inside it can close."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return [f"{fence}text", *text.splitlines(), fence]


def _escape_inline(text: str) -> str:
    return escape(text).replace("|", "\\|").replace("\n", " ")


def render(interview: InterviewPublic, probes: ProbeVocabulary) -> str:
    q = interview.question
    lines = [
        f"# Mock interview: {escape(q.text)}",
        "",
        f"- Interview: `{interview.id}`",
        f"- Level: {interview.level}",
        f"- Category: {q.category.value.replace('_', ' ')}",
        f"- Status: {interview.status.replace('_', ' ')}" + (" (ended early)" if interview.ended_early else ""),
        f"- Depth: {interview.depth} follow-ups (the rule: {interview.min_follow_ups}-{interview.max_follow_ups})",
        f"- Started: {interview.created_at.isoformat(timespec='seconds')}",
        f"- Interviewer: {interview.provider}" + (f" ({interview.model})" if interview.model else ""),
    ]
    if q.context:
        lines.append(f"- Context: {escape(q.context)}")
    if interview.phases:
        plan = ", ".join(f"{p.label} ({p.minutes} min)" for p in interview.phases)
        lines.append(f"- Phases (suggested time): {plan}")
    if interview.usage.prompt_tokens or interview.usage.completion_tokens:
        lines.append(
            f"- Tokens: {interview.usage.prompt_tokens} prompt, {interview.usage.completion_tokens} completion"
        )
    lines += ["", "## Transcript", ""]
    labels = {p.id: p for p in interview.phases}
    phase, notes = None, None
    for m in interview.messages:
        if m.phase and m.phase != phase and m.phase in labels:
            phase = m.phase
            lines += [f"### {labels[phase].label} (about {labels[phase].minutes} min)", ""]
        who = "Interviewer" if m.role == "interviewer" else "Candidate"
        stamp = m.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        probe = f" · probing {probes.label(m.probe).lower()}" if m.probe else ""
        fallback = f" · built-in follow-up ({m.fallback_reason or 'the model was not used'})" if m.fallback else ""
        lines += [f"**{who}** · {stamp}{probe}{fallback}", "", _quote_block(m.text), ""]
        if m.notes and m.notes != notes:
            notes = m.notes
            lines += ["Design notes sent with this answer:", "", *_fenced(notes), ""]
    if interview.scorecard:
        lines += scorecard_markdown(interview.scorecard)
    return "\n".join(lines).rstrip() + "\n"


def scorecard_markdown(card: ScorecardData) -> list[str]:
    lines = [
        "## Scorecard",
        "",
        f"- Recommendation: **{card.recommendation or 'not enough to score'}**",
        f"- Level verdict: **{card.level_verdict or 'none'}** (interviewed at {card.level})"
        + (f": {escape(card.level_reason)}" if card.level_reason else ""),
        f"- Overall: {card.overall_score} / 4" if card.overall_score is not None else "- Overall: not scored",
        f"- Scored by: {card.scorer}" + (f" ({card.model})" if card.model else ""),
    ]
    for flag in card.red_flags:
        quotes = " vs ".join(f'"{_escape_inline(q)}"' for q in flag.quotes)
        state = "reconciled" if flag.resolved else "unreconciled"
        lines.append(f"- Red flag ({state}): {_escape_inline(flag.about)}: {quotes}")
    lines += ["", "| Dimension | Score | Rationale | Evidence |", "|---|---|---|---|"]
    for d in card.dimensions:
        evidence = "; ".join(f'"{_escape_inline(e)}"' for e in d.evidence) or "none"
        score = d.score if d.score is not None else "not assessed"
        lines.append(f"| {_escape_inline(d.name)} | {score} | {_escape_inline(d.rationale)} | {evidence} |")
    lines += ["", "### Improvements worth most", ""]
    lines += [f"{i}. {_escape_inline(text)}" for i, text in enumerate(card.improvements, 1)]
    if card.stronger_answer:
        lines += ["", "### A stronger answer would have contained", ""]
        lines += [f"- {_escape_inline(text)}" for text in card.stronger_answer]
    if card.notes:
        lines += ["", "### Notes", ""] + [f"- {_escape_inline(n)}" for n in card.notes]
    return [*lines, ""]
