"""The story bank's pure parts: suggestions from an answer's assessment, coverage, stories told twice, and
recognising a story retold."""

from __future__ import annotations

from app.bank.loader import load_bank
from app.content import load_content
from app.practice.same_story import fingerprint, shared
from app.practice.spec import load_practice
from app.practice.stories import (
    Banked,
    LoopTelling,
    coverage,
    practising,
    suggest_numbers,
    suggest_principles,
    told_twice,
)
from tests.utils.answers import STRONG_STORY, VAGUE_STORY
from tests.utils.transcripts import after

BANK = load_bank()
PRACTICE = load_practice(BANK)
STOPWORDS = load_content().lexicon.stopwords
QUESTION = BANK.questions["own-complex-project-end-to-end"]


def assessments(answers: list[str]):
    turns = after(QUESTION, *answers, probes=["role", "metrics", "alternatives", "learning"])
    return [t.assessment for t in turns if t.role == "candidate" and t.assessment]


def test_a_specific_answer_suggests_the_principles_it_shows_and_its_numbers() -> None:
    text = "\n".join(STRONG_STORY)
    principles = suggest_principles(BANK.framework, QUESTION, text, assessments(STRONG_STORY))
    assert "ownership" in principles and "deliver_results" in principles
    assert len(principles) <= 5
    numbers = suggest_numbers(assessments(STRONG_STORY))
    assert any("4%" in n for n in numbers) and any("800ms" in n for n in numbers)


def test_a_vague_answer_suggests_no_more_than_the_questions_principles_and_no_numbers() -> None:
    principles = suggest_principles(BANK.framework, QUESTION, "\n".join(VAGUE_STORY), assessments(VAGUE_STORY))
    assert principles and set(principles) <= {p.value for p in QUESTION.leadership_principles}
    assert suggest_numbers(assessments(VAGUE_STORY)) == []


def test_with_no_evidence_at_all_the_questions_principles_are_suggested() -> None:
    principles = suggest_principles(BANK.framework, QUESTION, "It was fine.", [])
    assert principles == [p.value for p in QUESTION.leadership_principles]


def test_practising_a_story_makes_it_the_context_the_opening_refers_to() -> None:
    question, opening = practising(QUESTION, "Checkout latency", STRONG_STORY[0], PRACTICE.wording.stories)
    assert question.id == QUESTION.id and question.context and STRONG_STORY[0] in question.context
    assert opening.startswith(QUESTION.text) and "Checkout latency" in opening


def test_coverage_lists_principles_without_a_story_or_with_one() -> None:
    stories = [
        Banked("a", "x", ("ownership", "dive_deep"), ("4%",)),
        Banked("b", "y", ("ownership",), ()),
    ]
    result = coverage(BANK.framework, stories, [])
    rows = {r.id: r.stories for r in result.principles}
    assert rows["ownership"] == ["a", "b"] and rows["dive_deep"] == ["a"]
    assert "dive_deep" in result.single_story and "ownership" not in result.single_story
    assert "frugality" in result.without_story and "ownership" not in result.without_story
    assert len(result.without_story) == 14
    assert result.lacking_numbers == ["b"]


def test_a_story_told_in_two_rounds_of_one_loop_is_overused() -> None:
    story = Banked("s", "\n".join(STRONG_STORY), ("ownership",), ("4%",))
    tellings = [
        LoopTelling("loop1", 0, "Hiring Manager Round", "\n".join(STRONG_STORY[:3])),
        LoopTelling("loop1", 1, "Bar Raiser Round", "\n".join(VAGUE_STORY)),
        LoopTelling("loop1", 2, "Peer Manager Round", STRONG_STORY[0] + " " + STRONG_STORY[3]),
        LoopTelling("loop2", 0, "Hiring Manager Round", "\n".join(STRONG_STORY)),
    ]
    (found,) = told_twice([story], tellings, STOPWORDS)
    assert (found.story_id, found.loop_id, found.rounds) == (
        "s",
        "loop1",
        ["Hiring Manager Round", "Peer Manager Round"],
    )


def test_a_retold_story_is_recognised_by_its_numbers_and_its_words() -> None:
    original = fingerprint("\n".join(STRONG_STORY), STOPWORDS)
    paraphrase = fingerprint(
        "Back in 2023 checkout failed for 4 percent of orders; a synchronous fraud call added 800 ms at p99.", STOPWORDS
    )
    assert shared(original, paraphrase, STOPWORDS) == "the same numbers: 4%, 800ms"
    same_words = fingerprint("\n".join(VAGUE_STORY), STOPWORDS)
    assert (shared(same_words, same_words, STOPWORDS) or "").startswith("the same words:")
    assert shared(original, same_words, STOPWORDS) is None


def test_years_and_small_counts_do_not_make_two_stories_one() -> None:
    a = fingerprint("In 2023 I led 3 teams through a migration of the billing system.", STOPWORDS)
    b = fingerprint("In 2023 I hired 3 engineers to build an onboarding programme for new managers.", STOPWORDS)
    assert shared(a, b, STOPWORDS) is None
