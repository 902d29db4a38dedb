"""The offline interviewer's wording where a bar raiser's exact words matter."""

from __future__ import annotations

from app.bank.loader import load_bank
from app.content import load_content
from app.domain.dialogue import Probe, Turn
from app.providers.base import PhraseRequest
from app.providers.offline import offline_text

BANK = load_bank()
CONTENT = load_content()
EARLIER = "I chose the incremental strangler approach over the big rewrite"
LATER = (
    "Not mine, where I advised and the VP decided: the 20% capacity reservation for platform work across all "
    "twenty-two teams for the next three years"
)


def test_a_contradiction_is_put_back_naming_both_statements_however_long() -> None:
    question = BANK.questions["multi-year-technical-strategy"]
    step = Probe(probe="reconcile", reason="", depth=4, target=LATER, against=EARLIER, asks_for="who made the decision")
    request = PhraseRequest("i", question, "L7", BANK.framework, [Turn("interviewer", question.text)], step)
    text = offline_text(CONTENT, request)
    assert EARLIER in text and "Not mine, where I advised and the VP decided" in text
    assert "figures" not in text and text.endswith("?")


def test_a_wording_already_used_in_the_interview_is_not_used_again() -> None:
    question = BANK.questions["own-complex-project-end-to-end"]
    step = Probe(probe="alternatives", reason="", depth=3)
    opening = [Turn("interviewer", question.text)]
    first = offline_text(CONTENT, PhraseRequest("i", question, "L6", BANK.framework, opening, step))
    again = [*opening, Turn("interviewer", f"Thanks. {first}"), Turn("candidate", "We kept the old one.")]
    second = offline_text(CONTENT, PhraseRequest("i", question, "L6", BANK.framework, again, step))
    assert second != first and second in CONTENT.probes.get("alternatives").offline.plain  # type: ignore[union-attr]
