"""Debriefs, the story bank and a whole identity's data as readable Markdown. Ratings are words, never
colours or symbols alone, so the tables read the same printed, in a terminal or to a screen reader."""

from __future__ import annotations

from collections.abc import Sequence

from app.coaching.schemas import ExportPublic, LoopPublic, StoriesPublic, StoryPublic
from app.content import ProbeVocabulary
from app.domain.debrief import DebriefData, Rating
from app.interviews.transcript import render

RATING_WORDS: dict[Rating, str] = {"strong": "strong", "weak": "weak", "none": "-", "red_flagged": "RED FLAG"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def debrief_markdown(loop: LoopPublic, debrief: DebriefData) -> str:
    decision = debrief.decision or "no decision (no round could be scored)"
    lines = [
        f"# Loop debrief ({loop.level})",
        "",
        f"- Loop: `{loop.id}`",
        f"- Decision: **{decision}**, level **{debrief.level_verdict or 'none'}** (interviewed at {loop.level})",
        f"- Rounds: {loop.rounds_done} of {len(loop.rounds)} done" + (" (ended early)" if loop.ended_early else ""),
        f"- Reasons written by: {debrief.writer}" + (f" ({debrief.model})" if debrief.model else ""),
        "",
        "## Reasons",
        "",
        *(f"- {reason}" for reason in debrief.reasons),
        "",
        "## Votes",
        "",
        "| Round | Vote | Strongest evidence | Biggest concern |",
        "|---|---|---|---|",
    ]
    for r in debrief.rounds:
        best = r.strongest_evidence
        evidence = f'{best.dimension} ({best.score}/4): "{best.quote}"' if best else "-"
        lines.append(
            f"| {_cell(r.name)} | {r.vote or 'no vote'} | {_cell(evidence)} | {_cell(r.biggest_concern or '-')} |"
        )
    names = [r.name for r in debrief.rounds]
    lines += [
        "",
        "## Leadership principles by round",
        "",
        f"| Principle | {' | '.join(_cell(n) for n in names)} | Loop |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for row in debrief.principles:
        cells = " | ".join(RATING_WORDS[c.rating] for c in row.cells)
        lines.append(f"| {_cell(row.name)} | {cells} | {RATING_WORDS[row.best]} |")
    if debrief.repeated_stories:
        lines += ["", "## The same story, told in more than one round", ""]
        lines += [f"- {', '.join(s.rounds)}: {s.evidence}" for s in debrief.repeated_stories]
    lines += ["", "## What would most change the outcome", ""]
    lines += [f"{i}. {change}" for i, change in enumerate(debrief.changes, 1)] or ["Nothing stands out."]
    if debrief.notes:
        lines += ["", "## Notes", "", *(f"- {note}" for note in debrief.notes)]
    return "\n".join(lines).rstrip() + "\n"


def story_markdown(story: StoryPublic, principle_names: dict[str, str]) -> list[str]:
    principles = ", ".join(principle_names.get(p, p) for p in story.principles) or "none tagged"
    lines = [f"### {story.title}", "", f"- Principles: {principles}"]
    lines.append("- Numbers: " + ("; ".join(story.numbers) if story.numbers else "none yet"))
    lines += ["", *(f"> {line}" if line else ">" for line in story.text.splitlines()), ""]
    return lines


def stories_markdown(bank: StoriesPublic, principle_names: dict[str, str]) -> str:
    lines = ["# Story bank", ""]
    for story in bank.data:
        lines += story_markdown(story, principle_names)
    coverage = bank.coverage

    def named(ids: Sequence[str]) -> str:
        return ", ".join(principle_names.get(i, i) for i in ids) or "none"

    titles = {s.id: s.title for s in bank.data}
    lines += [
        "## Coverage",
        "",
        f"- Principles without a story: {named(coverage.without_story)}",
        f"- Principles with only one story: {named(coverage.single_story)}",
        "- Stories without numbers: " + (", ".join(titles[i] for i in coverage.lacking_numbers) or "none"),
    ]
    lines += [
        f"- Told in two rounds of one loop: {titles[o.story_id]} ({', '.join(o.rounds)})" for o in coverage.overused
    ]
    return "\n".join(lines).rstrip() + "\n"


def export_markdown(data: ExportPublic, probes: ProbeVocabulary, principle_names: dict[str, str]) -> str:
    """Every loop's debrief, every interview's transcript and every story, in one document."""
    lines = [
        "# Mock interviewer: all your data",
        "",
        f"Exported {data.exported_at.isoformat(timespec='seconds')}: {len(data.interviews)} interview(s), "
        f"{len(data.loops)} loop(s), {len(data.stories)} story(ies).",
        "",
    ]
    lines += [
        f"- Loop `{item.loop.id}` ({item.loop.level}): in progress, {item.loop.rounds_done} of "
        f"{len(item.loop.rounds)} rounds done"
        for item in data.loops
        if item.debrief is None
    ]
    parts = ["\n".join(lines)]
    parts += [debrief_markdown(item.loop, item.debrief) for item in data.loops if item.debrief]
    parts += [render(interview, probes) for interview in data.interviews]
    if data.stories:
        stories = ["# Stories", ""]
        for story in data.stories:
            stories += story_markdown(story, principle_names)
        parts.append("\n".join(stories))
    return "\n---\n\n".join(part.rstrip() + "\n" for part in parts)
