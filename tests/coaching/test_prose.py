"""A model's debrief prose, bounded by code: it can lower the decision, never raise it, and a sentence that
names another decision or quotes words the candidate never said is set aside."""

from __future__ import annotations

from app.coaching.prose import bounded
from app.domain.debrief import DebriefData, DebriefProse
from app.providers.base import DebriefWritten

ANSWERS = ["I cut checkout timeouts from 4% to 0.3% by moving the fraud check off the critical path."]


def computed(decision="No Hire") -> DebriefData:
    return DebriefData(
        loop_id="l",
        level="L6",
        ended_early=False,
        rounds=[],
        principles=[],
        decision=decision,
        level_verdict="L6",
        reasons=[
            "1 of 4 rounds voted to hire.",
            "The Bar Raiser Round voted No Hire; the bar raiser's no blocks a hire.",
        ],
        changes=[],
    )


def written(*reasons: str, decision=None) -> DebriefWritten:
    return DebriefWritten(DebriefProse(reasons=list(reasons), decision=decision), writer="openai", model="m")


def test_the_models_sentences_replace_the_vote_summary_and_the_rules_stay() -> None:
    result = bounded(
        computed(),
        written(
            'The strongest moment was "cut checkout timeouts from 4% to 0.3%" in the first round. Too little else.'
        ),
        ANSWERS,
    )
    assert result.reasons[0].startswith("The strongest moment was")
    assert result.reasons[-1] == computed().reasons[1]
    assert (result.writer, result.model, result.decision) == ("openai", "m", "No Hire")


def test_a_sentence_naming_a_higher_decision_or_an_invented_quote_is_set_aside() -> None:
    result = bounded(
        computed(),
        written(
            "This candidate is a clear Strong Hire.",
            "We should hire them anyway.",
            'They said "I tripled revenue single-handedly".',
            "The evidence stayed at one team.",
        ),
        ANSWERS,
    )
    assert result.reasons[0] == "The evidence stayed at one team."
    assert len(result.reasons) == 2
    assert any("3 sentence(s)" in n for n in result.notes)


def test_the_model_can_lower_the_decision_but_not_raise_it() -> None:
    raised = bounded(computed("No Hire"), written("The answers were thin.", decision="Strong Hire"), ANSWERS)
    assert raised.decision == "No Hire"
    lowered = bounded(computed("Hire"), written("The answers were thin.", decision="No Hire"), ANSWERS)
    assert lowered.decision == "No Hire"
    assert any("lowered the decision from Hire to No Hire" in n for n in lowered.notes)


def test_placing_the_candidate_at_l7_in_an_l6_verdict_is_set_aside_but_saying_they_are_not_is_kept() -> None:
    result = bounded(computed(), written("They operate at L7 already.", "They are not yet at L7."), ANSWERS)
    assert result.reasons[0] == "They are not yet at L7."


def test_nothing_usable_keeps_codes_reasons_and_says_why_when_the_model_failed() -> None:
    failed = DebriefWritten(DebriefProse(), writer="offline", fallback_reason="APITimeoutError")
    result = bounded(computed(), failed, ANSWERS)
    assert result.reasons == computed().reasons and result.writer == "offline"
    assert any("APITimeoutError" in n for n in result.notes)
