"""Measurable signals in a candidate's words, shared by the planner (what is missing) and the offline
scorer (what is there). Pure functions over text; no I/O.

Every signal is a count of concrete markers (a number with a unit, a first-person action verb, a
named alternative), never of length, so padding an answer buys nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import reduce

_UNITS = (
    r"%|percent|x\b|ms\b|milliseconds?|seconds?|s\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|quarters?"
    r"|k\b|m\b|b\b|million|billion|thousand|hundred|users?|customers?|engineers?|people|teams?|requests?|rps|qps|tps"
    r"|transactions?|orders?|tickets?|incidents?|bugs?|defects?|services?|nines|9s|points?|pts|gb|tb|pb|mb"
    r"|dollars?|usd|servers?|hosts?|nodes?|regions?|releases?|deploy(?:s|ments)?|sprints?"
)
_NUMBER = re.compile(
    rf"(?:[$€£]\s?\d[\d,.]*\s?(?:k|m|b|million|billion)?|\b\d[\d,.]*\s?(?:{_UNITS}))"
    r"|\b(?:doubled|tripled|halved|quadrupled)\b",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(r"\d")
_SCALE = re.compile(
    r"\b\d[\d,.]*\s?(?:k|m|b|million|billion|thousand)?\s?(?:qps|rps|tps|requests?|writes?|reads?|users?|riders?"
    r"|drivers?|events?|messages?|objects?|videos?|streams?|orders?|payments?|transactions?|gb|tb|pb|eb|mb)"
    r"(?:\s?(?:/|per)\s?(?:s|sec|second|minute|min|day|hour))?"
    r"|\b(?:peak|throughput|p99|p95|p50|latency budget|back[- ]of[- ]the[- ]envelope|per second)\b",
    re.IGNORECASE,
)


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")", re.IGNORECASE)


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|my|me|myself)\b|\bI’(?:m|ve|d|ll)\b")
_WE = re.compile(r"\b(?:we|we're|we've|we'd|our|us|ourselves)\b", re.IGNORECASE)
_I_ACTION = re.compile(
    r"\bI\s+(?:personally\s+)?(?:led|drove|decided|built|wrote|designed|proposed|owned|ran|created|set|pushed"
    r"|convinced|negotiated|hired|coached|mentored|escalated|chose|made|started|organized|organised|changed|"
    r"introduced|moved|asked|met|presented|analy[sz]ed|measured|fixed|rolled|launched|shipped|took|defined|"
    r"wrote|reviewed|restructured|implemented|prototyped|championed|brought|called|paired|delegated|replaced)\b",
    re.IGNORECASE,
)
_ALTERNATIVES = _words(
    r"instead of",
    r"alternatives?",
    r"options?\b",
    r"trade-?offs?",
    r"considered",
    r"versus",
    r"vs\.?\s",
    r"rather than",
    r"pros and cons",
    r"weigh(?:ed|ing)?",
    r"on the other hand",
    r"compared",
    r"either\b",
    r"opted",
    r"chose\b",
    r"rejected",
    r"downside",
    r"upside",
    r"cost of",
    r"at the expense",
)
_RESULT = _words(
    r"result(?:ed|s)?",
    r"fell",
    r"went (?:down|up)",
    r"halved",
    r"doubled",
    r"outcome",
    r"as a result",
    r"reduc(?:ed|ing)",
    r"increas(?:ed|ing)",
    r"improv(?:ed|ing)",
    r"deliver(?:ed)?",
    r"launched",
    r"shipped",
    r"saved",
    r"cut\b",
    r"grew",
    r"achiev(?:ed)",
    r"led to",
    r"ended up",
    r"went from",
    r"dropped",
    r"rose",
    r"impact",
    r"succeeded",
    r"failed",
)
_LEARNING = _words(
    r"learn(?:ed|t|ing)",
    r"lessons?",
    r"in hindsight",
    r"differently",
    r"next time",
    r"taught me",
    r"realized",
    r"realised",
    r"takeaway",
    r"mistake",
    r"would have",
    r"should have",
    r"retrospect",
    r"looking back",
)
_APPLICATION = _words(
    r"at amazon",
    r"going forward",
    r"would apply",
    r"apply (?:this|that|it)",
    r"in this role",
    r"from now on",
    r"ever since",
    r"since then i",
    r"now i",
    r"today i",
    r"i still",
    r"carry (?:this|that)",
    r"in (?:a|the|your) team",
    r"here i would",
    r"i would bring",
)
_RESISTANCE = _words(
    r"push ?back",
    r"resist",
    r"skeptic",
    r"sceptic",
    r"disagre",
    r"objection",
    r"convinc",
    r"buy-?in",
    r"persuad",
    r"concerns?\b",
    r"pushed back",
    r"opposition",
    r"won (?:them|him|her) over",
)
_IMPACT = _words(
    r"long-?term",
    r"year later",
    r"months later",
    r"since then",
    r"still (?:in use|running|used)",
    r"adopted",
    r"became the (?:standard|default)",
    r"lasting",
    r"sustained",
    r"to this day",
    r"ever since",
)
_SITUATION = _words(
    r"when i was",
    r"at my (?:previous|last|current)",
    r"our team was",
    r"the (?:problem|situation|context|issue) was",
    r"we were",
    r"i joined",
    r"back in",
    r"in 20\d\d",
    r"last year",
    r"at the time",
)
_TASK = _words(
    r"my (?:job|task|goal|role|responsibility|mandate) was",
    r"i was (?:responsible|asked|tasked|accountable)",
    r"the goal was",
    r"we needed to",
    r"i needed to",
    r"i had to",
    r"the (?:ask|mandate|target) was",
)
_DATA_MODEL = _words(
    r"schema",
    r"tables?\b",
    r"data ?model",
    r"partition",
    r"shard",
    r"primary key",
    r"partition key",
    r"sort key",
    r"index(?:es|ed)?",
    r"dynamo",
    r"cassandra",
    r"postgres",
    r"mysql",
    r"sql\b",
    r"nosql",
    r"key-value",
    r"document store",
    r"blob",
    r"object store",
    r"time[- ]series",
    r"columnar",
    r"denormali",
    r"foreign key",
)
_FAILURE = _words(
    r"fail ?over",
    r"retr(?:y|ies)",
    r"replica",
    r"replicat",
    r"redundan",
    r"circuit breaker",
    r"outage",
    r"fallback",
    r"idempoten",
    r"multi-?az",
    r"availability zone",
    r"backups?",
    r"degrad",
    r"dead[- ]letter",
    r"timeouts?",
    r"health ?checks?",
    r"quorum",
    r"disaster recovery",
    r"rollback",
    r"graceful",
    r"chaos",
    r"blast radius",
)
_REQUIREMENTS = _words(
    r"requirements?",
    r"clarif",
    r"assum",
    r"non-?functional",
    r"functional",
    r"use cases?",
    r"user journey",
    r"in scope",
    r"out of scope",
    r"sla",
    r"slo",
    r"latency (?:target|budget|requirement)",
    r"consistency model",
    r"read-heavy",
    r"write-heavy",
    r"constraints?",
)
_ARCHITECTURE = _words(
    r"services?\b",
    r"apis?\b",
    r"endpoints?",
    r"gateway",
    r"queues?",
    r"cache",
    r"caching",
    r"load balanc",
    r"microservices?",
    r"components?",
    r"workers?",
    r"pub/?sub",
    r"kafka",
    r"kinesis",
    r"sqs",
    r"cdn",
    r"stream processing",
    r"batch",
    r"websockets?",
    r"event[- ]driven",
    r"orchestrat",
)
_DIPLOMACY = _words(
    r"listened",
    r"one-on-one",
    r"1:1",
    r"understand (?:their|his|her)",
    r"common ground",
    r"their perspective",
    r"respectful",
    r"privately",
    r"data",
    r"compromise",
    r"disagree and commit",
    r"committed",
    r"empath",
    r"asked (?:them|him|her) why",
    r"aligned",
    r"relationship",
)
_PROCESS = _words(
    r"process",
    r"rubric",
    r"calibrat",
    r"structured",
    r"mechanism",
    r"checkpoints?",
    r"pipeline",
    r"cadence",
    r"weekly",
    r"monthly",
    r"quarterly",
    r"review",
    r"scorecard",
    r"framework",
    r"playbook",
    r"template",
    r"written",
    r"criteria",
    r"debrief",
    r"bar raiser",
)
_VISION = _words(
    r"vision",
    r"strategy",
    r"strategic",
    r"roadmap",
    r"north star",
    r"multi-?year",
    r"long-?term",
    r"\d[- ]year",
    r"three years",
    r"five years",
    r"narrative",
    r"six-?pager",
    r"pr/?faq",
    r"milestones?",
    r"direction",
)
_STRATEGIC = _words(
    r"business case",
    r"roi\b",
    r"pricing",
    r"price",
    r"competitive",
    r"org(?:anization|anisation|anizational)?\b",
    r"team structure",
    r"headcount",
    r"build vs\.? buy",
    r"build or buy",
    r"ecosystem",
    r"market",
    r"revenue",
    r"cost model",
    r"change management",
    r"roadmap",
    r"multi-?year",
    r"strategy",
    r"investment",
)
_OWNERSHIP_NEGATIVE = _words(r"not my (?:job|call|problem)", r"they decided", r"management decided", r"i was told")


@dataclass(frozen=True)
class Signals:
    """Concrete markers in some candidate text."""

    metrics: tuple[str, ...] = ()
    scale: tuple[str, ...] = ()
    first_person: int = 0
    first_person_actions: tuple[str, ...] = ()
    we: int = 0
    alternatives: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    learning: tuple[str, ...] = ()
    application: tuple[str, ...] = ()
    resistance: tuple[str, ...] = ()
    impact: tuple[str, ...] = ()
    situation: tuple[str, ...] = ()
    task: tuple[str, ...] = ()
    data_model: tuple[str, ...] = ()
    failure_handling: tuple[str, ...] = ()
    deflection: tuple[str, ...] = ()
    words: int = 0

    def __add__(self, other: Signals) -> Signals:
        return Signals(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def owns_role(self) -> bool:
        """'We' alone hides the candidate; an 'I' with an action verb shows what they did."""
        return bool(self.first_person_actions) or (self.first_person >= 2 and self.first_person >= self.we / 3)


def _found(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """The matched words as the candidate wrote them."""
    return tuple(m.group(0).strip() for m in pattern.finditer(text))


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def signals(text: str) -> Signals:
    return Signals(
        metrics=_found(_NUMBER, text),
        scale=_found(_SCALE, text),
        first_person=_count(_FIRST_PERSON, text),
        first_person_actions=_found(_I_ACTION, text),
        we=_count(_WE, text),
        alternatives=_found(_ALTERNATIVES, text),
        results=_found(_RESULT, text),
        learning=_found(_LEARNING, text),
        application=_found(_APPLICATION, text),
        resistance=_found(_RESISTANCE, text),
        impact=_found(_IMPACT, text),
        situation=_found(_SITUATION, text),
        task=_found(_TASK, text),
        data_model=_found(_DATA_MODEL, text),
        failure_handling=_found(_FAILURE, text),
        deflection=_found(_OWNERSHIP_NEGATIVE, text),
        words=len(text.split()),
    )


def answers_signals(texts: Iterable[str]) -> Signals:
    """The signals of several answers, summed."""
    return reduce(Signals.__add__, map(signals, texts), Signals())


def has_number(text: str) -> bool:
    return bool(_ANY_NUMBER.search(text))


PATTERNS: dict[str, re.Pattern[str]] = {
    "metrics": _NUMBER,
    "scale": _SCALE,
    "role": _I_ACTION,
    "we": _WE,
    "alternatives": _ALTERNATIVES,
    "results": _RESULT,
    "impact": _IMPACT,
    "learning": _LEARNING,
    "application": _APPLICATION,
    "resistance": _RESISTANCE,
    "situation": _SITUATION,
    "task": _TASK,
    "data_model": _DATA_MODEL,
    "failure_handling": _FAILURE,
    "requirements": _REQUIREMENTS,
    "architecture": _ARCHITECTURE,
    "diplomacy": _DIPLOMACY,
    "process": _PROCESS,
    "vision": _VISION,
    "strategic": _STRATEGIC,
}


def terms_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """A principle's evidence terms as one pattern; a term matches at the start of a word."""
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)
