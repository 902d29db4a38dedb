"""The signal scan and the sentence splitter on candidates' own words."""

from __future__ import annotations

from app.analysis import signals
from app.text import sentences


def test_matches_keep_the_candidates_own_spelling() -> None:
    found = signals("We weighed the Trade-Offs and I DECIDED to cut p99 by 40 MS.")
    assert found.alternatives == ("weighed", "Trade-Offs")
    assert found.metrics == ("40 MS",)
    assert found.first_person_actions == ("I DECIDED",)


def test_a_sentence_ends_at_a_stop_before_a_space_not_inside_a_number() -> None:
    """Found in review: '0.3%' and '1.9 s' were cut at their decimal points, so the offline interviewer and
    scorer quoted fragments such as '3% and p99 latency went from 1.'"""
    text = "Timeouts fell from 4% to 0.3% and p99 from 1.9 s to 700ms. We hit 99.9% uptime!\nNext year, more?"
    assert sentences(text) == [
        "Timeouts fell from 4% to 0.3% and p99 from 1.9 s to 700ms.",
        "We hit 99.9% uptime!",
        "Next year, more?",
    ]
