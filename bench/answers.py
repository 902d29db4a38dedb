"""The benchmark's own scripted candidate: answers to an ownership question, used in turn until the
interviewer closes the interview. The content only has to read like a real answer."""

from __future__ import annotations

QUESTION_ID = "own-complex-project-end-to-end"
LEVEL = "L6"

ANSWERS = (
    "Last year I owned the move of our invoicing pipeline from a nightly batch to an event-driven service. "
    "I was the senior engineer on a team of six, and the batch job was missing its four-hour window about "
    "twice a week, which delayed invoices for roughly 30,000 business customers.",
    "I wrote the design and I decided to split the work into three milestones so that each one could ship on "
    "its own. I set up the weekly review with the two partner teams that owned the ledger and the tax "
    "calculation, because both of them had to change their interfaces.",
    "We looked at scaling the batch cluster instead of rewriting it, which would have cost about 15,000 "
    "dollars a month more and only bought us a year. I chose the event-driven design rather than the bigger "
    "cluster because it removed the window altogether, even though it took two more months.",
    "The tax team pushed back hard because they had a freeze for the audit season. I met their manager, "
    "offered to build the adapter on our side, and we agreed to switch their part over after the audit.",
    "As a result invoices now go out within 5 minutes of the order closing instead of the next morning, and "
    "the missed windows dropped from eight a month to zero. Support tickets about late invoices fell by 70 "
    "percent in the first quarter.",
    "I learned to put the dependencies on one page in the first week. Next time I would run a load test on "
    "the partner interfaces before committing to a date, and I now do that in every design review I lead.",
)


def answer_text(index: int, ref: str | None = None) -> str:
    """Answer ``index`` (cycling), tagged ``(ref xxx)`` so the fake model can tell which turn asked."""
    text = ANSWERS[index % len(ANSWERS)]
    return f"{text} (ref {ref})" if ref else text
