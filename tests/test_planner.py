"""The planner on crafted answers, read as the service reads them: gaps first, never twice, depth 3-5.
(System design rounds are planned in phases: tests/design/test_phases.py.)"""

from __future__ import annotations

import pytest

from app.bank.loader import load_bank
from app.content import load_content
from app.domain.dialogue import Bounds, Close, Probe, Turn, depth_of
from app.planner import GENERIC_PROBES, next_step
from tests.utils.transcripts import after, answered

BANK = load_bank()
PROBES = load_content().probes
STORY = BANK.questions["own-complex-project-end-to-end"]


def step(question, transcript, bounds: Bounds = Bounds()) -> Probe | Close:
    return next_step(question, transcript, BANK.framework, PROBES, bounds)


def test_we_without_i_asks_for_the_candidates_own_role() -> None:
    result = step(STORY, after(STORY, "We rebuilt the pipeline and we cut costs by 30% over 2 quarters."))
    assert isinstance(result, Probe) and result.probe == "role" and result.depth == 1
    assert "personally" in result.reason


def test_no_numbers_asks_for_metrics() -> None:
    result = step(STORY, after(STORY, "I led the rebuild of the pipeline and I decided to move it to streaming."))
    assert isinstance(result, Probe) and result.probe == "metrics"
    assert "numbers" in result.reason


def test_a_complete_answer_is_not_asked_again_for_what_it_gave() -> None:
    complete = (
        "I led the migration and I decided the rollout order. Latency fell from 900ms to 120ms and cost by 30%. "
        "We considered a rewrite versus an incremental port; the trade-off was speed against risk. "
        "I learned to load test earlier; next time I would do it first. Going forward I apply this in every review."
    )
    transcript = after(STORY, complete)
    asked: list[str] = []
    for _ in range(5):
        result = step(STORY, transcript)
        if isinstance(result, Close):
            break
        asked.append(result.probe)
        transcript = answered(STORY, [*transcript, Turn("interviewer", "?", probe=result.probe)], complete)
    assert not {"metrics", "alternatives", "learning", "application"} & set(asked)
    own = {f.id for f in STORY.follow_ups}
    assert asked[0] in own  # with the pattern covered, the question's own follow-ups come next
    assert all(p in own | {"impact", "resistance", "challenge", "role"} for p in asked)
    # The seed's drill always asks the candidate's role; an answer that claimed it is asked once, later, to check it.
    assert "role" not in asked[:2] and asked.count("role") <= 1
    assert 3 <= len(asked) <= 5


@pytest.mark.parametrize("bounds", [Bounds(3, 5), Bounds(3, 3), Bounds(4, 4), Bounds(5, 5), Bounds(3, 4)])
def test_depth_stays_within_bounds_whatever_the_answers(bounds: Bounds) -> None:
    for answer in ("ok", "We did things.", "I led it; 30% faster; we weighed options; I learned; going forward."):
        transcript = after(STORY, answer)
        follow_ups = 0
        while isinstance(result := step(STORY, transcript, bounds), Probe):
            follow_ups += 1
            assert result.depth == follow_ups
            asked = Turn("interviewer", "?", probe=result.probe, target=result.target)
            transcript = answered(STORY, [*transcript, asked], answer)
            assert follow_ups <= bounds.max_follow_ups
        assert bounds.min_follow_ups <= follow_ups <= bounds.max_follow_ups
        assert depth_of(transcript) == follow_ups
        gaps = [t.probe for t in transcript if t.probe and t.probe not in ("clarify", "challenge")]
        assert len(gaps) == len(set(gaps))  # what was asked is never asked again; a dodge may be pressed
        assert sum(1 for t in transcript if t.probe == "clarify") <= 2


def test_closes_after_the_third_only_when_the_pattern_is_covered() -> None:
    vague = after(STORY, "We did it.", "We did it.", "We did it.", "We did it.", probes=["role", "metrics", "impact"])
    assert isinstance(step(STORY, vague), Probe)  # alternatives, learning and application still missing
    covered = after(
        STORY,
        "We did it.",
        "We did it.",
        "We did it.",
        "I learned to test earlier; going forward I apply it in every design review.",
        probes=["role", "metrics", "alternatives"],
    )
    result = step(STORY, covered)
    own = {f.id for f in STORY.follow_ups}
    assert isinstance(result, Probe) and result.probe in own  # time left goes to the question's own follow-ups
    used_up = after(
        STORY,
        "We did it.",
        "We did it.",
        "We did it.",
        "I learned to test earlier; going forward I apply it in every design review.",
        probes=["role", "metrics", "alternatives", "handle-dependencies"],
    )
    assert isinstance(step(STORY, used_up), Probe)  # below the maximum, one more of its own follow-ups
    done = after(
        STORY,
        *(["We did it."] * 4),
        "I learned to test earlier; going forward I apply it in every review.",
        probes=["role", "metrics", "alternatives", "handle-dependencies", "ensure-quality"],
    )
    assert isinstance(step(STORY, done), Close)


def test_every_probe_has_a_reason_and_a_known_name() -> None:
    transcript = after(STORY, "We did it.")
    known = set(GENERIC_PROBES) | {f.id for f in STORY.follow_ups}
    while isinstance(result := step(STORY, transcript), Probe):
        assert result.probe in known and result.reason
        transcript = answered(STORY, [*transcript, Turn("interviewer", "?", probe=result.probe)], "We did it.")
