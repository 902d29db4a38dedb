"""The scorecard drawn for a terminal: a verdict panel, a table of dimensions that wraps to the terminal's
width, red flags and advice. Candidate text is printed as text, never read as markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from app.domain.scorecard import ScorecardData

STYLE = {"Strong Hire": "bold green", "Hire": "green", "No Hire": "yellow", "Strong No Hire": "bold red"}


def scorer_line(card: ScorecardData) -> str:
    if card.scorer == "offline":
        return "Scored by the built-in scorer (no AI model)."
    return f"Scored by {card.scorer}" + (f" ({card.model})." if card.model else ".")


def verdict(card: ScorecardData) -> Panel:
    recommendation = card.recommendation or "Not enough to score"
    overall = f"{card.overall_score:.1f} / 4" if card.overall_score is not None else "not scored"
    lines = Text()
    lines.append("Recommendation: ").append(recommendation, style=STYLE.get(recommendation, "bold"))
    lines.append(f"\nLevel verdict: {card.level_verdict or 'not assessed'} (interviewed at {card.level})")
    lines.append(f"\nOverall: {overall}")
    if card.level_reason:
        lines.append(f"\n{card.level_reason}", style="dim")
    lines.append(f"\n{scorer_line(card)}", style="dim")
    return Panel(lines, title="Scorecard", title_align="left")


def dimensions(card: ScorecardData) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("Dimension", ratio=2)
    table.add_column("Score", justify="center", no_wrap=True)
    table.add_column("Rationale", ratio=4)
    table.add_column("Evidence from your answers", ratio=4)
    for d in card.dimensions:
        score = "not assessed" if d.score is None else f"{d.score}/4"
        evidence = "\n".join(f"“{quote}”" for quote in d.evidence) or "none"
        table.add_row(Text(d.name), Text(score), Text(d.rationale), Text(evidence))
    return table


def render_scorecard(card: ScorecardData, console: Console) -> None:
    parts: list[Panel | Table | Text] = [verdict(card)]
    for flag in card.red_flags:
        state = "reconciled" if flag.resolved else "not reconciled"
        quotes = " vs ".join(f"“{q}”" for q in flag.quotes)
        parts.append(Text(f"Red flag ({state}): your answers disagree on {flag.about}: {quotes}", style="red"))
    parts.append(dimensions(card))
    if card.improvements:
        parts.append(Text("Improvements worth most", style="bold"))
        parts += [Text(f"{i}. {text}") for i, text in enumerate(card.improvements, 1)]
    if card.stronger_answer:
        parts.append(Text("A stronger answer would have contained", style="bold"))
        parts += [Text(f"- {text}") for text in card.stronger_answer]
    parts += [Text(f"Note: {note}", style="dim") for note in card.notes]
    console.print(Group(*parts))
