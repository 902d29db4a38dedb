"""The interviewer, offline, against scripted candidates: it probes what an answer left out, never what
it gave, presses a dodge once, puts a contradiction back, tests an L7 candidate's scope, and words
every follow-up as one plain question a person would ask.

The candidates in tests/candidates were written by people who had not read the reader's word lists;
the short scripts here are this file's own."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest

from app.config import Settings
from app.devtools.candidates import Candidate, asked_steps, follow_up_probes, load_candidates, sit
from app.interviews.context import Context, build_context
from app.interviews.schemas import InterviewPublic

pytestmark = pytest.mark.slow  # Every scripted candidate sits a whole interview.

PARTS = {"role", "metrics", "impact", "alternatives", "learning", "application"}
GAP_PROBES = PARTS | {"resistance"}
GRADED = ["graded_behavioral_a.yaml", "graded_behavioral_b.yaml"]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    path = tmp_path_factory.mktemp("interviewer") / "x.db"
    context = build_context(Settings(_env_file=None, db_path=path, database_url="", log_level="WARNING"))
    yield context
    context.db.close()


def interview(ctx: Context, candidate: Candidate) -> InterviewPublic:
    return asyncio.run(sit(ctx, candidate))


def script(question: str, opening: str, level: str = "L6", kind: str = "scripted", **replies: str) -> Candidate:
    return Candidate.model_validate(
        {
            "id": f"{kind}-{question}",
            "question": question,
            "level": level,
            "kind": kind,
            "opening": opening,
            "replies": {"default": "I'm not sure what else to add.", **replies},
        }
    )


@pytest.fixture(scope="module")
def graded(ctx: Context) -> list[tuple[Candidate, InterviewPublic]]:
    return [(c, interview(ctx, c)) for c in load_candidates(GRADED)]


def test_a_gap_the_opening_leaves_is_probed_within_two_follow_ups(
    ctx: Context, graded: list[tuple[Candidate, InterviewPublic]]
) -> None:
    probed, leaving = 0, 0
    for candidate, done in graded:
        leaves = PARTS - set(candidate.opening_gives)
        if not leaves:
            continue
        steps = asked_steps(done, ctx.bank.questions[candidate.question].follow_ups)[:2]
        first_reply = candidate.gives(follow_up_probes(done)[0]) if steps else set()
        leaving += 1
        probed += bool(steps and (steps[0] in leaves or (len(steps) > 1 and steps[1] in leaves - first_reply)))
    assert probed / leaving >= 0.85, f"{probed} of {leaving}"


def test_the_first_two_follow_ups_almost_never_ask_for_what_was_given(
    ctx: Context, graded: list[tuple[Candidate, InterviewPublic]]
) -> None:
    re_asked, gap_probes = [], 0
    for candidate, done in graded:
        probes = follow_up_probes(done)
        given = set(candidate.opening_gives)
        for i, step in enumerate(asked_steps(done, ctx.bank.questions[candidate.question].follow_ups)[:2]):
            if step in GAP_PROBES:
                gap_probes += 1
                if step in given:
                    re_asked.append((candidate.id, step))
            given |= candidate.gives(probes[i]) if i < len(probes) else set()
    assert len(re_asked) / gap_probes <= 0.05, re_asked


def test_depth_is_three_to_five_for_every_graded_candidate(graded: list[tuple[Candidate, InterviewPublic]]) -> None:
    for candidate, done in graded:
        assert 3 <= done.depth <= 5, candidate.id
        assert done.status == "completed"


DODGER = script(
    "own-complex-project-end-to-end",
    "Last year our team took over the migration of the billing system to a new ledger service. It touched "
    "four teams and we had a hard regulatory deadline in March. We shipped it a week early and it has run "
    "cleanly since.",
    role="Honestly it was a team effort, it's hard to say who did what exactly.",
    clarify="Like I said, everyone pitched in. I don't want to take credit for other people's work.",
    kind="dodging",
)


def test_a_dodge_is_pressed_once_with_the_candidates_words_and_then_left(ctx: Context) -> None:
    done = interview(ctx, DODGER)
    probes = follow_up_probes(done)
    assert probes[:3][0] == "role" and probes[1] == "clarify"
    press = next(m for m in done.messages if m.probe == "clarify")
    assert press.target and "team effort" in press.target
    assert "team effort" in press.text and press.text.endswith("?")
    assert probes[2] not in ("clarify", "role")  # the second dodge is noted; the interview moves on
    dodges = [m.assessment.dodge for m in done.messages if m.role == "candidate" and m.assessment]
    assert dodges[1:3] == ["deflection", "deflection"]


CONTRADICTOR = script(
    "turn-around-low-performing-team",
    "I inherited a team of 8 engineers that kept missing its release dates. I made the call to stop all "
    "feature work for two sprints and fix the release pipeline, and I personally rewrote the flaky "
    "integration suite.",
    metrics="With my 15 engineers focused on it, releases went from every six weeks to weekly within a quarter.",
    role="My director decided to stop the feature work; I mostly ran the retros.",
    kind="contradicting",
)


def test_a_contradiction_is_put_back_within_two_follow_ups_quoting_both(ctx: Context) -> None:
    done = interview(ctx, CONTRADICTOR)
    messages = done.messages
    first = next(i for i, m in enumerate(messages) if m.assessment and m.assessment.contradictions)
    following = [m.probe for m in messages[first + 1 :] if m.role == "interviewer" and m.probe][:2]
    assert "reconcile" in following
    reconcile = next(m for m in messages[first + 1 :] if m.probe == "reconcile")
    clash = messages[first].assessment.contradictions[0]  # type: ignore[union-attr]
    assert clash.earlier in CONTRADICTOR.opening and "15 engineers" in clash.later
    assert reconcile.target == clash.later
    assert reconcile.text.endswith("?")


L7_AT_TEAM_SCOPE = script(
    "instill-ownership-culture-across-teams",
    "On my team of six I started a weekly on-call review where whoever was on call presents the pages they "
    "got and proposes one fix. Over the next quarter our pages dropped from 40 a week to 12, and I wrote "
    "the runbook template myself.",
    level="L7",
    kind="l7_at_l6_scope",
)


def test_an_l7_answer_at_team_scope_gets_a_scope_probe(ctx: Context) -> None:
    probes = follow_up_probes(interview(ctx, L7_AT_TEAM_SCOPE))
    assert "scope" in probes[:2]


def test_the_same_answer_at_l6_gets_no_scope_probe(ctx: Context) -> None:
    at_l6 = L7_AT_TEAM_SCOPE.model_copy(update={"level": "L6", "question": "own-complex-project-end-to-end"})
    assert "scope" not in follow_up_probes(interview(ctx, at_l6))


def test_candidate_types_get_the_probes_a_bar_raiser_would_ask(ctx: Context) -> None:
    """Over the blind-written candidate types: the dodgers are pressed, an L7 answer at team scope is
    tested for scope, and a contradiction, once seen, is put back within two follow-ups."""
    for candidate in load_candidates(["types.yaml"]):
        done = interview(ctx, candidate)
        probes = follow_up_probes(done)
        if candidate.kind == "dodging":
            assert "clarify" in probes, (candidate.id, probes)
        if candidate.kind == "l7_at_l6_scope":
            assert "scope" in probes[:2], (candidate.id, probes)
        for i, message in enumerate(done.messages):
            if message.assessment and message.assessment.contradictions:
                later = [m.probe for m in done.messages[i + 1 :] if m.role == "interviewer" and m.probe][:2]
                assert "reconcile" in later or done.depth == 5, (candidate.id, probes)
                break


# --- how the offline interviewer words a follow-up -------------------------------------------------------

_HEDGES = re.compile(r'"(?:well|um|honestly|basically|i mean|hard to say|it depends)\b', re.IGNORECASE)
_NEGATED_QUOTE = re.compile(r'"[^"]*\b(?:not|never|didn\'t|don\'t|wasn\'t|no)\b[^"]*"', re.IGNORECASE)
_PRAISE = re.compile(r"\b(?:great|excellent|impressive|good answer|well done|strong example)\b", re.IGNORECASE)


def test_every_offline_follow_up_reads_like_one_question_from_a_person(
    ctx: Context, graded: list[tuple[Candidate, InterviewPublic]]
) -> None:
    for candidate, done in graded:
        answers = "\n".join(m.text for m in done.messages if m.role == "candidate")
        for message in done.messages[1:]:
            if message.role != "interviewer" or not message.probe:
                continue
            text = message.text
            assert text.endswith("?") and text.count("?") == 1, text
            assert not _PRAISE.search(text), text
            assert not _HEDGES.search(text), text
            for quote in re.findall(r'"([^"]+)"', text):
                assert quote in answers, (candidate.id, quote)  # verbatim, whole words
                assert not re.search(r"\w…|…\w", quote), quote  # never cut inside a word
                if message.probe not in ("clarify", "reconcile"):
                    assert not _NEGATED_QUOTE.search(f'"{quote}"'), text
            assert not re.fullmatch(r"[A-Z][a-z]+(?: [a-z]+){0,3}\?", text), text  # never a bare seed fragment
