"""How a design answer is read: the parts it shows (never in a negation or a question), the questions it
puts to the interviewer, and which of its clauses commit to something."""

from __future__ import annotations

from app.bank.loader import load_bank
from app.content import load_content
from app.design.reading import DesignReader, with_design_parts
from app.domain.assessment import AnswerAssessment
from app.domain.dialogue import Turn

SPEC = load_content().design
READER = DesignReader(SPEC)
BANK = load_bank()


def test_each_part_is_read_from_what_the_clause_says() -> None:
    read = READER.read(
        "Bookings land in a Postgres table keyed by booking_id. The gateway sends each request to the booking "
        "service over gRPC. If the primary fails, a standby takes over within 30 seconds."
    )
    assert read.gives("data_model") and read.gives("high_level") and read.gives("failures")
    assert not read.gives("cost") and not read.gives("strategy")


def test_a_negated_part_gives_nothing() -> None:
    read = READER.read("I haven't thought about failover yet. There is no cache in front of it.")
    assert not read.gives("failures")
    assert not read.gives("scaling")


def test_a_part_disowned_just_after_it_is_named_gives_nothing() -> None:
    for text in (
        "Cost I haven't really thought about.",
        "Caching, to be honest, we have not decided on yet.",
        "The failover story I'm not sure about.",
    ):
        read = READER.read(text)
        assert not read.gives("cost") and not read.gives("scaling") and not read.gives("failures"), text
    kept = READER.read("We don't know the load yet, so I assume 10k writes per second at peak.")
    assert kept.gives("estimation")


def test_estimates_are_rates_and_sizes_not_restated_requirements() -> None:
    restated = READER.read("So we have 30 million listeners a day in 12 countries.")
    derived = READER.read(
        "30 million listeners at 40 plays each is 1.2 billion plays a day, about 14,000 plays a second on "
        "average; at 3 KB per play event that is 3.6 TB a day."
    )
    assert restated.rates + restated.sizes == 0
    assert derived.rates >= 1 and derived.sizes >= 1
    assert READER.read("There are 40 teams running it today.").rates == 0


def test_questions_for_the_interviewer_are_told_from_thinking_aloud() -> None:
    read = READER.read(
        "Roughly how many listeners are we talking about? And is offline playback in scope?\n\n"
        "Where does it break? The catalogue service is the first to run hot, so I'd cache it.\n\n"
        "If I had to guess, maybe 5,000 plays a second? Shall I go into the data model next?"
    )
    assert read.questions == (
        "Roughly how many listeners are we talking about?",
        "And is offline playback in scope?",
    )  # not where it breaks (asked and answered), not the guess, not where to go next


def test_a_question_shows_nothing_but_the_requirements_being_clarified() -> None:
    read = READER.read("Do we need 5,000 writes a second, or 50,000, and should it fail over across regions?")
    assert read.questions and not read.gives("estimation") and not read.gives("failures")
    notes = READER.satisfied(read, strategic=False)
    assert [s.step for s in notes] == ["requirements"]


def test_a_clause_commits_with_a_number_or_a_reason_never_with_a_vague_promise() -> None:
    read = READER.read(
        "Sessions live in Redis with a 30 minute TTL. "
        "We shard the orders table by customer_id because one shard cannot take the write rate. "
        "Everything would be sharded and replicated appropriately, with caching where needed."
    )
    assert any("30 minute" in q for q in read.specific)
    assert any("because one shard" in q for q in read.specific)
    assert not any("Everything" in q for q in read.specific)


def test_asking_to_move_on_is_read() -> None:
    assert READER.read("Let's move on, I think the estimates are enough.").moves_on
    assert not READER.read("We move the data on to cold storage after 30 days.").moves_on


def test_a_design_answer_is_annotated_with_its_parts_and_is_no_non_answer() -> None:
    question = BANK.questions["design-ride-sharing-service"]
    text = "Trips go into DynamoDB keyed by trip_id, and the location index is sharded by city."
    turns = [Turn("interviewer", question.text, phase="requirements"), Turn("candidate", text)]
    read = with_design_parts(SPEC, question, turns, AnswerAssessment(dodge="non_answer", dodge_quote=text))
    assert read.dodge is None
    assert {"data_model", "scaling"} <= {s.step for s in read.satisfied}
    assert all(s.quote in text for s in read.satisfied)


def test_strategy_counts_only_in_a_reply_to_a_strategic_question() -> None:
    question = BANK.questions["design-aws-s3-from-scratch"]
    text = "I'd price storage per GB-month with a margin that funds year two, and buy the HSMs from a vendor."
    for phase, expected in (("deep_dive", False), ("strategy", True)):
        turns = [Turn("interviewer", "?", probe="x", phase=phase), Turn("candidate", text)]
        read = with_design_parts(SPEC, question, turns, AnswerAssessment())
        assert any(s.step == "strategy" for s in read.satisfied) is expected, phase


def test_a_behavioural_answer_is_left_as_the_story_reading_made_it() -> None:
    question = BANK.questions["own-complex-project-end-to-end"]
    story = AnswerAssessment(dodge="non_answer")
    turns = [Turn("interviewer", question.text), Turn("candidate", "We sharded the orders table by customer.")]
    assert with_design_parts(SPEC, question, turns, story) is story


def test_notes_sent_with_an_answer_are_read_too() -> None:
    question = BANK.questions["design-ride-sharing-service"]
    notes = "- trips: DynamoDB, partition key trip_id\n- locations: Redis GEO, one key per city"
    turns = [
        Turn("interviewer", "?", probe="high_level", phase="high_level"),
        Turn("candidate", "See my notes.", notes=notes),
    ]
    read = with_design_parts(SPEC, question, turns, AnswerAssessment())
    assert any(s.step == "data_model" and s.quote in notes for s in read.satisfied)


def test_a_written_list_of_labelled_questions_is_read_as_questions() -> None:
    read = READER.read(
        "Before designing, a few questions.\n\n1. Scale target: are we designing for day one or for today's "
        "traffic?\n2. Consistency: should a read after a write always see it?\n3. Storage classes: do we need "
        "cold tiers?"
    )
    assert len(read.questions) == 3 and read.questions[0].startswith("Scale target:")
    assert not READER.read("The key insight: use a queue here. What breaks first is the index.").questions
