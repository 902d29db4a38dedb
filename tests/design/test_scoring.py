"""Design dimensions scored from the clauses that show each part of a design: verbatim, relevant, specific;
scale reasoned in numbers; strategy only where it was asked for; the success pattern checked part by part."""

from __future__ import annotations

import asyncio

from app.design import scoring
from app.interviews.service import score_transcript
from app.providers.factory import offline_provider
from app.scoring.rubric import build_rubric
from tests.design.rounds import BANK, CONTENT, GENERIC, answer_for, play
from tests.utils.transcripts import after

RIDES = BANK.questions["design-ride-sharing-service"]
S3 = BANK.questions["design-aws-s3-from-scratch"]
HANDWAVING = {
    "estimation": "It's a lot of traffic, so everything scales out horizontally and we add servers as needed.",
    "failures": "We'd make sure everything is redundant and highly available, with retries where needed.",
    "deep_dive": "I'd use a standard approach there and make sure it scales out with more nodes as needed.",
}


def handwaving(probe) -> str:
    return HANDWAVING.get(probe.probe, HANDWAVING.get(probe.phase, answer_for(probe.probe, probe.phase)))


def rubric(question, level: str = "L6"):
    return {d.id: d for d in build_rubric(question, BANK.framework, CONTENT.scoring, level)}


def scored(question, turns, dim_id: str, level: str = "L6") -> tuple[int, list[str]]:
    return scoring.score(rubric(question, level)[dim_id], question, turns)


def test_design_dimensions_are_the_rounds_parts() -> None:
    names = {d.name for d in rubric(S3, "L7").values() if d.kind == "system_design"}
    assert names == {
        "Requirements clarification",
        "Estimation",
        "High-level design",
        "Data and storage",
        "Scalability",
        "Reliability and operations",
        "Trade-offs",
        "Strategy and business judgment",
    }
    assert "Strategy and business judgment" not in {d.name for d in rubric(RIDES).values()}


def test_every_quote_is_the_candidates_own_and_shows_its_dimension() -> None:
    turns = play(RIDES, GENERIC["requirements"])
    said = " ".join(t.text for t in turns if t.role == "candidate")
    for dim_id in ("estimation", "data-storage", "reliability", "scalability"):
        score, quotes = scored(RIDES, turns, dim_id)
        assert score >= 3 and quotes, dim_id
        assert all(q in said for q in quotes)
    _, estimation = scored(RIDES, turns, "estimation")
    assert all(any(c.isdigit() for c in q) for q in estimation)


def test_scale_without_numbers_and_promises_without_mechanisms_score_low() -> None:
    vague = play(RIDES, GENERIC["requirements"], reply=handwaving)
    specific = play(RIDES, GENERIC["requirements"])
    assert scored(RIDES, vague, "estimation")[0] == 1
    assert scored(RIDES, specific, "estimation")[0] >= 3
    assert scored(RIDES, vague, "reliability")[0] <= 2 < scored(RIDES, specific, "reliability")[0]
    factor = "success-factor-system-design"
    assert scored(RIDES, vague, factor)[0] == 1 and scored(RIDES, specific, factor)[0] >= 3


def test_strategy_counts_only_in_replies_to_the_strategic_questions() -> None:
    early = {**GENERIC, "high_level": GENERIC["high_level"] + " " + GENERIC["strategy"]}

    def reply(probe) -> str:
        if probe.phase == "strategy":
            return "I'd leave pricing and the org chart to the managers."
        return early.get(probe.probe or "", answer_for(probe.probe, probe.phase))

    turns = play(S3, GENERIC["requirements"], reply=reply, level="L7")
    score, _ = scored(S3, turns, "strategic-depth", "L7")
    assert score <= 2  # named and left to others, however much strategy the architecture answer held
    answers = [t.assessment for t in turns if t.role == "candidate" and t.assessment]
    assert not scoring.design_reach(answers).l7
    full = play(S3, GENERIC["requirements"], level="L7")
    assert scored(S3, full, "strategic-depth", "L7")[0] >= 3


def test_the_success_pattern_is_checked_part_by_part() -> None:
    """Ride sharing: start with the user journey (requirements, high-level), build incrementally, show the
    operational considerations. A round that never says what ships first meets two of three parts."""
    turns = play(RIDES, GENERIC["requirements"])
    score, quotes = scored(RIDES, turns, "success-pattern")
    assert score == 3 and quotes
    staged = {
        **GENERIC,
        "high_level": GENERIC["high_level"] + " Version one runs in one region; the second adds the queue.",
    }
    richer = play(
        RIDES, GENERIC["requirements"], reply=lambda p: staged.get(p.probe or "", answer_for(p.probe, p.phase))
    )
    assert scored(RIDES, richer, "success-pattern")[0] == 4


def test_a_revised_estimate_is_not_a_contradiction() -> None:
    """Figures a story round would put back to the candidate are, in a design round, one design's many
    quantities: the load test's multiple and its rate in one breath, a figure changed with the requirements."""
    answers = (
        "We load test at 2x, 6,000 per second, before launch.",
        "Load test at 6,000 TPS, 2x the Prime Day peak, and the ledger shards double with the new market.",
    )
    story = after(BANK.questions["own-complex-project-end-to-end"], *answers, probes=("metrics",))
    design = after(BANK.questions["design-payment-processing-system"], *answers, probes=("metrics",))
    flagged = [c.about for t in story if t.assessment for c in t.assessment.contradictions]
    assert flagged == ["the figure for load test"]  # named in the candidate's words, not in stems
    assert not any(t.assessment and t.assessment.contradictions for t in design)


def test_the_scorecard_keeps_scale_reasoned_in_numbers() -> None:
    """The verified card, not only the judge's draft: numbers at every layer are what the factor asks for."""
    offline = offline_provider(CONTENT)

    def card(turns):
        closing = score_transcript(offline, BANK.framework, CONTENT.scoring, "t", RIDES, "L6", turns)
        return {d.id: d.score for d in asyncio.run(closing)[0].dimensions}

    factor = "success-factor-system-design"
    assert card(play(RIDES, GENERIC["requirements"]))[factor] >= 3
    assert (card(play(RIDES, GENERIC["requirements"], reply=handwaving))[factor] or 1) <= 2
