"""Scorecards made to order for the debrief's and progress's rules: the scorer is not under test there."""

from __future__ import annotations

from app.domain.scorecard import DimensionScore, LevelVerdict, Recommendation, RedFlag, ScorecardData
from app.practice.debrief import RoundTaken, Take, principle_dimension


def card(
    recommendation: Recommendation | None,
    *,
    principles: dict[str, int | None] | None = None,
    core: int = 3,
    level: LevelVerdict | None = "L6",
    flag: str | None = None,
    resolved: bool = False,
    asked_at: str = "L6",
) -> ScorecardData:
    dims = [
        DimensionScore(
            id="metrics", name="Metrics", kind="deep_dive", score=core, rationale="r", evidence=["cut p99 by 40%"]
        )
    ]
    for principle, score in (principles or {}).items():
        dims.append(
            DimensionScore(
                id=principle_dimension(principle),
                name=principle.replace("_", " ").title(),
                kind="leadership_principle",
                score=score,
                rationale="r",
                evidence=["I owned the launch"] if score and score >= 3 else [],
            )
        )
    flags = [RedFlag(about=flag, quotes=["a", "b"], resolved=resolved)] if flag else []
    return ScorecardData(
        scorer="test",
        level=asked_at,
        dimensions=dims,
        overall_score=float(core),
        recommendation=recommendation,
        level_verdict=level if recommendation else None,
        level_reason="Scope: team." if recommendation else "",
        red_flags=flags,
        improvements=[f"Advice for {recommendation}."] if recommendation else [],
        stronger_answer=[],
    )


def rounds(*votes: ScorecardData | list[ScorecardData] | None, names: tuple[str, ...] = ()) -> list[RoundTaken]:
    """One round per argument (a card, several, or None for a round with no scorecard)."""
    default = ("system_design", "hiring_manager", "bar_raiser", "peer_manager", "senior_leader")
    taken = []
    for position, cards in enumerate(votes):
        items = cards if isinstance(cards, list) else [cards]
        round_id = (names or default)[position]
        takes = tuple(Take(id=f"iv{position}-{i}", card=c) for i, c in enumerate(items))
        taken.append(RoundTaken(position, round_id, round_id.replace("_", " ").title() + " Round", takes))
    return taken
