"""The lexicon of ``prompts/reading.yaml`` compiled once into the patterns the reader uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.content import Lexicon

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def words(entries: Iterable[str]) -> re.Pattern[str]:
    """Any entry, as whole words: not inside another word on either side (entries may end in '.')."""
    body = "|".join(f"(?:{e})" for e in sorted(entries, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{body})(?![\w’])", re.IGNORECASE)


def tokens(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Patterns:
    negation: re.Pattern[str]
    habitual: re.Pattern[str]
    platitude: re.Pattern[str]
    hedge: re.Pattern[str]
    deflection: re.Pattern[str]
    first_person_verb: re.Pattern[str]
    we_verb: re.Pattern[str]
    their_verb: re.Pattern[str]
    decision: re.Pattern[str]
    my_decision: re.Pattern[str]
    other_decision: re.Pattern[str]
    other_actor: re.Pattern[str]
    contrast: re.Pattern[str]
    counted_options: re.Pattern[str]
    option_cue: re.Pattern[str]
    category: re.Pattern[str]
    result: re.Pattern[str]
    lesson: re.Pattern[str]
    application: re.Pattern[str]
    resistance: re.Pattern[str]
    number: re.Pattern[str]
    multiplier: re.Pattern[str]
    change: re.Pattern[str]
    duration: re.Pattern[str]
    people: re.Pattern[str]
    teams: re.Pattern[str]
    scope: dict[str, re.Pattern[str]]
    horizon: dict[str, re.Pattern[str]]
    mechanism: re.Pattern[str]
    mechanism_cue: re.Pattern[str]
    minimiser: re.Pattern[str]
    senior: re.Pattern[str]
    question_start: re.Pattern[str]
    correction: re.Pattern[str]
    metric_word: re.Pattern[str]
    buzzword: re.Pattern[str]
    vague_amount: re.Pattern[str]
    vague_outcome: re.Pattern[str]
    stopwords: frozenset[str]
    generic: frozenset[str]
    non_action: frozenset[str]
    umbrella: frozenset[str]
    irregular_past: frozenset[str]
    abstract: frozenset[str]


def compile_lexicon(lex: Lexicon) -> Patterns:
    adverbs = "|".join(lex.adverbs)
    # "I" (or "my manager and I"), optionally an adverb or two, then the verb.
    # "I did start" is emphatic: the verb is the one after "did".
    first_person_verb = re.compile(
        rf"(?<![\w'’])I(?:[’']m)?\s+(?:(?:{adverbs})[,]?\s+){{0,2}}(?:did\s+(?=(?!not\b)[a-z]))?([A-Za-z][a-z'’-]+)",
        re.IGNORECASE,
    )
    we_verb = re.compile(rf"(?<![\w'’])we\s+(?:(?:{adverbs})\s+){{0,2}}([A-Za-z][a-z'’-]+)", re.IGNORECASE)
    decision_verbs = "|".join(lex.decision_verbs)
    decision_nouns = "|".join(lex.decision_nouns)
    others = "|".join(lex.other_actors)
    number_words = "|".join(sorted(lex.number_words, key=len, reverse=True))
    number = re.compile(
        rf"(?<![\w:/.])(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent\b|k\b|m\b|bn\b|b\b))?(?![:\d])"
        rf"|(?<![\w'’])(?:a\s+(?=hundred|thousand|million|billion))?(?:{number_words})"
        rf"(?:(?:[\s-]|\s+and\s+)(?:{number_words}))*(?:\s?(?:%|percent))?(?![\w'’])",
        re.IGNORECASE,
    )
    return Patterns(
        negation=words(lex.negation),
        habitual=words(lex.habitual),
        platitude=words(lex.platitudes),
        hedge=words(lex.hedges),
        deflection=words(lex.deflections),
        first_person_verb=first_person_verb,
        we_verb=we_verb,
        their_verb=re.compile(
            rf"(?<![\w'’])(?:{others}|[A-Z][a-z]+)\s+(?:(?:{adverbs})\s+){{0,2}}([A-Za-z][a-z'’-]+)"
            rf"|(?:was|were)\s+(?:\w+\s+)?(done|led|driven|found|written|built|designed|run)\s+by\b"
        ),
        decision=words(lex.decision_verbs),
        my_decision=re.compile(
            rf"(?<![\w'’])(?:I\s+(?:\w+\s+)?(?:{decision_verbs})"
            rf"|(?:it|that|this|the final \w+|the \w+) was my (?:{decision_nouns})"
            rf"|my (?:{decision_nouns})|I was the one who (?:\w+\s+)?(?:{decision_verbs})"
            rf"|(?:the|that|this) (?:final )?(?:decision|call|choice) (?:is|was) (?:mine|my own)"
            rf"|the \w+(?: and the \w+)? (?:was|were) (?:mine|my own|my call|my decision))",
            re.IGNORECASE,
        ),
        other_decision=re.compile(
            rf"(?<![\w'’])(?:(?:{others})\s+(?:(?!(?:are|is|am)\b)\w+\s+)?(?:{decision_verbs})"
            rf"|(?:it|that|this) was (?:really |actually |ultimately )?(?:{others})[’']s? (?:{decision_nouns})"
            rf"|(?:{decision_nouns}) (?:was|came from) (?:made by |taken by )?(?:{others}))",
            re.IGNORECASE,
        ),
        other_actor=words(lex.other_actors),
        contrast=words(lex.contrast_cues),
        counted_options=words(lex.counted_options),
        option_cue=words(lex.option_cues),
        category=words(lex.category_words),
        result=words(lex.result_cues),
        lesson=words(lex.lesson_cues),
        application=words(lex.application_cues),
        resistance=words(lex.resistance_cues),
        number=number,
        multiplier=words(lex.multipliers),
        change=words(lex.change_cues),
        duration=words(lex.durations),
        people=words(lex.people),
        teams=words(lex.teams),
        scope={level: words(entries) for level, entries in lex.scope_words.items()},
        horizon={level: words(entries) for level, entries in lex.horizon_words.items()},
        mechanism=words(lex.mechanisms),
        mechanism_cue=words(lex.mechanism_cues),
        minimiser=words(lex.minimisers),
        senior=words(lex.senior_people),
        question_start=re.compile(rf"^\s*(?:{'|'.join(lex.question_starts)})\b", re.IGNORECASE),
        correction=words(lex.corrections),
        metric_word=words(lex.metric_words),
        buzzword=words(lex.buzzwords),
        vague_amount=words(lex.vague_amounts),
        vague_outcome=words(lex.vague_outcomes),
        stopwords=frozenset(lex.stopwords),
        generic=frozenset(w for entry in lex.generic_content for w in entry.split()),
        non_action=frozenset(lex.non_action_verbs),
        umbrella=frozenset(lex.umbrella_verbs),
        irregular_past=frozenset(lex.irregular_past),
        abstract=frozenset(lex.abstract_words),
    )
